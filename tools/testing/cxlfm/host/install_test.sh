#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# On the host, no VM: `make install DESTDIR=... PREFIX=/usr` stages every
# file in its place (library with its soname links, headers, .pc, tools
# without a build-tree rpath, man pages covering every verb, option and
# library function, completion, udev rule, systemd unit), a program outside
# the tree builds against the staged install with pkg-config and runs, the
# dkms.conf build recipe builds cxlfm.ko, and `cxlfm events` reads a journal
# written from the documented format.  The staged tools run under valgrind
# with no error and no leak.  Prints TAP.

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
st=$tmp/stage
n=0 failed=0
result() { # STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else failed=$((failed + 1)); echo "not ok $n $2"; fi
}
saw() { # LABEL TEXT: what a failing check saw, as TAP comments
	echo "# $1:"
	sed 's/^/#   /' <<<"$2"
}
vg() { valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,possible "$@"; }
export LD_LIBRARY_PATH=$st/usr/lib

echo "TAP version 13"
echo "1..18"

make -s -C "$top" install DESTDIR="$st" PREFIX=/usr >"$tmp/install.log" 2>&1
rc=$?
sed 's/^/# /' "$tmp/install.log"
result $rc "make install DESTDIR PREFIX=/usr"

(cd "$st" && find . ! -type d | sort) >"$tmp/files"
cat >"$tmp/want" <<'EOF'
./usr/bin/cxlfm
./usr/include/cxlfm/fm_ops.h
./usr/include/cxlfm/fmapi/fmapi.h
./usr/include/cxlfm/fmapi/fmapi_cmds.h
./usr/include/cxlfm/fmapi/fmapi_events.h
./usr/include/cxlfm/fmapi/fmapi_types.h
./usr/include/cxlfm/libcxlfm.h
./usr/include/linux/cxlfm.h
./usr/lib/libcxlfm.so
./usr/lib/libcxlfm.so.1
./usr/lib/libcxlfm.so.1.0.0
./usr/lib/pkgconfig/libcxlfm.pc
./usr/lib/systemd/system/cxlfmd.service
./usr/lib/udev/rules.d/70-cxlfm.rules
./usr/sbin/cxlfmd
./usr/share/bash-completion/completions/cxlfm
./usr/share/bash-completion/completions/cxlfmd
./usr/share/man/man3/libcxlfm.3
./usr/share/man/man8/cxlfm.8
./usr/share/man/man8/cxlfmd.8
EOF
diff "$tmp/want" "$tmp/files" | sed 's/^/# /'
result "${PIPESTATUS[0]}" "the installed file list"

lib=$st/usr/lib
links="libcxlfm.so -> $(readlink "$lib/libcxlfm.so"), libcxlfm.so.1 -> $(readlink "$lib/libcxlfm.so.1")"
soname=$(readelf -d "$lib/libcxlfm.so.1.0.0" 2>&1 | grep SONAME)
[ "$links" = "libcxlfm.so -> libcxlfm.so.1, libcxlfm.so.1 -> libcxlfm.so.1.0.0" ] &&
	[[ "$soname" == *"[libcxlfm.so.1]"* ]]
rc=$?
[ "$rc" = 0 ] || saw "links, SONAME" "$links"$'\n'"$soname"
result $rc "library: soname libcxlfm.so.1, links .so -> .so.1 -> .so.1.0.0"

! readelf -d "$st/usr/bin/cxlfm" "$st/usr/sbin/cxlfmd" | grep -E 'RPATH|RUNPATH'
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
[ "$hrc" = 0 ] && grep -q "^usage: " <<<"$out" && grep -qF "libcxlfm.so.1 => $lib/" <<<"$deps"
rc=$?
[ "$rc" = 0 ] || { saw "list-switches --help (exit $hrc)" "$out"; saw "ldd (want libcxlfm.so.1 => $lib/)" "$deps"; }
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

out=$(bash -c '. "$1"; COMP_WORDS=(cxlfm ""); COMP_CWORD=1; _cxlfm; echo "${COMPREPLY[@]}"' _ \
	"$st/usr/share/bash-completion/completions/cxlfm")
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
	done | sed -n 's/^  \(-[a-z]\)\?\(, \)\?\(--[a-z0-9-]*\)\?.*/\1 \3/p' >"$tmp/opts.$v"
	bash -c '. "$1"; echo "${_cxlfm_verb_opts[$2]}"' _ \
		"$st/usr/share/bash-completion/completions/cxlfm" "$v" >"$tmp/comp.$v"
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

grep -qx 'ExecStart=/usr/sbin/cxlfmd --foreground --journal /var/lib/cxlfm/events.journal' \
	"$st/usr/lib/systemd/system/cxlfmd.service" &&
	grep -q 'SUBSYSTEM=="cxlfm", ACTION=="change"' "$st/usr/lib/udev/rules.d/70-cxlfm.rules"
rc=$?
[ "$rc" = 0 ] || saw "ExecStart, udev rule" "$(grep -h 'ExecStart\|SUBSYSTEM' "$st/usr/lib/systemd/system/cxlfmd.service" \
	"$st/usr/lib/udev/rules.d/70-cxlfm.rules" 2>&1)"
result $rc "systemd unit runs the installed cxlfmd; udev rule matches cxlfm change uevents"

# dkms: the staged source tree built with dkms.conf's own recipe, for the
# running kernel or else the one `make modules` builds for.
kver=$(uname -r)
if [ ! -d "/lib/modules/$kver/build" ]; then
	# shellcheck source=/dev/null
	. "$top/scripts/lib.sh"
	kver=$(leg_kver 6.1)
fi
kdir=/lib/modules/$kver/build
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

# -u after the verb as before it: ISO 8601 UTC receive times.
"$st/usr/bin/cxlfm" -u events -j "$tmp/j" >"$tmp/human1.json" &&
	"$st/usr/bin/cxlfm" events -j "$tmp/j" -u >"$tmp/human2.json" &&
	cmp -s "$tmp/human1.json" "$tmp/human2.json" &&
	python3 -c 'import json, re, sys
text, dec, objs = sys.stdin.read(), json.JSONDecoder(), []
i = 0
while text[i:].strip():
	o, i = dec.raw_decode(text, len(text) - len(text[i:].lstrip()))
	objs.append(o)
iso = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"
sys.exit(0 if len(objs) == 9 and all(re.fullmatch(iso, o["received"]) for o in objs) else 1)' \
	<"$tmp/human1.json"
rc=$?
[ "$rc" = 0 ] || saw "cxlfm -u events, then events -u" "$(cat "$tmp/human1.json" "$tmp/human2.json" 2>&1)"
result $rc "cxlfm events -u, before or after the verb: ISO 8601 receive times"

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

[ "$failed" -eq 0 ]
