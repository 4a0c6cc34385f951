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
#     a member added at the end of a list's element: compatible;
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
echo "1..12"

# the tree as it is, committed or not (what make check checks)
mkdir -p "$tmp/pristine"
(cd "$top" && git ls-files -co --exclude-standard -z -- Makefile mk lib include \
	drivers/cxlfm/fmapi scripts tools/testing/cxlfm/host tools/testing/cxlfm/gen) |
	(cd "$top" && xargs -0 cp -P --parents -t "$tmp/pristine")

# Each scenario works on a copy of its own, $t, and reports with res();
# they run side by side, as many as there are CPUs.
res() { # STATUS DESCRIPTION
	printf '%s\t%s\n' "$1" "$2" >>"$t.res"
}

check() { # WANT(pass|fail) [POINT]: run the check on the copy
	CXLFM_ABI_TREE=$t bash "$t/scripts/abi-check.sh" >"$t.out" 2>&1
	local rc=$?
	if [ "$1" = pass ]; then
		[ "$rc" = 0 ] || { saw "abi-check.sh (exit $rc, want 0)" "$(cat "$t.out")"; return 1; }
	else
		[ "$rc" != 0 ] && grep -q "^not ok $2 " "$t.out" ||
			{ saw "abi-check.sh (exit $rc, want point $2 to fail)" "$(cat "$t.out")"; return 1; }
		grep "^not ok\|^#   " "$t.out" | head -12 | sed 's/^/# saw: /'
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

insert_member() {
	edit "$t/include/cxlfm/libcxlfm.h" $'struct cxlfm_cci_info {\n\tunsigned int id;\n' \
		$'struct cxlfm_cci_info {\n\tunsigned int id;\n\tuint32_t abi_test;\n'
}

sc_insert() {
	insert_member && check fail 4
	res $? "a member inserted before the end of struct cxlfm_cci_info is an incompatible change"
	CXLFM_ABI_TREE=$t bash "$t/scripts/abi-check.sh" --baseline >"$t.bl" 2>&1
	local rc=$?
	[ "$rc" != 0 ] && grep -q "refused" "$t.bl" && cmp -s "$t/lib/abi/libcxlfm.so.2.abi" \
		"$tmp/pristine/lib/abi/libcxlfm.so.2.abi"
	rc=$?
	[ "$rc" = 0 ] || saw "make abi-baseline over an incompatible change (want it refused)" "$(cat "$t.bl")"
	res $rc "make abi-baseline refuses to record that change under the same soname"
}

sc_grow_event() {
	edit "$t/include/cxlfm/libcxlfm.h" $'\tstruct cxlfm_event_bg bg;\n};' \
		$'\tstruct cxlfm_event_bg bg;\n\tuint64_t abi_test;\n};' && check pass
	res $? "a member added at the end of struct cxlfm_event (it travels with its size) is compatible"
}

sc_grow_embedded() {
	edit "$t/include/cxlfm/libcxlfm.h" $'\tuint8_t inband_policy;\n};' \
		$'\tuint8_t inband_policy;\n\tuint64_t abi_test;\n};' && check fail 4
	res $? "a member added at the end of struct cxlfm_cci_info, which struct cxlfm_event embeds, is caught"
}

sc_remove() {
	edit "$t/lib/libcxlfm.sym" $'\tcxlfm_rc_desc;\n' '' && check fail 4
	res $? "an exported function removed (cxlfm_rc_desc) is an incompatible change"
}

sc_typed() {
	edit "$t/drivers/cxlfm/fmapi/fmapi_cmds.h" $'struct fmapi_port_info {\n\tu8 port_id;\n' \
		$'struct fmapi_port_info {\n\tu16 port_id;\n' &&
		python3 "$t/tools/testing/cxlfm/gen/gen_fm_types.py" >/dev/null &&
		grep -q 'uint16_t port_id;' "$t/include/cxlfm/fm_types.h" && check fail 4
	res $? "a typed op's struct changed (struct cxlfm_fm_port_info, reached only through void *) is caught"
}

sc_grow_elem() {
	edit "$t/drivers/cxlfm/fmapi/fmapi_cmds.h" \
		$'struct fmapi_ld_alloc {\n\tu64 range1_mult;\n\tu64 range2_mult;\n' \
		$'struct fmapi_ld_alloc {\n\tu64 range1_mult;\n\tu64 range2_mult;\n\tu32 abi_test;\n' &&
		python3 "$t/tools/testing/cxlfm/gen/gen_fm_types.py" >/dev/null && check pass
	res $? "a member added at the end of a list element (struct cxlfm_fm_ld_alloc: its size is passed too) is compatible"
}

newfn() { # NODE: a new exported function in version node NODE
	printf '\nint cxlfm_abi_test(void);\n' >>"$t/lib/private.h"
	printf '\nint cxlfm_abi_test(void)\n{\n\treturn 0;\n}\n' >>"$t/lib/names.c"
	if grep -q "^$1 {" "$t/lib/libcxlfm.sym"; then
		edit "$t/lib/libcxlfm.sym" $'\tcxlfm_new;\n' $'\tcxlfm_new;\n\tcxlfm_abi_test;\n'
	else
		printf '\n%s {\nglobal:\n\tcxlfm_abi_test;\n} LIBCXLFM_2;\n' "$1" >>"$t/lib/libcxlfm.sym"
	fi
}

sc_add_old_node() {
	newfn LIBCXLFM_2 && check fail 4
	res $? "a function added to the existing node LIBCXLFM_2 is caught (programs would not see it missing)"
}

sc_add_new_node() {
	newfn LIBCXLFM_2.1 && check pass
	res $? "a function added in a new node LIBCXLFM_2.1 is compatible"
}

# an incompatible change, with the soname bumped
sc_soname() {
	insert_member && edit "$t/Makefile" 'LIB_SO := libcxlfm.so.2' 'LIB_SO := libcxlfm.so.3' &&
		check fail 2
	res $? "a new soname whose version nodes keep LIBCXLFM_2 is caught"
	sed -i 's/LIBCXLFM_2/LIBCXLFM_3/g' "$t/lib/libcxlfm.sym" && check fail 3
	res $? "with the nodes renamed LIBCXLFM_3: no baseline for libcxlfm.so.3 until one is recorded"
	CXLFM_ABI_TREE=$t bash "$t/scripts/abi-check.sh" --baseline >"$t.bl" 2>&1 &&
		[ -f "$t/lib/abi/libcxlfm.so.3.abi" ] && check pass
	local rc=$?
	[ "$rc" = 0 ] || saw "make abi-baseline" "$(cat "$t.bl")"
	res $rc "make abi-baseline records libcxlfm.so.3's ABI; the check is then clean"
}

scenarios=(sc_insert sc_grow_event sc_grow_embedded sc_remove sc_typed sc_grow_elem sc_add_old_node
	sc_add_new_node sc_soname)
jobs=$(nproc)
for i in "${!scenarios[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	(
		t=$tmp/s$i
		cp -r "$tmp/pristine" "$t"
		"${scenarios[$i]}" >"$t.log" 2>&1
	) &
done
wait
for i in "${!scenarios[@]}"; do
	cat "$tmp/s$i.log"
	while IFS=$'\t' read -r st desc; do
		result "$st" "$desc"
	done <"$tmp/s$i.res"
done
[ "$n" = 12 ] || { echo "not ok $((n + 1)) every scenario reported (saw $n results)"; exit 1; }
exit $((failed != 0))
