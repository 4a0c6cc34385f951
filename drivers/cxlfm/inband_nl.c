// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink ops of the in-band hierarchy updates: the per-CCI policy
 * (CXLFM_CMD_CCI_SET) and a remote FM's report (CXLFM_CMD_FABRIC_NOTIFY).
 * The in-band work itself is not wired yet; both ops refuse.
 */
#include <uapi/linux/cxlfm.h>

#include "cxlfm.h"

int cxlfm_nl_cci_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	NL_SET_ERR_MSG(info->extack, "in-band policy is not supported yet");
	return -EOPNOTSUPP;
}

int cxlfm_nl_fabric_notify_doit(struct sk_buff *skb, struct genl_info *info)
{
	NL_SET_ERR_MSG(info->extack, "fabric reports are not supported yet");
	return -EOPNOTSUPP;
}
