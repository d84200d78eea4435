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
finish
