#!/bin/sh
# scale.sh -- --shard and --max-flows on a capture made by bench/flowgen:
# the shards' records together are the whole run's, and a bounded table
# stays bounded, ends flows as evicted and loses no packet.
. "${srcdir:-.}/tests/lib.sh"
: "${FLOWGEN:?FLOWGEN must name the flowgen binary}"

cap="$tmp/gen.pcap"
"$FLOWGEN" -m mixed -p 30000 -f 3000 -d 200 -S 11 -o "$cap" 2>/dev/null
fd() { "$TOOL" --name test "$@"; }
total() { grep -o "\"$1\":[0-9]*" "$2" | awk -F: '{s += $2} END {print s + 0}'; }
stat() { sed "s/.*\"$1\":\([0-9]*\).*/\1/" "$2"; }

for schema in legacy ecs; do
	fd -s $schema "$cap" | sort >"$tmp/whole"
	: >"$tmp/union"
	for k in 1 2 3; do
		fd -s $schema --shard=$k/3 --stats=json "$cap" >>"$tmp/union" \
		    2>"$tmp/st$k"
		# every shard reads every record (they drive its clock)
		if [ "$(stat records_read "$tmp/st$k")" -eq \
		    "$(grep -c . "$tmp/whole" >/dev/null; "$TOOL" --stats=json \
		    "$cap" 2>&1 >/dev/null | sed 's/.*"records_read":\([0-9]*\).*/\1/')" ]
		then ok; else bad "shard $k read $(stat records_read "$tmp/st$k")"; fi
	done
	sort "$tmp/union" >"$tmp/union.s"
	if cmp -s "$tmp/whole" "$tmp/union.s" && [ -s "$tmp/whole" ]; then ok
	else bad "$schema: the shards' union differs from the whole run"; fi
done
# every shard is non-trivial, and they split the counted records
n=0
for k in 1 2 3; do n=$((n + $(stat records_in_flows "$tmp/st$k"))); done
fd --stats=json "$cap" >/dev/null 2>"$tmp/stw"
if [ "$n" -eq "$(stat records_in_flows "$tmp/stw")" ]; then ok; else
	bad "shards counted $n records in flows"; fi
expect_status shard-bad 64 fd --shard=4/3 "$cap"
expect_status shard-bad2 64 fd --shard=0/3 "$cap"
expect_status shard-bad3 64 fd --shard=1 "$cap"

# --max-flows: a bound on live flows; evicted flows are final records
fd --max-flows=50 --timeout=24h --period=-1s --stats=json "$cap" \
    >"$tmp/ev" 2>"$tmp/evs"
if [ "$(stat peak_live_flows "$tmp/evs")" -eq 50 ]; then ok; else
	bad "peak live flows $(stat peak_live_flows "$tmp/evs")"; fi
ev=$(stat records_written_evicted "$tmp/evs")
if [ "$ev" -gt 1000 ] && [ "$(grep -c '"end_reason":"evicted"' "$tmp/ev")" -eq "$ev" ]
then ok; else bad "evictions: $ev"; fi
# no packet is lost: every counted record is in exactly one final record
p=$(($(total net_packets_total "$tmp/ev")))
if [ "$p" -eq "$(stat records_in_flows "$tmp/evs")" ]; then ok; else
	bad "max-flows: $p packets in records, $(stat records_in_flows "$tmp/evs") counted"; fi
expect_status max-flows-bad 64 fd --max-flows=0 "$cap"
# without the bound the same run has many more live flows
fd --timeout=24h --period=-1s --stats=json "$cap" >/dev/null 2>"$tmp/nb"
if [ "$(stat peak_live_flows "$tmp/nb")" -gt 1000 ]; then ok; else
	bad "unbounded peak $(stat peak_live_flows "$tmp/nb")"; fi
# --progress is silent when standard error is not a terminal
fd --progress "$cap" >/dev/null 2>"$tmp/pr"
if [ ! -s "$tmp/pr" ]; then ok; else bad "--progress wrote to a file"; fi
finish
