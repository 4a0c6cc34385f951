// SPDX-License-Identifier: GPL-2.0-only
/*
 * cxlfm FM-API codec: hand-written wire vectors.
 *
 * Every byte array below was written by hand from the tables in
 * FMAPI-REFERENCE.md (sections given per test), never produced by the
 * encoder under test. Each test decodes the vector (from a buffer that ends
 * at a PROT_NONE page), checks every field, re-encodes and compares bytes
 * (the output buffer is pre-filled with 0xa5 so reserved bytes must be
 * written as zero). A final test decodes every truncation of every vector.
 */
#include "kselftest_harness.h"
#include "unit.h"

/* encode @st with layout @l and compare with @wire (exact length) */
#define ROUNDTRIP(l, st, wire)						\
	do {								\
		u8 __out[2048];						\
		int __n;						\
		memset(__out, 0xa5, sizeof(__out));			\
		__n = fmapi_encode((l), (st), __out, sizeof(__out), NULL); \
		ACHK(sizeof(wire), __n);				\
		EXPECT_EQ(0, memcmp(__out, (wire), sizeof(wire)));	\
	} while (0)

#define DECODE_OK(l, wire, st)						\
	ASSERT_EQ(0, decode_guarded((l), (wire), sizeof(wire), (st), NULL))

static const u8 cel_uuid_bytes[16] = {	/* 0da9c0b5-bf41-4b78-8f79-96b1623b3f17 */
	0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
	0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
};

/* ---------------- §2.2 Information and status ---------------- */

static const u8 v_identify_rsp[] = {
	0xe5, 0x19, 0x28, 0xa1, 0x34, 0x12, 0x78, 0x56,
	0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
	0x0b, 0x00,
};

TEST(identify_rsp)
{
	struct fmapi_identify_rsp r;
	const struct fmapi_layout *l = rsp_of(FMAPI_OP_IDENTIFY);

	ASSERT_NE(NULL, fmapi_cmd_find(FMAPI_OP_IDENTIFY));
	EXPECT_EQ(NULL, req_of(FMAPI_OP_IDENTIFY));
	DECODE_OK(l, v_identify_rsp, &r);
	CHK(0x19e5, r.vendor_id);
	CHK(0xa128, r.device_id);
	CHK(0x1234, r.subsys_vendor_id);
	CHK(0x5678, r.subsys_id);
	CHK(0x0102030405060708ULL, r.serial_num);
	CHK(11, r.max_msg_size);
	CHK(0, r.component_type);
	ROUNDTRIP(l, &r, v_identify_rsp);
}

static const u8 v_bg_op_status_rsp[] = {
	0x65, 0x00, 0x01, 0x52, 0x00, 0x00, 0xef, 0xbe,
};

TEST(bg_op_status_rsp)
{
	struct fmapi_bg_op_status_rsp r;
	const struct fmapi_layout *l = rsp_of(FMAPI_OP_BG_OP_STATUS);

	DECODE_OK(l, v_bg_op_status_rsp, &r);
	CHK(1, r.running);
	CHK(50, r.percent);
	CHK(0x5201, r.opcode);
	CHK(0, r.return_code);
	CHK(0xbeef, r.vendor_status);
	ROUNDTRIP(l, &r, v_bg_op_status_rsp);
}

static const u8 v_set_msg_limit_req[] = { 0x09 };

TEST(set_rsp_msg_limit)
{
	struct fmapi_msg_limit m;

	DECODE_OK(req_of(FMAPI_OP_SET_RSP_MSG_LIMIT), v_set_msg_limit_req, &m);
	CHK(9, m.limit);
	ROUNDTRIP(req_of(FMAPI_OP_SET_RSP_MSG_LIMIT), &m, v_set_msg_limit_req);
	DECODE_OK(rsp_of(FMAPI_OP_GET_RSP_MSG_LIMIT), v_set_msg_limit_req, &m);
	CHK(9, m.limit);
}

/* ---------------- §2.3 Events ---------------- */

static const u8 v_get_event_records_req[] = { 0x02 };

/* header of a Get Event Records response carrying one record */
static const u8 v_get_event_records_rsp_hdr[0x20] = {
	0x03, 0x00, 0x05, 0x00,
	0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
	0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x00,
};

static u8 v_get_event_records_rsp[0x20 + 0x80];

static void build_get_event_records_rsp(void)
{
	unsigned int i;

	memcpy(v_get_event_records_rsp, v_get_event_records_rsp_hdr, 0x20);
	for (i = 0; i < 0x80; i++)	/* opaque record bytes */
		v_get_event_records_rsp[0x20 + i] = (u8)(i * 7 + 1);
}

TEST(get_event_records)
{
	struct fmapi_get_event_records_req q;
	struct fmapi_event_rec recs[2];
	struct fmapi_get_event_records_rsp r = {
		.records = recs, .records_cap = 2,
	};

	DECODE_OK(req_of(FMAPI_OP_GET_EVENT_RECORDS), v_get_event_records_req,
		  &q);
	CHK(FMAPI_LOG_FAIL, q.log);
	ROUNDTRIP(req_of(FMAPI_OP_GET_EVENT_RECORDS), &q,
		  v_get_event_records_req);

	build_get_event_records_rsp();
	DECODE_OK(rsp_of(FMAPI_OP_GET_EVENT_RECORDS), v_get_event_records_rsp,
		  &r);
	CHK(1, r.overflow);
	CHK(1, r.more_records);
	CHK(5, r.overflow_err_count);
	CHK(0x1122334455667788ULL, r.first_overflow_ts);
	CHK(0x10, r.last_overflow_ts);
	CHK(1, r.nr_records);
	EXPECT_EQ(0, memcmp(recs[0].raw, v_get_event_records_rsp + 0x20, 0x80));
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_EVENT_RECORDS), &r,
		  v_get_event_records_rsp);
}

static const u8 v_clear_event_records_req[] = {
	0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x01, 0x0b, 0x0a,
};

TEST(clear_event_records)
{
	u16 h[4];
	struct fmapi_clear_event_records_req q = {
		.handles = h, .handles_cap = 4,
	};
	const struct fmapi_layout *l = req_of(FMAPI_OP_CLEAR_EVENT_RECORDS);

	DECODE_OK(l, v_clear_event_records_req, &q);
	CHK(FMAPI_LOG_WARN, q.log);
	CHK(0, q.clear_all);
	CHK(2, q.nr_handles);
	CHK(0x0102, h[0]);
	CHK(0x0a0b, h[1]);
	ROUNDTRIP(l, &q, v_clear_event_records_req);
	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_CLEAR_EVENT_RECORDS));
}

/* §2.3: input is 4 bytes minimum, the DC byte is optional */
static const u8 v_event_int_policy4[] = { 0x31, 0x01, 0x02, 0x00 };
static const u8 v_event_int_policy5[] = { 0x31, 0x01, 0x02, 0x00, 0x51 };

TEST(event_int_policy)
{
	struct fmapi_event_int_policy p;
	const struct fmapi_layout *l = req_of(FMAPI_OP_SET_EVENT_INT_POLICY);
	u8 out[8];

	memset(&p, 0xff, sizeof(p));
	DECODE_OK(l, v_event_int_policy4, &p);
	CHK(FMAPI_INT_MODE_MSI, p.info_mode);
	CHK(3, p.info_msgnum);
	CHK(FMAPI_INT_MODE_MSI, p.warn_mode);
	CHK(0, p.warn_msgnum);
	CHK(FMAPI_INT_MODE_FW, p.fail_mode);
	CHK(0, p.fatal_mode);
	CHK(0, p.dcd_mode);		/* absent: decoded as 0 */
	CHK(0, p.dcd_msgnum);
	/* the encoder always writes the full 5 bytes */
	ACHK(5, fmapi_encode(l, &p, out, sizeof(out), NULL));
	EXPECT_EQ(0, memcmp(out, v_event_int_policy4, 4));
	CHK(0, out[4]);

	DECODE_OK(rsp_of(FMAPI_OP_GET_EVENT_INT_POLICY), v_event_int_policy5,
		  &p);
	CHK(FMAPI_INT_MODE_MSI, p.dcd_mode);
	CHK(5, p.dcd_msgnum);
	ROUNDTRIP(l, &p, v_event_int_policy5);
}

static const u8 v_mctp_event_mask[] = { 0x1f, 0x80 };

TEST(mctp_event_interrupt_policy)
{
	struct fmapi_mctp_event_mask m;

	DECODE_OK(req_of(FMAPI_OP_SET_MCTP_EVENT_INT_POLICY), v_mctp_event_mask,
		  &m);
	CHK(FMAPI_MCTP_EVT_INFO | FMAPI_MCTP_EVT_WARN | FMAPI_MCTP_EVT_FAIL |
	    FMAPI_MCTP_EVT_FATAL | FMAPI_MCTP_EVT_DCD | FMAPI_MCTP_EVT_BG_DONE,
	    m.event_mask);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_MCTP_EVENT_INT_POLICY), &m,
		  v_mctp_event_mask);
}

/* ---------------- §2.4 FW, §2.5 timestamp ---------------- */

static const u8 v_get_fw_info_rsp[0x50] = {
	[0x00] = 0x02, [0x01] = 0x11, [0x02] = 0x01,
	[0x10] = 'F', [0x11] = 'W', [0x12] = '-', [0x13] = '1',
	[0x20] = 'F', [0x21] = 'W', [0x22] = '-', [0x23] = '2',
};

TEST(get_fw_info)
{
	struct fmapi_get_fw_info_rsp r;

	DECODE_OK(rsp_of(FMAPI_OP_GET_FW_INFO), v_get_fw_info_rsp, &r);
	CHK(2, r.nr_slots);
	CHK(1, r.active_slot);
	CHK(2, r.staged_slot);
	CHK(1, r.online_activation);
	EXPECT_EQ(0, memcmp(r.slot1_rev, "FW-1", 4));
	EXPECT_EQ(0, memcmp(r.slot2_rev, "FW-2", 4));
	CHK(0, r.slot4_rev[0]);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_FW_INFO), &r, v_get_fw_info_rsp);
}

static const u8 v_transfer_fw_req[0x84] = {
	[0x00] = 0x01, [0x01] = 0x02, [0x04] = 0x10,
	[0x80] = 0xde, [0x81] = 0xad, [0x82] = 0xbe, [0x83] = 0xef,
};

TEST(transfer_fw)
{
	u8 data[8];
	struct fmapi_transfer_fw_req q = { .data = data, .data_cap = 8 };
	const struct fmapi_cmd *c = fmapi_cmd_find(FMAPI_OP_TRANSFER_FW);

	ASSERT_NE(NULL, c);
	EXPECT_TRUE(c->flags & FMAPI_CF_BG);
	DECODE_OK(c->req, v_transfer_fw_req, &q);
	CHK(FMAPI_FW_XFER_INITIATE, q.action);
	CHK(2, q.slot);
	CHK(0x10, q.offset);
	CHK(4, q.nr_data);
	EXPECT_EQ(0, memcmp(data, "\xde\xad\xbe\xef", 4));
	ROUNDTRIP(c->req, &q, v_transfer_fw_req);
}

static const u8 v_timestamp[] = {
	0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01,
};

TEST(timestamp)
{
	struct fmapi_timestamp t;

	DECODE_OK(rsp_of(FMAPI_OP_GET_TIMESTAMP), v_timestamp, &t);
	CHK(0x0123456789abcdefULL, t.timestamp);
	ROUNDTRIP(req_of(FMAPI_OP_SET_TIMESTAMP), &t, v_timestamp);
}

/* ---------------- §2.6 Logs, §2.7 Features ---------------- */

static const u8 v_get_supported_logs_rsp[] = {
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
	0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
	0x28, 0x00, 0x00, 0x00,
};

TEST(get_supported_logs)
{
	struct fmapi_log_entry e[1];
	struct fmapi_get_supported_logs_rsp r = {
		.entries = e, .entries_cap = 1,
	};

	DECODE_OK(rsp_of(FMAPI_OP_GET_SUPPORTED_LOGS),
		  v_get_supported_logs_rsp, &r);
	CHK(1, r.nr_entries);
	EXPECT_EQ(0, memcmp(e[0].uuid, cel_uuid_bytes, 16));
	EXPECT_EQ(0, memcmp(e[0].uuid, fmapi_cel_uuid, 16));
	CHK(0x28, e[0].size);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_SUPPORTED_LOGS), &r,
		  v_get_supported_logs_rsp);
}

static const u8 v_get_log_req[] = {
	0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
	0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
	0x10, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
};

static const u8 v_cel[] = {
	0x01, 0x00, 0x00, 0x00,		/* 0x0001 identify: no effects */
	0x01, 0x51, 0x00, 0x00,		/* 0x5101 */
	0x01, 0x52, 0x42, 0x00,		/* 0x5201 bind: imm cfg + bg op */
	0x01, 0x01, 0x10, 0x00,		/* 0x0101 clear events: log */
};

TEST(get_log_and_cel)
{
	struct fmapi_get_log_req q;
	u8 data[32];
	struct fmapi_bytes b = { .data = data, .data_cap = sizeof(data) };
	struct fmapi_cel_entry ce[4];
	u32 nr = 0;

	DECODE_OK(req_of(FMAPI_OP_GET_LOG), v_get_log_req, &q);
	EXPECT_EQ(0, memcmp(q.uuid, cel_uuid_bytes, 16));
	CHK(0x10, q.offset);
	CHK(0x100, q.length);
	ROUNDTRIP(req_of(FMAPI_OP_GET_LOG), &q, v_get_log_req);

	/* the response is raw log bytes */
	DECODE_OK(rsp_of(FMAPI_OP_GET_LOG), v_cel, &b);
	CHK(sizeof(v_cel), b.nr_data);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_LOG), &b, v_cel);

	ASSERT_EQ(0, fmapi_cel_parse(v_cel, sizeof(v_cel), ce, 4, &nr, NULL));
	CHK(4, nr);
	CHK(0x0001, ce[0].opcode);
	CHK(0, ce[0].effects);
	CHK(0x5101, ce[1].opcode);
	CHK(0x5201, ce[2].opcode);
	CHK(FMAPI_CEL_IMM_CFG | FMAPI_CEL_BG_OP, ce[2].effects);
	CHK(0x0101, ce[3].opcode);
	CHK(FMAPI_CEL_IMM_LOG, ce[3].effects);
	EXPECT_TRUE(fmapi_cel_is_read_only(ce[0].effects));
	EXPECT_FALSE(fmapi_cel_is_read_only(ce[2].effects));
	EXPECT_FALSE(fmapi_cel_is_read_only(ce[3].effects));
}

static const u8 v_get_supported_features_rsp[0x38] = {
	0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 96dad7d6-fde8-482b-a733-75774e06db8a */
	0x96, 0xda, 0xd7, 0xd6, 0xfd, 0xe8, 0x48, 0x2b,
	0xa7, 0x33, 0x75, 0x77, 0x4e, 0x06, 0xdb, 0x8a,
	0x02, 0x00, 0x07, 0x00, 0x03, 0x00,	/* index 2, get 7, set 3 */
	0x41, 0x00, 0x00, 0x00,			/* attributes */
	0x01, 0x02,				/* get/set version */
	0x01, 0x02,				/* set effects 0x0201 */
};

TEST(get_supported_features)
{
	struct fmapi_feature_entry e[2];
	struct fmapi_get_supported_features_rsp r = {
		.entries = e, .entries_cap = 2,
	};

	DECODE_OK(rsp_of(FMAPI_OP_GET_SUPPORTED_FEATURES),
		  v_get_supported_features_rsp, &r);
	CHK(1, r.nr_entries);
	CHK(3, r.total_features);
	CHK(0x96, e[0].uuid[0]);
	CHK(0x8a, e[0].uuid[15]);
	CHK(2, e[0].index);
	CHK(7, e[0].get_size);
	CHK(3, e[0].set_size);
	CHK(0x41, e[0].attr_flags);
	CHK(1, e[0].get_version);
	CHK(2, e[0].set_version);
	CHK(0x0201, e[0].set_effects);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_SUPPORTED_FEATURES), &r,
		  v_get_supported_features_rsp);
}

static const u8 v_set_feature_req[0x23] = {
	[0x00] = 0x96, [0x0f] = 0x8a,
	[0x10] = 0x08,			/* full transfer, saved across reset */
	[0x14] = 0x04, [0x16] = 0x01,
	[0x20] = 0xaa, [0x21] = 0xbb, [0x22] = 0xcc,
};

TEST(set_feature)
{
	u8 data[4];
	struct fmapi_set_feature_req q = { .data = data, .data_cap = 4 };

	DECODE_OK(req_of(FMAPI_OP_SET_FEATURE), v_set_feature_req, &q);
	CHK(0, q.transfer);
	CHK(1, q.save_across_reset);
	CHK(4, q.offset);
	CHK(1, q.version);
	CHK(3, q.nr_data);
	CHK(0xcc, data[2]);
	ROUNDTRIP(req_of(FMAPI_OP_SET_FEATURE), &q, v_set_feature_req);
}

/* ---------------- §3.3 Physical switch ---------------- */

static const u8 v_identify_switch_rsp[0x49] = {
	[0x00] = 0x00, [0x02] = 0x05, [0x03] = 0x01,
	[0x04] = 0x1f,			/* ports 0-4 active */
	[0x24] = 0x01,			/* VCS 0 active */
	[0x44] = 0x06, [0x46] = 0x05,
	[0x48] = 0x04,
};

TEST(identify_switch)
{
	struct fmapi_identify_switch_rsp r;

	DECODE_OK(rsp_of(FMAPI_OP_IDENTIFY_SWITCH), v_identify_switch_rsp, &r);
	CHK(0, r.ingress_port_id);
	CHK(5, r.num_phys_ports);
	CHK(1, r.num_vcs);
	CHK(0x1f, r.active_ports[0]);
	CHK(0, r.active_ports[1]);
	CHK(1, r.active_vcs[0]);
	CHK(6, r.num_vppbs);
	CHK(5, r.num_bound_vppbs);
	CHK(4, r.num_hdm_decoders);
	ROUNDTRIP(rsp_of(FMAPI_OP_IDENTIFY_SWITCH), &r, v_identify_switch_rsp);
}

static const u8 v_get_phys_port_state_req[] = { 0x02, 0x01, 0x03 };

static const u8 v_get_phys_port_state_rsp[] = {
	0x02, 0x00, 0x00, 0x00,
	/* port 1: DSP, 68B flit + VH, Type 3 MLD, x16 trained x8 */
	0x01, 0x03, 0x02, 0x00, 0x05, 0x02, 0x10, 0x08,
	0x1f, 0x05, 0x04, 0x04, 0x00, 0x06, 0x00, 0x03,
	/* port 3: invalid port ID, GAE bit, lane reversal + power off */
	0x03, 0x1f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00,
};

TEST(get_phys_port_state)
{
	u8 ids[4];
	struct fmapi_get_phys_port_state_req q = {
		.port_ids = ids, .port_ids_cap = 4,
	};
	struct fmapi_port_info p[2];
	struct fmapi_get_phys_port_state_rsp r = { .ports = p, .ports_cap = 2 };

	DECODE_OK(req_of(FMAPI_OP_GET_PHYS_PORT_STATE),
		  v_get_phys_port_state_req, &q);
	CHK(2, q.num_ports);
	CHK(1, ids[0]);
	CHK(3, ids[1]);
	ROUNDTRIP(req_of(FMAPI_OP_GET_PHYS_PORT_STATE), &q,
		  v_get_phys_port_state_req);

	DECODE_OK(rsp_of(FMAPI_OP_GET_PHYS_PORT_STATE),
		  v_get_phys_port_state_rsp, &r);
	CHK(2, r.num_ports);
	CHK(1, p[0].port_id);
	CHK(FMAPI_PORT_DSP, p[0].config_state);
	CHK(0, p[0].gae_support);
	CHK(FMAPI_DEV_MODE_68B_VH, p[0].conn_dev_mode);
	CHK(FMAPI_DEV_TYPE_CXL_T3_MLD, p[0].conn_dev_type);
	CHK(FMAPI_CXL_MODE_68B_VH, p[0].supported_cxl_modes);
	CHK(16, p[0].max_link_width);
	CHK(8, p[0].neg_link_width);
	CHK(0x1f, p[0].supported_speeds);
	CHK(5, p[0].max_link_speed);
	CHK(4, p[0].cur_link_speed);
	CHK(FMAPI_LTSSM_L0, p[0].ltssm_state);
	CHK(0, p[0].first_lane);
	CHK(FMAPI_LINK_PERST_ASSERTED | FMAPI_LINK_PRSNT, p[0].link_flags);
	EXPECT_TRUE(fmapi_link_perst_asserted(p[0].link_flags));
	EXPECT_TRUE(fmapi_link_present(p[0].link_flags));
	EXPECT_FALSE(fmapi_link_lane_reversed(p[0].link_flags));
	CHK(3, p[0].supported_ld_count);
	CHK(3, p[1].port_id);
	CHK(FMAPI_PORT_INVALID_ID, p[1].config_state);
	CHK(1, p[1].gae_support);
	EXPECT_TRUE(fmapi_link_lane_reversed(p[1].link_flags));
	EXPECT_TRUE(fmapi_link_powered_off(p[1].link_flags));
	EXPECT_FALSE(fmapi_link_present(p[1].link_flags));
	EXPECT_STREQ("invalid_port_id",
		     fmapi_enum_name(&fmapi_enum_port_config_state,
				     p[1].config_state));
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_PHYS_PORT_STATE), &r,
		  v_get_phys_port_state_rsp);
}

static const u8 v_phys_port_control_req[] = { 0x04, 0x02 };

TEST(phys_port_control)
{
	struct fmapi_phys_port_control_req q;

	DECODE_OK(req_of(FMAPI_OP_PHYS_PORT_CONTROL), v_phys_port_control_req,
		  &q);
	CHK(4, q.ppb_id);
	CHK(FMAPI_PORT_OP_RESET_PPB, q.port_op);
	ROUNDTRIP(req_of(FMAPI_OP_PHYS_PORT_CONTROL), &q,
		  v_phys_port_control_req);
}

static const u8 v_ppb_cfg_req[] = {
	0x02, 0x10, 0xf1, 0x80, 0xef, 0xbe, 0xad, 0xde,
};

static const u8 v_cfg_rsp[] = { 0x78, 0x56, 0x34, 0x12 };

TEST(send_ppb_cxlio_cfg)
{
	struct fmapi_ppb_cfg_req q;
	struct fmapi_cfg_rsp r;

	DECODE_OK(req_of(FMAPI_OP_SEND_PPB_CXLIO_CFG), v_ppb_cfg_req, &q);
	CHK(2, q.ppb_id);
	CHK(0x10, q.reg_num);
	CHK(1, q.ext_reg_num);
	CHK(0xf, q.first_be);
	CHK(1, q.write);
	CHK(0xdeadbeef, q.write_data);
	ROUNDTRIP(req_of(FMAPI_OP_SEND_PPB_CXLIO_CFG), &q, v_ppb_cfg_req);
	DECODE_OK(rsp_of(FMAPI_OP_SEND_PPB_CXLIO_CFG), v_cfg_rsp, &r);
	CHK(0x12345678, r.read_data);
	ROUNDTRIP(rsp_of(FMAPI_OP_SEND_PPB_CXLIO_CFG), &r, v_cfg_rsp);
}

static const u8 v_dv_sv[16] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
};

static const u8 v_vcs_id[] = { 0x03 };

TEST(domain_validation)
{
	struct fmapi_dv_sv sv;
	struct fmapi_vcs_id v;
	struct fmapi_dv_sv_state st;
	static const u8 one[] = { 0x01 };

	DECODE_OK(req_of(FMAPI_OP_SET_DV_SV), v_dv_sv, &sv);
	CHK(0xff, sv.secret[15]);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_DV_SV), &sv, v_dv_sv);
	DECODE_OK(req_of(FMAPI_OP_GET_VCS_DV_SV_STATE), v_vcs_id, &v);
	CHK(3, v.vcs_id);
	DECODE_OK(rsp_of(FMAPI_OP_GET_DV_SV_STATE), one, &st);
	CHK(1, st.state);
}

/* ---------------- §3.4 Virtual switch ---------------- */

static const u8 v_get_vcs_info_req[] = { 0x00, 0x04, 0x02, 0x00, 0x01 };

/* start_vppb 0, limit 4: VCS 0 has 3 vPPBs (3 entries), VCS 1 has 6 (4) */
static const u8 v_get_vcs_info_rsp[] = {
	0x02, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x03,
	0x02, 0x01, 0xff, 0x00,		/* bound to port 1, not an LD */
	0x03, 0x02, 0x05, 0x00,		/* bound to port 2 LD 5 */
	0x00, 0x00, 0x00, 0x00,		/* unbound */
	0x01, 0x01, 0x08, 0x06,
	0x04, 0x23, 0x01, 0x00,		/* bound to PID 0x123 */
	0x01, 0x00, 0x00, 0x00,		/* in progress */
	0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

TEST(get_vcs_info)
{
	u8 ids[2];
	struct fmapi_get_vcs_info_req q = { .vcs_ids = ids, .vcs_ids_cap = 2 };
	struct fmapi_vcs_info v[2];
	struct fmapi_vppb_info e[8];
	struct fmapi_get_vcs_info_rsp r = {
		.start_vppb = 0, .vppb_limit = 4,
		.vcs = v, .vcs_cap = 2, .vppbs = e, .vppbs_cap = 8,
	};
	const struct fmapi_layout *l = rsp_of(FMAPI_OP_GET_VCS_INFO);

	DECODE_OK(req_of(FMAPI_OP_GET_VCS_INFO), v_get_vcs_info_req, &q);
	CHK(0, q.start_vppb);
	CHK(4, q.vppb_limit);
	CHK(2, q.num_vcs);
	CHK(1, ids[1]);
	ROUNDTRIP(req_of(FMAPI_OP_GET_VCS_INFO), &q, v_get_vcs_info_req);

	DECODE_OK(l, v_get_vcs_info_rsp, &r);
	CHK(2, r.num_vcs);
	CHK(7, r.nr_vppbs);
	CHK(0, v[0].vcs_id);
	CHK(FMAPI_VCS_ENABLED, v[0].vcs_state);
	CHK(0, v[0].usp_id);
	CHK(3, v[0].num_vppbs);
	CHK(0, v[0].vppb_first);
	CHK(3, v[0].nr_vppb_entries);
	CHK(FMAPI_VPPB_BOUND_PORT, e[0].binding_status);
	CHK(1, e[0].bound_port_id);
	CHK(FMAPI_VPPB_LD_NONE, e[0].bound_ld_id);
	EXPECT_TRUE(fmapi_vppb_is_bound(e[0].binding_status));
	EXPECT_TRUE(fmapi_vppb_has_port(e[0].binding_status));
	EXPECT_FALSE(fmapi_vppb_has_ld(e[0].binding_status));
	CHK(FMAPI_VPPB_BOUND_LD, e[1].binding_status);
	CHK(2, e[1].bound_port_id);
	CHK(5, e[1].bound_ld_id);
	EXPECT_TRUE(fmapi_vppb_has_ld(e[1].binding_status));
	CHK(FMAPI_VPPB_UNBOUND, e[2].binding_status);
	EXPECT_FALSE(fmapi_vppb_is_bound(e[2].binding_status));
	CHK(1, v[1].vcs_id);
	CHK(8, v[1].usp_id);
	CHK(6, v[1].num_vppbs);
	CHK(3, v[1].vppb_first);
	CHK(4, v[1].nr_vppb_entries);
	CHK(FMAPI_VPPB_BOUND_PID, e[3].binding_status);
	CHK(0x123, e[3].bound_pid);
	EXPECT_FALSE(fmapi_vppb_has_port(e[3].binding_status));
	CHK(FMAPI_VPPB_IN_PROGRESS, e[4].binding_status);
	ROUNDTRIP(l, &r, v_get_vcs_info_rsp);
	ACHK(sizeof(v_get_vcs_info_rsp), fmapi_encoded_len(l, &r));
}

/* the same switch queried with start_vppb 2, limit 4: 1 + 4 entries */
static const u8 v_get_vcs_info_rsp_start2[] = {
	0x02, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x03,
	0x00, 0x00, 0x00, 0x00,
	0x01, 0x01, 0x08, 0x06,
	0x02, 0x04, 0xff, 0x00,
	0x02, 0x05, 0xff, 0x00,
	0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

TEST(get_vcs_info_start_vppb)
{
	struct fmapi_vcs_info v[2];
	struct fmapi_vppb_info e[8];
	struct fmapi_get_vcs_info_rsp r = {
		.start_vppb = 2, .vppb_limit = 4,
		.vcs = v, .vcs_cap = 2, .vppbs = e, .vppbs_cap = 8,
	};
	const struct fmapi_layout *l = rsp_of(FMAPI_OP_GET_VCS_INFO);

	DECODE_OK(l, v_get_vcs_info_rsp_start2, &r);
	CHK(5, r.nr_vppbs);
	CHK(1, v[0].nr_vppb_entries);
	CHK(4, v[1].nr_vppb_entries);
	CHK(1, v[1].vppb_first);
	CHK(4, e[1].bound_port_id);
	ROUNDTRIP(l, &r, v_get_vcs_info_rsp_start2);
	/* start beyond every VCS: blocks carry no entries */
	r.start_vppb = 6;
	ASSERT_EQ(-EBADMSG, decode_guarded(l, v_get_vcs_info_rsp_start2,
					   sizeof(v_get_vcs_info_rsp_start2),
					   &r, NULL));
}

static const u8 v_bind_vppb_req[] = { 0x00, 0x01, 0x03, 0x00, 0xff, 0xff };
static const u8 v_unbind_vppb_req[] = { 0x00, 0x01, 0x02 };

TEST(bind_unbind_vppb)
{
	struct fmapi_bind_vppb_req b;
	struct fmapi_unbind_vppb_req u;
	const struct fmapi_cmd *c = fmapi_cmd_find(FMAPI_OP_BIND_VPPB);

	ASSERT_NE(NULL, c);
	EXPECT_TRUE(c->flags & FMAPI_CF_BG);
	DECODE_OK(c->req, v_bind_vppb_req, &b);
	CHK(0, b.vcs_id);
	CHK(1, b.vppb_id);
	CHK(3, b.port_id);
	CHK(FMAPI_LD_ID_NONE, b.ld_id);
	ROUNDTRIP(c->req, &b, v_bind_vppb_req);
	DECODE_OK(req_of(FMAPI_OP_UNBIND_VPPB), v_unbind_vppb_req, &u);
	CHK(FMAPI_UNBIND_SURPRISE_HOT_REMOVE, u.option);
	ROUNDTRIP(req_of(FMAPI_OP_UNBIND_VPPB), &u, v_unbind_vppb_req);
}

static const u8 v_gen_aer_event_req[0x28] = {
	0x00, 0x01, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x80,
	[0x08] = 0x4a, [0x27] = 0x99,
};

TEST(gen_aer_event)
{
	struct fmapi_gen_aer_event_req q;

	DECODE_OK(req_of(FMAPI_OP_GEN_AER_EVENT), v_gen_aer_event_req, &q);
	CHK(0, q.vcs_id);
	CHK(1, q.vppb_instance);
	CHK(12, q.error_bit);
	CHK(1, q.uncorrectable);
	CHK(0x4a, q.tlp_header[0]);
	CHK(0x99, q.tlp_header[31]);
	ROUNDTRIP(req_of(FMAPI_OP_GEN_AER_EVENT), &q, v_gen_aer_event_req);
}

/* ---------------- §3.4 MLD port ---------------- */

/* 0x5300 to port 2 wrapping Get LD Info (0x5400), tag 0x42 */
static const u8 v_tunnel1_req[] = {
	0x02, 0x00, 0x0c, 0x00,
	0x00, 0x42, 0x00, 0x00, 0x54, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

TEST(tunnel_req_generic_layout)
{
	u8 msg[32];
	struct fmapi_tunnel_req q = { .msg = msg, .msg_cap = sizeof(msg) };

	DECODE_OK(req_of(FMAPI_OP_TUNNEL), v_tunnel1_req, &q);
	CHK(2, q.port_or_ld_id);
	CHK(0, q.target_type);
	CHK(12, q.command_size);
	CHK(0x54, msg[4]);
	ROUNDTRIP(req_of(FMAPI_OP_TUNNEL), &q, v_tunnel1_req);
}

static const u8 v_ld_cfg_req[] = {
	0x01, 0x04, 0xf0, 0x00, 0x03, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

TEST(send_ld_cxlio_cfg)
{
	struct fmapi_ld_cfg_req q;

	DECODE_OK(req_of(FMAPI_OP_SEND_LD_CXLIO_CFG), v_ld_cfg_req, &q);
	CHK(1, q.ppb_id);
	CHK(4, q.reg_num);
	CHK(0, q.ext_reg_num);
	CHK(0xf, q.first_be);
	CHK(0, q.write);
	CHK(3, q.ld_id);
	CHK(0, q.write_data);
	ROUNDTRIP(req_of(FMAPI_OP_SEND_LD_CXLIO_CFG), &q, v_ld_cfg_req);
}

static const u8 v_ld_mem_req[] = {
	0x01, 0x00, 0xf0, 0x8f, 0x02, 0x00, 0x08, 0x00,
	0x00, 0x00, 0x00, 0xfe, 0x00, 0x00, 0x00, 0x00,
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
};

static const u8 v_ld_mem_rsp[] = {
	0x04, 0x00, 0x00, 0x00, 0xaa, 0xbb, 0xcc, 0xdd,
};

TEST(send_ld_cxlio_mem)
{
	u8 data[16];
	struct fmapi_ld_mem_req q = { .data = data, .data_cap = 16 };
	struct fmapi_ld_mem_rsp r = { .data = data, .data_cap = 16 };

	DECODE_OK(req_of(FMAPI_OP_SEND_LD_CXLIO_MEM), v_ld_mem_req, &q);
	CHK(1, q.port_id);
	CHK(0xf, q.first_be);
	CHK(0xf, q.last_be);
	CHK(1, q.write);
	CHK(2, q.ld_id);		/* offset 4, not libcxlmi's 3 */
	CHK(8, q.length);
	CHK(0xfe000000, q.address);
	CHK(8, q.nr_data);
	CHK(0x88, data[7]);
	ROUNDTRIP(req_of(FMAPI_OP_SEND_LD_CXLIO_MEM), &q, v_ld_mem_req);

	DECODE_OK(rsp_of(FMAPI_OP_SEND_LD_CXLIO_MEM), v_ld_mem_rsp, &r);
	CHK(4, r.bytes_transferred);
	CHK(4, r.nr_data);
	CHK(0xdd, data[3]);
	ROUNDTRIP(rsp_of(FMAPI_OP_SEND_LD_CXLIO_MEM), &r, v_ld_mem_rsp);
}

/* ---------------- §3.5 MLD components ---------------- */

static const u8 v_get_ld_info_rsp[] = {
	0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x03,
};

TEST(get_ld_info)
{
	struct fmapi_get_ld_info_rsp r;

	DECODE_OK(rsp_of(FMAPI_OP_GET_LD_INFO), v_get_ld_info_rsp, &r);
	CHK(0x40000000, r.memory_size);
	CHK(4, r.ld_count);
	CHK(1, r.qos_egress_cong);
	CHK(1, r.qos_temp_tput_reduction);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_LD_INFO), &r, v_get_ld_info_rsp);
}

static const u8 v_get_ld_alloc_req[] = { 0x00, 0x02 };

static const u8 v_get_ld_alloc_rsp[] = {
	0x04, 0x01, 0x00, 0x02,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

TEST(get_ld_alloc)
{
	struct fmapi_ld_list_req q;
	struct fmapi_ld_alloc a[4];
	struct fmapi_get_ld_alloc_rsp r = { .allocs = a, .allocs_cap = 4 };

	DECODE_OK(req_of(FMAPI_OP_GET_LD_ALLOC), v_get_ld_alloc_req, &q);
	CHK(0, q.start_ld_id);
	CHK(2, q.ld_limit);
	ROUNDTRIP(req_of(FMAPI_OP_GET_LD_ALLOC), &q, v_get_ld_alloc_req);
	DECODE_OK(rsp_of(FMAPI_OP_GET_LD_ALLOC), v_get_ld_alloc_rsp, &r);
	CHK(4, r.num_lds);
	CHK(1, r.granularity);
	CHK(0, r.start_ld_id);
	CHK(2, r.list_len);
	CHK(1, a[0].range1_mult);
	CHK(0, a[0].range2_mult);
	CHK(2, a[1].range1_mult);
	CHK(3, a[1].range2_mult);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_LD_ALLOC), &r, v_get_ld_alloc_rsp);
}

static const u8 v_set_ld_alloc[] = {
	0x01, 0x03, 0x00, 0x00,
	0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
};

TEST(set_ld_alloc)
{
	struct fmapi_ld_alloc a[1];
	struct fmapi_set_ld_alloc s = { .allocs = a, .allocs_cap = 1 };

	DECODE_OK(req_of(FMAPI_OP_SET_LD_ALLOC), v_set_ld_alloc, &s);
	CHK(1, s.num_lds);
	CHK(3, s.start_ld_id);
	CHK(4, a[0].range1_mult);
	CHK(0x0100000000000000ULL, a[0].range2_mult);
	ROUNDTRIP(rsp_of(FMAPI_OP_SET_LD_ALLOC), &s, v_set_ld_alloc);
}

static const u8 v_qos_ctrl[] = { 0x03, 0x0a, 0x19, 0x08, 0x00, 0x00, 0x40 };

TEST(qos_ctrl)
{
	struct fmapi_qos_ctrl c;
	struct fmapi_qos_status_rsp st;
	static const u8 v_status[] = { 0x21 };

	DECODE_OK(rsp_of(FMAPI_OP_GET_QOS_CTRL), v_qos_ctrl, &c);
	CHK(1, c.egress_cong_enable);
	CHK(1, c.temp_tput_enable);
	CHK(10, c.egress_moderate_pct);
	CHK(25, c.egress_severe_pct);
	CHK(8, c.bp_sample_interval);
	CHK(0, c.reqcmp_basis);
	CHK(64, c.completion_interval);
	ROUNDTRIP(req_of(FMAPI_OP_SET_QOS_CTRL), &c, v_qos_ctrl);
	DECODE_OK(rsp_of(FMAPI_OP_GET_QOS_STATUS), v_status, &st);
	CHK(0x21, st.bp_avg_pct);
}

static const u8 v_qos_bw_req[] = { 0x02, 0x00 };
static const u8 v_qos_bw_list[] = { 0x02, 0x00, 0x80, 0x40 };

TEST(qos_bw)
{
	struct fmapi_ld_list_req q;
	u8 f[4];
	struct fmapi_qos_bw_list b = { .fractions = f, .fractions_cap = 4 };

	/* 0x5406 request: number of LDs first, then start LD */
	DECODE_OK(req_of(FMAPI_OP_GET_QOS_ALLOC_BW), v_qos_bw_req, &q);
	CHK(2, q.ld_limit);
	CHK(0, q.start_ld_id);
	ROUNDTRIP(req_of(FMAPI_OP_GET_QOS_BW_LIMIT), &q, v_qos_bw_req);
	DECODE_OK(rsp_of(FMAPI_OP_GET_QOS_ALLOC_BW), v_qos_bw_list, &b);
	CHK(2, b.num_lds);
	CHK(0x80, f[0]);
	CHK(0x40, f[1]);
	ROUNDTRIP(req_of(FMAPI_OP_SET_QOS_BW_LIMIT), &b, v_qos_bw_list);
}

/* ---------------- §3.6 Multi-headed devices ---------------- */

static const u8 v_get_mhd_info_rsp[] = {
	0x04, 0x02, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00,
	0x00, 0x01, 0xff, 0x00,
};

static const u8 v_get_head_info_rsp[] = {
	0x01, 0x00, 0x00, 0x00,
	0x07, 0x10, 0x10, 0x1f, 0x05, 0x05, 0x04, 0x00, 0x02,
};

TEST(mhd)
{
	u8 map[8];
	struct fmapi_get_mhd_info_rsp m = { .ld_map = map, .ld_map_cap = 8 };
	struct fmapi_head_info h[1];
	struct fmapi_get_head_info_rsp r = { .heads = h, .heads_cap = 1 };

	DECODE_OK(rsp_of(FMAPI_OP_GET_MHD_INFO), v_get_mhd_info_rsp, &m);
	CHK(4, m.num_lds);
	CHK(2, m.num_heads);
	CHK(0, m.start_ld_id);
	CHK(4, m.ld_map_len);
	CHK(0xff, map[2]);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_MHD_INFO), &m, v_get_mhd_info_rsp);

	DECODE_OK(rsp_of(FMAPI_OP_GET_HEAD_INFO), v_get_head_info_rsp, &r);
	CHK(1, r.num_heads);
	CHK(7, h[0].port_id);
	CHK(16, h[0].max_link_width);
	CHK(0x1f, h[0].supported_speeds);
	CHK(FMAPI_LTSSM_L0, h[0].ltssm_state);
	CHK(2, h[0].link_flags);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_HEAD_INFO), &r, v_get_head_info_rsp);
}

/* ---------------- §3.7 DCD management ---------------- */

static const u8 v_get_dcd_info_rsp[0x54] = {
	[0x00] = 0x01, [0x01] = 0x02,
	[0x04] = 0x04,			/* add: prescriptive */
	[0x08] = 0x02,			/* release: prescriptive */
	[0x0a] = 0x01,
	[0x0c] = 0x10,
	[0x16] = 0x20,			/* region 0: 2 MiB blocks */
	[0x1d] = 0x10,			/* region 1: 4 KiB blocks */
	[0x53] = 0x00,
};

TEST(get_dcd_info)
{
	struct fmapi_get_dcd_info_rsp r;

	DECODE_OK(rsp_of(FMAPI_OP_GET_DCD_INFO), v_get_dcd_info_rsp, &r);
	CHK(1, r.num_hosts);
	CHK(2, r.num_regions);
	CHK(4, r.add_policies);
	CHK(2, r.release_policies);
	CHK(1, r.sanitize_mask);
	CHK(0x10, r.total_capacity);
	CHK(0x200000, r.region_block_sizes[0]);
	CHK(0x1000, r.region_block_sizes[1]);
	CHK(0, r.region_block_sizes[7]);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_DCD_INFO), &r, v_get_dcd_info_rsp);
}

static const u8 v_get_host_dc_region_cfg_rsp[] = {
	0x00, 0x00, 0x02, 0x01,
	/* region: base 0, decode 4, length 1 GiB, block 2 MiB */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	/* totals */
	0x00, 0x02, 0x00, 0x00, 0xff, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

TEST(get_host_dc_region_cfg)
{
	struct fmapi_dc_region reg[2];
	struct fmapi_get_host_dc_region_cfg_rsp r = {
		.regions = reg, .regions_cap = 2,
	};

	DECODE_OK(rsp_of(FMAPI_OP_GET_HOST_DC_REGION_CFG),
		  v_get_host_dc_region_cfg_rsp, &r);
	CHK(0, r.host_id);
	CHK(2, r.num_regions);
	CHK(1, r.regions_returned);
	CHK(4, reg[0].decode_len);
	CHK(0x40000000, reg[0].region_len);
	CHK(0x200000, reg[0].block_size);
	CHK(0x08, reg[0].flags);
	CHK(1, reg[0].sanitize_on_release);
	CHK(0x200, r.extents_supported);
	CHK(0x1ff, r.extents_available);
	CHK(0, r.tags_supported);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_HOST_DC_REGION_CFG), &r,
		  v_get_host_dc_region_cfg_rsp);
}

static const u8 v_set_dc_region_cfg[] = {
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};

TEST(set_dc_region_cfg)
{
	struct fmapi_set_dc_region_cfg c;

	DECODE_OK(req_of(FMAPI_OP_SET_DC_REGION_CFG), v_set_dc_region_cfg, &c);
	CHK(1, c.region_id);
	CHK(0x200000, c.block_size);
	CHK(1, c.sanitize_on_release);
	ROUNDTRIP(req_of(FMAPI_OP_SET_DC_REGION_CFG), &c, v_set_dc_region_cfg);
	/* response: empty (QEMU) or the full payload (spec) */
	memset(&c, 0xff, sizeof(c));
	ASSERT_EQ(0, fmapi_decode(rsp_of(FMAPI_OP_SET_DC_REGION_CFG), NULL, 0,
				  &c, NULL));
	CHK(0, c.block_size);
	DECODE_OK(rsp_of(FMAPI_OP_SET_DC_REGION_CFG), v_set_dc_region_cfg, &c);
	CHK(0x200000, c.block_size);
}

static const u8 v_dc_extent[0x28] = {
	0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x02, 0x00,
};

static const u8 v_get_dc_extents_rsp_hdr[0x18] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x05, 0x00, 0x00, 0x00,
};

TEST(get_dc_region_extents)
{
	u8 wire[0x18 + 0x28];
	struct fmapi_dc_extent x[1];
	struct fmapi_get_dc_extents_rsp r = { .extents = x, .extents_cap = 1 };

	memcpy(wire, v_get_dc_extents_rsp_hdr, 0x18);
	memcpy(wire + 0x18, v_dc_extent, 0x28);
	DECODE_OK(rsp_of(FMAPI_OP_GET_DC_REGION_EXTENTS), wire, &r);
	CHK(1, r.extents_returned);
	CHK(1, r.total_extents);
	CHK(5, r.generation);
	CHK(0x40000000, x[0].dpa);
	CHK(0x10000000, x[0].length);
	CHK(0x10, x[0].tag[0]);
	CHK(0x1f, x[0].tag[15]);
	CHK(2, x[0].shared_seq);
	ROUNDTRIP(rsp_of(FMAPI_OP_GET_DC_REGION_EXTENTS), &r, wire);
}

static const u8 v_dc_add_hdr[0x20] = {
	0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x00, 0x00, 0x00, 0x00,
	[0x1c] = 0x01,
};

static const u8 v_dc_release_hdr[0x20] = {
	0x00, 0x00, 0x11, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x00, 0x00, 0x00, 0x00,
	[0x1c] = 0x01,
};

TEST(dc_add_release)
{
	u8 wire[0x20 + 0x28];
	struct fmapi_dc_extent x[1];
	struct fmapi_dc_add_req a = { .extents = x, .extents_cap = 1 };
	struct fmapi_dc_release_req r = { .extents = x, .extents_cap = 1 };

	memcpy(wire, v_dc_add_hdr, 0x20);
	memcpy(wire + 0x20, v_dc_extent, 0x28);
	DECODE_OK(req_of(FMAPI_OP_INITIATE_DC_ADD), wire, &a);
	CHK(0, a.host_id);
	CHK(FMAPI_DC_ADD_PRESCRIPTIVE, a.policy);
	CHK(0x10000000, a.length);
	CHK(1, a.extent_count);
	CHK(0x40000000, x[0].dpa);
	ROUNDTRIP(req_of(FMAPI_OP_INITIATE_DC_ADD), &a, wire);

	memcpy(wire, v_dc_release_hdr, 0x20);
	DECODE_OK(req_of(FMAPI_OP_INITIATE_DC_RELEASE), wire, &r);
	CHK(FMAPI_DC_RELEASE_PRESCRIPTIVE, r.policy);
	CHK(1, r.forced);
	CHK(0, r.sanitize);
	CHK(1, r.extent_count);
	ROUNDTRIP(req_of(FMAPI_OP_INITIATE_DC_RELEASE), &r, wire);
}

static const u8 v_dc_list_tags_rsp[0x10 + 0x54] = {
	0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	[0x10] = 0xaa, [0x1f] = 0xbb,	/* tag */
	[0x20] = 0x01,			/* flags */
	[0x24] = 0x03,			/* host 0 and 1 hold a reference */
	[0x44] = 0x02,			/* host 1 reference pending */
};

TEST(dc_list_tags)
{
	struct fmapi_dc_tag_entry t[1];
	struct fmapi_dc_list_tags_rsp r = { .tags = t, .tags_cap = 1 };

	DECODE_OK(rsp_of(FMAPI_OP_DC_LIST_TAGS), v_dc_list_tags_rsp, &r);
	CHK(1, r.generation);
	CHK(1, r.total_tags);
	CHK(1, r.tags_returned);
	CHK(1, r.validity);
	CHK(0xaa, t[0].tag[0]);
	CHK(0xbb, t[0].tag[15]);
	CHK(1, t[0].flags);
	CHK(3, t[0].ref_bitmap[0]);
	CHK(2, t[0].pending_bitmap[0]);
	ROUNDTRIP(rsp_of(FMAPI_OP_DC_LIST_TAGS), &r, v_dc_list_tags_rsp);
}

/* ---------------- Truncation sweep over the vectors above ---------------- */

struct vec {
	u16 opcode;
	bool rsp;
	const u8 *wire;
	size_t len;
};

#define V(op, is_rsp, w)	{ op, is_rsp, w, sizeof(w) }

static const struct vec vecs[] = {
	V(FMAPI_OP_IDENTIFY, true, v_identify_rsp),
	V(FMAPI_OP_BG_OP_STATUS, true, v_bg_op_status_rsp),
	V(FMAPI_OP_SET_RSP_MSG_LIMIT, false, v_set_msg_limit_req),
	V(FMAPI_OP_GET_EVENT_RECORDS, false, v_get_event_records_req),
	V(FMAPI_OP_GET_EVENT_RECORDS, true, v_get_event_records_rsp),
	V(FMAPI_OP_CLEAR_EVENT_RECORDS, false, v_clear_event_records_req),
	V(FMAPI_OP_SET_EVENT_INT_POLICY, false, v_event_int_policy5),
	V(FMAPI_OP_SET_MCTP_EVENT_INT_POLICY, false, v_mctp_event_mask),
	V(FMAPI_OP_GET_FW_INFO, true, v_get_fw_info_rsp),
	V(FMAPI_OP_TRANSFER_FW, false, v_transfer_fw_req),
	V(FMAPI_OP_GET_TIMESTAMP, true, v_timestamp),
	V(FMAPI_OP_GET_SUPPORTED_LOGS, true, v_get_supported_logs_rsp),
	V(FMAPI_OP_GET_LOG, false, v_get_log_req),
	V(FMAPI_OP_GET_SUPPORTED_FEATURES, true, v_get_supported_features_rsp),
	V(FMAPI_OP_SET_FEATURE, false, v_set_feature_req),
	V(FMAPI_OP_IDENTIFY_SWITCH, true, v_identify_switch_rsp),
	V(FMAPI_OP_GET_PHYS_PORT_STATE, false, v_get_phys_port_state_req),
	V(FMAPI_OP_GET_PHYS_PORT_STATE, true, v_get_phys_port_state_rsp),
	V(FMAPI_OP_PHYS_PORT_CONTROL, false, v_phys_port_control_req),
	V(FMAPI_OP_SEND_PPB_CXLIO_CFG, false, v_ppb_cfg_req),
	V(FMAPI_OP_SEND_PPB_CXLIO_CFG, true, v_cfg_rsp),
	V(FMAPI_OP_SET_DV_SV, false, v_dv_sv),
	V(FMAPI_OP_GET_VCS_INFO, false, v_get_vcs_info_req),
	V(FMAPI_OP_GET_VCS_INFO, true, v_get_vcs_info_rsp),
	V(FMAPI_OP_BIND_VPPB, false, v_bind_vppb_req),
	V(FMAPI_OP_UNBIND_VPPB, false, v_unbind_vppb_req),
	V(FMAPI_OP_GEN_AER_EVENT, false, v_gen_aer_event_req),
	V(FMAPI_OP_TUNNEL, false, v_tunnel1_req),
	V(FMAPI_OP_SEND_LD_CXLIO_CFG, false, v_ld_cfg_req),
	V(FMAPI_OP_SEND_LD_CXLIO_MEM, false, v_ld_mem_req),
	V(FMAPI_OP_SEND_LD_CXLIO_MEM, true, v_ld_mem_rsp),
	V(FMAPI_OP_GET_LD_INFO, true, v_get_ld_info_rsp),
	V(FMAPI_OP_GET_LD_ALLOC, false, v_get_ld_alloc_req),
	V(FMAPI_OP_GET_LD_ALLOC, true, v_get_ld_alloc_rsp),
	V(FMAPI_OP_SET_LD_ALLOC, false, v_set_ld_alloc),
	V(FMAPI_OP_SET_QOS_CTRL, false, v_qos_ctrl),
	V(FMAPI_OP_GET_QOS_ALLOC_BW, false, v_qos_bw_req),
	V(FMAPI_OP_GET_QOS_ALLOC_BW, true, v_qos_bw_list),
	V(FMAPI_OP_GET_MHD_INFO, true, v_get_mhd_info_rsp),
	V(FMAPI_OP_GET_HEAD_INFO, true, v_get_head_info_rsp),
	V(FMAPI_OP_GET_DCD_INFO, true, v_get_dcd_info_rsp),
	V(FMAPI_OP_GET_HOST_DC_REGION_CFG, true, v_get_host_dc_region_cfg_rsp),
	V(FMAPI_OP_SET_DC_REGION_CFG, false, v_set_dc_region_cfg),
	V(FMAPI_OP_DC_LIST_TAGS, true, v_dc_list_tags_rsp),
};

/* big enough for any typed struct and any list in the vectors */
union scratch {
	u64 align;
	u8 bytes[1024];
};

static u64 elems_store[512];
static u8 *const elems = (u8 *)elems_store;

/* point the layout's list (and 0x5200's vPPB array) at scratch arrays */
static void setup_lists(const struct fmapi_layout *l, void *s)
{
	void *p = elems;
	u32 cap;

	if (!l || !l->list)
		return;
	cap = sizeof(elems_store) / 2 / l->list->elem_st_size;
	memcpy((u8 *)s + l->list->ptr_off, &p, sizeof(p));
	memcpy((u8 *)s + l->list->cap_off, &cap, sizeof(cap));
	if (l->ops) {
		struct fmapi_get_vcs_info_rsp *r = s;

		r->vppb_limit = 4;
		r->vppbs = (void *)(elems + sizeof(elems_store) / 2);
		r->vppbs_cap = sizeof(elems_store) / 2 / sizeof(*r->vppbs);
	}
}

TEST(truncation_sweep)
{
	unsigned int i, checked = 0;

	build_get_event_records_rsp();
	for (i = 0; i < ARRAY_SIZE(vecs); i++) {
		const struct fmapi_cmd *c = fmapi_cmd_find(vecs[i].opcode);
		const struct fmapi_layout *l;
		size_t n, min;

		ASSERT_NE(NULL, c);
		l = vecs[i].rsp ? c->rsp : c->req;
		ASSERT_NE(NULL, l);
		min = l->min_len ? l->min_len : l->fixed_len;
		for (n = 0; n <= vecs[i].len; n++) {
			union scratch s;
			struct fmapi_diag d;
			int ret;

			memset(&s, 0, sizeof(s));
			setup_lists(l, &s);
			ret = decode_guarded(l, vecs[i].wire, n, &s, &d);
			if (n == vecs[i].len) {
				EXPECT_EQ(0, ret) TH_LOG("%s full", c->name);
				continue;
			}
			/* optional trailing fields, or optional payload */
			if (n >= min && !l->list && !l->ops)
				continue;
			if (n == 0 && (l->flags & FMAPI_LF_OPTIONAL))
				continue;
			/* an implied list shrinks by whole elements */
			if (l->list && l->list->count_field == FMAPI_COUNT_IMPLIED &&
			    n >= l->fixed_len && ret == 0)
				continue;
			EXPECT_NE(0, ret) TH_LOG("%s accepted %zu of %zu bytes",
						 c->name, n, vecs[i].len);
			EXPECT_EQ(fmapi_err_errno(d.reason), ret);
			EXPECT_TRUE(ret == -EMSGSIZE || ret == -EBADMSG);
			checked++;
		}
	}
	EXPECT_LT(500U, checked);
}

TEST_HARNESS_MAIN
