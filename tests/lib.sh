# lib.sh -- shared by the shell tests: environment, temp dir, counters.
# Sourced; expects TOOL (flowdump) and JSONCHECK (jsoncheck) in the
# environment and srcdir from automake.
set -eu
: "${TOOL:?TOOL must name the flowdump binary}"
srcdir=${srcdir:-.}
data="$srcdir/testdata"
export TZ=UTC0 LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npass=0
nfail=0

ok() { npass=$((npass + 1)); }
bad() { nfail=$((nfail + 1)); echo "FAIL: $*"; }

# expect_json NAME FILE ASSERTION... -- jsoncheck, counted as one test
expect_json() {
	name=$1 file=$2
	shift 2
	if "$JSONCHECK" "$file" "$@" >"$tmp/jc" 2>&1; then ok; else
		bad "$name"; cat "$tmp/jc"; fi
}

# expect_status NAME WANT CMD... -- the command's exit status
expect_status() {
	name=$1 want=$2
	shift 2
	set +e
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	set -e
	if [ "$got" -eq "$want" ]; then ok; else
		bad "$name: exit $got, want $want"; cat "$tmp/err"; fi
}

# expect_grep NAME PATTERN FILE
expect_grep() {
	if grep -q -e "$2" "$3"; then ok; else
		bad "$1: no '$2' in $3"; cat "$3"; fi
}

finish() {
	echo "$(basename "$0" .sh): $npass passed, $nfail failed"
	[ "$nfail" -eq 0 ]
}

# oracle_skip CAPTURE -- true for the captures the per-packet tshark
# oracles of the field groups leave out (tests/ORACLE says why):
# tunnels opened only with --decap, IP fragments, a cut UDP header, and
# IPv6 in IPv4
oracle_skip() {
	case $1 in
	zeek-erspan.pcap|zeek-gre-sample.pcap|zeek-vxlan.pcap|zeek-geneve.pcap|\
	zeek-ipv4-fragmented-1.pcap|zeek-ipv4-fragmented-4.pcap|\
	zeek-ipv6-fragmented-dns.pcap|ndpi-dnscrypt-v1-and-resolver-pings.pcap|\
	tcpdump-udp-length-heapoverflow.pcap|zeek-ping6-in-ipv4.pcap)
		return 0 ;;
	esac
	return 1
}
