#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest half of 'make demo'.  Each step says what it shows.
set -e
step() { printf '\n### %s\n' "$*"; }

step "The CXL topology QEMU built, as PCI sees it"
lspci -tv
step "Debian's CXL drivers found these objects"
ls /sys/bus/cxl/devices | tr '\n' ' '; echo

step "Load cxlfm.ko"
insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"
ls -d /sys/bus/pci/drivers/cxlfm && modinfo -F parm "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"

cxlfm=$CXLFM_USER/bin/cxlfm
step "Start 'cxlfm monitor': one JSON object per event (printed at the end)"
$cxlfm monitor >/tmp/monitor.json &
monitor=$!
sleep 1

step "Hand the directly attached type-3's mailbox to cxlfm (driver_override)"
for m in /sys/bus/cxl/devices/mem*; do
	[ "$(cat "$m/serial")" = 0x102 ] && bdf=$(basename "$(readlink -f "$m/..")")
done
echo "type-3 with serial 0x102 is $bdf"
echo "$bdf" >/sys/bus/pci/drivers/cxl_pci/unbind
echo cxlfm >"/sys/bus/pci/devices/$bdf/driver_override"
echo "$bdf" >/sys/bus/pci/drivers_probe
echo "now bound to: $(basename "$(readlink "/sys/bus/pci/devices/$bdf/driver")")"
dmesg | grep 'cxlfm cxlfm' | tail -n 1

step "cxlfm -u list: the CCIs cxlfm owns, over generic netlink"
$cxlfm -u list
id=$(ls "/sys/bus/pci/devices/$bdf/cxlfm" | sed 's/cxlfm//')
step "cxlfm raw: Get Supported Logs (0x0400), read-only, so CAP_SYS_ADMIN suffices"
$cxlfm raw -s "$id" 0x0400
step "A command the device does not list is refused before it reaches the mailbox"
$cxlfm raw -s "$id" 0x5100 || true
step "sysfs: /sys/class/cxlfm/cxlfm$id"
grep -H . /sys/class/cxlfm/cxlfm"$id"/{transport,payload_size,state,supported_opcodes}

step "Give it back to cxl_pci and unload cxlfm"
echo "$bdf" >/sys/bus/pci/drivers/cxlfm/unbind
echo cxl_pci >"/sys/bus/pci/devices/$bdf/driver_override"
echo "$bdf" >/sys/bus/pci/drivers_probe
echo "bound to: $(basename "$(readlink "/sys/bus/pci/devices/$bdf/driver")")"
kill -TERM "$monitor"
wait "$monitor"
step "What 'cxlfm monitor' printed meanwhile"
cat /tmp/monitor.json
rmmod cxlfm
