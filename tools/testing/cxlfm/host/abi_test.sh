#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# On the host, no VM: the ABI check (scripts/abi-check.sh) catches a break,
# so that it cannot pass silently.  A copy of the tree is changed the ways
# a release could change libcxlfm, and the check (and make abi-baseline)
# run on the copy must tell each compatible change from each incompatible
# one:
#
#   - a member inserted before the end of a struct: caught, and the
#     baseline is not re-recorded over it;
#   - a member added at the end of a struct (it travels with its size):
#     compatible, unless another struct embeds it;
#   - an exported function removed: caught;
#   - a typed op's struct changed (reached only through void *): caught;
#   - a function added to the existing version node: caught; in a new node:
#     compatible;
#   - a new soname whose version nodes keep the old name: caught; with
#     nodes renamed after it: no baseline until make abi-baseline records
#     one, then clean.
#
# Prints TAP.

set -uo pipefail
top=$(cd "$(dirname "$0")/../../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/tap.sh"
t=$tmp/tree

echo "TAP version 13"
echo "1..11"

# the tree as it is, committed or not (what make check checks)
mkdir -p "$t"
(cd "$top" && git ls-files -co --exclude-standard -z -- Makefile mk lib include \
	drivers/cxlfm/fmapi scripts tools/testing/cxlfm/host tools/testing/cxlfm/gen) |
	(cd "$top" && xargs -0 cp -P --parents -t "$t")
cp -r "$t" "$tmp/pristine"
reset() { rm -rf "$t" && cp -r "$tmp/pristine" "$t"; }

check() { # WANT(pass|fail) [POINT]: run the check on the copy
	CXLFM_ABI_TREE=$t bash "$t/scripts/abi-check.sh" >"$tmp/out" 2>&1
	local rc=$?
	if [ "$1" = pass ]; then
		[ "$rc" = 0 ] || { saw "abi-check.sh (exit $rc, want 0)" "$(cat "$tmp/out")"; return 1; }
	else
		[ "$rc" != 0 ] && grep -q "^not ok $2 " "$tmp/out" ||
			{ saw "abi-check.sh (exit $rc, want point $2 to fail)" "$(cat "$tmp/out")"; return 1; }
		grep "^not ok\|^#   " "$tmp/out" | head -12 | sed 's/^/# saw: /'
	fi
	return 0
}

edit() { # FILE PYTHON-REPLACEMENTS...: old new pairs, each must match once
	python3 - "$@" <<'PY'
import sys
path, pairs = sys.argv[1], sys.argv[2:]
s = open(path).read()
for old, new in zip(pairs[::2], pairs[1::2]):
    if s.count(old) != 1:
        sys.exit(f"{path}: {old!r} found {s.count(old)} times")
    s = s.replace(old, new)
open(path, "w").write(s)
PY
}

hdr=$t/include/cxlfm/libcxlfm.h
sym=$t/lib/libcxlfm.sym

reset
edit "$hdr" $'struct cxlfm_cci_info {\n\tunsigned int id;\n' \
	$'struct cxlfm_cci_info {\n\tunsigned int id;\n\tuint32_t abi_test;\n' &&
	check fail 4
result $? "a member inserted before the end of struct cxlfm_cci_info is an incompatible change"

CXLFM_ABI_TREE=$t bash "$t/scripts/abi-check.sh" --baseline >"$tmp/out" 2>&1
rc=$?
[ "$rc" != 0 ] && grep -q "refused" "$tmp/out" && cmp -s "$t/lib/abi/libcxlfm.so.2.abi" \
	"$tmp/pristine/lib/abi/libcxlfm.so.2.abi"
rc=$?
[ "$rc" = 0 ] || saw "make abi-baseline over an incompatible change (want it refused)" "$(cat "$tmp/out")"
result $rc "make abi-baseline refuses to record that change under the same soname"

reset
edit "$hdr" $'\tstruct cxlfm_event_bg bg;\n};' $'\tstruct cxlfm_event_bg bg;\n\tuint64_t abi_test;\n};' &&
	check pass
result $? "a member added at the end of struct cxlfm_event (it travels with its size) is compatible"

reset
edit "$hdr" $'\tuint8_t inband_policy;\n};' $'\tuint8_t inband_policy;\n\tuint64_t abi_test;\n};' &&
	check fail 4
result $? "a member added at the end of struct cxlfm_cci_info, which struct cxlfm_event embeds, is caught"

reset
edit "$sym" $'\tcxlfm_rc_desc;\n' '' && check fail 4
result $? "an exported function removed (cxlfm_rc_desc) is an incompatible change"

reset
edit "$t/drivers/cxlfm/fmapi/fmapi_cmds.h" $'struct fmapi_port_info {\n\tu8 port_id;\n' \
	$'struct fmapi_port_info {\n\tu16 port_id;\n' &&
	python3 "$t/tools/testing/cxlfm/gen/gen_fm_types.py" >/dev/null &&
	grep -q 'uint16_t port_id;' "$t/include/cxlfm/fm_types.h" && check fail 4
result $? "a typed op's struct changed (struct cxlfm_fm_port_info, reached only through void *) is caught"

newfn() { # NODE: a new exported function in version node NODE
	printf '\nint cxlfm_abi_test(void);\n' >>"$t/lib/private.h"
	printf '\nint cxlfm_abi_test(void)\n{\n\treturn 0;\n}\n' >>"$t/lib/names.c"
	if grep -q "^$1 {" "$sym"; then
		edit "$sym" $'\tcxlfm_new;\n' $'\tcxlfm_new;\n\tcxlfm_abi_test;\n'
	else
		printf '\n%s {\nglobal:\n\tcxlfm_abi_test;\n} LIBCXLFM_2;\n' "$1" >>"$sym"
	fi
}
reset
newfn LIBCXLFM_2 && check fail 4
result $? "a function added to the existing node LIBCXLFM_2 is caught (programs would not see it missing)"
reset
newfn LIBCXLFM_2.1 && check pass
result $? "a function added in a new node LIBCXLFM_2.1 is compatible"

# an incompatible change, with the soname bumped
reset
edit "$hdr" $'struct cxlfm_cci_info {\n\tunsigned int id;\n' \
	$'struct cxlfm_cci_info {\n\tunsigned int id;\n\tuint32_t abi_test;\n' &&
	edit "$t/Makefile" 'LIB_SO := libcxlfm.so.2' 'LIB_SO := libcxlfm.so.3' &&
	check fail 2
result $? "a new soname whose version nodes keep LIBCXLFM_2 is caught"

sed -i 's/LIBCXLFM_2/LIBCXLFM_3/g' "$sym" && check fail 3
result $? "with the nodes renamed LIBCXLFM_3: no baseline for libcxlfm.so.3 until one is recorded"

CXLFM_ABI_TREE=$t bash "$t/scripts/abi-check.sh" --baseline >"$tmp/bl" 2>&1 &&
	[ -f "$t/lib/abi/libcxlfm.so.3.abi" ] && check pass
rc=$?
[ "$rc" = 0 ] || saw "make abi-baseline" "$(cat "$tmp/bl")"
result $rc "make abi-baseline records libcxlfm.so.3's ABI; the check is then clean"
exit $((failed != 0))
