#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Idempotent set-up for building and testing cxlfm on Debian 12:
#   1. installs the Debian packages that are missing (needs root);
#   2. unpacks each stock kernel leg's image and modules into the cache
#      (apt-get download + dpkg -x: nothing goes into the host's /boot);
#   3. builds the debug kernel leg (cached, see tools/testing/cxlfm/kernel/);
#   4. extracts the pieces of linux-source we use (kselftest harness and
#      runner, checkpatch.pl, tools/net/ynl) into the cache.
# A second run does nothing but check.
#
# usage: setup.sh [LEG...]     (default: every leg in $CXLFM_LEGS)

set -euo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/.." && pwd)
CXLFM_SAY=setup
. "$CXLFM_TOP/scripts/lib.sh"

legs=("$@")
[ ${#legs[@]} -gt 0 ] || read -r -a legs <<<"$CXLFM_LEGS"

packages=(
	build-essential bc bison flex cpio kmod pkg-config xz-utils zstd
	libelf-dev libssl-dev dwarves ccache sparse
	qemu-system-x86 busybox-static socat pciutils
	linux-headers-amd64 linux-headers-6.12-amd64 linux-source-6.12
	libnl-3-dev libnl-genl-3-dev libkmod-dev libjson-c-dev
	python3 python3-yaml python3-jsonschema
	valgrind clang libclang-rt-14-dev scdoc
)

install_packages() {
	local missing=() p
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		say "all ${#packages[@]} Debian packages present"
		return
	fi
	say "installing from Debian: ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		die "not root; run: sudo apt-get install ${missing[*]}"
	fi
	export DEBIAN_FRONTEND=noninteractive
	# Refresh the lists once if they are absent or older than a day.
	if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mtime -1 2>/dev/null | head -n1)" ]; then
		apt-get update -q >&2
	fi
	apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# Unpack a stock Debian kernel (image + modules) into the cache.
prepare_stock_kernel() {
	local leg=$1 kver dir tmp
	kver=$(leg_kver "$leg")
	dir=$CXLFM_CACHE/kernels/$kver
	if [ -f "$dir/.complete" ]; then
		say "kernel $leg: $kver (cached)"
		return
	fi
	say "kernel $leg: fetching linux-image-$kver"
	[ -d "/lib/modules/$kver/build" ] ||
		die "headers for $kver missing: apt-get install linux-headers-$kver"
	tmp=$(mktemp -d "$CXLFM_CACHE/tmp.XXXXXX")
	chmod 755 "$tmp" # apt's download user must be able to write here
	(cd "$tmp" && apt-get download -q "linux-image-$kver" >&2)
	dpkg -x "$tmp"/linux-image-*.deb "$tmp/root"
	rm -rf "$dir"
	mkdir -p "$dir/modules/lib"
	mv "$tmp/root/boot/vmlinuz-$kver" "$dir/vmlinuz"
	mv "$tmp/root/lib/modules" "$dir/modules/lib/modules"
	echo "$kver" >"$dir/kver"
	ln -s "/lib/modules/$kver/build" "$dir/build"
	depmod -b "$dir/modules" "$kver"
	rm -rf "$tmp"
	touch "$dir/.complete"
	say "kernel $leg: $kver unpacked into the cache"
}

# The parts of linux-source-6.12 we use, extracted once per source version.
prepare_source_tools() {
	local ver dir tmp top=linux-source-6.12
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	dir=$CXLFM_CACHE/src-tools/$ver
	if [ -f "$dir/.complete" ]; then
		say "linux-source tools $ver (cached)"
	else
		say "extracting kselftest, checkpatch and ynl from linux-source $ver"
		tmp=$(mktemp -d "$CXLFM_CACHE/tmp.XXXXXX")
		tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$tmp" \
			"$top/tools/testing/selftests/kselftest_harness.h" \
			"$top/tools/testing/selftests/kselftest.h" \
			"$top/tools/testing/selftests/kselftest" \
			"$top/scripts/checkpatch.pl" \
			"$top/scripts/spelling.txt" \
			"$top/scripts/const_structs.checkpatch" \
			"$top/scripts/kernel-doc" \
			"$top/tools/net/ynl" \
			"$top/Documentation/netlink"
		rm -rf "$dir"
		mv "$tmp/$top" "$dir"
		rm -rf "$tmp"
		touch "$dir/.complete"
	fi
	ln -sfn "$dir" "$CXLFM_CACHE/src-tools/current"
}

mkdir -p "$CXLFM_CACHE/kernels" "$CXLFM_CACHE/src-tools"
install_packages
prepare_source_tools
for leg in "${legs[@]}"; do
	if leg_is_built "$leg"; then
		say "kernel $leg: building or reusing (cold build ~15 min)"
		bash "$CXLFM_TOP/tools/testing/cxlfm/kernel/build-kernel.sh" "$leg" >/dev/null
	else
		prepare_stock_kernel "$leg"
	fi
done
say "done"
