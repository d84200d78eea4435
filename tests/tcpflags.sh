#!/bin/sh
# tcpflags.sh -- the tcp group's tcp_flags against tshark: for every
# capture with an oracle (testdata/oracle/FILE.tcpflags.tsv, made by
# tests/tcpflags-oracle.py from tshark's tcp.flags of each packet), the
# union of the flags each direction sent equals tshark's, direction by
# direction (flows that differ only in VLANs or MACs are merged, as
# tshark's table keys on addresses and ports).  tests/ORACLE lists the
# captures left out and why.
. "${srcdir:-.}/tests/lib.sh"

fields=source.ip,source.ipv6,source.port,dest.ip,dest.ipv6,dest.port,transport,source.tcp_flags,dest.tcp_flags

for o in "$data"/oracle/*.tcpflags.tsv; do
	cap=$(basename "$o" .tcpflags.tsv)
	case $cap in
	zeek-erspan.pcap|zeek-gre-sample.pcap) continue ;;	# tunnels
	esac
	"$TOOL" --name test -p -1s -t 2562047h --with=tcp -f csv \
	    --fields=$fields "$data/$cap" >"$tmp/fd.csv" 2>/dev/null || true
	awk -F, '
	function union(a, b,   i, r, c) {
		if (a == "") return b
		r = ""
		for (i = 1; i <= 8; i++) {
			c = substr(a, i, 1)
			if (c == ".") c = substr(b, i, 1)
			r = r c
		}
		return r
	}
	NR > 1 && $7 == "tcp" {
		s = $1 != "" ? $1 : $2; d = $4 != "" ? $4 : $5
		if ($8 != "") { k = s "\t" $3 "\t" d "\t" $6; u[k] = union(u[k], $8) }
		if ($9 != "") { k = d "\t" $6 "\t" s "\t" $3; u[k] = union(u[k], $9) }
	}
	END { for (k in u) print k "\t" u[k] }' "$tmp/fd.csv" | sort >"$tmp/fd.tsv"
	if cmp -s "$o" "$tmp/fd.tsv"; then ok; else
		bad "$cap: flowdump (>) and tshark (<) differ"
		diff "$o" "$tmp/fd.tsv" | head -20
	fi
done
finish
