// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm: in-band hierarchy updates, the per-CCI policy and a remote
 * FM's fabric reports.
 */
#include <errno.h>

#include <netlink/genl/genl.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "private.h"

/* Both ops answer with no message of their own: ask for the ack. */

int cxlfm_cci_set_inband_policy(struct cxlfm_ctx *ctx, unsigned int id,
				uint8_t policy)
{
	struct nl_msg *msg;

	cxlfm_call_begin(ctx);
	msg = cxlfm_msg(ctx, CXLFM_CMD_CCI_SET, NLM_F_ACK, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, CXLFM_A_CCI_ID, id) ||
	    nla_put_u8(msg, CXLFM_A_CCI_INBAND_POLICY, policy)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return cxlfm_transact(ctx, msg, CXLFM_A_CCI_MAX, NULL, NULL);
}

int cxlfm_fabric_notify_native(struct cxlfm_ctx *ctx, unsigned int id,
			const struct cxlfm_fabric_report *c)
{
	struct nl_msg *msg;

	if (!c)
		return -EINVAL;
	msg = cxlfm_msg(ctx, CXLFM_CMD_FABRIC_NOTIFY, NLM_F_ACK, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, CXLFM_A_FABRIC_CCI_ID, id) ||
	    nla_put_u8(msg, CXLFM_A_FABRIC_CHANGE, c->change) ||
	    nla_put_u8(msg, CXLFM_A_FABRIC_VCS_ID, c->vcs_id) ||
	    nla_put_u8(msg, CXLFM_A_FABRIC_VPPB_ID, c->vppb_id) ||
	    (c->has_port && nla_put_u8(msg, CXLFM_A_FABRIC_PORT_ID, c->port_id)) ||
	    (c->has_ld && nla_put_u16(msg, CXLFM_A_FABRIC_LD_ID, c->ld_id))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return cxlfm_transact(ctx, msg, CXLFM_A_FABRIC_MAX, NULL, NULL);
}
