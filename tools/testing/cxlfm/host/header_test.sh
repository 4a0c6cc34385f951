#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# On the host, no VM: the installed public headers are a header any
# program can include.  The library and its headers are staged as a
# distribution installs them (make install DESTDIR=... PREFIX=/usr); then
#
#   - a program with its own u64, u8, BIT, GENMASK and ARRAY_SIZE includes
#     <cxlfm/libcxlfm.h>, calls the library's functions (the name lookups,
#     a typed op's inline wrapper, the sized calls) and builds as C99
#     -pedantic -Wall -Wextra -Werror and as C++ (g++, the same flags),
#     links against the staged library and runs;
#   - every name the headers declare or define (function, struct, union,
#     enum, enumerator, typedef, macro) is prefixed cxlfm_/CXLFM_, and every
#     function they declare and do not define inline is exported by the
#     staged library (a declared but hidden function would be an undefined
#     reference in the program that calls it).
#
# Prints TAP.

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/tap.sh"
st=$tmp/stage
inc=$st/usr/include
lib=$st/usr/lib

echo "TAP version 13"
echo "1..6"

make -s -C "$top" O="$tmp/build" install DESTDIR="$st" PREFIX=/usr >"$tmp/make.log" 2>&1
rc=$?
[ "$rc" = 0 ] || saw "make install (exit $rc)" "$(tail -40 "$tmp/make.log")"
result $rc "make install DESTDIR PREFIX=/usr: library and headers staged"

cat >"$tmp/prog.c" <<'EOF'
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* a program's own names, as the kernel spells them */
typedef uint64_t u64;
typedef unsigned char u8;
#define BIT(n)		((u64)1 << (n))
#define GENMASK(h, l)	(((~(u64)0) >> (63 - (h))) & ~((BIT(l)) - 1))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#include <cxlfm/libcxlfm.h>

static int check(const char *what, const char *got, const char *want)
{
	if (got && want && !strcmp(got, want))
		return 0;
	printf("%s: got \"%s\", want \"%s\"\n", what, got ? got : "(null)",
	       want ? want : "(null)");
	return 1;
}

int main(void)
{
	u64 mask = GENMASK(3, 0);
	u8 one = 1;
	struct cxlfm_ctx *ctx = NULL;
	struct cxlfm_fm_identify_switch_rsp sw;
	struct cxlfm_target t;
	int bad = 0, rc;

	bad += mask != 0xf || ARRAY_SIZE(sw.active_ports) != 32 || one != 1;
	bad += check("rc name", cxlfm_rc_name(CXLFM_RC_INVALID_INPUT), "invalid_input");
	bad += check("opcode name", cxlfm_opcode_name(CXLFM_FM_OP_BIND_VPPB), "bind_vppb");
	bad += check("enum name", cxlfm_enum_name(CXLFM_FM_ENUM_LTSSM, CXLFM_FM_LTSSM_L0), "l0");
	bad += !cxlfm_cel_is_read_only(0);
	bad += cxlfm_cel_effect_name(6) == NULL;
	/* no kernel module here: a context may not open, a call still links */
	rc = cxlfm_new(&ctx);
	if (!rc) {
		memset(&sw, 0, sizeof(sw));
		t.cci = 0;
		t.tunnel_port = -1;
		t.tunnel_ld = -1;
		t.ld_pool = 0;
		rc = cxlfm_identify_switch(ctx, &t, &sw, 0);
		cxlfm_unref(ctx);
	}
	printf("cxlfm_new/identify_switch: %d; %d wrong\n", rc, bad);
	return bad != 0;
}
EOF
cp "$tmp/prog.c" "$tmp/prog.cc"

build() { # NAME COMPILER FLAGS...: compile, link against the staged library, run
	local name=$1 out
	shift
	out=$("$@" -I"$inc" -o "$tmp/$name" "$tmp/prog.${name#prog-}" -L"$lib" -lcxlfm 2>&1) &&
		out+=$'\n'$(LD_LIBRARY_PATH=$lib "$tmp/$name" 2>&1)
	rc=$?
	[ "$rc" = 0 ] || saw "$* (exit $rc)" "$out"
	echo "$out" | sed 's/^/# /'
	return "$rc"
}
build prog-c cc -std=c99 -pedantic -Wall -Wextra -Werror
result $? "a C99 program with its own u64, u8, BIT, GENMASK, ARRAY_SIZE: -pedantic -Wall -Wextra -Werror, links and runs"
build prog-cc g++ -std=c++11 -pedantic -Wall -Wextra -Werror
result $? "the same program as C++ (g++ -std=c++11 -pedantic -Wall -Wextra -Werror), links and runs"

# What the headers declare: gcc's -aux-info lists every function
# prototype with the file it comes from; the preprocessed text of the
# headers' own lines gives the tags, enumerators and typedefs; -dM the
# macros (less those the system headers they include define).
printf '#include <cxlfm/libcxlfm.h>\n' >"$tmp/decl.c"
cc -std=c99 -I"$inc" -aux-info "$tmp/aux" -c -o /dev/null "$tmp/decl.c" 2>"$tmp/aux.err"
cc -std=c99 -I"$inc" -E "$tmp/decl.c" >"$tmp/decl.i" 2>>"$tmp/aux.err"
cc -std=c99 -I"$inc" -dM -E "$tmp/decl.c" | sort >"$tmp/macros.all"
printf '#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n' |
	cc -std=c99 -dM -E - | sort >"$tmp/macros.sys"
nm -D --defined-only "$lib/libcxlfm.so" | awk '{ print $3 }' | sed 's/@.*//' >"$tmp/exported"
python3 - "$tmp" "$inc" <<'PY'
import re, sys

tmp, inc = sys.argv[1], sys.argv[2]
ok = re.compile(r"^_*(UAPI_LINUX_)?(LIB)?CXLFM", re.I)
exported = set(open(f"{tmp}/exported").read().split())

# functions: extern (must be exported) or static inline (defined here)
funcs, unexported = [], []
for line in open(f"{tmp}/aux"):
    m = re.match(r"/\* (\S+):\d+:\w+ \*/ (.*)", line)
    if not m or not m.group(1).startswith(inc):
        continue
    name = re.search(r"(\w+) \(", m.group(2)).group(1)
    funcs.append(name)
    if not m.group(2).startswith("static") and name not in exported:
        unexported.append(name)

# the headers' own lines of the preprocessed text
own, keep = [], False
for line in open(f"{tmp}/decl.i"):
    m = re.match(r'# \d+ "([^"]+)"', line)
    if m:
        keep = m.group(1).startswith(inc)
        continue
    if keep:
        own.append(line)
text = re.sub(r"\{[^{}]*\}", lambda m: m.group(0) if "=" in m.group(0) or
              re.search(r"\b[A-Z]\w*\s*[,}]", m.group(0)) else "{}",
              "".join(own))
tags = re.findall(r"\b(?:struct|union|enum)\s+(\w+)", "".join(own))
enumerators = []
for body in re.findall(r"\benum\s+\w*\s*\{([^}]*)\}", "".join(own)):
    enumerators += re.findall(r"(\w+)\s*(?:=[^,]*)?(?:,|$)", body.strip())
typedefs = re.findall(r"\btypedef\b[^;]*?(\w+)\s*;", "".join(own))
sysm = set(open(f"{tmp}/macros.sys").read().splitlines())
macros = [l.split()[1].split("(")[0] for l in open(f"{tmp}/macros.all").read().splitlines()
          if l not in sysm]

names = {"function": funcs, "tag": tags, "enumerator": enumerators,
         "typedef": typedefs, "macro": macros}
bad = [f"{k} {n}" for k, v in names.items() for n in sorted(set(v)) if not ok.match(n)]
print("# " + ", ".join(f"{len(set(v))} {k}s" for k, v in names.items()))
for b in bad:
    print(f"#   not prefixed: {b}")
open(f"{tmp}/unexported", "w").write("\n".join(unexported))
# the codec's names and types in the headers' code (comments are gone)
codec = sorted(set(re.findall(r"\b(?:fmapi_\w+|FMAPI_\w+|u8|u16|u32|u64|s8)\b",
                              "".join(own))))
open(f"{tmp}/codec", "w").write("\n".join(codec))
sys.exit(1 if bad or not funcs or not macros or not enumerators else 0)
PY
rc=$?
[ -s "$tmp/aux.err" ] && saw "compiler" "$(cat "$tmp/aux.err")"
result $rc "every name the installed headers declare or define is prefixed cxlfm_/CXLFM_"

ext=$(grep -c -v '^static' <(grep -F "$inc" "$tmp/aux" | sed 's|^/\* [^*]* \*/ ||'))
[ -f "$tmp/unexported" ] && [ ! -s "$tmp/unexported" ] && [ "$ext" -gt 20 ]
rc=$?
[ "$rc" = 0 ] || saw "declared, not exported by libcxlfm.so ($ext extern declarations)" \
	"$(cat "$tmp/unexported" 2>&1)"
result $rc "every function the headers declare ($ext not inline) is exported by the staged library"

# The codec's headers stay in the tree: nothing of them is installed.
left=$(cat "$tmp/codec" 2>&1; cd "$inc" && find . -path '*fmapi*')
[ -f "$tmp/codec" ] && [ -z "$left" ]
rc=$?
[ "$rc" = 0 ] || saw "installed headers naming the codec or its types" "$left"
result $rc "no installed header names the codec (fmapi_*, FMAPI_*) or its types (u8 ... u64)"
exit $((failed != 0))
