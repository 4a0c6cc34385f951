#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Keep the numbers of the cxlfm uAPI where they are.

The YNL spec (Documentation/netlink/specs/cxlfm.yaml) is the one source of
the family's numbers: commands, the attributes of every attribute set, the
values of every enum.  Each carries an explicit "value:" there, so the
order of a list never decides a number.  This script compares them with
the baseline committed beside it (uapi-numbers.txt, one NAME=NUMBER a
line, in sections), and fails, naming it, on:

  * a number the spec leaves implicit (no "value:");
  * a name of the baseline whose number moved, or that is gone;
  * two names of one section with one number;
  * a name that is not in the baseline yet: a new number is fine where no
    name of its section ever had it, and goes into the baseline with
    "make uapi-baseline" (this script's --update), which takes additions
    only and refuses to write a move or a removal.

The family name, its version and the multicast group names are compared as
well (genetlink resolves groups by name: they have no number of their own).
The *_MAX and __*_MAX counts are left out: they grow with every addition.

Usage: uapi_numbers.py [--spec FILE] [--baseline FILE] [--update]
Prints TAP, except with --update.
"""
import argparse
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "../../../.."))
SPEC = os.path.join(TOP, "Documentation/netlink/specs/cxlfm.yaml")
BASELINE = os.path.join(HERE, "uapi-numbers.txt")

HEADER = """\
# The numbers of the cxlfm uAPI (generic netlink family "cxlfm"): what
# Documentation/netlink/specs/cxlfm.yaml pins, one NAME=VALUE a line.
# Checked by tools/testing/cxlfm/ynl/uapi_numbers.py in make check: no
# number may move or go.  Written by "make uapi-baseline" only, which
# takes additions and nothing else; do not edit by hand.
"""


def c_name(name):
    return name.upper().replace("-", "_")


def spec_numbers(spec):
    """(sections, unpinned): sections is an ordered dict of section name ->
    list of (C name, value); unpinned lists the entries without a value."""
    sections = {}
    unpinned = []

    sections["family"] = [
        (c_name(spec["c-family-name"]), '"%s"' % spec["name"]),
        (c_name(spec["c-version-name"]), str(spec["version"])),
    ]
    for grp in spec.get("mcast-groups", {}).get("list", []):
        sections["family"].append((c_name(grp["c-define-name"]),
                                   '"%s"' % grp["name"]))

    for d in spec.get("definitions", []):
        if d["type"] not in ("enum", "flags"):
            continue
        sec, val, ents = "enum " + d["name"], d.get("value-start", 0) - 1, []
        for e in d["entries"]:
            if not isinstance(e, dict):
                e = {"name": e}
            if "value" not in e:
                unpinned.append("%s %s" % (sec, e["name"]))
            val = e.get("value", val + 1)
            ents.append((c_name(d.get("name-prefix", "") + e["name"]),
                         str(val)))
        sections[sec] = ents

    for aset in spec["attribute-sets"]:
        if "subset-of" in aset:
            continue	# the numbers of the set it is part of
        sec, val, ents = "attribute-set " + aset["name"], 0, []
        for attr in aset["attributes"]:
            if "value" not in attr:
                unpinned.append("%s %s" % (sec, attr["name"]))
            val = attr.get("value", val + 1)
            ents.append((c_name(aset["name-prefix"] + attr["name"]),
                         str(val)))
        sections[sec] = ents

    ops = spec["operations"]
    val, ents = 0, []
    for op in ops["list"]:
        if "value" not in op:
            unpinned.append("operations %s" % op["name"])
        val = op.get("value", val + 1)
        ents.append((c_name(ops["name-prefix"] + op["name"]), str(val)))
    sections["operations"] = ents
    return sections, unpinned


def read_baseline(path):
    sections, sec = {}, None
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                sec = line[1:-1]
                sections[sec] = []
                continue
            name, eq, value = line.partition("=")
            if not eq or sec is None:
                sys.exit("%s:%d: not NAME=VALUE in a [section]: %s" %
                         (path, n, line))
            sections[sec].append((name, value))
    return sections


def write_baseline(path, sections):
    with open(path, "w") as f:
        f.write(HEADER)
        for sec, ents in sections.items():
            f.write("\n[%s]\n" % sec)
            for name, value in ents:
                f.write("%s=%s\n" % (name, value))


def compare(base, cur):
    """(moved, gone, added, clashes): lists of human readable lines"""
    moved, gone, added, clashes = [], [], [], []
    for sec, ents in base.items():
        now = dict(cur.get(sec, []))
        for name, value in ents:
            if name not in now:
                gone.append("gone: %s=%s (%s)" % (name, value, sec))
            elif now[name] != value:
                moved.append("moved: %s from %s to %s (%s)" %
                             (name, value, now[name], sec))
    for sec, ents in cur.items():
        old = dict(base.get(sec, []))
        taken = {}
        for name, value in base.get(sec, []):
            taken.setdefault(value, name)
        seen = {}
        for name, value in ents:
            if value in seen and sec != "family":
                clashes.append("%s and %s are both %s (%s)" %
                               (seen[value], name, value, sec))
            seen.setdefault(value, name)
            if name in old:
                continue
            if value in taken and sec != "family":
                clashes.append("new %s=%s takes the number of %s (%s)" %
                               (name, value, taken[value], sec))
            else:
                added.append("%s=%s (%s)" % (name, value, sec))
    return moved, gone, added, clashes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spec", default=SPEC)
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--update", action="store_true",
                    help="add the spec's new numbers to the baseline")
    args = ap.parse_args()

    with open(args.spec) as f:
        cur, unpinned = spec_numbers(yaml.safe_load(f))
    base = read_baseline(args.baseline) if os.path.exists(args.baseline) else {}
    moved, gone, added, clashes = compare(base, cur)

    if args.update:
        bad = ["not pinned: " + u for u in unpinned] + moved + gone + clashes
        if bad:
            print("uapi_numbers: refusing to write %s: the baseline takes "
                  "additions only" % os.path.relpath(args.baseline), file=sys.stderr)
            for b in bad:
                print("  " + b, file=sys.stderr)
            return 1
        write_baseline(args.baseline, cur)
        print("uapi_numbers: %s: %d added%s" %
              (os.path.relpath(args.baseline), len(added),
               "".join("\n  " + a for a in added)))
        return 0

    total = sum(len(e) for e in cur.values())
    results = [
        (not unpinned, "every number of the spec is explicit (%d)" % total,
         ["not pinned (no value:): " + u for u in unpinned]),
        (not moved and not gone,
         "no number of the baseline moved or is gone (%d)" %
         sum(len(e) for e in base.values()), moved + gone),
        (not clashes, "no number is used twice or reused", clashes),
        (not added, "the baseline lists every number of the spec",
         ["not in the baseline: " + a for a in added] +
         (["new numbers go into it with: make uapi-baseline"] if added else [])),
    ]
    print("TAP version 13")
    print("1..%d" % len(results))
    for i, (ok, what, why) in enumerate(results, 1):
        print("%s %d %s" % ("ok" if ok else "not ok", i, what))
        for line in why:
            print("# " + line)
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
