#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# On the host, no VM: every file of the tree that goes into libcxlfm.so
# carries an SPDX line whose licence lets it be part of an
# LGPL-2.1-or-later library (Documentation/licensing.md).  The files are
# the build's own: the library is built into a scratch directory, make's
# link line names its objects, and the compiler's dependency file of each
# object names its source and every header it included.  Prints TAP.

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/tap.sh"

echo "TAP version 13"
echo "1..2"

# SAN= and WERROR= as a plain build: the licences do not depend on them.
make -s -C "$top" lib O="$tmp" SAN= >"$tmp/build.log" 2>&1
rc=$?
[ "$rc" = 0 ] || sed 's/^/# /' "$tmp/build.log"
result $rc "libcxlfm builds into a scratch directory"

# What make runs to build the library; its link line names the objects.
make -n -B -C "$top" lib O="$tmp" SAN= >"$tmp/make-n" 2>&1
python3 - "$top" "$tmp/make-n" <<'PY'
import os, re, shlex, sys

top = sys.argv[1]
lines = open(sys.argv[2]).read().replace("\\\n", " ").splitlines()
link = " ".join(l for l in lines if " -shared " in l)
# Licences an LGPL-2.1-or-later library may combine and relicense under
# its own terms: itself and the permissive ones.  A kernel uAPI header is
# used as the kernel's Linux-syscall-note lets any program use it.
OK = {"LGPL-2.1-or-later", "LGPL-2.1+", "MIT", "BSD-2-Clause", "BSD-3-Clause",
      "ISC", "Zlib", "0BSD"}
UAPI = re.compile(r"GPL-2\.0(-only|-or-later|\+)? WITH Linux-syscall-note")


def allows(expr, path):
    """an SPDX expression of which one OR alternative fits"""
    for alt in re.split(r"\s+OR\s+", expr.strip().strip("()")):
        parts = [p.strip().strip("()") for p in re.split(r"\s+AND\s+", alt)]
        if all(p in OK or (UAPI.fullmatch(p) and "/uapi/" in path)
               for p in parts):
            return True
    return False


objs = [w for w in shlex.split(link) if w.endswith(".o")]
files, problems = set(), []
for o in objs:
    d = o[:-2] + ".d"
    if not os.path.exists(d):
        problems.append(f"{o}: no dependency file {d}")
        continue
    text = open(d).read().replace("\\\n", " ")
    # The first rule is the object's; -MP adds one empty rule per header.
    deps = text.split(":", 1)[1].split("\n", 1)[0].split()
    files.update(os.path.realpath(os.path.join(top, f)) for f in deps)
inside = sorted(os.path.relpath(f, top) for f in files
                if f.startswith(top + os.sep))
for f in inside:
    head = open(os.path.join(top, f), errors="replace").read().split("\n")[:3]
    spdx = [re.sub(r"\s*\*/\s*$", "", l.split("SPDX-License-Identifier:", 1)[1]).strip()
            for l in head if "SPDX-License-Identifier:" in l]
    if not spdx:
        problems.append(f"{f}: no SPDX-License-Identifier line")
    elif not allows(spdx[0], "/" + f):
        problems.append(f"{f}: '{spdx[0]}' does not allow linking into "
                        "LGPL-2.1-or-later libcxlfm")
srcs = sum(f.endswith(".c") for f in inside)
print(f"# {len(objs)} objects; {len(inside)} files of the tree ({srcs} sources, "
      f"{len(inside) - srcs} headers); {len(files) - len(inside)} outside it "
      "(system and libnl headers) not checked")
for p in problems:
    print(f"# {p}")
sys.exit(1 if problems or not objs or srcs != len(objs) else 0)
PY
result $? "every source and header in libcxlfm.so allows LGPL-2.1-or-later linking"

[ "$failed" -eq 0 ]
