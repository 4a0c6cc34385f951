#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: set up what is missing, build, boot the test VM on Debian's
# 6.1 kernel and walk through what cxlfm does today.

set -euo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/.." && pwd)
CXLFM_SAY=demo
. "$CXLFM_TOP/scripts/lib.sh"
leg=${LEG:-6.1}

say "setting up (Debian packages, the $leg kernel)"
bash "$CXLFM_TOP/scripts/setup.sh" "$leg"
say "building cxlfm for $leg"
bash "$CXLFM_TOP/scripts/build-legs.sh" "$leg"
say "booting the test VM: QEMU, a CXL switch with two type-3 devices and one directly attached"
out=$CXLFM_TOP/build/vm/demo
rc=0
bash "$CXLFM_TOP/tools/testing/cxlfm/vm/run.sh" --leg "$leg" --out "$out" \
	'demo=bash $CXLFM_TREE/tools/testing/cxlfm/vm/demo-guest.sh' >"$out.log" 2>&1 || rc=$?
cat "$out/groups/demo.log" 2>/dev/null || true
tail -n 3 "$out.log"
exit "$rc"
