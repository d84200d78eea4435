#!/bin/sh
# packetbeat.sh -- Packetbeat's own flow tests (test_0060_flows.py),
# reproduced: with the timers effectively off, each pb-*.pcap gives
# exactly the flow and values of testdata/expected/packetbeat-flows.md.
. "${srcdir:-.}/tests/lib.sh"

run() { "$TOOL" --name test --timeout 24h --period -1s "$data/$1" >"$tmp/$1.json"; }

run pb-mysql_long.pcap
expect_json mysql "$tmp/pb-mysql_long.pcap.json" count=1 \
	0:final=true 0:transport=tcp \
	0:source.ip=192.168.33.1 0:source.port=60137 \
	0:source.mac=0a:00:27:00:00:00 \
	0:dest.ip=192.168.33.14 0:dest.port=3306 0:dest.mac=08:00:27:76:d7:41 \
	0:source.stats.net_packets_total=22 0:source.stats.net_bytes_total=1480 \
	0:dest.stats.net_packets_total=10 0:dest.stats.net_bytes_total=181133
# event.end > event.start
s=$(sed 's/.*"start_time":"\([^"]*\)".*/\1/' "$tmp/pb-mysql_long.pcap.json")
l=$(sed 's/.*"last_time":"\([^"]*\)".*/\1/' "$tmp/pb-mysql_long.pcap.json")
if [ "$l" \> "$s" ]; then ok; else bad "mysql: last_time $l not after $s"; fi

run pb-memcache_bin_udp_counter_ops.pcap
expect_json memcache "$tmp/pb-memcache_bin_udp_counter_ops.pcap.json" count=1 \
	0:final=true 0:transport=udp \
	0:source.ip=192.168.188.37 0:source.port=63888 \
	0:source.mac=ac:bc:32:77:41:0b \
	0:dest.ip=192.168.188.38 0:dest.port=11211 0:dest.mac=08:00:27:dd:3b:28 \
	0:source.stats.net_packets_total=3 0:source.stats.net_bytes_total=280

run pb-icmp4_ping_over_vlan.pcap
expect_json icmp4 "$tmp/pb-icmp4_ping_over_vlan.pcap.json" count=1 \
	0:final=true 0:vlan=10 0:!transport \
	0:source.ip=10.0.0.1 0:source.mac=00:00:00:00:00:01 \
	0:dest.ip=10.0.0.2 0:dest.mac=00:00:00:00:00:02 \
	0:source.stats.net_packets_total=1 0:source.stats.net_bytes_total=50 \
	0:dest.stats.net_packets_total=1 0:dest.stats.net_bytes_total=50

run pb-icmp6_ping_over_vlan.pcap
expect_json icmp6 "$tmp/pb-icmp6_ping_over_vlan.pcap.json" count=1 \
	0:final=true 0:vlan=10 \
	0:source.ipv6=::1 0:source.mac=00:00:00:00:00:01 \
	0:dest.ipv6=::2 0:dest.mac=00:00:00:00:00:02 \
	0:source.stats.net_packets_total=1 0:source.stats.net_bytes_total=70 \
	0:dest.stats.net_packets_total=1 0:dest.stats.net_bytes_total=70

run pb-802.1q-q-in-q-icmp.pcap
expect_json qinq "$tmp/pb-802.1q-q-in-q-icmp.pcap.json" count=1 \
	0:final=true 0:outer_vlan=101 0:vlan=600 \
	0:source.ip=192.168.1.1 0:source.mac=08:00:27:3d:25:4e \
	0:dest.ip=192.168.1.2 0:dest.mac=1c:af:f7:70:ed:7c \
	0:source.stats.net_packets_total=1 0:source.stats.net_bytes_total=82 \
	0:!dest.stats

# cid-beats-icmp6.pcap: Packetbeat reports 10 flows (test_community_id_icmp6)
"$TOOL" --name test --timeout 24h --period -1s "$data/cid-beats-icmp6.pcap" \
    >"$tmp/icmp6.json"
expect_json beats-icmp6 "$tmp/icmp6.json" count=10 \
	0:source.ipv6=fe80::200:86ff:fe05:80da \
	0:dest.ipv6=fe80::260:97ff:fe07:69ea \
	1:source.ipv6=3ffe:507:0:1:260:97ff:fe07:69ea \
	6:dest.ipv6=ff02::2 7:dest.ipv6=ff02::1 9:dest.ipv6=ff02::1:ff07:69ea
"$TOOL" --name test --timeout 24h --period -1s "$data/cid-beats-icmp.pcap" \
    >"$tmp/icmp.json"
expect_json beats-icmp "$tmp/icmp.json" count=1 0:source.ip=192.168.0.89 \
	0:dest.ip=192.168.0.1
# cid-tcp.pcap: asymmetric MACs give two one-way flows (test_community_id_ipv4_tcp)
"$TOOL" --name test --timeout 24h --period -1s "$data/cid-tcp.pcap" >"$tmp/tcp.json"
expect_json beats-tcp "$tmp/tcp.json" count=2 0:!dest.stats 1:!dest.stats \
	0:source.ip=128.232.110.120 1:source.ip=66.35.250.204
"$TOOL" --name test --no-mac-key --timeout 24h --period -1s "$data/cid-tcp.pcap" \
    >"$tmp/tcp.json"
expect_json beats-tcp-nomac "$tmp/tcp.json" count=1 0:!source.mac \
	0:source.ip=128.232.110.120 0:source.port=34855 0:dest.port=80

# The same five tests on the ECS schema, field by field as
# test_0060_flows.py checks them (MACs as Packetbeat 8.4+ writes them).
ecs() { "$TOOL" --name test -s ecs --timeout 24h --period -1s "$data/$1" >"$tmp/$1.ecs"; }
ecs pb-mysql_long.pcap
expect_json ecs-mysql "$tmp/pb-mysql_long.pcap.ecs" count=1 \
	0:flow.final=true 0:network.transport=tcp 0:network.type=ipv4 \
	0:source.ip=192.168.33.1 0:source.port=60137 0:source.mac=0A-00-27-00-00-00 \
	0:destination.ip=192.168.33.14 0:destination.port=3306 \
	0:destination.mac=08-00-27-76-D7-41 \
	0:source.packets=22 0:source.bytes=1480 \
	0:destination.packets=10 0:destination.bytes=181133 \
	0:network.packets=32 0:network.bytes=182613 \
	0:event.duration=7841000 0:event.start=2015-06-05T20:30:41.428522000Z \
	0:event.end=2015-06-05T20:30:41.436363000Z \
	0:event.type=connection\;end 0:event.kind=event 0:event.category=network \
	0:event.action=network_flow 0:event.dataset=flow 0:type=flow \
	0:agent.type=flowdump 0:event.reason=eof
ecs pb-memcache_bin_udp_counter_ops.pcap
expect_json ecs-memcache "$tmp/pb-memcache_bin_udp_counter_ops.pcap.ecs" count=1 \
	0:flow.final=true 0:network.transport=udp \
	0:source.ip=192.168.188.37 0:source.port=63888 0:source.mac=AC-BC-32-77-41-0B \
	0:destination.ip=192.168.188.38 0:destination.port=11211 \
	0:destination.mac=08-00-27-DD-3B-28 0:source.packets=3 0:source.bytes=280
ecs pb-icmp4_ping_over_vlan.pcap
expect_json ecs-icmp4 "$tmp/pb-icmp4_ping_over_vlan.pcap.ecs" count=1 \
	0:flow.final=true 0:flow.vlan=10 0:network.transport=icmp \
	0:source.ip=10.0.0.1 0:source.mac=00-00-00-00-00-01 \
	0:destination.ip=10.0.0.2 0:destination.mac=00-00-00-00-00-02 \
	0:source.packets=1 0:source.bytes=50 0:destination.packets=1 \
	0:destination.bytes=50
ecs pb-icmp6_ping_over_vlan.pcap
expect_json ecs-icmp6 "$tmp/pb-icmp6_ping_over_vlan.pcap.ecs" count=1 \
	0:flow.final=true 0:flow.vlan=10 0:network.type=ipv6 \
	0:network.transport=ipv6-icmp 0:source.ip=::1 0:destination.ip=::2 \
	0:source.mac=00-00-00-00-00-01 0:destination.mac=00-00-00-00-00-02 \
	0:source.packets=1 0:source.bytes=70 0:destination.packets=1 \
	0:destination.bytes=70 0:network.packets=2 0:network.bytes=140
ecs pb-802.1q-q-in-q-icmp.pcap
expect_json ecs-qinq "$tmp/pb-802.1q-q-in-q-icmp.pcap.ecs" count=1 \
	0:flow.final=true 0:flow.vlan=101\;600 \
	0:source.ip=192.168.1.1 0:source.mac=08-00-27-3D-25-4E \
	0:destination.ip=192.168.1.2 0:destination.mac=1C-AF-F7-70-ED-7C \
	0:source.packets=1 0:source.bytes=82 0:network.packets=1 \
	0:network.bytes=82 0:!destination.bytes

# Community IDs of Packetbeat's flow events (test_community_id_*).
ecs cid-beats-icmp.pcap
expect_json cid-icmp "$tmp/cid-beats-icmp.pcap.ecs" count=1 \
	0:network.community_id=1:X0snYXpgwiv9TZtqg64sgzUn6Dk=
ecs cid-beats-icmp6.pcap
expect_json cid-icmp6 "$tmp/cid-beats-icmp6.pcap.ecs" count=10 \
	0:network.community_id=1:zavyT/cezQr1fmImYCwYnMXbgck= \
	1:network.community_id=1:GpbEQrKqfWtsfsFiqg8fufoZe5Y= \
	2:network.community_id=1:bnQKq8A2r//dWnkRW2EYcMhShjc= \
	3:network.community_id=1:2ObVBgIn28oZvibYZhZMBgh7WdQ= \
	4:network.community_id=1:hLZd0XGWojozrvxqE0dWB1iM6R0= \
	5:network.community_id=1:+TW+HtLHvV1xnGhV1lv7XoJrqQg= \
	6:network.community_id=1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0= \
	7:network.community_id=1:pkvHqCL88/tg1k4cPigmZXUtL00= \
	8:network.community_id=1:jwuBy9UWZK1KUFqJV5cHdVpfrlY= \
	9:network.community_id=1:MEixa66kuz0OMvlQqnAIzP3n2xg=
ecs cid-tcp.pcap
expect_json cid-tcp "$tmp/cid-tcp.pcap.ecs" count=2 \
	'#network.community_id=1:LQU9qZlK+B5F3KDmev6m5PMibrg==2'
ecs cid-udp.pcap
expect_json cid-udp "$tmp/cid-udp.pcap.ecs" count=1 \
	'#network.community_id=1:d/FP5EW3wiY1vCndhwleRRKHowQ==1'
# another seed changes every id
"$TOOL" --name test -s ecs -p -1s --community-id-seed=1 "$data/cid-udp.pcap" >"$tmp/seed1"
expect_json cid-seed1 "$tmp/seed1" count=1 \
	'#network.community_id=1:d/FP5EW3wiY1vCndhwleRRKHowQ==0'
finish
