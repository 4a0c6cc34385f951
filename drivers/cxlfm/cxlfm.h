/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces shared by the files of cxlfm.ko. */
#ifndef CXLFM_H
#define CXLFM_H

#include <linux/pci.h>

extern unsigned int cxlfm_mbox_ready_timeout;

/**
 * struct cxlfm_pci_regs - the mapped CXL device registers of one PCI CCI
 * @base: start of the CXL Device Registers block (CXL r3.1 §8.2.8)
 * @status: Device Status capability (Event Status register)
 * @mbox: Primary Mailbox capability
 * @type_status: type-specific status capability (0x4000), or NULL
 * @payload_size: mailbox payload area in bytes
 */
struct cxlfm_pci_regs {
	void __iomem *base;
	void __iomem *status;
	void __iomem *mbox;
	void __iomem *type_status;
	size_t payload_size;
};

int cxlfm_pci_driver_register(void);
void cxlfm_pci_driver_unregister(void);

#endif /* CXLFM_H */
