#!/bin/sh
# e2e.sh -- golden end-to-end tests: each line of tests/TESTLIST runs
# flowdump on a capture and compares its output with a reviewed file.
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
	set +e
	"$TOOL" --name golden $opts "$data/$input" >"$tmp/out" 2>/dev/null
	set -e
	if [ $update -eq 1 ]; then
		cp "$tmp/out" "$golden/$name.out"
		continue
	fi
	if cmp -s "$tmp/out" "$golden/$name.out"; then ok; else
		bad "$name"
		diff -u "$golden/$name.out" "$tmp/out" | head -40
	fi
done <"$srcdir/tests/TESTLIST"
finish
