// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated CCIs: command dispatch, the Command Effects Log, the generic
 * commands every CCI answers (CXL r3.1 §8.2.9.1, §8.2.9.5) and the cxlfm
 * transport that executes them.
 */
#include <linux/bsearch.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sim.h"

/* Identify (CXL r3.1 §8.2.9.1.1) values of the simulated components. */
#define SIM_SERIAL_BASE		0x5100000000000000ULL
#define SIM_IDENTIFY_LEN	0x12
/* Maximum supported message size n (2^n bytes): the spec allows 8 to 10 */
#define SIM_MSG_SIZE_MAX	10

/* Get Supported Logs / Get Log (CXL r3.1 §8.2.9.5.1-2) */
#define SIM_LOG_ENTRY_LEN	0x14
#define SIM_GET_LOG_REQ_LEN	0x18
#define SIM_CEL_ENTRY_LEN	4

/* UUIDs travel in the byte order of their text form (RFC 4122) */
static const u8 sim_cel_uuid[16] = {	/* 0da9c0b5-bf41-4b78-8f79-96b1623b3f17 */
	0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
	0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
};

/* vendor_log=: a vendor-defined log of the simulator's own */
static const u8 sim_vendor_log_uuid[16] = { /* 5c1d0a7e-63a1-4e2b-9f1c-7d6e5a4b3c2d */
	0x5c, 0x1d, 0x0a, 0x7e, 0x63, 0xa1, 0x4e, 0x2b,
	0x9f, 0x1c, 0x7d, 0x6e, 0x5a, 0x4b, 0x3c, 0x2d,
};

/**
 * sim_check_len() - check a fixed request length
 * @rq: the request
 * @len: the length the command takes
 *
 * CXL r3.1 §8.2.8.4.5.1: the length is checked before anything else.
 *
 * Return: Success, or Invalid Payload Length.
 */
u16 sim_check_len(const struct sim_req *rq, size_t len)
{
	return rq->in_len == len ? SIM_RC_SUCCESS : SIM_RC_INVALID_PAYLOAD;
}

/**
 * sim_check_min_len() - check a request has at least its fixed part
 * @rq: the request
 * @len: the length of the fixed part
 *
 * Return: Success, or Invalid Payload Length.
 */
u16 sim_check_min_len(const struct sim_req *rq, size_t len)
{
	return rq->in_len >= len ? SIM_RC_SUCCESS : SIM_RC_INVALID_PAYLOAD;
}

/**
 * sim_fits() - set the response length if it fits the payload area
 * @rq: the request
 * @len: bytes of response
 *
 * Return: true if @len bytes fit; the response is zeroed and sized.
 */
bool sim_fits(struct sim_req *rq, size_t len)
{
	if (len > rq->out_cap)
		return false;
	memset(rq->out, 0, len);
	rq->out_len = len;
	return true;
}

static u16 sim_identify(struct sim_req *rq);
static u16 sim_bg_op_status(struct sim_req *rq);
static u16 sim_request_abort(struct sim_req *rq);
static u16 sim_get_supported_logs(struct sim_req *rq);
static u16 sim_get_log(struct sim_req *rq);

/* The Switch Mailbox CCI, CXL r3.2 §7.6.7 */
static const struct sim_cmd sim_switch_cmds[] = {
	{ 0x0001, 0, sim_identify },
	{ 0x0002, 0, sim_bg_op_status },
	{ 0x0005, 0, sim_request_abort },
	{ 0x0100, 0, sim_get_event_records },
	{ 0x0101, SIM_FX_IMM_LOG, sim_clear_event_records },
	{ 0x0102, 0, sim_get_event_policy },
	{ 0x0103, SIM_FX_IMM_CFG, sim_set_event_policy },
	{ 0x0400, 0, sim_get_supported_logs },
	{ 0x0401, 0, sim_get_log },
	{ 0x5100, 0, sim_identify_switch },
	{ 0x5101, 0, sim_get_port_state },
	{ 0x5102, SIM_FX_IMM_CFG, sim_port_control },
	{ 0x5103, SIM_FX_IMM_CFG, sim_ppb_config },
	{ 0x5104, 0, sim_get_dv_sv_state },
	{ 0x5105, SIM_FX_IMM_POLICY, sim_set_dv_sv },
	{ 0x5106, 0, sim_get_vcs_dv_sv_state },
	{ 0x5107, 0, sim_get_dv_sv },
	{ 0x5200, 0, sim_get_vcs_info },
	{ 0x5201, SIM_FX_IMM_CFG | SIM_FX_BG | SIM_FX_ABORT_BG, sim_bind_vppb },
	{ 0x5202, SIM_FX_IMM_CFG | SIM_FX_BG | SIM_FX_ABORT_BG,
	  sim_unbind_vppb },
	{ 0x5203, SIM_FX_IMM_CFG, sim_generate_aer },
	/* The tunnelled command carries the effects (CXL r3.2 §7.6.7.3.1). */
	{ 0x5300, 0, sim_tunnel },
	{ 0x5301, SIM_FX_IMM_CFG, sim_ld_config },
	{ 0x5302, SIM_FX_IMM_DATA, sim_ld_memory },
};

/* An MLD's FM-owned LD (CXL r3.2 §7.6.7.4, §7.6.7.6) */
static const struct sim_cmd sim_fm_ld_cmds[] = {
	{ 0x0001, 0, sim_identify },
	{ 0x0400, 0, sim_get_supported_logs },
	{ 0x0401, 0, sim_get_log },
	{ 0x5300, 0, sim_tunnel },
	{ 0x5400, 0, sim_get_ld_info },
	{ 0x5401, 0, sim_get_ld_alloc },
	{ 0x5402, SIM_FX_RESETS | SIM_FX_IMM_CFG | SIM_FX_IMM_DATA,
	  sim_set_ld_alloc },
	{ 0x5403, 0, sim_get_qos_ctrl },
	{ 0x5404, SIM_FX_IMM_POLICY, sim_set_qos_ctrl },
	{ 0x5405, 0, sim_get_qos_status },
	{ 0x5406, 0, sim_get_qos_bw },
	{ 0x5407, SIM_FX_RESETS | SIM_FX_IMM_CFG | SIM_FX_IMM_DATA,
	  sim_set_qos_bw },
	{ 0x5408, 0, sim_get_qos_bw },
	{ 0x5409, SIM_FX_RESETS | SIM_FX_IMM_CFG | SIM_FX_IMM_DATA,
	  sim_set_qos_bw },
};

/* The DCD management commands of an FM-owned LD with DC regions */
static const struct sim_cmd sim_dcd_cmds[] = {
	{ 0x5600, 0, sim_get_dcd_info },
	{ 0x5601, 0, sim_get_dc_region_cfg },
	{ 0x5602, SIM_FX_COLD_RESET | SIM_FX_IMM_CFG, sim_set_dc_region_cfg },
	{ 0x5603, 0, sim_get_dc_extents },
	{ 0x5604, SIM_FX_IMM_CFG | SIM_FX_IMM_DATA, sim_dc_add },
	{ 0x5605, SIM_FX_IMM_CFG | SIM_FX_IMM_DATA, sim_dc_release },
	{ 0x5606, SIM_FX_IMM_CFG, sim_dc_add_ref },
	{ 0x5607, SIM_FX_IMM_CFG, sim_dc_remove_ref },
	{ 0x5608, 0, sim_dc_list_tags },
};

/* One LD, reached through its MLD's FM-owned LD */
static const struct sim_cmd sim_ld_cmds[] = {
	{ 0x0001, 0, sim_identify },
	{ 0x0400, 0, sim_get_supported_logs },
	{ 0x0401, 0, sim_get_log },
};

/* The LD-pool CCI of a multi-headed device (CXL r3.2 §7.6.7.5) */
static const struct sim_cmd sim_pool_cmds[] = {
	{ 0x0001, 0, sim_identify },
	{ 0x0400, 0, sim_get_supported_logs },
	{ 0x0401, 0, sim_get_log },
	{ 0x5500, 0, sim_get_mhd_info },
	{ 0x5501, 0, sim_get_head_info },
};

/* The command tables of a CCI: a base table and, for a DCD, the DCD set. */
static void sim_tables(struct sim_req *rq, enum sim_target target,
		       const struct sim_cmd **t, unsigned int *n)
{
	const struct sim_port *p = &rq->sd->port[rq->port];

	n[1] = 0;
	switch (target) {
	case SIM_TARGET_SWITCH:
		t[0] = sim_switch_cmds;
		n[0] = ARRAY_SIZE(sim_switch_cmds);
		break;
	case SIM_TARGET_FM_LD:
		t[0] = sim_fm_ld_cmds;
		n[0] = ARRAY_SIZE(sim_fm_ld_cmds);
		if (p->mld->dcd.nr_regions) {
			t[1] = sim_dcd_cmds;
			n[1] = ARRAY_SIZE(sim_dcd_cmds);
		}
		break;
	case SIM_TARGET_LD:
		t[0] = sim_ld_cmds;
		n[0] = ARRAY_SIZE(sim_ld_cmds);
		break;
	case SIM_TARGET_POOL:
		t[0] = sim_pool_cmds;
		n[0] = ARRAY_SIZE(sim_pool_cmds);
		break;
	}
}

static int sim_cmd_cmp(const void *key, const void *elt)
{
	return (int)*(const u16 *)key - (int)((const struct sim_cmd *)elt)->opcode;
}

/*
 * cel=: a switch that implements only part of the FM-API.  Entry @cmd of
 * the Switch Mailbox CCI's table is listed in its CEL, and answered, only
 * if its bit is set; the commands of the CCIs behind a tunnel keep theirs.
 */
static bool sim_cel_has(const struct sim_dev *sd, enum sim_target target,
			const struct sim_cmd *cmd)
{
	return target != SIM_TARGET_SWITCH ||
	       sd->cfg.cel & BIT(cmd - sim_switch_cmds);
}

/**
 * sim_cel_parse() - the switch commands of a cel= list
 * @list: opcodes in hex, separated by commas ("0001,0002,5100")
 * @cel: receives one bit per entry of the switch's command table
 *
 * Return: 0, or -EINVAL for an opcode the switch does not implement.
 */
int sim_cel_parse(const char *list, u32 *cel)
{
	char *s = kstrdup(list, GFP_KERNEL), *cur, *tok;
	const struct sim_cmd *cmd;
	int rc = 0;
	u16 op;

	BUILD_BUG_ON(ARRAY_SIZE(sim_switch_cmds) > 32);
	if (!s)
		return -ENOMEM;
	*cel = 0;
	cur = s;
	while (!rc && (tok = strsep(&cur, ","))) {
		cmd = NULL;
		if (!kstrtou16(tok, 16, &op))
			cmd = bsearch(&op, sim_switch_cmds,
				      ARRAY_SIZE(sim_switch_cmds),
				      sizeof(*cmd), sim_cmd_cmp);
		if (cmd)
			*cel |= BIT(cmd - sim_switch_cmds);
		else
			rc = -EINVAL;
	}
	kfree(s);
	return rc;
}

/**
 * sim_cel_format() - a cel= list as sim_cel_parse() takes it
 * @cel: the bits
 * @buf: where to write it
 * @len: its size
 *
 * Return: the length written.
 */
int sim_cel_format(u32 cel, char *buf, size_t len)
{
	unsigned int i;
	int n = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(sim_switch_cmds); i++)
		if (cel & BIT(i))
			n += scnprintf(buf + n, len - n, "%s%04x", n ? "," : "",
				       sim_switch_cmds[i].opcode);
	return n;
}

/**
 * sim_cel_lists() - whether the switch CCI's CEL lists a command
 * @sd: the switch
 * @opcode: the command
 *
 * Return: true if it does.
 */
bool sim_cel_lists(const struct sim_dev *sd, u16 opcode)
{
	const struct sim_cmd *cmd;

	cmd = bsearch(&opcode, sim_switch_cmds, ARRAY_SIZE(sim_switch_cmds),
		      sizeof(*cmd), sim_cmd_cmp);
	return cmd && sim_cel_has(sd, SIM_TARGET_SWITCH, cmd);
}

/* The command @rq->opcode of CCI @target, if its CEL lists it. */
static const struct sim_cmd *sim_find(struct sim_req *rq,
				      enum sim_target target)
{
	const struct sim_cmd *t[2], *cmd = NULL;
	unsigned int n[2], i;

	sim_tables(rq, target, t, n);
	for (i = 0; i < 2 && !cmd; i++)
		if (n[i])
			cmd = bsearch(&rq->opcode, t[i], n[i], sizeof(*t[i]),
				      sim_cmd_cmp);
	return cmd && sim_cel_has(rq->sd, target, cmd) ? cmd : NULL;
}

/**
 * sim_lists() - whether the CCI @target lists the command of @rq in its CEL
 * @rq: the request, its port and LD set for a CCI behind a tunnel
 * @target: the CCI
 *
 * Return: true if it does.
 */
bool sim_lists(struct sim_req *rq, enum sim_target target)
{
	return sim_find(rq, target);
}

/**
 * sim_exec() - execute one request on a simulated CCI
 * @rq: the request; @rq->out_len set on return
 * @target: which CCI
 *
 * Called with the switch's lock held.
 *
 * Return: the command's return code.
 */
u16 sim_exec(struct sim_req *rq, enum sim_target target)
{
	const struct sim_cmd *cmd;

	lockdep_assert_held(&rq->sd->lock);
	rq->out_len = 0;
	rq->target = target;
	cmd = sim_find(rq, target);
	return cmd ? cmd->fn(rq) : SIM_RC_UNSUPPORTED;
}

/* Identify, CXL r3.1 §8.2.9.1.1 */
static u16 sim_identify(struct sim_req *rq)
{
	bool sw = rq->target == SIM_TARGET_SWITCH;
	u16 rc = sim_check_len(rq, 0);
	u8 *o = rq->out;

	if (rc)
		return rc;
	if (!sim_fits(rq, SIM_IDENTIFY_LEN))
		return SIM_RC_INTERNAL;
	sim_put16(o + 0x00, SIM_VENDOR);
	sim_put16(o + 0x02, sw ? SIM_DEVICE_SWITCH : SIM_DEVICE_TYPE3);
	sim_put16(o + 0x04, SIM_VENDOR);
	sim_put16(o + 0x06, rq->sd->id);
	sim_put64(o + 0x08, SIM_SERIAL_BASE | (u64)rq->sd->id << 16 |
		  (sw ? 0 : 0x8000 | rq->port << 4 | (rq->ld & 0xf)));
	o[0x10] = min(ilog2(rq->sd->cfg.payload), SIM_MSG_SIZE_MAX);
	o[0x11] = sw ? SIM_COMPONENT_SWITCH : SIM_COMPONENT_TYPE3;
	return SIM_RC_SUCCESS;
}

/* Background Operation Status, CXL r3.1 §8.2.9.1.2 */
static u16 sim_bg_op_status(struct sim_req *rq)
{
	struct sim_dev *sd = rq->sd;
	u16 rc = sim_check_len(rq, 0);
	u8 *o = rq->out;

	if (rc)
		return rc;
	if (!sim_fits(rq, 8))
		return SIM_RC_INTERNAL;
	spin_lock(&sd->bg_lock);
	o[0] = sd->bg.running | sim_bg_percent(sd) << 1;
	sim_put16(o + 2, sd->bg.opcode);
	sim_put16(o + 4, sd->bg.running ? 0 : sd->bg.rc);
	spin_unlock(&sd->bg_lock);
	return SIM_RC_SUCCESS;
}

/* Request Abort Background Operation, CXL r3.1 §8.2.9.1.5 */
static u16 sim_request_abort(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 0);

	return rc ? rc : sim_bg_abort(rq->sd);
}

/* Build the CEL of the CCI the request is on; Return: its length. */
static size_t sim_cel(struct sim_req *rq, u8 *buf)
{
	const struct sim_cmd *t[2];
	unsigned int n[2], i, j;
	size_t len = 0;

	sim_tables(rq, rq->target, t, n);
	for (i = 0; i < 2; i++)
		for (j = 0; j < n[i]; j++) {
			if (!sim_cel_has(rq->sd, rq->target, &t[i][j]))
				continue;
			if (buf) {
				sim_put16(buf + len, t[i][j].opcode);
				sim_put16(buf + len + 2, t[i][j].effects);
			}
			len += SIM_CEL_ENTRY_LEN;
		}
	return len;
}

/*
 * Get Supported Logs, CXL r3.1 §8.2.9.5.1: the CEL, and the vendor log
 * where the switch has one (not on the LDs behind it)
 */
static u16 sim_get_supported_logs(struct sim_req *rq)
{
	u32 vendor = rq->target == SIM_TARGET_SWITCH ? rq->sd->cfg.vendor_log : 0;
	u16 rc = sim_check_len(rq, 0), n = vendor ? 2 : 1;
	u8 *o = rq->out;

	if (rc)
		return rc;
	if (!sim_fits(rq, 8 + n * SIM_LOG_ENTRY_LEN))
		return SIM_RC_INTERNAL;
	sim_put16(o, n);
	memcpy(o + 8, sim_cel_uuid, sizeof(sim_cel_uuid));
	sim_put32(o + 8 + 16, sim_cel(rq, NULL));
	if (vendor) {
		o += 8 + SIM_LOG_ENTRY_LEN;
		memcpy(o, sim_vendor_log_uuid, sizeof(sim_vendor_log_uuid));
		sim_put32(o + 16, vendor);
	}
	return SIM_RC_SUCCESS;
}

/* Get Log of the vendor log: byte i is i mod 251, no power-of-two period */
static u16 sim_get_vendor_log(struct sim_req *rq, u32 off, u32 len)
{
	u32 size = rq->target == SIM_TARGET_SWITCH ? rq->sd->cfg.vendor_log : 0;
	u32 i;

	if (!size)
		return SIM_RC_INVALID_LOG;
	if (len > rq->out_cap || off > size || len > size - off)
		return SIM_RC_INVALID_INPUT;
	for (i = 0; i < len; i++)
		rq->out[i] = (off + i) % 251;
	rq->out_len = len;
	return SIM_RC_SUCCESS;
}

/* Get Log, CXL r3.1 §8.2.9.5.2 */
static u16 sim_get_log(struct sim_req *rq)
{
	u8 cel[SIM_CEL_ENTRY_LEN * 32];
	u16 rc = sim_check_len(rq, SIM_GET_LOG_REQ_LEN);
	u32 off, len;
	size_t size;

	if (rc)
		return rc;
	off = sim_get32(rq->in + 0x10);
	len = sim_get32(rq->in + 0x14);
	if (!memcmp(rq->in, sim_vendor_log_uuid, sizeof(sim_vendor_log_uuid)))
		return sim_get_vendor_log(rq, off, len);
	if (memcmp(rq->in, sim_cel_uuid, sizeof(sim_cel_uuid)))
		return SIM_RC_INVALID_LOG;
	size = sim_cel(rq, NULL);
	BUILD_BUG_ON(ARRAY_SIZE(sim_switch_cmds) > 32);
	BUILD_BUG_ON(ARRAY_SIZE(sim_fm_ld_cmds) + ARRAY_SIZE(sim_dcd_cmds) > 32);
	if (len > rq->out_cap || off > size || len > size - off)
		return SIM_RC_INVALID_INPUT;
	sim_cel(rq, cel);
	memcpy(rq->out, cel + off, len);
	rq->out_len = len;
	return SIM_RC_SUCCESS;
}

/**
 * sim_run() - execute a request on the switch CCI, without faults
 * @sd: the switch
 * @opcode: the command
 * @in: request payload (may be NULL if @in_len is 0)
 * @in_len: its length, at most the payload size
 * @out_len: bytes of response left in @sd->out_buf
 * @from_fm: cxlfm sent it (its tunnelled commands count in "outside_cel")
 *
 * Called with @sd->lock held.
 *
 * Return: the return code.
 */
u16 sim_run(struct sim_dev *sd, u16 opcode, const void *in, size_t in_len,
	    size_t *out_len, bool from_fm)
{
	struct sim_req rq = {
		.sd = sd,
		.opcode = opcode,
		.in = sd->in_buf,
		.in_len = in_len,
		.out = sd->out_buf,
		.out_cap = sd->cfg.payload,
		.from_fm = from_fm,
	};
	u16 rc;

	lockdep_assert_held(&sd->lock);
	/* The input may share its buffer with the output: copy it first. */
	if (in_len)
		memcpy(sd->in_buf, in, in_len);
	rc = sim_exec(&rq, SIM_TARGET_SWITCH);
	/* An unsuccessful command returns no payload. */
	*out_len = rc == SIM_RC_SUCCESS || rc == SIM_RC_BACKGROUND ?
		   rq.out_len : 0;
	return rc;
}

/* Sleep @ms unless the CCI is being removed; Return: false if it is. */
static bool sim_sleep(struct sim_dev *sd, unsigned int ms)
{
	if (ms)
		wait_event_timeout(sd->wq, READ_ONCE(sd->removing),
				   msecs_to_jiffies(ms));
	return !READ_ONCE(sd->removing);
}

/* Apply the malformed-response faults armed for @opcode. */
static size_t sim_malform(struct sim_dev *sd, u16 opcode, size_t len)
{
	struct sim_req rq = { .sd = sd, .opcode = opcode, .out = sd->out_buf,
			      .out_cap = sd->cfg.payload, .out_len = len };

	if (sim_fault_take(sd, opcode, SIM_FAULT_SHORT, NULL))
		len /= 2;
	if (sim_fault_take(sd, opcode, SIM_FAULT_LONG, NULL)) {
		/* The device claims its whole payload area. */
		memset(sd->out_buf + len, 0xa5, sd->cfg.payload - len);
		len = sd->cfg.payload;
	}
	if (sim_fault_take(sd, opcode, SIM_FAULT_COUNT, NULL))
		sim_inflate_count(&rq);
	if (sim_fault_take(sd, opcode, SIM_FAULT_EVENTS, NULL))
		sim_event_garble(&rq);
	return len;
}

static int sim_send(struct cxlfm_cci *cci, struct cxlfm_mbox_cmd *cmd)
{
	struct sim_dev *sd = cxlfm_cci_priv(cci);
	size_t len = 0;
	u16 rc;

	if (!sim_sleep(sd, READ_ONCE(sd->latency_ms)))
		return -ENODEV;
	mutex_lock(&sd->lock);
	sim_count_cmd(sd, cmd->opcode);
	if (!sim_cel_lists(sd, cmd->opcode))
		sd->outside_cel++;
	if (sim_fault_take(sd, cmd->opcode, SIM_FAULT_TIMEOUT, NULL)) {
		mutex_unlock(&sd->lock);
		return sim_sleep(sd, READ_ONCE(sd->timeout_ms)) ? -ETIMEDOUT :
							      -ENODEV;
	}
	if (sd->busy) {
		rc = SIM_RC_BUSY;
	} else if (!sim_fault_take(sd, cmd->opcode, SIM_FAULT_FAIL, &rc)) {
		rc = sim_run(sd, cmd->opcode, cmd->payload_in, cmd->size_in,
			     &len, true);
		len = sim_malform(sd, cmd->opcode, len);
	}
	cmd->return_code = rc;
	cmd->vendor_status = 0;
	cmd->size_answered = len;
	cmd->size_out = min(cmd->size_out, len);
	if (cmd->size_out)
		memcpy(cmd->payload_out, sd->out_buf, cmd->size_out);
	mutex_unlock(&sd->lock);
	return 0;
}

static int sim_bg_status(struct cxlfm_cci *cci, struct cxlfm_bg_status *st)
{
	struct sim_dev *sd = cxlfm_cci_priv(cci);

	if (READ_ONCE(sd->removing))
		return -ENODEV;
	spin_lock(&sd->bg_lock);
	*st = (struct cxlfm_bg_status){
		.running = sd->bg.running,
		.opcode = sd->bg.opcode,
		.percent = sim_bg_percent(sd),
		.return_code = sd->bg.running ? 0 : sd->bg.rc,
	};
	spin_unlock(&sd->bg_lock);
	return 0;
}

static bool sim_event_irq(struct cxlfm_cci *cci)
{
	struct sim_dev *sd = cxlfm_cci_priv(cci);

	return sd->cfg.event_irq;
}

/* usp=: the real switch upstream port the instance stands for. */
static struct pci_dev *sim_usp(struct cxlfm_cci *cci)
{
	struct sim_dev *sd = cxlfm_cci_priv(cci);
	unsigned int dom, bus, slot, fn;

	if (sscanf(sd->cfg.usp, "%x:%x:%x.%x", &dom, &bus, &slot, &fn) != 4)
		return NULL;
	return pci_get_domain_bus_and_slot(dom, bus, PCI_DEVFN(slot, fn));
}

const struct cxlfm_transport_ops sim_cci_ops = {
	.name = "sim",
	.send = sim_send,
	.bg_status = sim_bg_status,
	.event_irq = sim_event_irq,
	.usp = sim_usp,
};

/**
 * sim_cci_add() - register the switch's CCI with cxlfm
 * @sd: the switch
 *
 * Return: 0, -EEXIST if it is registered, or cxlfm's error.
 */
int sim_cci_add(struct sim_dev *sd)
{
	struct cxlfm_cci *cci;
	int rc = -EEXIST;

	mutex_lock(&sd->reg_lock);
	if (sd->cci)
		goto out;
	cci = cxlfm_register_cci(&sd->dev, &sim_cci_ops, sd, sd->cfg.payload);
	rc = PTR_ERR_OR_ZERO(cci);
	if (rc)
		goto out;
	mutex_lock(&sd->lock);
	sd->cci = cci;
	mutex_unlock(&sd->lock);
out:
	mutex_unlock(&sd->reg_lock);
	return rc;
}

/**
 * sim_cci_remove() - take the switch's CCI away from cxlfm
 * @sd: the switch
 *
 * A command sleeping in the simulator (latency or timeout fault) is woken
 * and fails with -ENODEV, as a CCI that disappears mid-command would.
 */
void sim_cci_remove(struct sim_dev *sd)
{
	struct cxlfm_cci *cci;

	mutex_lock(&sd->reg_lock);
	mutex_lock(&sd->lock);
	cci = sd->cci;
	WRITE_ONCE(sd->removing, cci);
	mutex_unlock(&sd->lock);
	if (cci) {
		wake_up_all(&sd->wq);
		cxlfm_unregister_cci(cci);
		mutex_lock(&sd->lock);
		sd->cci = NULL;
		WRITE_ONCE(sd->removing, false);
		mutex_unlock(&sd->lock);
	}
	mutex_unlock(&sd->reg_lock);
}
