// SPDX-License-Identifier: GPL-2.0
/*
 * Which commands may pass through the raw op, and under which permission.
 * The lists are the driver's own: a device's Command Effects Log can make a
 * command stricter (netlink.c checks its effects too), never looser.
 */
#include <linux/bsearch.h>
#include <linux/kernel.h>

#include "fmapi/fmapi_cmds.h"
#include "raw.h"

/* Commands that only read state (CXL r3.1 §8.2.9, r3.2 §7.6.7); sorted. */
static const u16 cxlfm_read_only_opcodes[] = {
	FMAPI_OP_IDENTIFY,
	FMAPI_OP_BG_OP_STATUS,
	FMAPI_OP_GET_RSP_MSG_LIMIT,
	FMAPI_OP_GET_EVENT_RECORDS,
	FMAPI_OP_GET_EVENT_INT_POLICY,
	FMAPI_OP_GET_MCTP_EVENT_INT_POLICY,
	FMAPI_OP_GET_FW_INFO,
	FMAPI_OP_GET_TIMESTAMP,
	FMAPI_OP_GET_SUPPORTED_LOGS,
	FMAPI_OP_GET_LOG,
	FMAPI_OP_GET_LOG_CAPS,
	FMAPI_OP_GET_SUPPORTED_LOGS_SUBLIST,
	FMAPI_OP_GET_SUPPORTED_FEATURES,
	FMAPI_OP_GET_FEATURE,
	FMAPI_OP_IDENTIFY_SWITCH,
	FMAPI_OP_GET_PHYS_PORT_STATE,
	FMAPI_OP_GET_DV_SV_STATE,
	FMAPI_OP_GET_VCS_DV_SV_STATE,
	FMAPI_OP_GET_VCS_INFO,
	FMAPI_OP_GET_LD_INFO,
	FMAPI_OP_GET_LD_ALLOC,
	FMAPI_OP_GET_QOS_CTRL,
	FMAPI_OP_GET_QOS_STATUS,
	FMAPI_OP_GET_QOS_ALLOC_BW,
	FMAPI_OP_GET_QOS_BW_LIMIT,
	FMAPI_OP_GET_MHD_INFO,
	FMAPI_OP_GET_HEAD_INFO,
	FMAPI_OP_GET_DCD_INFO,
	FMAPI_OP_GET_HOST_DC_REGION_CFG,
	FMAPI_OP_GET_DC_REGION_EXTENTS,
	FMAPI_OP_DC_LIST_TAGS,
};

/*
 * Commands whose state the driver keeps: the event logs it drains and
 * their interrupt policy, and the response size it relies on.
 */
static const u16 cxlfm_driver_owned_opcodes[] = {
	FMAPI_OP_SET_RSP_MSG_LIMIT,
	FMAPI_OP_CLEAR_EVENT_RECORDS,
	FMAPI_OP_SET_EVENT_INT_POLICY,
	FMAPI_OP_SET_MCTP_EVENT_INT_POLICY,
};

static int cmp_u16(const void *key, const void *elt)
{
	return (int)*(const u16 *)key - (int)*(const u16 *)elt;
}

static bool in_list(const u16 *list, size_t n, u16 opcode)
{
	return bsearch(&opcode, list, n, sizeof(*list), cmp_u16);
}

bool cxlfm_raw_read_only(u16 opcode)
{
	return in_list(cxlfm_read_only_opcodes,
		       ARRAY_SIZE(cxlfm_read_only_opcodes), opcode);
}

bool cxlfm_raw_driver_owned(u16 opcode)
{
	return in_list(cxlfm_driver_owned_opcodes,
		       ARRAY_SIZE(cxlfm_driver_owned_opcodes), opcode);
}
