#!/bin/sh
# decap.sh -- --decap against tshark: for every capture with an oracle
# (testdata/oracle/FILE.decap.tsv, made by tests/decap-oracle.py from
# tshark's dissection of each frame), the conversations flowdump finds
# inside tunnels -- keyed on the innermost tunnel's type and id and the
# innermost IP pair, transport and ports, summed over the flows that
# differ only in outer layers -- have tshark's frames and bytes each way.
# Also: without --decap the output is what it always was and the summary
# counts the tunnelled records; two tenants' identical conversations in
# two VNIs stay two flows; Community IDs are the inner tuples'.
. "${srcdir:-.}/tests/lib.sh"

f=flowdump.tunnel.type,flowdump.tunnel.id,network.type,network.transport
f=$f,source.ip,destination.ip,source.port,destination.port
f=$f,source.packets,source.bytes,destination.packets,destination.bytes

# flowdump's inner conversations of capture $1, as the oracle lists them
inner() {
	(cd "$data" && "$TOOL" --name test --decap --no-mac-key -t 2562047h \
	    -p -1s -s ecs -f csv --fields=$f "$1") 2>/dev/null |
	awk -F, 'function pick(list, v6,   n, i, a, r) {
		n = split(list, a, ";")
		for (i = 1; i <= n; i++)
			if ((index(a[i], ":") > 0) == v6)
				r = a[i]
		return r
	}
	FNR > 1 && $1 != "" {
		v6 = $3 == "ipv6"
		tr = $4 == "tcp" || $4 == "udp" ? $4 : "-"
		sp = $7 != "" ? $7 : "-"; dp = $8 != "" ? $8 : "-"
		s = pick($5, v6) ":" sp; d = pick($6, v6) ":" dp
		id = $2 != "" ? $2 : "-"
		if (s <= d) { x = s; y = d; a = $9; b = $10; c = $11; e = $12 }
		else { x = d; y = s; a = $11; b = $12; c = $9; e = $10 }
		k = $1 "\t" id "\t" (v6 ? 6 : 4) "\t" tr "\t" x "\t" y
		n1[k] += a; n2[k] += b; n3[k] += c; n4[k] += e
	}
	END { for (k in n1) print k "\t" n1[k] + 0 "\t" n2[k] + 0 "\t" \
	    n3[k] + 0 "\t" n4[k] + 0 }' | sort
}

for o in "$data"/oracle/*.decap.tsv; do
	cap=$(basename "$o" .decap.tsv)
	inner "$cap" >"$tmp/fd.tsv"
	# ICMP: flowdump names it only from the source's last message (as
	# Packetbeat does); both sides compare it as no transport
	awk -F'\t' -v OFS='\t' '$4 != "tcp" && $4 != "udp" { $4 = "-" } 1' \
	    "$o" | sort >"$tmp/oracle.tsv"
	if cmp -s "$tmp/oracle.tsv" "$tmp/fd.tsv"; then ok; else
		bad "$cap: flowdump (>) and tshark (<) differ"
		diff "$tmp/oracle.tsv" "$tmp/fd.tsv" | head -10
	fi
done

# A generated capture: two tenants' equal conversations 10.0.0.5:1000 <->
# 10.0.0.6:80 inside VXLAN between VTEPs 192.168.0.1 and .2, VNI 1 (both
# directions, mirrored the same way) and VNI 2 (one packet), and the same
# conversation outside any tunnel.
hex() { for b in "$@"; do printf "\\$(printf %o "0x$b")"; done; }
rec() { hex 00 00 00 00 00 00 00 00 "$1" 00 00 00 "$1" 00 00 00; }
tcpframe() {	# src dst: last address bytes; sport, dport: two bytes each
	hex 02 00 00 00 00 "$2" 02 00 00 00 00 "$1" 08 00
	hex 45 00 00 28 00 00 00 00 40 06 00 00 0a 00 00 "$1" 0a 00 00 "$2"
	hex $3 $4 $5 $6 00 00 00 01 00 00 00 00 50 10 01 00 00 00 00 00
}
vxlan() {	# vni, then inner's arguments
	v=$1
	shift
	rec 68
	hex 02 00 00 00 00 02 02 00 00 00 00 01 08 00
	hex 45 00 00 5a 00 00 00 00 40 11 00 00 c0 a8 00 01 c0 a8 00 02
	hex c0 00 12 b5 00 46 00 00 08 00 00 00 00 00 "$v" 00
	tcpframe "$@"
}
{
	hex d4 c3 b2 a1 02 00 04 00 00 00 00 00 00 00 00 00 ff ff 00 00 01 00 00 00
	vxlan 01 05 06 03 e8 00 50
	vxlan 01 06 05 00 50 03 e8
	vxlan 02 05 06 03 e8 00 50
	rec 36
	tcpframe 05 06 03 e8 00 50
} >"$tmp/tenants.pcap"
"$TOOL" --name test --decap -p -1s -s ecs -f csv \
    --fields=flowdump.tunnel.id,source.packets,destination.packets,network.community_id \
    "$tmp/tenants.pcap" >"$tmp/t.csv" 2>"$tmp/t.err"
sort "$tmp/t.csv" >"$tmp/t.sorted"
cid=$(awk -F, '$1 == "" && NR > 1 { print $4 }' "$tmp/t.csv")
cat >"$tmp/t.want" <<END
,1,,$cid
1,1,1,$cid
2,1,,$cid
flowdump.tunnel.id,source.packets,destination.packets,network.community_id
END
if [ -n "$cid" ] && cmp -s "$tmp/t.sorted" "$tmp/t.want"; then ok; else
	bad "two tenants: not two flows with the plain flow's Community ID"
	cat "$tmp/t.sorted" "$tmp/t.err"
fi
# the plain conversation's Community ID is the reference's for its tuple
# (check_communityid checks the algorithm against the spec's vectors)
expect_grep cid-plain "^,1,,1:" "$tmp/t.csv"
# without --decap: one UDP flow between the VTEPs, and the warning
expect_status tenants-closed 0 "$TOOL" --name test -p -1s --stats=json \
    "$tmp/tenants.pcap"
if [ "$(wc -l <"$tmp/out")" -eq 2 ]; then ok; else
	bad "without --decap: $(wc -l <"$tmp/out") flows, not 2"; fi
expect_grep tenants-warning "3 records were counted in the flows of the tunnels" "$tmp/err"
expect_grep tenants-count '"records_tunnel_closed":3' "$tmp/err"
finish
