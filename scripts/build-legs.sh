#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the kernel modules for each named leg (W=1 and sparse, warnings are
# errors) and the userspace side once (WERROR=1: warnings are errors too).
#
# usage: build-legs.sh LEG...

set -euo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/.." && pwd)
CXLFM_SAY=build
. "$CXLFM_TOP/scripts/lib.sh"

for leg in "$@"; do
	kdir=$(leg_kernel_dir "$leg")
	[ -f "$kdir/.complete" ] || die "kernel for $leg not prepared: run scripts/setup.sh $leg"
	STRICT=1 bash "$CXLFM_TOP/scripts/build-kmod.sh" "$(cat "$kdir/kver")" "$kdir/build"
done
# Warnings are errors here (make check, developers), not in a plain make.
make -s -C "$CXLFM_TOP" user WERROR=1
