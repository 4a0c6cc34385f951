#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Idempotent set-up for building and testing cxlfm on Debian 12:
#   1. installs the Debian packages that are missing (needs root); none of
#      them is a kernel or pulls one in (tools/testing/cxlfm/host/boot_test.sh);
#   2. unpacks each stock kernel leg's image, modules and headers into the
#      cache (apt-get download + dpkg -x: nothing goes into the host's /boot,
#      /lib/modules or /usr/src, nothing is added to the boot menu);
#   3. builds the kernel legs that are built here, 6.12-debug and 7.3 (cached,
#      see tools/testing/cxlfm/kernel/), and for 7.3 a sparse that can
#      read its headers (scripts/build-sparse.sh);
#   4. builds Debian 13's QEMU 10.0, which every leg but 6.1 runs on
#      (scripts/build-qemu.sh; cached);
#   5. extracts the pieces of linux-source we use (kselftest harness and
#      runner, checkpatch.pl, tools/net/ynl) into the cache, and with the 7.3
#      leg 7.3's YNL (tools/net/ynl, Documentation/netlink), whose
#      ynl_gen_c.py make check runs on the spec.
# A second run does nothing but check.
#
# usage: setup.sh [LEG...]        (default: every leg in $CXLFM_LEGS)
#        setup.sh --stock-only [LEG...]
#                                  all but the kernels built here and QEMU
#                                  (make check builds those in the background)
#        setup.sh --qemu           only Debian 13's QEMU
#        setup.sh --print-packages  the Debian packages it installs, one a line

set -euo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/.." && pwd)
CXLFM_SAY=setup
. "$CXLFM_TOP/scripts/lib.sh"

# No linux-headers-*: linux-headers-6.12-amd64 depends on its
# linux-image, which would put a kernel into /boot and the boot menu.  The
# kernels' headers are unpacked into the cache instead (prepare_stock_headers).
# linux-source-6.12 is a tarball in /usr/src, no kernel.  strace, man-db,
# systemd and procps are for the host tests (cli_args_test, install_test;
# the unit's ExecReload runs procps' /bin/kill): a minimal Debian 12
# (debootstrap's minbase) has none of them.  libmicrohttpd (with GnuTLS),
# libcrypt build cxlfm-redfishd; openssl, curl, jq, Debian's redfishtool
# and python3-sushy drive it in its tests, iproute2 makes the namespaces of
# its remote-FM test (the guest runs the host's root over 9p, so they need
# no place in the initramfs).  ninja-build, GLib, zlib, libattr and
# python3-venv build Debian 13's QEMU (scripts/build-qemu.sh), whose
# firmware comes from qemu-system-x86's packages.
packages=(
	build-essential bc bison flex cpio kmod pkg-config xz-utils zstd
	libelf-dev libssl-dev dwarves ccache sparse
	qemu-system-x86 busybox-static socat pciutils
	linux-source-6.12
	libnl-3-dev libnl-genl-3-dev libkmod-dev libjson-c-dev
	python3 python3-yaml python3-jsonschema
	valgrind clang libclang-rt-14-dev scdoc abigail-tools
	strace man-db systemd procps
	libmicrohttpd-dev libgnutls28-dev libcrypt-dev openssl curl jq redfishtool
	python3-sushy iproute2
	ninja-build libglib2.0-dev zlib1g-dev libattr1-dev python3-venv
)

if [ "${1:-}" = --print-packages ]; then
	printf '%s\n' "${packages[@]}"
	exit 0
fi
if [ "${1:-}" = --qemu ]; then
	bash "$CXLFM_TOP/scripts/build-qemu.sh" >/dev/null
	exit
fi
stock_only=0
if [ "${1:-}" = --stock-only ]; then
	stock_only=1
	shift
fi
legs=("$@")
[ ${#legs[@]} -gt 0 ] || read -r -a legs <<<"$CXLFM_LEGS"

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

# Download Debian packages by name into directory $1 (as apt's own user
# when it can enter the cache, else as root, without a warning).
download_debs() {
	local to=$1 sandbox=()

	shift
	[ "$(id -u)" -ne 0 ] || sandbox=(-o APT::Sandbox::User=root)
	(cd "$to" && apt-get download -q "${sandbox[@]}" "$@" >&2)
}

# The packages that make up a stock kernel's headers: linux-headers-KVER and
# what it depends on among linux-headers-* and linux-kbuild-* (the common
# headers, Kbuild's scripts and host programs).  Not its linux-image-*
# dependency, nor the compiler (gcc-12, from build-essential).
stock_headers_packages() {
	local kver=$1

	echo "linux-headers-$kver"
	apt-cache depends "linux-headers-$kver" 2>/dev/null |
		sed -n 's/^ *|\?Depends: \(linux-\(headers\|kbuild\)-[^ <>]*\)$/\1/p' | sort -u
}

# Unpack stock leg $1's headers (release $2) into $3/ (a root: usr/src, usr/lib, lib)
# and make it a self-contained KDIR: every absolute symlink and the
# Makefile's include of the common headers point into $3/, not at the host's
# /usr/src or /usr/lib (where nothing is installed).
prepare_stock_headers() {
	local leg=$1 kver=$2 root=$3 tmp pkgs deb link target mk
	tmp=$(mktemp -d "$CXLFM_CACHE/tmp.XXXXXX")
	mapfile -t pkgs < <(stock_headers_packages "$kver")
	[ ${#pkgs[@]} -ge 3 ] ||
		die "cannot resolve the headers packages of $kver (got: ${pkgs[*]}; run 'apt-get update'?)"
	say "kernel $leg: fetching ${pkgs[*]}"
	download_debs "$tmp" "${pkgs[@]}"
	for deb in "$tmp"/*.deb; do
		dpkg -x "$deb" "$tmp/root"
	done
	while IFS= read -r -d '' link; do
		target=$(readlink "$link")
		ln -sfn "$root$target" "$link"
	done < <(find "$tmp/root" -type l -lname '/*' -print0)
	for mk in "$tmp"/root/usr/src/linux-headers-*/Makefile; do
		sed -i "s|^include /usr/src/|include $root/usr/src/|" "$mk"
	done
	rm -rf "$root"
	mv "$tmp/root" "$root"
	rm -rf "$tmp"
	[ -f "$root/usr/src/linux-headers-$kver/Makefile" ] && [ -e "$root/lib/modules/$kver/build/scripts/Makefile.build" ] ||
		die "the headers of $kver unpacked into $root do not make a KDIR"
	touch "$root/.complete"
}

# A stock Debian kernel in the cache: image, modules (depmod'ed) and headers,
# all unpacked with dpkg -x, none installed.  `build` is the KDIR.
prepare_stock_kernel() {
	local leg=$1 kver dir tmp
	kver=$(leg_kver "$leg")
	dir=$CXLFM_CACHE/kernels/$kver
	if [ -f "$dir/.complete" ] && [ -f "$dir/headers/.complete" ] &&
		[ "$(readlink "$dir/build")" = "headers/usr/src/linux-headers-$kver" ]; then
		say "kernel $leg: $kver (cached)"
		return
	fi
	# A cache from before the headers were unpacked keeps its image.
	[ -f "$dir/.complete" ] || rm -rf "$dir"
	mkdir -p "$dir"
	[ -f "$dir/headers/.complete" ] || prepare_stock_headers "$leg" "$kver" "$dir/headers"
	ln -sfn "headers/usr/src/linux-headers-$kver" "$dir/build"
	if [ -f "$dir/.complete" ]; then
		say "kernel $leg: $kver headers unpacked into the cache"
		return
	fi
	say "kernel $leg: fetching linux-image-$kver"
	tmp=$(mktemp -d "$CXLFM_CACHE/tmp.XXXXXX")
	download_debs "$tmp" "linux-image-$kver"
	dpkg -x "$tmp"/linux-image-*.deb "$tmp/root"
	mkdir -p "$dir/modules/lib"
	mv "$tmp/root/boot/vmlinuz-$kver" "$dir/vmlinuz"
	mv "$tmp/root/lib/modules" "$dir/modules/lib/modules"
	echo "$kver" >"$dir/kver"
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

# 7.3's YNL, from the source the 7.3 leg builds (fetched and unpacked here
# if the leg has not been built yet; the build then finds it unpacked):
# $CXLFM_CACHE/src-tools/ynl-7.3 -> 7.3-VERSION/{tools/net/ynl,Documentation/netlink}
prepare_ynl_tools() {
	local src ver dir tmp
	src=$(CXLFM_CACHE=$CXLFM_CACHE bash "$CXLFM_TOP/tools/testing/cxlfm/kernel/build-kernel.sh" --source 7.3)
	ver=${src##*/linux-source-7.3-}
	dir=$CXLFM_CACHE/src-tools/7.3-$ver
	if [ -f "$dir/.complete" ]; then
		say "linux-source-7.3 YNL $ver (cached)"
	else
		say "extracting ynl from linux-source-7.3 $ver"
		tmp=$(mktemp -d "$CXLFM_CACHE/tmp.XXXXXX")
		chmod 755 "$tmp"
		mkdir -p "$tmp/tools/net" "$tmp/Documentation"
		cp -a "$src/tools/net/ynl" "$tmp/tools/net/"
		cp -a "$src/Documentation/netlink" "$tmp/Documentation/"
		rm -rf "$dir"
		mv "$tmp" "$dir"
		touch "$dir/.complete"
	fi
	ln -sfn "$dir" "$CXLFM_CACHE/src-tools/ynl-7.3"
}

mkdir -p "$CXLFM_CACHE/kernels" "$CXLFM_CACHE/src-tools"
install_packages
# The test VM mounts this host's root read-only and puts the guest kernel's
# modules over /lib/modules, which a host without any kernel installed (a
# container, a chroot) lacks: an empty directory, as kmod expects anyway.
if [ ! -d /lib/modules ]; then
	[ "$(id -u)" -eq 0 ] || die "no /lib/modules for the test VM to mount over; run: sudo mkdir /lib/modules"
	mkdir -p /lib/modules
fi
prepare_source_tools
for leg in "${legs[@]}"; do
	[ "$leg" != 7.3 ] || prepare_ynl_tools
done
# Debian 12's sparse is too old for the headers of a kernel whose kbuild
# tests its checker and finds it wanting (7.3): build a newer one.
prepare_checker() {
	local valid=$1/build/source/scripts/checker-valid.sh
	[ -f "$valid" ] && [ "$(sh "$valid" sparse 2>/dev/null)" != 1 ] || return 0
	say "sparse: Debian 12's cannot check $(cat "$1/kver")'s headers"
	bash "$CXLFM_TOP/scripts/build-sparse.sh" >/dev/null
}

for leg in "${legs[@]}"; do
	if ! leg_has_debian12_qemu "$leg" && [ "$stock_only" = 0 ] && [ -z "${qemu_built:-}" ]; then
		bash "$CXLFM_TOP/scripts/build-qemu.sh" >/dev/null
		qemu_built=1
	fi
	if leg_is_built "$leg"; then
		[ "$stock_only" = 0 ] || continue
		say "kernel $leg: building or reusing (a cold build: 17 min alone on 2 cores)"
		prepare_checker "$(bash "$CXLFM_TOP/tools/testing/cxlfm/kernel/build-kernel.sh" "$leg")"
	else
		prepare_stock_kernel "$leg"
	fi
done
say "done"
