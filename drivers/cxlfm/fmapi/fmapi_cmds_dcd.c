// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * cxlfm FM-API codec: DCD Management command set (0x56xx).
 * Facts: FMAPI-REFERENCE.md §3.7 (CXL r3.2 Tables 7-63..7-72; 0x5606-0x5608
 * from libcxlmi only). All payload sizes are exact.
 */
#include "fmapi_internal.h"

/* 0x5600 Get DCD Info */
static const struct fmapi_field get_dcd_info_rsp_f[] = {
	FMAPI_U8(get_dcd_info_rsp, num_hosts, 0x00),
	FMAPI_U8(get_dcd_info_rsp, num_regions, 0x01),
	FMAPI_U16(get_dcd_info_rsp, add_policies, 0x04),
	FMAPI_U16(get_dcd_info_rsp, release_policies, 0x08),
	FMAPI_U8(get_dcd_info_rsp, sanitize_mask, 0x0a),
	FMAPI_U64(get_dcd_info_rsp, total_capacity, 0x0c),
	FMAPI_NAMED("region0_block_sizes", get_dcd_info_rsp,
		    region_block_sizes[0], 0x14, 8),
	FMAPI_NAMED("region1_block_sizes", get_dcd_info_rsp,
		    region_block_sizes[1], 0x1c, 8),
	FMAPI_NAMED("region2_block_sizes", get_dcd_info_rsp,
		    region_block_sizes[2], 0x24, 8),
	FMAPI_NAMED("region3_block_sizes", get_dcd_info_rsp,
		    region_block_sizes[3], 0x2c, 8),
	FMAPI_NAMED("region4_block_sizes", get_dcd_info_rsp,
		    region_block_sizes[4], 0x34, 8),
	FMAPI_NAMED("region5_block_sizes", get_dcd_info_rsp,
		    region_block_sizes[5], 0x3c, 8),
	FMAPI_NAMED("region6_block_sizes", get_dcd_info_rsp,
		    region_block_sizes[6], 0x44, 8),
	FMAPI_NAMED("region7_block_sizes", get_dcd_info_rsp,
		    region_block_sizes[7], 0x4c, 8),
};

static const struct fmapi_layout get_dcd_info_rsp = {
	FMAPI_FIXED(get_dcd_info_rsp, 0x54, get_dcd_info_rsp_f),
};

/* 0x5601 Get Host DC Region Configuration */
static const struct fmapi_field get_host_dc_region_cfg_req_f[] = {
	FMAPI_U16(get_host_dc_region_cfg_req, host_id, 0x00),
	FMAPI_U8(get_host_dc_region_cfg_req, region_count, 0x02),
	FMAPI_U8(get_host_dc_region_cfg_req, start_region, 0x03),
};

static const struct fmapi_layout get_host_dc_region_cfg_req = {
	FMAPI_FIXED(get_host_dc_region_cfg_req, 0x04,
		    get_host_dc_region_cfg_req_f),
};

static const struct fmapi_field dc_region_f[] = {
	FMAPI_U64(dc_region, base, 0x00),
	FMAPI_U64(dc_region, decode_len, 0x08),
	FMAPI_U64(dc_region, region_len, 0x10),
	FMAPI_U64(dc_region, block_size, 0x18),
	FMAPI_U8(dc_region, flags, 0x20),
	FMAPI_BITS(dc_region, sanitize_on_release, 0x24, 1, 0x01),
};

static const struct fmapi_field get_host_dc_region_cfg_rsp_f[] = {
	FMAPI_U16(get_host_dc_region_cfg_rsp, host_id, 0x00),
	FMAPI_U8(get_host_dc_region_cfg_rsp, num_regions, 0x02),
	FMAPI_U8(get_host_dc_region_cfg_rsp, regions_returned, 0x03), /* [2] */
};

static const struct fmapi_list get_host_dc_region_cfg_rsp_l =
	FMAPI_LIST(get_host_dc_region_cfg_rsp, regions, 2, 0x28, dc_region_f,
		   struct fmapi_dc_region, FMAPI_DC_MAX_REGIONS);

/* four 4-byte totals follow the region list */
static const struct fmapi_field get_host_dc_region_cfg_rsp_tail[] = {
	FMAPI_U32(get_host_dc_region_cfg_rsp, extents_supported, 0x00),
	FMAPI_U32(get_host_dc_region_cfg_rsp, extents_available, 0x04),
	FMAPI_U32(get_host_dc_region_cfg_rsp, tags_supported, 0x08),
	FMAPI_U32(get_host_dc_region_cfg_rsp, tags_available, 0x0c),
};

static const struct fmapi_layout get_host_dc_region_cfg_rsp = {
	FMAPI_FIXED(get_host_dc_region_cfg_rsp, 0x04,
		    get_host_dc_region_cfg_rsp_f),
	.list = &get_host_dc_region_cfg_rsp_l,
	.tail = get_host_dc_region_cfg_rsp_tail,
	.nr_tail = ARRAY_SIZE(get_host_dc_region_cfg_rsp_tail),
	.tail_len = 0x10,
};

/*
 * 0x5602 Set DC Region Configuration. The spec defines the same payload as
 * a response, QEMU returns none: the response is either empty or complete.
 */
static const struct fmapi_field set_dc_region_cfg_f[] = {
	FMAPI_U8(set_dc_region_cfg, region_id, 0x00),
	FMAPI_U64(set_dc_region_cfg, block_size, 0x04),
	FMAPI_BITS(set_dc_region_cfg, sanitize_on_release, 0x0c, 1, 0x01),
};

static const struct fmapi_layout set_dc_region_cfg = {
	FMAPI_FIXED(set_dc_region_cfg, 0x10, set_dc_region_cfg_f),
};

static const struct fmapi_layout set_dc_region_cfg_rsp = {
	FMAPI_FIXED(set_dc_region_cfg, 0x10, set_dc_region_cfg_f),
	.flags = FMAPI_LF_OPTIONAL,
};

/* 0x5603 Get DC Region Extent Lists */
static const struct fmapi_field get_dc_extents_req_f[] = {
	FMAPI_U16(get_dc_extents_req, host_id, 0x00),
	FMAPI_U32(get_dc_extents_req, extent_count, 0x04),
	FMAPI_U32(get_dc_extents_req, start_index, 0x08),
};

static const struct fmapi_layout get_dc_extents_req = {
	FMAPI_FIXED(get_dc_extents_req, 0x0c, get_dc_extents_req_f),
};

static const struct fmapi_field dc_extent_f[] = {
	FMAPI_U64(dc_extent, dpa, 0x00),
	FMAPI_U64(dc_extent, length, 0x08),
	FMAPI_BYTES(dc_extent, tag, 0x10, 16),
	FMAPI_U16(dc_extent, shared_seq, 0x20),
};

#define FMAPI_DC_EXTENT_SIZE	0x28

static const struct fmapi_field get_dc_extents_rsp_f[] = {
	FMAPI_U16(get_dc_extents_rsp, host_id, 0x00),
	FMAPI_U32(get_dc_extents_rsp, start_index, 0x04),
	FMAPI_U32(get_dc_extents_rsp, extents_returned, 0x08),	/* [2] */
	FMAPI_U32(get_dc_extents_rsp, total_extents, 0x0c),
	FMAPI_U32(get_dc_extents_rsp, generation, 0x10),
};

static const struct fmapi_list get_dc_extents_rsp_l =
	FMAPI_LIST(get_dc_extents_rsp, extents, 2, FMAPI_DC_EXTENT_SIZE,
		   dc_extent_f, struct fmapi_dc_extent, 0);

static const struct fmapi_layout get_dc_extents_rsp = {
	FMAPI_FIXED(get_dc_extents_rsp, 0x18, get_dc_extents_rsp_f),
	.list = &get_dc_extents_rsp_l,
};

/* 0x5604 Initiate Dynamic Capacity Add */
static const struct fmapi_enum_val add_policy_vals[] = {
	{ FMAPI_DC_ADD_FREE, "free" },
	{ FMAPI_DC_ADD_CONTIGUOUS, "contiguous" },
	{ FMAPI_DC_ADD_PRESCRIPTIVE, "prescriptive" },
	{ FMAPI_DC_ADD_SHARED, "enable_shared_access" },
};

static const struct fmapi_enum add_policy_enum = {
	"dc_add_policy", ARRAY_SIZE(add_policy_vals), add_policy_vals,
};

static const struct fmapi_field dc_add_req_f[] = {
	FMAPI_U16(dc_add_req, host_id, 0x00),
	FMAPI_CHECKED(dc_add_req, policy, 0x02, 1, 0x0f, add_policy_enum),
	FMAPI_U8(dc_add_req, region, 0x03),
	FMAPI_U64(dc_add_req, length, 0x04),
	FMAPI_BYTES(dc_add_req, tag, 0x0c, 16),
	FMAPI_U32(dc_add_req, extent_count, 0x1c),		/* [5] */
};

static const struct fmapi_list dc_add_req_l =
	FMAPI_LIST(dc_add_req, extents, 5, FMAPI_DC_EXTENT_SIZE, dc_extent_f,
		   struct fmapi_dc_extent, 0);

static const struct fmapi_layout dc_add_req = {
	FMAPI_FIXED(dc_add_req, 0x20, dc_add_req_f),
	.list = &dc_add_req_l,
};

/* 0x5605 Initiate Dynamic Capacity Release */
static const struct fmapi_enum_val release_policy_vals[] = {
	{ FMAPI_DC_RELEASE_TAG, "tag_based" },
	{ FMAPI_DC_RELEASE_PRESCRIPTIVE, "prescriptive" },
};

static const struct fmapi_enum release_policy_enum = {
	"dc_release_policy", ARRAY_SIZE(release_policy_vals),
	release_policy_vals,
};

static const struct fmapi_field dc_release_req_f[] = {
	FMAPI_U16(dc_release_req, host_id, 0x00),
	FMAPI_CHECKED(dc_release_req, policy, 0x02, 1, 0x0f,
		      release_policy_enum),
	FMAPI_BITS(dc_release_req, forced, 0x02, 1, 0x10),
	FMAPI_BITS(dc_release_req, sanitize, 0x02, 1, 0x20),
	FMAPI_U64(dc_release_req, length, 0x04),
	FMAPI_BYTES(dc_release_req, tag, 0x0c, 16),
	FMAPI_U32(dc_release_req, extent_count, 0x1c),		/* [6] */
};

static const struct fmapi_list dc_release_req_l =
	FMAPI_LIST(dc_release_req, extents, 6, FMAPI_DC_EXTENT_SIZE,
		   dc_extent_f, struct fmapi_dc_extent, 0);

static const struct fmapi_layout dc_release_req = {
	FMAPI_FIXED(dc_release_req, 0x20, dc_release_req_f),
	.list = &dc_release_req_l,
};

/* 0x5606 / 0x5607 DC Add / Remove Reference */
static const struct fmapi_field dc_tag_f[] = {
	FMAPI_BYTES(dc_tag, tag, 0x00, 16),
};

static const struct fmapi_layout dc_tag = {
	FMAPI_FIXED(dc_tag, 0x10, dc_tag_f),
};

/* 0x5608 DC List Tags */
static const struct fmapi_field dc_list_tags_req_f[] = {
	FMAPI_U32(dc_list_tags_req, start_index, 0x00),
	FMAPI_U32(dc_list_tags_req, tag_count, 0x04),
};

static const struct fmapi_layout dc_list_tags_req = {
	FMAPI_FIXED(dc_list_tags_req, 0x08, dc_list_tags_req_f),
};

static const struct fmapi_field dc_tag_entry_f[] = {
	FMAPI_BYTES(dc_tag_entry, tag, 0x00, 16),
	FMAPI_U8(dc_tag_entry, flags, 0x10),
	FMAPI_BYTES(dc_tag_entry, ref_bitmap, 0x14, 32),
	FMAPI_BYTES(dc_tag_entry, pending_bitmap, 0x34, 32),
};

static const struct fmapi_field dc_list_tags_rsp_f[] = {
	FMAPI_U32(dc_list_tags_rsp, generation, 0x00),
	FMAPI_U32(dc_list_tags_rsp, total_tags, 0x04),
	FMAPI_U32(dc_list_tags_rsp, tags_returned, 0x08),	/* [2] */
	FMAPI_U8(dc_list_tags_rsp, validity, 0x0c),
};

static const struct fmapi_list dc_list_tags_rsp_l =
	FMAPI_LIST(dc_list_tags_rsp, tags, 2, 0x54, dc_tag_entry_f,
		   struct fmapi_dc_tag_entry, 0);

static const struct fmapi_layout dc_list_tags_rsp = {
	FMAPI_FIXED(dc_list_tags_rsp, 0x10, dc_list_tags_rsp_f),
	.list = &dc_list_tags_rsp_l,
};

static const struct fmapi_cmd dcd_cmds[] = {
	{ FMAPI_OP_GET_DCD_INFO, "get_dcd_info", 0, NULL, &get_dcd_info_rsp },
	{ FMAPI_OP_GET_HOST_DC_REGION_CFG, "get_host_dc_region_cfg", 0,
	  &get_host_dc_region_cfg_req, &get_host_dc_region_cfg_rsp },
	{ FMAPI_OP_SET_DC_REGION_CFG, "set_dc_region_cfg", 0,
	  &set_dc_region_cfg, &set_dc_region_cfg_rsp },
	{ FMAPI_OP_GET_DC_REGION_EXTENTS, "get_dc_region_extents", 0,
	  &get_dc_extents_req, &get_dc_extents_rsp },
	{ FMAPI_OP_INITIATE_DC_ADD, "initiate_dc_add", 0, &dc_add_req, NULL },
	{ FMAPI_OP_INITIATE_DC_RELEASE, "initiate_dc_release", 0,
	  &dc_release_req, NULL },
	{ FMAPI_OP_DC_ADD_REFERENCE, "dc_add_reference", 0, &dc_tag, NULL },
	{ FMAPI_OP_DC_REMOVE_REFERENCE, "dc_remove_reference", 0, &dc_tag,
	  NULL },
	{ FMAPI_OP_DC_LIST_TAGS, "dc_list_tags", 0, &dc_list_tags_req,
	  &dc_list_tags_rsp },
};

const struct fmapi_cmd_set fmapi_cmds_dcd = {
	dcd_cmds, ARRAY_SIZE(dcd_cmds),
};
