// SPDX-License-Identifier: GPL-2.0
/*
 * MLDs below the switch: the Tunnel Management Command that reaches an
 * MLD's FM-owned LD and, through it, one LD or the LD-pool CCI of a
 * multi-headed device (CXL r3.2 §7.6.7.3), the MLD Component command set
 * (§7.6.7.4) and the Multi-Headed Device command set (§7.6.7.5).
 */
#include <linux/string.h>

#include "sim.h"

/* CCI message header, CXL r3.2 §7.6.3 (reference §5.2) */
#define SIM_MSG_HDR		12
#define SIM_MSG_RESPONSE	1
#define SIM_MSG_BO		BIT(7)
#define SIM_TUNNEL_HDR		4
#define SIM_TARGET_TYPE_POOL	1

static struct sim_mld *sim_mld(struct sim_req *rq)
{
	return rq->sd->port[rq->port].mld;
}

/* The CCI a tunnel on @rq's CCI leads to; Return: false if none. */
static bool sim_tunnel_next(struct sim_req *rq, struct sim_req *in,
			    enum sim_target *next)
{
	struct sim_dev *sd = rq->sd;
	u8 id = rq->in[0], type = rq->in[1] & 0xf;
	const struct sim_port *p;

	if (rq->in[1] & 0xf0)
		return false;
	if (rq->target == SIM_TARGET_SWITCH) {
		/* to the FM-owned LD of the MLD on egress port @id */
		if (type || id >= sd->cfg.ports)
			return false;
		p = &sd->port[id];
		if (!p->mld || !p->link_up || p->perst)
			return false;
		in->port = id;
		*next = SIM_TARGET_FM_LD;
		return true;
	}
	in->port = rq->port;
	if (type == SIM_TARGET_TYPE_POOL) {
		*next = SIM_TARGET_POOL;
		return sim_mld(rq)->heads > 1;
	}
	if (type || id >= sim_mld(rq)->lds)
		return false;
	in->ld = id;
	*next = SIM_TARGET_LD;
	return true;
}

/* Tunnel Management Command, CXL r3.2 §7.6.7.3.1 */
u16 sim_tunnel(struct sim_req *rq)
{
	u16 rc = sim_check_min_len(rq, SIM_TUNNEL_HDR + SIM_MSG_HDR);
	struct sim_req in = { .sd = rq->sd };
	enum sim_target next;
	const u8 *m;
	size_t len;
	u8 *o;

	if (rc)
		return rc;
	if (sim_get16(rq->in + 2) != rq->in_len - SIM_TUNNEL_HDR)
		return SIM_RC_INVALID_PAYLOAD;
	m = rq->in + SIM_TUNNEL_HDR;
	len = sim_get16(m + 5) | (m[7] & 0x1f) << 16;
	if ((m[0] & 0xf) || len != rq->in_len - SIM_TUNNEL_HDR - SIM_MSG_HDR)
		return SIM_RC_INVALID_INPUT;
	if (!sim_tunnel_next(rq, &in, &next))
		return SIM_RC_INVALID_INPUT;

	in.opcode = m[4] << 8 | m[3];
	in.from_fm = rq->from_fm;
	if (in.from_fm && !sim_lists(&in, next))
		rq->sd->outside_cel++;
	in.in = m + SIM_MSG_HDR;
	in.in_len = len;
	in.out = rq->out + SIM_TUNNEL_HDR + SIM_MSG_HDR;
	in.out_cap = rq->out_cap - SIM_TUNNEL_HDR - SIM_MSG_HDR;
	rc = sim_exec(&in, next);
	len = rc == SIM_RC_SUCCESS || rc == SIM_RC_BACKGROUND ? in.out_len : 0;

	o = rq->out;
	memset(o, 0, SIM_TUNNEL_HDR + SIM_MSG_HDR);
	sim_put16(o, SIM_MSG_HDR + len);
	o += SIM_TUNNEL_HDR;
	o[0] = SIM_MSG_RESPONSE;
	o[1] = m[1];				/* tag */
	o[3] = m[3];
	o[4] = m[4];
	sim_put16(o + 5, len);
	o[7] = (len >> 16) | (rc == SIM_RC_BACKGROUND ? SIM_MSG_BO : 0);
	sim_put16(o + 8, rc);
	rq->out_len = SIM_TUNNEL_HDR + SIM_MSG_HDR + len;
	return SIM_RC_SUCCESS;
}

/* Get LD Info, CXL r3.2 §7.6.7.4.1 */
u16 sim_get_ld_info(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 0);
	struct sim_mld *m = sim_mld(rq);

	if (rc)
		return rc;
	sim_fits(rq, 11);
	sim_put64(rq->out, (u64)m->lds << 30);
	sim_put16(rq->out + 8, m->lds);
	rq->out[10] = 0x3;	/* egress congestion, throughput reduction */
	return SIM_RC_SUCCESS;
}

/*
 * The "start LD ID, LD limit" input of Get LD Allocations and Get
 * Multi-Headed Info: the window of LDs to answer for, clipped to the MLD.
 */
static u16 sim_ld_window(struct sim_req *rq, unsigned int *start,
			 unsigned int *n)
{
	u16 rc = sim_check_len(rq, 2);

	if (rc)
		return rc;
	*start = rq->in[0];
	if (!rq->in[1] || *start >= sim_mld(rq)->lds)
		return SIM_RC_INVALID_INPUT;
	*n = min_t(unsigned int, rq->in[1], sim_mld(rq)->lds - *start);
	return SIM_RC_SUCCESS;
}

/* Get LD Allocations, CXL r3.2 §7.6.7.4.2 */
u16 sim_get_ld_alloc(struct sim_req *rq)
{
	struct sim_mld *m = sim_mld(rq);
	unsigned int start, n, i;
	u16 rc = sim_ld_window(rq, &start, &n);

	if (rc)
		return rc;
	sim_fits(rq, 4 + 16 * n);
	rq->out[0] = m->lds;
	rq->out[1] = 0;				/* 256 MB granularity */
	rq->out[2] = start;
	rq->out[3] = n;
	for (i = 0; i < n; i++) {
		sim_put64(rq->out + 4 + 16 * i, m->range[start + i][0]);
		sim_put64(rq->out + 12 + 16 * i, m->range[start + i][1]);
	}
	return SIM_RC_SUCCESS;
}

/* Set LD Allocations, CXL r3.2 §7.6.7.4.3: within the device's memory */
u16 sim_set_ld_alloc(struct sim_req *rq)
{
	u16 rc = sim_check_min_len(rq, 4);
	struct sim_mld *m = sim_mld(rq);
	unsigned int start, n, i;
	u64 total = 0, avail;

	if (rc)
		return rc;
	n = rq->in[0];
	start = rq->in[1];
	rc = sim_check_len(rq, 4 + 16 * n);
	if (rc)
		return rc;
	if (!n || start + n > m->lds)
		return SIM_RC_INVALID_INPUT;
	avail = (u64)m->lds << 2;		/* 1 GiB per LD in 256 MB units */
	for (i = 0; i < m->lds; i++) {
		bool set = i >= start && i < start + n;
		const u8 *e = rq->in + 4 + 16 * (i - start);

		total += set ? sim_get64(e) + sim_get64(e + 8) :
			       m->range[i][0] + m->range[i][1];
		if (total > avail)
			return SIM_RC_INVALID_INPUT;
	}
	for (i = 0; i < n; i++) {
		m->range[start + i][0] = sim_get64(rq->in + 4 + 16 * i);
		m->range[start + i][1] = sim_get64(rq->in + 12 + 16 * i);
	}
	sim_fits(rq, rq->in_len);
	memcpy(rq->out, rq->in, rq->in_len);
	rq->out[2] = 0;
	rq->out[3] = 0;
	return SIM_RC_SUCCESS;
}

/* Get QoS Control, CXL r3.2 §7.6.7.4.4 */
u16 sim_get_qos_ctrl(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 0);

	if (rc)
		return rc;
	sim_fits(rq, sizeof(sim_mld(rq)->qos_ctrl));
	memcpy(rq->out, sim_mld(rq)->qos_ctrl, sizeof(sim_mld(rq)->qos_ctrl));
	return SIM_RC_SUCCESS;
}

/* Set QoS Control, CXL r3.2 §7.6.7.4.5 */
u16 sim_set_qos_ctrl(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 7);
	const u8 *in = rq->in;

	if (rc)
		return rc;
	if ((in[0] & ~0x3) || !in[1] || in[1] > 100 || !in[2] || in[2] > 100 ||
	    in[3] > 15)
		return SIM_RC_INVALID_INPUT;
	memcpy(sim_mld(rq)->qos_ctrl, in, 7);
	sim_fits(rq, 7);
	memcpy(rq->out, in, 7);
	return SIM_RC_SUCCESS;
}

/* Get QoS Status, CXL r3.2 §7.6.7.4.6: no backpressure in a simulation */
u16 sim_get_qos_status(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 0);

	if (rc)
		return rc;
	sim_fits(rq, 1);
	return SIM_RC_SUCCESS;
}

/* The per-LD bandwidth fractions an opcode reads or writes */
static u8 *sim_qos_bw(struct sim_req *rq)
{
	struct sim_mld *m = sim_mld(rq);

	return rq->opcode == 0x5406 || rq->opcode == 0x5407 ? m->alloc_bw :
							      m->bw_limit;
}

/* Get QoS Allocated BW / Get QoS BW Limit, CXL r3.2 §7.6.7.4.7, §7.6.7.4.9 */
u16 sim_get_qos_bw(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 2);
	unsigned int n, start;

	if (rc)
		return rc;
	n = rq->in[0];
	start = rq->in[1];
	if (!n || start + n > sim_mld(rq)->lds)
		return SIM_RC_INVALID_INPUT;
	sim_fits(rq, 2 + n);
	rq->out[0] = n;
	rq->out[1] = start;
	memcpy(rq->out + 2, sim_qos_bw(rq) + start, n);
	return SIM_RC_SUCCESS;
}

/* Set QoS Allocated BW / Set QoS BW Limit, CXL r3.2 §7.6.7.4.8, §7.6.7.4.10 */
u16 sim_set_qos_bw(struct sim_req *rq)
{
	u16 rc = sim_check_min_len(rq, 2);
	unsigned int n, start;

	if (rc)
		return rc;
	n = rq->in[0];
	start = rq->in[1];
	rc = sim_check_len(rq, 2 + n);
	if (rc)
		return rc;
	if (!n || start + n > sim_mld(rq)->lds)
		return SIM_RC_INVALID_INPUT;
	memcpy(sim_qos_bw(rq) + start, rq->in + 2, n);
	sim_fits(rq, 2 + n);
	memcpy(rq->out, rq->in, 2 + n);
	return SIM_RC_SUCCESS;
}

/* Get Multi-Headed Info, CXL r3.2 §7.6.7.5.1: LD i belongs to head i % heads */
u16 sim_get_mhd_info(struct sim_req *rq)
{
	struct sim_mld *m = sim_mld(rq);
	unsigned int start, n, i;
	u16 rc = sim_ld_window(rq, &start, &n);

	if (rc)
		return rc;
	sim_fits(rq, 8 + n);
	rq->out[0] = m->lds;
	rq->out[1] = m->heads;
	rq->out[4] = start;
	rq->out[5] = n;
	for (i = 0; i < n; i++)
		rq->out[8 + i] = (start + i) % m->heads;
	return SIM_RC_SUCCESS;
}

/* Get Head Info, CXL r3.2 §7.6.7.5.2: every head links x16 at 32 GT/s */
u16 sim_get_head_info(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 2);
	struct sim_mld *m = sim_mld(rq);
	unsigned int start, n, i;
	u8 *b;

	if (rc)
		return rc;
	start = rq->in[0];
	n = rq->in[1];
	if (!n || start + n > m->heads)
		return SIM_RC_INVALID_INPUT;
	sim_fits(rq, 4 + 9 * n);
	rq->out[0] = n;
	for (i = 0; i < n; i++) {
		b = rq->out + 4 + 9 * i;
		b[0] = start + i;		/* port number */
		b[1] = 16;			/* max link width */
		b[2] = 16;			/* negotiated */
		b[3] = 0x1f;			/* 2.5 to 32 GT/s */
		b[4] = 5;			/* max speed: 32 GT/s */
		b[5] = 5;			/* current speed */
		b[6] = 4;			/* LTSSM L0 */
	}
	return SIM_RC_SUCCESS;
}
