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
. "$CXLFM_TREE/tools/testing/cxlfm/vm/guest-lib.sh"
bdf=$(direct_type3)
echo "the type-3 on the second root port is $bdf"
pci_bind_to cxlfm "$bdf"
echo "now bound to: $(basename "$(readlink "/sys/bus/pci/devices/$bdf/driver")")"
dmesg | grep 'cxlfm cxlfm' | tail -n 1

step "cxlfm -u list: the CCIs cxlfm owns, over generic netlink"
$cxlfm -u list
id=$(cci_id_of "$bdf")
step "cxlfm raw: Get Supported Logs (0x0400), read-only, so CAP_SYS_ADMIN suffices"
$cxlfm raw -s "$id" 0x0400
step "A command the device does not list is refused before it reaches the mailbox"
$cxlfm raw -s "$id" 0x5100 || true
step "sysfs: /sys/class/cxlfm/cxlfm$id"
grep -H . /sys/class/cxlfm/cxlfm"$id"/{transport,payload_size,state,supported_opcodes}

step "Give it back to cxl_pci and unload cxlfm"
pci_bind_to cxl_pci "$bdf"
echo "bound to: $(basename "$(readlink "/sys/bus/pci/devices/$bdf/driver")")"
kill -TERM "$monitor"
wait "$monitor"
step "What 'cxlfm monitor' printed meanwhile"
cat /tmp/monitor.json
rmmod cxlfm
