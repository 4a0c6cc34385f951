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

step "Hand the directly attached type-3's mailbox to cxlfm (driver_override)"
for m in /sys/bus/cxl/devices/mem*; do
	[ "$(cat "$m/serial")" = 0x102 ] && bdf=$(basename "$(readlink -f "$m/..")")
done
echo "type-3 with serial 0x102 is $bdf"
echo "$bdf" >/sys/bus/pci/drivers/cxl_pci/unbind
echo cxlfm >"/sys/bus/pci/devices/$bdf/driver_override"
echo "$bdf" >/sys/bus/pci/drivers_probe
echo "now bound to: $(basename "$(readlink "/sys/bus/pci/devices/$bdf/driver")")"
dmesg | grep ' cxlfm ' | tail -n 3

step "Give it back to cxl_pci and unload cxlfm"
echo "$bdf" >/sys/bus/pci/drivers/cxlfm/unbind
echo cxl_pci >"/sys/bus/pci/devices/$bdf/driver_override"
echo "$bdf" >/sys/bus/pci/drivers_probe
rmmod cxlfm
echo "bound to: $(basename "$(readlink "/sys/bus/pci/devices/$bdf/driver")")"
