#!/usr/bin/env python3
# decap-oracle.py FILE -- tshark's view of the conversations inside the
# tunnels of FILE, for tests/decap.sh: every frame tshark (4.0.17, IP
# defragmentation off, VXLAN also on UDP 8472) dissects as carrying a
# GRE, ERSPAN, VXLAN, Geneve, GTP-U G-PDU or Teredo layer is keyed on its
# innermost tunnel (type, and id: VNI, GRE key, ERSPAN span id, TEID,
# PPTP call id) and its innermost IP layer (the last one before any ICMP,
# whose quoted headers do not count), with the TCP or UDP ports after
# it; per key, the frames and frame.len bytes each way, the endpoints in
# byte order ("X" the lesser address:port).  Frames outside tunnels are
# not listed.  Output (testdata/oracle/FILE.decap.tsv), sorted:
#   type id family transport X Y X->Y-frames X->Y-bytes Y->X-frames
#   Y->X-bytes
# with "-" for an absent id, transport or port.  A maintainer's tool,
# run in testdata/; no test runs it.
import subprocess
import sys
import xml.etree.ElementTree as ET

TUNNELS = ("gre", "erspan", "vxlan", "geneve", "gtp", "teredo")


def fields(proto):
    out = {}
    for f in proto.iter("field"):
        out.setdefault(f.get("name"), f.get("show"))
    return out


def frame_key(pkt):
    tun, ip, l4, wire = None, None, None, 0
    for proto in pkt.findall("proto"):
        name = proto.get("name")
        f = fields(proto)
        if name == "frame":
            wire = int(f["frame.len"])
        elif name in ("ip", "ipv6"):
            v = "4" if name == "ip" else "6"
            ip = (v, f[name + ".src"], f[name + ".dst"])
            l4 = None
        elif name in ("icmp", "icmpv6"):
            l4 = ("icmp" if name == "icmp" else "ipv6-icmp", None, None)
            break
        elif name in ("tcp", "udp"):
            l4 = (name, f[name + ".srcport"], f[name + ".dstport"])
        elif name in TUNNELS:
            if name == "gtp" and f.get("gtp.message") not in ("255", "0xff"):
                continue
            tid = None
            if name == "gre":
                tid = f.get("gre.key.call_id", f.get("gre.key"))
                if tid is not None and tid.startswith("0x"):
                    tid = str(int(tid, 16))
            elif name == "erspan":
                tid = f.get("erspan.spanid")
            elif name in ("vxlan", "geneve"):
                tid = f.get(name + ".vni")
            elif name == "gtp":
                tid = f.get("gtp.teid")
                if tid is not None and tid.startswith("0x"):
                    tid = str(int(tid, 16))
            if tid is not None and tid.startswith("0x"):
                tid = str(int(tid, 16))
            tun = (name, tid)
            l4 = None
    if tun is None or ip is None:
        return None
    return tun, ip, l4, wire


def endpoint(addr, port):
    return addr + ":" + (port if port is not None else "-")


def main():
    cmd = ["tshark", "-r", sys.argv[1], "-T", "pdml",
           "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
           "-d", "udp.port==8472,vxlan"]
    xml = subprocess.run(cmd, capture_output=True, check=True).stdout
    flows = {}
    for pkt in ET.fromstring(xml).findall("packet"):
        k = frame_key(pkt)
        if k is None:
            continue
        (ttype, tid), (fam, src, dst), l4, wire = k
        tr, sp, dp = l4 if l4 is not None else ("-", None, None)
        if tr in ("icmp", "ipv6-icmp"):
            sp = dp = None
        s, d = endpoint(src, sp), endpoint(dst, dp)
        fwd = s <= d
        x, y = (s, d) if fwd else (d, s)
        key = (ttype, tid or "-", fam, tr, x, y)
        c = flows.setdefault(key, [0, 0, 0, 0])
        i = 0 if fwd else 2
        c[i] += 1
        c[i + 1] += wire
    for key in sorted(flows):
        print("\t".join(list(key) + [str(v) for v in flows[key]]))


main()
