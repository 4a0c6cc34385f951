// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * cxlfm FM-API codec: Physical Switch (0x51xx) and Virtual Switch (0x52xx)
 * command sets. Facts: FMAPI-REFERENCE.md §3.3, §3.4 (CXL r3.2 §7.6.7).
 *
 * All payload sizes are exact except Identify Switch Device's response.
 * Enumerations in responses are named but not enforced (a newer device may
 * report values a newer spec added); enumerations in requests are enforced.
 */
#include "fmapi_internal.h"

static const struct fmapi_field u8_port_id[] = { FMAPI_SCALAR_U8("port_id") };
static const struct fmapi_field u8_vcs_id[] = { FMAPI_SCALAR_U8("vcs_id") };

/* 0x5100 Identify Switch Device: CXL r3.2 Table 7-16 */
static const struct fmapi_field identify_switch_rsp_f[] = {
	FMAPI_U8(identify_switch_rsp, ingress_port_id, 0x00),
	FMAPI_U8(identify_switch_rsp, num_phys_ports, 0x02),
	FMAPI_U8(identify_switch_rsp, num_vcs, 0x03),
	FMAPI_BYTES(identify_switch_rsp, active_ports, 0x04,
		    FMAPI_BITMAP_256_LEN),
	FMAPI_BYTES(identify_switch_rsp, active_vcs, 0x24,
		    FMAPI_BITMAP_256_LEN),
	FMAPI_U16(identify_switch_rsp, num_vppbs, 0x44),
	FMAPI_U16(identify_switch_rsp, num_bound_vppbs, 0x46),
	FMAPI_U8(identify_switch_rsp, num_hdm_decoders, 0x48),
};

static const struct fmapi_layout identify_switch_rsp = {
	FMAPI_FIXED(identify_switch_rsp, 0x49, identify_switch_rsp_f),
	.flags = FMAPI_LF_EXTENSIBLE,
};

/* 0x5101 Get Physical Port State: CXL r3.2 §7.6.7, enums Table 7-19 */
static const struct fmapi_field get_phys_port_state_req_f[] = {
	FMAPI_U8(get_phys_port_state_req, num_ports, 0x00),	/* [0] */
};

static const struct fmapi_list get_phys_port_state_req_l =
	FMAPI_LIST(get_phys_port_state_req, port_ids, 0, 1, u8_port_id, u8, 0);

static const struct fmapi_layout get_phys_port_state_req = {
	FMAPI_FIXED(get_phys_port_state_req, 0x01, get_phys_port_state_req_f),
	.list = &get_phys_port_state_req_l,
};

static const struct fmapi_field port_info_f[] = {
	FMAPI_U8(port_info, port_id, 0x0),
	FMAPI_ENUM(port_info, config_state, 0x1, 1, 0x0f,
		   fmapi_enum_port_config_state),
	FMAPI_BITS(port_info, gae_support, 0x1, 1, 0x10),
	FMAPI_ENUM(port_info, conn_dev_mode, 0x2, 1, 0x0f,
		   fmapi_enum_conn_dev_mode),
	FMAPI_ENUM(port_info, conn_dev_type, 0x4, 1, 0,
		   fmapi_enum_conn_dev_type),
	FMAPI_U8(port_info, supported_cxl_modes, 0x5),
	FMAPI_BITS(port_info, max_link_width, 0x6, 1, 0x3f),
	FMAPI_BITS(port_info, neg_link_width, 0x7, 1, 0x3f),
	FMAPI_BITS(port_info, supported_speeds, 0x8, 1, 0x3f),
	FMAPI_BITS(port_info, max_link_speed, 0x9, 1, 0x3f),
	FMAPI_BITS(port_info, cur_link_speed, 0xa, 1, 0x3f),
	FMAPI_ENUM(port_info, ltssm_state, 0xb, 1, 0, fmapi_enum_ltssm),
	FMAPI_U8(port_info, first_lane, 0xc),
	FMAPI_BITS(port_info, link_flags, 0xd, 2, FMAPI_LINK_FLAGS_MASK),
	FMAPI_U8(port_info, supported_ld_count, 0xf),
};

static const struct fmapi_field get_phys_port_state_rsp_f[] = {
	FMAPI_U8(get_phys_port_state_rsp, num_ports, 0x00),	/* [0] */
};

static const struct fmapi_list get_phys_port_state_rsp_l =
	FMAPI_LIST(get_phys_port_state_rsp, ports, 0, FMAPI_PORT_INFO_SIZE,
		   port_info_f, struct fmapi_port_info, 0);

static const struct fmapi_layout get_phys_port_state_rsp = {
	FMAPI_FIXED(get_phys_port_state_rsp, 0x04, get_phys_port_state_rsp_f),
	.list = &get_phys_port_state_rsp_l,
};

/* 0x5102 Physical Port Control: CXL r3.2 Table 7-20 */
static const struct fmapi_enum_val port_op_vals[] = {
	{ FMAPI_PORT_OP_ASSERT_PERST, "assert_perst" },
	{ FMAPI_PORT_OP_DEASSERT_PERST, "deassert_perst" },
	{ FMAPI_PORT_OP_RESET_PPB, "reset_ppb" },
};

static const struct fmapi_enum port_op_enum = {
	"port_op", ARRAY_SIZE(port_op_vals), port_op_vals,
};

static const struct fmapi_field phys_port_control_req_f[] = {
	FMAPI_U8(phys_port_control_req, ppb_id, 0x00),
	FMAPI_CHECKED(phys_port_control_req, port_op, 0x01, 1, 0,
		      port_op_enum),
};

static const struct fmapi_layout phys_port_control_req = {
	FMAPI_FIXED(phys_port_control_req, 0x02, phys_port_control_req_f),
};

/*
 * 0x5103 Send PPB CXL.io Configuration Request: CXL r3.2 Tables 7-21/7-22.
 * Bytes 1-3: [7:0] register, [11:8] extended register, [15:12] first DW
 * byte enables, [23] write.
 */
static const struct fmapi_field ppb_cfg_req_f[] = {
	FMAPI_U8(ppb_cfg_req, ppb_id, 0x00),
	FMAPI_U8(ppb_cfg_req, reg_num, 0x01),
	FMAPI_BITS(ppb_cfg_req, ext_reg_num, 0x02, 1, 0x0f),
	FMAPI_BITS(ppb_cfg_req, first_be, 0x02, 1, 0xf0),
	FMAPI_BITS(ppb_cfg_req, write, 0x03, 1, 0x80),
	FMAPI_U32(ppb_cfg_req, write_data, 0x04),
};

static const struct fmapi_layout ppb_cfg_req = {
	FMAPI_FIXED(ppb_cfg_req, 0x08, ppb_cfg_req_f),
};

static const struct fmapi_field cfg_rsp_f[] = {
	FMAPI_U32(cfg_rsp, read_data, 0x00),
};

/* also used by 0x5301 */
const struct fmapi_layout fmapi_cfg_rsp_layout = {
	FMAPI_FIXED(cfg_rsp, 0x04, cfg_rsp_f),
};

/* 0x5104-0x5107 Domain Validation secret value: CXL r3.2 Tables 7-23..7-28 */
static const struct fmapi_field dv_sv_state_f[] = {
	FMAPI_U8(dv_sv_state, state, 0x00),
};

static const struct fmapi_layout dv_sv_state = {
	FMAPI_FIXED(dv_sv_state, 0x01, dv_sv_state_f),
};

static const struct fmapi_field dv_sv_f[] = {
	FMAPI_BYTES(dv_sv, secret, 0x00, 16),
};

static const struct fmapi_layout dv_sv = {
	FMAPI_FIXED(dv_sv, 0x10, dv_sv_f),
};

static const struct fmapi_field vcs_id_f[] = {
	FMAPI_U8(vcs_id, vcs_id, 0x00),
};

static const struct fmapi_layout vcs_id = {
	FMAPI_FIXED(vcs_id, 0x01, vcs_id_f),
};

/* 0x5200 Get Virtual CXL Switch Info: CXL r3.2 Tables 7-30..7-32 */
static const struct fmapi_field get_vcs_info_req_f[] = {
	FMAPI_U8(get_vcs_info_req, start_vppb, 0x00),
	FMAPI_U8(get_vcs_info_req, vppb_limit, 0x01),
	FMAPI_U8(get_vcs_info_req, num_vcs, 0x02),		/* [2] */
};

static const struct fmapi_list get_vcs_info_req_l =
	FMAPI_LIST(get_vcs_info_req, vcs_ids, 2, 1, u8_vcs_id, u8, 0);

static const struct fmapi_layout get_vcs_info_req = {
	FMAPI_FIXED(get_vcs_info_req, 0x03, get_vcs_info_req_f),
	.list = &get_vcs_info_req_l,
};

static const struct fmapi_field get_vcs_info_rsp_f[] = {
	FMAPI_U8(get_vcs_info_rsp, num_vcs, 0x00),		/* [0] */
};

/* VCS block header; the block's vPPB entries follow it */
static const struct fmapi_field vcs_info_f[] = {
	FMAPI_U8(vcs_info, vcs_id, 0x0),
	FMAPI_ENUM(vcs_info, vcs_state, 0x1, 1, 0, fmapi_enum_vcs_state),
	FMAPI_U8(vcs_info, usp_id, 0x2),
	FMAPI_U8(vcs_info, num_vppbs, 0x3),
};

/* Bytes 1-2 are port/LD IDs, or for status 4 a 12-bit PID (alias) */
static const struct fmapi_field vppb_info_f[] = {
	FMAPI_ENUM(vppb_info, binding_status, 0x0, 1, 0,
		   fmapi_enum_vppb_status),
	FMAPI_U8(vppb_info, bound_port_id, 0x1),
	FMAPI_U8(vppb_info, bound_ld_id, 0x2),
	FMAPI_ALIAS(vppb_info, bound_pid, 0x1, 2, 0x0fff),
};

const struct fmapi_field *const fmapi_vppb_info_fields = vppb_info_f;
const unsigned int fmapi_nr_vppb_info_fields = ARRAY_SIZE(vppb_info_f);

/* Describes the blocks' headers; the walker below adds the vPPB entries. */
static const struct fmapi_list get_vcs_info_rsp_l =
	FMAPI_LIST(get_vcs_info_rsp, vcs, 0, FMAPI_VCS_BLOCK_HDR_SIZE,
		   vcs_info_f, struct fmapi_vcs_info, 0);

static const struct fmapi_layout get_vcs_info_rsp = {
	FMAPI_FIXED(get_vcs_info_rsp, 0x04, get_vcs_info_rsp_f),
	.list = &get_vcs_info_rsp_l,
	.ops = &fmapi_vcs_info_rsp_ops,
};

/* Entries per block: min(limit, num_vppbs - start), 0 if start is past. */
static u32 vcs_block_entries(const struct fmapi_get_vcs_info_rsp *r,
			     u8 num_vppbs)
{
	u32 avail;

	if (r->start_vppb >= num_vppbs)
		return 0;
	avail = num_vppbs - r->start_vppb;
	return avail < r->vppb_limit ? avail : r->vppb_limit;
}

static int vcs_info_rsp_decode(const struct fmapi_layout *l, const u8 *buf,
			       size_t len, void *s, struct fmapi_diag *d)
{
	struct fmapi_get_vcs_info_rsp *r = s;
	size_t at = l->fixed_len;
	u32 i, j, nr = 0;
	int ret;

	if (!r || (len && !buf))
		return fmapi_fail(d, FMAPI_ERR_ARGS, NULL, 0);
	if (len < l->fixed_len)
		return fmapi_fail(d, FMAPI_ERR_SHORT, NULL, len);
	ret = fmapi_fields_decode(l->fields, l->nr_fields, buf, len, r, d, 0);
	if (ret)
		return ret;
	/* per block: truncation first, then capacity (as the generic engine) */
	for (i = 0; i < r->num_vcs; i++) {
		struct fmapi_vcs_info v;
		u32 n;

		if (len - at < FMAPI_VCS_BLOCK_HDR_SIZE)
			return fmapi_fail(d, FMAPI_ERR_LIST_TRUNC, "vcs", at);
		ret = fmapi_fields_decode(vcs_info_f, ARRAY_SIZE(vcs_info_f),
					  buf + at, FMAPI_VCS_BLOCK_HDR_SIZE,
					  &v, d, at);
		if (ret)
			return ret;
		n = vcs_block_entries(r, v.num_vppbs);
		if (len - at - FMAPI_VCS_BLOCK_HDR_SIZE <
		    (size_t)n * FMAPI_VPPB_INFO_SIZE)
			return fmapi_fail(d, FMAPI_ERR_LIST_TRUNC, "vppbs",
					  at + FMAPI_VCS_BLOCK_HDR_SIZE);
		if (i >= r->vcs_cap)
			return fmapi_fail(d, FMAPI_ERR_LIST_CAP, "vcs", at);
		if (!r->vcs)
			return fmapi_fail(d, FMAPI_ERR_ARGS, "vcs", at);
		at += FMAPI_VCS_BLOCK_HDR_SIZE;
		if (n > r->vppbs_cap - nr)
			return fmapi_fail(d, FMAPI_ERR_LIST_CAP, "vppbs", at);
		if (n && !r->vppbs)
			return fmapi_fail(d, FMAPI_ERR_ARGS, "vppbs", at);
		v.vppb_first = nr;
		v.nr_vppb_entries = n;
		r->vcs[i] = v;
		for (j = 0; j < n; j++, nr++, at += FMAPI_VPPB_INFO_SIZE) {
			ret = fmapi_fields_decode(vppb_info_f,
						  ARRAY_SIZE(vppb_info_f),
						  buf + at,
						  FMAPI_VPPB_INFO_SIZE,
						  &r->vppbs[nr], d, at);
			if (ret)
				return ret;
		}
	}
	r->nr_vppbs = nr;
	if (len > at)
		return fmapi_fail(d, FMAPI_ERR_TRAILING, NULL, at);
	return 0;
}

/* With @buf NULL only computes the length (fmapi_encoded_len()). */
static int vcs_info_rsp_encode(const struct fmapi_layout *l, const void *s,
			       u8 *buf, size_t bufsz, struct fmapi_diag *d)
{
	const struct fmapi_get_vcs_info_rsp *r = s;
	size_t total = l->fixed_len, at;
	u32 i, j;
	int ret;

	if (r->num_vcs && !r->vcs)
		return fmapi_fail(d, FMAPI_ERR_ARGS, "vcs", total);
	for (i = 0; i < r->num_vcs; i++) {
		const struct fmapi_vcs_info *v = &r->vcs[i];
		u32 n = vcs_block_entries(r, v->num_vppbs);

		if (v->nr_vppb_entries != n)
			return fmapi_fail(d, FMAPI_ERR_RANGE,
					  "nr_vppb_entries", total);
		if (n && (!r->vppbs || v->vppb_first > r->nr_vppbs ||
			  n > r->nr_vppbs - v->vppb_first))
			return fmapi_fail(d, FMAPI_ERR_ARGS, "vppbs", total);
		total += FMAPI_VCS_BLOCK_HDR_SIZE + n * FMAPI_VPPB_INFO_SIZE;
	}
	if (!buf)
		return (int)total;
	if (total > bufsz)
		return fmapi_fail(d, FMAPI_ERR_NOSPACE, NULL, bufsz);

	memset(buf, 0, total);
	ret = fmapi_fields_encode(l->fields, l->nr_fields, r, buf, d, 0);
	if (ret)
		return ret;
	at = l->fixed_len;
	for (i = 0; i < r->num_vcs; i++) {
		const struct fmapi_vcs_info *v = &r->vcs[i];

		ret = fmapi_fields_encode(vcs_info_f, ARRAY_SIZE(vcs_info_f), v,
					  buf + at, d, at);
		if (ret)
			return ret;
		at += FMAPI_VCS_BLOCK_HDR_SIZE;
		for (j = 0; j < v->nr_vppb_entries; j++) {
			ret = fmapi_fields_encode(vppb_info_f,
						  ARRAY_SIZE(vppb_info_f),
						  &r->vppbs[v->vppb_first + j],
						  buf + at, d, at);
			if (ret)
				return ret;
			at += FMAPI_VPPB_INFO_SIZE;
		}
	}
	return (int)total;
}

const struct fmapi_layout_ops fmapi_vcs_info_rsp_ops = {
	.encode = vcs_info_rsp_encode,
	.decode = vcs_info_rsp_decode,
};

/* 0x5201 Bind vPPB: CXL r3.2 §7.6.7 (reference §3.4). Background. */
static const struct fmapi_field bind_vppb_req_f[] = {
	FMAPI_U8(bind_vppb_req, vcs_id, 0x00),
	FMAPI_U8(bind_vppb_req, vppb_id, 0x01),
	FMAPI_U8(bind_vppb_req, port_id, 0x02),
	FMAPI_U16(bind_vppb_req, ld_id, 0x04),
};

static const struct fmapi_layout bind_vppb_req = {
	FMAPI_FIXED(bind_vppb_req, 0x06, bind_vppb_req_f),
};

/* 0x5202 Unbind vPPB (reference §3.4). Background. */
static const struct fmapi_enum_val unbind_vals[] = {
	{ FMAPI_UNBIND_WAIT_LINK_DOWN, "wait_link_down" },
	{ FMAPI_UNBIND_MANAGED_HOT_REMOVE, "managed_hot_remove" },
	{ FMAPI_UNBIND_SURPRISE_HOT_REMOVE, "surprise_hot_remove" },
};

static const struct fmapi_enum unbind_enum = {
	"unbind_option", ARRAY_SIZE(unbind_vals), unbind_vals,
};

static const struct fmapi_field unbind_vppb_req_f[] = {
	FMAPI_U8(unbind_vppb_req, vcs_id, 0x00),
	FMAPI_U8(unbind_vppb_req, vppb_id, 0x01),
	FMAPI_CHECKED(unbind_vppb_req, option, 0x02, 1, 0x0f, unbind_enum),
};

static const struct fmapi_layout unbind_vppb_req = {
	FMAPI_FIXED(unbind_vppb_req, 0x03, unbind_vppb_req_f),
};

/* 0x5203 Generate AER Event: CXL r3.2 Table 7-35 */
static const struct fmapi_field gen_aer_event_req_f[] = {
	FMAPI_U8(gen_aer_event_req, vcs_id, 0x00),
	FMAPI_U8(gen_aer_event_req, vppb_instance, 0x01),
	FMAPI_BITS(gen_aer_event_req, error_bit, 0x04, 4, 0x0000001f),
	FMAPI_BITS(gen_aer_event_req, uncorrectable, 0x04, 4, 0x80000000),
	FMAPI_BYTES(gen_aer_event_req, tlp_header, 0x08, 32),
};

static const struct fmapi_layout gen_aer_event_req = {
	FMAPI_FIXED(gen_aer_event_req, 0x28, gen_aer_event_req_f),
};

static const struct fmapi_cmd switch_cmds[] = {
	{ FMAPI_OP_IDENTIFY_SWITCH, "identify_switch", 0, NULL,
	  &identify_switch_rsp },
	{ FMAPI_OP_GET_PHYS_PORT_STATE, "get_phys_port_state", 0,
	  &get_phys_port_state_req, &get_phys_port_state_rsp },
	{ FMAPI_OP_PHYS_PORT_CONTROL, "phys_port_control", 0,
	  &phys_port_control_req, NULL },
	{ FMAPI_OP_SEND_PPB_CXLIO_CFG, "send_ppb_cxlio_cfg", 0, &ppb_cfg_req,
	  &fmapi_cfg_rsp_layout },
	{ FMAPI_OP_GET_DV_SV_STATE, "get_dv_sv_state", 0, NULL, &dv_sv_state },
	{ FMAPI_OP_SET_DV_SV, "set_dv_sv", 0, &dv_sv, NULL },
	{ FMAPI_OP_GET_VCS_DV_SV_STATE, "get_vcs_dv_sv_state", 0, &vcs_id,
	  &dv_sv_state },
	{ FMAPI_OP_GET_DV_SV, "get_dv_sv", 0, &vcs_id, &dv_sv },
	{ FMAPI_OP_GET_VCS_INFO, "get_vcs_info", 0, &get_vcs_info_req,
	  &get_vcs_info_rsp },
	{ FMAPI_OP_BIND_VPPB, "bind_vppb", FMAPI_CF_BG, &bind_vppb_req, NULL },
	{ FMAPI_OP_UNBIND_VPPB, "unbind_vppb", FMAPI_CF_BG, &unbind_vppb_req,
	  NULL },
	{ FMAPI_OP_GEN_AER_EVENT, "gen_aer_event", 0, &gen_aer_event_req,
	  NULL },
};

const struct fmapi_cmd_set fmapi_cmds_switch = {
	switch_cmds, ARRAY_SIZE(switch_cmds),
};
