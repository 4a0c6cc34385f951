// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * cxlfm FM-API codec: MLD Port (0x53xx), MLD Components (0x54xx) and
 * Multi-Headed Device (0x55xx) command sets. Facts: FMAPI-REFERENCE.md
 * §3.4-§3.6 (CXL r3.2 §7.6.7). All payload sizes are exact except Get LD
 * Info's response.
 */
#include "fmapi_internal.h"

static const struct fmapi_field u8_elem[] = { FMAPI_SCALAR_U8("byte") };
static const struct fmapi_field u8_fraction[] = {
	FMAPI_SCALAR_U8("fraction"),
};

static const struct fmapi_field u8_head[] = { FMAPI_SCALAR_U8("head_port") };

/*
 * 0x5300 Tunnel Management Command: CXL r3.2 Tables 7-37/7-38. The payload
 * after the 4-byte header is a CCI message (reference §5.2); see
 * fmapi_tunnel_build() / fmapi_tunnel_unwrap() for typed access.
 */
static const struct fmapi_enum_val target_type_vals[] = {
	{ 0, "port_or_ld" }, { 1, "mhd_ld_pool" },
};

static const struct fmapi_enum target_type_enum = {
	"tunnel_target_type", ARRAY_SIZE(target_type_vals), target_type_vals,
};

static const struct fmapi_field tunnel_req_f[] = {
	FMAPI_U8(tunnel_req, port_or_ld_id, 0x00),
	FMAPI_CHECKED(tunnel_req, target_type, 0x01, 1, 0x0f,
		      target_type_enum),
	FMAPI_U16(tunnel_req, command_size, 0x02),		/* [2] */
};

static const struct fmapi_list tunnel_req_l =
	FMAPI_LIST(tunnel_req, msg, 2, 1, u8_elem, u8, 0);

const struct fmapi_layout fmapi_tunnel_req_layout = {
	FMAPI_FIXED(tunnel_req, FMAPI_TUNNEL_HDR_SIZE, tunnel_req_f),
	.list = &tunnel_req_l,
};

static const struct fmapi_field tunnel_rsp_f[] = {
	FMAPI_U16(tunnel_rsp, response_len, 0x00),		/* [0] */
};

static const struct fmapi_list tunnel_rsp_l =
	FMAPI_LIST(tunnel_rsp, msg, 0, 1, u8_elem, u8, 0);

const struct fmapi_layout fmapi_tunnel_rsp_layout = {
	FMAPI_FIXED(tunnel_rsp, FMAPI_TUNNEL_HDR_SIZE, tunnel_rsp_f),
	.list = &tunnel_rsp_l,
};

/* 0x5301 Send LD CXL.io Configuration Request (reference §3.4) */
static const struct fmapi_field ld_cfg_req_f[] = {
	FMAPI_U8(ld_cfg_req, ppb_id, 0x00),
	FMAPI_U8(ld_cfg_req, reg_num, 0x01),
	FMAPI_BITS(ld_cfg_req, ext_reg_num, 0x02, 1, 0x0f),
	FMAPI_BITS(ld_cfg_req, first_be, 0x02, 1, 0xf0),
	FMAPI_BITS(ld_cfg_req, write, 0x03, 1, 0x80),
	FMAPI_U16(ld_cfg_req, ld_id, 0x04),
	FMAPI_U32(ld_cfg_req, write_data, 0x08),
};

static const struct fmapi_layout ld_cfg_req = {
	FMAPI_FIXED(ld_cfg_req, 0x0c, ld_cfg_req_f),
};

/*
 * 0x5302 Send LD CXL.io Memory Request: CXL r3.2 Tables 7-41/7-42. LD ID is
 * at offset 4 (libcxlmi's struct puts it at 3, reference §7 item 7). Data
 * length is implied by the payload: write data in the request, read data in
 * the response (a write's response carries bytes_transferred and no data).
 */
static const struct fmapi_field ld_mem_req_f[] = {
	FMAPI_U8(ld_mem_req, port_id, 0x00),
	FMAPI_BITS(ld_mem_req, first_be, 0x02, 1, 0xf0),
	FMAPI_BITS(ld_mem_req, last_be, 0x03, 1, 0x0f),
	FMAPI_BITS(ld_mem_req, write, 0x03, 1, 0x80),
	FMAPI_U16(ld_mem_req, ld_id, 0x04),
	FMAPI_U16(ld_mem_req, length, 0x06),
	FMAPI_U64(ld_mem_req, address, 0x08),
};

static const struct fmapi_list ld_mem_req_l =
	FMAPI_LIST_IMPLIED(ld_mem_req, data, 1, u8_elem, u8,
			   FMAPI_LD_MEM_MAX_LEN);

static const struct fmapi_layout ld_mem_req = {
	FMAPI_FIXED(ld_mem_req, 0x10, ld_mem_req_f),
	.list = &ld_mem_req_l,
};

static const struct fmapi_field ld_mem_rsp_f[] = {
	FMAPI_U16(ld_mem_rsp, bytes_transferred, 0x00),
};

static const struct fmapi_list ld_mem_rsp_l =
	FMAPI_LIST_IMPLIED(ld_mem_rsp, data, 1, u8_elem, u8,
			   FMAPI_LD_MEM_MAX_LEN);

static const struct fmapi_layout ld_mem_rsp = {
	FMAPI_FIXED(ld_mem_rsp, 0x04, ld_mem_rsp_f),
	.list = &ld_mem_rsp_l,
};

/* 0x5400 Get LD Info: CXL r3.2 Tables 7-44..7-57 (reference §3.5) */
static const struct fmapi_field get_ld_info_rsp_f[] = {
	FMAPI_U64(get_ld_info_rsp, memory_size, 0x00),
	FMAPI_U16(get_ld_info_rsp, ld_count, 0x08),
	FMAPI_BITS(get_ld_info_rsp, qos_egress_cong, 0x0a, 1, 0x01),
	FMAPI_BITS(get_ld_info_rsp, qos_temp_tput_reduction, 0x0a, 1, 0x02),
};

static const struct fmapi_layout get_ld_info_rsp = {
	FMAPI_FIXED(get_ld_info_rsp, 0x0b, get_ld_info_rsp_f),
	.flags = FMAPI_LF_EXTENSIBLE,
};

/* 0x5401 / 0x5406 / 0x5408 requests: start LD ID, list limit */
static const struct fmapi_field ld_list_req_f[] = {
	FMAPI_U8(ld_list_req, start_ld_id, 0x00),
	FMAPI_U8(ld_list_req, ld_limit, 0x01),
};

static const struct fmapi_layout ld_list_req = {
	FMAPI_FIXED(ld_list_req, 0x02, ld_list_req_f),
};

/*
 * 0x5406 / 0x5408 requests are "number of LDs, start LD ID": same two
 * bytes, opposite order to 0x5401's.
 */
static const struct fmapi_field qos_bw_req_f[] = {
	FMAPI_U8(ld_list_req, ld_limit, 0x00),
	FMAPI_U8(ld_list_req, start_ld_id, 0x01),
};

static const struct fmapi_layout qos_bw_req = {
	FMAPI_FIXED(ld_list_req, 0x02, qos_bw_req_f),
};

/* 0x5401 Get LD Allocations */
static const struct fmapi_enum_val granularity_vals[] = {
	{ 0, "256mb" }, { 1, "512mb" }, { 2, "1gb" },
};

static const struct fmapi_enum granularity_enum = {
	"ld_granularity", ARRAY_SIZE(granularity_vals), granularity_vals,
};

static const struct fmapi_field ld_alloc_f[] = {
	FMAPI_U64(ld_alloc, range1_mult, 0x00),
	FMAPI_U64(ld_alloc, range2_mult, 0x08),
};

static const struct fmapi_field get_ld_alloc_rsp_f[] = {
	FMAPI_U8(get_ld_alloc_rsp, num_lds, 0x00),
	FMAPI_CHECKED(get_ld_alloc_rsp, granularity, 0x01, 1, 0,
		      granularity_enum),
	FMAPI_U8(get_ld_alloc_rsp, start_ld_id, 0x02),
	FMAPI_U8(get_ld_alloc_rsp, list_len, 0x03),		/* [3] */
};

static const struct fmapi_list get_ld_alloc_rsp_l =
	FMAPI_LIST(get_ld_alloc_rsp, allocs, 3, 0x10, ld_alloc_f,
		   struct fmapi_ld_alloc, FMAPI_MAX_LDS);

static const struct fmapi_layout get_ld_alloc_rsp = {
	FMAPI_FIXED(get_ld_alloc_rsp, 0x04, get_ld_alloc_rsp_f),
	.list = &get_ld_alloc_rsp_l,
};

/* 0x5402 Set LD Allocations: request and response have the same shape */
static const struct fmapi_field set_ld_alloc_f[] = {
	FMAPI_U8(set_ld_alloc, num_lds, 0x00),			/* [0] */
	FMAPI_U8(set_ld_alloc, start_ld_id, 0x01),
};

static const struct fmapi_list set_ld_alloc_l =
	FMAPI_LIST(set_ld_alloc, allocs, 0, 0x10, ld_alloc_f,
		   struct fmapi_ld_alloc, FMAPI_MAX_LDS);

static const struct fmapi_layout set_ld_alloc = {
	FMAPI_FIXED(set_ld_alloc, 0x04, set_ld_alloc_f),
	.list = &set_ld_alloc_l,
};

/* 0x5403 / 0x5404 Get / Set QoS Control */
static const struct fmapi_field qos_ctrl_f[] = {
	FMAPI_BITS(qos_ctrl, egress_cong_enable, 0x00, 1, 0x01),
	FMAPI_BITS(qos_ctrl, temp_tput_enable, 0x00, 1, 0x02),
	FMAPI_U8(qos_ctrl, egress_moderate_pct, 0x01),
	FMAPI_U8(qos_ctrl, egress_severe_pct, 0x02),
	FMAPI_U8(qos_ctrl, bp_sample_interval, 0x03),
	FMAPI_U16(qos_ctrl, reqcmp_basis, 0x04),
	FMAPI_U8(qos_ctrl, completion_interval, 0x06),
};

static const struct fmapi_layout qos_ctrl = {
	FMAPI_FIXED(qos_ctrl, 0x07, qos_ctrl_f),
};

/* 0x5405 Get QoS Status */
static const struct fmapi_field qos_status_rsp_f[] = {
	FMAPI_U8(qos_status_rsp, bp_avg_pct, 0x00),
};

static const struct fmapi_layout qos_status_rsp = {
	FMAPI_FIXED(qos_status_rsp, 0x01, qos_status_rsp_f),
};

/* 0x5406-0x5409 QoS Allocated BW / BW Limit lists: one byte per LD */
static const struct fmapi_field qos_bw_list_f[] = {
	FMAPI_U8(qos_bw_list, num_lds, 0x00),			/* [0] */
	FMAPI_U8(qos_bw_list, start_ld_id, 0x01),
};

static const struct fmapi_list qos_bw_list_l =
	FMAPI_LIST(qos_bw_list, fractions, 0, 1, u8_fraction, u8,
		   FMAPI_MAX_LDS);

static const struct fmapi_layout qos_bw_list = {
	FMAPI_FIXED(qos_bw_list, 0x02, qos_bw_list_f),
	.list = &qos_bw_list_l,
};

/* 0x5500 Get Multi-Headed Info: CXL r3.2 Tables 7-58..7-62 (§3.6) */
static const struct fmapi_field get_mhd_info_req_f[] = {
	FMAPI_U8(get_mhd_info_req, start_ld_id, 0x00),
	FMAPI_U8(get_mhd_info_req, ld_map_limit, 0x01),
};

static const struct fmapi_layout get_mhd_info_req = {
	FMAPI_FIXED(get_mhd_info_req, 0x02, get_mhd_info_req_f),
};

static const struct fmapi_field get_mhd_info_rsp_f[] = {
	FMAPI_U8(get_mhd_info_rsp, num_lds, 0x00),
	FMAPI_U8(get_mhd_info_rsp, num_heads, 0x01),
	FMAPI_U8(get_mhd_info_rsp, start_ld_id, 0x04),
	FMAPI_U8(get_mhd_info_rsp, ld_map_len, 0x05),		/* [3] */
};

static const struct fmapi_list get_mhd_info_rsp_l =
	FMAPI_LIST(get_mhd_info_rsp, ld_map, 3, 1, u8_head, u8, 0);

static const struct fmapi_layout get_mhd_info_rsp = {
	FMAPI_FIXED(get_mhd_info_rsp, 0x08, get_mhd_info_rsp_f),
	.list = &get_mhd_info_rsp_l,
};

/* 0x5501 Get Head Info */
static const struct fmapi_field get_head_info_req_f[] = {
	FMAPI_U8(get_head_info_req, start_head, 0x00),
	FMAPI_U8(get_head_info_req, num_heads, 0x01),
};

static const struct fmapi_layout get_head_info_req = {
	FMAPI_FIXED(get_head_info_req, 0x02, get_head_info_req_f),
};

static const struct fmapi_field head_info_f[] = {
	FMAPI_U8(head_info, port_id, 0x0),
	FMAPI_U8(head_info, max_link_width, 0x1),
	FMAPI_U8(head_info, neg_link_width, 0x2),
	FMAPI_U8(head_info, supported_speeds, 0x3),
	FMAPI_U8(head_info, max_link_speed, 0x4),
	FMAPI_U8(head_info, cur_link_speed, 0x5),
	FMAPI_ENUM(head_info, ltssm_state, 0x6, 1, 0, fmapi_enum_ltssm),
	FMAPI_U8(head_info, first_lane, 0x7),
	FMAPI_BITS(head_info, link_flags, 0x8, 1, 0x03),
};

static const struct fmapi_field get_head_info_rsp_f[] = {
	FMAPI_U8(get_head_info_rsp, num_heads, 0x00),		/* [0] */
};

static const struct fmapi_list get_head_info_rsp_l =
	FMAPI_LIST(get_head_info_rsp, heads, 0, 9, head_info_f,
		   struct fmapi_head_info, 0);

static const struct fmapi_layout get_head_info_rsp = {
	FMAPI_FIXED(get_head_info_rsp, 0x04, get_head_info_rsp_f),
	.list = &get_head_info_rsp_l,
};

static const struct fmapi_cmd mld_cmds[] = {
	{ FMAPI_OP_TUNNEL, "tunnel", FMAPI_CF_TUNNEL, &fmapi_tunnel_req_layout,
	  &fmapi_tunnel_rsp_layout },
	{ FMAPI_OP_SEND_LD_CXLIO_CFG, "send_ld_cxlio_cfg", 0, &ld_cfg_req,
	  &fmapi_cfg_rsp_layout },
	{ FMAPI_OP_SEND_LD_CXLIO_MEM, "send_ld_cxlio_mem", 0, &ld_mem_req,
	  &ld_mem_rsp },
	{ FMAPI_OP_GET_LD_INFO, "get_ld_info", 0, NULL, &get_ld_info_rsp },
	{ FMAPI_OP_GET_LD_ALLOC, "get_ld_alloc", 0, &ld_list_req,
	  &get_ld_alloc_rsp },
	{ FMAPI_OP_SET_LD_ALLOC, "set_ld_alloc", 0, &set_ld_alloc,
	  &set_ld_alloc },
	{ FMAPI_OP_GET_QOS_CTRL, "get_qos_ctrl", 0, NULL, &qos_ctrl },
	{ FMAPI_OP_SET_QOS_CTRL, "set_qos_ctrl", 0, &qos_ctrl, &qos_ctrl },
	{ FMAPI_OP_GET_QOS_STATUS, "get_qos_status", 0, NULL,
	  &qos_status_rsp },
	{ FMAPI_OP_GET_QOS_ALLOC_BW, "get_qos_alloc_bw", 0, &qos_bw_req,
	  &qos_bw_list },
	{ FMAPI_OP_SET_QOS_ALLOC_BW, "set_qos_alloc_bw", 0, &qos_bw_list,
	  &qos_bw_list },
	{ FMAPI_OP_GET_QOS_BW_LIMIT, "get_qos_bw_limit", 0, &qos_bw_req,
	  &qos_bw_list },
	{ FMAPI_OP_SET_QOS_BW_LIMIT, "set_qos_bw_limit", 0, &qos_bw_list,
	  &qos_bw_list },
	{ FMAPI_OP_GET_MHD_INFO, "get_mhd_info", 0, &get_mhd_info_req,
	  &get_mhd_info_rsp },
	{ FMAPI_OP_GET_HEAD_INFO, "get_head_info", 0, &get_head_info_req,
	  &get_head_info_rsp },
};

const struct fmapi_cmd_set fmapi_cmds_mld = {
	mld_cmds, ARRAY_SIZE(mld_cmds),
};
