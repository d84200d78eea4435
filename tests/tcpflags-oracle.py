#!/usr/bin/env python3
# tcpflags-oracle.py FILE -- tshark's view of the TCP flags in FILE: for
# each direction (innermost IP pair and ports) that sent a TCP segment
# whose flags tshark read, the union of those flags as CEUAPRSF text.
# Made testdata/oracle/FILE.tcpflags.tsv (tshark 4.0.17, Debian 12), run
# in testdata/; tests/tcpflags.sh compares flowdump's tcp_flags with it.
# A maintainer's tool: no test runs it.
import sys, subprocess, collections
f = sys.argv[1]
out = subprocess.run(["tshark", "-r", f, "-Y", "tcp", "-T", "fields", "-E", "occurrence=l",
    "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "ip.dst", "-e", "ipv6.dst",
    "-e", "tcp.dstport", "-e", "tcp.flags"], capture_output=True, text=True).stdout
u = collections.defaultdict(int)
for line in out.splitlines():
    c = line.split("\t")
    if c[6] == "": continue
    s = c[0] or c[1]; d = c[3] or c[4]
    u[(s, c[2], d, c[5])] |= int(c[6], 16) & 0xff
for k in sorted(u):
    v = u[k]
    print("\t".join(k) + "\t" + "".join(ch if v & (0x80 >> i) else "." for i, ch in enumerate("CEUAPRSF")))
