// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/cxlfm.yaml */
/* YNL-GEN kernel source */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "nl_gen.h"

#include <uapi/linux/cxlfm.h>

/* Common nested types */
const struct nla_policy cxlfm_fm_allocs_nl_policy[CXLFM_A_FM_RANGE2_MULT + 1] = {
	[CXLFM_A_FM_RANGE1_MULT] = { .type = NLA_U64, },
	[CXLFM_A_FM_RANGE2_MULT] = { .type = NLA_U64, },
};

const struct nla_policy cxlfm_fm_extents_nl_policy[CXLFM_A_FM_TAG + 1] = {
	[CXLFM_A_FM_DPA] = { .type = NLA_U64, },
	[CXLFM_A_FM_LENGTH] = { .type = NLA_U64, },
	[CXLFM_A_FM_SHARED_SEQ] = { .type = NLA_U16, },
	[CXLFM_A_FM_TAG] = NLA_POLICY_EXACT_LEN(16),
};

const struct nla_policy cxlfm_fm_fractions_nl_policy[CXLFM_A_FM_FRACTION + 1] = {
	[CXLFM_A_FM_FRACTION] = { .type = NLA_U8, },
};

const struct nla_policy cxlfm_fm_port_ids_nl_policy[CXLFM_A_FM_PORT_ID + 1] = {
	[CXLFM_A_FM_PORT_ID] = { .type = NLA_U8, },
};

const struct nla_policy cxlfm_fm_vcs_ids_nl_policy[CXLFM_A_FM_VCS_ID + 1] = {
	[CXLFM_A_FM_VCS_ID] = { .type = NLA_U8, },
};

/* CXLFM_CMD_CCI_GET - do */
const struct nla_policy cxlfm_cci_get_nl_policy[CXLFM_A_CCI_ID + 1] = {
	[CXLFM_A_CCI_ID] = { .type = NLA_U32, },
};

/* CXLFM_CMD_RAW - do */
const struct nla_policy cxlfm_raw_nl_policy[CXLFM_A_RAW_PAYLOAD + 1] = {
	[CXLFM_A_RAW_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_RAW_OPCODE] = { .type = NLA_U16, },
	[CXLFM_A_RAW_PAYLOAD] = { .type = NLA_BINARY, },
};

/* CXLFM_CMD_CCI_SET - do */
const struct nla_policy cxlfm_cci_set_nl_policy[CXLFM_A_CCI_EVENT_RETENTION + 1] = {
	[CXLFM_A_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_CCI_INBAND_POLICY] = NLA_POLICY_MAX(NLA_U8, 4),
	[CXLFM_A_CCI_EVENT_RETENTION] = NLA_POLICY_MAX(NLA_U8, 1),
};

/* CXLFM_CMD_FABRIC_NOTIFY - do */
const struct nla_policy cxlfm_fabric_notify_nl_policy[CXLFM_A_FABRIC_LD_ID + 1] = {
	[CXLFM_A_FABRIC_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FABRIC_CHANGE] = NLA_POLICY_RANGE(NLA_U8, 1, 4),
	[CXLFM_A_FABRIC_VCS_ID] = { .type = NLA_U8, },
	[CXLFM_A_FABRIC_VPPB_ID] = { .type = NLA_U8, },
	[CXLFM_A_FABRIC_PORT_ID] = { .type = NLA_U8, },
	[CXLFM_A_FABRIC_LD_ID] = { .type = NLA_U16, },
};

/* CXLFM_CMD_IDENTIFY - do */
const struct nla_policy cxlfm_identify_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
};

/* CXLFM_CMD_BG_OP_STATUS - do */
const struct nla_policy cxlfm_bg_op_status_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
};

/* CXLFM_CMD_REQUEST_ABORT_BG_OP - do */
const struct nla_policy cxlfm_request_abort_bg_op_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
};

/* CXLFM_CMD_GET_SUPPORTED_LOGS - do */
const struct nla_policy cxlfm_get_supported_logs_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
};

/* CXLFM_CMD_GET_LOG - do */
const struct nla_policy cxlfm_get_log_nl_policy[CXLFM_A_FM_UUID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_UUID] = NLA_POLICY_EXACT_LEN(16),
	[CXLFM_A_FM_OFFSET] = { .type = NLA_U32, },
	[CXLFM_A_FM_LENGTH] = { .type = NLA_U64, },
};

/* CXLFM_CMD_GET_LOG_CAPS - do */
const struct nla_policy cxlfm_get_log_caps_nl_policy[CXLFM_A_FM_UUID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_UUID] = NLA_POLICY_EXACT_LEN(16),
};

/* CXLFM_CMD_IDENTIFY_SWITCH - do */
const struct nla_policy cxlfm_identify_switch_nl_policy[CXLFM_A_FM_CCI_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
};

/* CXLFM_CMD_GET_PHYS_PORT_STATE - do */
const struct nla_policy cxlfm_get_phys_port_state_nl_policy[CXLFM_A_FM_PORT_IDS + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_PORT_IDS] = NLA_POLICY_NESTED(cxlfm_fm_port_ids_nl_policy),
};

/* CXLFM_CMD_PHYS_PORT_CONTROL - do */
const struct nla_policy cxlfm_phys_port_control_nl_policy[CXLFM_A_FM_PPB_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_PPB_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_PORT_OP] = { .type = NLA_U8, },
};

/* CXLFM_CMD_SEND_PPB_CXLIO_CFG - do */
const struct nla_policy cxlfm_send_ppb_cxlio_cfg_nl_policy[CXLFM_A_FM_WRITE_DATA + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_PPB_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_REG_NUM] = { .type = NLA_U8, },
	[CXLFM_A_FM_EXT_REG_NUM] = NLA_POLICY_MAX(NLA_U8, 15),
	[CXLFM_A_FM_FIRST_BE] = NLA_POLICY_MAX(NLA_U8, 15),
	[CXLFM_A_FM_WRITE] = NLA_POLICY_MAX(NLA_U8, 1),
	[CXLFM_A_FM_WRITE_DATA] = { .type = NLA_U32, },
};

/* CXLFM_CMD_GET_DV_SV_STATE - do */
const struct nla_policy cxlfm_get_dv_sv_state_nl_policy[CXLFM_A_FM_CCI_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
};

/* CXLFM_CMD_SET_DV_SV - do */
const struct nla_policy cxlfm_set_dv_sv_nl_policy[CXLFM_A_FM_SECRET + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_SECRET] = NLA_POLICY_EXACT_LEN(16),
};

/* CXLFM_CMD_GET_VCS_DV_SV_STATE - do */
const struct nla_policy cxlfm_get_vcs_dv_sv_state_nl_policy[CXLFM_A_FM_VCS_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_VCS_ID] = { .type = NLA_U8, },
};

/* CXLFM_CMD_GET_DV_SV - do */
const struct nla_policy cxlfm_get_dv_sv_nl_policy[CXLFM_A_FM_VCS_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_VCS_ID] = { .type = NLA_U8, },
};

/* CXLFM_CMD_GET_VCS_INFO - do */
const struct nla_policy cxlfm_get_vcs_info_nl_policy[CXLFM_A_FM_VCS_IDS + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_VCS_IDS] = NLA_POLICY_NESTED(cxlfm_fm_vcs_ids_nl_policy),
};

/* CXLFM_CMD_BIND_VPPB - do */
const struct nla_policy cxlfm_bind_vppb_nl_policy[CXLFM_A_FM_VPPB_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_WAIT] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_TIMEOUT_MS] = NLA_POLICY_MIN(NLA_U32, 1),
	[CXLFM_A_FM_VCS_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_VPPB_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_PORT_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_LD_ID] = { .type = NLA_U16, },
};

/* CXLFM_CMD_UNBIND_VPPB - do */
const struct nla_policy cxlfm_unbind_vppb_nl_policy[CXLFM_A_FM_VPPB_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_WAIT] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_TIMEOUT_MS] = NLA_POLICY_MIN(NLA_U32, 1),
	[CXLFM_A_FM_VCS_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_VPPB_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_OPTION] = NLA_POLICY_MAX(NLA_U8, 15),
};

/* CXLFM_CMD_GEN_AER_EVENT - do */
const struct nla_policy cxlfm_gen_aer_event_nl_policy[CXLFM_A_FM_VPPB_INSTANCE + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_VCS_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_VPPB_INSTANCE] = { .type = NLA_U8, },
	[CXLFM_A_FM_ERROR_BIT] = NLA_POLICY_MAX(NLA_U8, 31),
	[CXLFM_A_FM_UNCORRECTABLE] = NLA_POLICY_MAX(NLA_U8, 1),
	[CXLFM_A_FM_TLP_HEADER] = NLA_POLICY_EXACT_LEN(32),
};

/* CXLFM_CMD_SEND_LD_CXLIO_CFG - do */
const struct nla_policy cxlfm_send_ld_cxlio_cfg_nl_policy[CXLFM_A_FM_WRITE_DATA + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_PPB_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_REG_NUM] = { .type = NLA_U8, },
	[CXLFM_A_FM_EXT_REG_NUM] = NLA_POLICY_MAX(NLA_U8, 15),
	[CXLFM_A_FM_FIRST_BE] = NLA_POLICY_MAX(NLA_U8, 15),
	[CXLFM_A_FM_WRITE] = NLA_POLICY_MAX(NLA_U8, 1),
	[CXLFM_A_FM_LD_ID] = { .type = NLA_U16, },
	[CXLFM_A_FM_WRITE_DATA] = { .type = NLA_U32, },
};

/* CXLFM_CMD_SEND_LD_CXLIO_MEM - do */
const struct nla_policy cxlfm_send_ld_cxlio_mem_nl_policy[CXLFM_A_FM_WRITE + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_PORT_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_FIRST_BE] = NLA_POLICY_MAX(NLA_U8, 15),
	[CXLFM_A_FM_LAST_BE] = NLA_POLICY_MAX(NLA_U8, 15),
	[CXLFM_A_FM_WRITE] = NLA_POLICY_MAX(NLA_U8, 1),
	[CXLFM_A_FM_LD_ID] = { .type = NLA_U16, },
	[CXLFM_A_FM_LENGTH] = { .type = NLA_U64, },
	[CXLFM_A_FM_ADDRESS] = { .type = NLA_U64, },
	[CXLFM_A_FM_DATA] = { .type = NLA_BINARY, },
};

/* CXLFM_CMD_GET_LD_INFO - do */
const struct nla_policy cxlfm_get_ld_info_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
};

/* CXLFM_CMD_GET_LD_ALLOC - do */
const struct nla_policy cxlfm_get_ld_alloc_nl_policy[CXLFM_A_FM_START_LD_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_START_LD_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_LD_LIMIT] = { .type = NLA_U8, },
};

/* CXLFM_CMD_SET_LD_ALLOC - do */
const struct nla_policy cxlfm_set_ld_alloc_nl_policy[CXLFM_A_FM_START_LD_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_START_LD_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_ALLOCS] = NLA_POLICY_NESTED(cxlfm_fm_allocs_nl_policy),
};

/* CXLFM_CMD_GET_QOS_CTRL - do */
const struct nla_policy cxlfm_get_qos_ctrl_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
};

/* CXLFM_CMD_SET_QOS_CTRL - do */
const struct nla_policy cxlfm_set_qos_ctrl_nl_policy[CXLFM_A_FM_TEMP_TPUT_ENABLE + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_EGRESS_CONG_ENABLE] = NLA_POLICY_MAX(NLA_U8, 1),
	[CXLFM_A_FM_TEMP_TPUT_ENABLE] = NLA_POLICY_MAX(NLA_U8, 1),
	[CXLFM_A_FM_EGRESS_MODERATE_PCT] = { .type = NLA_U8, },
	[CXLFM_A_FM_EGRESS_SEVERE_PCT] = { .type = NLA_U8, },
	[CXLFM_A_FM_BP_SAMPLE_INTERVAL] = { .type = NLA_U8, },
	[CXLFM_A_FM_REQCMP_BASIS] = { .type = NLA_U16, },
	[CXLFM_A_FM_COMPLETION_INTERVAL] = { .type = NLA_U8, },
};

/* CXLFM_CMD_GET_QOS_STATUS - do */
const struct nla_policy cxlfm_get_qos_status_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
};

/* CXLFM_CMD_GET_QOS_ALLOC_BW - do */
const struct nla_policy cxlfm_get_qos_alloc_bw_nl_policy[CXLFM_A_FM_START_LD_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_LD_LIMIT] = { .type = NLA_U8, },
	[CXLFM_A_FM_START_LD_ID] = { .type = NLA_U8, },
};

/* CXLFM_CMD_SET_QOS_ALLOC_BW - do */
const struct nla_policy cxlfm_set_qos_alloc_bw_nl_policy[CXLFM_A_FM_START_LD_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_START_LD_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_FRACTIONS] = NLA_POLICY_NESTED(cxlfm_fm_fractions_nl_policy),
};

/* CXLFM_CMD_GET_QOS_BW_LIMIT - do */
const struct nla_policy cxlfm_get_qos_bw_limit_nl_policy[CXLFM_A_FM_START_LD_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_LD_LIMIT] = { .type = NLA_U8, },
	[CXLFM_A_FM_START_LD_ID] = { .type = NLA_U8, },
};

/* CXLFM_CMD_SET_QOS_BW_LIMIT - do */
const struct nla_policy cxlfm_set_qos_bw_limit_nl_policy[CXLFM_A_FM_START_LD_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_START_LD_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_FRACTIONS] = NLA_POLICY_NESTED(cxlfm_fm_fractions_nl_policy),
};

/* CXLFM_CMD_GET_MHD_INFO - do */
const struct nla_policy cxlfm_get_mhd_info_nl_policy[CXLFM_A_FM_START_LD_ID + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_START_LD_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_LD_MAP_LIMIT] = { .type = NLA_U8, },
};

/* CXLFM_CMD_GET_HEAD_INFO - do */
const struct nla_policy cxlfm_get_head_info_nl_policy[CXLFM_A_FM_START_HEAD + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_START_HEAD] = { .type = NLA_U8, },
	[CXLFM_A_FM_NUM_HEADS] = { .type = NLA_U8, },
};

/* CXLFM_CMD_GET_DCD_INFO - do */
const struct nla_policy cxlfm_get_dcd_info_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
};

/* CXLFM_CMD_GET_HOST_DC_REGION_CFG - do */
const struct nla_policy cxlfm_get_host_dc_region_cfg_nl_policy[CXLFM_A_FM_START_REGION + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_HOST_ID] = { .type = NLA_U16, },
	[CXLFM_A_FM_REGION_COUNT] = { .type = NLA_U8, },
	[CXLFM_A_FM_START_REGION] = { .type = NLA_U8, },
};

/* CXLFM_CMD_SET_DC_REGION_CFG - do */
const struct nla_policy cxlfm_set_dc_region_cfg_nl_policy[CXLFM_A_FM_SANITIZE_ON_RELEASE + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_REGION_ID] = { .type = NLA_U8, },
	[CXLFM_A_FM_BLOCK_SIZE] = { .type = NLA_U64, },
	[CXLFM_A_FM_SANITIZE_ON_RELEASE] = NLA_POLICY_MAX(NLA_U8, 1),
};

/* CXLFM_CMD_GET_DC_REGION_EXTENTS - do */
const struct nla_policy cxlfm_get_dc_region_extents_nl_policy[CXLFM_A_FM_START_INDEX + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_HOST_ID] = { .type = NLA_U16, },
	[CXLFM_A_FM_EXTENT_COUNT] = { .type = NLA_U32, },
	[CXLFM_A_FM_START_INDEX] = { .type = NLA_U32, },
};

/* CXLFM_CMD_INITIATE_DC_ADD - do */
const struct nla_policy cxlfm_initiate_dc_add_nl_policy[CXLFM_A_FM_TAG + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_HOST_ID] = { .type = NLA_U16, },
	[CXLFM_A_FM_POLICY] = NLA_POLICY_MAX(NLA_U8, 15),
	[CXLFM_A_FM_REGION] = { .type = NLA_U8, },
	[CXLFM_A_FM_LENGTH] = { .type = NLA_U64, },
	[CXLFM_A_FM_TAG] = NLA_POLICY_EXACT_LEN(16),
	[CXLFM_A_FM_EXTENTS] = NLA_POLICY_NESTED(cxlfm_fm_extents_nl_policy),
};

/* CXLFM_CMD_INITIATE_DC_RELEASE - do */
const struct nla_policy cxlfm_initiate_dc_release_nl_policy[CXLFM_A_FM_TAG + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_HOST_ID] = { .type = NLA_U16, },
	[CXLFM_A_FM_POLICY] = NLA_POLICY_MAX(NLA_U8, 15),
	[CXLFM_A_FM_FORCED] = NLA_POLICY_MAX(NLA_U8, 1),
	[CXLFM_A_FM_SANITIZE] = NLA_POLICY_MAX(NLA_U8, 1),
	[CXLFM_A_FM_LENGTH] = { .type = NLA_U64, },
	[CXLFM_A_FM_TAG] = NLA_POLICY_EXACT_LEN(16),
	[CXLFM_A_FM_EXTENTS] = NLA_POLICY_NESTED(cxlfm_fm_extents_nl_policy),
};

/* CXLFM_CMD_DC_ADD_REFERENCE - do */
const struct nla_policy cxlfm_dc_add_reference_nl_policy[CXLFM_A_FM_TAG + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_TAG] = NLA_POLICY_EXACT_LEN(16),
};

/* CXLFM_CMD_DC_REMOVE_REFERENCE - do */
const struct nla_policy cxlfm_dc_remove_reference_nl_policy[CXLFM_A_FM_TAG + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_TAG] = NLA_POLICY_EXACT_LEN(16),
};

/* CXLFM_CMD_DC_LIST_TAGS - do */
const struct nla_policy cxlfm_dc_list_tags_nl_policy[CXLFM_A_FM_TAG_COUNT + 1] = {
	[CXLFM_A_FM_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_FM_TUNNEL_PORT] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_LD] = { .type = NLA_U8, },
	[CXLFM_A_FM_TUNNEL_POOL] = { .type = NLA_FLAG, },
	[CXLFM_A_FM_START_INDEX] = { .type = NLA_U32, },
	[CXLFM_A_FM_TAG_COUNT] = { .type = NLA_U32, },
};

/* CXLFM_CMD_EVENTS_DURABLE - do */
const struct nla_policy cxlfm_events_durable_nl_policy[CXLFM_A_EVENT_PAD + 1] = {
};

/* CXLFM_CMD_EVENTS_ACK - do */
const struct nla_policy cxlfm_events_ack_nl_policy[CXLFM_A_EVENT_INSTANCE + 1] = {
	[CXLFM_A_EVENT_CCI_ID] = { .type = NLA_U32, },
	[CXLFM_A_EVENT_INSTANCE] = { .type = NLA_U64, },
	[CXLFM_A_EVENT_SEQ] = { .type = NLA_U32, },
};

/* Ops table for cxlfm */
const struct genl_ops cxlfm_nl_ops[47] = {
	{
		.cmd		= CXLFM_CMD_CCI_GET,
		.doit		= cxlfm_nl_cci_get_doit,
		.dumpit		= cxlfm_nl_cci_get_dumpit,
		.policy		= cxlfm_cci_get_nl_policy,
		.maxattr	= CXLFM_A_CCI_ID,
	},
	{
		.cmd		= CXLFM_CMD_RAW,
		.doit		= cxlfm_nl_raw_doit,
		.policy		= cxlfm_raw_nl_policy,
		.maxattr	= CXLFM_A_RAW_PAYLOAD,
	},
	{
		.cmd		= CXLFM_CMD_CCI_SET,
		.doit		= cxlfm_nl_cci_set_doit,
		.policy		= cxlfm_cci_set_nl_policy,
		.maxattr	= CXLFM_A_CCI_EVENT_RETENTION,
	},
	{
		.cmd		= CXLFM_CMD_FABRIC_NOTIFY,
		.doit		= cxlfm_nl_fabric_notify_doit,
		.policy		= cxlfm_fabric_notify_nl_policy,
		.maxattr	= CXLFM_A_FABRIC_LD_ID,
	},
	{
		.cmd		= CXLFM_CMD_IDENTIFY,
		.doit		= cxlfm_nl_identify_doit,
		.policy		= cxlfm_identify_nl_policy,
		.maxattr	= CXLFM_A_FM_TUNNEL_POOL,
	},
	{
		.cmd		= CXLFM_CMD_BG_OP_STATUS,
		.doit		= cxlfm_nl_bg_op_status_doit,
		.policy		= cxlfm_bg_op_status_nl_policy,
		.maxattr	= CXLFM_A_FM_TUNNEL_POOL,
	},
	{
		.cmd		= CXLFM_CMD_REQUEST_ABORT_BG_OP,
		.doit		= cxlfm_nl_request_abort_bg_op_doit,
		.policy		= cxlfm_request_abort_bg_op_nl_policy,
		.maxattr	= CXLFM_A_FM_TUNNEL_POOL,
	},
	{
		.cmd		= CXLFM_CMD_GET_SUPPORTED_LOGS,
		.doit		= cxlfm_nl_get_supported_logs_doit,
		.policy		= cxlfm_get_supported_logs_nl_policy,
		.maxattr	= CXLFM_A_FM_TUNNEL_POOL,
	},
	{
		.cmd		= CXLFM_CMD_GET_LOG,
		.doit		= cxlfm_nl_get_log_doit,
		.policy		= cxlfm_get_log_nl_policy,
		.maxattr	= CXLFM_A_FM_UUID,
	},
	{
		.cmd		= CXLFM_CMD_GET_LOG_CAPS,
		.doit		= cxlfm_nl_get_log_caps_doit,
		.policy		= cxlfm_get_log_caps_nl_policy,
		.maxattr	= CXLFM_A_FM_UUID,
	},
	{
		.cmd		= CXLFM_CMD_IDENTIFY_SWITCH,
		.doit		= cxlfm_nl_identify_switch_doit,
		.dumpit		= cxlfm_nl_identify_switch_dumpit,
		.policy		= cxlfm_identify_switch_nl_policy,
		.maxattr	= CXLFM_A_FM_CCI_ID,
	},
	{
		.cmd		= CXLFM_CMD_GET_PHYS_PORT_STATE,
		.doit		= cxlfm_nl_get_phys_port_state_doit,
		.dumpit		= cxlfm_nl_get_phys_port_state_dumpit,
		.policy		= cxlfm_get_phys_port_state_nl_policy,
		.maxattr	= CXLFM_A_FM_PORT_IDS,
	},
	{
		.cmd		= CXLFM_CMD_PHYS_PORT_CONTROL,
		.doit		= cxlfm_nl_phys_port_control_doit,
		.policy		= cxlfm_phys_port_control_nl_policy,
		.maxattr	= CXLFM_A_FM_PPB_ID,
	},
	{
		.cmd		= CXLFM_CMD_SEND_PPB_CXLIO_CFG,
		.doit		= cxlfm_nl_send_ppb_cxlio_cfg_doit,
		.policy		= cxlfm_send_ppb_cxlio_cfg_nl_policy,
		.maxattr	= CXLFM_A_FM_WRITE_DATA,
	},
	{
		.cmd		= CXLFM_CMD_GET_DV_SV_STATE,
		.doit		= cxlfm_nl_get_dv_sv_state_doit,
		.policy		= cxlfm_get_dv_sv_state_nl_policy,
		.maxattr	= CXLFM_A_FM_CCI_ID,
	},
	{
		.cmd		= CXLFM_CMD_SET_DV_SV,
		.doit		= cxlfm_nl_set_dv_sv_doit,
		.policy		= cxlfm_set_dv_sv_nl_policy,
		.maxattr	= CXLFM_A_FM_SECRET,
	},
	{
		.cmd		= CXLFM_CMD_GET_VCS_DV_SV_STATE,
		.doit		= cxlfm_nl_get_vcs_dv_sv_state_doit,
		.policy		= cxlfm_get_vcs_dv_sv_state_nl_policy,
		.maxattr	= CXLFM_A_FM_VCS_ID,
	},
	{
		.cmd		= CXLFM_CMD_GET_DV_SV,
		.doit		= cxlfm_nl_get_dv_sv_doit,
		.policy		= cxlfm_get_dv_sv_nl_policy,
		.maxattr	= CXLFM_A_FM_VCS_ID,
	},
	{
		.cmd		= CXLFM_CMD_GET_VCS_INFO,
		.doit		= cxlfm_nl_get_vcs_info_doit,
		.policy		= cxlfm_get_vcs_info_nl_policy,
		.maxattr	= CXLFM_A_FM_VCS_IDS,
	},
	{
		.cmd		= CXLFM_CMD_BIND_VPPB,
		.doit		= cxlfm_nl_bind_vppb_doit,
		.policy		= cxlfm_bind_vppb_nl_policy,
		.maxattr	= CXLFM_A_FM_VPPB_ID,
	},
	{
		.cmd		= CXLFM_CMD_UNBIND_VPPB,
		.doit		= cxlfm_nl_unbind_vppb_doit,
		.policy		= cxlfm_unbind_vppb_nl_policy,
		.maxattr	= CXLFM_A_FM_VPPB_ID,
	},
	{
		.cmd		= CXLFM_CMD_GEN_AER_EVENT,
		.doit		= cxlfm_nl_gen_aer_event_doit,
		.policy		= cxlfm_gen_aer_event_nl_policy,
		.maxattr	= CXLFM_A_FM_VPPB_INSTANCE,
	},
	{
		.cmd		= CXLFM_CMD_SEND_LD_CXLIO_CFG,
		.doit		= cxlfm_nl_send_ld_cxlio_cfg_doit,
		.policy		= cxlfm_send_ld_cxlio_cfg_nl_policy,
		.maxattr	= CXLFM_A_FM_WRITE_DATA,
	},
	{
		.cmd		= CXLFM_CMD_SEND_LD_CXLIO_MEM,
		.doit		= cxlfm_nl_send_ld_cxlio_mem_doit,
		.policy		= cxlfm_send_ld_cxlio_mem_nl_policy,
		.maxattr	= CXLFM_A_FM_WRITE,
	},
	{
		.cmd		= CXLFM_CMD_GET_LD_INFO,
		.doit		= cxlfm_nl_get_ld_info_doit,
		.policy		= cxlfm_get_ld_info_nl_policy,
		.maxattr	= CXLFM_A_FM_TUNNEL_POOL,
	},
	{
		.cmd		= CXLFM_CMD_GET_LD_ALLOC,
		.doit		= cxlfm_nl_get_ld_alloc_doit,
		.policy		= cxlfm_get_ld_alloc_nl_policy,
		.maxattr	= CXLFM_A_FM_START_LD_ID,
	},
	{
		.cmd		= CXLFM_CMD_SET_LD_ALLOC,
		.doit		= cxlfm_nl_set_ld_alloc_doit,
		.policy		= cxlfm_set_ld_alloc_nl_policy,
		.maxattr	= CXLFM_A_FM_START_LD_ID,
	},
	{
		.cmd		= CXLFM_CMD_GET_QOS_CTRL,
		.doit		= cxlfm_nl_get_qos_ctrl_doit,
		.policy		= cxlfm_get_qos_ctrl_nl_policy,
		.maxattr	= CXLFM_A_FM_TUNNEL_POOL,
	},
	{
		.cmd		= CXLFM_CMD_SET_QOS_CTRL,
		.doit		= cxlfm_nl_set_qos_ctrl_doit,
		.policy		= cxlfm_set_qos_ctrl_nl_policy,
		.maxattr	= CXLFM_A_FM_TEMP_TPUT_ENABLE,
	},
	{
		.cmd		= CXLFM_CMD_GET_QOS_STATUS,
		.doit		= cxlfm_nl_get_qos_status_doit,
		.policy		= cxlfm_get_qos_status_nl_policy,
		.maxattr	= CXLFM_A_FM_TUNNEL_POOL,
	},
	{
		.cmd		= CXLFM_CMD_GET_QOS_ALLOC_BW,
		.doit		= cxlfm_nl_get_qos_alloc_bw_doit,
		.policy		= cxlfm_get_qos_alloc_bw_nl_policy,
		.maxattr	= CXLFM_A_FM_START_LD_ID,
	},
	{
		.cmd		= CXLFM_CMD_SET_QOS_ALLOC_BW,
		.doit		= cxlfm_nl_set_qos_alloc_bw_doit,
		.policy		= cxlfm_set_qos_alloc_bw_nl_policy,
		.maxattr	= CXLFM_A_FM_START_LD_ID,
	},
	{
		.cmd		= CXLFM_CMD_GET_QOS_BW_LIMIT,
		.doit		= cxlfm_nl_get_qos_bw_limit_doit,
		.policy		= cxlfm_get_qos_bw_limit_nl_policy,
		.maxattr	= CXLFM_A_FM_START_LD_ID,
	},
	{
		.cmd		= CXLFM_CMD_SET_QOS_BW_LIMIT,
		.doit		= cxlfm_nl_set_qos_bw_limit_doit,
		.policy		= cxlfm_set_qos_bw_limit_nl_policy,
		.maxattr	= CXLFM_A_FM_START_LD_ID,
	},
	{
		.cmd		= CXLFM_CMD_GET_MHD_INFO,
		.doit		= cxlfm_nl_get_mhd_info_doit,
		.policy		= cxlfm_get_mhd_info_nl_policy,
		.maxattr	= CXLFM_A_FM_START_LD_ID,
	},
	{
		.cmd		= CXLFM_CMD_GET_HEAD_INFO,
		.doit		= cxlfm_nl_get_head_info_doit,
		.policy		= cxlfm_get_head_info_nl_policy,
		.maxattr	= CXLFM_A_FM_START_HEAD,
	},
	{
		.cmd		= CXLFM_CMD_GET_DCD_INFO,
		.doit		= cxlfm_nl_get_dcd_info_doit,
		.policy		= cxlfm_get_dcd_info_nl_policy,
		.maxattr	= CXLFM_A_FM_TUNNEL_POOL,
	},
	{
		.cmd		= CXLFM_CMD_GET_HOST_DC_REGION_CFG,
		.doit		= cxlfm_nl_get_host_dc_region_cfg_doit,
		.policy		= cxlfm_get_host_dc_region_cfg_nl_policy,
		.maxattr	= CXLFM_A_FM_START_REGION,
	},
	{
		.cmd		= CXLFM_CMD_SET_DC_REGION_CFG,
		.doit		= cxlfm_nl_set_dc_region_cfg_doit,
		.policy		= cxlfm_set_dc_region_cfg_nl_policy,
		.maxattr	= CXLFM_A_FM_SANITIZE_ON_RELEASE,
	},
	{
		.cmd		= CXLFM_CMD_GET_DC_REGION_EXTENTS,
		.doit		= cxlfm_nl_get_dc_region_extents_doit,
		.policy		= cxlfm_get_dc_region_extents_nl_policy,
		.maxattr	= CXLFM_A_FM_START_INDEX,
	},
	{
		.cmd		= CXLFM_CMD_INITIATE_DC_ADD,
		.doit		= cxlfm_nl_initiate_dc_add_doit,
		.policy		= cxlfm_initiate_dc_add_nl_policy,
		.maxattr	= CXLFM_A_FM_TAG,
	},
	{
		.cmd		= CXLFM_CMD_INITIATE_DC_RELEASE,
		.doit		= cxlfm_nl_initiate_dc_release_doit,
		.policy		= cxlfm_initiate_dc_release_nl_policy,
		.maxattr	= CXLFM_A_FM_TAG,
	},
	{
		.cmd		= CXLFM_CMD_DC_ADD_REFERENCE,
		.doit		= cxlfm_nl_dc_add_reference_doit,
		.policy		= cxlfm_dc_add_reference_nl_policy,
		.maxattr	= CXLFM_A_FM_TAG,
	},
	{
		.cmd		= CXLFM_CMD_DC_REMOVE_REFERENCE,
		.doit		= cxlfm_nl_dc_remove_reference_doit,
		.policy		= cxlfm_dc_remove_reference_nl_policy,
		.maxattr	= CXLFM_A_FM_TAG,
	},
	{
		.cmd		= CXLFM_CMD_DC_LIST_TAGS,
		.doit		= cxlfm_nl_dc_list_tags_doit,
		.policy		= cxlfm_dc_list_tags_nl_policy,
		.maxattr	= CXLFM_A_FM_TAG_COUNT,
	},
	{
		.cmd		= CXLFM_CMD_EVENTS_DURABLE,
		.doit		= cxlfm_nl_events_durable_doit,
		.policy		= cxlfm_events_durable_nl_policy,
		.maxattr	= CXLFM_A_EVENT_PAD,
	},
	{
		.cmd		= CXLFM_CMD_EVENTS_ACK,
		.doit		= cxlfm_nl_events_ack_doit,
		.policy		= cxlfm_events_ack_nl_policy,
		.maxattr	= CXLFM_A_EVENT_INSTANCE,
	},
};

static const struct genl_multicast_group cxlfm_nl_mcgrps[] = {
	[CXLFM_NLGRP_EVENTS] = { "events", },
};
