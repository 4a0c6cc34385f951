#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate cxlfm's netlink code from the spec with the kernel's own YNL.

Runs ynl_gen_c.py of Linux 7.3 (extracted by scripts/setup.sh from the
7.3 leg's linux-source into $CXLFM_CACHE/src-tools/ynl-7.3) on
Documentation/netlink/specs/cxlfm.yaml, in every mode:

  --mode uapi --header      include/uapi/linux/cxlfm.h
  --mode kernel --header    drivers/cxlfm/nl_gen.h   (policies, ops table)
  --mode kernel --source    drivers/cxlfm/nl_gen.c
  --mode user --header      (not kept: compiled against 7.3's libynl
  --mode user --source       headers to show that the user code is valid C)

Without arguments it checks (TAP) that the committed files are what the
generator writes and that the user code compiles; with --write it writes
them (after gen_fm_netlink.py changed the spec: make netlink-gen does
both).  ynl_gen_c.py wants a kernel tree around the spec (a MAINTAINERS
file at its root, the schemas in Documentation/netlink/): it runs in a
temporary one.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "../../../.."))
SPEC = os.path.join(TOP, "Documentation/netlink/specs/cxlfm.yaml")
CACHE = os.environ.get("CXLFM_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "cxlfm")
YNL = os.path.join(CACHE, "src-tools/ynl-7.3")

# (mode arguments, file in the tree or None, output name in the scratch tree)
OUTPUTS = [
    (["--mode", "uapi", "--header"], "include/uapi/linux/cxlfm.h", "cxlfm.h"),
    (["--mode", "kernel", "--header"], "drivers/cxlfm/nl_gen.h", "nl_gen.h"),
    (["--mode", "kernel", "--source"], "drivers/cxlfm/nl_gen.c", "nl_gen.c"),
    (["--mode", "user", "--header"], None, "cxlfm-user.h"),
    (["--mode", "user", "--source"], None, "cxlfm-user.c"),
]


def generate(tmp, results):
    """Run every mode in a scratch kernel tree; return name -> text."""
    root = os.path.join(tmp, "linux")
    specs = os.path.join(root, "Documentation/netlink/specs")
    os.makedirs(specs)
    open(os.path.join(root, "MAINTAINERS"), "w").close()
    schemas = os.path.join(YNL, "Documentation/netlink")
    for f in os.listdir(schemas):
        if f.endswith(".yaml"):
            shutil.copy(os.path.join(schemas, f),
                        os.path.join(root, "Documentation/netlink"))
    shutil.copy(SPEC, specs)
    gen = os.path.join(YNL, "tools/net/ynl/pyynl/ynl_gen_c.py")
    out = {}
    for args, _, name in OUTPUTS:
        path = os.path.join(root, name)
        p = subprocess.run([sys.executable, gen, "--spec",
                            os.path.join(specs, "cxlfm.yaml"), "-o", path]
                           + args, cwd=root, capture_output=True, text=True,
                           timeout=300)
        ok = p.returncode == 0 and os.path.exists(path)
        results.append((ok, "ynl_gen_c.py (7.3) %s" % " ".join(args),
                        p.stdout + p.stderr))
        if ok:
            with open(path) as f:
                out[name] = f.read()
    return root, out


def compile_user(root, results):
    """The user code against 7.3's libynl headers, warnings as errors."""
    lib = os.path.join(YNL, "tools/net/ynl/lib")
    p = subprocess.run(["gcc", "-std=gnu11", "-Wall", "-Wextra", "-Werror",
                        "-Wno-unused-parameter", "-c", "-o",
                        os.path.join(root, "cxlfm-user.o"),
                        "-I", root, "-I", lib,
                        "-I", os.path.join(TOP, "include/uapi"),
                        os.path.join(root, "cxlfm-user.c")],
                       capture_output=True, text=True)
    results.append((p.returncode == 0, "the generated user code compiles "
                    "against 7.3's libynl headers (-Wall -Wextra -Werror)",
                    p.stderr))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true",
                    help="write the generated files into the tree")
    args = ap.parse_args()

    if not os.path.exists(os.path.join(YNL, "tools/net/ynl/pyynl/ynl_gen_c.py")):
        msg = ("no YNL of Linux 7.3 in %s: run scripts/setup.sh 7.3 (it "
               "extracts it from the 7.3 leg's linux-source)" % YNL)
        if args.write:
            sys.exit("ynl_gen: " + msg)
        print("TAP version 13\n1..1\nnot ok 1 7.3's ynl_gen_c.py is there\n# " + msg)
        return 1

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root, out = generate(tmp, results)
        if "cxlfm-user.c" in out and "cxlfm-user.h" in out:
            compile_user(root, results)
        for _, path, name in OUTPUTS:
            if path is None or name not in out:
                continue
            full = os.path.join(TOP, path)
            if args.write:
                with open(full, "w") as f:
                    f.write(out[name])
                continue
            cur = open(full).read() if os.path.exists(full) else ""
            diff = ""
            if cur != out[name]:
                with open(os.path.join(tmp, "want"), "w") as f:
                    f.write(out[name])
                diff = subprocess.run(["diff", "-u", full, os.path.join(
                    tmp, "want")], capture_output=True, text=True).stdout
            results.append((cur == out[name], "%s is what ynl_gen_c.py "
                            "writes (make netlink-gen)" % path,
                            "\n".join(diff.splitlines()[:60])))

    if args.write:
        bad = [r for r in results if not r[0]]
        for _, what, why in bad:
            print("ynl_gen: failed: %s\n%s" % (what, why), file=sys.stderr)
        return 1 if bad else 0
    print("TAP version 13")
    print("1..%d" % len(results))
    for i, (ok, what, why) in enumerate(results, 1):
        print("%s %d %s" % ("ok" if ok else "not ok", i, what))
        if not ok:
            print("\n".join("# " + ln for ln in why.splitlines()))
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
