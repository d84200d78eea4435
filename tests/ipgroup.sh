#!/bin/sh
# ipgroup.sh -- the ip and icmp groups against tshark: for every capture
# with an oracle (testdata/oracle/FILE.ip.tsv, made by
# tests/ipgroup-oracle.py from tshark's per-packet ip.len, ipv6.plen,
# ip.ttl, ipv6.hlim, tcp.len, udp.length and icmp types and codes), each
# direction's ip_bytes, ttl_min, ttl_max, payload_bytes (TCP and UDP
# without fragments) and ICMP type/code pairs equal tshark's (flows that
# differ only in VLANs or MACs are merged, as the oracle keys on the
# innermost addresses and ports).  tests/ORACLE lists what is left out.
. "${srcdir:-.}/tests/lib.sh"

f=source.ip,source.ipv6,source.port,dest.ip,dest.ipv6,dest.port
for side in source dest; do
	f=$f,$side.ip_bytes,$side.ttl_min,$side.ttl_max,$side.payload_bytes,$side.icmp_types
done

for o in "$data"/oracle/*.ip.tsv; do
	cap=$(basename "$o" .ip.tsv)
	oracle_skip "$cap" && continue
	"$TOOL" --name test -p -1s -t 2562047h --with=ip,icmp -f csv \
	    --fields=$f "$data/$cap" >"$tmp/fd.csv" 2>/dev/null || true
	awk -F, '
	function merge(k, ipb, tmin, tmax, pay, icmp,   n, a, i) {
		if (!(k in b)) { b[k] = 0; lo[k] = 256; hi[k] = -1; p[k] = 0 }
		b[k] += ipb; p[k] += pay
		if (tmin < lo[k]) lo[k] = tmin
		if (tmax > hi[k]) hi[k] = tmax
		n = split(icmp, a, ";")
		for (i = 1; i <= n; i++) if (a[i] != "") ic[k, a[i]] = 1
	}
	FNR > 1 {
		s = $1 != "" ? $1 : $2; d = $4 != "" ? $4 : $5
		if ($7 != "") merge(s "\t" $3 "\t" d "\t" $6, $7, $8, $9, $10, $11)
		if ($12 != "") merge(d "\t" $6 "\t" s "\t" $3, $12, $13, $14, $15, $16)
	}
	END {
		for (k in b) {
			# the pairs, sorted numerically by type then code
			n = 0
			for (x in ic) {
				split(x, q, SUBSEP)
				if (q[1] != k) continue
				n++; v[n] = q[2]
			}
			for (i = 2; i <= n; i++)
				for (j = i; j > 1; j--) {
					split(v[j - 1], e1, "/"); split(v[j], e2, "/")
					if (e1[1] + 0 > e2[1] + 0 || (e1[1] + 0 == e2[1] + 0 && e1[2] + 0 > e2[2] + 0)) {
						t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
					}
				}
			l = ""
			for (i = 1; i <= n; i++) l = l (i > 1 ? "," : "") v[i]
			print k "\t" b[k] "\t" lo[k] "\t" hi[k] "\t" p[k] "\t" (l == "" ? "-" : l)
		}
	}' "$tmp/fd.csv" | sort >"$tmp/fd.tsv"
	# payload_bytes only where the oracle has it
	awk -F'\t' 'FNR == NR { pay[$1 FS $2 FS $3 FS $4] = $8; next }
	    { k = $1 FS $2 FS $3 FS $4; if ((k in pay) && pay[k] == "-") $8 = "-"
	      print }' OFS='\t' "$o" "$tmp/fd.tsv" | sort >"$tmp/fd2.tsv"
	if cmp -s "$o" "$tmp/fd2.tsv"; then ok; else
		bad "$cap: flowdump (>) and tshark (<) differ"
		diff "$o" "$tmp/fd2.tsv" | head -10
	fi
done
finish
