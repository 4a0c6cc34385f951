#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or find in the cache) the QEMU that the test VMs of every leg but
# 6.1 run on: Debian 13's QEMU 10.0, whose CXL models have the Switch
# Mailbox CCI (cxl-switch-mailbox-cci) and type-3 mailboxes that interrupt
# (Documentation/testing/vm.md, "Each release with its own QEMU").
#
# Debian 13's source package is fetched through a private apt configuration
# (scripts/apt-private.sh: nothing is added to the host's apt sources), and
# Debian 13's meson (architecture-independent; Debian 12's 0.63 is too old
# and the repacked source bundles none) is unpacked beside it, not
# installed.  Only the x86_64 system emulator is built, with no optional
# feature but TCG, virtfs and xattr, and only the devices the test topology
# uses (tools/testing/cxlfm/qemu/cxlfm.mak).  Firmware comes from Debian
# 12's own packages (seabios, qemu-system-data): the repacked source carries
# none.
#
# usage: build-qemu.sh [--print]
#   --print  print the binary's path if it is built, else fail; no network
# stdout: one line, the path of the binary
#         ($CXLFM_CACHE/qemu/<version>-<key>/qemu-system-x86_64)
# Environment: CXLFM_JOBS (default: nproc)

set -euo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/.." && pwd)
CXLFM_SAY=qemu
. "$CXLFM_TOP/scripts/lib.sh"
. "$CXLFM_TOP/scripts/apt-private.sh"

suite=trixie
devices=$CXLFM_TOP/tools/testing/cxlfm/qemu/cxlfm.mak
firmware=/usr/share/qemu:/usr/share/seabios

# The cache key: what makes the binary (this script, the device list, the
# source version, the compiler).  --print reads the version from the
# private lists, so it needs no network.
version_of() {
	apt_private "$suite" apt-cache showsrc qemu 2>/dev/null |
		sed -n 's/^Version: //p' | sort -V | tail -n1
}
out_dir() { # VERSION
	local key
	key=$(cat "$CXLFM_TOP/scripts/build-qemu.sh" "$devices" <(echo "$1") <(gcc -dumpfullversion) |
		sha256sum | cut -c1-12)
	echo "$CXLFM_CACHE/qemu/${1//:/_}-$key"
}

if [ "${1:-}" = --print ]; then
	[ -d "$CXLFM_CACHE/apt/$suite/lists" ] || die "no apt lists for $suite: run scripts/setup.sh"
	out=$(out_dir "$(version_of)")
	[ -x "$out/qemu-system-x86_64" ] || die "QEMU is not built: run scripts/setup.sh"
	echo "$out/qemu-system-x86_64"
	exit 0
fi

apt_private_refresh "$suite" deb deb-src
version=$(version_of)
[ -n "$version" ] || die "no qemu source package in $suite's lists"
out=$(out_dir "$version")
if [ -x "$out/qemu-system-x86_64" ]; then
	say "QEMU $version (cached)"
	echo "$out/qemu-system-x86_64"
	exit 0
fi
for f in /usr/share/seabios/bios-256k.bin /usr/share/qemu/linuxboot_dma.bin; do
	[ -f "$f" ] || die "missing firmware $f (Debian 12's seabios and qemu-system-data)"
done

tmp=$(mktemp -d "$CXLFM_CACHE/tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
say "fetching QEMU $version and meson from $suite"
(cd "$tmp" && apt_private "$suite" apt-get source --download-only "qemu=$version" >&2 &&
	apt_private "$suite" apt-get download meson >&2) ||
	die "cannot fetch the qemu source package or meson from $suite"
(cd "$tmp" && dpkg-source --no-check -x ./qemu_*.dsc src >/dev/null) ||
	die "cannot unpack the qemu source package"
dpkg -x "$tmp"/meson_*.deb "$tmp/meson"
mesonpath=$tmp/meson/usr/lib/python3/dist-packages
[ -d "$mesonpath/mesonbuild" ] || die "no mesonbuild in Debian 13's meson package"

cp "$devices" "$tmp/src/configs/devices/x86_64-softmmu/cxlfm.mak"
mkdir "$tmp/src/build"
say "configuring (log: $out.log)"
mkdir -p "$CXLFM_CACHE/qemu"
# KVM is left out with the rest: the test VMs run under TCG (a stock kernel
# cannot run on this machine's /dev/kvm).  No download: the source lacks
# the dtc subproject, and x86_64 needs no libfdt.  No debug information:
# nobody debugs this binary, and it is most of the compile's time.
(cd "$tmp/src/build" && PYTHONPATH=$mesonpath ../configure \
	--python=/usr/bin/python3 --target-list=x86_64-softmmu \
	--without-default-features --without-default-devices \
	--with-devices-x86_64=cxlfm --enable-tcg --enable-virtfs --enable-attr \
	--disable-fdt --disable-download --disable-docs --disable-install-blobs \
	--disable-debug-info --disable-werror \
	--firmwarepath="$firmware") >"$out.log" 2>&1 || {
	tail -n 30 "$out.log" >&2
	die "QEMU $version did not configure (log: $out.log)"
}
export CCACHE_DIR=$CXLFM_CACHE/ccache CCACHE_BASEDIR=$tmp CCACHE_NOHASHDIR=1
say "compiling qemu-system-x86_64 with -j${CXLFM_JOBS:-$(nproc)}"
PYTHONPATH=$mesonpath ninja -C "$tmp/src/build" -j"${CXLFM_JOBS:-$(nproc)}" \
	qemu-system-x86_64 >>"$out.log" 2>&1 || {
	grep -m5 -A10 FAILED "$out.log" >&2
	die "QEMU $version did not build (log: $out.log)"
}
rm -rf "$out" "$out.tmp"
mkdir -p "$out.tmp"
cp "$tmp/src/build/qemu-system-x86_64" "$out.tmp/"
"$out.tmp/qemu-system-x86_64" --version | head -n1 >"$out.tmp/version"
mv -T "$out.tmp" "$out"
mv "$out.log" "$out/build.log"
# Older builds (another version or key) are no longer used.
find "$CXLFM_CACHE/qemu" -mindepth 1 -maxdepth 1 ! -path "$out" -exec rm -rf {} +
say "$(cat "$out/version") in $out"
echo "$out/qemu-system-x86_64"
