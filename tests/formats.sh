#!/bin/sh
# formats.sh -- the ECS schema and CSV: every NDJSON line parses as JSON,
# every CSV file passes a strict RFC 4180 reader, CSV cells equal the
# NDJSON values, and the legacy and ECS records of a capture carry the
# same numbers.
. "${srcdir:-.}/tests/lib.sh"
: "${CSVCHECK:?CSVCHECK must name the csvcheck binary}"

fd() { "$TOOL" --name 'test, "quoted"' "$@" 2>/dev/null || true; }

for cap in pb-mysql_long.pcap zeek-ticks-dns-1hr.pcap zeek-vlan-pcp-dei.pcapng \
    zeek-ping6-in-ipv4.pcap cid-beats-icmp6.pcap zeek-q-in-q.pcap \
    ndpi-alexa-app.pcapng zeek-ipv6-fragmented-dns.pcap cid-arp.pcap; do
	for schema in legacy ecs; do
		fd -s $schema "$data/$cap" >"$tmp/j"
		fd -s $schema -f csv "$data/$cap" >"$tmp/c"
		expect_json "$cap $schema json" "$tmp/j" \
		    "count=$(wc -l <"$tmp/j" | tr -d ' ')"
		if "$CSVCHECK" "$tmp/c" >"$tmp/cc"; then ok; else
			bad "$cap $schema csv"; cat "$tmp/cc"; fi
		# every CSV cell is the NDJSON value, column by column
		cols=$(head -1 "$tmp/c")
		"$CSVCHECK" "$tmp/c" --print >"$tmp/cp"
		"$JSONCHECK" "$tmp/j" "--print=$cols" >"$tmp/jp"
		if cmp -s "$tmp/cp" "$tmp/jp"; then ok; else
			bad "$cap $schema: CSV cells differ from NDJSON"
			diff "$tmp/jp" "$tmp/cp" | head -5; fi
	done
	# the two schemas carry the same numbers, record by record
	fd -s legacy "$data/$cap" >"$tmp/l"
	fd -s ecs "$data/$cap" >"$tmp/e"
	"$JSONCHECK" "$tmp/l" "--print=@timestamp,flow_id,final,end_reason,source.port,dest.port,source.stats.net_bytes_total,source.stats.net_packets_total,dest.stats.net_bytes_total,dest.stats.net_packets_total,vlan,start_time,last_time" \
	    | sed 's/Z\t/Z\t/g' >"$tmp/lp"
	"$JSONCHECK" "$tmp/e" "--print=@timestamp,flow.id,flow.final,event.reason,source.port,destination.port,source.bytes,source.packets,destination.bytes,destination.packets,flow.vlan,event.start,event.end" \
	    | sed -E 's/(\.[0-9]{3})[0-9]{6}Z/\1Z/g; s/\t[0-9]+;([0-9]+)\t/\t\1\t/' >"$tmp/ep"
	if cmp -s "$tmp/lp" "$tmp/ep"; then ok; else
		bad "$cap: legacy and ecs numbers differ"; diff "$tmp/lp" "$tmp/ep" | head -5; fi
done

# The CSV header is written even with no records; --fields picks columns.
fd -f csv "$data/zeek-empty.pcap" >"$tmp/c"
if [ "$(wc -l <"$tmp/c")" -eq 1 ] && "$CSVCHECK" "$tmp/c" >/dev/null; then ok; else
	bad "empty capture: no lone CSV header"; fi
fd -f csv -s ecs --fields=flow.id,source.ip,network.community_id,event.type \
    "$data/cid-beats-icmp.pcap" >"$tmp/c"
if [ "$(cat "$tmp/c")" = 'flow.id,source.ip,network.community_id,event.type
EQAA////DP////////8BAAEADM4TuaAAIl8/mJHAqAABwKgAWQ,192.168.0.89,1:X0snYXpgwiv9TZtqg64sgzUn6Dk=,connection;end' ]; then ok; else
	bad "--fields"; cat "$tmp/c"; fi
expect_status fields-unknown 64 "$TOOL" -f csv -s ecs --fields=flow.id,nope "$data/zeek-empty.pcap"
expect_grep fields-unknown-msg "no field 'nope'" "$tmp/err"
# a group's field needs its group; the group's names are checked
expect_status fields-group 64 "$TOOL" -f csv --fields=flow_id,history "$data/zeek-empty.pcap"
expect_grep fields-group-msg "'history' needs --with=tcp" "$tmp/err"
expect_status with-unknown 64 "$TOOL" --with=tcp,nope "$data/zeek-empty.pcap"
expect_grep with-unknown-msg "no group 'nope'" "$tmp/err"
fd -f csv --with=tcp --with=tcp --fields=flow_id,history "$data/zeek-empty.pcap" >"$tmp/c"
if [ "$(cat "$tmp/c")" = "flow_id,history" ]; then ok; else
	bad "--with twice"; cat "$tmp/c"; fi
expect_status fields-json 64 "$TOOL" --fields=flow.id "$data/zeek-empty.pcap"
expect_status bad-format 64 "$TOOL" -f xml "$data/zeek-empty.pcap"
expect_status bad-schema 64 "$TOOL" -s ecs2 "$data/zeek-empty.pcap"
expect_status bad-seed 64 "$TOOL" --community-id-seed=65536 "$data/zeek-empty.pcap"
# --name is quoted in CSV only where RFC 4180 needs it
fd -f csv "$data/pb-mysql_long.pcap" >"$tmp/c"
expect_grep csv-name-quoted ',"test, ""quoted""","test, ""quoted""",' "$tmp/c"

# The man page documents every field of both schemas, every group's too.
for schema in legacy ecs; do
	for f in $(fd -f csv -s $schema --with=tcp,ip,icmp,pcap,stats "$data/zeek-empty.pcap" |
	    tr ',' ' '); do
		if grep -q -F "$f" "$srcdir/man/flowdump.1"; then ok; else
			bad "man page lacks $schema field $f"; fi
	done
done
finish
