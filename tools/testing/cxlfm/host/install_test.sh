#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# On the host, no VM, as a distribution builds: a plain `make`, then
# `make install DESTDIR=... PREFIX=/usr`, with dpkg-buildflags' hardening
# flags in the environment, in a scratch build directory, with no set-up
# (an empty CXLFM_CACHE).  Every file lands in its place (library with its
# soname links, headers, the uAPI header clear of linux-libc-dev's linux/,
# .pc, tools without a build-tree rpath, man pages covering every verb,
# option and library function, completion, systemd unit, the udev rule as
# an inactive example); the flags reach every compile and link (make -n)
# and show in every binary (readelf); -Werror only with WERROR=1; a program
# outside the tree builds against the staged install with pkg-config and
# runs; dkms.conf's recipe builds cxlfm.ko, for CXL kernels only, into
# make modules_install's directory; `cxlfm events` reads a journal written
# from the documented format; `make uninstall` leaves nothing.  The staged
# tools run under valgrind with no error and no leak.  The unit passes
# systemd-analyze verify and keeps its security score.  Prints TAP.

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
st=$tmp/stage
bld=$tmp/build
. "$(dirname "$0")/tap.sh"
vg() { valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,possible "$@"; }
# The build as a distribution runs it: its flags, no set-up, own build dir.
dmake() {
	(
		eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
		CXLFM_CACHE=$tmp/no-setup make -s -C "$top" O="$bld" "$@"
	)
}
export LD_LIBRARY_PATH=$st/usr/lib

echo "TAP version 13"
echo "1..28"

dmake >"$tmp/make.log" 2>&1
rc=$?
sed 's/^/# /' "$tmp/make.log"
[ "$rc" = 0 ] && [ -x "$bld/user/bin/cxlfm" ] && [ -x "$bld/user/bin/cxlfmd" ] &&
	[ -f "$bld/user/lib/libcxlfm.so.2.0.0" ] && [ ! -e "$bld/user/selftests" ]
rc=$?
[ "$rc" = 0 ] || saw "built (want the library and both tools, no selftests)" "$(cd "$bld" && find . -type f -perm -u+x)"
result $rc "make, without set-up (no kselftest headers, no kernels): the library and the tools"

dmake install DESTDIR="$st" PREFIX=/usr >"$tmp/install.log" 2>&1
rc=$?
sed 's/^/# /' "$tmp/install.log"
result $rc "make install DESTDIR PREFIX=/usr, without set-up"

(cd "$st" && find . ! -type d | sort) >"$tmp/files"
cat >"$tmp/want" <<'EOF'
./usr/bin/cxlfm
./usr/include/cxlfm/fm_ops.h
./usr/include/cxlfm/fm_types.h
./usr/include/cxlfm/libcxlfm.h
./usr/include/cxlfm/uapi/cxlfm.h
./usr/lib/libcxlfm.so
./usr/lib/libcxlfm.so.2
./usr/lib/libcxlfm.so.2.0.0
./usr/lib/modprobe.d/cxlfm.conf
./usr/lib/pkgconfig/libcxlfm.pc
./usr/lib/systemd/system/cxlfm-redfishd.service
./usr/lib/systemd/system/cxlfmd.service
./usr/sbin/cxlfm-redfishd
./usr/sbin/cxlfmd
./usr/share/bash-completion/completions/cxlfm
./usr/share/bash-completion/completions/cxlfmd
./usr/share/doc/cxlfm/examples/70-cxlfm.rules
./usr/share/man/man3/libcxlfm.3
./usr/share/man/man8/cxlfm.8
./usr/share/man/man8/cxlfmd.8
EOF
diff "$tmp/want" "$tmp/files" | sed 's/^/# /'
result "${PIPESTATUS[0]}" "the installed file list"

# udev reads rules.d directories only (/usr/lib/udev/rules.d, /etc/udev/...).
active=$(grep '/rules\.d/' "$tmp/files")
[ -z "$active" ] && [ -f "$st/usr/share/doc/cxlfm/examples/70-cxlfm.rules" ]
rc=$?
[ "$rc" = 0 ] || saw "udev rules installed (want none in a rules.d, the example in share/doc/cxlfm/examples)" \
	"$active"
result $rc "the udev rule is an example, in no rules.d directory"

# linux/ is linux-libc-dev's; the installed headers include the uAPI header
# by its installed name (the example below compiles against them).
inc=$st/usr/include
uses=$(grep -rn 'include.*linux/cxlfm\.h' "$inc")
[ ! -e "$inc/linux" ] && [ -f "$inc/cxlfm/uapi/cxlfm.h" ] && [ -z "$uses" ] &&
	grep -q '^#include <cxlfm/uapi/cxlfm.h>' "$inc/cxlfm/fm_ops.h"
rc=$?
[ "$rc" = 0 ] || saw "include/ (want no linux/, cxlfm/uapi/cxlfm.h included as such)" \
	"$(cd "$inc" && find . | sort)"$'\n'"$uses"
result $rc "the uAPI header is include/cxlfm/uapi/cxlfm.h, nothing in linux-libc-dev's linux/"

# The hardening flags, seen in every binary built and installed: -z now
# (BIND_NOW), -z relro (GNU_RELRO), PIE executables, the stack protector
# (__stack_chk_fail), and in every object of each (its DWARF compile unit
# records the code generation flags it was built with).  _FORTIFY_SOURCE
# shows as __*_chk calls, in the binaries that make a call the compiler
# cannot prove safe (the library makes none): in one at least.
find "$bld" "$st" -type f ! -name '*.o' ! -name '*.d' | sort >"$tmp/built"
python3 - "$tmp" "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CFLAGS)" <<'PY'
import re, subprocess, sys

tmp, cflags = sys.argv[1], sys.argv[2].split()
gen = [f for f in cflags if re.match(r"-(O|fstack-|fcf-)", f)]


def readelf(*args):
    return subprocess.run(["readelf", "-W", *args], capture_output=True, text=True).stdout


bad, elfs, cus, fortified = [], 0, 0, 0
for f in open(f"{tmp}/built").read().split():
    if open(f, "rb").read(4) != b"\x7fELF":
        continue
    elfs += 1
    dyn, syms = readelf("-d", f), readelf("--dyn-syms", f)
    p = []
    if not re.search(r"BIND_NOW|FLAGS.*\bNOW\b", dyn):
        p.append("no BIND_NOW")
    if "GNU_RELRO" not in readelf("-l", f):
        p.append("no RELRO")
    if ".so" not in f and not re.search(r"FLAGS_1.*\bPIE\b", dyn):
        p.append("not PIE")
    if " __stack_chk_fail@" not in syms:
        p.append("no stack protector")
    fortified += bool(re.search(r" __[a-z_]+_chk@", syms))
    info = readelf("--debug-dump=info", "--dwarf-depth=1", f)
    units = re.findall(r"DW_AT_producer[^\n]*?(GNU C.*)\n(?:.*\n)*?"
                       r".*DW_AT_name\s*:(?:[^\n]*\):)?\s*(\S+)", info)
    cus += len(units)
    if not units:
        p.append("no compile unit with debug info")
    for prod, name in units:
        miss = [g for g in gen if g not in prod.split()]
        if miss:
            p.append(f"{name} built without {' '.join(miss)}")
    if p:
        bad.append(f"{f[len(tmp) + 1:]}: {'; '.join(p)}")
print(f"# {elfs} ELF files, {cus} compile units checked for {' '.join(gen)}; "
      f"{fortified} with fortified calls")
for b in bad:
    print(f"#   {b}")
sys.exit(1 if bad or elfs < 6 or not fortified else 0)
PY
result $? "dpkg-buildflags hardening in every built and installed binary and library, and in each of their objects"

# What make runs, with marked flags: every compile carries CPPFLAGS and
# CFLAGS, every link CFLAGS and LDFLAGS, none -Werror; WERROR=1 adds it to
# each.
mark() {
	CXLFM_CACHE=$tmp/no-setup make -n -B -C "$top" O="$tmp/n" DESTDIR="$tmp/n/stage" \
		CC=cxlfm-test-cc CPPFLAGS=-DCXLFM_TEST_CPPFLAGS CFLAGS=-DCXLFM_TEST_CFLAGS \
		LDFLAGS=-Wl,--cxlfm-test-ldflags "$@" all install 2>&1
}
mark >"$tmp/plain.n"
mark WERROR=1 >"$tmp/werror.n"
python3 - "$tmp/plain.n" "$tmp/werror.n" <<'PY'
import re, sys


def cc_lines(path):
    text = open(path).read().replace("\\\n", " ")
    return [l for l in text.splitlines() if l.startswith("cxlfm-test-cc ")]


plain, werror, bad = cc_lines(sys.argv[1]), cc_lines(sys.argv[2]), []
for l in plain:
    w = l.split()
    compiles = "-c" in w or any(x.endswith(".c") for x in w)
    links = "-c" not in w
    want = ["-DCXLFM_TEST_CFLAGS"] + (["-DCXLFM_TEST_CPPFLAGS"] if compiles else []) + \
        (["-Wl,--cxlfm-test-ldflags"] if links else [])
    miss = [f for f in want if f not in w]
    if miss or "-Werror" in w:
        bad.append(f"{l[:160]}... missing {miss}{' with -Werror' if '-Werror' in w else ''}")
bad += [f"WERROR=1 without -Werror: {l[:160]}..." for l in werror if "-Werror" not in l.split()]
print(f"# {len(plain)} compiler runs in make all install ({len(werror)} with WERROR=1)")
for b in bad:
    print(f"#   {b}")
sys.exit(1 if bad or len(plain) < 4 or len(werror) != len(plain) else 0)
PY
result $? "make -n: CPPFLAGS, CFLAGS, LDFLAGS reach every compile and link; -Werror only with WERROR=1"

lib=$st/usr/lib
links="libcxlfm.so -> $(readlink "$lib/libcxlfm.so"), libcxlfm.so.2 -> $(readlink "$lib/libcxlfm.so.2")"
soname=$(readelf -d "$lib/libcxlfm.so.2.0.0" 2>&1 | grep SONAME)
[ "$links" = "libcxlfm.so -> libcxlfm.so.2, libcxlfm.so.2 -> libcxlfm.so.2.0.0" ] &&
	[[ "$soname" == *"[libcxlfm.so.2]"* ]]
rc=$?
[ "$rc" = 0 ] || saw "links, SONAME" "$links"$'\n'"$soname"
result $rc "library: soname libcxlfm.so.2, links .so -> .so.2 -> .so.2.0.0"

! readelf -d "$st/usr/bin/cxlfm" "$st/usr/sbin/cxlfmd" "$st/usr/sbin/cxlfm-redfishd" | grep -E 'RPATH|RUNPATH'
result $? "installed tools carry no build-tree rpath"

pc() { PKG_CONFIG_PATH=$lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$st pkg-config "$@"; }
flags=$(pc --cflags --libs libcxlfm)
echo "# pkg-config: $flags"
version=$(awk '/^VERSION :=/ { print $3 }' "$top/Makefile")
grep -qx 'prefix=/usr' "$lib/pkgconfig/libcxlfm.pc" &&
	[ "$(pc --modversion libcxlfm)" = "$version" ] &&
	[[ " $flags " == *" -I$st/usr/include "* && " $flags " == *" -L$lib "* && " $flags " == *" -lcxlfm "* ]]
rc=$?
[ "$rc" = 0 ] || saw "libcxlfm.pc (want prefix=/usr, version $version)" "$(cat "$lib/pkgconfig/libcxlfm.pc" 2>&1)"
result $rc "libcxlfm.pc: install prefix, version, flags into the staged tree"

mkdir "$tmp/example"
cp "$top/examples/list-switches.c" "$tmp/example/"
# shellcheck disable=SC2086 # the flags are words
(cd "$tmp/example" && cc -Wall -Wextra -Werror -o list-switches list-switches.c $flags)
result $? "an example outside the tree builds with pkg-config --cflags --libs libcxlfm"

# ldd's output is kept before it is searched: ldd writes it a line at a
# time, and `ldd | grep -q` under pipefail failed whenever grep, done at
# the libcxlfm line, exited before ldd's last write (ldd died of SIGPIPE).
out=$("$tmp/example/list-switches" --help 2>&1)
hrc=$?
deps=$(ldd "$tmp/example/list-switches" 2>&1)
[ "$hrc" = 0 ] && grep -q "^usage: " <<<"$out" && grep -qF "libcxlfm.so.2 => $lib/" <<<"$deps"
rc=$?
[ "$rc" = 0 ] || { saw "list-switches --help (exit $hrc)" "$out"; saw "ldd (want libcxlfm.so.2 => $lib/)" "$deps"; }
result $rc "the example runs (--help) against the staged library"

if [ -d /sys/module/cxlfm ]; then
	echo "ok $((n += 1)) # SKIP cxlfm is loaded on this host"
else
	out=$(vg "$tmp/example/list-switches" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	[ "$rc" = 1 ] && grep -q "module is not loaded" <<<"$out"
	result $? "without the module the example says so (under valgrind: no error, no leak)"
fi

# Every verb `cxlfm --help` lists, every cxlfmd option, every exported
# function: documented in the man pages and completed by bash.
man=$st/usr/share/man
verbs=$("$st/usr/bin/cxlfm" --help | awk '/^  [a-z]/ { print $1 }')
opts=$("$st/usr/sbin/cxlfmd" --help | grep -o -- '--[a-z]*')
syms=$(awk '/^\t*cxlfm_[a-z_]*;/ { gsub(/[\t;]/, ""); print }' "$top/lib/libcxlfm.sym")
missing=
for v in $verbs; do
	MANWIDTH=200 man -l "$man/man8/cxlfm.8" 2>/dev/null | grep -q "^   $v\$" || missing+=" cxlfm.8:$v"
done
for o in $opts; do
	MANWIDTH=200 man -l "$man/man8/cxlfmd.8" 2>/dev/null | grep -q -- "$o" || missing+=" cxlfmd.8:$o"
done
for s in $syms; do
	MANWIDTH=200 man -l "$man/man3/libcxlfm.3" 2>/dev/null | grep -q "$s()" || missing+=" libcxlfm.3:$s"
done
echo "# verbs: $(echo $verbs); missing:${missing:- none}"
[ -n "$verbs" ] && [ -n "$syms" ] && [ -z "$missing" ]
result $? "man pages cover every verb, cxlfmd option and library function"

out=$(bash -c '. "$1"; COMP_WORDS=("$2" ""); COMP_CWORD=1; _cxlfm; echo "${COMPREPLY[@]}"' _ \
	"$st/usr/share/bash-completion/completions/cxlfm" "$st/usr/bin/cxlfm")
missing=
for v in $verbs; do [[ " $out " == *" $v "* ]] || missing+=" $v"; done
echo "# completion offers: $out"
[ -z "$missing" ]
result $? "bash completion offers every verb"

# Every option each verb (and sub-command) takes, as its --help lists them
# from the parser's own table: in the verb's man page section and in its
# bash completion, under its short or its long name.
MANWIDTH=200 man -l "$man/man8/cxlfm.8" 2>/dev/null >"$tmp/cxlfm.8.txt"
for v in $verbs; do
	[ "$v" = events ] && continue	# its own parser, checked by hand
	help=$("$st/usr/bin/cxlfm" "$v" --help)
	subs=$(sed -n 's/^sub-commands of [a-z]*: \([a-z ]*\) (.*/\1/p' <<<"$help")
	for sub in ${subs:-""}; do
		"$st/usr/bin/cxlfm" "$v" $sub --help
	done | sed -n 's/^  \(-[a-z]\)\?\(, \)\?\(--[a-z0-9-]*\)\?.*/\1 \3/p' | grep -v '^ *$' >"$tmp/opts.$v"
	# what the installed completion offers after the verb and each sub-command
	for sub in ${subs:-""}; do
		bash -c '. "$1"; shift; COMP_WORDS=("$@" ""); COMP_CWORD=$#; _cxlfm; echo "${COMPREPLY[@]}"' _ \
			"$st/usr/share/bash-completion/completions/cxlfm" "$st/usr/bin/cxlfm" "$v" $sub
	done >"$tmp/comp.$v"
done
python3 - "$tmp" $verbs <<'PY'
import re, sys
tmp, verbs = sys.argv[1], [v for v in sys.argv[2:] if v != "events"]
man, sections, cur = open(f"{tmp}/cxlfm.8.txt").read().splitlines(), {}, None
for line in man:
    m = re.fullmatch(r"   (\S+)", line)
    if m:
        cur = m.group(1)
    elif re.match(r"^\S", line):
        cur = None
    elif cur:
        sections.setdefault(cur, []).append(line)
missing, counted = [], 0
for v in verbs:
    text = " ".join(sections.get(v, []))
    comp = open(f"{tmp}/comp.{v}").read().split()
    for line in open(f"{tmp}/opts.{v}"):
        names = line.split()
        if names[0] in ("-u", "-v"):
            continue
        counted += 1
        if not any(re.search(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", text) for n in names):
            missing.append(f"cxlfm.8:{v}:{names[-1]}")
        if not any(n in comp for n in names):
            missing.append(f"completion:{v}:{names[-1]}")
print(f"# {counted} verb options checked; missing: {' '.join(missing) or 'none'}")
sys.exit(1 if missing or counted < 50 else 0)
PY
result $? "every option each verb takes is in its man page section and its completion"

rule=$st/usr/share/doc/cxlfm/examples/70-cxlfm.rules
grep -qx 'ExecStart=/usr/sbin/cxlfmd --foreground --journal /var/lib/cxlfm/events.journal .*' \
	"$st/usr/lib/systemd/system/cxlfmd.service" &&
	grep -q 'SUBSYSTEM=="cxlfm", ACTION=="change"' "$rule"
rc=$?
[ "$rc" = 0 ] || saw "ExecStart, udev rule" "$(grep -h 'ExecStart\|SUBSYSTEM' "$st/usr/lib/systemd/system/cxlfmd.service" \
	"$rule" 2>&1)"
result $rc "systemd unit runs the installed cxlfmd; the example udev rule matches cxlfm change uevents"

# with cxlfmd installed, the switches hold records until it stored them
opts=$(grep -v '^#' "$st/usr/lib/modprobe.d/cxlfm.conf" 2>&1)
[ "$opts" = "options cxlfm event_retention=hold" ]
rc=$?
[ "$rc" = 0 ] || saw "modprobe.d entry (want options cxlfm event_retention=hold)" "$opts"
result $rc "the modprobe.d entry sets the hold retention policy"

# The unit as systemd reads it, and its sandbox: the exposure score
# Documentation/cxlfmd.md states (1.5 with systemd 252), with a margin of
# 0.1 for what other systemd versions weigh differently.
unit=$st/usr/lib/systemd/system/cxlfmd.service
if ! command -v systemd-analyze >/dev/null; then
	echo "ok $((n + 1)) # SKIP systemd-analyze verify: no systemd-analyze on this host"
	echo "ok $((n + 2)) # SKIP systemd-analyze security: no systemd-analyze on this host"
	n=$((n + 2))
else
	mkdir -p "$tmp/unit"
	# ExecStart's binary must exist where the unit says: the staged one
	sed "s|/usr/sbin/cxlfmd|$st/usr/sbin/cxlfmd|" "$unit" >"$tmp/unit/cxlfmd.service"
	out=$(systemd-analyze verify --man=no "$tmp/unit/cxlfmd.service" 2>&1)
	rc=$?
	[ "$rc" = 0 ] && [ -z "$out" ] || { rc=1; saw "systemd-analyze verify" "$out"; }
	result $rc "systemd-analyze verify: the unit is clean"
	out=$(systemd-analyze security --offline=yes "$tmp/unit/cxlfmd.service" 2>&1)
	score=$(sed -n 's/.*Overall exposure level for cxlfmd.service: \([0-9.]*\).*/\1/p' <<<"$out")
	echo "# systemd-analyze security: exposure $score"
	awk -v s="${score:-99}" 'BEGIN { exit !(s <= 1.6) }'
	rc=$?
	[ "$rc" = 0 ] || saw "systemd-analyze security (want 1.6 or less)" "$(grep -v '^✓' <<<"$out")"
	result $rc "systemd-analyze security: exposure ${score:-unknown}, at most 1.6"
fi

# dkms.conf: only kernels with the CXL core (the module calls into it), and
# the module in the directory make modules_install uses.
mi=$(CXLFM_CACHE=$tmp/no-setup make -n -C "$top" O="$bld" KVER=0.0-test DESTDIR=/mi modules_install 2>&1)
mdir=$(sed -n 's|.*[[:space:]]/mi/lib/modules/0.0-test\(/.*\)/cxlfm.ko$|\1|p' <<<"${mi//\\$'\n'/ }")
conf=$(
	kernel_source_dir= dkms_tree=
	# shellcheck source=/dev/null
	. "$top/dkms.conf"
	echo "BUILD_EXCLUSIVE_CONFIG=$BUILD_EXCLUSIVE_CONFIG"
	echo "DEST_MODULE_LOCATION=${DEST_MODULE_LOCATION[0]}"
)
[[ " $(sed -n 's/^BUILD_EXCLUSIVE_CONFIG=//p' <<<"$conf") " == *" CONFIG_CXL_BUS "* ]] &&
	[ -n "$mdir" ] && [ "DEST_MODULE_LOCATION=$mdir" = "$(grep ^DEST <<<"$conf")" ]
rc=$?
[ "$rc" = 0 ] || { saw "dkms.conf" "$conf"; saw "make -n modules_install (directory: '$mdir')" "$mi"; }
result $rc "dkms.conf: BUILD_EXCLUSIVE_CONFIG has CONFIG_CXL_BUS; DEST_MODULE_LOCATION is make modules_install's"

# dkms: the staged source tree built with dkms.conf's own recipe, for the
# running kernel or else the one `make modules` builds for, with the same
# build directory (the headers set-up unpacked into the cache, when the
# running kernel's are not installed).
# shellcheck source=/dev/null
. "$top/scripts/lib.sh"
kver=$(uname -r)
[ -d "/lib/modules/$kver/build" ] || kver=$(leg_kver 6.1)
kdir=$(kver_kdir "$kver")
echo "# dkms build for $kver in $kdir"
if [ -d "$kdir" ]; then
	make -s -C "$top" install-dkms DESTDIR="$tmp/dkms-src" >/dev/null &&
		src=$(echo "$tmp"/dkms-src/usr/src/cxlfm-*) &&
		ver=${src##*/cxlfm-} &&
		mkdir -p "$tmp/dkms/cxlfm/$ver" &&
		cp -r "$src" "$tmp/dkms/cxlfm/$ver/build" &&
		(
			kernel_source_dir=$kdir dkms_tree=$tmp/dkms kernelver=$kver
			# shellcheck source=/dev/null
			. "$tmp/dkms/cxlfm/$ver/build/dkms.conf"
			cd "$tmp/dkms/cxlfm/$ver/build" && eval "${MAKE[0]}" >"$tmp/dkms.log" 2>&1 &&
				echo "PACKAGE_VERSION $PACKAGE_VERSION, directory $ver" >>"$tmp/dkms.log" &&
				[ "$PACKAGE_VERSION" = "$ver" ] &&
				modinfo "${BUILT_MODULE_LOCATION[0]}/${BUILT_MODULE_NAME[0]}.ko" >>"$tmp/dkms.log" 2>&1 &&
				grep -q "^vermagic: *$kver " "$tmp/dkms.log"
		)
	rc=$?
	[ "$rc" = 0 ] || saw "dkms build (want vermagic $kver)" "$(cat "$tmp/dkms.log" 2>&1)"
	result $rc "dkms.conf's MAKE builds cxlfm.ko where BUILT_MODULE_LOCATION says"
else
	echo "ok $((n += 1)) # SKIP no kernel headers for $kver"
fi

python3 "$top/tools/testing/cxlfm/host/mkjournal.py" "$tmp/j" >"$tmp/want.json"
vg "$st/usr/bin/cxlfm" events -j "$tmp/j" >"$tmp/got.json"
rc=$?
[ "$rc" = 0 ] && python3 -c 'import json, sys
w, g = ([json.loads(l) for l in open(f)] for f in sys.argv[1:])
sys.exit(0 if w == g else 1)' "$tmp/want.json" "$tmp/got.json"
rc=$?
[ "$rc" = 0 ] || saw "cxlfm events, against the journal's objects" "$(diff "$tmp/want.json" "$tmp/got.json" 2>&1)"
result $rc "cxlfm events reads a journal written from the documented format (valgrind clean, rc $rc)"

vg "$st/usr/bin/cxlfm" events -j "$tmp/j" --switch 3 --since 4 >"$tmp/since.json" &&
	python3 -c 'import json, sys
got = [(e["event"], e.get("seq")) for e in map(json.loads, open(sys.argv[1]))]
sys.exit(0 if got == [("gap", 4), ("record", 6), ("gap", 7), ("gap", None), ("cxlfmd-stop", None)] else 1)' "$tmp/since.json"
rc=$?
[ "$rc" = 0 ] || saw "cxlfm events --switch 3 --since 4" "$(cat "$tmp/since.json")"
result $rc "cxlfm events --switch --since on it (valgrind clean)"

# -u after the verb as before it: ISO 8601 UTC receive times, and still
# one object a line; -n: the specification's numbers for enumerations.
"$st/usr/bin/cxlfm" -u events -j "$tmp/j" >"$tmp/human1.json" &&
	"$st/usr/bin/cxlfm" events -j "$tmp/j" -u -v >"$tmp/human2.json" &&
	cmp -s "$tmp/human1.json" "$tmp/human2.json" &&
	"$st/usr/bin/cxlfm" events -n -j "$tmp/j" >"$tmp/numeric.json" &&
	python3 -c 'import json, re, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
num = [json.loads(l) for l in open(sys.argv[2])]
iso = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"
sys.exit(0 if len(objs) == 9 and all(re.fullmatch(iso, o["received"]) for o in objs) and
         [o.get("log") for o in objs if "log" in o] == ["warn"] * 3 + ["fail"] and
         [o.get("log") for o in num if "log" in o] == [1, 1, 1, 2] else 1)' \
	"$tmp/human1.json" "$tmp/numeric.json"
rc=$?
[ "$rc" = 0 ] || saw "cxlfm -u events, events -u -v, events -n" "$(cat "$tmp/human1.json" "$tmp/human2.json" "$tmp/numeric.json" 2>&1)"
result $rc "cxlfm events -u, before or after the verb: ISO 8601 receive times, one object a line; -n: numbers"

# A flipped byte in entry 3: reported in place, the rest still read, exit 1.
cp "$tmp/j" "$tmp/bad"
printf '\xff' | dd of="$tmp/bad" bs=1 seek=$((4 * 256 + 100)) conv=notrunc status=none
vg "$st/usr/bin/cxlfm" events -j "$tmp/bad" >"$tmp/bad.json" 2>"$tmp/bad.err"
rc=$?
sed 's/^/# /' "$tmp/bad.err"
[ "$rc" = 1 ] && grep -q "1 corrupt entries (checksum mismatch)" "$tmp/bad.err" &&
	python3 -c 'import json, sys
got = [(e["index"], e["event"]) for e in map(json.loads, open(sys.argv[1]))]
sys.exit(0 if len(got) == 9 and got[3] == (3, "corrupt") and got[4][0] == 4 else 1)' "$tmp/bad.json"
rc=$?
[ "$rc" = 0 ] || saw "cxlfm events on the damaged journal (exit $rc)" "$(cat "$tmp/bad.json")"
result $rc "cxlfm events on a damaged entry: a corrupt object in its place, exit 1 (valgrind clean)"

out=$(vg "$st/usr/bin/cxlfm" version 2>&1)
vrc=$?
dout=$(vg "$st/usr/sbin/cxlfmd" --version 2>&1)
drc=$?
uout=$(vg "$st/usr/bin/cxlfm" frobnicate 2>&1)
urc=$?
[ "$urc" = 2 ] && [ "$vrc" = 0 ] && [ "$drc" = 0 ] && [ "$out" = "$version" ]
rc=$?
[ "$rc" = 0 ] || { saw "cxlfm version (exit $vrc, want $version)" "$out"; saw "cxlfmd --version (exit $drc)" "$dout"
	saw "cxlfm frobnicate (exit $urc, want 2)" "$uout"; }
result $rc "cxlfm version, cxlfmd --version, a usage error: valgrind clean"

dmake uninstall DESTDIR="$st" PREFIX=/usr >"$tmp/uninstall.log" 2>&1
urc=$?
left=$(cd "$st" && find . ! -type d -o -name '*cxlfm*' | sort)
[ "$urc" = 0 ] && [ -z "$left" ]
rc=$?
[ "$rc" = 0 ] || { saw "make uninstall (exit $urc)" "$(cat "$tmp/uninstall.log")"; saw "left in DESTDIR" "$left"; }
result $rc "make uninstall leaves no file and no cxlfm directory"

[ "$failed" -eq 0 ]
