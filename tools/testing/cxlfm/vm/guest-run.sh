#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test VM (host root over 9p, read-only).  Executes the test
# groups the host runner wrote into OUT/groups.list, one after another, and
# reports through files in OUT (a read-write 9p share), never through the
# console:
#   OUT/groups/NAME.log   the group's output (TAP from kselftests)
#   OUT/groups/NAME.rc    its exit status
#   OUT/kmemleak.txt      kmemleak reports, scanned after each group while
#                         its modules are still loaded
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

# Scan while the group's modules are still loaded, so that backtraces keep
# their symbols.  kmemleak reports an object only once it is 5 s old, so
# this scan sees what the group leaked up to 5 s before it ended; a leak
# from its last seconds is reported after the next group (the report's
# "age" and backtrace tell whose it is) or by the last scan, which waits
# the 5 s out.  Waiting after every group cost 6 s times the 36 groups of
# the debug leg.
kmemleak_scan() { # NAME [SECONDS TO WAIT FIRST]
	[ -n "$kmemleak" ] || return 0
	[ -z "${2:-}" ] || sleep "$2"
	echo scan >"$kmemleak"
	if [ -s "$kmemleak" ]; then
		{
			echo "== kmemleak after $1 =="
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
	kmemleak_scan "$name"
	unload_ours
	log "group $name: exit $(cat "$out/groups/$name.rc")"
done <"$out/groups.list"
kmemleak_scan "module unload" 6

dmesg >"$out/dmesg.txt"
cat /proc/sys/kernel/tainted >"$out/tainted"
echo done >"$out/status"
sync
