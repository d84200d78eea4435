#!/usr/bin/env python3
# ipgroup-oracle.py [--frames | --stats] FILE -- tshark's view of the ip and icmp
# groups of
# FILE: for each direction (innermost IP pair, and ports for TCP and
# UDP), the sum of the innermost IP header's length (IPv4 total length,
# IPv6 40 + payload length), its least and greatest TTL / hop limit, the
# sum of TCP segment lengths or UDP lengths - 8 (TCP and UDP only, and
# only for captures without IP fragments), and the distinct ICMP
# type/code pairs; a jumbogram's length is 40 + its jumbo payload
# length.  The innermost header is the last IP layer before any
# ICMP layer (an ICMP error quotes another IP header after it).  Made
# testdata/oracle/FILE.ip.tsv (tshark 4.0.17, Debian 12, run in
# testdata/); tests/ipgroup.sh compares flowdump's fields with it.
# With --frames, for the pcap group: for each flow (the innermost
# addresses and ports, in either direction, sorted), the first and last
# frame numbers (FILE.frames.tsv, compared by tests/pcapgroup.sh).
# With --stats, for the stats group: for each direction, the count,
# least, greatest, mean and population deviation (thousandths, truncated,
# from exact integers) of frame.len and of the gaps between consecutive
# frame.time_epoch values (FILE.stats.tsv, tests/statsgroup.sh).  A
# maintainer's tool: no test runs it.
import sys, subprocess, collections
frames = sys.argv[1] == "--frames"
stats = sys.argv[1] == "--stats"
f = sys.argv[-1]
fields = ["frame.number", "frame.len", "frame.time_epoch", "frame.protocols", "ip.len", "ip.ttl", "ip.src", "ip.dst",
          "ipv6.plen", "ipv6.hlim", "ipv6.src", "ipv6.dst",
          "tcp.srcport", "tcp.dstport", "tcp.len", "udp.srcport",
          "udp.dstport", "udp.length", "icmp.type", "icmp.code",
          "icmpv6.type", "icmpv6.code", "ip.flags.mf", "ip.frag_offset",
          "ipv6.fraghdr.offset", "ipv6.opt.jumbo"]
cmd = ["tshark", "-r", f, "-o", "ip.defragment:FALSE",
       "-o", "ipv6.defragment:FALSE", "-T", "fields",
       "-E", "occurrence=a", "-E", "aggregator=|"]
for x in fields:
    cmd += ["-e", x]
out = subprocess.run(cmd, capture_output=True, text=True).stdout
acc = collections.OrderedDict()
for line in out.splitlines():
    c = dict(zip(fields, line.split("\t")))
    layers = c["frame.protocols"].split(":")
    # the innermost IP layer before any ICMP
    stop = len(layers)
    for i, l in enumerate(layers):
        if l in ("icmp", "icmpv6"):
            stop = i
            break
    ips = [l for l in layers[:stop] if l in ("ip", "ipv6")]
    if not ips:
        continue
    kind = ips[-1]
    k = ips.count(kind) - 1
    def nth(name):
        v = c[name].split("|") if c[name] else []
        return v[k] if k < len(v) else ""
    if kind == "ip":
        src, dst = nth("ip.src"), nth("ip.dst")
        iplen, ttl = int(nth("ip.len")), int(nth("ip.ttl"))
    else:
        src, dst = nth("ipv6.src"), nth("ipv6.dst")
        iplen, ttl = 40 + int(nth("ipv6.plen")), int(nth("ipv6.hlim"))
        if iplen == 40 and c["ipv6.opt.jumbo"]:    # a jumbogram
            iplen = 40 + int(c["ipv6.opt.jumbo"].split("|")[0])
    inner = layers[layers.index(kind) if False else 0:]
    after = layers[stop:] if stop < len(layers) else []
    sport = dport = ""
    pay = None
    last = layers[len(layers) - 1]
    if "tcp" in layers[:stop] and c["tcp.srcport"]:
        sport, dport = c["tcp.srcport"].split("|")[-1], c["tcp.dstport"].split("|")[-1]
        pay = int(c["tcp.len"].split("|")[-1] or 0)
    elif "udp" in layers[:stop] and c["udp.srcport"]:
        sport, dport = c["udp.srcport"].split("|")[-1], c["udp.dstport"].split("|")[-1]
        pay = max(0, int(c["udp.length"].split("|")[0] or 0) - 8)
    frag = c["ip.flags.mf"].split("|")[-1:] == ["1"] or \
        (c["ip.frag_offset"] and c["ip.frag_offset"].split("|")[-1] != "0") or \
        c["ipv6.fraghdr.offset"] != ""
    if stats:
        sec, _, frac = c["frame.time_epoch"].partition(".")
        t = int(sec) * 10**9 + int((frac + "000000000")[:9])
        acc.setdefault((src, sport, dst, dport), []).append(
            (int(c["frame.len"]), t))
        continue
    if frames:
        k2 = tuple(sorted([(src, sport), (dst, dport)]))
        n = int(c["frame.number"])
        fl = acc.setdefault(k2, [n, n])
        fl[1] = n
        continue
    key = (src, sport, dst, dport)
    a = acc.setdefault(key, {"ipb": 0, "tmin": 256, "tmax": -1, "pay": 0,
                             "payok": True, "icmp": set(), "frag": False})
    a["ipb"] += iplen
    a["tmin"] = min(a["tmin"], ttl)
    a["tmax"] = max(a["tmax"], ttl)
    if pay is None or frag:
        a["payok"] = pay is not None and not frag and a["payok"]
        if frag:
            a["frag"] = True
    else:
        a["pay"] += pay
    if stop < len(layers):
        t = c["icmp.type"] or c["icmpv6.type"]
        cd = c["icmp.code"] or c["icmpv6.code"]
        if t:
            a["icmp"].add((int(t.split("|")[0]), int(cd.split("|")[0])))
def msd(vals):
    from math import isqrt
    n = len(vals); S = sum(vals); Q = sum(v * v for v in vals)
    m = S * 1000 // n
    sd = isqrt(10**6 * (n * Q - S * S)) // n
    return "%d.%03d" % (m // 1000, m % 1000), "%d.%03d" % (sd // 1000, sd % 1000)
if stats:
    for key, pk in sorted(acc.items()):
        lens = [l for l, _ in pk]
        row = [str(len(lens)), str(min(lens)), str(max(lens))] + list(msd(lens))
        gaps, last = [], None
        for _, t in pk:
            if last is not None:
                gaps.append(t - last if t > last else 0)
            if last is None or t > last:
                last = t
        if gaps:
            row += [str(min(gaps)), str(max(gaps))] + list(msd(gaps))
        else:
            row += ["-"] * 4
        print("\t".join(list(key) + row))
    sys.exit(0)
if frames:
    for (a, b), (first, last) in sorted(acc.items()):
        print("\t".join([a[0], a[1], b[0], b[1], str(first), str(last)]))
    sys.exit(0)
for key, a in sorted(acc.items()):
    pay = str(a["pay"]) if a["payok"] and key[1] != "" else "-"
    icmp = ",".join("%d/%d" % p for p in sorted(a["icmp"])) or "-"
    print("\t".join(list(key) + [str(a["ipb"]), str(a["tmin"]), str(a["tmax"]), pay, icmp]))
