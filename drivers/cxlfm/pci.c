// SPDX-License-Identifier: GPL-2.0
/*
 * PCI binding of Switch Mailbox CCIs: find the CXL Device Registers block
 * through the Register Locator DVSEC, map only that block, find the mailbox
 * and wait until the device says it is ready.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>

#include "cxlfm.h"
#include "regs.h"

struct cxlfm_regblock {
	u8 bar;
	u64 offset;
};

/* CXL r3.1 §8.1.9: walk the Register Locator DVSEC for the device block. */
static int cxlfm_find_device_regblock(struct pci_dev *pdev,
				      struct cxlfm_regblock *rb)
{
	u32 hdr1, lo, hi;
	u16 dvsec;
	int i, n;

	dvsec = pci_find_dvsec_capability(pdev, CXLFM_DVSEC_VENDOR_CXL,
					  CXLFM_DVSEC_REG_LOCATOR);
	if (!dvsec)
		return -ENXIO;
	pci_read_config_dword(pdev, dvsec + PCI_DVSEC_HEADER1, &hdr1);
	n = (PCI_DVSEC_HEADER1_LEN(hdr1) - CXLFM_REGLOC_FIRST) /
	    CXLFM_REGLOC_ENTRY_SIZE;

	for (i = 0; i < n; i++) {
		int off = dvsec + CXLFM_REGLOC_FIRST + i * CXLFM_REGLOC_ENTRY_SIZE;

		pci_read_config_dword(pdev, off, &lo);
		pci_read_config_dword(pdev, off + 4, &hi);
		if (FIELD_GET(CXLFM_REGLOC_BLOCK_ID, lo) != CXLFM_REGLOC_RBI_DEVICE)
			continue;
		rb->bar = FIELD_GET(CXLFM_REGLOC_BIR, lo);
		rb->offset = ((u64)hi << 32) | (lo & CXLFM_REGLOC_OFFSET_LOW);
		if (rb->bar > PCI_STD_RESOURCE_END ||
		    rb->offset >= pci_resource_len(pdev, rb->bar))
			return -ENXIO;
		return 0;
	}
	return -ENXIO;
}

/*
 * CXL r3.1 §8.2.8.1-2: the capabilities array names each register set by id
 * with an offset and a length inside the block; check each lies within it.
 */
static int cxlfm_map_capabilities(struct device *dev,
				  struct cxlfm_pci_regs *regs, size_t blk_len)
{
	u64 cap_array = readq(regs->base);
	unsigned int i, count;

	if (FIELD_GET(CXLFM_CAPARRAY_CAP_ID, cap_array) != 0) {
		dev_err(dev, "bad capabilities array id\n");
		return -ENXIO;
	}
	count = FIELD_GET(CXLFM_CAPARRAY_COUNT, cap_array);
	if ((count + 1) * CXLFM_CAPHDR_SIZE > blk_len) {
		dev_err(dev, "capabilities array overruns the register block\n");
		return -ENXIO;
	}

	for (i = 1; i <= count; i++) {
		void __iomem *hdr = regs->base + i * CXLFM_CAPHDR_SIZE;
		u16 id = FIELD_GET(CXLFM_CAPHDR_ID, readl(hdr));
		u32 offset = readl(hdr + CXLFM_CAPHDR_OFFSET);
		u32 length = readl(hdr + CXLFM_CAPHDR_LENGTH);

		if (offset >= blk_len || length > blk_len - offset) {
			dev_warn(dev, "capability %#x outside the block, ignored\n", id);
			continue;
		}
		switch (id) {
		case CXLFM_CAP_DEVICE_STATUS:
			regs->status = regs->base + offset;
			break;
		case CXLFM_CAP_PRIMARY_MAILBOX:
			if (length < CXLFM_MBOX_PAYLOAD + CXLFM_MBOX_PAYLOAD_MIN) {
				dev_err(dev, "mailbox capability too short\n");
				return -ENXIO;
			}
			regs->mbox = regs->base + offset;
			regs->payload_size = length - CXLFM_MBOX_PAYLOAD;
			break;
		case CXLFM_CAP_TYPE_STATUS:
			regs->type_status = regs->base + offset;
			break;
		default:
			dev_dbg(dev, "capability %#x not used\n", id);
			break;
		}
	}
	if (!regs->status || !regs->mbox) {
		dev_err(dev, "no %s capability\n",
			regs->mbox ? "device status" : "primary mailbox");
		return -ENXIO;
	}
	return 0;
}

/*
 * A switch CCI reports "mailbox interfaces ready" in bit 0 of its status
 * register (CXL r3.1 §8.2.8.6.1.1); QEMU's switch CCI copies the memory
 * device layout with the bit at 4 (§8.2.8.5.1.1), so a switch CCI may show
 * either.  Any other function bound for testing is a memory device, where
 * bit 0 means "device fatal" and only bit 4 counts.
 */
static bool cxlfm_mbox_ready(struct pci_dev *pdev, struct cxlfm_pci_regs *regs)
{
	u64 sts;

	if (!regs->type_status)
		return true;
	sts = readq(regs->type_status);
	if (pdev->class == CXLFM_PCI_CLASS_SWITCH_CCI)
		return sts & (CXLFM_SWCCI_STATUS_MBOX_READY |
			      CXLFM_MEMDEV_STATUS_MBOX_READY);
	return sts & CXLFM_MEMDEV_STATUS_MBOX_READY;
}

static int cxlfm_wait_mbox_ready(struct pci_dev *pdev,
				 struct cxlfm_pci_regs *regs)
{
	unsigned long deadline = jiffies + cxlfm_mbox_ready_timeout * HZ;

	while (!cxlfm_mbox_ready(pdev, regs)) {
		if (time_after(jiffies, deadline)) {
			pci_err(pdev, "mailbox not ready after %u s\n",
				cxlfm_mbox_ready_timeout);
			return -ETIMEDOUT;
		}
		if (msleep_interruptible(100))
			return -EINTR;
	}
	return 0;
}

static int cxlfm_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct cxlfm_regblock rb;
	struct cxlfm_pci_regs *regs;
	resource_size_t start, len;
	u32 caps;
	int rc;

	rc = pcim_enable_device(pdev);
	if (rc)
		return rc;
	rc = cxlfm_find_device_regblock(pdev, &rb);
	if (rc) {
		pci_err(pdev, "no CXL device register block\n");
		return rc;
	}
	regs = devm_kzalloc(dev, sizeof(*regs), GFP_KERNEL);
	if (!regs)
		return -ENOMEM;

	start = pci_resource_start(pdev, rb.bar) + rb.offset;
	len = pci_resource_len(pdev, rb.bar) - rb.offset;
	if (!devm_request_mem_region(dev, start, len, KBUILD_MODNAME))
		return -EBUSY;
	regs->base = devm_ioremap(dev, start, len);
	if (!regs->base)
		return -ENOMEM;

	rc = cxlfm_map_capabilities(dev, regs, len);
	if (rc)
		return rc;
	rc = cxlfm_wait_mbox_ready(pdev, regs);
	if (rc)
		return rc;

	/* CXL r3.1 §8.2.8.4.3: payload area is 2^n bytes, 256 B to 1 MiB */
	caps = readl(regs->mbox + CXLFM_MBOX_CAPS);
	regs->payload_size = min_t(size_t, regs->payload_size,
				   1U << min(FIELD_GET(CXLFM_MBOX_CAPS_PAYLOAD_SIZE, caps), 20));
	if (regs->payload_size < CXLFM_MBOX_PAYLOAD_MIN) {
		pci_err(pdev, "mailbox payload of %zu bytes is below the minimum\n",
			regs->payload_size);
		return -ENXIO;
	}

	pci_set_drvdata(pdev, regs);
	pci_info(pdev, "CCI mailbox ready, payload %zu bytes\n",
		 regs->payload_size);
	return 0;
}

/*
 * Only the Switch Mailbox CCI class binds by itself.  Tests bind other CXL
 * mailboxes (a QEMU type-3) through driver_override, which bypasses this
 * table.
 */
static const struct pci_device_id cxlfm_pci_ids[] = {
	{ PCI_DEVICE_CLASS(CXLFM_PCI_CLASS_SWITCH_CCI, ~0) },
	{ }
};
MODULE_DEVICE_TABLE(pci, cxlfm_pci_ids);

static struct pci_driver cxlfm_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = cxlfm_pci_ids,
	.probe = cxlfm_pci_probe,
};

int cxlfm_pci_driver_register(void)
{
	return pci_register_driver(&cxlfm_pci_driver);
}

void cxlfm_pci_driver_unregister(void)
{
	pci_unregister_driver(&cxlfm_pci_driver);
}
