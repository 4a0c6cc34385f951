#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test VM (busybox).  Mounts the host's root read-only over
# virtio-9p, lays tmpfs over the places a running system writes to, makes
# the kernel's own modules appear under /lib/modules, mounts the run's output
# directory read-write at the same path as on the host, then runs
# guest-run.sh from the tree inside that root and powers off.
#
# The kernel passes cxlfm_out= and cxlfm_kdir= from its command line to us
# as environment variables.

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
for d in tmp run var/tmp; do
	mount -t tmpfs tmpfs "/newroot/$d" || fail "tmpfs on /$d"
done
kver=$(cat "/newroot$cxlfm_kdir/kver")
mount -t tmpfs tmpfs /newroot/lib/modules || fail "tmpfs on /lib/modules"
mkdir -p "/newroot/lib/modules/$kver"
mount -o bind "/newroot$cxlfm_kdir/modules/lib/modules/$kver" \
	"/newroot/lib/modules/$kver" || fail "cannot bind the modules of $kver"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 cxlfm_out \
	"/newroot$cxlfm_out" || fail "cannot mount the output share"

mount --move /dev /newroot/dev
mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts devpts /newroot/dev/pts
mount -t tmpfs tmpfs /newroot/dev/shm

tree=$(cat "/newroot$cxlfm_out/tree")
chroot /newroot /bin/bash "$tree/tools/testing/cxlfm/vm/guest-run.sh" "$cxlfm_out"
sync
poweroff -f
