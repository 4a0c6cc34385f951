// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm: attribute policies for what the kernel sends, so that every
 * attribute the library reads has the size its type needs and every string
 * is terminated.  A malformed message is refused whole, as the kernel does
 * with requests.  A command whose attributes have no policy here yet is
 * parsed unchecked: add its policy with its parser.
 */
#include <errno.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include <linux/cxlfm.h>

#include "private.h"

static const struct nla_policy cci_policy[CXLFM_A_CCI_MAX + 1] = {
	[CXLFM_A_CCI_ID]		= { .type = NLA_U32 },
	[CXLFM_A_CCI_TRANSPORT]		= { .type = NLA_STRING },
	[CXLFM_A_CCI_PAYLOAD_SIZE]	= { .type = NLA_U32 },
	[CXLFM_A_CCI_IS_SWITCH]		= { .type = NLA_FLAG },
	[CXLFM_A_CCI_NUM_PORTS]		= { .type = NLA_U8 },
	[CXLFM_A_CCI_NUM_VCS]		= { .type = NLA_U8 },
	[CXLFM_A_CCI_VENDOR]		= { .type = NLA_U16 },
	[CXLFM_A_CCI_DEVICE]		= { .type = NLA_U16 },
	[CXLFM_A_CCI_SERIAL]		= { .type = NLA_U64 },
	[CXLFM_A_CCI_NUM_COMMANDS]	= { .type = NLA_U32 },
	[CXLFM_A_CCI_SEQ]		= { .type = NLA_U32 },
	[CXLFM_A_CCI_INBAND_POLICY]	= { .type = NLA_U8 },
	[CXLFM_A_CCI_OPCODE]		= { .type = NLA_U16 },
	[CXLFM_A_CCI_INSTANCE]		= { .type = NLA_U64 },
	[CXLFM_A_CCI_EVENT_RETENTION]	= { .type = NLA_U8 },
	[CXLFM_A_CCI_DURABLE_CONSUMERS]	= { .type = NLA_U32 },
	[CXLFM_A_CCI_EVENTS_UNACKED]	= { .type = NLA_U64 },
};

static const struct nla_policy raw_policy[CXLFM_A_RAW_MAX + 1] = {
	[CXLFM_A_RAW_CCI_ID]		= { .type = NLA_U32 },
	[CXLFM_A_RAW_OPCODE]		= { .type = NLA_U16 },
	[CXLFM_A_RAW_RETURN_CODE]	= { .type = NLA_U16 },
	[CXLFM_A_RAW_VENDOR_STATUS]	= { .type = NLA_U16 },
	[CXLFM_A_RAW_BACKGROUND]	= { .type = NLA_FLAG },
	[CXLFM_A_RAW_BG_SEQ]		= { .type = NLA_U32 },
};

static const struct nla_policy event_policy[CXLFM_A_EVENT_MAX + 1] = {
	[CXLFM_A_EVENT_CCI_ID]		= { .type = NLA_U32 },
	[CXLFM_A_EVENT_SEQ]		= { .type = NLA_U32 },
	[CXLFM_A_EVENT_LOG]		= { .type = NLA_U8 },
	[CXLFM_A_EVENT_KIND]		= { .type = NLA_U8 },
	[CXLFM_A_EVENT_HANDLE]		= { .type = NLA_U16 },
	[CXLFM_A_EVENT_FLAGS]		= { .type = NLA_U32 },
	[CXLFM_A_EVENT_TIMESTAMP]	= { .type = NLA_U64 },
	[CXLFM_A_EVENT_TYPE]		= { .type = NLA_U8 },
	[CXLFM_A_EVENT_PORT_ID]		= { .type = NLA_U8 },
	[CXLFM_A_EVENT_VCS_ID]		= { .type = NLA_U8 },
	[CXLFM_A_EVENT_VPPB_ID]		= { .type = NLA_U8 },
	[CXLFM_A_EVENT_BINDING_STATUS]	= { .type = NLA_U8 },
	[CXLFM_A_EVENT_BOUND_PORT_ID]	= { .type = NLA_U8 },
	[CXLFM_A_EVENT_BOUND_LD_ID]	= { .type = NLA_U8 },
	[CXLFM_A_EVENT_LTSSM]		= { .type = NLA_U8 },
	[CXLFM_A_EVENT_LINK_FLAGS]	= { .type = NLA_U16 },
	[CXLFM_A_EVENT_SLOT_STATUS]	= { .type = NLA_U16 },
	[CXLFM_A_EVENT_OVERFLOW_COUNT]	= { .type = NLA_U16 },
	[CXLFM_A_EVENT_FIRST_OVERFLOW]	= { .type = NLA_U64 },
	[CXLFM_A_EVENT_LAST_OVERFLOW]	= { .type = NLA_U64 },
	[CXLFM_A_EVENT_INSTANCE]	= { .type = NLA_U64 },
	[CXLFM_A_EVENT_UNACKED]		= { .type = NLA_U32 },
	[CXLFM_A_EVENT_CONSUMER]	= { .type = NLA_U32 },
};

static const struct nla_policy fabric_policy[CXLFM_A_FABRIC_MAX + 1] = {
	[CXLFM_A_FABRIC_CCI_ID]		= { .type = NLA_U32 },
	[CXLFM_A_FABRIC_SEQ]		= { .type = NLA_U32 },
	[CXLFM_A_FABRIC_CHANGE]		= { .type = NLA_U8 },
	[CXLFM_A_FABRIC_SOURCE]		= { .type = NLA_U8 },
	[CXLFM_A_FABRIC_VCS_ID]		= { .type = NLA_U8 },
	[CXLFM_A_FABRIC_VPPB_ID]	= { .type = NLA_U8 },
	[CXLFM_A_FABRIC_PORT_ID]	= { .type = NLA_U8 },
	[CXLFM_A_FABRIC_LD_ID]		= { .type = NLA_U16 },
	[CXLFM_A_FABRIC_ACTION]		= { .type = NLA_U8 },
	[CXLFM_A_FABRIC_PCI_DEV]	= { .type = NLA_STRING },
	[CXLFM_A_FABRIC_REASON]		= { .type = NLA_U8 },
	[CXLFM_A_FABRIC_INSTANCE]	= { .type = NLA_U64 },
};

/* The attributes of a background completion (the typed ops' set). */
static const struct nla_policy bg_done_policy[CXLFM_A_FM_MAX + 1] = {
	[CXLFM_A_FM_CCI_ID]		= { .type = NLA_U32 },
	[CXLFM_A_FM_SEQ]		= { .type = NLA_U32 },
	[CXLFM_A_FM_OPCODE]		= { .type = NLA_U16 },
	[CXLFM_A_FM_RETURN_CODE]	= { .type = NLA_U16 },
	[CXLFM_A_FM_VENDOR_STATUS]	= { .type = NLA_U16 },
	[CXLFM_A_FM_PERCENT]		= { .type = NLA_U8 },
	[CXLFM_A_FM_BG_SEQ]		= { .type = NLA_U32 },
};

int cxlfm_nla_parse(struct nlattr **tb, int maxtype, struct nlattr *head,
		    int len, const struct nla_policy *policy)
{
	static const uint16_t minlen[NLA_TYPE_MAX + 1] = {
		[NLA_U8] = 1, [NLA_U16] = 2, [NLA_U32] = 4, [NLA_U64] = 8,
		[NLA_STRING] = 1,
	};
	const struct nla_policy *p;
	struct nlattr *a;
	int rem, type, min;

	memset(tb, 0, (maxtype + 1) * sizeof(*tb));
	nla_for_each_attr(a, head, len, rem) {
		type = nla_type(a);
		if (type > maxtype)
			continue;
		if (policy) {
			p = &policy[type];
			min = p->minlen ? p->minlen :
			      p->type <= NLA_TYPE_MAX ? minlen[p->type] : 0;
			if (nla_len(a) < min ||
			    (p->maxlen && nla_len(a) > p->maxlen) ||
			    (p->type == NLA_STRING &&
			     ((char *)nla_data(a))[nla_len(a) - 1]))
				return -EBADMSG;
		}
		tb[type] = a;
	}
	return 0;
}

int cxlfm_genl_parse(struct nlmsghdr *nlh, int cmd, struct nlattr **tb,
		     int maxattr)
{
	const struct nla_policy *policy = NULL;
	int max = maxattr, got;

	if (!genlmsg_valid_hdr(nlh, 0)) {
		memset(tb, 0, (maxattr + 1) * sizeof(*tb));
		return -EBADMSG;
	}
	got = ((struct genlmsghdr *)nlmsg_data(nlh))->cmd;
	/* a reply to another command would be read with the wrong types */
	if (cmd >= 0 && got != cmd) {
		memset(tb, 0, (maxattr + 1) * sizeof(*tb));
		return -EPROTO;
	}
	switch (got) {
	case CXLFM_CMD_CCI_GET:
	case CXLFM_CMD_CCI_ADD_NTF:
	case CXLFM_CMD_CCI_DEL_NTF:
		policy = cci_policy;
		max = CXLFM_A_CCI_MAX;
		break;
	case CXLFM_CMD_RAW:
		policy = raw_policy;
		max = CXLFM_A_RAW_MAX;
		break;
	case CXLFM_CMD_EVENT_NTF:
	case CXLFM_CMD_EVENT_OVERFLOW_NTF:
	case CXLFM_CMD_EVENTS_UNACKED_NTF:
		policy = event_policy;
		max = CXLFM_A_EVENT_MAX;
		break;
	case CXLFM_CMD_HIERARCHY_NTF:
		policy = fabric_policy;
		max = CXLFM_A_FABRIC_MAX;
		break;
	case CXLFM_CMD_BG_DONE_NTF:
		policy = bg_done_policy;
		max = CXLFM_A_FM_MAX;
		break;
	}
	if (max > maxattr)
		max = maxattr;
	/*
	 * cxlfm_nla_parse() clears tb[0..max]; clear the rest here, and only
	 * the rest: an event listener parses every message it receives.
	 */
	memset(tb + max + 1, 0, (maxattr - max) * sizeof(*tb));
	return cxlfm_nla_parse(tb, max, genlmsg_attrdata(nlmsg_data(nlh), 0),
			       genlmsg_attrlen(nlmsg_data(nlh), 0), policy);
}
