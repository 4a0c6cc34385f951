#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test VM (host root over 9p, read-only).  Executes the test
# groups the host runner wrote into OUT/groups.list, one after another, and
# reports through files in OUT (a read-write 9p share), never through the
# console:
#   OUT/groups/NAME.log   the group's output (TAP from kselftests)
#   OUT/groups/NAME.rc    its exit status
#   OUT/kmemleak.txt      kmemleak reports, scanned after the last group
#   OUT/dmesg.txt, OUT/tainted, OUT/status (written last: its presence says
#                         the guest finished)

out=$1
# shellcheck source=/dev/null
set -a
. "$out/job.env"
set +a
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export CXLFM_OUT=$out HOME=/tmp TERM=dumb
cd "$CXLFM_TREE" || exit 1
hostname cxlfm-vm

mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
kmemleak=/sys/kernel/debug/kmemleak
[ -w "$kmemleak" ] || kmemleak=

log() { echo "guest-run: $*" | tee /dev/kmsg >/dev/null; }

# Debian's CXL drivers; without udev nothing loads them on its own.
for m in virtio_console cxl_acpi cxl_pci cxl_port cxl_mem cxl_pmem; do
	modprobe -q "$m" 2>/dev/null || log "note: no module $m"
done

if [ -n "$kmemleak" ]; then
	# Whatever boot left behind is not ours to report.
	echo scan >"$kmemleak"
	echo clear >"$kmemleak"
fi

# Leaks are looked for once, after the last group: scanning (and
# unloading) after every group took 5 to 24 s each under KASAN and TCG,
# 311 s of a 1 359 s debug leg.  kmemleak reports an object only once it is 5 s
# old and unreferenced in two scans running (the first records its
# checksum), hence the wait and the two scans.  A report names the task
# that allocated (comm: the group's test binary for what a request
# allocated) and its backtrace; the frames of a module unloaded since show
# as addresses (Documentation/testing/debug-kernel.md).
kmemleak_scan() { # WHEN
	[ -n "$kmemleak" ] || return 0
	sleep 6
	echo scan >"$kmemleak"
	echo scan >"$kmemleak"
	if [ -s "$kmemleak" ]; then
		{
			echo "== kmemleak $1 =="
			cat "$kmemleak"
		} | tee -a "$out/kmemleak.txt"
		echo clear >"$kmemleak"
	fi
}

unload_ours() {
	local m
	for m in $CXLFM_UNLOAD; do
		[ -d "/sys/module/$m" ] && rmmod "$m"
	done
}

mkdir -p "$out/groups"
if [ "$CXLFM_INTERACTIVE" = 1 ]; then
	echo "cxlfm test VM ($(uname -r)): tree at $CXLFM_TREE, modules in \$CXLFM_KMOD."
	echo "Exit the shell to power off."
	PS1='cxlfm-vm# ' setsid -c bash --norc -i </dev/ttyS0 >/dev/ttyS0 2>&1
fi
log "start $(uname -r)"
while IFS=$'\t' read -r name cmd; do
	[ -n "$name" ] || continue
	log "group $name: $cmd"
	bash -c "$cmd" >"$out/groups/$name.log" 2>&1 </dev/null
	echo $? >"$out/groups/$name.rc"
	unload_ours
	log "group $name: exit $(cat "$out/groups/$name.rc")"
done <"$out/groups.list"
kmemleak_scan "after the last group"

dmesg >"$out/dmesg.txt"
cat /proc/sys/kernel/tainted >"$out/tainted"
echo done >"$out/status"
sync
