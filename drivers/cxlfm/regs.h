/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Registers of a CXL Switch Mailbox CCI as the host sees them.
 * Every offset and field below cites the CXL r3.1 section that defines it.
 */
#ifndef CXLFM_REGS_H
#define CXLFM_REGS_H

#include <linux/bits.h>

/*
 * CXL r3.1 §8.1.13.1: a Switch Mailbox CCI is a PCI function with base
 * class 0x0C (serial bus), sub-class 0x0B (CXL), programming interface 0.
 * Linux has no constant for it yet.
 */
#define CXLFM_PCI_CLASS_SWITCH_CCI	0x0c0b00

/* CXL r3.1 §8.1.1: CXL DVSECs carry this vendor id */
#define CXLFM_DVSEC_VENDOR_CXL		0x1e98

/* CXL r3.1 §8.1.9 Register Locator DVSEC (DVSEC id 8) */
#define CXLFM_DVSEC_REG_LOCATOR		8
#define CXLFM_REGLOC_FIRST		0x0c	/* first Register Block entry */
#define CXLFM_REGLOC_ENTRY_SIZE		8
#define CXLFM_REGLOC_BIR		GENMASK(2, 0)
#define CXLFM_REGLOC_BLOCK_ID		GENMASK(15, 8)
#define CXLFM_REGLOC_OFFSET_LOW		GENMASK(31, 16)
/* CXL r3.1 §8.1.9.1: Register Block Identifier 3 = CXL Device Registers */
#define CXLFM_REGLOC_RBI_DEVICE		3

/* CXL r3.1 §8.2.8.1 Device Capabilities Array Register (block offset 0) */
#define CXLFM_CAPARRAY_CAP_ID		GENMASK_ULL(15, 0)
#define CXLFM_CAPARRAY_COUNT		GENMASK_ULL(47, 32)
/* CXL r3.1 §8.2.8.2 Device Capability Header n at 0x10 * n */
#define CXLFM_CAPHDR_SIZE		0x10
#define CXLFM_CAPHDR_ID			GENMASK(15, 0)
#define CXLFM_CAPHDR_OFFSET		0x4
#define CXLFM_CAPHDR_LENGTH		0x8
/* CXL r3.1 §8.2.8.2.1 Device Capability IDs */
#define CXLFM_CAP_DEVICE_STATUS		0x0001
#define CXLFM_CAP_PRIMARY_MAILBOX	0x0002
#define CXLFM_CAP_TYPE_STATUS		0x4000 /* switch CCI or memdev status */

/*
 * CXL r3.1 §8.2.8.3.1 Event Status Register: bits 0-3 say the
 * Informational, Warning, Failure and Fatal logs hold records.
 */
#define CXLFM_EVENT_STATUS		0x00
#define   CXLFM_EVENT_STATUS_LOGS	GENMASK(3, 0)

/*
 * CXL r3.1 §8.2.8.6.1.1 Switch Mailbox CCI Status: bit 0 says the mailbox
 * interfaces are ready.  QEMU's switch CCI and every memory device (§8.2.8.5.1.1)
 * report it in bit 4 instead; we accept either (see pci.c).
 */
#define CXLFM_SWCCI_STATUS_MBOX_READY	BIT_ULL(0)
#define CXLFM_MEMDEV_STATUS_MBOX_READY	BIT_ULL(4)

/* CXL r3.1 §8.2.8.4 Mailbox Registers, offsets within the mailbox capability */
#define CXLFM_MBOX_CAPS			0x00	/* §8.2.8.4.3 */
#define   CXLFM_MBOX_CAPS_PAYLOAD_SIZE	GENMASK(4, 0)
#define   CXLFM_MBOX_CAPS_BG_IRQ	BIT(6)
#define   CXLFM_MBOX_CAPS_IRQ_MSGNUM	GENMASK(10, 7)
#define CXLFM_MBOX_CTRL			0x04	/* §8.2.8.4.4 */
#define   CXLFM_MBOX_CTRL_DOORBELL	BIT(0)
#define   CXLFM_MBOX_CTRL_BG_IRQ	BIT(2)
#define CXLFM_MBOX_CMD			0x08	/* §8.2.8.4.5 */
#define   CXLFM_MBOX_CMD_OPCODE		GENMASK_ULL(15, 0)
#define   CXLFM_MBOX_CMD_PAYLOAD_LEN	GENMASK_ULL(36, 16)
#define CXLFM_MBOX_STATUS		0x10	/* §8.2.8.4.6 */
#define   CXLFM_MBOX_STATUS_BG		BIT_ULL(0)
#define   CXLFM_MBOX_STATUS_RC		GENMASK_ULL(47, 32)
#define   CXLFM_MBOX_STATUS_VENDOR	GENMASK_ULL(63, 48)
#define CXLFM_MBOX_BG_STATUS		0x18	/* §8.2.8.4.7 */
#define   CXLFM_MBOX_BG_OPCODE		GENMASK_ULL(15, 0)
#define   CXLFM_MBOX_BG_PERCENT		GENMASK_ULL(22, 16)
#define   CXLFM_MBOX_BG_RC		GENMASK_ULL(47, 32)
#define   CXLFM_MBOX_BG_VENDOR		GENMASK_ULL(63, 48)
#define CXLFM_MBOX_PAYLOAD		0x20	/* §8.2.8.4.8 */

/* §8.2.8.4.3: the payload area is 2^n bytes, n from 8 (256 B) to 20 (1 MiB) */
#define CXLFM_MBOX_PAYLOAD_MIN		256
#define CXLFM_MBOX_PAYLOAD_MAX		SZ_1M

#endif /* CXLFM_REGS_H */
