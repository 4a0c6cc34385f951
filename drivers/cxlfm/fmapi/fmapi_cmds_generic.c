// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * cxlfm FM-API codec: generic component commands (0x00xx-0x05xx) as
 * relevant to a switch CCI. Facts: FMAPI-REFERENCE.md §2.
 *
 * Payload sizes are exact (trailing bytes refused) unless marked
 * FMAPI_LF_EXTENSIBLE, which only Identify uses (it grew in r3.0).
 */
#include "fmapi_internal.h"

static const struct fmapi_enum_val msg_limit_vals[] = {
	{ 8, "256" }, { 9, "512" }, { 10, "1024" },
};

static const struct fmapi_enum msg_limit_enum = {
	"msg_limit", ARRAY_SIZE(msg_limit_vals), msg_limit_vals,
};

static const struct fmapi_enum_val int_mode_vals[] = {
	{ FMAPI_INT_MODE_NONE, "none" },
	{ FMAPI_INT_MODE_MSI, "msi" },
	{ FMAPI_INT_MODE_FW, "fw" },
};

static const struct fmapi_enum int_mode_enum = {
	"int_mode", ARRAY_SIZE(int_mode_vals), int_mode_vals,
};

static const struct fmapi_enum_val fw_xfer_vals[] = {
	{ FMAPI_FW_XFER_FULL, "full" },
	{ FMAPI_FW_XFER_INITIATE, "initiate" },
	{ FMAPI_FW_XFER_CONTINUE, "continue" },
	{ FMAPI_FW_XFER_END, "end" },
	{ FMAPI_FW_XFER_ABORT, "abort" },
};

static const struct fmapi_enum fw_xfer_enum = {
	"fw_transfer_action", ARRAY_SIZE(fw_xfer_vals), fw_xfer_vals,
};

static const struct fmapi_enum_val fw_act_vals[] = {
	{ 0, "online" }, { 1, "cold_reset" },
};

static const struct fmapi_enum fw_act_enum = {
	"fw_activate_action", ARRAY_SIZE(fw_act_vals), fw_act_vals,
};

static const struct fmapi_enum_val feat_sel_vals[] = {
	{ 0, "current" }, { 1, "default" }, { 2, "saved" },
};

static const struct fmapi_enum feat_sel_enum = {
	"feature_selection", ARRAY_SIZE(feat_sel_vals), feat_sel_vals,
};

/* Set Feature uses the same 0..4 transfer actions as Transfer FW */
static const struct fmapi_enum_val feat_xfer_vals[] = {
	{ 0, "full" }, { 1, "initiate" }, { 2, "continue" },
	{ 3, "finish" }, { 4, "abort" },
};

static const struct fmapi_enum feat_xfer_enum = {
	"feature_transfer", ARRAY_SIZE(feat_xfer_vals), feat_xfer_vals,
};

/* Element tables shared by several lists */
static const struct fmapi_field u8_elem[] = { FMAPI_SCALAR_U8("byte") };
static const struct fmapi_field u16_elem[] = { FMAPI_SCALAR_U16("handle") };

/* 0x0001 Identify: CXL r3.1 Table 8-38 (reference §2.2) */
static const struct fmapi_field identify_rsp_f[] = {
	FMAPI_U16(identify_rsp, vendor_id, 0x00),
	FMAPI_U16(identify_rsp, device_id, 0x02),
	FMAPI_U16(identify_rsp, subsys_vendor_id, 0x04),
	FMAPI_U16(identify_rsp, subsys_id, 0x06),
	FMAPI_U64(identify_rsp, serial_num, 0x08),
	FMAPI_U8(identify_rsp, max_msg_size, 0x10),
	FMAPI_U8(identify_rsp, component_type, 0x11),
};

static const struct fmapi_layout identify_rsp = {
	FMAPI_FIXED(identify_rsp, 0x12, identify_rsp_f),
	.flags = FMAPI_LF_EXTENSIBLE,
};

/* 0x0002 Background Operation Status: CXL r3.1 Table 8-39 (§2.2) */
static const struct fmapi_field bg_op_status_rsp_f[] = {
	FMAPI_BITS(bg_op_status_rsp, running, 0x00, 1, 0x01),
	FMAPI_BITS(bg_op_status_rsp, percent, 0x00, 1, 0xfe),
	FMAPI_U16(bg_op_status_rsp, opcode, 0x02),
	FMAPI_U16(bg_op_status_rsp, return_code, 0x04),
	FMAPI_U16(bg_op_status_rsp, vendor_status, 0x06),
};

static const struct fmapi_layout bg_op_status_rsp = {
	FMAPI_FIXED(bg_op_status_rsp, 0x08, bg_op_status_rsp_f),
};

/* 0x0003 / 0x0004 Get / Set Response Message Limit: r3.1 Tables 8-40..8-42 */
static const struct fmapi_field msg_limit_f[] = {
	FMAPI_U8(msg_limit, limit, 0x00),
};

static const struct fmapi_layout msg_limit = {
	FMAPI_FIXED(msg_limit, 0x01, msg_limit_f),
};

static const struct fmapi_field msg_limit_req_f[] = {
	FMAPI_CHECKED(msg_limit, limit, 0x00, 1, 0, msg_limit_enum),
};

static const struct fmapi_layout msg_limit_req = {
	FMAPI_FIXED(msg_limit, 0x01, msg_limit_req_f),
};

/* 0x0100 Get Event Records: CXL r3.1 §8.2.9.2.2 (reference §2.3) */
static const struct fmapi_field get_event_records_req_f[] = {
	FMAPI_CHECKED(get_event_records_req, log, 0x00, 1, 0,
		      fmapi_enum_event_log),
};

static const struct fmapi_layout get_event_records_req = {
	FMAPI_FIXED(get_event_records_req, 0x01, get_event_records_req_f),
};

static const struct fmapi_field event_rec_f[] = {
	FMAPI_BYTES(event_rec, raw, 0x00, FMAPI_EVENT_RECORD_SIZE),
};

static const struct fmapi_field get_event_records_rsp_f[] = {
	FMAPI_BITS(get_event_records_rsp, overflow, 0x00, 1, 0x01),
	FMAPI_BITS(get_event_records_rsp, more_records, 0x00, 1, 0x02),
	FMAPI_U16(get_event_records_rsp, overflow_err_count, 0x02),
	FMAPI_U64(get_event_records_rsp, first_overflow_ts, 0x04),
	FMAPI_U64(get_event_records_rsp, last_overflow_ts, 0x0c),
	FMAPI_U16(get_event_records_rsp, nr_records, 0x14),	/* [5] */
};

static const struct fmapi_list get_event_records_rsp_l =
	FMAPI_LIST(get_event_records_rsp, records, 5, FMAPI_EVENT_RECORD_SIZE,
		   event_rec_f, struct fmapi_event_rec, 0);

static const struct fmapi_layout get_event_records_rsp = {
	FMAPI_FIXED(get_event_records_rsp, 0x20, get_event_records_rsp_f),
	.list = &get_event_records_rsp_l,
};

/* 0x0101 Clear Event Records: CXL r3.1 Table 8-54 (reference §2.3) */
static const struct fmapi_field clear_event_records_req_f[] = {
	FMAPI_CHECKED(clear_event_records_req, log, 0x00, 1, 0,
		      fmapi_enum_event_log),
	FMAPI_BITS(clear_event_records_req, clear_all, 0x01, 1, 0x01),
	FMAPI_U8(clear_event_records_req, nr_handles, 0x02),	/* [2] */
};

static const struct fmapi_list clear_event_records_req_l =
	FMAPI_LIST(clear_event_records_req, handles, 2, 2, u16_elem, u16, 0);

static const struct fmapi_layout clear_event_records_req = {
	FMAPI_FIXED(clear_event_records_req, 0x06, clear_event_records_req_f),
	.list = &clear_event_records_req_l,
};

/*
 * 0x0102 / 0x0103 Get / Set Event Interrupt Policy: CXL r3.1 Tables
 * 8-55/8-56. Byte 4 (DC log) is optional: min_len 4.
 */
static const struct fmapi_field event_int_policy_f[] = {
	FMAPI_CHECKED(event_int_policy, info_mode, 0x00, 1, 0x03,
		      int_mode_enum),
	FMAPI_BITS(event_int_policy, info_msgnum, 0x00, 1, 0xf0),
	FMAPI_CHECKED(event_int_policy, warn_mode, 0x01, 1, 0x03,
		      int_mode_enum),
	FMAPI_BITS(event_int_policy, warn_msgnum, 0x01, 1, 0xf0),
	FMAPI_CHECKED(event_int_policy, fail_mode, 0x02, 1, 0x03,
		      int_mode_enum),
	FMAPI_BITS(event_int_policy, fail_msgnum, 0x02, 1, 0xf0),
	FMAPI_CHECKED(event_int_policy, fatal_mode, 0x03, 1, 0x03,
		      int_mode_enum),
	FMAPI_BITS(event_int_policy, fatal_msgnum, 0x03, 1, 0xf0),
	FMAPI_CHECKED(event_int_policy, dcd_mode, 0x04, 1, 0x03,
		      int_mode_enum),
	FMAPI_BITS(event_int_policy, dcd_msgnum, 0x04, 1, 0xf0),
};

static const struct fmapi_layout event_int_policy = {
	FMAPI_FIXED_MIN(event_int_policy, 0x05, 0x04, event_int_policy_f),
};

/* 0x0104-0x0106 MCTP event interrupt policy / notification: §8.2.9.2.6-8 */
static const struct fmapi_field mctp_event_mask_f[] = {
	FMAPI_U16(mctp_event_mask, event_mask, 0x00),
};

static const struct fmapi_layout mctp_event_mask = {
	FMAPI_FIXED(mctp_event_mask, 0x02, mctp_event_mask_f),
};

/* 0x0200 Get FW Info (reference §2.4; QEMU, libcxlmi) */
static const struct fmapi_field get_fw_info_rsp_f[] = {
	FMAPI_U8(get_fw_info_rsp, nr_slots, 0x00),
	FMAPI_BITS(get_fw_info_rsp, active_slot, 0x01, 1, 0x07),
	FMAPI_BITS(get_fw_info_rsp, staged_slot, 0x01, 1, 0x38),
	FMAPI_BITS(get_fw_info_rsp, online_activation, 0x02, 1, 0x01),
	FMAPI_BYTES(get_fw_info_rsp, slot1_rev, 0x10, FMAPI_FW_REV_LEN),
	FMAPI_BYTES(get_fw_info_rsp, slot2_rev, 0x20, FMAPI_FW_REV_LEN),
	FMAPI_BYTES(get_fw_info_rsp, slot3_rev, 0x30, FMAPI_FW_REV_LEN),
	FMAPI_BYTES(get_fw_info_rsp, slot4_rev, 0x40, FMAPI_FW_REV_LEN),
};

static const struct fmapi_layout get_fw_info_rsp = {
	FMAPI_FIXED(get_fw_info_rsp, 0x50, get_fw_info_rsp_f),
};

/* 0x0201 Transfer FW (reference §2.4): data follows the 0x80-byte header */
static const struct fmapi_field transfer_fw_req_f[] = {
	FMAPI_CHECKED(transfer_fw_req, action, 0x00, 1, 0, fw_xfer_enum),
	FMAPI_U8(transfer_fw_req, slot, 0x01),
	FMAPI_U32(transfer_fw_req, offset, 0x04),
};

static const struct fmapi_list transfer_fw_req_l =
	FMAPI_LIST_IMPLIED(transfer_fw_req, data, 1, u8_elem, u8, 0);

static const struct fmapi_layout transfer_fw_req = {
	FMAPI_FIXED(transfer_fw_req, 0x80, transfer_fw_req_f),
	.list = &transfer_fw_req_l,
};

/* 0x0202 Activate FW (reference §2.4) */
static const struct fmapi_field activate_fw_req_f[] = {
	FMAPI_CHECKED(activate_fw_req, action, 0x00, 1, 0, fw_act_enum),
	FMAPI_U8(activate_fw_req, slot, 0x01),
};

static const struct fmapi_layout activate_fw_req = {
	FMAPI_FIXED(activate_fw_req, 0x02, activate_fw_req_f),
};

/* 0x0300 / 0x0301 Get / Set Timestamp (reference §2.5) */
static const struct fmapi_field timestamp_f[] = {
	FMAPI_U64(timestamp, timestamp, 0x00),
};

static const struct fmapi_layout timestamp = {
	FMAPI_FIXED(timestamp, 0x08, timestamp_f),
};

/* 0x0400 Get Supported Logs (reference §2.6) */
static const struct fmapi_field log_entry_f[] = {
	FMAPI_BYTES(log_entry, uuid, 0x00, 16),
	FMAPI_U32(log_entry, size, 0x10),
};

static const struct fmapi_field get_supported_logs_rsp_f[] = {
	FMAPI_U16(get_supported_logs_rsp, nr_entries, 0x00),	/* [0] */
};

static const struct fmapi_list get_supported_logs_rsp_l =
	FMAPI_LIST(get_supported_logs_rsp, entries, 0, 0x14, log_entry_f,
		   struct fmapi_log_entry, 0);

static const struct fmapi_layout get_supported_logs_rsp = {
	FMAPI_FIXED(get_supported_logs_rsp, 0x08, get_supported_logs_rsp_f),
	.list = &get_supported_logs_rsp_l,
};

/* 0x0401 Get Log (reference §2.6): output is raw log bytes */
static const struct fmapi_field get_log_req_f[] = {
	FMAPI_BYTES(get_log_req, uuid, 0x00, 16),
	FMAPI_U32(get_log_req, offset, 0x10),
	FMAPI_U32(get_log_req, length, 0x14),
};

static const struct fmapi_layout get_log_req = {
	FMAPI_FIXED(get_log_req, 0x18, get_log_req_f),
};

static const struct fmapi_list bytes_l =
	FMAPI_LIST_IMPLIED(bytes, data, 1, u8_elem, u8, 0);

static const struct fmapi_layout bytes = {
	.st_size = sizeof(struct fmapi_bytes),
	.list = &bytes_l,
};

/* 0x0402 / 0x0403 / 0x0404: log UUID in (reference §2.6, libcxlmi) */
static const struct fmapi_field log_uuid_f[] = {
	FMAPI_BYTES(log_uuid, uuid, 0x00, 16),
};

static const struct fmapi_layout log_uuid = {
	FMAPI_FIXED(log_uuid, 0x10, log_uuid_f),
};

static const struct fmapi_field get_log_caps_rsp_f[] = {
	FMAPI_U32(get_log_caps_rsp, param_flags, 0x00),
};

static const struct fmapi_layout get_log_caps_rsp = {
	FMAPI_FIXED(get_log_caps_rsp, 0x04, get_log_caps_rsp_f),
};

/* 0x0405 Get Supported Logs Sub-List (reference §2.6, libcxlmi) */
static const struct fmapi_field get_logs_sublist_req_f[] = {
	FMAPI_U8(get_logs_sublist_req, max_entries, 0x00),
	FMAPI_U8(get_logs_sublist_req, start_index, 0x01),
};

static const struct fmapi_layout get_logs_sublist_req = {
	FMAPI_FIXED(get_logs_sublist_req, 0x02, get_logs_sublist_req_f),
};

static const struct fmapi_field get_logs_sublist_rsp_f[] = {
	FMAPI_U8(get_logs_sublist_rsp, nr_entries, 0x00),	/* [0] */
	FMAPI_U16(get_logs_sublist_rsp, total_entries, 0x02),
	FMAPI_U8(get_logs_sublist_rsp, start_index, 0x04),
};

static const struct fmapi_list get_logs_sublist_rsp_l =
	FMAPI_LIST(get_logs_sublist_rsp, entries, 0, 0x14, log_entry_f,
		   struct fmapi_log_entry, 0);

static const struct fmapi_layout get_logs_sublist_rsp = {
	FMAPI_FIXED(get_logs_sublist_rsp, 0x08, get_logs_sublist_rsp_f),
	.list = &get_logs_sublist_rsp_l,
};

/* 0x0500 Get Supported Features (reference §2.7) */
static const struct fmapi_field get_supported_features_req_f[] = {
	FMAPI_U32(get_supported_features_req, count, 0x00),
	FMAPI_U16(get_supported_features_req, start_index, 0x04),
};

static const struct fmapi_layout get_supported_features_req = {
	FMAPI_FIXED(get_supported_features_req, 0x08,
		    get_supported_features_req_f),
};

static const struct fmapi_field feature_entry_f[] = {
	FMAPI_BYTES(feature_entry, uuid, 0x00, 16),
	FMAPI_U16(feature_entry, index, 0x10),
	FMAPI_U16(feature_entry, get_size, 0x12),
	FMAPI_U16(feature_entry, set_size, 0x14),
	FMAPI_U32(feature_entry, attr_flags, 0x16),
	FMAPI_U8(feature_entry, get_version, 0x1a),
	FMAPI_U8(feature_entry, set_version, 0x1b),
	FMAPI_U16(feature_entry, set_effects, 0x1c),
};

static const struct fmapi_field get_supported_features_rsp_f[] = {
	FMAPI_U16(get_supported_features_rsp, nr_entries, 0x00),	/* [0] */
	FMAPI_U16(get_supported_features_rsp, total_features, 0x02),
};

static const struct fmapi_list get_supported_features_rsp_l =
	FMAPI_LIST(get_supported_features_rsp, entries, 0, 0x30,
		   feature_entry_f, struct fmapi_feature_entry, 0);

static const struct fmapi_layout get_supported_features_rsp = {
	FMAPI_FIXED(get_supported_features_rsp, 0x08,
		    get_supported_features_rsp_f),
	.list = &get_supported_features_rsp_l,
};

/* 0x0501 Get Feature (reference §2.7): output is raw feature data */
static const struct fmapi_field get_feature_req_f[] = {
	FMAPI_BYTES(get_feature_req, uuid, 0x00, 16),
	FMAPI_U16(get_feature_req, offset, 0x10),
	FMAPI_U16(get_feature_req, count, 0x12),
	FMAPI_CHECKED(get_feature_req, selection, 0x14, 1, 0, feat_sel_enum),
};

static const struct fmapi_layout get_feature_req = {
	FMAPI_FIXED(get_feature_req, 0x15, get_feature_req_f),
};

/* 0x0502 Set Feature (reference §2.7): data follows the 0x20-byte header */
static const struct fmapi_field set_feature_req_f[] = {
	FMAPI_BYTES(set_feature_req, uuid, 0x00, 16),
	FMAPI_CHECKED(set_feature_req, transfer, 0x10, 4, 0x00000007,
		      feat_xfer_enum),
	FMAPI_BITS(set_feature_req, save_across_reset, 0x10, 4, 0x00000008),
	FMAPI_U16(set_feature_req, offset, 0x14),
	FMAPI_U8(set_feature_req, version, 0x16),
};

static const struct fmapi_list set_feature_req_l =
	FMAPI_LIST_IMPLIED(set_feature_req, data, 1, u8_elem, u8, 0);

static const struct fmapi_layout set_feature_req = {
	FMAPI_FIXED(set_feature_req, 0x20, set_feature_req_f),
	.list = &set_feature_req_l,
};

static const struct fmapi_cmd generic_cmds[] = {
	{ FMAPI_OP_IDENTIFY, "identify", 0, NULL, &identify_rsp },
	{ FMAPI_OP_BG_OP_STATUS, "bg_op_status", 0, NULL, &bg_op_status_rsp },
	{ FMAPI_OP_GET_RSP_MSG_LIMIT, "get_rsp_msg_limit", 0, NULL,
	  &msg_limit },
	{ FMAPI_OP_SET_RSP_MSG_LIMIT, "set_rsp_msg_limit", 0, &msg_limit_req,
	  &msg_limit },
	{ FMAPI_OP_REQUEST_ABORT_BG_OP, "request_abort_bg_op", 0, NULL, NULL },
	{ FMAPI_OP_GET_EVENT_RECORDS, "get_event_records", FMAPI_CF_EVENTS,
	  &get_event_records_req, &get_event_records_rsp },
	{ FMAPI_OP_CLEAR_EVENT_RECORDS, "clear_event_records", FMAPI_CF_EVENTS,
	  &clear_event_records_req, NULL },
	{ FMAPI_OP_GET_EVENT_INT_POLICY, "get_event_int_policy",
	  FMAPI_CF_EVENTS, NULL, &event_int_policy },
	{ FMAPI_OP_SET_EVENT_INT_POLICY, "set_event_int_policy",
	  FMAPI_CF_EVENTS, &event_int_policy, NULL },
	{ FMAPI_OP_GET_MCTP_EVENT_INT_POLICY, "get_mctp_event_int_policy",
	  FMAPI_CF_EVENTS, NULL, &mctp_event_mask },
	{ FMAPI_OP_SET_MCTP_EVENT_INT_POLICY, "set_mctp_event_int_policy",
	  FMAPI_CF_EVENTS, &mctp_event_mask, &mctp_event_mask },
	{ FMAPI_OP_EVENT_NOTIFICATION, "event_notification", FMAPI_CF_EVENTS,
	  &mctp_event_mask, NULL },
	{ FMAPI_OP_GET_FW_INFO, "get_fw_info", 0, NULL, &get_fw_info_rsp },
	{ FMAPI_OP_TRANSFER_FW, "transfer_fw", FMAPI_CF_BG, &transfer_fw_req,
	  NULL },
	{ FMAPI_OP_ACTIVATE_FW, "activate_fw", FMAPI_CF_BG, &activate_fw_req,
	  NULL },
	{ FMAPI_OP_GET_TIMESTAMP, "get_timestamp", 0, NULL, &timestamp },
	{ FMAPI_OP_SET_TIMESTAMP, "set_timestamp", 0, &timestamp, NULL },
	{ FMAPI_OP_GET_SUPPORTED_LOGS, "get_supported_logs", 0, NULL,
	  &get_supported_logs_rsp },
	{ FMAPI_OP_GET_LOG, "get_log", 0, &get_log_req, &bytes },
	{ FMAPI_OP_GET_LOG_CAPS, "get_log_caps", 0, &log_uuid,
	  &get_log_caps_rsp },
	{ FMAPI_OP_CLEAR_LOG, "clear_log", 0, &log_uuid, NULL },
	{ FMAPI_OP_POPULATE_LOG, "populate_log", FMAPI_CF_BG, &log_uuid, NULL },
	{ FMAPI_OP_GET_SUPPORTED_LOGS_SUBLIST, "get_supported_logs_sublist", 0,
	  &get_logs_sublist_req, &get_logs_sublist_rsp },
	{ FMAPI_OP_GET_SUPPORTED_FEATURES, "get_supported_features", 0,
	  &get_supported_features_req, &get_supported_features_rsp },
	{ FMAPI_OP_GET_FEATURE, "get_feature", 0, &get_feature_req, &bytes },
	{ FMAPI_OP_SET_FEATURE, "set_feature", 0, &set_feature_req, NULL },
};

const struct fmapi_cmd_set fmapi_cmds_generic = {
	generic_cmds, ARRAY_SIZE(generic_cmds),
};
