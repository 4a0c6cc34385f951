#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one kernel leg under QEMU (TCG) with a CXL switch topology, run test
# groups inside it and judge the run.  See Documentation/testing/vm.md.
#
# usage: run.sh --leg LEG [options] NAME=COMMAND...
#   --leg LEG          6.1, 6.12, 6.12-debug or 7.3 (see scripts/lib.sh)
#   --out DIR          results directory (default build/vm/LEG)
#   --timeout SEC      hard limit for the whole boot-to-poweroff (default 600)
#   --append ARGS      extra kernel command-line arguments
#   --qemu ARGS        extra QEMU arguments (e.g. more -device options)
#   --interactive      a shell on the console instead of test groups (make vm)
#   --no-memcheck      boot the stock kernels without their memory checks
#                      (slub_debug, KFENCE), as benchmarks measure
# Each NAME=COMMAND is one test group: COMMAND runs under bash in the guest,
# in the tree, with CXLFM_* variables set (see guest-run.sh).  The run fails
# if a group fails, the guest does not finish in time, or the guest's kernel
# log shows any Oops, BUG, WARNING, call trace, KASAN/KFENCE/slub, lockdep,
# kmemleak, list or debug-objects report.

set -euo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/../../../.." && pwd)
. "$CXLFM_TOP/scripts/lib.sh"

leg= out= timeout=600 append= qemu_extra= interactive=0 memcheck=1
groups=()
while [ $# -gt 0 ]; do
	case "$1" in
	--leg) leg=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--qemu) qemu_extra=$2; shift 2 ;;
	--interactive) interactive=1; shift ;;
	--no-memcheck) memcheck=0; shift ;;
	*=*) groups+=("$1"); shift ;;
	*) die "unknown argument '$1'" ;;
	esac
done
[ -n "$leg" ] || die "--leg is required"
CXLFM_SAY="vm[$leg]"

kdir=$(leg_kernel_dir "$leg")
[ -f "$kdir/.complete" ] || die "kernel for $leg is not prepared: run scripts/setup.sh $leg"
kver=$(cat "$kdir/kver")
out=${out:-$CXLFM_TOP/build/vm/$leg}
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
# The guest mounts this root read-only and needs these to mount over.
for d in /lib/modules /tmp /run /var/tmp /dev /proc /sys; do
	[ -d "$d" ] || die "the test VM mounts over $d, which this host lacks (scripts/setup.sh creates /lib/modules)"
done
initrd=$(bash "$CXLFM_TOP/tools/testing/cxlfm/vm/mkinitramfs.sh" "$kdir")

# Each leg's QEMU (leg_qemu in scripts/lib.sh): 6.1 on Debian 12's 7.2,
# the others on Debian 13's 10.0, whose type-3 mailboxes interrupt and
# whose switch has a Switch Mailbox CCI.
qemu_bin=$(leg_qemu "$leg")
qemu_version=$("$qemu_bin" --version | sed -n '1s/^QEMU emulator version //p')
[ -n "$qemu_version" ] || die "$qemu_bin does not say its version"
case "$qemu_version" in
7.*) switch_cci=0 ;;
*) switch_cci=1 ;;
esac

# Per-leg kernel arguments.  QEMU 7.2's type-3 devices make cxl_pci (6.12
# and later) fail "Failed to get interrupt for event Info log" unless MSI
# is off; 6.1's cxl_pci sets no event interrupt up, and QEMU 10.0's
# type-3s give it, so no leg boots with pci=nomsi now
# (Documentation/testing/vm.md).  6.1 boots without the PCIe port services
# (pcie_ports=compat): the OS then asks the firmware for no native hotplug,
# so that one leg shows cxlfm acting on a hot-plug capable slot pciehp does
# not own, while pciehp owns it on every other leg (slot_owner_test).  The
# debug kernel waits 30 s on an ACPI IRQ timeout with kmemleak unless
# acpi=noirq.  The stock kernels check memory too: slub red zones, poison
# and sanity checks on 6.1, KFENCE on every allocation it can take on 6.12,
# both on 7.3 (the debug leg has KASAN), so that an out-of-bounds access,
# e.g. on a malformed response, turns the run red (see
# Documentation/testing/vm.md).  Benchmarks leave those checks out:
# slub_debug alone makes 6.1's allocations several times slower.
leg_args=
case "$leg" in
6.1) leg_args="slub_debug=FZPU pcie_ports=compat" ;;
6.12) leg_args="kfence.sample_interval=1" ;;
6.12-debug) leg_args="acpi=noirq kasan_multi_shot" ;;
7.3) leg_args="kfence.sample_interval=1 slub_debug=FZPU" ;;
esac
[ "$memcheck" = 1 ] ||
	leg_args=$(sed 's/slub_debug=[^ ]*//; s/kfence.sample_interval=[^ ]*//' <<<"$leg_args")

echo "$CXLFM_TOP" >"$out/tree"
cat >"$out/job.env" <<EOF
CXLFM_TREE=$CXLFM_TOP
CXLFM_LEG=$leg
CXLFM_KVER=$kver
CXLFM_KMOD=$CXLFM_TOP/build/kmod/$kver
CXLFM_USER=$CXLFM_TOP/build/user
CXLFM_YNL=$CXLFM_CACHE/src-tools/current/tools/net/ynl/cli.py
CXLFM_UNLOAD="cxlfm_checker_test cxlfm_sim cxlfm"
CXLFM_INTERACTIVE=$interactive
CXLFM_QEMU_VERSION=$(printf %q "$qemu_version")
CXLFM_SWITCH_CCI=$switch_cci
EOF
: >"$out/groups.list"
for g in "${groups[@]}"; do
	printf '%s\t%s\n' "${g%%=*}" "${g#*=}" >>"$out/groups.list"
done

# Short socket paths: AF_UNIX paths are limited to 108 bytes.
sockdir=$(mktemp -d /tmp/cxlfm-vm.XXXXXX)
relay=
cleanup() {
	[ -z "$relay" ] || kill "$relay" 2>/dev/null || true
	rm -rf "$sockdir"
}
trap cleanup EXIT

# The test topology (see Documentation/testing/vm.md):
#   pxb-cxl cxl.1 -- rp0 -- switch us0 (port 8) -- dsp0 (port 0, hotplug=off) -- t3 mem0
#                 |                             `- dsp1 (port 1, hotplug)    -- t3 mem1
#                 `- rp1 -- t3 mem2 (directly attached: mailbox transport tests)
# On QEMU 10.0 the switch has a Switch Mailbox CCI (class 0x0C0B00), swcci0:
# function 1 of the upstream port's slot, the port itself function 0, as a
# switch presents its CCI beside its upstream port.
usp=cxl-upstream,port=8,bus=rp0,id=us0
[ "$switch_cci" = 0 ] || usp+=,addr=0.0,multifunction=on
topology=(
	-object "memory-backend-file,id=cxl-mem0,share=on,mem-path=$out/cxl-mem0.raw,size=256M"
	-object "memory-backend-file,id=cxl-lsa0,share=on,mem-path=$out/cxl-lsa0.raw,size=1M"
	-object "memory-backend-file,id=cxl-mem1,share=on,mem-path=$out/cxl-mem1.raw,size=256M"
	-object "memory-backend-file,id=cxl-lsa1,share=on,mem-path=$out/cxl-lsa1.raw,size=1M"
	-object "memory-backend-file,id=cxl-mem2,share=on,mem-path=$out/cxl-mem2.raw,size=256M"
	-object "memory-backend-file,id=cxl-lsa2,share=on,mem-path=$out/cxl-lsa2.raw,size=1M"
	-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1
	-device cxl-rp,port=0,bus=cxl.1,id=rp0,chassis=0,slot=2
	-device cxl-rp,port=1,bus=cxl.1,id=rp1,chassis=0,slot=3
	-device "$usp"
	-device cxl-downstream,port=0,bus=us0,id=dsp0,chassis=0,slot=4,hotplug=off
	-device cxl-downstream,port=1,bus=us0,id=dsp1,chassis=0,slot=5
	-device cxl-type3,bus=dsp0,memdev=cxl-mem0,lsa=cxl-lsa0,id=mem0,sn=0x100
	-device cxl-type3,bus=dsp1,memdev=cxl-mem1,lsa=cxl-lsa1,id=mem1,sn=0x101
	-device cxl-type3,bus=rp1,memdev=cxl-mem2,lsa=cxl-lsa2,id=mem2,sn=0x102
	-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G
)
if [ "$switch_cci" = 1 ]; then
	topology+=(-device cxl-switch-mailbox-cci,bus=rp0,addr=0.1,target=us0,id=swcci0)
fi

# The guest CPU has no 5-level paging (la57=off): 6.12 decides
# pgtable_l5_enabled() from the boot CPU's feature bits, which
# identify_cpu() clears and fills again during boot, and an interrupt in
# that window made KASAN take the 5-level direct map for wild addresses
# and hang the debug kernel before init (Documentation/testing/vm.md).
cmdline="console=ttyS0 oops=panic panic=-1 panic_on_warn=0 printk.time=1"
cmdline+=" cxlfm_out=$out cxlfm_kdir=$kdir cxlfm_cache=$CXLFM_CACHE $leg_args $append"
qemu=(
	"$qemu_bin" -machine q35,cxl=on -accel tcg,thread=multi -cpu max,la57=off
	-smp 2 -m 2G -nodefaults -no-reboot -display none
	-kernel "$kdir/vmlinuz" -initrd "$initrd" -append "$cmdline"
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$out,mount_tag=cxlfm_out,security_model=none,multidevs=remap"
	-chardev "socket,id=hmp,path=$sockdir/monitor,server=on,wait=off"
	-mon chardev=hmp,mode=readline
	-device virtio-serial-pci,id=vser
	-chardev "socket,id=gmon,path=$sockdir/guest-monitor,server=on,wait=off"
	-device virtserialport,bus=vser.0,chardev=gmon,name=org.cxlfm.monitor
	"${topology[@]}"
)
if [ "$interactive" = 1 ]; then
	qemu+=(-serial mon:stdio)
else
	qemu+=(-chardev "file,id=con,path=$out/console.log" -serial chardev:con)
fi
# shellcheck disable=SC2206
qemu+=($qemu_extra)
printf '%q ' "${qemu[@]}" >"$out/qemu-cmdline"

echo "$qemu_version" >"$out/qemu-version"
say "booting $kver on QEMU $qemu_version (timeout ${timeout}s), results in $out"
start=$(date +%s.%N)
set +e

# Let a guest test drive the QEMU monitor (device_add/device_del) through a
# virtio-serial port: relay it to the monitor once both sockets exist.
start_relay() {
	for _ in $(seq 50); do
		[ -S "$sockdir/monitor" ] && [ -S "$sockdir/guest-monitor" ] && break
		sleep 0.1
	done
	socat "UNIX-CONNECT:$sockdir/guest-monitor" "UNIX-CONNECT:$sockdir/monitor" \
		</dev/null >/dev/null 2>&1 &
	relay=$!
}

if [ "$interactive" = 1 ]; then
	"${qemu[@]}" &
	qpid=$!
	start_relay
	wait "$qpid"
	exit 0
fi

# A kernel that crashes or hangs before it runs /init has run no cxlfm
# code and no test.  Under TCG, Debian's 6.12 rarely does (an int3 left by
# code patching on one vCPU, seen once in CI): such a boot is retried once
# and the runner says so; its console is kept as console-boot1.log.  A boot
# that reaches /init is judged as it is, whatever happens after.
boot_deadline=240
reached_init() { grep -qa "Run /init as init process" "$out/console.log" 2>/dev/null; }

boot() {
	rm -f "$out/boot-hung"
	# A hard limit that holds whatever the guest does.
	timeout --signal=KILL "$timeout" "${qemu[@]}" </dev/null >/dev/null 2>"$out/qemu.stderr" &
	qpid=$!
	start_relay
	# Stop a boot that has not reached /init by the deadline.
	(
		for _ in $(seq "$boot_deadline"); do
			sleep 1
			reached_init && exit 0
			kill -0 "$qpid" 2>/dev/null || exit 0
		done
		touch "$out/boot-hung"
		kill "$qpid"
	) &
	watchdog=$!
	wait "$qpid"
	qrc=$?
	kill "$watchdog" "$relay" 2>/dev/null
	wait "$watchdog" "$relay" 2>/dev/null
	relay=
}

boot
if ! reached_init && [ "$qrc" != 137 ]; then
	mv "$out/console.log" "$out/console-boot1.log"
	say "the kernel $([ -f "$out/boot-hung" ] && echo "hung" || echo "stopped") before /init (no cxlfm code had run; see console-boot1.log): booting once more"
	grep -aE "Oops:|BUG:|Kernel panic|WARNING:" "$out/console-boot1.log" | head -3 | sed 's/^/  /' >&2
	boot
fi
timed_out=0
[ "$qrc" = 137 ] && timed_out=1
[ "$qrc" = 0 ] || [ "$timed_out" = 1 ] || sed 's/^/qemu: /' "$out/qemu.stderr" >&2
set -e
secs=$(echo "$(date +%s.%N) - $start" | bc)

exec python3 "$CXLFM_TOP/tools/testing/cxlfm/vm/judge.py" --leg "$leg" \
	--out "$out" --seconds "$secs" --timeout "$timeout" --timed-out "$timed_out"
