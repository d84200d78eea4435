#!/bin/sh
# identical.sh -- output that must not change: every capture of testdata/
# in both schemas and both formats, with and without --delta,
# --no-mac-key and --period -1s, and merged and sharded runs.  Each line
# of tests/IDENTICAL holds a run's options and the SHA-256 of its
# standard output, of its standard error (with --stats=json) and its exit
# status, as a reviewed build wrote them; the sums are a tripwire: a
# change of any output byte, summary count or status fails here, and the
# reviewed goldens (e2e.sh) and the oracles say which is right.
#
#	tests/identical.sh		run the tests
#	tests/identical.sh -u FILE	write the table of this build to FILE
. "${srcdir:-.}/tests/lib.sh"

update=
[ "${1:-}" = "-u" ] && update=$2

# The option sets of each capture ("_" stands for no option).
sets='_
-s_ecs
-f_csv
-f_csv_-s_ecs
--delta_-t_5s_-p_2s
-s_ecs_--delta_-t_5s_-p_2s
-f_csv_--delta_-t_5s_-p_2s
--no-mac-key
-s_ecs_--no-mac-key
-f_csv_-s_ecs_--no-mac-key
-p_-1s
-s_ecs_-p_-1s
-f_csv_-p_-1s
-s_ecs_-p_-1s_--no-mac-key_--delta
--max-flows=2
--shard=1/2
--shard=2/2
-s_ecs_--community-id-seed=7'

sum() { sha256sum | cut -c1-16; }

# run WHAT OPTS FILE...: one line of the table for flowdump's run
run() {
	what=$1 opts=$2
	shift 2
	# shellcheck disable=SC2046
	set +e
	(cd "$data" && "$TOOL" --name golden --stats=json \
	    $(echo "$opts" | tr _ ' ') "$@") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
	echo "$what $opts $(sum <"$tmp/out") $(sum <"$tmp/err") $rc"
}

table() {
	for f in $(cd "$data" && ls -- *.pcap *.pcapng); do
		for o in $sets; do
			[ "$o" = _ ] && o=
			run "$f" "${o:-_}" "$f"
		done
	done
	# several inputs merged by time, and a read from a pipe
	run merged _ zeek-ticks-dns-1hr.pcap pb-mysql_long.pcap cid-combined.pcap
	run merged -s_ecs_-p_-1s zeek-tcp-timeout-with-pings.pcap zeek-q-in-q.pcap
	run stdin -p_-1s - <"$data/pb-mysql_long.pcap"
}

if [ -n "$update" ]; then
	table >"$update"
	exit 0
fi
table >"$tmp/now"
if cmp -s "$srcdir/tests/IDENTICAL" "$tmp/now"; then ok; else
	bad "output differs from tests/IDENTICAL (file options stdout stderr status):"
	diff "$srcdir/tests/IDENTICAL" "$tmp/now" | head -40
fi
finish
