// SPDX-License-Identifier: GPL-2.0-only
/*
 * cxlfm FM-API codec: every refusal has its own errno and diagnostic.
 *
 * Short, truncated, oversized, lying and garbage payloads, each decoded from
 * a buffer that ends at a PROT_NONE page, must be rejected with the specific
 * reason documented in fmapi.h (enum fmapi_err), never read out of bounds and
 * never write past the caller's list capacity (ASan checks the arrays).
 */
#include "kselftest_harness.h"
#include "unit.h"

/* expect @ret == errno of @why, and the diag to say @why */
#define REJECT(why, ret, d)						\
	do {								\
		enum fmapi_err __why = (why);				\
		const struct fmapi_diag *__d = &(d);			\
		EXPECT_EQ(fmapi_err_errno(__why), (ret));		\
		EXPECT_EQ(__why, __d->reason)				\
			TH_LOG("got \"%s\"", fmapi_err_str(__d->reason)); \
	} while (0)

TEST(reason_errnos)
{
	EXPECT_EQ(0, fmapi_err_errno(FMAPI_ERR_NONE));
	EXPECT_EQ(-EMSGSIZE, fmapi_err_errno(FMAPI_ERR_SHORT));
	EXPECT_EQ(-EBADMSG, fmapi_err_errno(FMAPI_ERR_LIST_TRUNC));
	EXPECT_EQ(-EBADMSG, fmapi_err_errno(FMAPI_ERR_LIST_LEN));
	EXPECT_EQ(-ERANGE, fmapi_err_errno(FMAPI_ERR_LIST_MAX));
	EXPECT_EQ(-ENOSPC, fmapi_err_errno(FMAPI_ERR_LIST_CAP));
	EXPECT_EQ(-EBADMSG, fmapi_err_errno(FMAPI_ERR_TRAILING));
	EXPECT_EQ(-EINVAL, fmapi_err_errno(FMAPI_ERR_ENUM));
	EXPECT_EQ(-ERANGE, fmapi_err_errno(FMAPI_ERR_RANGE));
	EXPECT_EQ(-EMSGSIZE, fmapi_err_errno(FMAPI_ERR_NOSPACE));
	EXPECT_EQ(-EINVAL, fmapi_err_errno(FMAPI_ERR__MAX));
	EXPECT_STREQ("unknown error", fmapi_err_str(FMAPI_ERR__MAX));
}

TEST(short_fixed_part)
{
	static const u8 w[0x48] = { 0 };
	struct fmapi_identify_switch_rsp r;
	struct fmapi_identify_rsp id;
	struct fmapi_diag d;
	int ret;

	ret = decode_guarded(rsp_of(FMAPI_OP_IDENTIFY_SWITCH), w, 0x48, &r, &d);
	REJECT(FMAPI_ERR_SHORT, ret, d);
	/* a CXL 2.0 Identify (17 bytes, no component type) is too short */
	ret = decode_guarded(rsp_of(FMAPI_OP_IDENTIFY), w, 0x11, &id, &d);
	REJECT(FMAPI_ERR_SHORT, ret, d);
	ret = decode_guarded(rsp_of(FMAPI_OP_BG_OP_STATUS), w, 0, &r, &d);
	REJECT(FMAPI_ERR_SHORT, ret, d);
}

TEST(event_int_policy_below_minimum)
{
	static const u8 w[3] = { 0x01, 0x01, 0x01 };
	struct fmapi_event_int_policy p;
	struct fmapi_diag d;
	int ret;

	ret = decode_guarded(req_of(FMAPI_OP_SET_EVENT_INT_POLICY), w, 3, &p,
			     &d);
	REJECT(FMAPI_ERR_SHORT, ret, d);
}

TEST(field_cut_in_the_middle)
{
	/* 0x5602 response: empty or 16 bytes; 6 bytes cut block_size */
	static const u8 w[6] = { 0x01 };
	struct fmapi_set_dc_region_cfg c;
	struct fmapi_diag d;
	int ret;

	ret = decode_guarded(rsp_of(FMAPI_OP_SET_DC_REGION_CFG), w, 6, &c, &d);
	REJECT(FMAPI_ERR_SHORT, ret, d);
}

TEST(trailing_garbage)
{
	static const u8 w[0x60] = { 0x04, 0x02, 0xee };
	struct fmapi_phys_port_control_req q;
	struct fmapi_identify_switch_rsp r;
	struct fmapi_diag d;
	int ret;

	/* exact-size request: one byte too many */
	ret = decode_guarded(req_of(FMAPI_OP_PHYS_PORT_CONTROL), w, 3, &q, &d);
	REJECT(FMAPI_ERR_TRAILING, ret, d);
	CHK(2, d.offset);
	/* no-payload command (NULL layout) with a payload */
	ret = decode_guarded(req_of(FMAPI_OP_IDENTIFY_SWITCH), w, 1, &q, &d);
	REJECT(FMAPI_ERR_TRAILING, ret, d);
	/* extensible response: later revisions may append fields */
	EXPECT_EQ(0, decode_guarded(rsp_of(FMAPI_OP_IDENTIFY_SWITCH), w, 0x60,
				    &r, &d));
	CHK(FMAPI_ERR_NONE, d.reason);
}

/* 0x5101 response claiming 3 port blocks, carrying 2 */
static const u8 port_state_2[4 + 2 * 16] = {
	0x03, 0x00, 0x00, 0x00,
	[4] = 0x01, [5] = 0x03, [20] = 0x02, [21] = 0x03,
};

TEST(list_count_lies)
{
	struct fmapi_port_info p[4];
	struct fmapi_get_phys_port_state_rsp r = { .ports = p, .ports_cap = 4 };
	u8 ids[8];
	struct fmapi_get_phys_port_state_req q = {
		.port_ids = ids, .port_ids_cap = 8,
	};
	static const u8 req[] = { 0x05, 0x01, 0x02 };
	struct fmapi_event_rec rec[1];
	struct fmapi_get_event_records_rsp ev = {
		.records = rec, .records_cap = 1,
	};
	u8 evw[0x20 + 0x80] = { [0x14] = 0xff, [0x15] = 0xff };
	struct fmapi_diag d;
	int ret;

	ret = decode_guarded(rsp_of(FMAPI_OP_GET_PHYS_PORT_STATE), port_state_2,
			     sizeof(port_state_2), &r, &d);
	REJECT(FMAPI_ERR_LIST_TRUNC, ret, d);
	EXPECT_STREQ("ports", d.field);
	ret = decode_guarded(req_of(FMAPI_OP_GET_PHYS_PORT_STATE), req,
			     sizeof(req), &q, &d);
	REJECT(FMAPI_ERR_LIST_TRUNC, ret, d);
	/* 65535 records announced, one present */
	ret = decode_guarded(rsp_of(FMAPI_OP_GET_EVENT_RECORDS), evw,
			     sizeof(evw), &ev, &d);
	REJECT(FMAPI_ERR_LIST_TRUNC, ret, d);
	EXPECT_STREQ("records", d.field);
}

TEST(list_count_above_capacity)
{
	/* exactly one element allocated: ASan catches any write past it */
	struct fmapi_port_info *p = malloc(sizeof(*p));
	struct fmapi_get_phys_port_state_rsp r = { .ports = p, .ports_cap = 1 };
	u8 w[sizeof(port_state_2)];
	struct fmapi_diag d;
	int ret;

	ASSERT_NE(NULL, p);
	memcpy(w, port_state_2, sizeof(w));
	w[0] = 2;
	ret = decode_guarded(rsp_of(FMAPI_OP_GET_PHYS_PORT_STATE), w,
			     sizeof(w), &r, &d);
	REJECT(FMAPI_ERR_LIST_CAP, ret, d);
	EXPECT_STREQ("ports", d.field);
	/* a lying count is reported before the capacity */
	r.ports_cap = 0;
	ret = decode_guarded(rsp_of(FMAPI_OP_GET_PHYS_PORT_STATE), w, 4 + 0,
			     &r, &d);
	REJECT(FMAPI_ERR_LIST_TRUNC, ret, d);
	free(p);
}

TEST(list_count_above_spec_max)
{
	/* 0x5401: an MLD has at most 16 LDs */
	static u8 w[4 + 17 * 16] = { 0x11, 0x00, 0x00, 0x11 };
	struct fmapi_ld_alloc a[32];
	struct fmapi_get_ld_alloc_rsp r = { .allocs = a, .allocs_cap = 32 };
	u8 data[8];
	struct fmapi_ld_mem_req m = {
		.data = data, .nr_data = FMAPI_LD_MEM_MAX_LEN + 1,
	};
	u8 out[64];
	struct fmapi_diag d;
	int ret;

	ret = decode_guarded(rsp_of(FMAPI_OP_GET_LD_ALLOC), w, sizeof(w), &r,
			     &d);
	REJECT(FMAPI_ERR_LIST_MAX, ret, d);
	/* the encoder refuses too: 0x5302 carries at most 4 KiB */
	ret = fmapi_encode(req_of(FMAPI_OP_SEND_LD_CXLIO_MEM), &m, out,
			   sizeof(out), &d);
	REJECT(FMAPI_ERR_LIST_MAX, ret, d);
}

TEST(trailing_after_list)
{
	u8 w[4 + 16 + 3];
	struct fmapi_port_info p[2];
	struct fmapi_get_phys_port_state_rsp r = { .ports = p, .ports_cap = 2 };
	struct fmapi_diag d;
	int ret;

	memcpy(w, port_state_2, 4 + 16);
	w[0] = 1;
	memset(w + 20, 0xee, 3);
	ret = decode_guarded(rsp_of(FMAPI_OP_GET_PHYS_PORT_STATE), w,
			     sizeof(w), &r, &d);
	REJECT(FMAPI_ERR_TRAILING, ret, d);
	CHK(20, d.offset);
}

TEST(implied_list_partial_element)
{
	static const u8 cel[6] = { 0x01, 0x00, 0x00, 0x00, 0x01, 0x51 };
	struct fmapi_cel_entry e[4];
	struct fmapi_diag d;
	u32 nr = 99;
	int ret;

	ret = fmapi_cel_parse(cel, sizeof(cel), e, 4, &nr, &d);
	REJECT(FMAPI_ERR_LIST_LEN, ret, d);
	CHK(0, nr);
	ret = fmapi_cel_parse(cel, 4, e, 0, &nr, &d);
	REJECT(FMAPI_ERR_LIST_CAP, ret, d);
}

TEST(missing_tail)
{
	/* 0x5601 with its region but without the four totals */
	static const u8 w[4 + 0x28] = { 0x00, 0x00, 0x01, 0x01 };
	struct fmapi_dc_region reg[1];
	struct fmapi_get_host_dc_region_cfg_rsp r = {
		.regions = reg, .regions_cap = 1,
	};
	struct fmapi_diag d;
	int ret;

	ret = decode_guarded(rsp_of(FMAPI_OP_GET_HOST_DC_REGION_CFG), w,
			     sizeof(w), &r, &d);
	REJECT(FMAPI_ERR_SHORT, ret, d);
	EXPECT_STREQ("extents_supported", d.field);
}

TEST(reserved_enum_values)
{
	static const u8 log5[] = { 0x05 };
	static const u8 unbind3[] = { 0x00, 0x01, 0x03 };
	static const u8 port_op3[] = { 0x00, 0x03 };
	static const u8 policy3[] = { 0x03, 0x00, 0x00, 0x00 };
	static const u8 limit7[] = { 0x07 };
	static const u8 gran3[] = { 0x00, 0x03, 0x00, 0x00 };
	static const u8 tunnel2[16] = { 0x00, 0x02, 0x0c, 0x00 };
	union { u64 a; u8 b[256]; } s;
	u8 msg[16];
	struct fmapi_tunnel_req t = { .msg = msg, .msg_cap = 16 };
	struct fmapi_get_ld_alloc_rsp ga = { 0 };
	struct fmapi_diag d;
	int ret;

	ret = decode_guarded(req_of(FMAPI_OP_GET_EVENT_RECORDS), log5, 1, &s,
			     &d);
	REJECT(FMAPI_ERR_ENUM, ret, d);
	EXPECT_STREQ("log", d.field);
	ret = decode_guarded(req_of(FMAPI_OP_UNBIND_VPPB), unbind3, 3, &s, &d);
	REJECT(FMAPI_ERR_ENUM, ret, d);
	EXPECT_STREQ("option", d.field);
	ret = decode_guarded(req_of(FMAPI_OP_PHYS_PORT_CONTROL), port_op3, 2,
			     &s, &d);
	REJECT(FMAPI_ERR_ENUM, ret, d);
	ret = decode_guarded(req_of(FMAPI_OP_SET_EVENT_INT_POLICY), policy3, 4,
			     &s, &d);
	REJECT(FMAPI_ERR_ENUM, ret, d);
	EXPECT_STREQ("info_mode", d.field);
	ret = decode_guarded(req_of(FMAPI_OP_SET_RSP_MSG_LIMIT), limit7, 1, &s,
			     &d);
	REJECT(FMAPI_ERR_ENUM, ret, d);
	ret = decode_guarded(rsp_of(FMAPI_OP_GET_LD_ALLOC), gran3, 4, &ga, &d);
	REJECT(FMAPI_ERR_ENUM, ret, d);
	EXPECT_STREQ("granularity", d.field);
	ret = decode_guarded(req_of(FMAPI_OP_TUNNEL), tunnel2, 16, &t, &d);
	REJECT(FMAPI_ERR_ENUM, ret, d);
	EXPECT_STREQ("target_type", d.field);
}

TEST(response_enums_not_enforced)
{
	/* a port state a newer spec may define (0x6) is passed through */
	u8 w[4 + 16] = { 0x01, [4] = 0x09, [5] = 0x06, [8] = 0x07 };
	struct fmapi_port_info p[1];
	struct fmapi_get_phys_port_state_rsp r = { .ports = p, .ports_cap = 1 };

	ASSERT_EQ(0, decode_guarded(rsp_of(FMAPI_OP_GET_PHYS_PORT_STATE), w,
				    sizeof(w), &r, NULL));
	CHK(6, p[0].config_state);
	CHK(7, p[0].conn_dev_type);
	EXPECT_EQ(NULL, fmapi_enum_name(&fmapi_enum_port_config_state, 6));
}

TEST(reserved_bits_ignored_and_not_encoded)
{
	/* reserved bits set everywhere in a 0x5103 request */
	static const u8 w[8] = { 0x02, 0x10, 0xf1, 0xff, 0, 0, 0, 0 };
	static const u8 clean[8] = { 0x02, 0x10, 0xf1, 0x80, 0, 0, 0, 0 };
	struct fmapi_ppb_cfg_req q;
	u8 out[8];

	ASSERT_EQ(0, decode_guarded(req_of(FMAPI_OP_SEND_PPB_CXLIO_CFG), w,
				    sizeof(w), &q, NULL));
	CHK(1, q.write);
	ACHK(8, fmapi_encode(req_of(FMAPI_OP_SEND_PPB_CXLIO_CFG), &q, out,
			     sizeof(out), NULL));
	EXPECT_EQ(0, memcmp(out, clean, 8));
}

TEST(encode_refusals)
{
	struct fmapi_ppb_cfg_req q = { .ext_reg_num = 0x10 };
	struct fmapi_bg_op_status_rsp bg = { .percent = 128 };
	struct fmapi_unbind_vppb_req u = { .option = 3 };
	struct fmapi_get_phys_port_state_req pq = { .num_ports = 2 };
	struct fmapi_identify_rsp id = { 0 };
	struct fmapi_cci_hdr h = { .tag = 1 };
	u8 out[64];
	struct fmapi_diag d;
	int ret;

	ret = fmapi_encode(req_of(FMAPI_OP_SEND_PPB_CXLIO_CFG), &q, out,
			   sizeof(out), &d);
	REJECT(FMAPI_ERR_RANGE, ret, d);
	EXPECT_STREQ("ext_reg_num", d.field);
	ret = fmapi_encode(rsp_of(FMAPI_OP_BG_OP_STATUS), &bg, out, sizeof(out),
			   &d);
	REJECT(FMAPI_ERR_RANGE, ret, d);
	EXPECT_STREQ("percent", d.field);
	ret = fmapi_encode(req_of(FMAPI_OP_UNBIND_VPPB), &u, out, sizeof(out),
			   &d);
	REJECT(FMAPI_ERR_ENUM, ret, d);
	/* a count without an array */
	ret = fmapi_encode(req_of(FMAPI_OP_GET_PHYS_PORT_STATE), &pq, out,
			   sizeof(out), &d);
	REJECT(FMAPI_ERR_ARGS, ret, d);
	/* output buffer one byte short */
	ret = fmapi_encode(rsp_of(FMAPI_OP_IDENTIFY), &id, out, 0x11, &d);
	REJECT(FMAPI_ERR_NOSPACE, ret, d);
	ret = fmapi_encode(rsp_of(FMAPI_OP_IDENTIFY), NULL, out, sizeof(out),
			   &d);
	REJECT(FMAPI_ERR_ARGS, ret, d);
	/* CCI header: 21-bit payload length */
	h.payload_len = 0x200000;
	ret = fmapi_encode(&fmapi_cci_hdr_layout, &h, out, sizeof(out), &d);
	REJECT(FMAPI_ERR_RANGE, ret, d);
	EXPECT_STREQ("payload_len", d.field);
	/* a NULL diag is fine */
	EXPECT_EQ(-ERANGE, fmapi_encode(rsp_of(FMAPI_OP_BG_OP_STATUS), &bg, out,
					sizeof(out), NULL));
}

TEST(decode_args)
{
	static const u8 w[4 + 16] = { 0x01 };
	struct fmapi_get_phys_port_state_rsp r = { .ports = NULL,
						   .ports_cap = 5 };
	struct fmapi_diag d;
	int ret;

	ret = decode_guarded(rsp_of(FMAPI_OP_GET_PHYS_PORT_STATE), w,
			     sizeof(w), &r, &d);
	REJECT(FMAPI_ERR_ARGS, ret, d);
	ret = fmapi_decode(rsp_of(FMAPI_OP_IDENTIFY), NULL, 18, &r, &d);
	REJECT(FMAPI_ERR_ARGS, ret, d);
	ret = fmapi_decode(rsp_of(FMAPI_OP_IDENTIFY), w, 18, NULL, &d);
	REJECT(FMAPI_ERR_ARGS, ret, d);
}

/* ---- 0x5200: nested lists ---- */

static const u8 vcs2[] = {
	0x02, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x02,
	0x02, 0x01, 0xff, 0x00,
	0x02, 0x02, 0xff, 0x00,
	0x01, 0x01, 0x05, 0x01,
	0x00, 0x00, 0x00, 0x00,
};

TEST(vcs_info_errors)
{
	struct fmapi_vcs_info v[2];
	struct fmapi_vppb_info *e = malloc(3 * sizeof(*e));
	struct fmapi_vppb_info *e2 = malloc(2 * sizeof(*e2));
	struct fmapi_get_vcs_info_rsp r = {
		.vppb_limit = 8, .vcs = v, .vcs_cap = 2,
		.vppbs = e, .vppbs_cap = 3,
	};
	const struct fmapi_layout *l = rsp_of(FMAPI_OP_GET_VCS_INFO);
	u8 w[sizeof(vcs2) + 4];
	struct fmapi_diag d;
	int ret;

	ASSERT_NE(NULL, e);
	ASSERT_NE(NULL, e2);
	ASSERT_EQ(0, decode_guarded(l, vcs2, sizeof(vcs2), &r, &d)) {
		TH_LOG("%s", fmapi_err_str(d.reason));
	}
	CHK(3, r.nr_vppbs);
	/* vPPB capacity 2 < 3 entries (the array really has 2: ASan) */
	r.vppbs = e2;
	r.vppbs_cap = 2;
	ret = decode_guarded(l, vcs2, sizeof(vcs2), &r, &d);
	REJECT(FMAPI_ERR_LIST_CAP, ret, d);
	EXPECT_STREQ("vppbs", d.field);
	r.vppbs = e;
	r.vppbs_cap = 3;
	/* VCS capacity */
	r.vcs_cap = 1;
	ret = decode_guarded(l, vcs2, sizeof(vcs2), &r, &d);
	REJECT(FMAPI_ERR_LIST_CAP, ret, d);
	EXPECT_STREQ("vcs", d.field);
	r.vcs_cap = 2;
	/* three VCS blocks claimed */
	memcpy(w, vcs2, sizeof(vcs2));
	w[0] = 3;
	ret = decode_guarded(l, w, sizeof(vcs2), &r, &d);
	REJECT(FMAPI_ERR_LIST_TRUNC, ret, d);
	EXPECT_STREQ("vcs", d.field);
	/* second VCS claims more vPPBs than present */
	w[0] = 2;
	w[19] = 3;
	ret = decode_guarded(l, w, sizeof(vcs2), &r, &d);
	REJECT(FMAPI_ERR_LIST_TRUNC, ret, d);
	EXPECT_STREQ("vppbs", d.field);
	/* trailing bytes after the last block */
	w[19] = 1;
	memset(w + sizeof(vcs2), 0xee, 4);
	ret = decode_guarded(l, w, sizeof(w), &r, &d);
	REJECT(FMAPI_ERR_TRAILING, ret, d);
	/* encoder: per-block entry count must follow the request context */
	ASSERT_EQ(0, decode_guarded(l, vcs2, sizeof(vcs2), &r, &d));
	v[1].nr_vppb_entries = 0;
	ret = fmapi_encode(l, &r, w, sizeof(w), &d);
	REJECT(FMAPI_ERR_RANGE, ret, d);
	free(e2);
	free(e);
}

/* ---- events ---- */

static const u8 ps_uuid[16] = {
	0x77, 0xcf, 0x92, 0x71, 0x9c, 0x02, 0x47, 0x0b,
	0x9f, 0xe4, 0xbc, 0x7b, 0x75, 0xf2, 0xda, 0x97,
};

TEST(event_record_errors)
{
	u8 rec[0x81];
	struct fmapi_event ev;
	struct fmapi_diag d;
	int ret;

	memset(rec, 0, sizeof(rec));
	memcpy(rec, ps_uuid, 16);
	rec[0x10] = 0x80;
	ASSERT_EQ(0, fmapi_event_decode(rec, 0x80, &ev, &d));
	CHK(FMAPI_EVENT_PHYS_SWITCH, ev.kind);
	ret = fmapi_event_decode(rec, 0x7f, &ev, &d);
	REJECT(FMAPI_ERR_SHORT, ret, d);
	ret = fmapi_event_decode(rec, 0x81, &ev, &d);
	REJECT(FMAPI_ERR_TRAILING, ret, d);
	rec[0x10] = 0x2f;		/* shorter than the header */
	ret = fmapi_event_decode(rec, 0x80, &ev, &d);
	REJECT(FMAPI_ERR_RECORD_LEN, ret, d);
	rec[0x10] = 0x81;		/* longer than a record */
	ret = fmapi_event_decode(rec, 0x80, &ev, &d);
	REJECT(FMAPI_ERR_RECORD_LEN, ret, d);
	rec[0x10] = 0x42;		/* does not cover link_flags (0x41-0x42) */
	ret = fmapi_event_decode(rec, 0x80, &ev, &d);
	REJECT(FMAPI_ERR_RECORD_LEN, ret, d);
	rec[0x10] = 0x43;
	EXPECT_EQ(0, fmapi_event_decode(rec, 0x80, &ev, &d));
	ret = fmapi_event_decode(NULL, 0x80, &ev, &d);
	REJECT(FMAPI_ERR_ARGS, ret, d);
}

/* ---- CCI messages and tunnels ---- */

TEST(cci_msg_errors)
{
	/* response header announcing 4 payload bytes, carrying 3 */
	static const u8 m[15] = {
		0x01, 0x07, 0x00, 0x00, 0x51, 0x04, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0xaa, 0xbb, 0xcc,
	};
	static const u8 bad_cat[12] = { 0x02 };
	struct fmapi_cci_hdr h;
	const u8 *p;
	struct fmapi_diag d;
	u8 out[8];
	int ret;

	ret = fmapi_cci_msg_decode(m, sizeof(m), &h, &p, &d);
	REJECT(FMAPI_ERR_MSG_LEN, ret, d);
	ret = fmapi_cci_msg_decode(m, 11, &h, &p, &d);
	REJECT(FMAPI_ERR_SHORT, ret, d);
	ret = fmapi_cci_msg_decode(bad_cat, 12, &h, &p, &d);
	REJECT(FMAPI_ERR_ENUM, ret, d);
	EXPECT_STREQ("category", d.field);
	ret = fmapi_cci_msg_encode(&h, m, 4, out, sizeof(out), &d);
	REJECT(FMAPI_ERR_NOSPACE, ret, d);
}

/* 1-level tunnel response from port 2: Get LD Info answered, tag 0x42 */
static const u8 tun_rsp[4 + 12 + 11] = {
	0x17, 0x00, 0x00, 0x00,
	0x01, 0x42, 0x00, 0x00, 0x54, 0x0b, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
	[16] = 0x00, [19] = 0x40, [24] = 0x04,
};

TEST(tunnel_unwrap_errors)
{
	struct fmapi_tunnel_result res;
	struct fmapi_diag d;
	u8 w[sizeof(tun_rsp) + 1];
	int ret;

	ASSERT_EQ(0, fmapi_tunnel_unwrap(tun_rsp, sizeof(tun_rsp), 1, 0x42,
					 FMAPI_OP_GET_LD_INFO, &res, &d));
	CHK(11, res.payload_len);
	ret = fmapi_tunnel_unwrap(tun_rsp, sizeof(tun_rsp), 1, 0x43,
				  FMAPI_OP_GET_LD_INFO, &res, &d);
	REJECT(FMAPI_ERR_MSG_TAG, ret, d);
	ret = fmapi_tunnel_unwrap(tun_rsp, sizeof(tun_rsp), 1, 0x42,
				  FMAPI_OP_GET_LD_ALLOC, &res, &d);
	REJECT(FMAPI_ERR_MSG_OPCODE, ret, d);
	/* expecting 2 levels: the inner message is not a 0x5300 */
	ret = fmapi_tunnel_unwrap(tun_rsp, sizeof(tun_rsp), 2, 0x42,
				  FMAPI_OP_GET_LD_INFO, &res, &d);
	REJECT(FMAPI_ERR_MSG_OPCODE, ret, d);
	ret = fmapi_tunnel_unwrap(tun_rsp, sizeof(tun_rsp), 3, 0x42,
				  FMAPI_OP_GET_LD_INFO, &res, &d);
	REJECT(FMAPI_ERR_DEPTH, ret, d);
	ret = fmapi_tunnel_unwrap(tun_rsp, sizeof(tun_rsp) - 1, 1, 0x42,
				  FMAPI_OP_GET_LD_INFO, &res, &d);
	REJECT(FMAPI_ERR_MSG_LEN, ret, d);
	EXPECT_STREQ("response_len", d.field);
	ret = fmapi_tunnel_unwrap(tun_rsp, 3, 1, 0x42, FMAPI_OP_GET_LD_INFO,
				  &res, &d);
	REJECT(FMAPI_ERR_SHORT, ret, d);
	/* outer length fixed up but the inner payload length not */
	memcpy(w, tun_rsp, sizeof(tun_rsp));
	w[sizeof(tun_rsp)] = 0;
	w[0] = sizeof(w) - 4;
	ret = fmapi_tunnel_unwrap(w, sizeof(w), 1, 0x42, FMAPI_OP_GET_LD_INFO,
				  &res, &d);
	REJECT(FMAPI_ERR_MSG_LEN, ret, d);
	EXPECT_STREQ("payload_len", d.field);
	/* a request where a response belongs */
	memcpy(w, tun_rsp, sizeof(tun_rsp));
	w[4] = 0x00;
	ret = fmapi_tunnel_unwrap(w, sizeof(tun_rsp), 1, 0x42,
				  FMAPI_OP_GET_LD_INFO, &res, &d);
	REJECT(FMAPI_ERR_MSG_CATEGORY, ret, d);
}

TEST(tunnel_build_errors)
{
	struct fmapi_tunnel_hop hops[3] = { { 1, 0 }, { 0, 0 }, { 0, 0 } };
	struct fmapi_tunnel_hop bad = { 1, 2 };
	static u8 big[0x10000];
	u8 out[64];
	struct fmapi_diag d;
	int ret;

	ret = fmapi_tunnel_build(hops, 3, 0, FMAPI_OP_IDENTIFY, NULL, 0, out,
				 sizeof(out), &d);
	REJECT(FMAPI_ERR_DEPTH, ret, d);
	ret = fmapi_tunnel_build(hops, 0, 0, FMAPI_OP_IDENTIFY, NULL, 0, out,
				 sizeof(out), &d);
	REJECT(FMAPI_ERR_DEPTH, ret, d);
	ret = fmapi_tunnel_build(hops, 1, 0, FMAPI_OP_IDENTIFY, NULL, 0, out,
				 15, &d);
	REJECT(FMAPI_ERR_NOSPACE, ret, d);
	/* 16-bit command size cannot express the payload */
	ret = fmapi_tunnel_build(hops, 1, 0, FMAPI_OP_SET_FEATURE, big,
				 sizeof(big), big, sizeof(big), &d);
	REJECT(FMAPI_ERR_NOSPACE, ret, d);
	ret = fmapi_tunnel_build(&bad, 1, 0, FMAPI_OP_IDENTIFY, NULL, 0, out,
				 sizeof(out), &d);
	REJECT(FMAPI_ERR_ENUM, ret, d);
}

TEST(tunnel_parse_req_errors)
{
	static const u8 lie[16] = {
		0x02, 0x00, 0x0d, 0x00,
		0x00, 0x42, 0x00, 0x00, 0x54, 0x00, 0x00, 0x00,
	};
	static const u8 rsp_inside[16] = {
		0x02, 0x00, 0x0c, 0x00,
		0x01, 0x42, 0x00, 0x00, 0x54, 0x00, 0x00, 0x00,
	};
	struct fmapi_tunnel_hop hop;
	struct fmapi_cci_hdr h;
	const u8 *p;
	struct fmapi_diag d;
	int ret;

	ret = fmapi_tunnel_parse_req(lie, sizeof(lie), &hop, &h, &p, &d);
	REJECT(FMAPI_ERR_MSG_LEN, ret, d);
	EXPECT_STREQ("command_size", d.field);
	ret = fmapi_tunnel_parse_req(rsp_inside, sizeof(rsp_inside), &hop, &h,
				     &p, &d);
	REJECT(FMAPI_ERR_MSG_CATEGORY, ret, d);
	ret = fmapi_tunnel_parse_req(lie, 3, &hop, &h, &p, &d);
	REJECT(FMAPI_ERR_SHORT, ret, d);
}

TEST_HARNESS_MAIN
