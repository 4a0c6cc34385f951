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

step "Give it back to cxl_pci"
pci_bind_to cxl_pci "$bdf"
echo "bound to: $(basename "$(readlink "/sys/bus/pci/devices/$bdf/driver")")"

step "The fabric tour: start cxlfmd, the event daemon, with its journal"
journal=$(mktemp -d)/events.journal
"$CXLFM_USER/bin/cxlfmd" -f -j "$journal" 2>/dev/null &
daemon=$!

step "A simulated switch CCI that stands for QEMU's switch (cxlfm_sim, usp=)"
insmod "$CXLFM_KMOD/tools/testing/cxlfm/sim/cxlfm_sim.ko"
usp=$(qemu_usp)
echo "QEMU's switch upstream port is $usp; vPPB i of VCS 0 stands for its downstream port i"
echo "1 ports=4 vcs=1 vppbs=2 bg_ms=500 event_irq=1 usp=$usp" >/sys/bus/cxlfm_sim/new_device
sleep 1
sw=$(sed 's/^cxlfm//' /sys/bus/cxlfm_sim/devices/sim1/cci)
$cxlfm -u list -s "$sw"
step "cxlfm topo: the fabric as a tree"
$cxlfm topo -s "$sw"

step "The same fabric through Redfish: cxlfm-redfishd, read with Debian's redfishtool"
rf=$(mktemp -d)
ip link set lo up
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
	-keyout "$rf/key.pem" -out "$rf/cert.pem" -subj /CN=localhost 2>/dev/null
echo "demo:ReadOnly:$(echo demo-pw | "$CXLFM_USER/bin/cxlfm-redfishd" --hash-password=sha512)" \
	>"$rf/passwd"
"$CXLFM_USER/bin/cxlfm-redfishd" --listen 127.0.0.1:8443 --cert "$rf/cert.pem" \
	--key "$rf/key.pem" --passwd "$rf/passwd" 2>/dev/null &
redfishd=$!
for _ in $(seq 100); do curl -sk -o /dev/null https://127.0.0.1:8443/redfish && break; sleep 0.2; done
rft() { redfishtool -r 127.0.0.1:8443 -S Always -u demo -p demo-pw -A Session raw GET "$1"; }
F=/redfish/v1/Fabrics/CXL$sw
echo "GET $F/Switches/Switch$sw (the switch, its CXL object):"
rft "$F/Switches/Switch$sw" | jq -c '{Id, SwitchType, CXL}'
echo "GET $F/Switches/Switch$sw/Ports/N (each port):"
for p in 0 1 2 3; do
	rft "$F/Switches/Switch$sw/Ports/$p" |
		jq -c '{Id, PortType, LinkStatus, CurrentSpeedGbps, Device: .CXL.ConnectedDeviceType}'
done
echo "GET $F/Connections (the bound vPPBs):"
rft "$F/Connections" | jq -c '[.Members[]["@odata.id"] | split("/")[-1]]'
kill -TERM "$redfishd"
wait "$redfishd" || true

memdevs() { ls /sys/bus/cxl/devices | grep -E '^(mem|endpoint)' | tr '\n' ' '; echo; }
step "The host's CXL memory devices before"
memdevs
before=$(memdevs | wc -w)
step "cxlfm unbind --wait: vPPB 0 (the hotplug=off downstream port) loses its device"
$cxlfm unbind -s "$sw" --vcs 0 --vppb 0 --wait
sleep 2
memdevs
step "cxlfm bind --wait: port 1 back on vPPB 0; the host rescans, cxl_pci and cxl_mem re-attach"
$cxlfm bind -s "$sw" --vcs 0 --vppb 0 --port 1 --wait
for _ in $(seq 30); do [ "$(memdevs | wc -w)" -ge "$before" ] && break; sleep 1; done
memdevs

kill -TERM "$monitor"
wait "$monitor"
step "What 'cxlfm monitor' printed meanwhile (records, hierarchy changes, background completions)"
cat /tmp/monitor.json
kill -TERM "$daemon"
wait "$daemon" || true
step "cxlfm events: the daemon's journal of the same"
$cxlfm events -j "$journal" -s "$sw"

echo 1 >/sys/bus/cxlfm_sim/del_device
rmmod cxlfm_sim
rmmod cxlfm
