#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl --strict (from linux-source, see setup.sh) over every kernel
# source file of the project.  Exits non-zero on any error, warning or check.

set -euo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/.." && pwd)
CXLFM_SAY=checkpatch
. "$CXLFM_TOP/scripts/lib.sh"

cp=$CXLFM_CACHE/src-tools/current/scripts/checkpatch.pl
[ -x "$cp" ] || die "checkpatch.pl missing: run scripts/setup.sh"
cd "$CXLFM_TOP"
mapfile -t files < <(git ls-files -co --exclude-standard -- 'drivers/*.[ch]' \
	'tools/testing/cxlfm/checker/*.[ch]' 'tools/testing/cxlfm/sim/*.[ch]' \
	'tools/testing/cxlfm/bench/mcbench.c' 'include/uapi/*.h')
# The FM-API descriptor macros take type and member names (offsetof and
# sizeof of the same member), which cannot have side effects: that one
# check is waived for the file that defines them, and only there.
desc=drivers/cxlfm/fmapi/fmapi_internal.h
# compat.h is where cxlfm tells kernel versions apart; where no macro marks a
# change (a renamed variable), it compares LINUX_VERSION_CODE, which
# checkpatch rightly refuses everywhere else.
compat=drivers/cxlfm/compat.h
# nl_gen.[ch] are ynl_gen_c.py's, kept as it writes them (make check
# compares): it names a policy array after its op and sizes it by the last
# attribute's name, a declaration that may pass 100 columns.
gen=(drivers/cxlfm/nl_gen.c drivers/cxlfm/nl_gen.h)
rc=0
"$cp" --no-tree --strict --quiet --show-types -f \
	$(printf '%s\n' "${files[@]}" | grep -vx -e "$desc" -e "$compat" \
		-e "${gen[0]}" -e "${gen[1]}") || rc=1
"$cp" --no-tree --strict --quiet --show-types --ignore LONG_LINE \
	-f "${gen[@]}" || rc=1
"$cp" --no-tree --strict --quiet --show-types \
	--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f "$compat" || rc=1
"$cp" --no-tree --strict --quiet --show-types --ignore MACRO_ARG_REUSE \
	-f "$desc" || rc=1
[ "$rc" = 0 ] || die "checkpatch found problems"
say "${#files[@]} files clean"
