// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI transport: binds Switch Mailbox CCIs, finds the CXL Device
 * Registers block through the Register Locator DVSEC, maps only that block,
 * and runs the mailbox doorbell protocol of CXL r3.1 §8.2.8.4 on it.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>

#include "cxlfm.h"
#include "fmapi/fmapi.h"
#include "regs.h"

/* CXL r3.1 §8.2.8.4: a command not done in 2 s must be a background one */
#define CXLFM_MBOX_TIMEOUT	(2 * HZ)

/* CXL r3.1 §8.2.8.4.3, Table 8-55: message numbers are 4 bits wide */
#define CXLFM_PCI_MAX_VECTORS	16

/**
 * struct cxlfm_pci - one PCI function driven as a CCI
 * @pdev: the function
 * @regs: its mapped registers
 * @cci: the CCI registered for it
 * @nr_vecs: MSI/MSI-X vectors allocated, 0 if the function has none
 * @irq_vecs: the vectors a handler is requested on
 * @bg_irq: background completion arrives as an interrupt
 * @event_irq: new event records arrive as an interrupt
 */
struct cxlfm_pci {
	struct pci_dev *pdev;
	struct cxlfm_pci_regs regs;
	struct cxlfm_cci *cci;
	int nr_vecs;
	DECLARE_BITMAP(irq_vecs, CXLFM_PCI_MAX_VECTORS);
	bool bg_irq;
	bool event_irq;
};

struct cxlfm_regblock {
	u8 bar;
	u64 offset;
};

/* CXL r3.1 §8.1.9: walk the Register Locator DVSEC for the device block. */
static int cxlfm_find_device_regblock(struct pci_dev *pdev,
				      struct cxlfm_regblock *rb)
{
	u32 hdr1, lo, hi, len;
	u16 dvsec;
	int i, n;

	dvsec = pci_find_dvsec_capability(pdev, CXLFM_DVSEC_VENDOR_CXL,
					  CXLFM_DVSEC_REG_LOCATOR);
	if (!dvsec)
		return -ENXIO;
	pci_read_config_dword(pdev, dvsec + PCI_DVSEC_HEADER1, &hdr1);
	/* the device's length: entries must lie in it and in config space */
	len = PCI_DVSEC_HEADER1_LEN(hdr1);
	if (len < CXLFM_REGLOC_FIRST || dvsec + len > pdev->cfg_size) {
		pci_err(pdev, "Register Locator DVSEC of %u bytes is malformed\n",
			len);
		return -ENXIO;
	}
	n = (len - CXLFM_REGLOC_FIRST) / CXLFM_REGLOC_ENTRY_SIZE;

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

/*
 * Step 5 of the doorbell protocol: wait for the device to clear the
 * doorbell.  The deadline is checked only after a read, so a caller that
 * was scheduled away past it still sees a doorbell the device cleared in
 * time.  All-ones means the function is gone (surprise removal).
 */
static int cxlfm_pci_wait_doorbell(struct cxlfm_pci *p)
{
	unsigned long deadline = jiffies + CXLFM_MBOX_TIMEOUT;
	void __iomem *ctrl = p->regs.mbox + CXLFM_MBOX_CTRL;
	u32 val;

	for (;;) {
		bool late = time_after(jiffies, deadline);

		val = readl(ctrl);
		if (val == U32_MAX)
			return -ENODEV;
		if (!(val & CXLFM_MBOX_CTRL_DOORBELL))
			return 0;
		if (late)
			return -ETIMEDOUT;
		cond_resched();
	}
}

static int cxlfm_pci_send(struct cxlfm_cci *cci, struct cxlfm_mbox_cmd *cmd)
{
	struct cxlfm_pci *p = cxlfm_cci_priv(cci);
	void __iomem *mbox = p->regs.mbox;
	size_t out_len;
	u64 reg;
	u32 ctrl;
	int rc;

	lockdep_assert_held(&cci->mbox_mutex);

	/* Step 1: the doorbell must be clear before anything is written. */
	ctrl = readl(mbox + CXLFM_MBOX_CTRL);
	if (ctrl == U32_MAX)
		return -ENODEV;
	if (ctrl & CXLFM_MBOX_CTRL_DOORBELL)
		return -EBUSY;

	/* Step 2: opcode and input length, in one 64-bit write. */
	reg = FIELD_PREP(CXLFM_MBOX_CMD_OPCODE, cmd->opcode) |
	      FIELD_PREP(CXLFM_MBOX_CMD_PAYLOAD_LEN, cmd->size_in);
	writeq(reg, mbox + CXLFM_MBOX_CMD);

	/* Step 3: the input payload. */
	if (cmd->size_in)
		memcpy_toio(mbox + CXLFM_MBOX_PAYLOAD, cmd->payload_in,
			    cmd->size_in);

	/* Step 4: ring, keeping the interrupt enables as they are. */
	writel(ctrl | CXLFM_MBOX_CTRL_DOORBELL, mbox + CXLFM_MBOX_CTRL);

	/* Step 5: wait for completion or background start. */
	rc = cxlfm_pci_wait_doorbell(p);
	if (rc) {
		pci_err(p->pdev, "mailbox command %#06x: %s\n", cmd->opcode,
			rc == -ENODEV ? "device gone" : "timed out");
		return rc;
	}

	/* Step 6: the return code. */
	reg = readq(mbox + CXLFM_MBOX_STATUS);
	cmd->return_code = FIELD_GET(CXLFM_MBOX_STATUS_RC, reg);
	cmd->vendor_status = FIELD_GET(CXLFM_MBOX_STATUS_VENDOR, reg);
	if (cmd->return_code != FMAPI_RC_SUCCESS &&
	    cmd->return_code != FMAPI_RC_BACKGROUND) {
		cmd->size_out = 0;
		cmd->size_answered = 0;
		return 0;
	}

	/*
	 * Step 7: the output length, which the device writes and we do not
	 * trust: never read past the payload area or the caller's buffer.
	 */
	reg = readq(mbox + CXLFM_MBOX_CMD);
	out_len = FIELD_GET(CXLFM_MBOX_CMD_PAYLOAD_LEN, reg);
	if (out_len > p->regs.payload_size) {
		dev_warn_ratelimited(&p->pdev->dev, "command %#06x: output length %zu exceeds the payload area\n",
				     cmd->opcode, out_len);
		out_len = p->regs.payload_size;
	}
	cmd->size_answered = out_len;
	out_len = min(out_len, cmd->size_out);

	/* Step 8: the output payload. */
	if (out_len)
		memcpy_fromio(cmd->payload_out, mbox + CXLFM_MBOX_PAYLOAD,
			      out_len);
	cmd->size_out = out_len;
	return 0;
}

/* CXL r3.1 §8.2.8.4.6-7: MB Status bit 0 and the Background Command Status */
static int cxlfm_pci_bg_status(struct cxlfm_cci *cci,
			       struct cxlfm_bg_status *st)
{
	struct cxlfm_pci *p = cxlfm_cci_priv(cci);
	u64 sts = readq(p->regs.mbox + CXLFM_MBOX_STATUS);
	u64 bg = readq(p->regs.mbox + CXLFM_MBOX_BG_STATUS);

	if (sts == U64_MAX && bg == U64_MAX)
		return -ENODEV;
	st->running = sts & CXLFM_MBOX_STATUS_BG;
	st->opcode = FIELD_GET(CXLFM_MBOX_BG_OPCODE, bg);
	st->percent = min_t(u8, FIELD_GET(CXLFM_MBOX_BG_PERCENT, bg), 100);
	st->return_code = FIELD_GET(CXLFM_MBOX_BG_RC, bg);
	st->vendor_status = FIELD_GET(CXLFM_MBOX_BG_VENDOR, bg);
	return 0;
}

/*
 * A Switch Mailbox CCI is an extra function of the switch's upstream port
 * device (as QEMU's switch-mailbox-cci places it): the host sits behind
 * the function of the same device that is the upstream port.
 */
static struct pci_dev *cxlfm_pci_usp(struct cxlfm_cci *cci)
{
	struct cxlfm_pci *p = cxlfm_cci_priv(cci);
	struct pci_dev *fn;
	int i;

	for (i = 0; i < 8; i++) {
		fn = pci_get_slot(p->pdev->bus,
				  PCI_DEVFN(PCI_SLOT(p->pdev->devfn), i));
		if (fn && pci_is_pcie(fn) &&
		    pci_pcie_type(fn) == PCI_EXP_TYPE_UPSTREAM)
			return fn;
		pci_dev_put(fn);
	}
	return NULL;
}

/*
 * The event logs can interrupt once the function has MSI/MSI-X vectors:
 * cxlfm then asks for MSI/MSI-X in the event interrupt policy, and
 * cxlfm_pci_setup_irqs() requests the vectors the device chose.
 */
static bool cxlfm_pci_event_irq(struct cxlfm_cci *cci)
{
	struct cxlfm_pci *p = cxlfm_cci_priv(cci);

	return p->nr_vecs > 0;
}

static const struct cxlfm_transport_ops cxlfm_pci_ops = {
	.name = "pci",
	.send = cxlfm_pci_send,
	.bg_status = cxlfm_pci_bg_status,
	.event_irq = cxlfm_pci_event_irq,
	.usp = cxlfm_pci_usp,
};

/*
 * One handler for every vector cxlfm uses, since background completion and
 * the event logs may share one: the Event Status register (CXL r3.1
 * §8.2.8.3.1) says whether a log holds records, MB Status (§8.2.8.4.6)
 * whether the background command is still running.  Threaded, as the
 * background check takes the CCI's lock.  All-ones: the function is gone.
 */
static irqreturn_t cxlfm_pci_irq_thread(int irq, void *data)
{
	struct cxlfm_pci *p = data;
	irqreturn_t ret = IRQ_NONE;

	if (p->event_irq) {
		u32 ev = readl(p->regs.status + CXLFM_EVENT_STATUS);

		if (ev != U32_MAX && (ev & CXLFM_EVENT_STATUS_LOGS)) {
			cxlfm_cci_event_interrupt(p->cci);
			ret = IRQ_HANDLED;
		}
	}
	if (p->bg_irq) {
		u64 sts = readq(p->regs.mbox + CXLFM_MBOX_STATUS);

		if (sts != U64_MAX && !(sts & CXLFM_MBOX_STATUS_BG) &&
		    cxlfm_bg_running(p->cci, NULL)) {
			cxlfm_cci_bg_interrupt(p->cci);
			ret = IRQ_HANDLED;
		}
	}
	return ret;
}

/*
 * CXL r3.1 §8.2.8.4.4: set or clear the Background Command Complete
 * Interrupt enable.  Under the mailbox mutex, since send() writes the
 * control register back when it rings; the doorbell bit is never written
 * here, so a set doorbell would not ring a stale command again.
 */
static void cxlfm_pci_bg_irq_enable(struct cxlfm_pci *p, bool on)
{
	void __iomem *reg = p->regs.mbox + CXLFM_MBOX_CTRL;
	u32 ctrl;

	mutex_lock(&p->cci->mbox_mutex);
	ctrl = readl(reg) & ~(CXLFM_MBOX_CTRL_DOORBELL | CXLFM_MBOX_CTRL_BG_IRQ);
	writel(on ? ctrl | CXLFM_MBOX_CTRL_BG_IRQ : ctrl, reg);
	mutex_unlock(&p->cci->mbox_mutex);
}

/*
 * MSI/MSI-X vectors, allocated before the CCI is registered: the message
 * numbers the device reports (mailbox capabilities, event interrupt policy)
 * are those of the vectors granted (CXL r3.1 §8.2.8.4.3), so they are read
 * only after this, as cxl_pci does.  Under pcim_enable_device() the vectors
 * are managed and devres releases them after everything probe adds later.
 * A function without MSI/MSI-X (or a kernel booted with pci=nomsi) is
 * polled.
 */
static void cxlfm_pci_alloc_vectors(struct cxlfm_pci *p)
{
	int n = pci_alloc_irq_vectors(p->pdev, 1, CXLFM_PCI_MAX_VECTORS,
				      PCI_IRQ_MSIX | PCI_IRQ_MSI);

	if (n < 0) {
		pci_dbg(p->pdev, "no MSI/MSI-X vectors (%d): polled\n", n);
		return;
	}
	/* an MSI is a memory write: only a bus master can send it */
	pci_set_master(p->pdev);
	p->nr_vecs = n;
}

/* The handler on the vector of message number @msgnum, once per vector. */
static int cxlfm_pci_request_vector(struct cxlfm_pci *p, unsigned int msgnum)
{
	int irq, rc;

	if (msgnum >= p->nr_vecs) {
		pci_warn(p->pdev, "interrupt message number %u beyond the %d vectors granted: polled\n",
			 msgnum, p->nr_vecs);
		return -ENXIO;
	}
	if (test_bit(msgnum, p->irq_vecs))
		return 0;
	irq = pci_irq_vector(p->pdev, msgnum);
	if (irq < 0)
		return irq;
	rc = devm_request_threaded_irq(&p->pdev->dev, irq, NULL,
				       cxlfm_pci_irq_thread, IRQF_ONESHOT,
				       KBUILD_MODNAME, p);
	if (rc)
		return rc;
	__set_bit(msgnum, p->irq_vecs);
	return 0;
}

/*
 * Unbind, rmmod and removal: make the device stop signalling (background
 * completion interrupt enable cleared, event interrupt policy back to none)
 * while the handlers are still there to take whatever was already sent.
 * Added after the handlers, so devres runs it before it frees them.
 */
static void cxlfm_pci_irq_quiesce(void *data)
{
	struct cxlfm_pci *p = data;

	if (p->bg_irq)
		cxlfm_pci_bg_irq_enable(p, false);
	if (p->event_irq)
		cxlfm_events_irq_stop(p->cci);
}

/*
 * Interrupts, once the CCI is registered (the handlers use p->cci).  What
 * devres then undoes, last added first: cxlfm_pci_irq_quiesce(), each
 * vector's handler, the CCI (cxlfm_pci_unregister(), added before this),
 * the vectors.  A source whose vector cannot be had is polled.
 *
 * Return: 0, or -ENOMEM.
 */
static int cxlfm_pci_setup_irqs(struct cxlfm_pci *p)
{
	struct cxlfm_cci *cci = p->cci;
	bool event_irq = cci->event_irq;
	u32 caps;
	int log;

	if (!p->nr_vecs)
		return 0;

	/* CXL r3.1 §8.2.8.4.3: background completion and its message number */
	caps = readl(p->regs.mbox + CXLFM_MBOX_CAPS);
	p->bg_irq = (caps & CXLFM_MBOX_CAPS_BG_IRQ) &&
		    !cxlfm_pci_request_vector(p, FIELD_GET(CXLFM_MBOX_CAPS_IRQ_MSGNUM, caps));

	/*
	 * The message numbers the device chose for its event logs, read back
	 * with Get Event Interrupt Policy (§8.2.9.2.4) at registration.
	 */
	p->event_irq = event_irq;
	for (log = 0; p->event_irq && log < CXLFM_NR_EVENT_LOGS; log++)
		p->event_irq = !cxlfm_pci_request_vector(p, cci->event_msgnum[log]);
	if (event_irq && !p->event_irq)
		cxlfm_events_irq_stop(cci);

	if (devm_add_action_or_reset(&p->pdev->dev, cxlfm_pci_irq_quiesce, p))
		return -ENOMEM;
	if (p->bg_irq)
		cxlfm_pci_bg_irq_enable(p, true);
	/*
	 * Drain once more: records that arrived before the handler was there
	 * signalled nobody, and a log that fell back to polling starts here.
	 */
	if (event_irq)
		cxlfm_cci_event_interrupt(cci);
	pci_dbg(p->pdev, "%d vectors; background completion %s, events %s\n",
		p->nr_vecs, p->bg_irq ? "by interrupt" : "polled",
		p->event_irq ? "by interrupt" : "polled");
	return 0;
}

static void cxlfm_pci_unregister(void *data)
{
	struct cxlfm_pci *p = data;

	cxlfm_unregister_cci(p->cci);
}

static int cxlfm_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct cxlfm_regblock rb;
	struct cxlfm_pci *p;
	resource_size_t start, len;
	u32 caps, size_shift;
	int rc;

	rc = pcim_enable_device(pdev);
	if (rc)
		return rc;
	rc = cxlfm_find_device_regblock(pdev, &rb);
	if (rc) {
		pci_err(pdev, "no CXL device register block\n");
		return rc;
	}
	p = devm_kzalloc(dev, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->pdev = pdev;

	start = pci_resource_start(pdev, rb.bar) + rb.offset;
	len = pci_resource_len(pdev, rb.bar) - rb.offset;
	if (!devm_request_mem_region(dev, start, len, KBUILD_MODNAME))
		return -EBUSY;
	p->regs.base = devm_ioremap(dev, start, len);
	if (!p->regs.base)
		return -ENOMEM;

	rc = cxlfm_map_capabilities(dev, &p->regs, len);
	if (rc)
		return rc;
	rc = cxlfm_wait_mbox_ready(pdev, &p->regs);
	if (rc)
		return rc;

	/* CXL r3.1 §8.2.8.4.3: payload area is 2^n bytes, 256 B to 1 MiB */
	caps = readl(p->regs.mbox + CXLFM_MBOX_CAPS);
	/* Apart: nested, 7.3's min() and FIELD_GET() overflow sparse's expansion. */
	size_shift = FIELD_GET(CXLFM_MBOX_CAPS_PAYLOAD_SIZE, caps);
	size_shift = min(size_shift, 20U);
	p->regs.payload_size = min_t(size_t, p->regs.payload_size, 1U << size_shift);
	if (p->regs.payload_size < CXLFM_MBOX_PAYLOAD_MIN) {
		pci_err(pdev, "mailbox payload of %zu bytes is below the minimum\n",
			p->regs.payload_size);
		return -ENXIO;
	}

	/* A previous owner may have left a command running: let it finish. */
	rc = cxlfm_pci_wait_doorbell(p);
	if (rc) {
		pci_err(pdev, "doorbell stuck from a previous owner\n");
		return rc;
	}

	cxlfm_pci_alloc_vectors(p);
	p->cci = cxlfm_register_cci(dev, &cxlfm_pci_ops, p, p->regs.payload_size);
	if (IS_ERR(p->cci))
		return PTR_ERR(p->cci);
	rc = devm_add_action_or_reset(dev, cxlfm_pci_unregister, p);
	if (rc)
		return rc;
	rc = cxlfm_pci_setup_irqs(p);
	if (rc)
		return rc;
	pci_set_drvdata(pdev, p);
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
	/* probe may wait up to mbox_ready_timeout (60 s) for the mailbox */
	.driver.probe_type = PROBE_PREFER_ASYNCHRONOUS,
};

int cxlfm_pci_driver_register(void)
{
	return pci_register_driver(&cxlfm_pci_driver);
}

void cxlfm_pci_driver_unregister(void)
{
	pci_unregister_driver(&cxlfm_pci_driver);
}
