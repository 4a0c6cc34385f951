// SPDX-License-Identifier: GPL-2.0-only
/*
 * cxlfm FM-API codec: hand-written wire vectors.
 *
 * Every byte array below was written by hand from the tables in
 * FMAPI-REFERENCE.md (sections given per test), never produced by the
 * encoder under test. Each test decodes the vector (from a buffer that ends
 * at a PROT_NONE page), checks every field, re-encodes and compares bytes
 * (the output buffer is pre-filled with 0xa5 so reserved bytes must be
 * written as zero).
 *
 * Every vector is registered in vecs[] (end of file), once per (opcode,
 * direction) whose layout it is run through, with the test that checks its
 * fields. The DEC_* / ENC_* macros refuse a vector that is not registered
 * for the calling test. Over that table:
 *  - registered_vectors_roundtrip decodes and re-encodes every entry with
 *    its own command's layout;
 *  - truncation_sweep decodes every truncation of every entry;
 *  - every_layout_has_a_vector fails if any command the codec describes
 *    (fmapi_cmd_at()) has a request or response layout with no entry, so a
 *    command added without a vector turns the suite red;
 *  - registry_matches_tests (last) fails if an entry names a test that ran
 *    but never decoded or encoded that vector with that layout.
 */
#include "kselftest_harness.h"
#include "unit.h"

/* only for the few unregistered special forms (see their comments) */
#define DECODE_OK(l, wire, st)						\
	ASSERT_EQ(0, decode_guarded((l), (wire), sizeof(wire), (st), NULL))

static bool vec_registered(u16 opcode, bool rsp, const u8 *wire, size_t len,
			   const struct __test_metadata *test);

static const char *dir_name(bool rsp)
{
	return rsp ? "rsp" : "req";
}

static const struct fmapi_layout *layout_of(u16 opcode, bool rsp)
{
	const struct fmapi_cmd *c = fmapi_cmd_find(opcode);

	if (!c)
		return NULL;
	return rsp ? c->rsp : c->req;
}

/*
 * The layout of @opcode's request or response, provided @wire is registered
 * in vecs[] for that (opcode, direction) and for the calling test; else
 * NULL (logged).
 */
static const struct fmapi_layout *
vec_layout(struct __test_metadata *_metadata, u16 opcode, bool rsp,
	   const u8 *wire, size_t len, const char *wname)
{
	const struct fmapi_layout *l = layout_of(opcode, rsp);

	if (!vec_registered(opcode, rsp, wire, len, _metadata)) {
		TH_LOG("%s is not registered as 0x%04x %s of test %s", wname,
		       opcode, dir_name(rsp), _metadata->name);
		return NULL;
	}
	if (!l)
		TH_LOG("%s: the codec has no 0x%04x %s layout", wname, opcode,
		       dir_name(rsp));
	return l;
}

/*
 * Encode @st with layout @l into a 0xa5-filled buffer and compare with
 * @wire: same length, same bytes (so reserved bytes were written as 0).
 */
static void roundtrip(struct __test_metadata *_metadata,
		      const struct fmapi_layout *l, const void *st,
		      const u8 *wire, size_t len, const char *wname)
{
	u8 out[2048];
	int n;

	ASSERT_GE(sizeof(out), len);
	memset(out, 0xa5, sizeof(out));
	n = fmapi_encode(l, st, out, sizeof(out), NULL);
	ACHK(len, n) TH_LOG("%s: encoded length", wname);
	EXPECT_EQ(0, memcmp(out, wire, len))
		TH_LOG("%s: re-encoded bytes differ", wname);
}

/* decode registered vector @wire with @op's request/response layout */
#define DEC(op, is_rsp, wire, st)					\
	do {								\
		const u8 *__w = (wire);					\
		const struct fmapi_layout *__l =			\
			vec_layout(_metadata, (op), (is_rsp), __w,	\
				   sizeof(wire), #wire);		\
		ASSERT_NE(NULL, __l);					\
		ASSERT_EQ(0, decode_guarded(__l, __w, sizeof(wire),	\
					    (st), NULL));		\
	} while (0)

/* encode @st with @op's request/response layout, compare with @wire */
#define ENC(op, is_rsp, st, wire)					\
	do {								\
		const u8 *__w = (wire);					\
		const struct fmapi_layout *__l =			\
			vec_layout(_metadata, (op), (is_rsp), __w,	\
				   sizeof(wire), #wire);		\
		ASSERT_NE(NULL, __l);					\
		roundtrip(_metadata, __l, (st), __w, sizeof(wire),	\
			  #wire);					\
	} while (0)

#define DEC_REQ(op, wire, st)	DEC(op, false, wire, st)
#define DEC_RSP(op, wire, st)	DEC(op, true, wire, st)
#define ENC_REQ(op, st, wire)	ENC(op, false, st, wire)
#define ENC_RSP(op, st, wire)	ENC(op, true, st, wire)

static const u8 cel_uuid_bytes[16] = {	/* 0da9c0b5-bf41-4b78-8f79-96b1623b3f17 */
	0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
	0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
};

static const u8 zero16[16];

/* ---------------- §2.2 Information and status ---------------- */

static const u8 v_identify_rsp[] = {
	0xe5, 0x19, 0x28, 0xa1, 0x34, 0x12, 0x78, 0x56,
	0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
	0x0b, 0x00,
};

TEST(identify_rsp)
{
	struct fmapi_identify_rsp r;

	ASSERT_NE(NULL, fmapi_cmd_find(FMAPI_OP_IDENTIFY));
	EXPECT_EQ(NULL, req_of(FMAPI_OP_IDENTIFY));
	DEC_RSP(FMAPI_OP_IDENTIFY, v_identify_rsp, &r);
	CHK(0x19e5, r.vendor_id);
	CHK(0xa128, r.device_id);
	CHK(0x1234, r.subsys_vendor_id);
	CHK(0x5678, r.subsys_id);
	CHK(0x0102030405060708ULL, r.serial_num);
	CHK(11, r.max_msg_size);
	CHK(0, r.component_type);
	ENC_RSP(FMAPI_OP_IDENTIFY, &r, v_identify_rsp);
}

static const u8 v_bg_op_status_rsp[] = {
	0x65, 0x00, 0x01, 0x52, 0x00, 0x00, 0xef, 0xbe,
};

TEST(bg_op_status_rsp)
{
	struct fmapi_bg_op_status_rsp r;

	DEC_RSP(FMAPI_OP_BG_OP_STATUS, v_bg_op_status_rsp, &r);
	CHK(1, r.running);
	CHK(50, r.percent);
	CHK(0x5201, r.opcode);
	CHK(0, r.return_code);
	CHK(0xbeef, r.vendor_status);
	ENC_RSP(FMAPI_OP_BG_OP_STATUS, &r, v_bg_op_status_rsp);
}

/* §2.2: request n = 9 (512 B); the component answers with the limit applied */
static const u8 v_set_msg_limit_req[] = { 0x09 };
static const u8 v_set_msg_limit_rsp[] = { 0x08 };

TEST(set_rsp_msg_limit)
{
	struct fmapi_msg_limit m;

	memset(&m, 0xff, sizeof(m));
	DEC_REQ(FMAPI_OP_SET_RSP_MSG_LIMIT, v_set_msg_limit_req, &m);
	CHK(9, m.limit);
	ENC_REQ(FMAPI_OP_SET_RSP_MSG_LIMIT, &m, v_set_msg_limit_req);
	DEC_RSP(FMAPI_OP_SET_RSP_MSG_LIMIT, v_set_msg_limit_rsp, &m);
	CHK(8, m.limit);
	ENC_RSP(FMAPI_OP_SET_RSP_MSG_LIMIT, &m, v_set_msg_limit_rsp);
}

static const u8 v_get_msg_limit_rsp[] = { 0x0a };

TEST(get_rsp_msg_limit)
{
	struct fmapi_msg_limit m;

	EXPECT_EQ(NULL, req_of(FMAPI_OP_GET_RSP_MSG_LIMIT));
	memset(&m, 0xff, sizeof(m));
	DEC_RSP(FMAPI_OP_GET_RSP_MSG_LIMIT, v_get_msg_limit_rsp, &m);
	CHK(10, m.limit);
	ENC_RSP(FMAPI_OP_GET_RSP_MSG_LIMIT, &m, v_get_msg_limit_rsp);
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

/* header + one opaque record; built before any test runs */
static void __attribute__((constructor)) build_get_event_records_rsp(void)
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

	DEC_REQ(FMAPI_OP_GET_EVENT_RECORDS, v_get_event_records_req, &q);
	CHK(FMAPI_LOG_FAIL, q.log);
	ENC_REQ(FMAPI_OP_GET_EVENT_RECORDS, &q, v_get_event_records_req);

	DEC_RSP(FMAPI_OP_GET_EVENT_RECORDS, v_get_event_records_rsp, &r);
	CHK(1, r.overflow);
	CHK(1, r.more_records);
	CHK(5, r.overflow_err_count);
	CHK(0x1122334455667788ULL, r.first_overflow_ts);
	CHK(0x10, r.last_overflow_ts);
	CHK(1, r.nr_records);
	EXPECT_EQ(0, memcmp(recs[0].raw, v_get_event_records_rsp + 0x20, 0x80));
	ENC_RSP(FMAPI_OP_GET_EVENT_RECORDS, &r, v_get_event_records_rsp);
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

	DEC_REQ(FMAPI_OP_CLEAR_EVENT_RECORDS, v_clear_event_records_req, &q);
	CHK(FMAPI_LOG_WARN, q.log);
	CHK(0, q.clear_all);
	CHK(2, q.nr_handles);
	CHK(0x0102, h[0]);
	CHK(0x0a0b, h[1]);
	ENC_REQ(FMAPI_OP_CLEAR_EVENT_RECORDS, &q, v_clear_event_records_req);
	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_CLEAR_EVENT_RECORDS));
}

/*
 * §2.3: input is 4 bytes minimum, the DC byte is optional. The 4-byte form
 * is not a registered vector: the encoder always writes all 5 bytes, so it
 * cannot round-trip byte for byte (checked by hand below).
 */
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

	memset(&p, 0xff, sizeof(p));
	DEC_RSP(FMAPI_OP_GET_EVENT_INT_POLICY, v_event_int_policy5, &p);
	CHK(FMAPI_INT_MODE_MSI, p.info_mode);
	CHK(3, p.info_msgnum);
	CHK(FMAPI_INT_MODE_MSI, p.warn_mode);
	CHK(0, p.warn_msgnum);
	CHK(FMAPI_INT_MODE_FW, p.fail_mode);
	CHK(0, p.fail_msgnum);
	CHK(FMAPI_INT_MODE_NONE, p.fatal_mode);
	CHK(0, p.fatal_msgnum);
	CHK(FMAPI_INT_MODE_MSI, p.dcd_mode);
	CHK(5, p.dcd_msgnum);
	ENC_RSP(FMAPI_OP_GET_EVENT_INT_POLICY, &p, v_event_int_policy5);
	memset(&p, 0xff, sizeof(p));
	DEC_REQ(FMAPI_OP_SET_EVENT_INT_POLICY, v_event_int_policy5, &p);
	CHK(FMAPI_INT_MODE_MSI, p.dcd_mode);
	CHK(5, p.dcd_msgnum);
	ENC_REQ(FMAPI_OP_SET_EVENT_INT_POLICY, &p, v_event_int_policy5);
}

/* §2.3: one bitmask format for 0x0104 output, 0x0105 input and output */
static const u8 v_mctp_event_mask[] = { 0x1f, 0x80 };
/* the settings now in effect: informational and warning only */
static const u8 v_set_mctp_event_rsp[] = { 0x03, 0x00 };

TEST(mctp_event_interrupt_policy)
{
	struct fmapi_mctp_event_mask m;
	const u16 all = FMAPI_MCTP_EVT_INFO | FMAPI_MCTP_EVT_WARN |
			FMAPI_MCTP_EVT_FAIL | FMAPI_MCTP_EVT_FATAL |
			FMAPI_MCTP_EVT_DCD | FMAPI_MCTP_EVT_BG_DONE;

	EXPECT_EQ(NULL, req_of(FMAPI_OP_GET_MCTP_EVENT_INT_POLICY));
	DEC_RSP(FMAPI_OP_GET_MCTP_EVENT_INT_POLICY, v_mctp_event_mask, &m);
	CHK(all, m.event_mask);
	ENC_RSP(FMAPI_OP_GET_MCTP_EVENT_INT_POLICY, &m, v_mctp_event_mask);
	m.event_mask = 0;
	DEC_REQ(FMAPI_OP_SET_MCTP_EVENT_INT_POLICY, v_mctp_event_mask, &m);
	CHK(all, m.event_mask);
	ENC_REQ(FMAPI_OP_SET_MCTP_EVENT_INT_POLICY, &m, v_mctp_event_mask);
	DEC_RSP(FMAPI_OP_SET_MCTP_EVENT_INT_POLICY, v_set_mctp_event_rsp, &m);
	CHK(FMAPI_MCTP_EVT_INFO | FMAPI_MCTP_EVT_WARN, m.event_mask);
	ENC_RSP(FMAPI_OP_SET_MCTP_EVENT_INT_POLICY, &m, v_set_mctp_event_rsp);
}

/*
 * §2.3 0x0106, sent by the component: informational and failure logs have
 * new records, and a background operation completed. The reference says the
 * FM acknowledges with a response but gives that response no payload; the
 * codec describes none.
 */
static const u8 v_event_notification_req[] = { 0x05, 0x80 };

TEST(event_notification)
{
	struct fmapi_mctp_event_mask m = { .event_mask = 0xffff };

	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_EVENT_NOTIFICATION));
	DEC_REQ(FMAPI_OP_EVENT_NOTIFICATION, v_event_notification_req, &m);
	CHK(FMAPI_MCTP_EVT_INFO | FMAPI_MCTP_EVT_FAIL | FMAPI_MCTP_EVT_BG_DONE,
	    m.event_mask);
	ENC_REQ(FMAPI_OP_EVENT_NOTIFICATION, &m, v_event_notification_req);
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

	DEC_RSP(FMAPI_OP_GET_FW_INFO, v_get_fw_info_rsp, &r);
	CHK(2, r.nr_slots);
	CHK(1, r.active_slot);
	CHK(2, r.staged_slot);
	CHK(1, r.online_activation);
	EXPECT_EQ(0, memcmp(r.slot1_rev, "FW-1\0\0\0\0\0\0\0\0\0\0\0", 16));
	EXPECT_EQ(0, memcmp(r.slot2_rev, "FW-2\0\0\0\0\0\0\0\0\0\0\0", 16));
	EXPECT_EQ(0, memcmp(r.slot3_rev, zero16, 16));
	EXPECT_EQ(0, memcmp(r.slot4_rev, zero16, 16));
	ENC_RSP(FMAPI_OP_GET_FW_INFO, &r, v_get_fw_info_rsp);
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
	DEC_REQ(FMAPI_OP_TRANSFER_FW, v_transfer_fw_req, &q);
	CHK(FMAPI_FW_XFER_INITIATE, q.action);
	CHK(2, q.slot);
	CHK(0x10, q.offset);
	CHK(4, q.nr_data);
	EXPECT_EQ(0, memcmp(data, "\xde\xad\xbe\xef", 4));
	ENC_REQ(FMAPI_OP_TRANSFER_FW, &q, v_transfer_fw_req);
}

/* §2.4: activate the image in slot 2 on the next cold reset */
static const u8 v_activate_fw_req[] = { 0x01, 0x02 };

TEST(activate_fw)
{
	struct fmapi_activate_fw_req q;
	static const u8 reserved_action[] = { 0x02, 0x01 };

	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_ACTIVATE_FW));
	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_ACTIVATE_FW, v_activate_fw_req, &q);
	CHK(1, q.action);
	CHK(2, q.slot);
	ENC_REQ(FMAPI_OP_ACTIVATE_FW, &q, v_activate_fw_req);
	/* only 0 (online) and 1 (next cold reset) are defined */
	EXPECT_EQ(-EINVAL, decode_guarded(req_of(FMAPI_OP_ACTIVATE_FW),
					  reserved_action,
					  sizeof(reserved_action), &q, NULL));
}

static const u8 v_timestamp[] = {
	0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01,
};

TEST(timestamp)
{
	struct fmapi_timestamp t;

	EXPECT_EQ(NULL, req_of(FMAPI_OP_GET_TIMESTAMP));
	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_SET_TIMESTAMP));
	DEC_RSP(FMAPI_OP_GET_TIMESTAMP, v_timestamp, &t);
	CHK(0x0123456789abcdefULL, t.timestamp);
	ENC_RSP(FMAPI_OP_GET_TIMESTAMP, &t, v_timestamp);
	t.timestamp = 0;
	DEC_REQ(FMAPI_OP_SET_TIMESTAMP, v_timestamp, &t);
	CHK(0x0123456789abcdefULL, t.timestamp);
	ENC_REQ(FMAPI_OP_SET_TIMESTAMP, &t, v_timestamp);
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

	DEC_RSP(FMAPI_OP_GET_SUPPORTED_LOGS, v_get_supported_logs_rsp, &r);
	CHK(1, r.nr_entries);
	EXPECT_EQ(0, memcmp(e[0].uuid, cel_uuid_bytes, 16));
	EXPECT_EQ(0, memcmp(e[0].uuid, fmapi_cel_uuid, 16));
	CHK(0x28, e[0].size);
	ENC_RSP(FMAPI_OP_GET_SUPPORTED_LOGS, &r, v_get_supported_logs_rsp);
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

	DEC_REQ(FMAPI_OP_GET_LOG, v_get_log_req, &q);
	EXPECT_EQ(0, memcmp(q.uuid, cel_uuid_bytes, 16));
	CHK(0x10, q.offset);
	CHK(0x100, q.length);
	ENC_REQ(FMAPI_OP_GET_LOG, &q, v_get_log_req);

	/* the response is raw log bytes */
	DEC_RSP(FMAPI_OP_GET_LOG, v_cel, &b);
	CHK(sizeof(v_cel), b.nr_data);
	EXPECT_EQ(0, memcmp(data, v_cel, sizeof(v_cel)));
	ENC_RSP(FMAPI_OP_GET_LOG, &b, v_cel);

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

/*
 * §2.6 0x0402 Get Log Capabilities (layout from libcxlmi only): the log UUID
 * in, a 4-byte "parameter flags" dword out. The reference gives no meaning
 * for the flag bits, so the codec (and this test) treat the dword as opaque;
 * bits 31 and 1:0 are set so a width or byte-order slip shows.
 */
static const u8 v_get_log_caps_req[16] = {	/* the CEL */
	0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
	0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
};

static const u8 v_get_log_caps_rsp[] = { 0x03, 0x00, 0x00, 0x80 };

TEST(get_log_caps)
{
	struct fmapi_log_uuid q;
	struct fmapi_get_log_caps_rsp r;

	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_GET_LOG_CAPS, v_get_log_caps_req, &q);
	EXPECT_EQ(0, memcmp(q.uuid, fmapi_cel_uuid, 16));
	ENC_REQ(FMAPI_OP_GET_LOG_CAPS, &q, v_get_log_caps_req);
	DEC_RSP(FMAPI_OP_GET_LOG_CAPS, v_get_log_caps_rsp, &r);
	CHK(0x80000003, r.param_flags);
	ENC_RSP(FMAPI_OP_GET_LOG_CAPS, &r, v_get_log_caps_rsp);
}

/*
 * §2.6 0x0403 Clear Log (libcxlmi only): the log UUID, no output. Media
 * test results (short) log 2c255522-8ce4-11ec-b909-0242ac120002.
 */
static const u8 v_clear_log_req[16] = {
	0x2c, 0x25, 0x55, 0x22, 0x8c, 0xe4, 0x11, 0xec,
	0xb9, 0x09, 0x02, 0x42, 0xac, 0x12, 0x00, 0x02,
};

TEST(clear_log)
{
	struct fmapi_log_uuid q;

	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_CLEAR_LOG));
	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_CLEAR_LOG, v_clear_log_req, &q);
	CHK(0x2c, q.uuid[0]);
	CHK(0xec, q.uuid[7]);
	CHK(0xb9, q.uuid[8]);
	CHK(0x02, q.uuid[15]);
	EXPECT_EQ(0, memcmp(q.uuid, v_clear_log_req, 16));
	ENC_REQ(FMAPI_OP_CLEAR_LOG, &q, v_clear_log_req);
}

/*
 * §2.6 0x0404 Populate Log (libcxlmi only): the log UUID, no output.
 * Component state dump log b3fab4cf-01b6-4332-943e-5e9962f23567.
 */
static const u8 v_populate_log_req[16] = {
	0xb3, 0xfa, 0xb4, 0xcf, 0x01, 0xb6, 0x43, 0x32,
	0x94, 0x3e, 0x5e, 0x99, 0x62, 0xf2, 0x35, 0x67,
};

TEST(populate_log)
{
	struct fmapi_log_uuid q;

	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_POPULATE_LOG));
	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_POPULATE_LOG, v_populate_log_req, &q);
	CHK(0xb3, q.uuid[0]);
	CHK(0x32, q.uuid[7]);
	CHK(0x94, q.uuid[8]);
	CHK(0x67, q.uuid[15]);
	EXPECT_EQ(0, memcmp(q.uuid, v_populate_log_req, 16));
	ENC_REQ(FMAPI_OP_POPULATE_LOG, &q, v_populate_log_req);
}

/*
 * §2.6 0x0405 Get Supported Logs Sub-List (libcxlmi only): at most 2
 * entries from index 1; the device has 0x103 logs and returns entries 1
 * and 2. (Multi-byte fields of the new vectors carry a non-zero high byte
 * where a legal value allows, so a field-width slip shows.)
 */
static const u8 v_get_logs_sublist_req[] = { 0x02, 0x01 };

static const u8 v_get_logs_sublist_rsp[0x30] = {
	0x02, 0x00, 0x03, 0x01, 0x01, 0x00, 0x00, 0x00,
	/* component state dump b3fab4cf-01b6-4332-943e-5e9962f23567, 64 KiB */
	0xb3, 0xfa, 0xb4, 0xcf, 0x01, 0xb6, 0x43, 0x32,
	0x94, 0x3e, 0x5e, 0x99, 0x62, 0xf2, 0x35, 0x67,
	0x00, 0x00, 0x01, 0x00,
	/* DDR5 ECS log f1720d60-a7a9-4306-a003-11948f9e077c, 0x44 bytes */
	0xf1, 0x72, 0x0d, 0x60, 0xa7, 0xa9, 0x43, 0x06,
	0xa0, 0x03, 0x11, 0x94, 0x8f, 0x9e, 0x07, 0x7c,
	0x44, 0x00, 0x00, 0x00,
};

TEST(get_supported_logs_sublist)
{
	struct fmapi_get_logs_sublist_req q;
	struct fmapi_log_entry e[3];
	struct fmapi_get_logs_sublist_rsp r = {
		.entries = e, .entries_cap = 3,
	};

	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_GET_SUPPORTED_LOGS_SUBLIST, v_get_logs_sublist_req, &q);
	CHK(2, q.max_entries);
	CHK(1, q.start_index);
	ENC_REQ(FMAPI_OP_GET_SUPPORTED_LOGS_SUBLIST, &q, v_get_logs_sublist_req);

	DEC_RSP(FMAPI_OP_GET_SUPPORTED_LOGS_SUBLIST, v_get_logs_sublist_rsp, &r);
	CHK(2, r.nr_entries);
	CHK(0x103, r.total_entries);
	CHK(1, r.start_index);
	CHK(0xb3, e[0].uuid[0]);
	CHK(0x67, e[0].uuid[15]);
	EXPECT_EQ(0, memcmp(e[0].uuid, v_get_logs_sublist_rsp + 0x08, 16));
	CHK(0x10000, e[0].size);
	CHK(0xf1, e[1].uuid[0]);
	CHK(0x7c, e[1].uuid[15]);
	EXPECT_EQ(0, memcmp(e[1].uuid, v_get_logs_sublist_rsp + 0x1c, 16));
	CHK(0x44, e[1].size);
	ENC_RSP(FMAPI_OP_GET_SUPPORTED_LOGS_SUBLIST, &r, v_get_logs_sublist_rsp);
}

/* §2.7: up to 0x10038 bytes of output from feature index 0x102 */
static const u8 v_get_supported_features_req[] = {
	0x38, 0x00, 0x01, 0x00, 0x02, 0x01, 0x00, 0x00,
};

/* a device with 3 features, asked from index 2 */
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
	struct fmapi_get_supported_features_req q;
	struct fmapi_feature_entry e[2];
	struct fmapi_get_supported_features_rsp r = {
		.entries = e, .entries_cap = 2,
	};

	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_GET_SUPPORTED_FEATURES, v_get_supported_features_req,
		&q);
	CHK(0x10038, q.count);
	CHK(0x102, q.start_index);
	ENC_REQ(FMAPI_OP_GET_SUPPORTED_FEATURES, &q,
		v_get_supported_features_req);

	DEC_RSP(FMAPI_OP_GET_SUPPORTED_FEATURES, v_get_supported_features_rsp,
		&r);
	CHK(1, r.nr_entries);
	CHK(3, r.total_features);
	CHK(0x96, e[0].uuid[0]);
	CHK(0x8a, e[0].uuid[15]);
	EXPECT_EQ(0, memcmp(e[0].uuid, v_get_supported_features_rsp + 8, 16));
	CHK(2, e[0].index);
	CHK(7, e[0].get_size);
	CHK(3, e[0].set_size);
	CHK(0x41, e[0].attr_flags);
	CHK(1, e[0].get_version);
	CHK(2, e[0].set_version);
	CHK(0x0201, e[0].set_effects);
	ENC_RSP(FMAPI_OP_GET_SUPPORTED_FEATURES, &r,
		v_get_supported_features_rsp);
}

/*
 * §2.7: 0x0106 bytes from offset 0x0102 of the saved value of the feature
 * 96dad7d6-fde8-482b-a733-75774e06db8a.
 */
static const u8 v_get_feature_req[0x15] = {
	0x96, 0xda, 0xd7, 0xd6, 0xfd, 0xe8, 0x48, 0x2b,
	0xa7, 0x33, 0x75, 0x77, 0x4e, 0x06, 0xdb, 0x8a,
	0x02, 0x01, 0x06, 0x01, 0x02,
};

/* output of a 6-byte read: the feature data itself, opaque to the codec */
static const u8 v_get_feature_rsp[] = { 0x0c, 0x01, 0x0c, 0x00, 0x80, 0x7f };

TEST(get_feature)
{
	struct fmapi_get_feature_req q;
	u8 data[16];
	struct fmapi_bytes b = { .data = data, .data_cap = sizeof(data) };
	u8 bad[sizeof(v_get_feature_req)];

	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_GET_FEATURE, v_get_feature_req, &q);
	EXPECT_EQ(0, memcmp(q.uuid, v_get_supported_features_rsp + 8, 16));
	CHK(0x102, q.offset);
	CHK(0x106, q.count);
	CHK(2, q.selection);		/* saved */
	ENC_REQ(FMAPI_OP_GET_FEATURE, &q, v_get_feature_req);

	DEC_RSP(FMAPI_OP_GET_FEATURE, v_get_feature_rsp, &b);
	CHK(6, b.nr_data);
	EXPECT_EQ(0, memcmp(data, "\x0c\x01\x0c\x00\x80\x7f", 6));
	ENC_RSP(FMAPI_OP_GET_FEATURE, &b, v_get_feature_rsp);

	/* selection 3 is reserved */
	memcpy(bad, v_get_feature_req, sizeof(bad));
	bad[0x14] = 0x03;
	EXPECT_EQ(-EINVAL, decode_guarded(req_of(FMAPI_OP_GET_FEATURE), bad,
					  sizeof(bad), &q, NULL));
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

	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_SET_FEATURE));
	DEC_REQ(FMAPI_OP_SET_FEATURE, v_set_feature_req, &q);
	EXPECT_EQ(0, memcmp(q.uuid, v_set_feature_req, 16));
	CHK(0x96, q.uuid[0]);
	CHK(0x8a, q.uuid[15]);
	CHK(0, q.transfer);
	CHK(1, q.save_across_reset);
	CHK(4, q.offset);
	CHK(1, q.version);
	CHK(3, q.nr_data);
	EXPECT_EQ(0, memcmp(data, "\xaa\xbb\xcc", 3));
	ENC_REQ(FMAPI_OP_SET_FEATURE, &q, v_set_feature_req);
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

	DEC_RSP(FMAPI_OP_IDENTIFY_SWITCH, v_identify_switch_rsp, &r);
	CHK(0, r.ingress_port_id);
	CHK(5, r.num_phys_ports);
	CHK(1, r.num_vcs);
	CHK(0x1f, r.active_ports[0]);
	CHK(0, r.active_ports[1]);
	CHK(1, r.active_vcs[0]);
	CHK(6, r.num_vppbs);
	CHK(5, r.num_bound_vppbs);
	CHK(4, r.num_hdm_decoders);
	ENC_RSP(FMAPI_OP_IDENTIFY_SWITCH, &r, v_identify_switch_rsp);
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

	DEC_REQ(FMAPI_OP_GET_PHYS_PORT_STATE, v_get_phys_port_state_req, &q);
	CHK(2, q.num_ports);
	CHK(1, ids[0]);
	CHK(3, ids[1]);
	ENC_REQ(FMAPI_OP_GET_PHYS_PORT_STATE, &q, v_get_phys_port_state_req);

	DEC_RSP(FMAPI_OP_GET_PHYS_PORT_STATE, v_get_phys_port_state_rsp, &r);
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
	ENC_RSP(FMAPI_OP_GET_PHYS_PORT_STATE, &r, v_get_phys_port_state_rsp);
}

static const u8 v_phys_port_control_req[] = { 0x04, 0x02 };

TEST(phys_port_control)
{
	struct fmapi_phys_port_control_req q;

	DEC_REQ(FMAPI_OP_PHYS_PORT_CONTROL, v_phys_port_control_req, &q);
	CHK(4, q.ppb_id);
	CHK(FMAPI_PORT_OP_RESET_PPB, q.port_op);
	ENC_REQ(FMAPI_OP_PHYS_PORT_CONTROL, &q, v_phys_port_control_req);
}

static const u8 v_ppb_cfg_req[] = {
	0x02, 0x10, 0xf1, 0x80, 0xef, 0xbe, 0xad, 0xde,
};

static const u8 v_cfg_rsp[] = { 0x78, 0x56, 0x34, 0x12 };

TEST(send_ppb_cxlio_cfg)
{
	struct fmapi_ppb_cfg_req q;
	struct fmapi_cfg_rsp r;

	DEC_REQ(FMAPI_OP_SEND_PPB_CXLIO_CFG, v_ppb_cfg_req, &q);
	CHK(2, q.ppb_id);
	CHK(0x10, q.reg_num);
	CHK(1, q.ext_reg_num);
	CHK(0xf, q.first_be);
	CHK(1, q.write);
	CHK(0xdeadbeef, q.write_data);
	ENC_REQ(FMAPI_OP_SEND_PPB_CXLIO_CFG, &q, v_ppb_cfg_req);
	DEC_RSP(FMAPI_OP_SEND_PPB_CXLIO_CFG, v_cfg_rsp, &r);
	CHK(0x12345678, r.read_data);
	ENC_RSP(FMAPI_OP_SEND_PPB_CXLIO_CFG, &r, v_cfg_rsp);
}

/* §3.3 0x5104: no input; 1 byte out, 1 = the secret value is set */
static const u8 v_get_dv_sv_state_rsp[] = { 0x01 };

TEST(get_dv_sv_state)
{
	struct fmapi_dv_sv_state st;

	EXPECT_EQ(NULL, req_of(FMAPI_OP_GET_DV_SV_STATE));
	memset(&st, 0xff, sizeof(st));
	DEC_RSP(FMAPI_OP_GET_DV_SV_STATE, v_get_dv_sv_state_rsp, &st);
	CHK(1, st.state);
	ENC_RSP(FMAPI_OP_GET_DV_SV_STATE, &st, v_get_dv_sv_state_rsp);
}

/* §3.3 0x5105: the 16-byte secret (a UUID) in, no output */
static const u8 v_dv_sv[16] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
};

TEST(set_dv_sv)
{
	struct fmapi_dv_sv sv;

	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_SET_DV_SV));
	memset(&sv, 0xa5, sizeof(sv));
	DEC_REQ(FMAPI_OP_SET_DV_SV, v_dv_sv, &sv);
	CHK(0x00, sv.secret[0]);
	CHK(0x77, sv.secret[7]);
	CHK(0x88, sv.secret[8]);
	CHK(0xff, sv.secret[15]);
	EXPECT_EQ(0, memcmp(sv.secret, v_dv_sv, 16));
	ENC_REQ(FMAPI_OP_SET_DV_SV, &sv, v_dv_sv);
}

/* §3.3 0x5106: VCS 3 in; its secret value is not set (0) */
static const u8 v_get_vcs_dv_sv_state_req[] = { 0x03 };
static const u8 v_get_vcs_dv_sv_state_rsp[] = { 0x00 };

TEST(get_vcs_dv_sv_state)
{
	struct fmapi_vcs_id v;
	struct fmapi_dv_sv_state st;

	memset(&v, 0xff, sizeof(v));
	DEC_REQ(FMAPI_OP_GET_VCS_DV_SV_STATE, v_get_vcs_dv_sv_state_req, &v);
	CHK(3, v.vcs_id);
	ENC_REQ(FMAPI_OP_GET_VCS_DV_SV_STATE, &v, v_get_vcs_dv_sv_state_req);
	memset(&st, 0xff, sizeof(st));
	DEC_RSP(FMAPI_OP_GET_VCS_DV_SV_STATE, v_get_vcs_dv_sv_state_rsp, &st);
	CHK(0, st.state);
	ENC_RSP(FMAPI_OP_GET_VCS_DV_SV_STATE, &st, v_get_vcs_dv_sv_state_rsp);
}

/* §3.3 0x5107: VCS 5 in; its 16-byte secret out */
static const u8 v_get_dv_sv_req[] = { 0x05 };

static const u8 v_get_dv_sv_rsp[16] = {
	0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87,
	0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f,
};

TEST(get_dv_sv)
{
	struct fmapi_vcs_id v;
	struct fmapi_dv_sv sv;

	memset(&v, 0xff, sizeof(v));
	DEC_REQ(FMAPI_OP_GET_DV_SV, v_get_dv_sv_req, &v);
	CHK(5, v.vcs_id);
	ENC_REQ(FMAPI_OP_GET_DV_SV, &v, v_get_dv_sv_req);
	memset(&sv, 0, sizeof(sv));
	DEC_RSP(FMAPI_OP_GET_DV_SV, v_get_dv_sv_rsp, &sv);
	CHK(0xf0, sv.secret[0]);
	CHK(0x87, sv.secret[7]);
	CHK(0x78, sv.secret[8]);
	CHK(0x0f, sv.secret[15]);
	EXPECT_EQ(0, memcmp(sv.secret, v_get_dv_sv_rsp, 16));
	ENC_RSP(FMAPI_OP_GET_DV_SV, &sv, v_get_dv_sv_rsp);
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

	DEC_REQ(FMAPI_OP_GET_VCS_INFO, v_get_vcs_info_req, &q);
	CHK(0, q.start_vppb);
	CHK(4, q.vppb_limit);
	CHK(2, q.num_vcs);
	CHK(0, ids[0]);
	CHK(1, ids[1]);
	ENC_REQ(FMAPI_OP_GET_VCS_INFO, &q, v_get_vcs_info_req);

	DEC_RSP(FMAPI_OP_GET_VCS_INFO, v_get_vcs_info_rsp, &r);
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
	CHK(FMAPI_VCS_ENABLED, v[1].vcs_state);
	CHK(8, v[1].usp_id);
	CHK(6, v[1].num_vppbs);
	CHK(3, v[1].vppb_first);
	CHK(4, v[1].nr_vppb_entries);
	CHK(FMAPI_VPPB_BOUND_PID, e[3].binding_status);
	CHK(0x123, e[3].bound_pid);
	EXPECT_FALSE(fmapi_vppb_has_port(e[3].binding_status));
	CHK(FMAPI_VPPB_IN_PROGRESS, e[4].binding_status);
	CHK(FMAPI_VPPB_UNBOUND, e[5].binding_status);
	CHK(FMAPI_VPPB_UNBOUND, e[6].binding_status);
	ENC_RSP(FMAPI_OP_GET_VCS_INFO, &r, v_get_vcs_info_rsp);
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

	DEC_RSP(FMAPI_OP_GET_VCS_INFO, v_get_vcs_info_rsp_start2, &r);
	CHK(2, r.num_vcs);
	CHK(5, r.nr_vppbs);
	CHK(3, v[0].num_vppbs);
	CHK(1, v[0].nr_vppb_entries);
	CHK(FMAPI_VPPB_UNBOUND, e[0].binding_status);
	CHK(1, v[1].vcs_id);
	CHK(6, v[1].num_vppbs);
	CHK(4, v[1].nr_vppb_entries);
	CHK(1, v[1].vppb_first);
	CHK(FMAPI_VPPB_BOUND_PORT, e[1].binding_status);
	CHK(4, e[1].bound_port_id);
	CHK(5, e[2].bound_port_id);
	CHK(FMAPI_VPPB_UNBOUND, e[4].binding_status);
	ENC_RSP(FMAPI_OP_GET_VCS_INFO, &r, v_get_vcs_info_rsp_start2);
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
	memset(&b, 0xa5, sizeof(b));
	DEC_REQ(FMAPI_OP_BIND_VPPB, v_bind_vppb_req, &b);
	CHK(0, b.vcs_id);
	CHK(1, b.vppb_id);
	CHK(3, b.port_id);
	CHK(FMAPI_LD_ID_NONE, b.ld_id);
	ENC_REQ(FMAPI_OP_BIND_VPPB, &b, v_bind_vppb_req);
	memset(&u, 0xa5, sizeof(u));
	DEC_REQ(FMAPI_OP_UNBIND_VPPB, v_unbind_vppb_req, &u);
	CHK(0, u.vcs_id);
	CHK(1, u.vppb_id);
	CHK(FMAPI_UNBIND_SURPRISE_HOT_REMOVE, u.option);
	ENC_REQ(FMAPI_OP_UNBIND_VPPB, &u, v_unbind_vppb_req);
}

static const u8 v_gen_aer_event_req[0x28] = {
	0x00, 0x01, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x80,
	[0x08] = 0x4a, [0x27] = 0x99,
};

TEST(gen_aer_event)
{
	struct fmapi_gen_aer_event_req q;

	DEC_REQ(FMAPI_OP_GEN_AER_EVENT, v_gen_aer_event_req, &q);
	CHK(0, q.vcs_id);
	CHK(1, q.vppb_instance);
	CHK(12, q.error_bit);
	CHK(1, q.uncorrectable);
	EXPECT_EQ(0, memcmp(q.tlp_header, v_gen_aer_event_req + 8, 32));
	CHK(0x4a, q.tlp_header[0]);
	CHK(0x99, q.tlp_header[31]);
	ENC_REQ(FMAPI_OP_GEN_AER_EVENT, &q, v_gen_aer_event_req);
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

	DEC_REQ(FMAPI_OP_TUNNEL, v_tunnel1_req, &q);
	CHK(2, q.port_or_ld_id);
	CHK(0, q.target_type);
	CHK(12, q.command_size);
	EXPECT_EQ(0, memcmp(msg, v_tunnel1_req + 4, 12));
	CHK(FMAPI_MSG_REQUEST, msg[0]);
	CHK(0x42, msg[1]);
	CHK(0x54, msg[4]);
	ENC_REQ(FMAPI_OP_TUNNEL, &q, v_tunnel1_req);
}

/*
 * Its response: the LD answered Get LD Info (1 GiB, 4 LDs, both QoS
 * telemetry capabilities). §3.4 only names bytes 0-1 "response length";
 * §3.2 (QEMU) says it counts the whole embedded message, 12-byte header
 * plus payload, which is what this vector does: 12 + 11 = 0x17.
 */
static const u8 v_tunnel1_rsp[4 + 12 + 11] = {
	0x17, 0x00, 0x00, 0x00,
	0x01, 0x42, 0x00, 0x00, 0x54, 0x0b, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x03,
};

TEST(tunnel_rsp_generic_layout)
{
	u8 msg[32];
	struct fmapi_tunnel_rsp r = { .msg = msg, .msg_cap = sizeof(msg) };
	struct fmapi_tunnel_result res;
	struct fmapi_get_ld_info_rsp ld;

	DEC_RSP(FMAPI_OP_TUNNEL, v_tunnel1_rsp, &r);
	CHK(0x17, r.response_len);
	EXPECT_EQ(0, memcmp(msg, v_tunnel1_rsp + 4, 0x17));
	CHK(FMAPI_MSG_RESPONSE, msg[0]);
	CHK(0x42, msg[1]);
	CHK(0x54, msg[4]);
	CHK(0x0b, msg[5]);
	ENC_RSP(FMAPI_OP_TUNNEL, &r, v_tunnel1_rsp);

	/* the tunnel helper reads the same bytes the same way */
	ASSERT_EQ(0, fmapi_tunnel_unwrap(v_tunnel1_rsp, sizeof(v_tunnel1_rsp),
					 1, 0x42, FMAPI_OP_GET_LD_INFO, &res,
					 NULL));
	CHK(1, res.level);
	CHK(0, res.return_code);
	CHK(0, res.bo);
	ACHK(11, res.payload_len);
	EXPECT_EQ(v_tunnel1_rsp + 16, res.payload);
	ASSERT_EQ(0, fmapi_decode(rsp_of(FMAPI_OP_GET_LD_INFO), res.payload,
				  res.payload_len, &ld, NULL));
	CHK(0x40000000, ld.memory_size);
	CHK(4, ld.ld_count);
}

static const u8 v_ld_cfg_req[] = {
	0x01, 0x04, 0xf0, 0x00, 0x03, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

/* read data of that config read (command/status dword of the LD) */
static const u8 v_ld_cfg_rsp[] = { 0x46, 0x05, 0x10, 0x00 };

TEST(send_ld_cxlio_cfg)
{
	struct fmapi_ld_cfg_req q;
	struct fmapi_cfg_rsp r;

	memset(&q, 0xa5, sizeof(q));
	DEC_REQ(FMAPI_OP_SEND_LD_CXLIO_CFG, v_ld_cfg_req, &q);
	CHK(1, q.ppb_id);
	CHK(4, q.reg_num);
	CHK(0, q.ext_reg_num);
	CHK(0xf, q.first_be);
	CHK(0, q.write);
	CHK(3, q.ld_id);
	CHK(0, q.write_data);
	ENC_REQ(FMAPI_OP_SEND_LD_CXLIO_CFG, &q, v_ld_cfg_req);
	DEC_RSP(FMAPI_OP_SEND_LD_CXLIO_CFG, v_ld_cfg_rsp, &r);
	CHK(0x00100546, r.read_data);
	ENC_RSP(FMAPI_OP_SEND_LD_CXLIO_CFG, &r, v_ld_cfg_rsp);
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

	DEC_REQ(FMAPI_OP_SEND_LD_CXLIO_MEM, v_ld_mem_req, &q);
	CHK(1, q.port_id);
	CHK(0xf, q.first_be);
	CHK(0xf, q.last_be);
	CHK(1, q.write);
	CHK(2, q.ld_id);		/* offset 4, not libcxlmi's 3 */
	CHK(8, q.length);
	CHK(0xfe000000, q.address);
	CHK(8, q.nr_data);
	EXPECT_EQ(0, memcmp(data, v_ld_mem_req + 0x10, 8));
	ENC_REQ(FMAPI_OP_SEND_LD_CXLIO_MEM, &q, v_ld_mem_req);

	DEC_RSP(FMAPI_OP_SEND_LD_CXLIO_MEM, v_ld_mem_rsp, &r);
	CHK(4, r.bytes_transferred);
	CHK(4, r.nr_data);
	EXPECT_EQ(0, memcmp(data, "\xaa\xbb\xcc\xdd", 4));
	ENC_RSP(FMAPI_OP_SEND_LD_CXLIO_MEM, &r, v_ld_mem_rsp);
}

/* ---------------- §3.5 MLD components ---------------- */

static const u8 v_get_ld_info_rsp[] = {
	0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x03,
};

TEST(get_ld_info)
{
	struct fmapi_get_ld_info_rsp r;

	DEC_RSP(FMAPI_OP_GET_LD_INFO, v_get_ld_info_rsp, &r);
	CHK(0x40000000, r.memory_size);
	CHK(4, r.ld_count);
	CHK(1, r.qos_egress_cong);
	CHK(1, r.qos_temp_tput_reduction);
	ENC_RSP(FMAPI_OP_GET_LD_INFO, &r, v_get_ld_info_rsp);
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

	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_GET_LD_ALLOC, v_get_ld_alloc_req, &q);
	CHK(0, q.start_ld_id);
	CHK(2, q.ld_limit);
	ENC_REQ(FMAPI_OP_GET_LD_ALLOC, &q, v_get_ld_alloc_req);
	DEC_RSP(FMAPI_OP_GET_LD_ALLOC, v_get_ld_alloc_rsp, &r);
	CHK(4, r.num_lds);
	CHK(1, r.granularity);
	CHK(0, r.start_ld_id);
	CHK(2, r.list_len);
	CHK(1, a[0].range1_mult);
	CHK(0, a[0].range2_mult);
	CHK(2, a[1].range1_mult);
	CHK(3, a[1].range2_mult);
	ENC_RSP(FMAPI_OP_GET_LD_ALLOC, &r, v_get_ld_alloc_rsp);
}

/* §3.5: the request and the response have the same shape */
static const u8 v_set_ld_alloc[] = {
	0x01, 0x03, 0x00, 0x00,
	0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
};

TEST(set_ld_alloc)
{
	struct fmapi_ld_alloc a[1];
	struct fmapi_set_ld_alloc s = { .allocs = a, .allocs_cap = 1 };

	DEC_REQ(FMAPI_OP_SET_LD_ALLOC, v_set_ld_alloc, &s);
	CHK(1, s.num_lds);
	CHK(3, s.start_ld_id);
	CHK(4, a[0].range1_mult);
	CHK(0x0100000000000000ULL, a[0].range2_mult);
	ENC_REQ(FMAPI_OP_SET_LD_ALLOC, &s, v_set_ld_alloc);
	memset(a, 0, sizeof(a));
	DEC_RSP(FMAPI_OP_SET_LD_ALLOC, v_set_ld_alloc, &s);
	CHK(1, s.num_lds);
	CHK(3, s.start_ld_id);
	CHK(4, a[0].range1_mult);
	CHK(0x0100000000000000ULL, a[0].range2_mult);
	ENC_RSP(FMAPI_OP_SET_LD_ALLOC, &s, v_set_ld_alloc);
}

/* §3.5 0x5403 output: both controls on, the spec defaults otherwise */
static const u8 v_qos_ctrl[] = { 0x03, 0x0a, 0x19, 0x08, 0x00, 0x00, 0x40 };

TEST(get_qos_ctrl)
{
	struct fmapi_qos_ctrl c;

	EXPECT_EQ(NULL, req_of(FMAPI_OP_GET_QOS_CTRL));
	memset(&c, 0xff, sizeof(c));
	DEC_RSP(FMAPI_OP_GET_QOS_CTRL, v_qos_ctrl, &c);
	CHK(1, c.egress_cong_enable);
	CHK(1, c.temp_tput_enable);
	CHK(10, c.egress_moderate_pct);
	CHK(25, c.egress_severe_pct);
	CHK(8, c.bp_sample_interval);
	CHK(0, c.reqcmp_basis);
	CHK(64, c.completion_interval);
	ENC_RSP(FMAPI_OP_GET_QOS_CTRL, &c, v_qos_ctrl);
}

/*
 * §3.5 0x5404: the same 7 bytes in and out. In: egress congestion on,
 * moderate 20 %, severe 50 %, sample interval 15, ReqCmpBasis 0x1234,
 * completion interval 128. Out (the values now in effect): throughput
 * reduction on only, 10 %, 25 %, sampling disabled, 0x0100, 32.
 */
static const u8 v_set_qos_ctrl_req[] = {
	0x01, 0x14, 0x32, 0x0f, 0x34, 0x12, 0x80,
};

static const u8 v_set_qos_ctrl_rsp[] = {
	0x02, 0x0a, 0x19, 0x00, 0x00, 0x01, 0x20,
};

TEST(set_qos_ctrl)
{
	struct fmapi_qos_ctrl c;

	memset(&c, 0xff, sizeof(c));
	DEC_REQ(FMAPI_OP_SET_QOS_CTRL, v_set_qos_ctrl_req, &c);
	CHK(1, c.egress_cong_enable);
	CHK(0, c.temp_tput_enable);
	CHK(20, c.egress_moderate_pct);
	CHK(50, c.egress_severe_pct);
	CHK(15, c.bp_sample_interval);
	CHK(0x1234, c.reqcmp_basis);
	CHK(128, c.completion_interval);
	ENC_REQ(FMAPI_OP_SET_QOS_CTRL, &c, v_set_qos_ctrl_req);

	memset(&c, 0xff, sizeof(c));
	DEC_RSP(FMAPI_OP_SET_QOS_CTRL, v_set_qos_ctrl_rsp, &c);
	CHK(0, c.egress_cong_enable);
	CHK(1, c.temp_tput_enable);
	CHK(10, c.egress_moderate_pct);
	CHK(25, c.egress_severe_pct);
	CHK(0, c.bp_sample_interval);
	CHK(0x0100, c.reqcmp_basis);
	CHK(32, c.completion_interval);
	ENC_RSP(FMAPI_OP_SET_QOS_CTRL, &c, v_set_qos_ctrl_rsp);
}

static const u8 v_qos_status_rsp[] = { 0x21 };

TEST(get_qos_status)
{
	struct fmapi_qos_status_rsp st;

	EXPECT_EQ(NULL, req_of(FMAPI_OP_GET_QOS_STATUS));
	memset(&st, 0xff, sizeof(st));
	DEC_RSP(FMAPI_OP_GET_QOS_STATUS, v_qos_status_rsp, &st);
	CHK(0x21, st.bp_avg_pct);
	ENC_RSP(FMAPI_OP_GET_QOS_STATUS, &st, v_qos_status_rsp);
}

/*
 * §3.5 0x5406-0x5409. The Get requests are "number of LDs, start LD ID"
 * (the opposite order to 0x5401's request); lists are one byte per LD,
 * fraction x 256.
 */
static const u8 v_qos_bw_req[] = { 0x02, 0x00 };
static const u8 v_qos_bw_list[] = { 0x02, 0x00, 0x80, 0x40 };

TEST(get_qos_alloc_bw)
{
	struct fmapi_ld_list_req q;
	u8 f[4];
	struct fmapi_qos_bw_list b = { .fractions = f, .fractions_cap = 4 };

	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_GET_QOS_ALLOC_BW, v_qos_bw_req, &q);
	CHK(2, q.ld_limit);
	CHK(0, q.start_ld_id);
	ENC_REQ(FMAPI_OP_GET_QOS_ALLOC_BW, &q, v_qos_bw_req);
	DEC_RSP(FMAPI_OP_GET_QOS_ALLOC_BW, v_qos_bw_list, &b);
	CHK(2, b.num_lds);
	CHK(0, b.start_ld_id);
	CHK(0x80, f[0]);
	CHK(0x40, f[1]);
	ENC_RSP(FMAPI_OP_GET_QOS_ALLOC_BW, &b, v_qos_bw_list);
}

/* LDs 1-3 get 1/4, 1/4, 1/2; the response reports the same allocation */
static const u8 v_set_qos_alloc_bw[] = { 0x03, 0x01, 0x40, 0x40, 0x80 };

TEST(set_qos_alloc_bw)
{
	u8 f[4];
	struct fmapi_qos_bw_list b = { .fractions = f, .fractions_cap = 4 };

	DEC_REQ(FMAPI_OP_SET_QOS_ALLOC_BW, v_set_qos_alloc_bw, &b);
	CHK(3, b.num_lds);
	CHK(1, b.start_ld_id);
	CHK(0x40, f[0]);
	CHK(0x40, f[1]);
	CHK(0x80, f[2]);
	ENC_REQ(FMAPI_OP_SET_QOS_ALLOC_BW, &b, v_set_qos_alloc_bw);
	memset(f, 0, sizeof(f));
	b.num_lds = 0;
	DEC_RSP(FMAPI_OP_SET_QOS_ALLOC_BW, v_set_qos_alloc_bw, &b);
	CHK(3, b.num_lds);
	CHK(1, b.start_ld_id);
	CHK(0x40, f[0]);
	CHK(0x40, f[1]);
	CHK(0x80, f[2]);
	ENC_RSP(FMAPI_OP_SET_QOS_ALLOC_BW, &b, v_set_qos_alloc_bw);
}

/* 4 LDs from LD 0: limits 255/256, 1/2, 1/4, 1/8 */
static const u8 v_get_qos_bw_limit_req[] = { 0x04, 0x00 };
static const u8 v_get_qos_bw_limit_rsp[] = {
	0x04, 0x00, 0xff, 0x80, 0x40, 0x20,
};

TEST(get_qos_bw_limit)
{
	struct fmapi_ld_list_req q;
	u8 f[4];
	struct fmapi_qos_bw_list b = { .fractions = f, .fractions_cap = 4 };

	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_GET_QOS_BW_LIMIT, v_get_qos_bw_limit_req, &q);
	CHK(4, q.ld_limit);
	CHK(0, q.start_ld_id);
	ENC_REQ(FMAPI_OP_GET_QOS_BW_LIMIT, &q, v_get_qos_bw_limit_req);
	DEC_RSP(FMAPI_OP_GET_QOS_BW_LIMIT, v_get_qos_bw_limit_rsp, &b);
	CHK(4, b.num_lds);
	CHK(0, b.start_ld_id);
	CHK(0xff, f[0]);
	CHK(0x80, f[1]);
	CHK(0x40, f[2]);
	CHK(0x20, f[3]);
	ENC_RSP(FMAPI_OP_GET_QOS_BW_LIMIT, &b, v_get_qos_bw_limit_rsp);
}

/* LD 2 limited to 3/4; the response reports the same list */
static const u8 v_set_qos_bw_limit[] = { 0x01, 0x02, 0xc0 };

TEST(set_qos_bw_limit)
{
	u8 f[2];
	struct fmapi_qos_bw_list b = { .fractions = f, .fractions_cap = 2 };

	DEC_REQ(FMAPI_OP_SET_QOS_BW_LIMIT, v_set_qos_bw_limit, &b);
	CHK(1, b.num_lds);
	CHK(2, b.start_ld_id);
	CHK(0xc0, f[0]);
	ENC_REQ(FMAPI_OP_SET_QOS_BW_LIMIT, &b, v_set_qos_bw_limit);
	memset(f, 0, sizeof(f));
	b.num_lds = 0;
	DEC_RSP(FMAPI_OP_SET_QOS_BW_LIMIT, v_set_qos_bw_limit, &b);
	CHK(1, b.num_lds);
	CHK(2, b.start_ld_id);
	CHK(0xc0, f[0]);
	ENC_RSP(FMAPI_OP_SET_QOS_BW_LIMIT, &b, v_set_qos_bw_limit);
}

/* ---------------- §3.6 Multi-headed devices ---------------- */

/* LD map of at most 4 entries from LD 0 */
static const u8 v_get_mhd_info_req[] = { 0x00, 0x04 };

static const u8 v_get_mhd_info_rsp[] = {
	0x04, 0x02, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00,
	0x00, 0x01, 0xff, 0x00,
};

TEST(get_mhd_info)
{
	struct fmapi_get_mhd_info_req q;
	u8 map[8];
	struct fmapi_get_mhd_info_rsp m = { .ld_map = map, .ld_map_cap = 8 };

	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_GET_MHD_INFO, v_get_mhd_info_req, &q);
	CHK(0, q.start_ld_id);
	CHK(4, q.ld_map_limit);
	ENC_REQ(FMAPI_OP_GET_MHD_INFO, &q, v_get_mhd_info_req);

	DEC_RSP(FMAPI_OP_GET_MHD_INFO, v_get_mhd_info_rsp, &m);
	CHK(4, m.num_lds);
	CHK(2, m.num_heads);
	CHK(0, m.start_ld_id);
	CHK(4, m.ld_map_len);
	CHK(0, map[0]);
	CHK(1, map[1]);
	CHK(0xff, map[2]);
	CHK(0, map[3]);
	ENC_RSP(FMAPI_OP_GET_MHD_INFO, &m, v_get_mhd_info_rsp);
}

/* one head block from head 0 */
static const u8 v_get_head_info_req[] = { 0x00, 0x01 };

static const u8 v_get_head_info_rsp[] = {
	0x01, 0x00, 0x00, 0x00,
	0x07, 0x10, 0x10, 0x1f, 0x05, 0x05, 0x04, 0x00, 0x02,
};

TEST(get_head_info)
{
	struct fmapi_get_head_info_req q;
	struct fmapi_head_info h[1];
	struct fmapi_get_head_info_rsp r = { .heads = h, .heads_cap = 1 };

	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_GET_HEAD_INFO, v_get_head_info_req, &q);
	CHK(0, q.start_head);
	CHK(1, q.num_heads);
	ENC_REQ(FMAPI_OP_GET_HEAD_INFO, &q, v_get_head_info_req);

	DEC_RSP(FMAPI_OP_GET_HEAD_INFO, v_get_head_info_rsp, &r);
	CHK(1, r.num_heads);
	CHK(7, h[0].port_id);
	CHK(16, h[0].max_link_width);
	CHK(16, h[0].neg_link_width);
	CHK(0x1f, h[0].supported_speeds);
	CHK(5, h[0].max_link_speed);
	CHK(5, h[0].cur_link_speed);
	CHK(FMAPI_LTSSM_L0, h[0].ltssm_state);
	CHK(0, h[0].first_lane);
	CHK(2, h[0].link_flags);
	ENC_RSP(FMAPI_OP_GET_HEAD_INFO, &r, v_get_head_info_rsp);
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
	unsigned int i;

	DEC_RSP(FMAPI_OP_GET_DCD_INFO, v_get_dcd_info_rsp, &r);
	CHK(1, r.num_hosts);
	CHK(2, r.num_regions);
	CHK(4, r.add_policies);
	CHK(2, r.release_policies);
	CHK(1, r.sanitize_mask);
	CHK(0x10, r.total_capacity);
	CHK(0x200000, r.region_block_sizes[0]);
	CHK(0x1000, r.region_block_sizes[1]);
	for (i = 2; i < FMAPI_DC_MAX_REGIONS; i++)
		CHK(0, r.region_block_sizes[i]);
	ENC_RSP(FMAPI_OP_GET_DCD_INFO, &r, v_get_dcd_info_rsp);
}

/* host 0x0203, up to 2 regions from region 1 */
static const u8 v_get_host_dc_region_cfg_req[] = { 0x03, 0x02, 0x02, 0x01 };

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
	struct fmapi_get_host_dc_region_cfg_req q;
	struct fmapi_dc_region reg[2];
	struct fmapi_get_host_dc_region_cfg_rsp r = {
		.regions = reg, .regions_cap = 2,
	};

	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_GET_HOST_DC_REGION_CFG, v_get_host_dc_region_cfg_req,
		&q);
	CHK(0x0203, q.host_id);
	CHK(2, q.region_count);
	CHK(1, q.start_region);
	ENC_REQ(FMAPI_OP_GET_HOST_DC_REGION_CFG, &q,
		v_get_host_dc_region_cfg_req);

	r.tags_supported = 0xffffffff;
	r.tags_available = 0xffffffff;
	DEC_RSP(FMAPI_OP_GET_HOST_DC_REGION_CFG, v_get_host_dc_region_cfg_rsp,
		&r);
	CHK(0, r.host_id);
	CHK(2, r.num_regions);
	CHK(1, r.regions_returned);
	CHK(0, reg[0].base);
	CHK(4, reg[0].decode_len);
	CHK(0x40000000, reg[0].region_len);
	CHK(0x200000, reg[0].block_size);
	CHK(0x08, reg[0].flags);
	CHK(1, reg[0].sanitize_on_release);
	CHK(0x200, r.extents_supported);
	CHK(0x1ff, r.extents_available);
	CHK(0, r.tags_supported);
	CHK(0, r.tags_available);
	ENC_RSP(FMAPI_OP_GET_HOST_DC_REGION_CFG, &r,
		v_get_host_dc_region_cfg_rsp);
}

static const u8 v_set_dc_region_cfg[] = {
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};

TEST(set_dc_region_cfg)
{
	struct fmapi_set_dc_region_cfg c;

	DEC_REQ(FMAPI_OP_SET_DC_REGION_CFG, v_set_dc_region_cfg, &c);
	CHK(1, c.region_id);
	CHK(0x200000, c.block_size);
	CHK(1, c.sanitize_on_release);
	ENC_REQ(FMAPI_OP_SET_DC_REGION_CFG, &c, v_set_dc_region_cfg);
	/*
	 * response: empty (QEMU) or the full payload (spec). The empty form
	 * is not a registered vector (nothing to compare byte for byte).
	 */
	memset(&c, 0xff, sizeof(c));
	ASSERT_EQ(0, fmapi_decode(rsp_of(FMAPI_OP_SET_DC_REGION_CFG), NULL, 0,
				  &c, NULL));
	CHK(0, c.region_id);
	CHK(0, c.block_size);
	CHK(0, c.sanitize_on_release);
	DEC_RSP(FMAPI_OP_SET_DC_REGION_CFG, v_set_dc_region_cfg, &c);
	CHK(1, c.region_id);
	CHK(0x200000, c.block_size);
	CHK(1, c.sanitize_on_release);
	ENC_RSP(FMAPI_OP_SET_DC_REGION_CFG, &c, v_set_dc_region_cfg);
}

/* host 0x0102: up to 0x10000 extents from index 0x200 */
static const u8 v_get_dc_extents_req[] = {
	0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
	0x00, 0x02, 0x00, 0x00,
};

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

/* fixed part + one extent, each part hand-written above */
static u8 v_get_dc_extents_rsp[0x18 + 0x28];
static u8 v_dc_add_req[0x20 + 0x28];
static u8 v_dc_release_req[0x20 + 0x28];

static void __attribute__((constructor)) build_dc_vectors(void)
{
	memcpy(v_get_dc_extents_rsp, v_get_dc_extents_rsp_hdr, 0x18);
	memcpy(v_get_dc_extents_rsp + 0x18, v_dc_extent, 0x28);
	memcpy(v_dc_add_req, v_dc_add_hdr, 0x20);
	memcpy(v_dc_add_req + 0x20, v_dc_extent, 0x28);
	memcpy(v_dc_release_req, v_dc_release_hdr, 0x20);
	memcpy(v_dc_release_req + 0x20, v_dc_extent, 0x28);
}

TEST(get_dc_region_extents)
{
	struct fmapi_get_dc_extents_req q;
	struct fmapi_dc_extent x[1];
	struct fmapi_get_dc_extents_rsp r = { .extents = x, .extents_cap = 1 };

	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_GET_DC_REGION_EXTENTS, v_get_dc_extents_req, &q);
	CHK(0x0102, q.host_id);
	CHK(0x10000, q.extent_count);
	CHK(0x200, q.start_index);
	ENC_REQ(FMAPI_OP_GET_DC_REGION_EXTENTS, &q, v_get_dc_extents_req);

	r.host_id = 0xffff;
	r.start_index = 0xffffffff;
	DEC_RSP(FMAPI_OP_GET_DC_REGION_EXTENTS, v_get_dc_extents_rsp, &r);
	CHK(0, r.host_id);
	CHK(0, r.start_index);
	CHK(1, r.extents_returned);
	CHK(1, r.total_extents);
	CHK(5, r.generation);
	CHK(0x40000000, x[0].dpa);
	CHK(0x10000000, x[0].length);
	EXPECT_EQ(0, memcmp(x[0].tag, v_dc_extent + 0x10, 16));
	CHK(0x10, x[0].tag[0]);
	CHK(0x1f, x[0].tag[15]);
	CHK(2, x[0].shared_seq);
	ENC_RSP(FMAPI_OP_GET_DC_REGION_EXTENTS, &r, v_get_dc_extents_rsp);
}

TEST(dc_add_release)
{
	struct fmapi_dc_extent x[1];
	struct fmapi_dc_add_req a = { .extents = x, .extents_cap = 1 };
	struct fmapi_dc_release_req r = { .extents = x, .extents_cap = 1 };

	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_INITIATE_DC_ADD));
	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_INITIATE_DC_RELEASE));
	DEC_REQ(FMAPI_OP_INITIATE_DC_ADD, v_dc_add_req, &a);
	CHK(0, a.host_id);
	CHK(FMAPI_DC_ADD_PRESCRIPTIVE, a.policy);
	CHK(0, a.region);
	CHK(0x10000000, a.length);
	EXPECT_EQ(0, memcmp(a.tag, zero16, 16));
	CHK(1, a.extent_count);
	CHK(0x40000000, x[0].dpa);
	CHK(0x10000000, x[0].length);
	EXPECT_EQ(0, memcmp(x[0].tag, v_dc_extent + 0x10, 16));
	CHK(2, x[0].shared_seq);
	ENC_REQ(FMAPI_OP_INITIATE_DC_ADD, &a, v_dc_add_req);

	memset(x, 0, sizeof(x));
	DEC_REQ(FMAPI_OP_INITIATE_DC_RELEASE, v_dc_release_req, &r);
	CHK(0, r.host_id);
	CHK(FMAPI_DC_RELEASE_PRESCRIPTIVE, r.policy);
	CHK(1, r.forced);
	CHK(0, r.sanitize);
	CHK(0x10000000, r.length);
	EXPECT_EQ(0, memcmp(r.tag, zero16, 16));
	CHK(1, r.extent_count);
	CHK(0x40000000, x[0].dpa);
	CHK(0x10000000, x[0].length);
	EXPECT_EQ(0, memcmp(x[0].tag, v_dc_extent + 0x10, 16));
	CHK(2, x[0].shared_seq);
	ENC_REQ(FMAPI_OP_INITIATE_DC_RELEASE, &r, v_dc_release_req);
}

/*
 * §3.7 0x5606 / 0x5607: a 16-byte tag in, no output. These layouts (and
 * 0x5608's) come from libcxlmi only, UNCONFIRMED against the spec text.
 */
static const u8 v_dc_add_ref_req[16] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

static const u8 v_dc_remove_ref_req[16] = {
	0xaa, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0xbb,
};

TEST(dc_add_reference)
{
	struct fmapi_dc_tag t;

	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_DC_ADD_REFERENCE));
	memset(&t, 0xff, sizeof(t));
	DEC_REQ(FMAPI_OP_DC_ADD_REFERENCE, v_dc_add_ref_req, &t);
	CHK(0x10, t.tag[0]);
	CHK(0x17, t.tag[7]);
	CHK(0x18, t.tag[8]);
	CHK(0x1f, t.tag[15]);
	EXPECT_EQ(0, memcmp(t.tag, v_dc_add_ref_req, 16));
	ENC_REQ(FMAPI_OP_DC_ADD_REFERENCE, &t, v_dc_add_ref_req);
}

TEST(dc_remove_reference)
{
	struct fmapi_dc_tag t;

	EXPECT_EQ(NULL, rsp_of(FMAPI_OP_DC_REMOVE_REFERENCE));
	memset(&t, 0xff, sizeof(t));
	DEC_REQ(FMAPI_OP_DC_REMOVE_REFERENCE, v_dc_remove_ref_req, &t);
	CHK(0xaa, t.tag[0]);
	CHK(0x07, t.tag[7]);
	CHK(0x08, t.tag[8]);
	CHK(0xbb, t.tag[15]);
	EXPECT_EQ(0, memcmp(t.tag, v_dc_remove_ref_req, 16));
	ENC_REQ(FMAPI_OP_DC_REMOVE_REFERENCE, &t, v_dc_remove_ref_req);
}

/* up to 0x10000 tags from index 0x102 */
static const u8 v_dc_list_tags_req[] = {
	0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
};

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
	struct fmapi_dc_list_tags_req q;
	struct fmapi_dc_tag_entry t[1];
	struct fmapi_dc_list_tags_rsp r = { .tags = t, .tags_cap = 1 };
	unsigned int i;

	memset(&q, 0xff, sizeof(q));
	DEC_REQ(FMAPI_OP_DC_LIST_TAGS, v_dc_list_tags_req, &q);
	CHK(0x102, q.start_index);
	CHK(0x10000, q.tag_count);
	ENC_REQ(FMAPI_OP_DC_LIST_TAGS, &q, v_dc_list_tags_req);

	DEC_RSP(FMAPI_OP_DC_LIST_TAGS, v_dc_list_tags_rsp, &r);
	CHK(1, r.generation);
	CHK(1, r.total_tags);
	CHK(1, r.tags_returned);
	CHK(1, r.validity);
	CHK(0xaa, t[0].tag[0]);
	CHK(0xbb, t[0].tag[15]);
	for (i = 1; i < 15; i++)
		CHK(0, t[0].tag[i]);
	CHK(1, t[0].flags);
	CHK(3, t[0].ref_bitmap[0]);
	CHK(2, t[0].pending_bitmap[0]);
	for (i = 1; i < 32; i++) {
		CHK(0, t[0].ref_bitmap[i]);
		CHK(0, t[0].pending_bitmap[i]);
	}
	ENC_RSP(FMAPI_OP_DC_LIST_TAGS, &r, v_dc_list_tags_rsp);
}

/* ---------------- The registry of the vectors above ---------------- */

struct vec {
	u16 opcode;
	bool rsp;
	const u8 *wire;
	size_t len;
	/* the TEST() that checks every field of this vector */
	const struct __test_metadata *test;
	/* request context a response decode needs (0x5200), or NULL */
	void (*prep)(void *s);
};

static void vcs_info_start0(void *s)
{
	struct fmapi_get_vcs_info_rsp *r = s;

	r->start_vppb = 0;
	r->vppb_limit = 4;
}

static void vcs_info_start2(void *s)
{
	struct fmapi_get_vcs_info_rsp *r = s;

	r->start_vppb = 2;
	r->vppb_limit = 4;
}

#define VREQ	false
#define VRSP	true

/*
 * One entry per (opcode, direction, vector). The test is named through the
 * harness's own metadata object, so an entry cannot name a test that does
 * not exist; registry_matches_tests checks that the test really uses it.
 */
#define VEC_P(op, dir, w, t, p)						\
	{ op, dir, w, sizeof(w), &_##t##_object, p }
#define VEC(op, dir, w, t)	VEC_P(op, dir, w, t, NULL)

static const struct vec vecs[] = {
	/* §2.2 */
	VEC(FMAPI_OP_IDENTIFY, VRSP, v_identify_rsp, identify_rsp),
	VEC(FMAPI_OP_BG_OP_STATUS, VRSP, v_bg_op_status_rsp, bg_op_status_rsp),
	VEC(FMAPI_OP_GET_RSP_MSG_LIMIT, VRSP, v_get_msg_limit_rsp,
	    get_rsp_msg_limit),
	VEC(FMAPI_OP_SET_RSP_MSG_LIMIT, VREQ, v_set_msg_limit_req,
	    set_rsp_msg_limit),
	VEC(FMAPI_OP_SET_RSP_MSG_LIMIT, VRSP, v_set_msg_limit_rsp,
	    set_rsp_msg_limit),
	/* §2.3 */
	VEC(FMAPI_OP_GET_EVENT_RECORDS, VREQ, v_get_event_records_req,
	    get_event_records),
	VEC(FMAPI_OP_GET_EVENT_RECORDS, VRSP, v_get_event_records_rsp,
	    get_event_records),
	VEC(FMAPI_OP_CLEAR_EVENT_RECORDS, VREQ, v_clear_event_records_req,
	    clear_event_records),
	VEC(FMAPI_OP_GET_EVENT_INT_POLICY, VRSP, v_event_int_policy5,
	    event_int_policy),
	VEC(FMAPI_OP_SET_EVENT_INT_POLICY, VREQ, v_event_int_policy5,
	    event_int_policy),
	VEC(FMAPI_OP_GET_MCTP_EVENT_INT_POLICY, VRSP, v_mctp_event_mask,
	    mctp_event_interrupt_policy),
	VEC(FMAPI_OP_SET_MCTP_EVENT_INT_POLICY, VREQ, v_mctp_event_mask,
	    mctp_event_interrupt_policy),
	VEC(FMAPI_OP_SET_MCTP_EVENT_INT_POLICY, VRSP, v_set_mctp_event_rsp,
	    mctp_event_interrupt_policy),
	VEC(FMAPI_OP_EVENT_NOTIFICATION, VREQ, v_event_notification_req,
	    event_notification),
	/* §2.4, §2.5 */
	VEC(FMAPI_OP_GET_FW_INFO, VRSP, v_get_fw_info_rsp, get_fw_info),
	VEC(FMAPI_OP_TRANSFER_FW, VREQ, v_transfer_fw_req, transfer_fw),
	VEC(FMAPI_OP_ACTIVATE_FW, VREQ, v_activate_fw_req, activate_fw),
	VEC(FMAPI_OP_GET_TIMESTAMP, VRSP, v_timestamp, timestamp),
	VEC(FMAPI_OP_SET_TIMESTAMP, VREQ, v_timestamp, timestamp),
	/* §2.6 */
	VEC(FMAPI_OP_GET_SUPPORTED_LOGS, VRSP, v_get_supported_logs_rsp,
	    get_supported_logs),
	VEC(FMAPI_OP_GET_LOG, VREQ, v_get_log_req, get_log_and_cel),
	VEC(FMAPI_OP_GET_LOG, VRSP, v_cel, get_log_and_cel),
	VEC(FMAPI_OP_GET_LOG_CAPS, VREQ, v_get_log_caps_req, get_log_caps),
	VEC(FMAPI_OP_GET_LOG_CAPS, VRSP, v_get_log_caps_rsp, get_log_caps),
	VEC(FMAPI_OP_CLEAR_LOG, VREQ, v_clear_log_req, clear_log),
	VEC(FMAPI_OP_POPULATE_LOG, VREQ, v_populate_log_req, populate_log),
	VEC(FMAPI_OP_GET_SUPPORTED_LOGS_SUBLIST, VREQ, v_get_logs_sublist_req,
	    get_supported_logs_sublist),
	VEC(FMAPI_OP_GET_SUPPORTED_LOGS_SUBLIST, VRSP, v_get_logs_sublist_rsp,
	    get_supported_logs_sublist),
	/* §2.7 */
	VEC(FMAPI_OP_GET_SUPPORTED_FEATURES, VREQ,
	    v_get_supported_features_req, get_supported_features),
	VEC(FMAPI_OP_GET_SUPPORTED_FEATURES, VRSP,
	    v_get_supported_features_rsp, get_supported_features),
	VEC(FMAPI_OP_GET_FEATURE, VREQ, v_get_feature_req, get_feature),
	VEC(FMAPI_OP_GET_FEATURE, VRSP, v_get_feature_rsp, get_feature),
	VEC(FMAPI_OP_SET_FEATURE, VREQ, v_set_feature_req, set_feature),
	/* §3.3 */
	VEC(FMAPI_OP_IDENTIFY_SWITCH, VRSP, v_identify_switch_rsp,
	    identify_switch),
	VEC(FMAPI_OP_GET_PHYS_PORT_STATE, VREQ, v_get_phys_port_state_req,
	    get_phys_port_state),
	VEC(FMAPI_OP_GET_PHYS_PORT_STATE, VRSP, v_get_phys_port_state_rsp,
	    get_phys_port_state),
	VEC(FMAPI_OP_PHYS_PORT_CONTROL, VREQ, v_phys_port_control_req,
	    phys_port_control),
	VEC(FMAPI_OP_SEND_PPB_CXLIO_CFG, VREQ, v_ppb_cfg_req,
	    send_ppb_cxlio_cfg),
	VEC(FMAPI_OP_SEND_PPB_CXLIO_CFG, VRSP, v_cfg_rsp, send_ppb_cxlio_cfg),
	VEC(FMAPI_OP_GET_DV_SV_STATE, VRSP, v_get_dv_sv_state_rsp,
	    get_dv_sv_state),
	VEC(FMAPI_OP_SET_DV_SV, VREQ, v_dv_sv, set_dv_sv),
	VEC(FMAPI_OP_GET_VCS_DV_SV_STATE, VREQ, v_get_vcs_dv_sv_state_req,
	    get_vcs_dv_sv_state),
	VEC(FMAPI_OP_GET_VCS_DV_SV_STATE, VRSP, v_get_vcs_dv_sv_state_rsp,
	    get_vcs_dv_sv_state),
	VEC(FMAPI_OP_GET_DV_SV, VREQ, v_get_dv_sv_req, get_dv_sv),
	VEC(FMAPI_OP_GET_DV_SV, VRSP, v_get_dv_sv_rsp, get_dv_sv),
	/* §3.4 */
	VEC(FMAPI_OP_GET_VCS_INFO, VREQ, v_get_vcs_info_req, get_vcs_info),
	VEC_P(FMAPI_OP_GET_VCS_INFO, VRSP, v_get_vcs_info_rsp, get_vcs_info,
	      vcs_info_start0),
	VEC_P(FMAPI_OP_GET_VCS_INFO, VRSP, v_get_vcs_info_rsp_start2,
	      get_vcs_info_start_vppb, vcs_info_start2),
	VEC(FMAPI_OP_BIND_VPPB, VREQ, v_bind_vppb_req, bind_unbind_vppb),
	VEC(FMAPI_OP_UNBIND_VPPB, VREQ, v_unbind_vppb_req, bind_unbind_vppb),
	VEC(FMAPI_OP_GEN_AER_EVENT, VREQ, v_gen_aer_event_req, gen_aer_event),
	VEC(FMAPI_OP_TUNNEL, VREQ, v_tunnel1_req, tunnel_req_generic_layout),
	VEC(FMAPI_OP_TUNNEL, VRSP, v_tunnel1_rsp, tunnel_rsp_generic_layout),
	VEC(FMAPI_OP_SEND_LD_CXLIO_CFG, VREQ, v_ld_cfg_req, send_ld_cxlio_cfg),
	VEC(FMAPI_OP_SEND_LD_CXLIO_CFG, VRSP, v_ld_cfg_rsp, send_ld_cxlio_cfg),
	VEC(FMAPI_OP_SEND_LD_CXLIO_MEM, VREQ, v_ld_mem_req, send_ld_cxlio_mem),
	VEC(FMAPI_OP_SEND_LD_CXLIO_MEM, VRSP, v_ld_mem_rsp, send_ld_cxlio_mem),
	/* §3.5 */
	VEC(FMAPI_OP_GET_LD_INFO, VRSP, v_get_ld_info_rsp, get_ld_info),
	VEC(FMAPI_OP_GET_LD_ALLOC, VREQ, v_get_ld_alloc_req, get_ld_alloc),
	VEC(FMAPI_OP_GET_LD_ALLOC, VRSP, v_get_ld_alloc_rsp, get_ld_alloc),
	VEC(FMAPI_OP_SET_LD_ALLOC, VREQ, v_set_ld_alloc, set_ld_alloc),
	VEC(FMAPI_OP_SET_LD_ALLOC, VRSP, v_set_ld_alloc, set_ld_alloc),
	VEC(FMAPI_OP_GET_QOS_CTRL, VRSP, v_qos_ctrl, get_qos_ctrl),
	VEC(FMAPI_OP_SET_QOS_CTRL, VREQ, v_set_qos_ctrl_req, set_qos_ctrl),
	VEC(FMAPI_OP_SET_QOS_CTRL, VRSP, v_set_qos_ctrl_rsp, set_qos_ctrl),
	VEC(FMAPI_OP_GET_QOS_STATUS, VRSP, v_qos_status_rsp, get_qos_status),
	VEC(FMAPI_OP_GET_QOS_ALLOC_BW, VREQ, v_qos_bw_req, get_qos_alloc_bw),
	VEC(FMAPI_OP_GET_QOS_ALLOC_BW, VRSP, v_qos_bw_list, get_qos_alloc_bw),
	VEC(FMAPI_OP_SET_QOS_ALLOC_BW, VREQ, v_set_qos_alloc_bw,
	    set_qos_alloc_bw),
	VEC(FMAPI_OP_SET_QOS_ALLOC_BW, VRSP, v_set_qos_alloc_bw,
	    set_qos_alloc_bw),
	VEC(FMAPI_OP_GET_QOS_BW_LIMIT, VREQ, v_get_qos_bw_limit_req,
	    get_qos_bw_limit),
	VEC(FMAPI_OP_GET_QOS_BW_LIMIT, VRSP, v_get_qos_bw_limit_rsp,
	    get_qos_bw_limit),
	VEC(FMAPI_OP_SET_QOS_BW_LIMIT, VREQ, v_set_qos_bw_limit,
	    set_qos_bw_limit),
	VEC(FMAPI_OP_SET_QOS_BW_LIMIT, VRSP, v_set_qos_bw_limit,
	    set_qos_bw_limit),
	/* §3.6 */
	VEC(FMAPI_OP_GET_MHD_INFO, VREQ, v_get_mhd_info_req, get_mhd_info),
	VEC(FMAPI_OP_GET_MHD_INFO, VRSP, v_get_mhd_info_rsp, get_mhd_info),
	VEC(FMAPI_OP_GET_HEAD_INFO, VREQ, v_get_head_info_req, get_head_info),
	VEC(FMAPI_OP_GET_HEAD_INFO, VRSP, v_get_head_info_rsp, get_head_info),
	/* §3.7 */
	VEC(FMAPI_OP_GET_DCD_INFO, VRSP, v_get_dcd_info_rsp, get_dcd_info),
	VEC(FMAPI_OP_GET_HOST_DC_REGION_CFG, VREQ,
	    v_get_host_dc_region_cfg_req, get_host_dc_region_cfg),
	VEC(FMAPI_OP_GET_HOST_DC_REGION_CFG, VRSP,
	    v_get_host_dc_region_cfg_rsp, get_host_dc_region_cfg),
	VEC(FMAPI_OP_SET_DC_REGION_CFG, VREQ, v_set_dc_region_cfg,
	    set_dc_region_cfg),
	VEC(FMAPI_OP_SET_DC_REGION_CFG, VRSP, v_set_dc_region_cfg,
	    set_dc_region_cfg),
	VEC(FMAPI_OP_GET_DC_REGION_EXTENTS, VREQ, v_get_dc_extents_req,
	    get_dc_region_extents),
	VEC(FMAPI_OP_GET_DC_REGION_EXTENTS, VRSP, v_get_dc_extents_rsp,
	    get_dc_region_extents),
	VEC(FMAPI_OP_INITIATE_DC_ADD, VREQ, v_dc_add_req, dc_add_release),
	VEC(FMAPI_OP_INITIATE_DC_RELEASE, VREQ, v_dc_release_req,
	    dc_add_release),
	VEC(FMAPI_OP_DC_ADD_REFERENCE, VREQ, v_dc_add_ref_req,
	    dc_add_reference),
	VEC(FMAPI_OP_DC_REMOVE_REFERENCE, VREQ, v_dc_remove_ref_req,
	    dc_remove_reference),
	VEC(FMAPI_OP_DC_LIST_TAGS, VREQ, v_dc_list_tags_req, dc_list_tags),
	VEC(FMAPI_OP_DC_LIST_TAGS, VRSP, v_dc_list_tags_rsp, dc_list_tags),
};

#define NR_VECS		ARRAY_SIZE(vecs)

/*
 * Per entry, written by the forked tests and read by the last one (shared
 * mapping, created before the harness forks): [2i] the entry's test used
 * this entry, [2i + 1] the entry's test used the registry at all (it ran).
 */
static u8 *vec_seen;

static void __attribute__((constructor)) alloc_vec_seen(void)
{
	void *p = mmap(NULL, 2 * NR_VECS, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	vec_seen = p == MAP_FAILED ? NULL : p;
}

static bool vec_registered(u16 opcode, bool rsp, const u8 *wire, size_t len,
			   const struct __test_metadata *test)
{
	bool found = false;
	unsigned int i;

	for (i = 0; i < NR_VECS; i++) {
		const struct vec *v = &vecs[i];

		if (v->test != test)
			continue;
		if (vec_seen)
			vec_seen[2 * i + 1] = 1;
		if (v->opcode != opcode || v->rsp != rsp || v->wire != wire ||
		    v->len != len)
			continue;
		if (vec_seen)
			vec_seen[2 * i] = 1;
		found = true;
	}
	return found;
}

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

		r->vppbs = (void *)(elems + sizeof(elems_store) / 2);
		r->vppbs_cap = sizeof(elems_store) / 2 / sizeof(*r->vppbs);
	}
}

static void setup_scratch(const struct vec *v, const struct fmapi_layout *l,
			  union scratch *s)
{
	memset(s, 0, sizeof(*s));
	setup_lists(l, s);
	if (v->prep)
		v->prep(s);
}

/* Every registered vector decodes and re-encodes through its own layout. */
TEST(registered_vectors_roundtrip)
{
	unsigned int i;

	for (i = 0; i < NR_VECS; i++) {
		const struct vec *v = &vecs[i];
		const struct fmapi_layout *l = layout_of(v->opcode, v->rsp);
		union scratch s;
		u8 out[2048];
		int ret;

		ASSERT_NE(NULL, l) TH_LOG("vecs[%u] 0x%04x %s: no layout", i,
					  v->opcode, dir_name(v->rsp));
		ASSERT_GE(sizeof(out), v->len);
		setup_scratch(v, l, &s);
		ret = decode_guarded(l, v->wire, v->len, &s, NULL);
		EXPECT_EQ(0, ret) TH_LOG("vecs[%u] 0x%04x %s (%s): decode",
					 i, v->opcode, dir_name(v->rsp),
					 v->test->name);
		if (ret)
			continue;
		memset(out, 0xa5, sizeof(out));
		CHK(v->len, fmapi_encode(l, &s, out, sizeof(out), NULL));
		CHK(v->len, fmapi_encoded_len(l, &s));
		EXPECT_EQ(0, memcmp(out, v->wire, v->len))
			TH_LOG("vecs[%u] 0x%04x %s (%s): re-encoded bytes differ",
			       i, v->opcode, dir_name(v->rsp), v->test->name);
	}
}

TEST(truncation_sweep)
{
	unsigned int i, checked = 0;

	for (i = 0; i < NR_VECS; i++) {
		const struct vec *v = &vecs[i];
		const struct fmapi_cmd *c = fmapi_cmd_find(v->opcode);
		const struct fmapi_layout *l;
		size_t n, min;

		ASSERT_NE(NULL, c);
		l = v->rsp ? c->rsp : c->req;
		ASSERT_NE(NULL, l);
		min = l->min_len ? l->min_len : l->fixed_len;
		for (n = 0; n <= v->len; n++) {
			union scratch s;
			struct fmapi_diag d;
			int ret;

			setup_scratch(v, l, &s);
			ret = decode_guarded(l, v->wire, n, &s, &d);
			if (n == v->len) {
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
						 c->name, n, v->len);
			EXPECT_EQ(fmapi_err_errno(d.reason), ret);
			EXPECT_TRUE(ret == -EMSGSIZE || ret == -EBADMSG);
			checked++;
		}
	}
	EXPECT_LT(1000U, checked);
}

static bool covered(u16 opcode, bool rsp)
{
	unsigned int i;

	for (i = 0; i < NR_VECS; i++)
		if (vecs[i].opcode == opcode && vecs[i].rsp == rsp)
			return true;
	return false;
}

/*
 * Every request and response layout of every command the codec describes
 * has at least one hand-written vector: a command added to fmapi_cmds_*.c
 * without one fails here.
 */
TEST(every_layout_has_a_vector)
{
	unsigned int i, n = fmapi_cmd_count(), layouts = 0, missing = 0;

	ASSERT_LT(0U, n);
	for (i = 0; i < n; i++) {
		const struct fmapi_cmd *c = fmapi_cmd_at(i);
		const struct fmapi_layout *dir[2];
		unsigned int rsp;

		ASSERT_NE(NULL, c);
		dir[0] = c->req;
		dir[1] = c->rsp;
		for (rsp = 0; rsp < 2; rsp++) {
			if (!dir[rsp])
				continue;
			layouts++;
			if (covered(c->opcode, rsp))
				continue;
			missing++;
			TH_LOG("0x%04x %s: %s layout has no hand-written vector",
			       c->opcode, c->name,
			       rsp ? "response" : "request");
		}
	}
	EXPECT_EQ(NULL, fmapi_cmd_at(n));
	CHK(0, missing);
	TH_LOG("%u commands, %u layouts, %u without a vector", n, layouts,
	       missing);

	/* and nothing registered for a layout the codec does not have */
	for (i = 0; i < NR_VECS; i++)
		EXPECT_NE(NULL, layout_of(vecs[i].opcode, vecs[i].rsp))
			TH_LOG("vecs[%u] 0x%04x %s: no such layout", i,
			       vecs[i].opcode, dir_name(vecs[i].rsp));
}

/*
 * Runs last: each entry's test, if it ran in this process (a test run
 * alone with -t leaves the others unchecked), decoded or encoded that very
 * vector with that very layout. So the registry lists exactly the vectors
 * the tests check, not just vectors that exist. (A test that stopped at a
 * failed ASSERT before reaching some of its vectors is reported here too.)
 */
TEST(registry_matches_tests)
{
	unsigned int i, ran = 0;

	if (!vec_seen)
		SKIP(return, "no shared memory for the registry bookkeeping");
	for (i = 0; i < NR_VECS; i++) {
		if (!vec_seen[2 * i + 1])
			continue;
		ran++;
		EXPECT_TRUE(vec_seen[2 * i])
			TH_LOG("vecs[%u] 0x%04x %s: test %s never used it",
			       i, vecs[i].opcode, dir_name(vecs[i].rsp),
			       vecs[i].test->name);
	}
	TH_LOG("%u of %zu registry entries checked against their tests", ran,
	       NR_VECS);
}

TEST_HARNESS_MAIN
