# SPDX-License-Identifier: GPL-2.0
# Helpers for the shell scripts that run inside the test VM.  Source it.

# The PCI address of the type-3 attached directly to a root port (not to
# the switch's downstream ports, QEMU's 19e5:a129).
direct_type3() {
	local d parent
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/class")" = 0x050210 ] || continue
		parent=$(basename "$(readlink -f "$d/..")")
		[ "$(cat "/sys/bus/pci/devices/$parent/vendor"):$(cat "/sys/bus/pci/devices/$parent/device")" = 0x19e5:0xa129 ] && continue
		basename "$d"
		return 0
	done
	return 1
}

# The PCI address of QEMU's CXL switch upstream port (19e5:a128), which a
# simulated switch CCI stands for (cxlfm_sim's usp=).
qemu_usp() {
	local d
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x19e5:0xa128 ] || continue
		basename "$d"
		return 0
	done
	return 1
}

# Move PCI function $2 to driver $1 through driver_override.
pci_bind_to() {
	local drv=$1 bdf=$2
	[ -e "/sys/bus/pci/devices/$bdf/driver" ] &&
		echo "$bdf" >"/sys/bus/pci/devices/$bdf/driver/unbind"
	echo "$drv" >"/sys/bus/pci/devices/$bdf/driver_override"
	echo "$bdf" >/sys/bus/pci/drivers_probe
}

# The id of the CCI cxlfm registered for PCI function $1.
cci_id_of() {
	local c
	for c in "/sys/bus/pci/devices/$1/cxlfm/"cxlfm*; do
		echo "${c##*/cxlfm}"
	done
}

# How many generic netlink sockets have joined a multicast group: a
# listener started in the background is subscribed once this grows.
genl_subscribers() {
	awk '$2 == 16 && $4 != "00000000"' /proc/net/netlink | wc -l
}
