// SPDX-License-Identifier: GPL-2.0
/*
 * Domain Validation secret values (CXL r3.2 §7.6.7.1.5-§7.6.7.1.8,
 * reference §3.3): each VCS holds one 16-byte secret (a UUID) that its host
 * sets once; the FM reads a VCS's state and secret by VCS ID.  The Switch
 * Mailbox CCI sits behind the USP of VCS 0 (Identify Switch Device reports
 * ingress port 0), so the host-side commands 0x5104/0x5105 act on VCS 0.
 */
#include <linux/string.h>

#include "sim.h"

#define SIM_DV_SV_LEN		16
#define SIM_DV_INGRESS_VCS	0

/* Get Domain Validation SV State, CXL r3.2 §7.6.7.1.5 */
u16 sim_get_dv_sv_state(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 0);

	if (rc)
		return rc;
	sim_fits(rq, 1);
	rq->out[0] = rq->sd->dv[SIM_DV_INGRESS_VCS].set;
	return SIM_RC_SUCCESS;
}

/*
 * Set Domain Validation SV, CXL r3.2 §7.6.7.1.6: the secret can be set
 * only once; a second Set leaves the first value and fails.
 */
u16 sim_set_dv_sv(struct sim_req *rq)
{
	struct sim_dv *dv = &rq->sd->dv[SIM_DV_INGRESS_VCS];
	u16 rc = sim_check_len(rq, SIM_DV_SV_LEN);

	if (rc)
		return rc;
	if (dv->set)
		return SIM_RC_INVALID_INPUT;
	memcpy(dv->sv, rq->in, SIM_DV_SV_LEN);
	dv->set = true;
	return SIM_RC_SUCCESS;
}

/* The VCS a 0x5106/0x5107 request names, or NULL if there is none. */
static const struct sim_dv *sim_dv_vcs(struct sim_req *rq)
{
	return rq->in[0] < rq->sd->cfg.vcs ? &rq->sd->dv[rq->in[0]] : NULL;
}

/* Get VCS Domain Validation SV State, CXL r3.2 §7.6.7.1.7 */
u16 sim_get_vcs_dv_sv_state(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 1);
	const struct sim_dv *dv;

	if (rc)
		return rc;
	dv = sim_dv_vcs(rq);
	if (!dv)
		return SIM_RC_INVALID_INPUT;
	sim_fits(rq, 1);
	rq->out[0] = dv->set;
	return SIM_RC_SUCCESS;
}

/*
 * Get Domain Validation SV, CXL r3.2 §7.6.7.1.8: there is no value to
 * return before the host has set one, so that is Invalid Input too.
 */
u16 sim_get_dv_sv(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 1);
	const struct sim_dv *dv;

	if (rc)
		return rc;
	dv = sim_dv_vcs(rq);
	if (!dv || !dv->set)
		return SIM_RC_INVALID_INPUT;
	sim_fits(rq, SIM_DV_SV_LEN);
	memcpy(rq->out, dv->sv, SIM_DV_SV_LEN);
	return SIM_RC_SUCCESS;
}
