#!/bin/sh
# oracle.sh -- cross-check flowdump's flows with tshark's on every
# capture listed in tests/ORACLE (see oracle_check.c).
. "${srcdir:-.}/tests/lib.sh"
: "${ORACLE_CHECK:?ORACLE_CHECK must name the oracle_check binary}"

while read -r cap opts; do
	case $cap in ''|\#*) continue ;; esac
	# damaged inputs end with status 65; their flows are still checked
	"$TOOL" --name test --no-mac-key --timeout 2562047h --period -1s \
	    "$data/$cap" >"$tmp/out" 2>"$tmp/err" || true
	# shellcheck disable=SC2086
	if "$ORACLE_CHECK" $opts "$data/oracle/$cap.flows.tsv" \
	    <"$tmp/out" >"$tmp/res"; then
		ok
	else
		bad "$cap"
		cat "$tmp/res" "$tmp/err"
	fi
done <"$srcdir/tests/ORACLE"
[ "$npass" -gt 40 ] || bad "only $npass captures checked"
finish
