#!/bin/sh
# bootstrap.sh -- on a fresh Debian (or Ubuntu) machine: install what the
# build needs, build flowdump, and show it on a capture from testdata/.
set -eu
cd "$(dirname "$0")"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends gcc make autoconf \
    automake pkg-config libpcap-dev libcjson-dev zlib1g-dev libzstd-dev zstd check >/dev/null
autoreconf -fi
./configure
make
./src/flowdump testdata/pb-mysql_long.pcap
