#!/bin/sh
# run.sh -- flowdump's benchmarks: generate the captures, then time
# flowdump against the libpcap read loop (bench/pcapread), alternately,
# in the same run, and print ratios, flowdump's CPU time (all threads),
# packets per second and peak memory.
#
#	bench/run.sh [quarter|full] [RUNS]
#
# Environment: FLOWDUMP (default src/flowdump), DATA (where captures go,
# default /tmp/flowdump-bench; they are kept and reused), CC.
# Shapes, as ../shared/bench/RESULTS.md: mixed (10.8 M packets, 1 M
# flows, 30 simulated minutes), short (5 M flows of 2-4 packets, 10 min),
# elephant (32 bulk TCP flows, 8 M packets); "quarter" divides packets,
# flows and duration by four.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
size=${1:-quarter}
runs=${2:-3}
FLOWDUMP=${FLOWDUMP:-$top/src/flowdump}
DATA=${DATA:-/tmp/flowdump-bench}
CC=${CC:-cc}
bin=$DATA/bin
mkdir -p "$bin"
$CC -O2 -o "$bin/flowgen" "$top/bench/flowgen.c" -lm
$CC -O2 -o "$bin/pcapread" "$top/bench/pcapread.c" -lpcap
$CC -O2 -o "$bin/measure" "$top/bench/measure.c"

if [ "$size" = full ]; then d=1; else d=4; fi
gen() {	# name mode packets flows seconds seed
	f="$DATA/$1-$size.pcap"
	[ -s "$f" ] || "$bin/flowgen" -m "$2" -p $(($3 / d)) -f $(($4 / d)) \
	    -d $(($5 / d)) -s 128 -S "$6" -o "$f"
}
gen mixed mixed 10800000 1000000 1800 1
gen short short 0 5000000 600 2
gen elephant elephant 8000000 $((32 * d)) 600 3

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# bench NAME CAPTURE FLOWDUMP-OPTIONS...
bench() {
	name=$1 cap=$2
	shift 2
	: >"$DATA/base.t"
	: >"$DATA/fd.t"
	: >"$DATA/fd.m"
	: >"$DATA/fd.c"
	i=0
	while [ $i -lt "$runs" ]; do
		"$bin/measure" "$bin/pcapread" "$cap" | cut -d' ' -f1 >>"$DATA/base.t"
		"$bin/measure" "$FLOWDUMP" --name bench "$@" "$cap" >"$DATA/one"
		cut -d' ' -f1 "$DATA/one" >>"$DATA/fd.t"
		cut -d' ' -f2 "$DATA/one" >>"$DATA/fd.m"
		cut -d' ' -f3 "$DATA/one" >>"$DATA/fd.c"
		i=$((i + 1))
	done
	b=$(median <"$DATA/base.t")
	t=$(median <"$DATA/fd.t")
	c=$(median <"$DATA/fd.c")
	m=$(sort -n "$DATA/fd.m" | tail -1)
	pk=$("$bin/pcapread" "$cap" | cut -d' ' -f1)
	awk -v n="$name" -v o="$*" -v b="$b" -v t="$t" -v c="$c" -v m="$m" \
	    -v p="$pk" 'BEGIN { printf "%-9s %-28s %7.2fs %7.2fs %6.2fx %6.2fs %7.2f Mpps %6.1f MiB\n",
	    n, o, b, t, t / b, c, p / t / 1e6, m / 1024 }'
}

echo "flowdump benchmarks ($size size, median of $runs runs, $(nproc) cores)"
echo "capture   options                      pcapread flowdump  ratio  fd cpu      rate  peak RSS"
bench mixed "$DATA/mixed-$size.pcap"
bench mixed "$DATA/mixed-$size.pcap" --period=-1s
bench short "$DATA/short-$size.pcap"
bench short "$DATA/short-$size.pcap" --period=-1s
bench elephant "$DATA/elephant-$size.pcap"
# every flow live at once: memory per live flow
bench short "$DATA/short-$size.pcap" --timeout=24h --period=-1s
peak=$("$FLOWDUMP" --name bench --timeout=24h --period=-1s --stats=json \
    "$DATA/short-$size.pcap" 2>&1 >/dev/null | sed 's/.*"peak_live_flows":\([0-9]*\).*/\1/')
m=$(sort -n "$DATA/fd.m" | tail -1)
awk -v p="$peak" -v m="$m" 'BEGIN { printf "peak live flows %d, %.0f bytes of peak RSS per live flow\n", p, m * 1024 / p }'
# the field groups (--with): their cost against the same runs without
bench mixed "$DATA/mixed-$size.pcap" --with=tcp
bench mixed "$DATA/mixed-$size.pcap" --period=-1s --with=tcp
bench short "$DATA/short-$size.pcap" --timeout=24h --period=-1s --with=tcp
m=$(sort -n "$DATA/fd.m" | tail -1)
awk -v p="$peak" -v m="$m" 'BEGIN { printf "with --with=tcp: %.0f bytes of peak RSS per live flow\n", m * 1024 / p }'
