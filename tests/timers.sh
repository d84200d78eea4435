#!/bin/sh
# timers.sh -- timeouts and periodic reports on packet time, on real
# captures with long idle gaps (the man page's "Time").
. "${srcdir:-.}/tests/lib.sh"

fd() { "$TOOL" --name test "$@"; }

# zeek-ticks-dns-1hr.pcap: ten one-packet DNS flows an hour apart, the
# first at 1989-12-12T22:00:00Z (a multiple of 10 s, so A = S).
# Defaults (30s/10s): each of the first nine flows 5 intermediate records
# (+10 .. +50 s) and a final idle one (+60 s); the last a final eof one.
fd "$data/zeek-ticks-dns-1hr.pcap" >"$tmp/ticks"
expect_json ticks-defaults "$tmp/ticks" count=55 \
	'#final=true=10' '#end_reason=idle=9' '#end_reason=eof=1' \
	'#final=false=45' \
	0:@timestamp=1989-12-12T22:00:10.000Z 0:final=false \
	4:@timestamp=1989-12-12T22:00:50.000Z 4:final=false \
	5:@timestamp=1989-12-12T22:01:00.000Z 5:end_reason=idle \
	5:last_time=1989-12-12T22:00:00.000Z \
	6:@timestamp=1989-12-12T23:00:10.000Z \
	53:@timestamp=1989-12-13T06:01:00.000Z 53:end_reason=idle \
	54:@timestamp=1989-12-13T07:00:00.000Z 54:end_reason=eof \
	54:start_time=1989-12-13T07:00:00.000Z
# Periodic reports off: tick = timeout = 30 s; 10 records.
fd --period=-1s "$data/zeek-ticks-dns-1hr.pcap" >"$tmp/ticks"
expect_json ticks-noperiod "$tmp/ticks" count=10 '#end_reason=idle=9' \
	0:@timestamp=1989-12-12T22:01:00.000Z 8:@timestamp=1989-12-13T06:01:00.000Z
fd --period=0 "$data/zeek-ticks-dns-1hr.pcap" >"$tmp/ticks0"
if cmp -s "$tmp/ticks" "$tmp/ticks0"; then ok; else bad "period 0 != -1s"; fi
# 30s/20s: tick 10 s, reports on even ticks, timeouts every third; the
# +60 s tick does both and reports the flow once, as final.
fd --period=20s "$data/zeek-ticks-dns-1hr.pcap" >"$tmp/ticks"
expect_json ticks-20s "$tmp/ticks" count=28 '#end_reason=idle=9' \
	0:@timestamp=1989-12-12T22:00:20.000Z 1:@timestamp=1989-12-12T22:00:40.000Z \
	2:@timestamp=1989-12-12T22:01:00.000Z 2:end_reason=idle
# Timeout 1m30s, period 1m: tick 30 s; reports every 2nd, checks every 3rd.
fd --timeout=1m30s --period=1m "$data/zeek-ticks-dns-1hr.pcap" >"$tmp/ticks"
expect_json ticks-90s "$tmp/ticks" count=28 \
	0:@timestamp=1989-12-12T22:01:00.000Z 1:@timestamp=1989-12-12T22:02:00.000Z \
	2:@timestamp=1989-12-12T22:03:00.000Z 2:end_reason=idle

# A conversation quiet for longer than the timeout splits in two flows
# with the same flow_id: in cid-beats-icmp6.pcap the first pair is quiet
# for 34 s; with a 10 s timeout its first instance ends idle at the tick
# 13:45:40 (last packet 13:45:27.544) and a second instance follows.
fd --timeout=10s --period=-1s "$data/cid-beats-icmp6.pcap" >"$tmp/split"
id=$(sed -n '1s/.*"flow_id":"\([^"]*\)".*/\1/p' "$tmp/split")
expect_json gap-split "$tmp/split" "#flow_id=$id=2" \
	0:end_reason=idle 0:@timestamp=1999-03-11T13:45:40.000Z \
	0:last_time=1999-03-11T13:45:27.544Z
# ... and with a timeout longer than the gap it stays one flow.
fd --timeout=35s --period=-1s "$data/cid-beats-icmp6.pcap" >"$tmp/split"
expect_json gap-nosplit "$tmp/split" "#flow_id=$id=1"

# 68 years of timestamps: empty ticks are skipped, not run one by one.
fd "$data/tcpdump-babel_update_oobr.pcap" >"$tmp/babel" 2>/dev/null
expect_json babel "$tmp/babel" '#final=true=51'

# Delta reports add up to the totals of the cumulative ones.
sum() { grep -o "\"$1\":[0-9]*" "$2" | awk -F: '{s += $2} END {print s + 0}'; }
fd --delta "$data/zeek-ftp-cwd-navigation.pcap" >"$tmp/delta"
fd --period=-1s "$data/zeek-ftp-cwd-navigation.pcap" >"$tmp/total"
for f in net_packets_total net_bytes_total; do
	if [ "$(sum $f "$tmp/delta")" = "$(sum $f "$tmp/total")" ]; then ok
	else bad "delta $f: $(sum $f "$tmp/delta") != $(sum $f "$tmp/total")"; fi
done
expect_json delta-count "$tmp/total" count=1 \
	0:source.stats.net_packets_total=4139 0:dest.stats.net_packets_total=4178

# A filter changes neither the tick grid nor the timeouts: the filtered
# run prints exactly the unfiltered run's records of the matched flows.
fd "$data/ndpi-gnutella.pcap" 2>/dev/null | grep '"transport":"tcp"' >"$tmp/all"
fd -F tcp "$data/ndpi-gnutella.pcap" >"$tmp/tcp" 2>/dev/null
if cmp -s "$tmp/all" "$tmp/tcp" && [ -s "$tmp/tcp" ]; then ok; else
	bad "filter tcp changed the tcp flows' records"; fi
finish
