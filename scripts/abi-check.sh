#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# libcxlfm's ABI against the baseline kept in the tree, lib/abi/SONAME.abi
# (abidw's description of the exported functions and of every type the
# public headers define, also those only the typed ops' void pointers
# reach).  make check runs it; prints TAP.
#
#   scripts/abi-check.sh             check the library the tree builds
#   scripts/abi-check.sh --baseline  record its ABI as the baseline of its
#                                    soname (make abi-baseline)
#
# The check fails on any change but these compatible ones: functions added
# in a version node the baseline does not have (lib/libcxlfm.sym gains a
# node, LIBCXLFM_2.1, ...), types added, a struct extended at its end (every
# struct travels with its size), enumerators added.  An
# incompatible change needs a new soname (LIB_SO in the Makefile) and
# version nodes named after it (LIBCXLFM_3, ...); --baseline records a
# baseline only under those conditions: for a new soname, or as a
# compatible extension of the baseline of the same soname.
#
# CXLFM_ABI_TREE: check that source tree instead of this one (the test of
# this check, tools/testing/cxlfm/host/abi_test.sh, breaks a copy).

set -uo pipefail
tree=${CXLFM_ABI_TREE:-$(cd "$(dirname "$0")/.." && pwd)}
mode=check
[ "${1:-}" = --baseline ] && mode=baseline
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../tools/testing/cxlfm/host/tap.sh"

# A build of its own, with debug information whatever the caller's CFLAGS.
make -s -C "$tree" lib O="$tmp/build" SAN= WERROR= CFLAGS="-O2 -g" >"$tmp/make.log" 2>&1
rc=$?
so=$(find "$tmp/build/user/lib" -name 'libcxlfm.so.*.*' -type f 2>/dev/null | head -1)
soname=$(readelf -d "$so" 2>/dev/null | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
base=$tree/lib/abi/$soname.abi
[ "$mode" = check ] && echo "TAP version 13" && echo "1..5"
[ "$rc" = 0 ] && [ -n "$soname" ] || saw "make lib (exit $rc)" "$(tail -30 "$tmp/make.log")"
result $([ "$rc" = 0 ] && [ -n "$soname" ]; echo $?) "libcxlfm builds (soname ${soname:-unknown})"
[ -n "$soname" ] || exit 1

abidw --suppressions "$tree/lib/abi/public-types.abignore" --load-all-types \
	--no-corpus-path --no-show-locs --no-comp-dir-path --drop-undefined-syms \
	"$so" >"$tmp/cur.abi" 2>"$tmp/abidw.err"
[ -s "$tmp/abidw.err" ] && saw "abidw" "$(cat "$tmp/abidw.err")"

# The version nodes are named after the soname: libcxlfm.so.N exports
# LIBCXLFM_N and LIBCXLFM_N.M only, from lib/libcxlfm.sym.
major=${soname##*.so.}
nodes=$(readelf -W --dyn-syms "$so" | sed -n 's/.*@@\?\(LIBCXLFM[^ ]*\).*/\1/p' | sort -u)
symnodes=$(sed -n 's/^\(LIBCXLFM[0-9_.]*\) *{.*/\1/p' "$tree/lib/libcxlfm.sym" | sort -u)
wrong=$(printf '%s\n%s\n' "$nodes" "$symnodes" | grep -v '^$' | grep -vxE "LIBCXLFM_${major}(\.[0-9]+)?")
[ -n "$nodes" ] && [ -z "$wrong" ] && [ "$(sort -u <<<"$nodes")" = "$symnodes" ]
rc=$?
[ "$rc" = 0 ] || saw "version nodes of $soname (want LIBCXLFM_${major}[.M], those of lib/libcxlfm.sym)" \
	"exported: $(echo $nodes)"$'\n'"libcxlfm.sym: $(echo $symnodes)"
result $rc "version nodes match the soname: $(echo $nodes)"

# What abidiff reports (leaf changes: each changed type once, with what
# changed in it), sorted into compatible and incompatible changes.  A
# struct may gain members at its end, beyond its old size (every struct
# travels with its size), an enum may gain enumerators, and the library
# may gain functions in a version node of its own; struct cxlfm_fm_sizes,
# which describes the others, never changes.  Anything else is incompatible.
compare() { # BASELINE CURRENT: prints the verdict; 0 if compatible
	abidiff --non-reachable-types --leaf-changes-only "$1" "$2" >"$tmp/diff" 2>&1
	local arc=$?
	python3 - "$tmp/diff" "$arc" "$1" <<'PY'
import re, sys

diff, rc, base = open(sys.argv[1]).read(), int(sys.argv[2]), sys.argv[3]
if rc & 3:
    print(f"abidiff failed (exit {rc}):\n{diff}")
    sys.exit(2)
bad = []
# "Removed/Changed/Added functions summary: 0 Removed, 1 Changed, 3 Added ..."
for m in re.finditer(r"^(.*) summary: (.*)$", diff, re.M):
    what = m.group(1)
    if re.match(r"(Leaf|Changed leaf types)", what):
        continue		# the changed types are judged one by one below
    for n, kind in re.findall(r"(\d+) (Removed|removed|Changed|changed)", m.group(2)):
        if int(n) and not (what.startswith("Unreachable") and kind == "changed"):
            bad.append(f"{what}: {n} {kind.lower()}")

head = re.compile(r"^(\s*)(?:\[C\] )?'(struct|union|enum|class) ([\w:]+)(?: at [^']*)?' changed:$")
blocks, cur = [], None
for line in diff.splitlines():
    m = head.match(line)
    if m:
        cur = (m.group(2), m.group(3), len(m.group(1)), [])
        blocks.append(cur)
    elif cur and line.strip() and len(line) - len(line.lstrip()) > cur[2]:
        cur[3].append(line.strip())
    elif line.strip():
        cur = None


def judge(kind, name, body):
    old, why = None, []
    if name == "cxlfm_fm_sizes" and body and body != ["details were reported earlier"]:
        return ["struct cxlfm_fm_sizes never changes"]
    for s in body:
        m = re.match(r"type size changed from (\d+) to (\d+) \(in bits\)$", s)
        if m:
            old = int(m.group(1))
            if int(m.group(2)) < old:
                why.append(s)
            continue
        if re.match(r"(details were reported earlier|type size hasn't changed|"
                    r"there are data member changes:|\d+ data member insertions?:|"
                    r"\d+ enumerator insertions?:)$", s):
            continue
        m = re.match(r"'[^']*', at offset (\d+) \(in bits\)", s)
        if m:
            if old is None or int(m.group(1)) < old:
                why.append(f"{s}: inside the old size")
            continue
        if re.match(r"type '.*' of '.*' changed, as reported earlier$", s):
            continue
        if kind == "enum" and re.match(r"'[\w:]+' value '-?\d+'$", s):
            continue
        why.append(s)
    return why


for kind, name, _, body in blocks:
    for w in judge(kind, name, body)[:6]:
        bad.append(f"{kind} {name}: {w}")

old_nodes = set(re.findall(r"version='(LIBCXLFM[^']*)'", open(base).read()))
for sym, node in re.findall(r"\[A\] '[^\n]*\{(\w+)@@?(LIBCXLFM[\w.]*)\}", diff):
    if node in old_nodes:
        bad.append(f"{sym} added to {node}, a node the baseline has: add a new node")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}

if [ "$mode" = baseline ]; then
	if [ -f "$base" ]; then
		if ! compare "$base" "$tmp/cur.abi" >"$tmp/verdict"; then
			echo "abi-baseline: refused: $soname changed incompatibly since its baseline:" >&2
			cat "$tmp/verdict" "$tmp/diff" >&2
			echo "bump the soname (LIB_SO in the Makefile) and the version nodes (lib/libcxlfm.sym)" >&2
			exit 1
		fi
	fi
	mkdir -p "$tree/lib/abi"
	# abidiff knows the file by its first line: the SPDX line comes second
	sed '1a\
  <!-- SPDX-License-Identifier: LGPL-2.1-or-later -->\
  <!-- recorded by make abi-baseline (scripts/abi-check.sh) -->' "$tmp/cur.abi" >"$base"
	echo "abi-baseline: recorded lib/abi/$soname.abi"
	exit 0
fi

[ -f "$base" ]
rc=$?
[ "$rc" = 0 ] || saw "no baseline lib/abi/$soname.abi (baselines: $(cd "$tree/lib/abi" && echo *.abi))" \
	"a new soname is recorded with make abi-baseline, and only with version nodes LIBCXLFM_$major"
result $rc "a baseline for $soname is in the tree"
if [ "$rc" != 0 ]; then
	result 1 "no incompatible ABI change (no baseline to compare with)"
	result 1 "the ABI description holds the typed ops' structs (no baseline)"
	exit 1
fi

compare "$base" "$tmp/cur.abi" >"$tmp/verdict"
rc=$?
[ "$rc" = 0 ] || saw "incompatible changes against lib/abi/$soname.abi" "$(cat "$tmp/verdict" "$tmp/diff")"
result $rc "no incompatible ABI change against lib/abi/$soname.abi"
sed 's/^/# /' "$tmp/diff"

# The check itself sees the typed ops' structs: abidw recorded them.
nf=$(grep -c "<class-decl name='cxlfm_fm_" "$tmp/cur.abi")
nb=$(grep -c "<class-decl name='cxlfm_fm_" "$base")
[ "$nf" -ge 70 ] && [ "$nb" -ge 70 ]
rc=$?
[ "$rc" = 0 ] || saw "struct cxlfm_fm_* described (want 70 or more)" "current $nf, baseline $nb"
result $rc "the ABI description holds the typed ops' structs ($nf struct cxlfm_fm_*)"
exit $((failed != 0))
