# QEMU device set of the test VM (scripts/build-qemu.sh builds QEMU with
# --without-default-devices and this list): a Q35 machine with a serial
# console, the CXL host bridge, ports, switch and type-3 devices, and the
# virtio-9p and virtio-serial devices the runner uses.  Nothing else is
# compiled, which takes more than half of the build away.
CONFIG_Q35=y
CONFIG_ISAPC=n
CONFIG_I440FX=n
CONFIG_MICROVM=n
CONFIG_NITRO_ENCLAVE=n
CONFIG_SERIAL_ISA=y
CONFIG_HPET=y
CONFIG_PXB=y
CONFIG_PCIE_PORT=y
CONFIG_CXL=y
CONFIG_CXL_MEM_DEVICE=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_SERIAL=y
CONFIG_VIRTIO_9P=y
