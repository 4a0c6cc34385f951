#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or find in the cache) a sparse new enough for the kernels built
# here.  From 6.15, kbuild first checks the checker (scripts/checker-valid.sh:
# a __typeof_unqual__ declaration) and turns C=1 off with only a note when it
# fails; Debian 12's sparse 0.6.4 fails it on 7.3's headers.  Debian's sid
# carries a sparse that passes (0.6.5~rc1 when this was written): its source
# package is fetched through a private apt configuration (nothing is added to
# the host's apt sources) and only the sparse binary is built, with the
# host's gcc, in about 20 s.
#
# usage: build-sparse.sh
# stdout: one line, the path of the sparse binary
#         ($CXLFM_CACHE/tools/sparse-<version>/sparse)

set -euo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/.." && pwd)
CXLFM_SAY=sparse
. "$CXLFM_TOP/scripts/lib.sh"
. "$CXLFM_TOP/scripts/apt-private.sh"

suite=sid
apt_private_refresh "$suite" deb-src
version=$(apt_private "$suite" apt-cache showsrc sparse 2>/dev/null |
	sed -n 's/^Version: //p' | sort -V | tail -n1)
[ -n "$version" ] || die "no sparse source package in $suite's lists"
out=$CXLFM_CACHE/tools/sparse-${version//:/_}
if [ -x "$out/sparse" ]; then
	echo "$out/sparse"
	exit 0
fi

tmp=$(mktemp -d "$CXLFM_CACHE/tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
say "fetching and building sparse $version from $suite's sources"
(cd "$tmp" && apt_private "$suite" apt-get source --download-only "sparse=$version" >&2) ||
	die "apt-get source sparse=$version failed"
(cd "$tmp" && dpkg-source --no-check -x ./*.dsc src >/dev/null) ||
	die "cannot unpack the sparse source package"
# The packaging names its own compiler in the Makefile: use the host's.
make -C "$tmp/src" -j"$(nproc)" CC=gcc sparse >"$tmp/build.log" 2>&1 || {
	cat "$tmp/build.log" >&2
	die "sparse $version did not build"
}
mkdir -p "$out.tmp"
cp "$tmp/src/sparse" "$out.tmp/"
rm -rf "$out"
mv -T "$out.tmp" "$out"
say "sparse $version in $out"
echo "$out/sparse"
