#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest half of 'make bench': cxlfm takes the directly attached type-3,
# cxl_pci keeps the identical one behind the switch (serial 0x100).  Then
# the simulated-switch benchmarks: event drain efficiency, event fan-out
# against a bare multicast loop (cxlfm_mcbench.ko), footprint, and the
# fabric snapshot of a 256-port switch at three payload sizes.
set -e
insmod "$CXLFM_KMOD/drivers/cxlfm/cxlfm.ko"
insmod "$CXLFM_KMOD/tools/testing/cxlfm/bench/cxlfm_mcbench.ko"
. "$CXLFM_TREE/tools/testing/cxlfm/vm/guest-lib.sh"
bdf=$(direct_type3)
pci_bind_to cxlfm "$bdf"
id=$(cci_id_of "$bdf")
for m in /sys/bus/cxl/devices/mem*; do
	[ "$(cat "$m/serial")" = 0x100 ] && memdev=/dev/cxl/$(basename "$m")
done
echo "kernel $(uname -r); cxlfm CCI $id on $bdf; in-tree $memdev"
"$CXLFM_USER/bench/rtt_bench" "$id" "$memdev" "${CXLFM_BENCH_ROUNDS:-2000}"

insmod "$CXLFM_KMOD/tools/testing/cxlfm/sim/cxlfm_sim.ko"
# 10 000 records over the four logs: 2 500 per log; the event interrupt,
# as a switch with MSI/MSI-X has it, so that no poll interval is measured
echo "90 log_cap=2500 event_irq=1" >/sys/bus/cxlfm_sim/new_device
sleep 1
"$CXLFM_USER/bench/drain_bench" 90 "${CXLFM_BENCH_EVENTS:-10000}"
# the same drain to a durable consumer, which acknowledges each batch
"$CXLFM_USER/bench/drain_bench" 90 "${CXLFM_BENCH_EVENTS:-10000}" durable
"$CXLFM_USER/bench/fanout_bench" 90 "${CXLFM_BENCH_EVENTS:-10000}"
echo 90 >/sys/bus/cxlfm_sim/del_device
"$CXLFM_USER/bench/footprint_bench" 100 64 "$CXLFM_USER/bin/cxlfm"
# 256 ports, 32 VCSs of 255 vPPBs (the most a VCS can count), 32 MLDs
for payload in 256 2048 65536; do
	echo "200 ports=256 vcs=32 vppbs=255 mld=32-63 lds=12 payload=$payload" \
		>/sys/bus/cxlfm_sim/new_device
	sleep 1
	"$CXLFM_USER/bench/snapshot_bench" 200 "$CXLFM_USER/bin/cxlfm" 5
	echo 200 >/sys/bus/cxlfm_sim/del_device
done
