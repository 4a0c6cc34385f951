// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink side of the in-band hierarchy updates: the per-CCI settings
 * (CXLFM_CMD_CCI_SET: the in-band policy, and the event retention policy
 * of events.c), a remote FM's report (CXLFM_CMD_FABRIC_NOTIFY) and
 * the notification of what the host did (CXLFM_CMD_HIERARCHY_NTF).
 */
#include <net/genetlink.h>
#include <uapi/linux/cxlfm.h>

#include "cxlfm.h"
#include "durable.h"
#include "inband.h"

int cxlfm_nl_cci_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *retention;
	struct cxlfm_cci *cci;
	int rc;

	rc = cxlfm_nl_gate(skb, CXLFM_CMD_CCI_SET, false, info->extack);
	if (rc)
		return rc;
	if (!info->attrs[CXLFM_A_CCI_INBAND_POLICY] &&
	    !info->attrs[CXLFM_A_CCI_EVENT_RETENTION]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: no inband-policy, no event-retention");
		return -EINVAL;
	}
	cci = cxlfm_nl_cci(info, CXLFM_A_CCI_ID);
	if (IS_ERR(cci))
		return PTR_ERR(cci);
	if (info->attrs[CXLFM_A_CCI_INBAND_POLICY])
		WRITE_ONCE(cci->inband_policy,
			   nla_get_u8(info->attrs[CXLFM_A_CCI_INBAND_POLICY]));
	retention = info->attrs[CXLFM_A_CCI_EVENT_RETENTION];
	if (retention)
		cxlfm_cci_set_event_retention(cci, nla_get_u8(retention));
	cxlfm_cci_put(cci);
	return 0;
}

int cxlfm_nl_fabric_notify_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cxlfm_fabric_report r = {
		.source = CXLFM_FABRIC_SOURCE_REPORT,
		.has_vppb = true,
		.ld = CXLFM_LD_NONE,
	};
	struct nlattr **tb = info->attrs;
	struct cxlfm_cci *cci;
	int rc;

	rc = cxlfm_nl_gate(skb, CXLFM_CMD_FABRIC_NOTIFY, false, info->extack);
	if (rc)
		return rc;
	if (!tb[CXLFM_A_FABRIC_CHANGE] || !tb[CXLFM_A_FABRIC_VCS_ID] ||
	    !tb[CXLFM_A_FABRIC_VPPB_ID]) {
		NL_SET_ERR_MSG(info->extack,
			       "a fabric report needs change, vcs-id and vppb-id");
		return -EINVAL;
	}
	cci = cxlfm_nl_cci(info, CXLFM_A_FABRIC_CCI_ID);
	if (IS_ERR(cci))
		return PTR_ERR(cci);
	r.change = nla_get_u8(tb[CXLFM_A_FABRIC_CHANGE]);
	r.vcs = nla_get_u8(tb[CXLFM_A_FABRIC_VCS_ID]);
	r.vppb = nla_get_u8(tb[CXLFM_A_FABRIC_VPPB_ID]);
	if (tb[CXLFM_A_FABRIC_PORT_ID])
		r.port = nla_get_u8(tb[CXLFM_A_FABRIC_PORT_ID]);
	if (tb[CXLFM_A_FABRIC_LD_ID])
		r.ld = nla_get_u16(tb[CXLFM_A_FABRIC_LD_ID]);

	rc = cxlfm_inband_check(cci, r.vcs, r.vppb);
	if (rc == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[CXLFM_A_FABRIC_VCS_ID],
				    "not the VCS of this host's upstream port");
	else if (rc == -ENXIO)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[CXLFM_A_FABRIC_VPPB_ID],
				    "no downstream port of this host for the vPPB");
	if (!rc)
		rc = cxlfm_inband_report(cci, &r);
	cxlfm_cci_put(cci);
	return rc;
}

/**
 * cxlfm_nl_hierarchy_notify() - tell listeners what the host did
 * @cci: the switch's CCI
 * @r: the fabric change
 * @action: enum cxlfm_fabric_action
 * @pci_dev: the host's bridge standing for the vPPB, or ""
 * @reason: enum cxlfm_inband_reason: why the host only notified although
 *	its policy would act, or %CXLFM_INBAND_REASON_NONE (then left out)
 *
 * Carries the CCI's next sequence number, like its event notifications,
 * and for a change from an event record the record's binding status or
 * LTSSM state as the switch sent it.
 */
void cxlfm_nl_hierarchy_notify(struct cxlfm_cci *cci,
			       const struct cxlfm_fabric_report *r, u8 action,
			       const char *pci_dev, u8 reason)
{
	struct sk_buff *msg;
	void *hdr;

	msg = cxlfm_nl_ntf_start(cci, CXLFM_CMD_HIERARCHY_NTF,
				 CXLFM_A_FABRIC_CCI_ID, CXLFM_A_FABRIC_SEQ, &hdr);
	if (!msg)
		return;
	if (nla_put_u8(msg, CXLFM_A_FABRIC_CHANGE, r->change) ||
	    nla_put_u8(msg, CXLFM_A_FABRIC_SOURCE, r->source) ||
	    (r->has_vppb &&
	     (nla_put_u8(msg, CXLFM_A_FABRIC_VCS_ID, r->vcs) ||
	      nla_put_u8(msg, CXLFM_A_FABRIC_VPPB_ID, r->vppb))) ||
	    nla_put_u8(msg, CXLFM_A_FABRIC_PORT_ID, r->port) ||
	    nla_put_u16(msg, CXLFM_A_FABRIC_LD_ID, r->ld) ||
	    nla_put_u8(msg, CXLFM_A_FABRIC_ACTION, action) ||
	    (*pci_dev && nla_put_string(msg, CXLFM_A_FABRIC_PCI_DEV, pci_dev)) ||
	    (reason && nla_put_u8(msg, CXLFM_A_FABRIC_REASON, reason)) ||
	    (r->has_raw &&
	     nla_put_u8(msg, cxlfm_change_is_link(r->change) ?
			CXLFM_A_FABRIC_LTSSM_STATE :
			CXLFM_A_FABRIC_BINDING_STATUS, r->raw))) {
		nlmsg_free(msg);
		cxlfm_nl_ntf_lost(cci);
		return;
	}
	cxlfm_nl_event_send(cci, msg, hdr);
}
