#!/bin/sh
# pcapgroup.sh -- the pcap group against tshark: for every capture with
# an oracle (testdata/oracle/FILE.frames.tsv, made by
# tests/ipgroup-oracle.py --frames from tshark's frame.number), each IP
# flow's pcap.first.packet and pcap.last.packet are the first and last
# frame numbers tshark shows for its addresses and ports (flows that
# differ only in VLANs or MACs, or one flow split by a timeout, are
# merged: the least first and the greatest last), and pcap.interface is
# the interface tshark names for that frame.  The captures left out
# are those of tests/ipgroup.sh, for the same reasons.  Also: the file
# is the input's name as given, stdin is "-", and merged inputs each
# count their own records.
. "${srcdir:-.}/tests/lib.sh"

f=source.ip,source.ipv6,source.port,dest.ip,dest.ipv6,dest.port
f=$f,pcap.first.file,pcap.first.packet,pcap.last.file,pcap.last.packet

for o in "$data"/oracle/*.frames.tsv; do
	cap=$(basename "$o" .frames.tsv)
	oracle_skip "$cap" && continue
	(cd "$data" && "$TOOL" --name test -p -1s -t 2562047h --with=pcap \
	    -f csv --fields=$f "$cap") >"$tmp/fd.csv" 2>/dev/null || true
	awk -F, -v cap="$cap" 'FNR > 1 {
		s = $1 != "" ? $1 : $2; d = $4 != "" ? $4 : $5
		if (s == "" || $7 != cap || $9 != cap) next
		a = s "\t" $3; b = d "\t" $6
		k = a < b ? a "\t" b : b "\t" a
		if (!(k in lo) || $8 + 0 < lo[k]) lo[k] = $8 + 0
		if (!(k in hi) || $10 + 0 > hi[k]) hi[k] = $10 + 0
	}
	END { for (k in lo) print k "\t" lo[k] "\t" hi[k] }' "$tmp/fd.csv" |
	    sort >"$tmp/fd.tsv"
	if cmp -s "$o" "$tmp/fd.tsv"; then ok; else
		bad "$cap: flowdump (>) and tshark (<) differ"
		diff "$o" "$tmp/fd.tsv" | head -10
	fi
done

# pcap.interface: for every record of every pcapng, the interface tshark
# names for its first frame (testdata/oracle/FILE.ifnames.tsv: tshark's
# frame.number and frame.interface_name, "-" where it shows "unknown":
# the interface has no name, and flowdump writes no field)
for o in "$data"/oracle/*.ifnames.tsv; do
	cap=$(basename "$o" .ifnames.tsv)
	(cd "$data" && "$TOOL" --name test --with=pcap -f csv \
	    --fields=pcap.first.packet,pcap.interface "$cap") \
	    >"$tmp/if.csv" 2>/dev/null || true
	n=$(awk -F'\t' 'NR == FNR { name[$1] = $2; next }
	    FNR > 1 {
		split($0, c, ",")
		want = name[c[1]] == "-" ? "" : name[c[1]]
		if (c[1] == "" || !(c[1] in name) || c[2] != want) {
			print "frame " c[1] ": flowdump \"" c[2] "\", tshark \"" want "\""
			exit 1
		}
		n++
	    }
	    END { print n + 0 }' "$o" "$tmp/if.csv") || { bad "$cap: $n"; continue; }
	if [ "$n" -gt 0 ]; then ok; else bad "$cap: no record"; fi
done

# two inputs, one from stdin: names as given, each its own numbering
(cd "$data" && "$TOOL" --name test -p -1s --with=pcap -f csv \
    --fields=source.port,pcap.first.file,pcap.first.packet,pcap.last.file,pcap.last.packet \
    zeek-ticks-dns-1hr.pcap - <pb-mysql_long.pcap) >"$tmp/two.csv"
if grep -q '^62673,zeek-ticks-dns-1hr.pcap,1,zeek-ticks-dns-1hr.pcap,1$' "$tmp/two.csv" &&
    grep -q '^60137,-,1,-,32$' "$tmp/two.csv"; then ok; else
	bad "two inputs"; cat "$tmp/two.csv"; fi
finish
