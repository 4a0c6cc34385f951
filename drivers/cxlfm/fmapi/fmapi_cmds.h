/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * cxlfm FM-API codec: opcodes, enumerations and the typed C structs of every
 * request and response payload. Include "fmapi.h", not this file.
 *
 * Conventions:
 * - member names are the stable field names (see struct fmapi_field);
 * - integers use the smallest C type holding the wire field;
 * - a list is a pointer to a caller-provided array plus a u32 capacity
 *   (<list>_cap, decode only); its count is the count field named in the
 *   layout, or a u32 nr_<list> member when the count is implied by the
 *   payload length;
 * - reserved wire bytes have no member: encode writes them as zero, decode
 *   ignores them.
 */
#ifndef _CXLFM_FMAPI_CMDS_H
#define _CXLFM_FMAPI_CMDS_H

#include "fmapi_types.h"

/* ------------------------------------------------------------------------ */
/* Opcodes                                                                  */
/* ------------------------------------------------------------------------ */

enum fmapi_opcode {
	/* Generic component commands (reference §2) */
	FMAPI_OP_IDENTIFY			= 0x0001,
	FMAPI_OP_BG_OP_STATUS			= 0x0002,
	FMAPI_OP_GET_RSP_MSG_LIMIT		= 0x0003,
	FMAPI_OP_SET_RSP_MSG_LIMIT		= 0x0004,
	FMAPI_OP_REQUEST_ABORT_BG_OP		= 0x0005,
	FMAPI_OP_GET_EVENT_RECORDS		= 0x0100,
	FMAPI_OP_CLEAR_EVENT_RECORDS		= 0x0101,
	FMAPI_OP_GET_EVENT_INT_POLICY		= 0x0102,
	FMAPI_OP_SET_EVENT_INT_POLICY		= 0x0103,
	FMAPI_OP_GET_MCTP_EVENT_INT_POLICY	= 0x0104,
	FMAPI_OP_SET_MCTP_EVENT_INT_POLICY	= 0x0105,
	FMAPI_OP_EVENT_NOTIFICATION		= 0x0106,
	FMAPI_OP_GET_FW_INFO			= 0x0200,
	FMAPI_OP_TRANSFER_FW			= 0x0201,
	FMAPI_OP_ACTIVATE_FW			= 0x0202,
	FMAPI_OP_GET_TIMESTAMP			= 0x0300,
	FMAPI_OP_SET_TIMESTAMP			= 0x0301,
	FMAPI_OP_GET_SUPPORTED_LOGS		= 0x0400,
	FMAPI_OP_GET_LOG			= 0x0401,
	FMAPI_OP_GET_LOG_CAPS			= 0x0402,
	FMAPI_OP_CLEAR_LOG			= 0x0403,
	FMAPI_OP_POPULATE_LOG			= 0x0404,
	FMAPI_OP_GET_SUPPORTED_LOGS_SUBLIST	= 0x0405,
	FMAPI_OP_GET_SUPPORTED_FEATURES		= 0x0500,
	FMAPI_OP_GET_FEATURE			= 0x0501,
	FMAPI_OP_SET_FEATURE			= 0x0502,
	/* Physical switch (reference §3.3) */
	FMAPI_OP_IDENTIFY_SWITCH		= 0x5100,
	FMAPI_OP_GET_PHYS_PORT_STATE		= 0x5101,
	FMAPI_OP_PHYS_PORT_CONTROL		= 0x5102,
	FMAPI_OP_SEND_PPB_CXLIO_CFG		= 0x5103,
	FMAPI_OP_GET_DV_SV_STATE		= 0x5104,
	FMAPI_OP_SET_DV_SV			= 0x5105,
	FMAPI_OP_GET_VCS_DV_SV_STATE		= 0x5106,
	FMAPI_OP_GET_DV_SV			= 0x5107,
	/* Virtual switch (reference §3.4) */
	FMAPI_OP_GET_VCS_INFO			= 0x5200,
	FMAPI_OP_BIND_VPPB			= 0x5201,
	FMAPI_OP_UNBIND_VPPB			= 0x5202,
	FMAPI_OP_GEN_AER_EVENT			= 0x5203,
	/* MLD port (reference §3.4) */
	FMAPI_OP_TUNNEL				= 0x5300,
	FMAPI_OP_SEND_LD_CXLIO_CFG		= 0x5301,
	FMAPI_OP_SEND_LD_CXLIO_MEM		= 0x5302,
	/* MLD components (reference §3.5) */
	FMAPI_OP_GET_LD_INFO			= 0x5400,
	FMAPI_OP_GET_LD_ALLOC			= 0x5401,
	FMAPI_OP_SET_LD_ALLOC			= 0x5402,
	FMAPI_OP_GET_QOS_CTRL			= 0x5403,
	FMAPI_OP_SET_QOS_CTRL			= 0x5404,
	FMAPI_OP_GET_QOS_STATUS			= 0x5405,
	FMAPI_OP_GET_QOS_ALLOC_BW		= 0x5406,
	FMAPI_OP_SET_QOS_ALLOC_BW		= 0x5407,
	FMAPI_OP_GET_QOS_BW_LIMIT		= 0x5408,
	FMAPI_OP_SET_QOS_BW_LIMIT		= 0x5409,
	/* Multi-headed devices (reference §3.6) */
	FMAPI_OP_GET_MHD_INFO			= 0x5500,
	FMAPI_OP_GET_HEAD_INFO			= 0x5501,
	/* DCD management (reference §3.7) */
	FMAPI_OP_GET_DCD_INFO			= 0x5600,
	FMAPI_OP_GET_HOST_DC_REGION_CFG		= 0x5601,
	FMAPI_OP_SET_DC_REGION_CFG		= 0x5602,
	FMAPI_OP_GET_DC_REGION_EXTENTS		= 0x5603,
	FMAPI_OP_INITIATE_DC_ADD		= 0x5604,
	FMAPI_OP_INITIATE_DC_RELEASE		= 0x5605,
	FMAPI_OP_DC_ADD_REFERENCE		= 0x5606,
	FMAPI_OP_DC_REMOVE_REFERENCE		= 0x5607,
	FMAPI_OP_DC_LIST_TAGS			= 0x5608,
};

/* Command set of an opcode; FM-API sets are 0x51..0x56. */
static inline u8 fmapi_opcode_set(u16 opcode)
{
	return opcode >> 8;
}

static inline bool fmapi_opcode_is_fmapi(u16 opcode)
{
	return fmapi_opcode_set(opcode) >= 0x51 && fmapi_opcode_set(opcode) <= 0x56;
}

/* ------------------------------------------------------------------------ */
/* Enumerations (reference §3.3, CXL r3.2 Table 7-19)                        */
/* ------------------------------------------------------------------------ */

/* A. Current port configuration state (0x5101 byte 1 [3:0]) */
enum fmapi_port_config_state {
	FMAPI_PORT_DISABLED		= 0x0,
	FMAPI_PORT_BIND_IN_PROGRESS	= 0x1,
	FMAPI_PORT_UNBIND_IN_PROGRESS	= 0x2,
	FMAPI_PORT_DSP			= 0x3,
	FMAPI_PORT_USP			= 0x4,
	FMAPI_PORT_FABRIC		= 0x5,
	FMAPI_PORT_INVALID_ID		= 0xf,
};

/* B. Connected device mode (r3.1+; 0x5101 byte 2 [3:0]) */
enum fmapi_conn_dev_mode {
	FMAPI_DEV_MODE_NOT_CXL		= 0,
	FMAPI_DEV_MODE_RCD		= 1,
	FMAPI_DEV_MODE_68B_VH		= 2,
	FMAPI_DEV_MODE_256B		= 3,
	FMAPI_DEV_MODE_256B_LO		= 4,
	FMAPI_DEV_MODE_PBR		= 5,
};

/* C. Connected device type (0x5101 byte 4) */
enum fmapi_conn_dev_type {
	FMAPI_DEV_TYPE_NONE		= 0,
	FMAPI_DEV_TYPE_PCIE		= 1,
	FMAPI_DEV_TYPE_CXL_T1		= 2,
	FMAPI_DEV_TYPE_CXL_T2		= 3,
	FMAPI_DEV_TYPE_CXL_T3_SLD	= 4,
	FMAPI_DEV_TYPE_CXL_T3_MLD	= 5,
	FMAPI_DEV_TYPE_PBR		= 6,
};

/* D. Supported CXL modes bitmask (0x5101 byte 5) */
#define FMAPI_CXL_MODE_RCD		BIT(0)
#define FMAPI_CXL_MODE_68B_VH		BIT(1)
#define FMAPI_CXL_MODE_256B		BIT(2)
#define FMAPI_CXL_MODE_256B_LO		BIT(3)
#define FMAPI_CXL_MODE_PBR		BIT(4)

/* E. LTSSM major state (0x5101 byte 0xb) */
enum fmapi_ltssm {
	FMAPI_LTSSM_DETECT		= 0x0,
	FMAPI_LTSSM_POLLING		= 0x1,
	FMAPI_LTSSM_CONFIGURATION	= 0x2,
	FMAPI_LTSSM_RECOVERY		= 0x3,
	FMAPI_LTSSM_L0			= 0x4,
	FMAPI_LTSSM_L0S			= 0x5,
	FMAPI_LTSSM_L1			= 0x6,
	FMAPI_LTSSM_L2			= 0x7,
	FMAPI_LTSSM_DISABLED		= 0x8,
	FMAPI_LTSSM_LOOPBACK		= 0x9,
	FMAPI_LTSSM_HOT_RESET		= 0xa,
};

/* Link state flags (0x5101 bytes 0xd-0xe, Physical Switch event 0x41) */
#define FMAPI_LINK_LANE_REVERSAL	BIT(0)
#define FMAPI_LINK_PERST_ASSERTED	BIT(1)
#define FMAPI_LINK_PRSNT		BIT(2)
#define FMAPI_LINK_POWER_OFF		BIT(3)
#define FMAPI_LINK_FLAGS_MASK		GENMASK(3, 0)

static inline bool fmapi_link_lane_reversed(u16 flags)
{
	return flags & FMAPI_LINK_LANE_REVERSAL;
}

static inline bool fmapi_link_perst_asserted(u16 flags)
{
	return flags & FMAPI_LINK_PERST_ASSERTED;
}

static inline bool fmapi_link_present(u16 flags)
{
	return flags & FMAPI_LINK_PRSNT;
}

static inline bool fmapi_link_powered_off(u16 flags)
{
	return flags & FMAPI_LINK_POWER_OFF;
}

/* vPPB binding status (0x5200 vPPB entry byte 0, VCS event 0x33) */
enum fmapi_vppb_status {
	FMAPI_VPPB_UNBOUND		= 0,
	FMAPI_VPPB_IN_PROGRESS		= 1,
	FMAPI_VPPB_BOUND_PORT		= 2,
	FMAPI_VPPB_BOUND_LD		= 3,
	FMAPI_VPPB_BOUND_PID		= 4,
};

/* Bound LD ID value in a vPPB entry when the target is not an LD */
#define FMAPI_VPPB_LD_NONE		0xff
/* LD ID for Bind vPPB when the target is not an MLD */
#define FMAPI_LD_ID_NONE		0xffff

static inline bool fmapi_vppb_is_bound(u8 status)
{
	return status == FMAPI_VPPB_BOUND_PORT ||
	       status == FMAPI_VPPB_BOUND_LD ||
	       status == FMAPI_VPPB_BOUND_PID;
}

/* Bound port ID / LD ID are meaningful (not a PID binding) */
static inline bool fmapi_vppb_has_port(u8 status)
{
	return status == FMAPI_VPPB_BOUND_PORT || status == FMAPI_VPPB_BOUND_LD;
}

static inline bool fmapi_vppb_has_ld(u8 status)
{
	return status == FMAPI_VPPB_BOUND_LD;
}

/* VCS state (0x5200 VCS block byte 1) */
#define FMAPI_VCS_DISABLED		0x00
#define FMAPI_VCS_ENABLED		0x01
#define FMAPI_VCS_INVALID_ID		0xff

/* Event logs (reference §4.1) */
enum fmapi_event_log {
	FMAPI_LOG_INFO			= 0,
	FMAPI_LOG_WARN			= 1,
	FMAPI_LOG_FAIL			= 2,
	FMAPI_LOG_FATAL			= 3,
	FMAPI_LOG_DCD			= 4,
};

/* Named value tables (for names, netlink and CLI output) */
extern const struct fmapi_enum fmapi_enum_port_config_state;
extern const struct fmapi_enum fmapi_enum_conn_dev_mode;
extern const struct fmapi_enum fmapi_enum_conn_dev_type;
extern const struct fmapi_enum fmapi_enum_ltssm;
extern const struct fmapi_enum fmapi_enum_vppb_status;
extern const struct fmapi_enum fmapi_enum_vcs_state;
extern const struct fmapi_enum fmapi_enum_event_log;

/* ------------------------------------------------------------------------ */
/* Generic component commands                                               */
/* ------------------------------------------------------------------------ */

struct fmapi_identify_rsp {
	u16 vendor_id;
	u16 device_id;
	u16 subsys_vendor_id;
	u16 subsys_id;
	u64 serial_num;
	u8 max_msg_size;	/* 2^n bytes */
	u8 component_type;	/* 0 switch, 3 type 3, 4 GFD */
};

struct fmapi_bg_op_status_rsp {
	u8 running;
	u8 percent;
	u16 opcode;
	u16 return_code;
	u16 vendor_status;
};

struct fmapi_msg_limit {	/* 0x0003 rsp, 0x0004 req and rsp */
	u8 limit;		/* 2^n bytes, n = 8..10 */
};

struct fmapi_get_event_records_req {
	u8 log;			/* enum fmapi_event_log */
};

#define FMAPI_EVENT_RECORD_SIZE		0x80

struct fmapi_event_rec {
	u8 raw[FMAPI_EVENT_RECORD_SIZE];
};

struct fmapi_get_event_records_rsp {
	u8 overflow;
	u8 more_records;
	u16 overflow_err_count;
	u64 first_overflow_ts;
	u64 last_overflow_ts;
	u16 nr_records;
	struct fmapi_event_rec *records;
	u32 records_cap;
};

struct fmapi_clear_event_records_req {
	u8 log;
	u8 clear_all;
	u8 nr_handles;
	u16 *handles;
	u32 handles_cap;
};

/* One settings byte per log: [1:0] mode, [7:4] message number */
#define FMAPI_INT_MODE_NONE		0
#define FMAPI_INT_MODE_MSI		1
#define FMAPI_INT_MODE_FW		2

struct fmapi_event_int_policy {	/* 0x0102 rsp, 0x0103 req */
	u8 info_mode;
	u8 info_msgnum;
	u8 warn_mode;
	u8 warn_msgnum;
	u8 fail_mode;
	u8 fail_msgnum;
	u8 fatal_mode;
	u8 fatal_msgnum;
	u8 dcd_mode;		/* byte 4 is optional on input */
	u8 dcd_msgnum;
};

/* MCTP event interrupt policy / event notification bitmask */
#define FMAPI_MCTP_EVT_INFO		BIT(0)
#define FMAPI_MCTP_EVT_WARN		BIT(1)
#define FMAPI_MCTP_EVT_FAIL		BIT(2)
#define FMAPI_MCTP_EVT_FATAL		BIT(3)
#define FMAPI_MCTP_EVT_DCD		BIT(4)
#define FMAPI_MCTP_EVT_BG_DONE		BIT(15)

struct fmapi_mctp_event_mask {	/* 0x0104 rsp, 0x0105 req/rsp, 0x0106 req */
	u16 event_mask;
};

#define FMAPI_FW_REV_LEN		16

struct fmapi_get_fw_info_rsp {
	u8 nr_slots;
	u8 active_slot;
	u8 staged_slot;
	u8 online_activation;
	u8 slot1_rev[FMAPI_FW_REV_LEN];
	u8 slot2_rev[FMAPI_FW_REV_LEN];
	u8 slot3_rev[FMAPI_FW_REV_LEN];
	u8 slot4_rev[FMAPI_FW_REV_LEN];
};

enum fmapi_fw_xfer_action {
	FMAPI_FW_XFER_FULL		= 0,
	FMAPI_FW_XFER_INITIATE		= 1,
	FMAPI_FW_XFER_CONTINUE		= 2,
	FMAPI_FW_XFER_END		= 3,
	FMAPI_FW_XFER_ABORT		= 4,
};

struct fmapi_transfer_fw_req {
	u8 action;
	u8 slot;
	u32 offset;		/* in 128-byte units */
	u8 *data;
	u32 data_cap;
	u32 nr_data;
};

struct fmapi_activate_fw_req {
	u8 action;		/* 0 online, 1 on next cold reset */
	u8 slot;
};

struct fmapi_timestamp {	/* 0x0300 rsp, 0x0301 req */
	u64 timestamp;		/* ns since 1970-01-01 UTC */
};

struct fmapi_log_entry {
	u8 uuid[16];
	u32 size;
};

struct fmapi_get_supported_logs_rsp {
	u16 nr_entries;
	struct fmapi_log_entry *entries;
	u32 entries_cap;
};

struct fmapi_get_log_req {
	u8 uuid[16];
	u32 offset;
	u32 length;
};

struct fmapi_bytes {		/* any payload that is just bytes */
	u8 *data;
	u32 data_cap;
	u32 nr_data;
};

struct fmapi_log_uuid {		/* 0x0402 / 0x0403 / 0x0404 req */
	u8 uuid[16];
};

struct fmapi_get_log_caps_rsp {
	u32 param_flags;
};

struct fmapi_get_logs_sublist_req {
	u8 max_entries;
	u8 start_index;
};

struct fmapi_get_logs_sublist_rsp {
	u8 nr_entries;
	u16 total_entries;
	u8 start_index;
	struct fmapi_log_entry *entries;
	u32 entries_cap;
};

struct fmapi_get_supported_features_req {
	u32 count;		/* bytes of output wanted */
	u16 start_index;
};

struct fmapi_feature_entry {
	u8 uuid[16];
	u16 index;
	u16 get_size;
	u16 set_size;
	u32 attr_flags;
	u8 get_version;
	u8 set_version;
	u16 set_effects;
};

struct fmapi_get_supported_features_rsp {
	u16 nr_entries;
	u16 total_features;
	struct fmapi_feature_entry *entries;
	u32 entries_cap;
};

struct fmapi_get_feature_req {
	u8 uuid[16];
	u16 offset;
	u16 count;
	u8 selection;		/* 0 current, 1 default, 2 saved */
};

struct fmapi_set_feature_req {
	u8 uuid[16];
	u8 transfer;		/* flags [2:0]: 0 full .. 4 abort */
	u8 save_across_reset;	/* flags bit 3 */
	u16 offset;
	u8 version;
	u8 *data;
	u32 data_cap;
	u32 nr_data;
};

/* ------------------------------------------------------------------------ */
/* Physical switch (0x51xx)                                                 */
/* ------------------------------------------------------------------------ */

#define FMAPI_BITMAP_256_LEN		32

struct fmapi_identify_switch_rsp {
	u8 ingress_port_id;
	u8 num_phys_ports;
	u8 num_vcs;
	u8 active_ports[FMAPI_BITMAP_256_LEN];
	u8 active_vcs[FMAPI_BITMAP_256_LEN];
	u16 num_vppbs;
	u16 num_bound_vppbs;
	u8 num_hdm_decoders;
};

struct fmapi_get_phys_port_state_req {
	u8 num_ports;
	u8 *port_ids;
	u32 port_ids_cap;
};

struct fmapi_port_info {
	u8 port_id;
	u8 config_state;	/* enum fmapi_port_config_state */
	u8 gae_support;
	u8 conn_dev_mode;	/* enum fmapi_conn_dev_mode */
	u8 conn_dev_type;	/* enum fmapi_conn_dev_type */
	u8 supported_cxl_modes;	/* FMAPI_CXL_MODE_* */
	u8 max_link_width;
	u8 neg_link_width;
	u8 supported_speeds;
	u8 max_link_speed;
	u8 cur_link_speed;
	u8 ltssm_state;		/* enum fmapi_ltssm */
	u8 first_lane;
	u16 link_flags;		/* FMAPI_LINK_* */
	u8 supported_ld_count;
};

#define FMAPI_PORT_INFO_SIZE		16

struct fmapi_get_phys_port_state_rsp {
	u8 num_ports;
	struct fmapi_port_info *ports;
	u32 ports_cap;
};

enum fmapi_port_op {
	FMAPI_PORT_OP_ASSERT_PERST	= 0,
	FMAPI_PORT_OP_DEASSERT_PERST	= 1,
	FMAPI_PORT_OP_RESET_PPB		= 2,
};

struct fmapi_phys_port_control_req {
	u8 ppb_id;
	u8 port_op;		/* enum fmapi_port_op */
};

struct fmapi_ppb_cfg_req {
	u8 ppb_id;
	u8 reg_num;
	u8 ext_reg_num;
	u8 first_be;
	u8 write;		/* transaction type: 0 read, 1 write */
	u32 write_data;
};

struct fmapi_cfg_rsp {		/* 0x5103 and 0x5301 rsp */
	u32 read_data;
};

struct fmapi_dv_sv_state {	/* 0x5104 rsp, 0x5106 rsp */
	u8 state;		/* 0 not set, 1 set */
};

struct fmapi_dv_sv {		/* 0x5105 req, 0x5107 rsp */
	u8 secret[16];
};

struct fmapi_vcs_id {		/* 0x5106 req, 0x5107 req */
	u8 vcs_id;
};

/* ------------------------------------------------------------------------ */
/* Virtual switch (0x52xx)                                                  */
/* ------------------------------------------------------------------------ */

struct fmapi_get_vcs_info_req {
	u8 start_vppb;
	u8 vppb_limit;
	u8 num_vcs;
	u8 *vcs_ids;
	u32 vcs_ids_cap;
};

struct fmapi_vppb_info {
	u8 binding_status;	/* enum fmapi_vppb_status */
	u8 bound_port_id;
	u8 bound_ld_id;
	u16 bound_pid;		/* status 4 only: bytes 1-2 [11:0] */
};

#define FMAPI_VPPB_INFO_SIZE		4
#define FMAPI_VCS_BLOCK_HDR_SIZE	4

/* Field table of one vPPB entry (0x5200 response), for the netlink layer */
extern const struct fmapi_field *const fmapi_vppb_info_fields;
extern const unsigned int fmapi_nr_vppb_info_fields;

struct fmapi_vcs_info {
	u8 vcs_id;
	u8 vcs_state;		/* FMAPI_VCS_* */
	u8 usp_id;
	u8 num_vppbs;		/* total vPPBs in the VCS */
	/* decode output: this block's entries are vppbs[vppb_first ..] */
	u32 vppb_first;
	u32 nr_vppb_entries;
};

/*
 * The number of vPPB entries in each VCS block depends on the request:
 * min(vppb_limit, num_vppbs - start_vppb) (0 if start >= num_vppbs). So the
 * caller copies start_vppb and vppb_limit from the request before decoding.
 * All blocks' entries go into one flat vppbs array.
 */
struct fmapi_get_vcs_info_rsp {
	u8 start_vppb;		/* in: from the request */
	u8 vppb_limit;		/* in: from the request */
	u8 num_vcs;
	struct fmapi_vcs_info *vcs;
	u32 vcs_cap;
	struct fmapi_vppb_info *vppbs;
	u32 vppbs_cap;
	u32 nr_vppbs;		/* total entries over all blocks */
};

struct fmapi_bind_vppb_req {
	u8 vcs_id;
	u8 vppb_id;
	u8 port_id;
	u16 ld_id;		/* FMAPI_LD_ID_NONE if not an MLD */
};

enum fmapi_unbind_option {
	FMAPI_UNBIND_WAIT_LINK_DOWN	= 0,
	FMAPI_UNBIND_MANAGED_HOT_REMOVE	= 1,
	FMAPI_UNBIND_SURPRISE_HOT_REMOVE = 2,
};

struct fmapi_unbind_vppb_req {
	u8 vcs_id;
	u8 vppb_id;
	u8 option;		/* enum fmapi_unbind_option */
};

struct fmapi_gen_aer_event_req {
	u8 vcs_id;
	u8 vppb_instance;
	u8 error_bit;		/* AER error dword [4:0] */
	u8 uncorrectable;	/* AER error dword [31] */
	u8 tlp_header[32];
};

/* ------------------------------------------------------------------------ */
/* MLD port (0x53xx)                                                        */
/* ------------------------------------------------------------------------ */

struct fmapi_tunnel_req {
	u8 port_or_ld_id;
	u8 target_type;		/* 0 port/LD, 1 MHD LD-pool CCI */
	u16 command_size;	/* bytes in msg */
	u8 *msg;		/* embedded CCI request (reference §5.2) */
	u32 msg_cap;
};

struct fmapi_tunnel_rsp {
	u16 response_len;	/* bytes in msg */
	u8 *msg;		/* embedded CCI response */
	u32 msg_cap;
};

struct fmapi_ld_cfg_req {
	u8 ppb_id;
	u8 reg_num;
	u8 ext_reg_num;
	u8 first_be;
	u8 write;
	u16 ld_id;
	u32 write_data;
};

#define FMAPI_LD_MEM_MAX_LEN		4096

struct fmapi_ld_mem_req {
	u8 port_id;
	u8 first_be;
	u8 last_be;
	u8 write;
	u16 ld_id;
	u16 length;		/* transaction length, <= 4 KiB */
	u64 address;
	u8 *data;		/* write data (empty for reads) */
	u32 data_cap;
	u32 nr_data;
};

struct fmapi_ld_mem_rsp {
	u16 bytes_transferred;
	u8 *data;		/* read data (empty for writes) */
	u32 data_cap;
	u32 nr_data;
};

/* ------------------------------------------------------------------------ */
/* MLD components (0x54xx)                                                  */
/* ------------------------------------------------------------------------ */

#define FMAPI_MAX_LDS			16

struct fmapi_get_ld_info_rsp {
	u64 memory_size;
	u16 ld_count;
	u8 qos_egress_cong;
	u8 qos_temp_tput_reduction;
};

struct fmapi_ld_list_req {	/* 0x5401, 0x5406, 0x5408 req */
	u8 start_ld_id;
	u8 ld_limit;
};

struct fmapi_ld_alloc {
	u64 range1_mult;
	u64 range2_mult;
};

struct fmapi_get_ld_alloc_rsp {
	u8 num_lds;
	u8 granularity;		/* 0 256 MB, 1 512 MB, 2 1 GB */
	u8 start_ld_id;
	u8 list_len;
	struct fmapi_ld_alloc *allocs;
	u32 allocs_cap;
};

struct fmapi_set_ld_alloc {	/* 0x5402 req and rsp */
	u8 num_lds;
	u8 start_ld_id;
	struct fmapi_ld_alloc *allocs;
	u32 allocs_cap;
};

struct fmapi_qos_ctrl {		/* 0x5403 rsp, 0x5404 req/rsp */
	u8 egress_cong_enable;
	u8 temp_tput_enable;
	u8 egress_moderate_pct;
	u8 egress_severe_pct;
	u8 bp_sample_interval;
	u16 reqcmp_basis;
	u8 completion_interval;
};

struct fmapi_qos_status_rsp {
	u8 bp_avg_pct;
};

struct fmapi_qos_bw_list {	/* 0x5406/0x5408 rsp, 0x5407/0x5409 req/rsp */
	u8 num_lds;
	u8 start_ld_id;
	u8 *fractions;		/* fraction x 256 per LD */
	u32 fractions_cap;
};

/* ------------------------------------------------------------------------ */
/* Multi-headed devices (0x55xx)                                            */
/* ------------------------------------------------------------------------ */

struct fmapi_get_mhd_info_req {
	u8 start_ld_id;
	u8 ld_map_limit;
};

struct fmapi_get_mhd_info_rsp {
	u8 num_lds;
	u8 num_heads;
	u8 start_ld_id;
	u8 ld_map_len;
	u8 *ld_map;		/* head port owning each LD, 0xff unassigned */
	u32 ld_map_cap;
};

struct fmapi_get_head_info_req {
	u8 start_head;
	u8 num_heads;
};

struct fmapi_head_info {
	u8 port_id;
	u8 max_link_width;
	u8 neg_link_width;
	u8 supported_speeds;
	u8 max_link_speed;
	u8 cur_link_speed;
	u8 ltssm_state;
	u8 first_lane;
	u8 link_flags;		/* bit 0 lane reversal, bit 1 PERST# */
};

struct fmapi_get_head_info_rsp {
	u8 num_heads;
	struct fmapi_head_info *heads;
	u32 heads_cap;
};

/* ------------------------------------------------------------------------ */
/* DCD management (0x56xx)                                                  */
/* ------------------------------------------------------------------------ */

#define FMAPI_DC_MAX_REGIONS		8

struct fmapi_get_dcd_info_rsp {
	u8 num_hosts;
	u8 num_regions;
	u16 add_policies;
	u16 release_policies;
	u8 sanitize_mask;
	u64 total_capacity;	/* 256 MB units */
	u64 region_block_sizes[FMAPI_DC_MAX_REGIONS];
};

struct fmapi_get_host_dc_region_cfg_req {
	u16 host_id;
	u8 region_count;
	u8 start_region;
};

struct fmapi_dc_region {
	u64 base;
	u64 decode_len;
	u64 region_len;
	u64 block_size;
	u8 flags;
	u8 sanitize_on_release;
};

struct fmapi_get_host_dc_region_cfg_rsp {
	u16 host_id;
	u8 num_regions;
	u8 regions_returned;
	struct fmapi_dc_region *regions;
	u32 regions_cap;
	u32 extents_supported;
	u32 extents_available;
	u32 tags_supported;
	u32 tags_available;
};

struct fmapi_set_dc_region_cfg {	/* 0x5602 req (and optional rsp) */
	u8 region_id;
	u64 block_size;
	u8 sanitize_on_release;
};

struct fmapi_get_dc_extents_req {
	u16 host_id;
	u32 extent_count;
	u32 start_index;
};

struct fmapi_dc_extent {
	u64 dpa;
	u64 length;
	u8 tag[16];
	u16 shared_seq;
};

struct fmapi_get_dc_extents_rsp {
	u16 host_id;
	u32 start_index;
	u32 extents_returned;
	u32 total_extents;
	u32 generation;
	struct fmapi_dc_extent *extents;
	u32 extents_cap;
};

enum fmapi_dc_add_policy {
	FMAPI_DC_ADD_FREE		= 0,
	FMAPI_DC_ADD_CONTIGUOUS		= 1,
	FMAPI_DC_ADD_PRESCRIPTIVE	= 2,
	FMAPI_DC_ADD_SHARED		= 3,
};

struct fmapi_dc_add_req {
	u16 host_id;
	u8 policy;		/* enum fmapi_dc_add_policy */
	u8 region;
	u64 length;
	u8 tag[16];
	u32 extent_count;
	struct fmapi_dc_extent *extents;
	u32 extents_cap;
};

enum fmapi_dc_release_policy {
	FMAPI_DC_RELEASE_TAG		= 0,
	FMAPI_DC_RELEASE_PRESCRIPTIVE	= 1,
};

struct fmapi_dc_release_req {
	u16 host_id;
	u8 policy;		/* enum fmapi_dc_release_policy */
	u8 forced;
	u8 sanitize;
	u64 length;
	u8 tag[16];
	u32 extent_count;
	struct fmapi_dc_extent *extents;
	u32 extents_cap;
};

struct fmapi_dc_tag {		/* 0x5606 / 0x5607 req */
	u8 tag[16];
};

struct fmapi_dc_list_tags_req {
	u32 start_index;
	u32 tag_count;
};

struct fmapi_dc_tag_entry {
	u8 tag[16];
	u8 flags;
	u8 ref_bitmap[32];
	u8 pending_bitmap[32];
};

struct fmapi_dc_list_tags_rsp {
	u32 generation;
	u32 total_tags;
	u32 tags_returned;
	u8 validity;
	struct fmapi_dc_tag_entry *tags;
	u32 tags_cap;
};

#endif /* _CXLFM_FMAPI_CMDS_H */
