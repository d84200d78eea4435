#!/bin/sh
# compressed.sh -- every capture of testdata/ gzip'ed and zstd'ed reads
# as the plain file does: the same records (stdout), the same summary
# and exit status, from a file and from standard input; a damaged
# capture is reported at the same offset, counted in the decompressed
# stream, and the message says so.  A compressed stream cut short is
# damage too, and every record before the cut is read.
. "${srcdir:-.}/tests/lib.sh"

for z in gzip zstd; do
	command -v $z >/dev/null || { bad "$z is not installed"; finish; }
done

# run NAME ARGS...: flowdump's stdout, stats and status in $tmp/NAME.*
run() {
	name=$1
	shift
	set +e
	"$TOOL" --name test --stats=json -s ecs --with=tcp,ip "$@" \
	    >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
	set -e
	grep '^{' "$tmp/$name.err" >"$tmp/$name.stats" || :
	sed -n 's/.*damaged at byte offset \([0-9]*\).*/\1/p' \
	    "$tmp/$name.err" >"$tmp/$name.off"
}

same() {
	for x in out rc stats off; do
		if ! cmp -s "$tmp/plain.$x" "$tmp/$1.$x"; then
			bad "$cap $1: $x differs"
			diff "$tmp/plain.$x" "$tmp/$1.$x" | head -5
			return
		fi
	done
	ok
}

for f in "$data"/*.pcap "$data"/*.pcapng; do
	cap=$(basename "$f")
	run plain "$f"
	gzip -c "$f" >"$tmp/c.gz"
	zstd -q -c "$f" >"$tmp/c.zst"
	run gzfile "$tmp/c.gz"
	same gzfile
	run zstfile "$tmp/c.zst"
	same zstfile
	run gzstdin - <"$tmp/c.gz"
	same gzstdin
	cat "$tmp/c.zst" | run zstpipe -
	same zstpipe
	if [ -s "$tmp/plain.off" ]; then
		expect_grep "$cap gzip damage" \
		    "offset $(cat "$tmp/plain.off") of the gzip-decompressed stream" \
		    "$tmp/gzfile.err"
	fi
done

# A gzip'ed capture cut short: damage at the record where it stops, every
# record before it read.
cap=pb-mysql_long.pcap
gzip -c "$data/$cap" >"$tmp/c.gz"
size=$(wc -c <"$tmp/c.gz")
head -c $((size / 2)) "$tmp/c.gz" >"$tmp/cut.gz"
expect_status cut-gzip 65 "$TOOL" --name test --stats=json "$tmp/cut.gz"
expect_grep cut-gzip-msg "gzip-decompressed stream: gzip stream cut short" "$tmp/err"
read=$(sed -n 's/^{.*"records_read":\([0-9]*\).*/\1/p' "$tmp/err")
if [ "${read:-0}" -gt 0 ]; then ok; else bad "cut-gzip: no record read"; fi
# not a capture inside
echo "hello" | gzip -c >"$tmp/hello.gz"
expect_status gzip-notcap 66 "$TOOL" "$tmp/hello.gz"
expect_grep gzip-notcap-msg "not a pcap or pcapng file (gzip-compressed)" "$tmp/err"
finish
