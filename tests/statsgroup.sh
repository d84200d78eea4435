#!/bin/sh
# statsgroup.sh -- the stats group against tshark: for every capture
# with an oracle (testdata/oracle/FILE.stats.tsv, made by
# tests/ipgroup-oracle.py --stats from tshark's frame.len and
# frame.time_epoch, with Python's exact integers), each direction's
# packet count, least, greatest, mean and deviation of the wire lengths
# and of the gaps between its packets equal the oracle's, digit for
# digit.  A direction is compared where one flow alone has its addresses
# and ports (the statistics of flows that differ only in VLANs or MACs
# cannot be merged).  Left out: the captures of tests/ipgroup.sh, and
# those whose timestamps tshark reads otherwise (a fraction of 1 s or
# more, times past 2038 and 2106).
. "${srcdir:-.}/tests/lib.sh"

f=source.ip,source.ipv6,source.port,dest.ip,dest.ipv6,dest.port
for s in source dest; do
	f=$f,$s.stats.net_packets_total,$s.len_min,$s.len_max,$s.len_mean
	f=$f,$s.len_stddev,$s.iat_min,$s.iat_max,$s.iat_mean,$s.iat_stddev
done

compared=0
for o in "$data"/oracle/*.stats.tsv; do
	cap=$(basename "$o" .stats.tsv)
	oracle_skip "$cap" && continue
	case $cap in
	tcpdump-timestamp_invalid_nano.pcap|tcpdump-time_2038.pcap|\
	tcpdump-time_2106_overflow.pcapng)
		continue ;;
	esac
	"$TOOL" --name test -p -1s -t 2562047h --with=stats -f csv \
	    --fields=$f "$data/$cap" >"$tmp/fd.csv" 2>/dev/null || true
	awk -F, 'FNR > 1 {
		s = $1 != "" ? $1 : $2; d = $4 != "" ? $4 : $5
		if (s == "") next
		row(s "\t" $3 "\t" d "\t" $6, 7)
		if ($16 != "") row(d "\t" $6 "\t" s "\t" $3, 16)
	}
	function row(k, i,   j, r) {
		r = k
		for (j = i; j < i + 9; j++) r = r "\t" ($j == "" ? "-" : $j)
		n[k]++
		v[k] = r
	}
	END { for (k in v) if (n[k] == 1) print v[k] }' "$tmp/fd.csv" |
	    sort >"$tmp/fd.tsv"
	# the oracle's rows of those directions
	awk -F'\t' 'FNR == NR { want[$1 FS $2 FS $3 FS $4] = 1; next }
	    ($1 FS $2 FS $3 FS $4) in want' "$tmp/fd.tsv" "$o" >"$tmp/o.tsv"
	compared=$((compared + $(wc -l <"$tmp/fd.tsv")))
	# (a capture whose every flow has a twin compares nothing)
	if cmp -s "$tmp/o.tsv" "$tmp/fd.tsv"; then
		ok
	else
		bad "$cap: flowdump (>) and tshark (<) differ"
		diff "$tmp/o.tsv" "$tmp/fd.tsv" | head -10
	fi
done

# and the directions compared were many
if [ "$compared" -gt 1000 ]; then ok; else bad "only $compared directions compared"; fi
finish
