#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge one test-VM run from the files the guest left in its output dir.

A run is red when the guest did not finish (hang or crash), a test group
failed, or the guest kernel reported a problem in its log.  Prints why,
with the report itself, and writes OUT/result.json for the caller's sums.
"""

import argparse
import json
import os
import re
import sys

# Kernel reports that fail a run, with the name we give them.  Each pattern
# matches the first line of the report as printed by the kernel.
REPORTS = [
    ("KASAN", r"\bBUG: KASAN\b|\bKASAN:"),
    ("KFENCE", r"\bBUG: KFENCE\b|\bKFENCE: "),
    ("sleep in atomic", r"BUG: sleeping function called from invalid context"),
    ("lockdep", r"possible (circular|recursive) locking dependency|inconsistent lock state|"
                r"possible irq lock inversion|suspicious RCU usage"),
    ("kmemleak", r"unreferenced object 0x|kmemleak: \d+ new suspected memory leaks"),
    ("list corruption", r"list_(add|del) corruption"),
    ("debug objects", r"\bODEBUG: "),
    ("UBSAN", r"\bUBSAN: "),
    ("slub", r"\bBUG [\w.:-]+ \((Not tainted|Tainted)"),
    ("Oops", r"\bOops\b|general protection fault|Kernel panic"),
    ("BUG", r"\bBUG: "),
    ("WARNING", r"\bWARNING: "),
    ("call trace", r"\bCall Trace:"),
]
# Taint bits that mean the kernel saw something wrong (Documentation/admin-guide/tainted-kernels.rst).
BAD_TAINT = {5: "bad page", 7: "died (oops)", 9: "warning", 14: "soft lockup"}


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return None


def find_reports(text, source):
    found = []
    last = -100
    lines = text.splitlines()
    for i, line in enumerate(lines):
        for name, pat in REPORTS:
            if re.search(pat, line):
                # A report's own trace is part of it, not a second report.
                if name == "call trace" and i - last < 60:
                    break
                found.append((name, source, "\n".join(lines[i:i + 25])))
                last = i
                break
    return found


def tap_counts(log):
    passed = failed = skipped = 0
    for line in log.splitlines():
        m = re.match(r"(not )?ok \d+\b(.*)", line)
        if not m:
            continue
        if re.search(r"#\s*SKIP", m.group(2), re.I):
            skipped += 1
        elif m.group(1):
            failed += 1
        else:
            passed += 1
    return passed, failed, skipped


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--leg", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--timeout", type=int, required=True)
    ap.add_argument("--timed-out", type=int, default=0)
    a = ap.parse_args()
    tag = f"vm[{a.leg}]"
    out = a.out
    problems = []
    passed = failed = skipped = 0

    status = read(os.path.join(out, "status"))
    console = read(os.path.join(out, "console.log")) or ""
    if status is None:
        if a.timed_out:
            problems.append(f"guest hung: no result after the {a.timeout} s timeout")
        else:
            problems.append("guest stopped before finishing its tests (panic or crash?)")
        tail = "\n".join(console.splitlines()[-30:])
        problems.append("last console lines:\n" + tail)
        failed += 1

    with open(os.path.join(out, "groups.list")) as f:
        groups = [ln.split("\t", 1)[0] for ln in f if ln.strip()]
    for g in groups:
        rc = read(os.path.join(out, "groups", g + ".rc"))
        log = read(os.path.join(out, "groups", g + ".log")) or ""
        p, f, s = tap_counts(log)
        if rc is None:
            if status is not None:
                problems.append(f"group {g}: never ran")
                failed += 1
            continue
        rc = int(rc)
        if rc != 0 and f == 0:
            f = 1  # a group that fails without a TAP failure still fails
        if rc == 0 and p + f + s == 0:
            p = 1  # a plain command group
        passed, failed, skipped = passed + p, failed + f, skipped + s
        print(f"{tag}: group {g}: {p} passed, {f} failed, {s} skipped (exit {rc})")
        if f:
            problems.append(f"group {g} failed (exit {rc}); its output:\n{log.rstrip()}")

    reports = find_reports(console, "console")
    for extra in ("dmesg.txt", "kmemleak.txt"):
        text = read(os.path.join(out, extra))
        if text:
            seen = {r[2].splitlines()[0] for r in reports}
            reports += [r for r in find_reports(text, extra) if r[2].splitlines()[0] not in seen]
    for name, source, text in reports:
        problems.append(f"kernel reported {name} ({source}):\n{text}")
    if reports:
        failed += 1

    taint = read(os.path.join(out, "tainted"))
    if taint is not None:
        bits = [f"{b} ({why})" for b, why in BAD_TAINT.items() if int(taint) >> b & 1]
        if bits:
            problems.append("kernel tainted: " + ", ".join(bits))
            if not reports:
                failed += 1

    for p in problems:
        print(f"{tag}: FAIL: {p}", file=sys.stderr)
    qemu = (read(os.path.join(out, "qemu-version")) or "unknown").strip()
    print(f"{tag}: boot to end of tests in {a.seconds:.1f} s on QEMU {qemu}; logs in {out}")
    print(f"{tag}: {'red' if problems else 'green'}: {passed} passed, {failed} failed, {skipped} skipped")
    with open(os.path.join(out, "result.json"), "w") as f:
        json.dump({"leg": a.leg, "qemu": qemu, "passed": passed, "failed": failed,
                   "skipped": skipped, "seconds": round(a.seconds, 1),
                   "green": not problems}, f)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
