#!/bin/sh
# cli.sh -- the command line, inputs, errors, exit statuses, output
# failures and signals (the man page's OPTIONS and EXIT STATUS).
. "${srcdir:-.}/tests/lib.sh"

fd() { "$TOOL" --name test "$@"; }
cap="$data/pb-http_minitwit.pcap"

# Determinism: byte-identical output run after run.
fd "$data/ndpi-alexa-app.pcapng" >"$tmp/a1"
fd "$data/ndpi-alexa-app.pcapng" >"$tmp/a2"
if cmp -s "$tmp/a1" "$tmp/a2" && [ -s "$tmp/a1" ]; then ok; else
	bad "two runs differ"; fi

# Standard input: "-", and no FILE with stdin not a terminal.
fd "$cap" >"$tmp/whole"
fd - <"$cap" >"$tmp/stdin"
if cmp -s "$tmp/whole" "$tmp/stdin"; then ok; else bad "stdin (-) differs"; fi
fd <"$cap" >"$tmp/stdin"
if cmp -s "$tmp/whole" "$tmp/stdin"; then ok; else bad "stdin (no FILE) differs"; fi
cat "$cap" | fd - >"$tmp/stdin"
if cmp -s "$tmp/whole" "$tmp/stdin"; then ok; else bad "piped stdin differs"; fi

# Several inputs make one timeline: a capture cut in pieces gives the
# whole's output, in whatever order the pieces are named.
fd "$data"/split/minitwit-1.pcap "$data"/split/minitwit-2.pcap \
    "$data"/split/minitwit-3.pcap >"$tmp/pieces"
if cmp -s "$tmp/whole" "$tmp/pieces"; then ok; else bad "pieces differ"; fi
fd "$data"/split/minitwit-3.pcap "$data"/split/minitwit-1.pcap \
    - <"$data"/split/minitwit-2.pcap >"$tmp/pieces"
if cmp -s "$tmp/whole" "$tmp/pieces"; then ok; else bad "shuffled pieces differ"; fi
fd "$data/zeek-ticks-dns-1hr.pcap" >"$tmp/whole"
fd "$data"/split/ticks-part2.pcap "$data"/split/ticks-part1.pcap >"$tmp/pieces"
if cmp -s "$tmp/whole" "$tmp/pieces"; then ok; else bad "ticks pieces differ"; fi
# A file named twice is read twice: every count doubles.
fd -p -1s "$data/pb-mysql_long.pcap" "$data/pb-mysql_long.pcap" >"$tmp/twice"
expect_json twice "$tmp/twice" count=1 0:source.stats.net_packets_total=44 \
	0:dest.stats.net_bytes_total=362266

# Usage errors: 64, nothing on stdout.
expect_status dash-twice 64 fd - - <"$cap"
expect_grep dash-twice-msg "named twice" "$tmp/err"
expect_status no-unit 64 fd --timeout 10 "$cap"
expect_grep no-unit-msg "missing unit" "$tmp/err"
expect_status short-timeout 64 fd --timeout 500ms "$cap"
expect_status short-period 64 fd --period 500ms "$cap"
expect_status bad-duration 64 fd --period 1x "$cap"
expect_status bad-stats 64 fd --stats=xml "$cap"
expect_status bad-option 64 fd --no-such-option "$cap"
expect_status bad-name 64 fd --name "$(printf 'h\377')" "$cap"
expect_status bad-filter 64 fd -F "tcp port" "$cap"
expect_grep bad-filter-msg "pb-http_minitwit.pcap" "$tmp/err"
if [ ! -s "$tmp/out" ]; then ok; else bad "bad filter wrote records"; fi
expect_status help 0 fd --help
expect_grep help-text "no-mac-key" "$tmp/out"
expect_status version 0 fd --version
expect_grep version-text "flowdump" "$tmp/out"
expect_status period-off 0 fd --period -1s --timeout 1m "$cap"

# Inputs that cannot be read: 66, a message naming each, no records.
: >"$tmp/empty.pcap"
expect_status missing 66 fd "$tmp/no-such.pcap" "$cap"
expect_grep missing-msg "cannot open .*no-such.pcap" "$tmp/err"
if [ ! -s "$tmp/out" ]; then ok; else bad "66 wrote records"; fi
expect_status empty 66 fd "$tmp/empty.pcap"
expect_grep empty-msg "empty.pcap: empty file" "$tmp/err"
expect_status not-capture 66 fd "$srcdir/tests/ORACLE"
expect_grep not-capture-msg "ORACLE: not a pcap or pcapng file" "$tmp/err"
expect_status bad-version 66 fd "$data/libpcap-pcap-invalid-version-1.pcap"
expect_grep bad-version-msg "invalid-version-1.pcap" "$tmp/err"
# a pcapng whose interfaces differ in link type (libpcap refuses it) reads
expect_status multilink-pcapng 0 fd "$data/gopacket-be-test101.pcapng"
if [ "$(wc -l <"$tmp/out")" -eq 3 ]; then ok; else bad "multilink-pcapng: $(wc -l <"$tmp/out") records, not 3"; fi
expect_status usage-wins 64 fd -F "tcp port" "$tmp/no-such.pcap" "$cap"

# A capture with a header and no records: no output, success.
expect_status empty-capture 0 fd "$data/zeek-empty.pcap"
if [ ! -s "$tmp/out" ]; then ok; else bad "zeek-empty wrote records"; fi

# Damaged after a valid header: 65, the flows read so far, the offset.
expect_status damaged 65 fd "$data/suricata-smtp-to-comma-truncated.pcap"
expect_grep damaged-msg "comma-truncated.pcap: damaged at byte offset 3695" "$tmp/err"
expect_json damaged-flows "$tmp/out" count=1 0:source.ip=10.7.29.101 \
	0:source.stats.net_packets_total=8 0:dest.stats.net_packets_total=10
# ... the others go on.
expect_status damaged-many 65 fd -p -1s "$data/gopacket-le-test901.pcapng" "$cap"
expect_json damaged-many-flows "$tmp/out" count=7
expect_grep damaged-summary "inputs damaged: 1" "$tmp/err"

# --strict: the first damaged input stops every input.
expect_status strict 65 fd --strict -p -1s "$data/gopacket-le-test901.pcapng" "$cap"
expect_json strict-flows "$tmp/out" count=1
expect_grep strict-msg "not reading the other inputs" "$tmp/err"

# An unsupported link type: a warning naming the file and the type, its
# records counted in the summary, the other inputs read as usual.
expect_status linktype 0 fd -p -1s "$data/made-linktype-105.pcap" \
    "$data/pb-mysql_long.pcap"
expect_grep linktype-msg "made-linktype-105.pcap: unsupported link type 105 (IEEE802_11)" "$tmp/err"
expect_grep linktype-count "records not counted: unsupported link type: 1" "$tmp/err"
expect_json linktype-flows "$tmp/out" count=1 0:source.stats.net_packets_total=22

# The run summary.
expect_status stats 0 fd --stats=json "$data/cid-combined.pcap"
expect_grep stats-json '"records_read":68,"records_in_flows":68,' "$tmp/err"
expect_status stats-text 0 fd --stats --no-mac-key "$data/cid-arp.pcap"
expect_grep stats-nokey "records not counted: no flow key: 6" "$tmp/err"
expect_status stats-link 0 fd "$data/zeek-trunc-hdr.pcap"
expect_grep stats-auto "link header truncated: 1" "$tmp/err"

# Shards: their summaries add up to the whole run's (each record in a
# flow, and each detail of such a record, is counted by one shard).
jget() { sed -n "s/^{.*\"$1\":\([0-9]*\).*/\1/p" "$2"; }
for f in cid-combined.pcap ndpi-gnutella.pcap zeek-ipv4-fragmented-1.pcap \
    zeek-tcp-truncated-header.pcap; do
	fd --stats=json "$data/$f" >/dev/null 2>"$tmp/whole.json"
	for k in 1 2 3; do
		fd --stats=json --shard=$k/3 "$data/$f" >/dev/null 2>"$tmp/s$k.json"
	done
	for c in records_in_flows frames_non_ip frames_layer_truncated \
	    frames_layer_malformed fragments_without_first flows_created \
	    records_written_eof records_written_intermediate; do
		sum=$(( $(jget $c "$tmp/s1.json") + $(jget $c "$tmp/s2.json") +
		    $(jget $c "$tmp/s3.json") ))
		if [ "$sum" -eq "$(jget $c "$tmp/whole.json")" ]; then ok; else
			bad "$f: shards' $c add up to $sum, whole run $(jget $c "$tmp/whole.json")"; fi
	done
done

# Write errors: a full disk is 74 with a message; a closed pipe is quiet.
if [ -w /dev/full ]; then
	expect_status full 74 sh -c "\"$TOOL\" --name test \"$data/ndpi-gnutella.pcap\" >/dev/full"
	expect_grep full-msg "write error on standard output" "$tmp/err"
	# 74 wins over 65; the damage is reported even when the batch that
	# carries it also meets the write error: the record that follows a
	# 60000-flow capture by 700 s brings a report of every flow, and the
	# damage after it ends the same batch
	"$FLOWGEN" -m short -f 60000 -d 30 -S 3 -o "$tmp/many.pcap" 2>/dev/null
	{
		printf '\324\303\262\241\002\000\004\000\000\000\000\000'
		printf '\000\000\000\000\377\377\000\000\001\000\000\000'
		# one 60-byte frame at 1700000700 s (flowgen starts at 1700000000)
		printf '\274\363\123\145\000\000\000\000\074\000\000\000'
		printf '\074\000\000\000'
		head -c 60 /dev/zero
		# then a record header whose length is past the snap length
		printf '\274\363\123\145\000\000\000\000\000\377\377\377'
		printf '\000\377\377\377'
	} >"$tmp/late-damage.pcap"
	expect_status write-and-damage 74 sh -c "\"$TOOL\" --name test -p 10m \
	    -t 1h \"$tmp/many.pcap\" \"$tmp/late-damage.pcap\" >/dev/full"
	expect_grep write-and-damage-msg "late-damage.pcap: damaged at byte offset 100" "$tmp/err"
fi
set +e
( "$TOOL" --name test "$data/ndpi-gnutella.pcap" 2>"$tmp/pipe-err"; echo $? >"$tmp/pipe-rc" ) | head -c 100 >/dev/null
set -e
if [ "$(cat "$tmp/pipe-rc")" -ne 0 ] && ! grep -q "write error" "$tmp/pipe-err"; then ok; else
	bad "closed pipe: status $(cat "$tmp/pipe-rc")"; cat "$tmp/pipe-err"; fi

# Input from a pipe that waits: the records read so far are written at
# once, not when a batch fills or the input ends.
( cat "$data/zeek-ticks-dns-1hr.pcap"; sleep 4 ) |
    "$TOOL" --name test -p 1s - >"$tmp/wait-out" 2>"$tmp/wait-err" &
waiter=$!
sleep 2
n=$(wc -l <"$tmp/wait-out")
wait "$waiter"
if [ "$n" -ge 500 ] && [ "$(wc -l <"$tmp/wait-out")" -eq $((n + 1)) ]; then ok; else
	bad "pipe that waits: $n records after 2 s, $(wc -l <"$tmp/wait-out") in all"; fi

# ... also when it stalls right after a full batch of 512 records (the
# first 97375 bytes of ndpi-gnutella.pcap are its header and first 512
# records): the batches before the stall are written out too.
( head -c 97375 "$data/ndpi-gnutella.pcap"; sleep 4 ) |
    "$TOOL" --name test -p 1s - >"$tmp/wait-out" 2>"$tmp/wait-err" &
waiter=$!
sleep 2
n=$(wc -l <"$tmp/wait-out")
wait "$waiter"
total=$(wc -l <"$tmp/wait-out")
finals=$(grep -c '"end_reason":"eof"' "$tmp/wait-out")
if [ "$n" -gt 0 ] && [ "$n" -eq $((total - finals)) ]; then ok; else
	bad "pipe that waits after a full batch: $n records after 2 s, $total in all, $finals at the end"; fi

# Signals: the final records, end reason interrupted, 130 or 143.
mkfifo "$tmp/fifo"
for sig in INT:130 TERM:143; do
	"$TOOL" --name test - <"$tmp/fifo" >"$tmp/sig" 2>"$tmp/sigerr" &
	pid=$!
	( cat "$data/pb-mysql_long.pcap"; sleep 3 ) >"$tmp/fifo" &
	feeder=$!
	sleep 1
	kill -"${sig%:*}" "$pid"
	set +e
	wait "$pid"
	rc=$?
	set -e
	kill "$feeder" 2>/dev/null || true
	wait "$feeder" 2>/dev/null || true
	if [ "$rc" -eq "${sig#*:}" ]; then ok; else
		bad "SIG${sig%:*}: exit $rc"; cat "$tmp/sigerr"; fi
	expect_json "signal-${sig%:*}" "$tmp/sig" count=1 0:end_reason=interrupted \
		0:source.stats.net_packets_total=22
done
finish
