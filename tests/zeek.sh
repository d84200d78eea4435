#!/bin/sh
# zeek.sh -- the tcp group against Zeek's own conn.log baselines
# (testdata/expected/zeek/, from zeek/zeek testing/btest/Baseline):
# for every TCP and UDP connection Zeek logged, the flow of the same
# addresses and ports has Zeek's conn_state, history and (TCP)
# missed_bytes, and every TCP or UDP flow has such a connection.  A flow
# whose history starts with '^' is one Zeek turned around: it is
# compared with Zeek's row as Zeek wrote it (addresses swapped, letters'
# case swapped, one-sided states mirrored back).  tests/ORACLE says which
# baselines are used and why the others are not.
. "${srcdir:-.}/tests/lib.sh"

fields=source.ip,source.ipv6,source.port,dest.ip,dest.ipv6,dest.port,transport,conn_state,history,missed_bytes

# compare CAPTURE BASELINE: flowdump's table against Zeek's conn.log
# (or against the columns a baseline cut out of it: those it has)
compare() {
	cap=$1 base=$data/expected/zeek/$2.conn.log
	"$TOOL" --name test -p -1s -t 2562047h --with=tcp -f csv \
	    --fields=$fields "$data/$cap" >"$tmp/fd.csv"
	# flowdump's rows as Zeek would write them: orig, resp, proto,
	# conn_state, history, missed_bytes
	awk -F, 'NR > 1 && ($7 == "tcp" || $7 == "udp") {
		s = $1 != "" ? $1 : $2; d = $4 != "" ? $4 : $5
		sp = $3; dp = $6; st = $8; h = $9; m = $10
		if (h == "") h = "-"
		if (m == "") m = 0
		if (substr(h, 1, 1) == "^") {
			t = s; s = d; d = t; t = sp; sp = dp; dp = t
			mir["S2"] = "S3"; mir["S3"] = "S2"; mir["RSTO"] = "RSTR"
			mir["RSTR"] = "RSTO"; mir["RSTOS0"] = "RSTRH"
			mir["RSTRH"] = "RSTOS0"; mir["SH"] = "SHR"; mir["SHR"] = "SH"
			if ($7 == "udp") { delete mir; mir["S0"] = "SHR"; mir["SHR"] = "S0" }
			if (st in mir) st = mir[st]
			out = "^"
			for (i = 2; i <= length(h); i++) {
				c = substr(h, i, 1)
				out = out (c ~ /[a-z]/ ? toupper(c) : tolower(c))
			}
			h = out
		}
		print s, sp, d, dp, $7, st, h, m
	}' "$tmp/fd.csv" >"$tmp/fd.all"
	awk -F'\t' '/^#fields/ { for (i = 2; i <= NF; i++) col[$i] = i - 1; next }
	    /^#/ { next }
	    /^ts\t/ { for (i = 1; i <= NF; i++) col[$i] = i; next }	# zeek-cut -m
	    { proto = "proto" in col ? $col["proto"] : "tcp" }
	    proto == "tcp" || proto == "udp" {
		m = "missed_bytes" in col ? (proto == "tcp" ? $col["missed_bytes"] : 0) : "*"
		st = "conn_state" in col ? $col["conn_state"] : "*"
		print $col["id.orig_h"], $col["id.orig_p"], $col["id.resp_h"],
		    $col["id.resp_p"], proto, st, $col["history"], m
	}' "$base" | sort -u >"$tmp/zeek.rows"
	# the columns the baseline lacks ("*") are left out of flowdump's too
	awk -v st="$(head -1 "$tmp/zeek.rows" | cut -d' ' -f6)" \
	    -v m="$(head -1 "$tmp/zeek.rows" | cut -d' ' -f8)" '{
		if (st == "*") $6 = "*"
		if (m == "*") $8 = "*"
		print
	}' "$tmp/fd.all" | sort -u >"$tmp/fd.rows"
	if [ -s "$tmp/zeek.rows" ] && cmp -s "$tmp/zeek.rows" "$tmp/fd.rows"; then
		ok
	else
		bad "$cap: flowdump (>) and Zeek (<) differ"
		diff "$tmp/zeek.rows" "$tmp/fd.rows" || true
	fi
}

compare zeek-mixed-vlan-mpls.pcap core.vlan-mpls
compare zeek-ftp-cwd-navigation.pcap scripts.base.protocols.ftp.cwd-navigation
compare zeek-q-in-q.pcap core.q-in-q
compare zeek-pcapng-multi-interface.pcapng core.pcapng-pktsrc
# traces of Zeek's TCP tests: flips, missing SYNs, retransmissions
compare zeek-missing-syn.pcap core.tcp.missing-syn
compare zeek-missing-syn.pcap core.history-flip
compare zeek-image-post-1080-8000-x.pcap core.local-flip
compare zeek-tcp-http-with-padding.pcap core.tcp-padding
compare zeek-http-on-irc-port-missing-syn.pcapng core.tcp.flip-without-syn
compare zeek-retransmit-fast009.pcap core.tcp.rxmit-history-1
compare zeek-wikipedia.pcap core.tcp.rxmit-history-2
compare zeek-one-sided-2745.pcap core.conn-size-flip.one-sided
compare zeek-ctu-64702-888.pcap core.conn-size-flip.ctu
finish
