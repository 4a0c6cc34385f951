#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a cxlfmd journal from the format as Documentation/cxlfmd.md gives
it, independently of tools/cxlfmd/journal.c, and print the JSON objects
`cxlfm events` must print for it (one per line).

usage: mkjournal.py JOURNAL >EXPECTED
"""
import json
import struct
import sys

ENTRY = 256


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def sealed(block):
    block = block.ljust(ENTRY - 4, b"\0")
    return block + struct.pack("<I", crc32c(block))


def entry(index, etype, time_ns, cci=0, seq=0, size=0, gap=0, body=b""):
    head = struct.pack("<IBBHQQIII4x", 0x454A4643, etype, gap, 0, index,
                       time_ns, cci, seq, size)
    return sealed(head + body)


def record_body(log, kind, handle, flags, ts, typ, port, raw):
    return (struct.pack("<BBHIQ", log, kind, handle, flags, ts) +
            bytes([typ, port, 0, 0, 0, 0, 0, 0]) + struct.pack("<H6xQQ", 0, 0, 0) + raw)


def overflow_body(log, count, first, last):
    return (struct.pack("<BBHIQ", log, 0, 0, 0, 0) + bytes(8) +
            struct.pack("<H6xQQ", count, first, last) + bytes(128))


def cci_body(transport, payload, ncmd, switch, ports, vcs):
    return (transport.encode().ljust(16, b"\0") +
            struct.pack("<IIBBBBHHQ", payload, ncmd, switch, ports, vcs, 0, 0, 0, 0))


def main():
    out = [sealed(b"CXLFMJNL" + struct.pack("<II", 1, ENTRY))]
    want = []
    t = 1700000000 * 10**9
    cci = 3

    def add(etype, obj, **kw):
        index = len(out) - 1
        out.append(entry(index, etype, t + index, **kw))
        want.append(dict(index=index, received=t + index, **obj))

    add(6, {"event": "cxlfmd-start"})
    add(1, {"event": "cci-added", "seq": 1,
            "cci": cci, "transport": "sim", "payload_size": 2048,
            "commands": 40, "switch": True, "ports": 8, "vcs": 1},
        cci=cci, seq=1, body=cci_body("sim", 2048, 40, 1, 8, 1))
    for seq, handle, port in ((2, 7, 0), (3, 8, 1), (6, 11, 4)):
        if seq == 6:
            add(5, {"event": "gap", "reason": "sequence", "cci": cci, "seq": 4, "size": 2},
                cci=cci, seq=4, size=2, gap=1)
        raw = bytes((i * seq) & 0xFF for i in range(128))
        add(3, {"event": "record", "seq": seq, "cci": cci, "log": "warn",
                "kind": "physical-switch", "handle": handle, "flags": 2,
                "timestamp": 12345 + seq, "type": 1, "port": port},
            cci=cci, seq=seq, body=record_body(1, 5, handle, 2, 12345 + seq, 1, port, raw))
    add(4, {"event": "gap", "reason": "device-overflow", "seq": 7, "cci": cci,
            "size": 4, "log": "fail", "first_overflow": 100, "last_overflow": 200},
        cci=cci, seq=7, size=4, body=overflow_body(2, 4, 100, 200))
    add(5, {"event": "gap", "reason": "overrun"}, gap=2)
    add(7, {"event": "cxlfmd-stop"})

    with open(sys.argv[1], "wb") as f:
        f.write(b"".join(out))
    for w in want:
        print(json.dumps(w))


main()
