#!/usr/bin/env python3
# capfmt-seeds.py DIR -- structure-aware seeds for fuzz_capfmt and
# fuzz_pipeline: classic pcap in both byte orders and every version,
# pcapng with sections that switch byte order, interfaces of several link
# types with odd if_tsresol/if_tsoffset/if_name, every packet block, an
# unknown block, a block claiming a huge length, and gzip/zstd copies.
# A maintainer's tool; its output is committed in tests/fuzz/seeds-capfmt.
import gzip, os, struct, subprocess, sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
frame = bytes.fromhex("ffffffffffff0002030405060800"
                      "450000200001000040110000c0a80001c0a80002"
                      "3039003500080000") + b"\0" * 4

def put(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)

def pcap(e, magic, major, minor, snap, lt, recs, kuz=False, swapped=False):
    b = struct.pack(e + "IHHiIII", magic, major, minor, 0, 0, snap, lt)
    for sec, frac, data, wire in recs:
        lens = (wire, len(data)) if swapped else (len(data), wire)
        b += struct.pack(e + "IIII", sec, frac, *lens)
        if kuz:
            b += b"\0" * 8
        b += data
    return b

put("pcap-le-us", pcap("<", 0xa1b2c3d4, 2, 4, 65535, 1,
    [(1, 999999, frame, 60), (2, 0, frame[:20], 60), (2**32 - 1, 1, b"", 0)]))
put("pcap-be-ns", pcap(">", 0xa1b23c4d, 2, 4, 16, 101,
    [(1, 999999999, frame[14:], 46), (3, 5, frame[14:30], 46)]))
put("pcap-kuznetzov", pcap("<", 0xa1b2cd34, 2, 4, 65535, 1,
    [(1, 2, frame, 60)], kuz=True))
put("pcap-v2.2", pcap("<", 0xa1b2c3d4, 2, 2, 0, 1, [(1, 2, frame, 60)],
    swapped=True))

def block(e, t, body):
    body += b"\0" * (-len(body) % 4)
    n = len(body) + 12
    return struct.pack(e + "II", t, n) + body + struct.pack(e + "I", n)

def opt(e, code, val):
    return struct.pack(e + "HH", code, len(val)) + val + b"\0" * (-len(val) % 4)

def shb(e, major=1, minor=0):
    return block(e, 0x0A0D0D0A, struct.pack(e + "IHHq", 0x1A2B3C4D, major,
                                            minor, -1))

def idb(e, lt, snap, opts=b""):
    return block(e, 1, struct.pack(e + "HHI", lt, 0, snap) + opts +
                 (opt(e, 0, b"") if opts else b""))

def epb(e, ifc, t, data, wire=None):
    return block(e, 6, struct.pack(e + "IIIII", ifc, t >> 32, t & 0xffffffff,
                                   len(data), wire or len(data)) + data)

def spb(e, data, wire=None):
    return block(e, 3, struct.pack(e + "I", wire or len(data)) + data)

def pb(e, ifc, t, data):
    return block(e, 2, struct.pack(e + "HHIIII", ifc, 0, t >> 32,
                                   t & 0xffffffff, len(data), len(data)) + data)

ng = (shb("<") +
      idb("<", 1, 0, opt("<", 2, b"eth0") + opt("<", 9, b"\x09")) +
      idb("<", 101, 128, opt("<", 9, b"\xa8") +
          opt("<", 14, struct.pack("<q", -3600))) +
      epb("<", 0, 1500000000123456789, frame) +
      block("<", 0x0BAD, b"unknown") +
      spb("<", frame, 1500) +
      pb("<", 1, 7 << 40, frame[14:]) +
      shb(">", 1, 2) +
      idb(">", 113, 65535, opt(">", 9, b"\x0c") + opt(">", 2, b"any")) +
      epb(">", 0, 2**63 + 5, frame) +
      epb(">", 0, 1, frame[:3], 60))
put("pcapng-sections", ng)
put("pcapng-huge-block", shb("<") + idb("<", 1, 0) +
    struct.pack("<II", 6, 0x7ffffff0) + b"\0" * 20)
put("pcapng-no-idb", shb("<") + epb("<", 0, 1, frame))
put("pcapng-sections.gz", gzip.compress(ng))
put("pcap-le-us.zst", subprocess.run(["zstd", "-q", "-c"],
    input=pcap("<", 0xa1b2c3d4, 2, 4, 65535, 1, [(1, 2, frame, 60)]),
    capture_output=True, check=True).stdout)
