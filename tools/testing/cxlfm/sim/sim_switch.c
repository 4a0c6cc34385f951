// SPDX-License-Identifier: GPL-2.0
/*
 * The switch itself: physical ports and their PPBs (Physical Switch command
 * set, CXL r3.2 §7.6.7.1), virtual CXL switches and their vPPBs (Virtual
 * Switch command set, §7.6.7.2) with bind and unbind as background
 * operations, and the event records a real switch raises for them (§7.6.8).
 */
#include <linux/jiffies.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sim.h"

/* Current port configuration state, 0x5101 enum A */
enum {
	SIM_PORT_DISABLED,
	SIM_PORT_BIND,
	SIM_PORT_UNBIND,
	SIM_PORT_DSP,
	SIM_PORT_USP,
	SIM_PORT_INVALID = 0xf,
};

/* Connected device type, enum C */
#define SIM_DEV_NONE		0
#define SIM_DEV_SLD		4
#define SIM_DEV_MLD		5
/* Link as every simulated port has it */
#define SIM_MODE_256B_FLIT	3	/* connected device mode, enum B */
#define SIM_MODES		0x06	/* 68B flit + VH, 256B flit (enum D) */
#define SIM_WIDTH		16	/* x16 */
#define SIM_SPEEDS		0x1f	/* 2.5 to 32 GT/s */
#define SIM_SPEED_32GT		5
#define SIM_LTSSM_DETECT	0
#define SIM_LTSSM_L0		4
#define SIM_LINK_PERST		BIT(1)
#define SIM_LINK_PRSNT		BIT(2)
#define SIM_HDM_DECODERS	4
#define SIM_MLD_LD_SIZE		BIT_ULL(30)	/* each LD holds 1 GiB */
#define SIM_ALLOC_UNIT		(256ULL << 20)	/* 256 MiB granularity */

/* PCIe Slot Status bits reported with a link change */
#define SIM_SLTSTA_PDC		0x0008	/* presence detect changed */
#define SIM_SLTSTA_PDS		0x0040	/* presence detect state */
#define SIM_SLTSTA_DLLSC	0x0100	/* data link layer state changed */

/* The emulated PPB config header: IDs, Command, Class, Header Type, buses */
#define SIM_PPB_DEVICE		0xc5f1
#define SIM_CFG_CMD		1
#define SIM_CFG_CMD_MASK	0x00000547	/* I/O, mem, master, ... */
#define SIM_CFG_BUSES		6
#define SIM_CFG_BUSES_MASK	0x00ffffff

static const u8 sim_uuid_vcs[16] = {
	0x40, 0xd2, 0x64, 0x25, 0x33, 0x96, 0x4c, 0x4d,
	0xa5, 0xda, 0x3d, 0x47, 0x26, 0x3a, 0xf4, 0x25,
};

/* moderate 10 %, severe 25 %, sample interval 8, completion interval 64 */
static const u8 sim_qos_defaults[7] = { 0, 10, 25, 8, 0, 0, 64 };

static struct sim_vppb *sim_vppb(struct sim_dev *sd, unsigned int vcs,
				 unsigned int vppb)
{
	return &sd->vppb[vcs * sd->cfg.vppbs + vppb];
}

static void sim_ppb_reset(struct sim_port *p)
{
	memset(p->cfg, 0, sizeof(p->cfg));
	p->cfg[0] = SIM_PPB_DEVICE << 16 | SIM_VENDOR;
	p->cfg[2] = 0x060400 << 8;		/* PCI-to-PCI bridge */
	p->cfg[3] = 0x01 << 16;			/* type 1 header */
}

static void sim_bg_work(struct work_struct *work);

/**
 * sim_switch_init() - build the switch new_device asked for
 * @sd: the switch, with its configuration
 *
 * Ports 0 to vcs - 1 are the USPs of the VCSs, the others DSPs with an SLD
 * or, if listed in mld=, an MLD.  VCS 0's vPPB i is bound to DSP i when that
 * holds an SLD, as a switch's power-on configuration would.
 *
 * Return: 0 or -ENOMEM.
 */
int sim_switch_init(struct sim_dev *sd)
{
	const struct sim_config *c = &sd->cfg;
	unsigned int i, l;

	INIT_DELAYED_WORK(&sd->bg_work, sim_bg_work);
	sd->port = kcalloc(c->ports, sizeof(*sd->port), GFP_KERNEL);
	sd->vppb = kcalloc(c->vcs * c->vppbs, sizeof(*sd->vppb), GFP_KERNEL);
	sd->dv = kcalloc(c->vcs, sizeof(*sd->dv), GFP_KERNEL);
	if (!sd->port || !sd->vppb || !sd->dv)
		return -ENOMEM;
	for (i = 0; i < c->ports; i++) {
		struct sim_port *p = &sd->port[i];

		p->link_up = true;
		sim_ppb_reset(p);
		if (i < c->vcs) {
			p->state = SIM_PORT_USP;
			continue;
		}
		p->state = SIM_PORT_DSP;
		p->dev_type = SIM_DEV_SLD;
		if (!test_bit(i, c->mld))
			continue;
		p->dev_type = SIM_DEV_MLD;
		p->mld = kzalloc(sizeof(*p->mld), GFP_KERNEL);
		if (!p->mld)
			return -ENOMEM;
		p->mld->lds = c->lds;
		p->mld->heads = c->heads;
		p->mld->dcd.nr_regions = c->dc_regions;
		for (l = 0; l < c->lds; l++) {
			p->mld->range[l][0] = SIM_MLD_LD_SIZE / SIM_ALLOC_UNIT;
			p->mld->alloc_bw[l] = 256 / c->lds;
			p->mld->bw_limit[l] = 0xff;
		}
		if (sim_ldio_init(p->mld))
			return -ENOMEM;
		for (l = 0; l < c->dc_regions; l++)
			p->mld->dcd.block_size[l] = SZ_2M;
		/* QoS Control defaults, CXL r3.2 §7.6.7.4.4 */
		memcpy(p->mld->qos_ctrl, sim_qos_defaults, sizeof(sim_qos_defaults));
	}
	for (i = 0; i < c->vppbs && c->vcs + i < c->ports; i++) {
		if (sd->port[c->vcs + i].mld)
			continue;
		sd->port[c->vcs + i].bound = true;
		*sim_vppb(sd, 0, i) = (struct sim_vppb){
			.status = SIM_VPPB_BOUND_PORT, .port = c->vcs + i,
			.ld = SIM_LD_NONE };
	}
	for (i = 0; i < c->vcs * c->vppbs; i++)
		if (sd->vppb[i].status == SIM_VPPB_UNBOUND)
			sd->vppb[i].ld = SIM_LD_NONE;
	return 0;
}

void sim_switch_free(struct sim_dev *sd)
{
	unsigned int i;

	for (i = 0; sd->port && i < sd->cfg.ports; i++) {
		if (sd->port[i].mld)
			sim_ldio_free(sd->port[i].mld);
		kfree(sd->port[i].mld);
	}
	kfree(sd->port);
	kfree(sd->vppb);
	kfree(sd->dv);
}

/**
 * sim_port_block() - the 16-byte port information block of 0x5101
 * @sd: the switch
 * @id: port id
 * @b: where to write it (CXL r3.2 §7.6.7.1.2)
 */
void sim_port_block(struct sim_dev *sd, unsigned int id, u8 *b)
{
	const struct sim_port *p;
	bool up;
	u16 flags = 0;

	memset(b, 0, 16);
	b[0] = id;
	if (id >= sd->cfg.ports) {
		b[1] = SIM_PORT_INVALID;
		return;
	}
	p = &sd->port[id];
	up = p->link_up && !p->perst;
	b[1] = p->state;
	b[2] = up ? SIM_MODE_256B_FLIT : 0;
	b[4] = up ? p->dev_type : SIM_DEV_NONE;
	b[5] = SIM_MODES;
	b[6] = SIM_WIDTH;
	b[7] = up ? SIM_WIDTH : 0;
	b[8] = SIM_SPEEDS;
	b[9] = SIM_SPEED_32GT;
	b[0xa] = up ? SIM_SPEED_32GT : 0;
	b[0xb] = up ? SIM_LTSSM_L0 : SIM_LTSSM_DETECT;
	if (up && sd->cfg.ltssm >= 0)
		b[0xb] = sd->cfg.ltssm;
	if (p->dev_type != SIM_DEV_NONE)
		flags |= SIM_LINK_PRSNT;
	if (p->perst)
		flags |= SIM_LINK_PERST;
	if (sd->cfg.link_flags >= 0)
		flags = sd->cfg.link_flags;
	sim_put16(b + 0xd, flags);
	b[0xf] = p->mld ? p->mld->lds : 0;
}

/*
 * Physical Switch Event Record, link state change (CXL r3.2 §7.6.8), with
 * the port's LTSSM state, or @ltssm if not negative.
 */
static void sim_link_record(struct sim_dev *sd, unsigned int id, int ltssm)
{
	const struct sim_port *p = &sd->port[id];
	u8 body[0x50] = {}, blk[16];
	u16 slot = SIM_SLTSTA_DLLSC | SIM_SLTSTA_PDC;

	if (p->link_up && !p->perst)
		slot |= SIM_SLTSTA_PDS;
	sim_port_block(sd, id, blk);
	body[0x00] = id;
	body[0x01] = 0;				/* link state change */
	sim_put16(body + 0x02, slot);
	/* 0x35-0x42 hold the same fields as bytes 1-14 of the 0x5101 block */
	memcpy(body + 0x05, blk + 1, 14);
	if (ltssm >= 0)
		body[0x0f] = ltssm;		/* record offset 0x3f */
	sim_event_add(sd, SIM_LOG_INFO, sim_uuid_phys_switch, body,
		      sizeof(body));
}

/**
 * sim_port_set_link() - take a port's link down or up
 * @sd: the switch, locked
 * @id: the port
 * @up: the new link state
 *
 * Raises a Physical Switch event record when the link changes.
 */
void sim_port_set_link(struct sim_dev *sd, unsigned int id, bool up)
{
	lockdep_assert_held(&sd->lock);
	if (sd->port[id].link_up == up)
		return;
	sd->port[id].link_up = up;
	sim_link_record(sd, id, -1);
}

/**
 * sim_ltssm_record() - raise a link state change record with any LTSSM state
 * @sd: the switch, locked
 * @id: the port
 * @ltssm: the LTSSM state the record carries (reserved values too)
 *
 * The port itself does not change: the record says what a switch whose
 * link passes through @ltssm would say.
 */
void sim_ltssm_record(struct sim_dev *sd, unsigned int id, u8 ltssm)
{
	lockdep_assert_held(&sd->lock);
	sim_link_record(sd, id, ltssm);
}

/* Identify Switch Device, CXL r3.2 §7.6.7.1.1 */
u16 sim_identify_switch(struct sim_req *rq)
{
	struct sim_dev *sd = rq->sd;
	u16 rc = sim_check_len(rq, 0);
	unsigned int i, bound = 0;
	u8 *o = rq->out;

	if (rc)
		return rc;
	if (!sim_fits(rq, 0x49))
		return SIM_RC_INTERNAL;
	o[0x00] = 0;			/* ingress: the USP of VCS 0 */
	/* a one-byte count: a 256-port switch says 255 (see SIM_MAX_PORTS) */
	o[0x02] = min(sd->cfg.ports, 255U);
	o[0x03] = sd->cfg.vcs;
	for (i = 0; i < sd->cfg.ports; i++)
		if (sd->port[i].state != SIM_PORT_DISABLED)
			o[0x04 + i / 8] |= BIT(i % 8);
	for (i = 0; i < sd->cfg.vcs; i++)
		o[0x24 + i / 8] |= BIT(i % 8);
	for (i = 0; i < sd->cfg.vcs * sd->cfg.vppbs; i++)
		bound += sd->vppb[i].status == SIM_VPPB_BOUND_PORT ||
			 sd->vppb[i].status == SIM_VPPB_BOUND_LD;
	sim_put16(o + 0x44, sd->cfg.vcs * sd->cfg.vppbs);
	sim_put16(o + 0x46, bound);
	o[0x48] = SIM_HDM_DECODERS;
	return SIM_RC_SUCCESS;
}

/* Get Physical Port State, CXL r3.2 §7.6.7.1.2 */
u16 sim_get_port_state(struct sim_req *rq)
{
	u16 rc = sim_check_min_len(rq, 1);
	unsigned int i, n;

	if (rc)
		return rc;
	n = rq->in[0];
	rc = sim_check_len(rq, 1 + n);
	if (rc)
		return rc;
	if (!n || !sim_fits(rq, 4 + 16 * n))
		return SIM_RC_INVALID_INPUT;
	rq->out[0] = n;
	for (i = 0; i < n; i++)
		sim_port_block(rq->sd, rq->in[1 + i], rq->out + 4 + 16 * i);
	return SIM_RC_SUCCESS;
}

/* Physical Port Control, CXL r3.2 §7.6.7.1.3 */
u16 sim_port_control(struct sim_req *rq)
{
	struct sim_dev *sd = rq->sd;
	u16 rc = sim_check_len(rq, 2);
	struct sim_port *p;

	if (rc)
		return rc;
	if (rq->in[0] >= sd->cfg.ports || rq->in[1] > 2)
		return SIM_RC_INVALID_INPUT;
	p = &sd->port[rq->in[0]];
	switch (rq->in[1]) {
	case 0:		/* assert PERST#: the link goes down */
	case 1:		/* deassert PERST# */
		if (p->perst == !rq->in[1])
			break;
		p->perst = !rq->in[1];
		if (p->link_up)
			sim_link_record(sd, rq->in[0], -1);
		break;
	case 2:		/* reset PPB */
		sim_ppb_reset(p);
		break;
	}
	return SIM_RC_SUCCESS;
}

/* Writable bits of the PPB header, per dword */
static const u32 sim_ppb_wmask[SIM_CFG_DWORDS] = {
	[SIM_CFG_CMD] = SIM_CFG_CMD_MASK,
	[SIM_CFG_BUSES] = SIM_CFG_BUSES_MASK,
};

/* Send PPB CXL.io Configuration Request, CXL r3.2 §7.6.7.1.4 */
u16 sim_ppb_config(struct sim_req *rq)
{
	struct sim_dev *sd = rq->sd;
	u16 rc = sim_check_len(rq, 8);

	if (rc)
		return rc;
	if (rq->in[0] >= sd->cfg.ports)
		return SIM_RC_INVALID_INPUT;
	return sim_cfg_request(rq, rq->in[1] | rq->in[2] << 8 | rq->in[3] << 16,
			       sim_get32(rq->in + 4), sd->port[rq->in[0]].cfg,
			       sim_ppb_wmask);
}

/*
 * Binding status, bound port and bound LD (0xff: none) of a vPPB, as both
 * 0x5200 and the Virtual CXL Switch Event Record lay them out.
 */
static void sim_vppb_entry(const struct sim_vppb *v, u8 *o)
{
	bool bound = v->status != SIM_VPPB_UNBOUND;

	o[0] = v->status;
	o[1] = bound ? v->port : 0;
	o[2] = bound && v->ld != SIM_LD_NONE ? v->ld : 0xff;
}

/* Get Virtual CXL Switch Info, CXL r3.2 §7.6.7.2.1 */
u16 sim_get_vcs_info(struct sim_req *rq)
{
	struct sim_dev *sd = rq->sd;
	u16 rc = sim_check_min_len(rq, 3);
	unsigned int start, limit, n, i, j, len = 4, cnt;
	u8 *o;

	if (rc)
		return rc;
	start = rq->in[0];
	limit = rq->in[1];
	n = rq->in[2];
	rc = sim_check_len(rq, 3 + n);
	if (rc)
		return rc;
	if (!limit || !n)
		return SIM_RC_INVALID_INPUT;
	for (i = 0; i < n; i++) {
		cnt = rq->in[3 + i] < sd->cfg.vcs && start < sd->cfg.vppbs ?
		      min(limit, sd->cfg.vppbs - start) : 0;
		len += 4 + 4 * cnt;
	}
	if (!sim_fits(rq, len))
		return SIM_RC_INVALID_INPUT;
	rq->out[0] = n;
	o = rq->out + 4;
	for (i = 0; i < n; i++) {
		unsigned int vcs = rq->in[3 + i];

		o[0] = vcs;
		if (vcs >= sd->cfg.vcs) {
			o[1] = 0xff;		/* invalid VCS ID */
			o += 4;
			continue;
		}
		o[1] = 1;			/* enabled */
		o[2] = vcs;			/* its USP */
		o[3] = sd->cfg.vppbs;
		o += 4;
		cnt = start < sd->cfg.vppbs ? min(limit, sd->cfg.vppbs - start) : 0;
		for (j = 0; j < cnt; j++, o += 4) {
			const struct sim_vppb *v = sim_vppb(sd, vcs, start + j);

			sim_vppb_entry(v, o);
		}
	}
	return SIM_RC_SUCCESS;
}

/**
 * sim_bg_percent() - completion of the background operation
 * @sd: the switch, with @sd->bg_lock held
 *
 * Return: percent complete; below 100 until the operation is done.
 */
u8 sim_bg_percent(struct sim_dev *sd)
{
	unsigned int ms, cap = READ_ONCE(sd->bg_hang) ? 50 : 99;

	lockdep_assert_held(&sd->bg_lock);
	if (!sd->bg.running)
		return sd->bg.percent;
	if (!sd->cfg.bg_ms)
		return cap;
	ms = jiffies_to_msecs(jiffies - sd->bg.start);
	return min(ms * 100 / sd->cfg.bg_ms, cap);
}

/* Virtual CXL Switch Event Record, binding change (CXL r3.2 §7.6.8) */
static void sim_vcs_event(struct sim_dev *sd, enum sim_log log)
{
	const struct sim_vppb *v = sim_vppb(sd, sd->bg.vcs, sd->bg.vppb);
	u8 body[0x50] = {};

	body[0x00] = sd->bg.vcs;
	body[0x01] = sd->bg.vppb;
	body[0x02] = 0;				/* binding change */
	sim_vppb_entry(v, body + 0x03);
	sim_event_add(sd, log, sim_uuid_vcs, body, sizeof(body));
}

/**
 * sim_binding_record() - raise a binding change record with any status
 * @sd: the switch, locked
 * @vppb: a vPPB of VCS 0
 * @status: the binding status the record carries (reserved values too)
 *
 * The vPPB itself does not change; the record names its bound port and LD.
 */
void sim_binding_record(struct sim_dev *sd, unsigned int vppb, u8 status)
{
	u8 body[0x50] = {};

	lockdep_assert_held(&sd->lock);
	body[0x01] = vppb;			/* VCS 0 */
	body[0x02] = 0;				/* binding change */
	sim_vppb_entry(sim_vppb(sd, 0, vppb), body + 0x03);
	body[0x03] = status;
	sim_event_add(sd, SIM_LOG_INFO, sim_uuid_vcs, body, sizeof(body));
}

/* Mark the port (or LD) of @v as bound or free. */
static void sim_claim(struct sim_dev *sd, const struct sim_vppb *v, bool on)
{
	struct sim_port *p = &sd->port[v->port];

	if (v->ld == SIM_LD_NONE)
		p->bound = on;
	else if (on)
		p->ld_bound |= BIT(v->ld);
	else
		p->ld_bound &= ~BIT(v->ld);
}

/*
 * End the background operation: apply it, or on abort restore the vPPB.
 * Successful bind/unbind go to the Informational log, failed ones to the
 * Warning log (CXL r3.2 §7.6.8).
 */
static void sim_bg_finish(struct sim_dev *sd, u16 rc)
{
	struct sim_vppb *v = sim_vppb(sd, sd->bg.vcs, sd->bg.vppb);
	bool bind = sd->bg.opcode == 0x5201;
	u8 percent;

	lockdep_assert_held(&sd->lock);
	if (rc == SIM_RC_SUCCESS) {
		*v = sd->bg.next;
		if (!bind)
			sim_claim(sd, &sd->bg.prev, false);
	} else {
		*v = sd->bg.prev;
		if (bind)
			sim_claim(sd, &sd->bg.next, false);
	}
	sd->port[sd->bg.next.port].state = SIM_PORT_DSP;
	spin_lock(&sd->bg_lock);
	percent = rc == SIM_RC_SUCCESS ? 100 : sim_bg_percent(sd);
	sd->bg.running = false;
	sd->bg.percent = percent;
	sd->bg.rc = rc;
	spin_unlock(&sd->bg_lock);
	sim_vcs_event(sd, rc == SIM_RC_SUCCESS ? SIM_LOG_INFO : SIM_LOG_WARN);
	if (sd->cfg.irq && sd->cci && !sd->removing)
		cxlfm_cci_bg_interrupt(sd->cci);
}

static void sim_bg_work(struct work_struct *work)
{
	struct sim_dev *sd = container_of(to_delayed_work(work),
					  struct sim_dev, bg_work);

	mutex_lock(&sd->lock);
	if (sd->bg.running && !sd->bg_hang)
		sim_bg_finish(sd, SIM_RC_SUCCESS);
	mutex_unlock(&sd->lock);
}

/**
 * sim_bg_abort() - Request Abort Background Operation
 * @sd: the switch, locked
 *
 * Bind and unbind can always be aborted: the vPPB returns to its state
 * before the operation and the operation ends with Aborted below 100 %.
 *
 * Return: Success (also when nothing runs).
 */
u16 sim_bg_abort(struct sim_dev *sd)
{
	lockdep_assert_held(&sd->lock);
	if (sd->bg.running) {
		cancel_delayed_work(&sd->bg_work);
		sim_bg_finish(sd, SIM_RC_ABORTED);
	}
	return SIM_RC_SUCCESS;
}

/* Start a bind or unbind of @vcs/@vppb towards @next. */
static u16 sim_bg_start(struct sim_req *rq, u8 vcs, u8 vppb,
			const struct sim_vppb *next, u8 port_state)
{
	struct sim_dev *sd = rq->sd;
	struct sim_vppb *v = sim_vppb(sd, vcs, vppb);

	sd->bg.vcs = vcs;
	sd->bg.vppb = vppb;
	sd->bg.prev = *v;
	sd->bg.next = *next;
	if (port_state == SIM_PORT_BIND)
		sim_claim(sd, next, true);
	v->status = SIM_VPPB_IN_PROGRESS;
	sd->port[v->port = next->port].state = port_state;
	v->ld = next->ld;
	spin_lock(&sd->bg_lock);
	sd->bg.running = true;
	sd->bg.opcode = rq->opcode;
	sd->bg.percent = 0;
	sd->bg.rc = 0;
	sd->bg.start = jiffies;
	spin_unlock(&sd->bg_lock);
	schedule_delayed_work(&sd->bg_work, msecs_to_jiffies(sd->cfg.bg_ms));
	return SIM_RC_BACKGROUND;
}

/* Bind vPPB, CXL r3.2 §7.6.7.2.2: a background operation */
u16 sim_bind_vppb(struct sim_req *rq)
{
	struct sim_dev *sd = rq->sd;
	u16 rc = sim_check_len(rq, 6), ld;
	struct sim_vppb next;
	struct sim_port *p;

	if (rc)
		return rc;
	if (sd->bg.running)
		return SIM_RC_BUSY;
	if (rq->in[0] >= sd->cfg.vcs || rq->in[1] >= sd->cfg.vppbs ||
	    rq->in[2] >= sd->cfg.ports)
		return SIM_RC_INVALID_INPUT;
	p = &sd->port[rq->in[2]];
	ld = sim_get16(rq->in + 4);
	if (sim_vppb(sd, rq->in[0], rq->in[1])->status != SIM_VPPB_UNBOUND ||
	    p->state != SIM_PORT_DSP)
		return SIM_RC_INVALID_INPUT;
	if (p->mld ? ld >= p->mld->lds || p->ld_bound & BIT(ld) :
		     ld != SIM_LD_NONE || p->bound)
		return SIM_RC_INVALID_INPUT;
	next = (struct sim_vppb){
		.status = p->mld ? SIM_VPPB_BOUND_LD : SIM_VPPB_BOUND_PORT,
		.port = rq->in[2], .ld = ld };
	return sim_bg_start(rq, rq->in[0], rq->in[1], &next, SIM_PORT_BIND);
}

/* Unbind vPPB, CXL r3.2 §7.6.7.2.3: a background operation */
u16 sim_unbind_vppb(struct sim_req *rq)
{
	struct sim_dev *sd = rq->sd;
	u16 rc = sim_check_len(rq, 3);
	struct sim_vppb next, *v;

	if (rc)
		return rc;
	if (sd->bg.running)
		return SIM_RC_BUSY;
	if (rq->in[0] >= sd->cfg.vcs || rq->in[1] >= sd->cfg.vppbs ||
	    (rq->in[2] & 0xf) > 2 || rq->in[2] & 0xf0)
		return SIM_RC_INVALID_INPUT;
	v = sim_vppb(sd, rq->in[0], rq->in[1]);
	if (v->status != SIM_VPPB_BOUND_PORT && v->status != SIM_VPPB_BOUND_LD)
		return SIM_RC_INVALID_INPUT;
	next = (struct sim_vppb){ .status = SIM_VPPB_UNBOUND, .port = v->port,
				  .ld = v->ld };
	return sim_bg_start(rq, rq->in[0], rq->in[1], &next, SIM_PORT_UNBIND);
}

/* Generate AER Event, CXL r3.2 §7.6.7.2.4 */
u16 sim_generate_aer(struct sim_req *rq)
{
	struct sim_dev *sd = rq->sd;
	u16 rc = sim_check_len(rq, 0x28);

	if (rc)
		return rc;
	if (rq->in[0] >= sd->cfg.vcs || rq->in[1] > sd->cfg.vppbs ||
	    (sim_get32(rq->in + 4) & GENMASK(30, 5)))
		return SIM_RC_INVALID_INPUT;
	/* Instance 0 is the USP; 1 onwards the downstream vPPBs. */
	if (rq->in[1])
		sim_vppb(sd, rq->in[0], rq->in[1] - 1)->aer++;
	return SIM_RC_SUCCESS;
}
