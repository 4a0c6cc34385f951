#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that include/uapi/linux/cxlfm.h says what the YNL spec says.

Derives every constant the spec defines (attribute ids and their count/max
names, command ids, the family name and version, multicast group names),
compiles a C program that asserts each against the header, and checks the
header defines nothing in the family's namespaces that the spec does not.
Prints TAP.
"""
import os
import re
import subprocess
import sys
import tempfile

import jsonschema
import yaml

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../../.."))
SPEC = os.path.join(TOP, "Documentation/netlink/specs/cxlfm.yaml")
HDR = os.path.join(TOP, "include/uapi/linux/cxlfm.h")


def c_name(name):
    return name.upper().replace("-", "_")


def expected(spec):
    ints, strings = {}, {}
    for d in spec.get("definitions", []):
        if d["type"] == "enum":
            val = d.get("value-start", 0) - 1
            for e in d["entries"]:
                if not isinstance(e, dict):
                    e = {"name": e}
                val = e.get("value", val + 1)
                ints[c_name(d["name-prefix"] + e["name"])] = val
    strings[c_name(spec["c-family-name"])] = spec["name"]
    ints[c_name(spec["c-version-name"])] = spec["version"]
    for aset in spec["attribute-sets"]:
        if "subset-of" in aset:
            continue	# the numbers of the set it is part of
        val = 0
        for attr in aset["attributes"]:
            val = attr.get("value", val + 1)
            ints[c_name(aset["name-prefix"] + attr["name"])] = val
        ints[c_name(aset["attr-cnt-name"])] = val + 1
        ints[c_name(aset["attr-max-name"])] = val
    ops = spec["operations"]
    val = 0
    for op in ops["list"]:
        val = op.get("value", val + 1)
        ints[c_name(ops["name-prefix"] + op["name"])] = val
    ints[c_name(spec["cmd-cnt-name"])] = val + 1
    ints[c_name(spec["cmd-max-name"])] = val
    for grp in spec["mcast-groups"]["list"]:
        strings[c_name(grp["c-define-name"])] = grp["name"]
    return ints, strings


def main():
    with open(SPEC) as f:
        spec = yaml.safe_load(f)
    ints, strings = expected(spec)
    prog = ["#include <stdio.h>", "#include <string.h>", '#include "linux/cxlfm.h"']
    prog += [f'_Static_assert({n} == {v}, "{n} is not {v} as in the spec");'
             for n, v in ints.items()]
    prog.append("int main(void) { int bad = 0;")
    prog += [f'if (strcmp({n}, "{v}")) {{ printf("# {n} is not \\"{v}\\"\\n"); bad = 1; }}'
             for n, v in strings.items()]
    prog.append("return bad; }")

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "t.c"), os.path.join(tmp, "t")
        with open(src, "w") as f:
            f.write("\n".join(prog) + "\n")
        cc = subprocess.run(["gcc", "-Wall", "-Werror", "-I", os.path.join(TOP, "include/uapi"),
                             "-o", exe, src], capture_output=True, text=True)
        results.append((cc.returncode == 0,
                        f"{len(ints)} numeric constants of the header equal the spec",
                        cc.stderr))
        run = subprocess.run([exe], capture_output=True, text=True) if cc.returncode == 0 else None
        results.append((run is not None and run.returncode == 0,
                        f"{len(strings)} string constants of the header equal the spec",
                        run.stdout if run else "not built"))

    with open(HDR) as f:
        header = f.read()
    defined = set(re.findall(r"^\s*(CXLFM_[A-Z0-9_]+)\s*[=,]", header, re.M))
    defined |= set(re.findall(r"^\s*(__CXLFM_[A-Z0-9_]+)\s*[=,]", header, re.M))
    defined |= set(re.findall(r"^#define\s+(CXLFM_[A-Z0-9_]+)", header, re.M))
    extra = sorted(defined - set(ints) - set(strings))
    results.append((not extra, "the header defines nothing the spec does not",
                    "not in the spec: " + ", ".join(extra)))

    # The kernel's own schema for genetlink-legacy specs (linux-source).
    schema = os.path.join(os.environ.get("CXLFM_CACHE", os.path.expanduser(
        "~/.cache/cxlfm")), "src-tools/current/Documentation/netlink/genetlink-legacy.yaml")
    with open(schema) as f:
        try:
            jsonschema.validate(spec, yaml.safe_load(f))
            results.append((True, "the spec validates against genetlink-legacy.yaml", ""))
        except jsonschema.ValidationError as e:
            results.append((False, "the spec validates against genetlink-legacy.yaml",
                            f"{e.message} at {list(e.path)}"))

    print("TAP version 13")
    print(f"1..{len(results)}")
    for i, (ok, what, why) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {what}")
        if not ok:
            print("\n".join("# " + ln for ln in why.splitlines()))
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
