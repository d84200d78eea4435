#!/bin/sh
# run.sh -- build and run the libFuzzer harnesses (Debian: clang and
# libclang-rt-dev).
#
#	tests/fuzz/run.sh SECONDS [decode|pipeline|capfmt]...
#
# Each harness runs for SECONDS, seeded from testdata/ (and the pipeline
# and capfmt harnesses from tests/fuzz/seeds-capfmt, which
# tests/fuzz/capfmt-seeds.py made) and its corpus in
# tests/fuzz/corpus-NAME (kept between runs, not committed).  Crashing
# inputs are written to tests/fuzz/crashes/; copy each into
# tests/fuzz/regress/ once fixed (the test suite runs them).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
shift || true
targets=${*:-decode pipeline capfmt}
out="$top/tests/fuzz/build"
mkdir -p "$out" "$top/tests/fuzz/crashes"
CC=${CC:-clang}
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I$top/src -I$out"
[ -f "$out/config.h" ] || printf '#define PACKAGE_STRING "flowdump fuzz"\n#define PACKAGE_BUGREPORT ""\n#define PACKAGE_VERSION "0"\n#define _GNU_SOURCE 1\n' >"$out/config.h"
lib_src=$(ls "$top"/src/*.c | grep -v '/main.c$')
libs="$(pkg-config --libs libpcap libcjson zlib libzstd)"

for t in $targets; do
	# shellcheck disable=SC2086
	$CC $CFLAGS -o "$out/fuzz_$t" "$top/tests/fuzz/fuzz_$t.c" $lib_src $libs
	corpus="$top/tests/fuzz/corpus-$t"
	mkdir -p "$corpus"
	if [ "$t" = decode ] && [ -z "$(ls "$corpus")" ]; then
		# shellcheck disable=SC2086
		cc -O1 -I$top/src -I$out -o "$out/seeds" "$top/tests/fuzz/seeds.c" \
		    $lib_src $libs
		"$out/seeds" "$corpus" "$top"/testdata/*.pcap "$top"/testdata/*.pcapng
	fi
	seeds=
	[ "$t" = pipeline ] && seeds="$top/testdata $top/tests/fuzz/seeds-capfmt"
	[ "$t" = capfmt ] && seeds="$top/testdata $top/tests/fuzz/seeds-capfmt"
	echo "fuzzing $t for $secs s"
	# shellcheck disable=SC2086
	"$out/fuzz_$t" -max_total_time="$secs" -max_len=70000 -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix="$top/tests/fuzz/crashes/$t-" \
	    -print_final_stats=1 "$corpus" $seeds "$top/tests/fuzz/regress" \
	    2>"$out/$t.log" || { tail -50 "$out/$t.log"; exit 1; }
	grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$out/$t.log" | tail -3
done
