#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest half of 'make bench': cxlfm takes the directly attached type-3,
# cxl_pci keeps the identical one behind the switch (serial 0x100).
set -e
insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/class")" = 0x050210 ] || continue
	parent=$(basename "$(readlink -f "$d/..")")
	[ "$(cat "/sys/bus/pci/devices/$parent/device")" = 0xa129 ] && continue
	bdf=$(basename "$d")
done
echo "$bdf" >"/sys/bus/pci/devices/$bdf/driver/unbind"
echo cxlfm >"/sys/bus/pci/devices/$bdf/driver_override"
echo "$bdf" >/sys/bus/pci/drivers_probe
id=$(ls "/sys/bus/pci/devices/$bdf/cxlfm" | sed 's/cxlfm//')
for m in /sys/bus/cxl/devices/mem*; do
	[ "$(cat "$m/serial")" = 0x100 ] && memdev=/dev/cxl/$(basename "$m")
done
echo "kernel $(uname -r); cxlfm CCI $id on $bdf; in-tree $memdev"
"$CXLFM_USER/bench/rtt_bench" "$id" "$memdev" "${CXLFM_BENCH_ROUNDS:-2000}"
