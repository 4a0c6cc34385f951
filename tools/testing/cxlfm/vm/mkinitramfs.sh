#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test VM's initramfs for one kernel dir: static busybox, the
# modules needed to mount the host's root over virtio-9p (with their
# dependencies, in load order, decompressed for busybox's insmod) and
# guest-init.sh as /init.  The result is cached in the kernel dir, keyed by
# this script and guest-init.sh, so it is built once per kernel.
#
# usage: mkinitramfs.sh KERNEL_DIR     (prints the initramfs path)

set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kdir=$1
kver=$(cat "$kdir/kver")
modroot=$kdir/modules

key=$(cat "$0" "$here/guest-init.sh" | sha256sum | cut -c1-12)
img=$kdir/initramfs-$key.cpio.gz
if [ -f "$img" ]; then
	echo "$img"
	exit 0
fi

# A static binary asks for no program interpreter (readelf: binutils, which
# set-up installs with build-essential; file(1) may be absent).
is_static() {
	[ -n "$1" ] && [ -f "$1" ] &&
		! readelf -lW "$1" 2>/dev/null | grep -q 'Requesting program interpreter'
}
busybox=$(command -v busybox || true)
is_static "$busybox" || busybox=/bin/busybox
is_static "$busybox" || { echo "mkinitramfs: need busybox-static" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,newroot,modules,held}
# The kernel opens /dev/console for /init before anything is mounted.
mknod -m 600 "$stage/dev/console" c 5 1
cp "$busybox" "$stage/bin/busybox"
for applet in sh mount umount mkdir insmod chroot poweroff sleep cat echo \
	ln grep sync; do
	ln -s busybox "$stage/bin/$applet"
done
cp "$here/guest-init.sh" "$stage/init"
chmod 755 "$stage/init"

# Depth-first walk of modinfo's "depends", so dependencies load first.
declare -A seen=()
order=()
add_module() {
	local name=$1 file dep deps
	[ -z "${seen[$name]:-}" ] || return 0
	seen[$name]=1
	file=$(modinfo -b "$modroot" -k "$kver" -F filename "$name" 2>/dev/null) ||
		{ echo "mkinitramfs: $name not found for $kver" >&2; exit 1; }
	case "$file" in
	"(builtin)" | "") return 0 ;;
	esac
	deps=$(modinfo -b "$modroot" -k "$kver" -F depends "$name")
	for dep in ${deps//,/ }; do
		add_module "$dep"
	done
	# modinfo -b already names the file below the base dir.
	case "$file" in
	*.ko.xz) xz -dc "$file" >"$stage/modules/$name.ko" ;;
	*.ko.zst) zstd -qdc "$file" >"$stage/modules/$name.ko" ;;
	*.ko.gz) gzip -dc "$file" >"$stage/modules/$name.ko" ;;
	*) cp "$file" "$stage/modules/$name.ko" ;;
	esac
	order+=("$name")
}
for m in virtio_pci 9pnet_virtio 9p; do
	add_module "$m"
done
: >"$stage/modules/order"
[ ${#order[@]} -eq 0 ] || printf '%s\n' "${order[@]}" >"$stage/modules/order"

(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$img.tmp.$$"
mv "$img.tmp.$$" "$img"
rm -f $(ls "$kdir"/initramfs-*.cpio.gz | grep -v -- "$key")
echo "$img"
