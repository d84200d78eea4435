#!/bin/sh
# e2e.sh -- golden end-to-end tests: each line of tests/TESTLIST runs
# flowdump on a capture and compares its output with a reviewed file
# (NAME.out), and its standard error and exit status with another
# (NAME.err: what flowdump wrote on stderr, then "exit status N").
#
#	tests/e2e.sh		run the tests
#	tests/e2e.sh -u		rewrite the expected files (review the diff!)
. "${srcdir:-.}/tests/lib.sh"

update=0
[ "${1:-}" = "-u" ] && update=1
golden="$srcdir/tests/golden"

while read -r name input opts; do
	case $name in ''|\#*) continue ;; esac
	# shellcheck disable=SC2086
	# in testdata/, so that messages name the file alike in every build
	set +e
	(cd "$data" && "$TOOL" --name golden $opts "$input") >"$tmp/out" \
	    2>"$tmp/err"
	echo "exit status $?" >>"$tmp/err"
	set -e
	if [ $update -eq 1 ]; then
		cp "$tmp/out" "$golden/$name.out"
		cp "$tmp/err" "$golden/$name.err"
		continue
	fi
	for x in out err; do
		if cmp -s "$tmp/$x" "$golden/$name.$x"; then ok; else
			bad "$name.$x"
			diff -u "$golden/$name.$x" "$tmp/$x" | head -40
		fi
	done
done <"$srcdir/tests/TESTLIST"
finish
