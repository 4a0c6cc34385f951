/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/cxlfm.yaml */
/* YNL-GEN kernel header */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#ifndef _LINUX_CXLFM_GEN_H
#define _LINUX_CXLFM_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/cxlfm.h>

/* Common nested types */
extern const struct nla_policy cxlfm_fm_allocs_nl_policy[CXLFM_A_FM_RANGE2_MULT + 1];
extern const struct nla_policy cxlfm_fm_extents_nl_policy[CXLFM_A_FM_TAG + 1];
extern const struct nla_policy cxlfm_fm_fractions_nl_policy[CXLFM_A_FM_FRACTION + 1];
extern const struct nla_policy cxlfm_fm_port_ids_nl_policy[CXLFM_A_FM_PORT_ID + 1];
extern const struct nla_policy cxlfm_fm_vcs_ids_nl_policy[CXLFM_A_FM_VCS_ID + 1];

extern const struct nla_policy cxlfm_cci_get_nl_policy[CXLFM_A_CCI_ID + 1];

extern const struct nla_policy cxlfm_raw_nl_policy[CXLFM_A_RAW_PAYLOAD + 1];

extern const struct nla_policy cxlfm_cci_set_nl_policy[CXLFM_A_CCI_EVENT_RETENTION + 1];

extern const struct nla_policy cxlfm_fabric_notify_nl_policy[CXLFM_A_FABRIC_LD_ID + 1];

extern const struct nla_policy cxlfm_identify_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1];

extern const struct nla_policy cxlfm_bg_op_status_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1];

extern const struct nla_policy cxlfm_request_abort_bg_op_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1];

extern const struct nla_policy cxlfm_get_supported_logs_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1];

extern const struct nla_policy cxlfm_get_log_nl_policy[CXLFM_A_FM_UUID + 1];

extern const struct nla_policy cxlfm_get_log_caps_nl_policy[CXLFM_A_FM_UUID + 1];

extern const struct nla_policy cxlfm_identify_switch_nl_policy[CXLFM_A_FM_CCI_ID + 1];

extern const struct nla_policy cxlfm_get_phys_port_state_nl_policy[CXLFM_A_FM_PORT_IDS + 1];

extern const struct nla_policy cxlfm_phys_port_control_nl_policy[CXLFM_A_FM_PPB_ID + 1];

extern const struct nla_policy cxlfm_send_ppb_cxlio_cfg_nl_policy[CXLFM_A_FM_WRITE_DATA + 1];

extern const struct nla_policy cxlfm_get_dv_sv_state_nl_policy[CXLFM_A_FM_CCI_ID + 1];

extern const struct nla_policy cxlfm_set_dv_sv_nl_policy[CXLFM_A_FM_SECRET + 1];

extern const struct nla_policy cxlfm_get_vcs_dv_sv_state_nl_policy[CXLFM_A_FM_VCS_ID + 1];

extern const struct nla_policy cxlfm_get_dv_sv_nl_policy[CXLFM_A_FM_VCS_ID + 1];

extern const struct nla_policy cxlfm_get_vcs_info_nl_policy[CXLFM_A_FM_VCS_IDS + 1];

extern const struct nla_policy cxlfm_bind_vppb_nl_policy[CXLFM_A_FM_VPPB_ID + 1];

extern const struct nla_policy cxlfm_unbind_vppb_nl_policy[CXLFM_A_FM_VPPB_ID + 1];

extern const struct nla_policy cxlfm_gen_aer_event_nl_policy[CXLFM_A_FM_VPPB_INSTANCE + 1];

extern const struct nla_policy cxlfm_send_ld_cxlio_cfg_nl_policy[CXLFM_A_FM_WRITE_DATA + 1];

extern const struct nla_policy cxlfm_send_ld_cxlio_mem_nl_policy[CXLFM_A_FM_WRITE + 1];

extern const struct nla_policy cxlfm_get_ld_info_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1];

extern const struct nla_policy cxlfm_get_ld_alloc_nl_policy[CXLFM_A_FM_START_LD_ID + 1];

extern const struct nla_policy cxlfm_set_ld_alloc_nl_policy[CXLFM_A_FM_START_LD_ID + 1];

extern const struct nla_policy cxlfm_get_qos_ctrl_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1];

extern const struct nla_policy cxlfm_set_qos_ctrl_nl_policy[CXLFM_A_FM_TEMP_TPUT_ENABLE + 1];

extern const struct nla_policy cxlfm_get_qos_status_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1];

extern const struct nla_policy cxlfm_get_qos_alloc_bw_nl_policy[CXLFM_A_FM_START_LD_ID + 1];

extern const struct nla_policy cxlfm_set_qos_alloc_bw_nl_policy[CXLFM_A_FM_START_LD_ID + 1];

extern const struct nla_policy cxlfm_get_qos_bw_limit_nl_policy[CXLFM_A_FM_START_LD_ID + 1];

extern const struct nla_policy cxlfm_set_qos_bw_limit_nl_policy[CXLFM_A_FM_START_LD_ID + 1];

extern const struct nla_policy cxlfm_get_mhd_info_nl_policy[CXLFM_A_FM_START_LD_ID + 1];

extern const struct nla_policy cxlfm_get_head_info_nl_policy[CXLFM_A_FM_START_HEAD + 1];

extern const struct nla_policy cxlfm_get_dcd_info_nl_policy[CXLFM_A_FM_TUNNEL_POOL + 1];

extern const struct nla_policy cxlfm_get_host_dc_region_cfg_nl_policy[CXLFM_A_FM_START_REGION + 1];

extern const struct nla_policy cxlfm_set_dc_region_cfg_nl_policy[CXLFM_A_FM_SANITIZE_ON_RELEASE + 1];

extern const struct nla_policy cxlfm_get_dc_region_extents_nl_policy[CXLFM_A_FM_START_INDEX + 1];

extern const struct nla_policy cxlfm_initiate_dc_add_nl_policy[CXLFM_A_FM_TAG + 1];

extern const struct nla_policy cxlfm_initiate_dc_release_nl_policy[CXLFM_A_FM_TAG + 1];

extern const struct nla_policy cxlfm_dc_add_reference_nl_policy[CXLFM_A_FM_TAG + 1];

extern const struct nla_policy cxlfm_dc_remove_reference_nl_policy[CXLFM_A_FM_TAG + 1];

extern const struct nla_policy cxlfm_dc_list_tags_nl_policy[CXLFM_A_FM_TAG_COUNT + 1];

extern const struct nla_policy cxlfm_events_durable_nl_policy[CXLFM_A_EVENT_PAD + 1];

extern const struct nla_policy cxlfm_events_ack_nl_policy[CXLFM_A_EVENT_INSTANCE + 1];

/* Ops table for cxlfm */
extern const struct genl_ops cxlfm_nl_ops[47];

int cxlfm_nl_cci_get_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_cci_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int cxlfm_nl_raw_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_cci_set_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_fabric_notify_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_identify_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_bg_op_status_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_request_abort_bg_op_doit(struct sk_buff *skb,
				      struct genl_info *info);
int cxlfm_nl_get_supported_logs_doit(struct sk_buff *skb,
				     struct genl_info *info);
int cxlfm_nl_get_log_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_get_log_caps_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_identify_switch_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_identify_switch_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb);
int cxlfm_nl_get_phys_port_state_doit(struct sk_buff *skb,
				      struct genl_info *info);
int cxlfm_nl_get_phys_port_state_dumpit(struct sk_buff *skb,
					struct netlink_callback *cb);
int cxlfm_nl_phys_port_control_doit(struct sk_buff *skb,
				    struct genl_info *info);
int cxlfm_nl_send_ppb_cxlio_cfg_doit(struct sk_buff *skb,
				     struct genl_info *info);
int cxlfm_nl_get_dv_sv_state_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_set_dv_sv_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_get_vcs_dv_sv_state_doit(struct sk_buff *skb,
				      struct genl_info *info);
int cxlfm_nl_get_dv_sv_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_get_vcs_info_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_bind_vppb_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_unbind_vppb_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_gen_aer_event_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_send_ld_cxlio_cfg_doit(struct sk_buff *skb,
				    struct genl_info *info);
int cxlfm_nl_send_ld_cxlio_mem_doit(struct sk_buff *skb,
				    struct genl_info *info);
int cxlfm_nl_get_ld_info_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_get_ld_alloc_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_set_ld_alloc_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_get_qos_ctrl_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_set_qos_ctrl_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_get_qos_status_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_get_qos_alloc_bw_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_set_qos_alloc_bw_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_get_qos_bw_limit_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_set_qos_bw_limit_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_get_mhd_info_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_get_head_info_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_get_dcd_info_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_get_host_dc_region_cfg_doit(struct sk_buff *skb,
					 struct genl_info *info);
int cxlfm_nl_set_dc_region_cfg_doit(struct sk_buff *skb,
				    struct genl_info *info);
int cxlfm_nl_get_dc_region_extents_doit(struct sk_buff *skb,
					struct genl_info *info);
int cxlfm_nl_initiate_dc_add_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_initiate_dc_release_doit(struct sk_buff *skb,
				      struct genl_info *info);
int cxlfm_nl_dc_add_reference_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_dc_remove_reference_doit(struct sk_buff *skb,
				      struct genl_info *info);
int cxlfm_nl_dc_list_tags_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_events_durable_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_nl_events_ack_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	CXLFM_NLGRP_EVENTS,
};

#endif /* _LINUX_CXLFM_GEN_H */
