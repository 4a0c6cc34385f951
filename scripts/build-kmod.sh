#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the kernel modules for one kernel, out of tree, into
# build/kmod/KVER/ (a mirror of the tree's kernel sources made of symlinks,
# so that builds for several kernels never share object files).
# With STRICT=1 the build runs with W=1 and sparse (C=1) and fails on any
# warning either of them prints.
#
# usage: build-kmod.sh KVER KDIR

set -euo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/.." && pwd)
CXLFM_SAY=kmod
. "$CXLFM_TOP/scripts/lib.sh"

kver=$1 kdir=$2
[ -d "$kdir" ] || die "no kernel build dir $kdir (headers for $kver installed? try make setup)"
dst=$CXLFM_TOP/build/kmod/$kver
mkdir -p "$dst/tools/testing/cxlfm"
cp -rs --remove-destination "$CXLFM_TOP/Kbuild" "$CXLFM_TOP/drivers" \
	"$CXLFM_TOP/include" "$dst/"
cp -rs --remove-destination "$CXLFM_TOP/tools/testing/cxlfm/checker" \
	"$CXLFM_TOP/tools/testing/cxlfm/sim" \
	"$CXLFM_TOP/tools/testing/cxlfm/bench" "$dst/tools/testing/cxlfm/"
find "$dst" -xtype l -delete # sources removed from the tree

args=(-C "$kdir" M="$dst")
[ "${STRICT:-0}" = 1 ] && args+=(W=1 C=1)
# From 6.15, kbuild tests the checker (scripts/checker-valid.sh) and drops
# C=1 with only a note when it fails, as Debian 12's sparse 0.6.4 does on
# 7.3's headers: use the newer one set-up builds (scripts/build-sparse.sh).
valid=$kdir/source/scripts/checker-valid.sh
if [ "${STRICT:-0}" = 1 ] && [ -f "$valid" ] && [ "$(sh "$valid" sparse 2>/dev/null)" != 1 ]; then
	check=
	for c in "$CXLFM_CACHE"/tools/sparse-*/sparse; do
		[ -x "$c" ] && [ "$(sh "$valid" "$c" 2>/dev/null)" = 1 ] && check=$c
	done
	[ -n "$check" ] ||
		die "Debian's sparse cannot check $kver's headers and no newer one is built: run scripts/setup.sh"
	say "sparse for $kver: $check"
	args+=(CHECK="$check")
fi
say "building for $kver${STRICT:+ (W=1, sparse)}"
log=$dst/build.log
if ! make "${args[@]}" -j"$(nproc)" modules >"$log" 2>&1; then
	cat "$log" >&2
	die "build for $kver failed"
fi
if [ "${STRICT:-0}" = 1 ] && grep -E 'warning:|error:' "$log" >&2; then
	die "build for $kver is not warning-free (W=1, sparse)"
fi
# Kbuild would have dropped C=1 with only this note: a strict build that
# sparse did not check is not a strict build.
if [ "${STRICT:-0}" = 1 ] && grep -q 'specified, but .* not available or not up to date' "$log"; then
	die "sparse did not run for $kver: $(grep -o 'C=1 specified, but .*' "$log" | head -n1)"
fi
find "$dst" -name '*.ko' -printf "$CXLFM_SAY: %P\n" >&2
