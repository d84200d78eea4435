#!/bin/sh
# allfiles.sh -- every capture in testdata/ (and every input in
# tests/fuzz/regress/), with its exit status and summary counts checked:
# every record read is in exactly one count of the partition, the output
# parses, and nothing crashes; again with the field groups on.  With VALGRIND set (e.g. VALGRIND=valgrind,
# as .ci/run does), each run also goes through valgrind, which must find
# no error.  The sanitizer build runs this same script.
. "${srcdir:-.}/tests/lib.sh"

run() {
	set +e
	if [ -n "${VALGRIND:-}" ]; then
		$VALGRIND -q --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite "$TOOL" --name test \
		    --stats=json "$@" >"$tmp/out" 2>"$tmp/err"
	else
		"$TOOL" --name test --stats=json "$@" >"$tmp/out" 2>"$tmp/err"
	fi
	rc=$?
	set -e
}
stat() { sed -n "s/^{.*\"$1\":\([0-9]*\).*/\1/p" "$tmp/err"; }

while IFS='	' read -r cap want_rc want_read want_flows; do
	case $cap in ''|\#*) continue ;; esac
	run "$data/$cap"
	if [ "$rc" -ne "$want_rc" ]; then
		bad "$cap: exit $rc, want $want_rc"; cat "$tmp/err"; continue; fi
	[ "$want_read" = - ] && { ok; continue; }
	read=$(stat records_read)
	sum=0
	for c in records_in_flows records_filtered records_unsupported_link_type \
	    records_link_header_truncated records_no_flow_key \
	    records_ip_header_truncated records_ip_header_malformed \
	    records_time_out_of_range records_other_shards; do
		sum=$((sum + $(stat $c)))
	done
	if [ "$read" = "$want_read" ] && [ "$(stat records_in_flows)" = "$want_flows" ] &&
	    [ "$sum" -eq "$read" ]; then ok; else
		bad "$cap: read $read (want $want_read), in flows $(stat records_in_flows) (want $want_flows), partition $sum"
		continue
	fi
	if [ -s "$tmp/out" ] && ! "$JSONCHECK" "$tmp/out" >/dev/null; then
		bad "$cap: output is not NDJSON"; fi
	# the field groups on: the same status and summary, NDJSON still
	cp "$tmp/err" "$tmp/err0"
	run -s ecs --with=tcp,ip,icmp,pcap,stats "$data/$cap"
	if [ "$rc" -ne "$want_rc" ] || ! cmp -s "$tmp/err" "$tmp/err0"; then
		bad "$cap --with=tcp: exit $rc, summary:"; cat "$tmp/err"
	elif [ -s "$tmp/out" ] && ! "$JSONCHECK" "$tmp/out" >/dev/null; then
		bad "$cap --with=tcp: output is not NDJSON"
	else ok; fi
	# and tunnels opened: the same records read and counted in flows
	run --decap --with=tcp,ip "$data/$cap"
	if [ "$rc" -ne "$want_rc" ] || { [ "$want_read" != - ] && {
	    [ "$(stat records_read)" != "$want_read" ] ||
	    [ "$(stat records_in_flows)" != "$want_flows" ]; }; }; then
		bad "$cap --decap: exit $rc, summary:"; cat "$tmp/err"
	elif [ -s "$tmp/out" ] && ! "$JSONCHECK" "$tmp/out" >/dev/null; then
		bad "$cap --decap: output is not NDJSON"
	else ok; fi
done <"$srcdir/tests/ALLFILES"

# Inputs that once crashed or hung flowdump (from the fuzzers): any exit
# status flowdump gives on purpose will do, a crash will not.
for f in "$srcdir"/tests/fuzz/regress/*; do
	[ -f "$f" ] || continue
	for g in "" --with=tcp,ip,icmp,pcap,stats; do
		run $g "$f"
		case $rc in 0|65|66) ok ;; *) bad "$(basename "$f") $g: exit $rc"; cat "$tmp/err" ;; esac
	done
done
finish
