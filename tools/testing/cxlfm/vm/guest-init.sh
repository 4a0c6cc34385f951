#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test VM (busybox).  Mounts the host's root read-only over
# virtio-9p, lays tmpfs over the places a running system writes to, makes
# the kernel's own modules appear under /lib/modules, mounts the run's output
# directory read-write at the same path as on the host, then runs
# guest-run.sh from the tree inside that root and powers off.
#
# The kernel passes cxlfm_out=, cxlfm_kdir= and cxlfm_cache= from its
# command line to us as environment variables.

export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

fail() {
	echo "guest-init: $*"
	poweroff -f
}

while read -r m; do
	insmod "/modules/$m.ko" || fail "insmod $m failed"
done </modules/order

mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144,cache=loose \
	hostroot /newroot || fail "cannot mount the host root over 9p"
# The tree and the cache may live below a directory that gets a tmpfs (a
# clone in /tmp): hold them aside and put them back on top of the tmpfs.
tree=$(cat "/newroot$cxlfm_out/tree")
n=0
for p in "$tree" "$cxlfm_cache"; do
	n=$((n + 1))
	mkdir -p "/held/$n"
	mount -o bind "/newroot$p" "/held/$n" || fail "cannot hold $p"
done
for d in tmp run var/tmp; do
	mount -t tmpfs tmpfs "/newroot/$d" || fail "tmpfs on /$d"
done
n=0
for p in "$tree" "$cxlfm_cache"; do
	n=$((n + 1))
	if [ -d "/newroot$p" ]; then
		umount "/held/$n"
	else
		mkdir -p "/newroot$p"
		mount --move "/held/$n" "/newroot$p" || fail "cannot put $p back"
	fi
done
kver=$(cat "/newroot$cxlfm_kdir/kver")
mount -t tmpfs tmpfs /newroot/lib/modules || fail "tmpfs on /lib/modules"
mkdir -p "/newroot/lib/modules/$kver"
mount -o bind "/newroot$cxlfm_kdir/modules/lib/modules/$kver" \
	"/newroot/lib/modules/$kver" || fail "cannot bind the modules of $kver"
mkdir -p "/newroot$cxlfm_out"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 cxlfm_out \
	"/newroot$cxlfm_out" || fail "cannot mount the output share"

mount --move /dev /newroot/dev
mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts devpts /newroot/dev/pts
mount -t tmpfs tmpfs /newroot/dev/shm

chroot /newroot /bin/bash "$tree/tools/testing/cxlfm/vm/guest-run.sh" "$cxlfm_out"
sync
poweroff -f
