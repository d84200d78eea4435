#!/bin/sh
# oracle.sh -- cross-check flowdump's flows with tshark's on every
# capture listed in tests/ORACLE (see oracle_check.c).
set -eu
: "${TOOL:?TOOL must name the flowdump binary}"
: "${ORACLE_CHECK:?ORACLE_CHECK must name the oracle_check binary}"
srcdir=${srcdir:-.}
data="$srcdir/testdata"
export TZ=UTC0 LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0 fail=0
while read -r cap opts; do
	case $cap in ''|\#*) continue ;; esac
	# damaged inputs end with status 65; their flows are still checked
	"$TOOL" --name test --no-mac-key --timeout 2562047h --period -1s \
	    "$data/$cap" >"$tmp/out" 2>"$tmp/err" || true
	# shellcheck disable=SC2086
	if "$ORACLE_CHECK" $opts "$data/oracle/$cap.flows.tsv" \
	    <"$tmp/out" >"$tmp/res"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $cap"
		cat "$tmp/res" "$tmp/err"
	fi
done <"$srcdir/tests/ORACLE"
echo "oracle: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 40 ]
