// SPDX-License-Identifier: GPL-2.0-only
/*
 * cxlfm FM-API codec: descriptor invariants, garbage payloads, CCI messages
 * and tunnels, event records, return codes and the CEL.
 */
#include "kselftest_harness.h"
#include "unit.h"

/* ---------------- Descriptor invariants ---------------- */

static bool stable_name(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return false;
	return true;
}

static unsigned int popcount64(u64 v)
{
	return (unsigned int)__builtin_popcountll(v);
}

/*
 * Check one field table against the wire part [0, wire_len) and the C
 * struct [0, st_size). @bits marks wire bits used by non-alias fields.
 */
static int check_fields(struct __test_metadata *_metadata, const char *what,
			const struct fmapi_field *f, unsigned int nr,
			size_t wire_len, size_t st_size, u8 *bits)
{
	unsigned int i, b;

	for (i = 0; i < nr; i++, f++) {
		unsigned int width;
		u64 m;

		EXPECT_TRUE(stable_name(f->name)) TH_LOG("%s: field %u", what, i);
		EXPECT_LE((size_t)f->off + f->size, wire_len)
			TH_LOG("%s.%s outside the wire part", what, f->name);
		EXPECT_LE((size_t)f->st_off + f->st_size, st_size)
			TH_LOG("%s.%s outside the struct", what, f->name);
		if (f->type == FMAPI_T_BYTES) {
			EXPECT_EQ(f->size, f->st_size) TH_LOG("%s.%s", what,
							      f->name);
			EXPECT_EQ(0, f->mask);
			width = 0;
		} else {
			EXPECT_TRUE(f->size == 1 || f->size == 2 ||
				    f->size == 3 || f->size == 4 ||
				    f->size == 8) TH_LOG("%s.%s", what, f->name);
			EXPECT_TRUE(f->st_size == 1 || f->st_size == 2 ||
				    f->st_size == 4 || f->st_size == 8)
				TH_LOG("%s.%s", what, f->name);
			if (f->mask) {
				/* contiguous and inside the wire integer */
				m = f->mask >> __builtin_ctzll(f->mask);
				EXPECT_EQ(0, m & (m + 1)) TH_LOG("%s.%s mask",
								 what, f->name);
				if (f->size < 8)
					EXPECT_EQ(0, f->mask >> (8 * f->size))
						TH_LOG("%s.%s", what, f->name);
				width = popcount64(f->mask);
			} else {
				width = 8 * f->size;
			}
			EXPECT_LE(width, 8U * f->st_size)
				TH_LOG("%s.%s does not fit its member", what,
				       f->name);
		}
		if (f->flags & FMAPI_FF_CHECK)
			EXPECT_NE(NULL, f->en) TH_LOG("%s.%s", what, f->name);
		if (f->flags & FMAPI_FF_ALIAS || !bits ||
		    f->off + f->size > wire_len)
			continue;
		for (b = 0; b < 8U * f->size; b++) {
			unsigned int bit = 8 * f->off + b;

			if (f->mask && !(f->mask & (1ULL << b)))
				continue;
			EXPECT_FALSE(bits[bit / 8] & (1 << (bit % 8)))
				TH_LOG("%s.%s overlaps another field", what,
				       f->name);
			bits[bit / 8] |= 1 << (bit % 8);
		}
	}
	return 0;
}

static void check_layout(struct __test_metadata *_metadata, const char *what,
			 const struct fmapi_layout *l)
{
	static u8 bits[0x100];
	const struct fmapi_list *li = l->list;
	size_t ptr = sizeof(void *);

	EXPECT_NE(0, l->st_size) TH_LOG("%s", what);
	EXPECT_LE(l->min_len, l->fixed_len) TH_LOG("%s", what);
	if (l->min_len)
		EXPECT_EQ(NULL, l->list) TH_LOG("%s: optional fields + list",
						what);
	ASSERT_LE(l->fixed_len, 8 * sizeof(bits));
	memset(bits, 0, sizeof(bits));
	check_fields(_metadata, what, l->fields, l->nr_fields, l->fixed_len,
		     l->st_size, bits);
	EXPECT_EQ(!!l->nr_tail, !!l->tail_len) TH_LOG("%s", what);
	memset(bits, 0, sizeof(bits));
	check_fields(_metadata, what, l->tail, l->nr_tail, l->tail_len,
		     l->st_size, bits);
	if (!li)
		return;
	EXPECT_TRUE(stable_name(li->name)) TH_LOG("%s", what);
	EXPECT_NE(0, li->elem_size) TH_LOG("%s", what);
	EXPECT_NE(0, li->elem_st_size) TH_LOG("%s", what);
	EXPECT_LE(li->ptr_off + ptr, l->st_size) TH_LOG("%s", what);
	EXPECT_LE(li->cap_off + 4U, l->st_size) TH_LOG("%s", what);
	EXPECT_NE(li->ptr_off, li->cap_off) TH_LOG("%s", what);
	if (li->count_field == FMAPI_COUNT_IMPLIED) {
		EXPECT_LE(li->nr_off + 4U, l->st_size) TH_LOG("%s", what);
		EXPECT_NE(li->nr_off, li->cap_off) TH_LOG("%s", what);
	} else {
		const struct fmapi_field *cf;

		ASSERT_LT(li->count_field, l->nr_fields)
			TH_LOG("%s: count field index", what);
		ASSERT_LE(0, li->count_field);
		cf = &l->fields[li->count_field];
		EXPECT_EQ(FMAPI_T_UINT, cf->type) TH_LOG("%s", what);
		EXPECT_EQ(0, cf->mask) TH_LOG("%s", what);
		/* the count names the list's elements */
		EXPECT_TRUE(strstr(cf->name, "num") || strstr(cf->name, "nr") ||
			    strstr(cf->name, "len") ||
			    strstr(cf->name, "size") ||
			    strstr(cf->name, "returned") ||
			    strstr(cf->name, "count"))
			TH_LOG("%s: count field '%s'", what, cf->name);
	}
	ASSERT_LE(li->elem_size, 8 * sizeof(bits));
	memset(bits, 0, sizeof(bits));
	check_fields(_metadata, what, li->elem_fields, li->nr_elem_fields,
		     li->elem_size, li->elem_st_size, bits);
}

TEST(descriptor_invariants)
{
	unsigned int i, n = fmapi_cmd_count(), layouts = 0;
	const struct fmapi_cmd *prev = NULL;
	static const struct {
		const char *name;
		const struct fmapi_layout *l;
	} extra[] = {
		{ "cci_hdr", &fmapi_cci_hdr_layout },
		{ "event_hdr", &fmapi_event_hdr_layout },
		{ "event_ps", &fmapi_event_ps_layout },
		{ "event_vcs", &fmapi_event_vcs_layout },
		{ "event_mld", &fmapi_event_mld_layout },
	};

	EXPECT_LT(60U, n);
	EXPECT_EQ(NULL, fmapi_cmd_at(n));
	for (i = 0; i < n; i++) {
		const struct fmapi_cmd *c = fmapi_cmd_at(i);
		char what[64];

		ASSERT_NE(NULL, c);
		EXPECT_TRUE(stable_name(c->name)) TH_LOG("0x%04x", c->opcode);
		if (prev)
			EXPECT_LT(prev->opcode, c->opcode)
				TH_LOG("%s after %s", c->name, prev->name);
		EXPECT_EQ(c, fmapi_cmd_find(c->opcode));
		prev = c;
		if (c->req) {
			snprintf(what, sizeof(what), "%s.req", c->name);
			check_layout(_metadata, what, c->req);
			layouts++;
		}
		if (c->rsp) {
			snprintf(what, sizeof(what), "%s.rsp", c->name);
			check_layout(_metadata, what, c->rsp);
			layouts++;
		}
	}
	for (i = 0; i < ARRAY_SIZE(extra); i++)
		check_layout(_metadata, extra[i].name, extra[i].l);
	EXPECT_LT(60U, layouts);
	EXPECT_EQ(NULL, fmapi_cmd_find(0x0000));
	EXPECT_EQ(NULL, fmapi_cmd_find(0x5209));
	EXPECT_EQ(NULL, fmapi_cmd_find(0xffff));
	/* every opcode of reference §2.1 (0x00xx-0x05xx subset) and §3.1 */
	EXPECT_NE(NULL, fmapi_cmd_find(FMAPI_OP_REQUEST_ABORT_BG_OP));
	EXPECT_NE(NULL, fmapi_cmd_find(FMAPI_OP_TUNNEL));
	EXPECT_NE(NULL, fmapi_cmd_find(FMAPI_OP_GET_QOS_BW_LIMIT));
	EXPECT_NE(NULL, fmapi_cmd_find(FMAPI_OP_SET_QOS_BW_LIMIT));
	EXPECT_NE(NULL, fmapi_cmd_find(FMAPI_OP_GET_HEAD_INFO));
	EXPECT_NE(NULL, fmapi_cmd_find(FMAPI_OP_DC_LIST_TAGS));
}

/* ---------------- Garbage payloads ---------------- */

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)(rng_state >> 16);
}

union scratch {
	u64 align;
	u8 b[512];
};

#define ELEMS_SIZE	(64 * 1024)

/* point the layout's lists at @arr (two halves) */
static void setup(const struct fmapi_layout *l, void *s, u8 *arr, u32 seed)
{
	void *p = arr;
	u32 cap;

	if (!l->list)
		return;
	cap = ELEMS_SIZE / 2 / l->list->elem_st_size;
	memcpy((u8 *)s + l->list->ptr_off, &p, sizeof(p));
	memcpy((u8 *)s + l->list->cap_off, &cap, sizeof(cap));
	if (l->ops) {
		struct fmapi_get_vcs_info_rsp *r = s;

		r->start_vppb = seed & 0x7;
		r->vppb_limit = (seed >> 3) & 0xf;
		r->vppbs = (void *)(arr + ELEMS_SIZE / 2);
		r->vppbs_cap = ELEMS_SIZE / 2 / sizeof(*r->vppbs);
	}
}

static u64 list_nr(const struct fmapi_layout *l, const void *s)
{
	const struct fmapi_list *li = l->list;
	const struct fmapi_field *cf;
	u64 v = 0;

	if (li->count_field == FMAPI_COUNT_IMPLIED) {
		u32 n;

		memcpy(&n, (const u8 *)s + li->nr_off, 4);
		return n;
	}
	cf = &l->fields[li->count_field];
	memcpy(&v, (const u8 *)s + cf->st_off, cf->st_size);	/* LE host */
	return v;
}

/*
 * Random payloads for every layout: the decoder never crashes or reads out
 * of bounds, an error always comes with its matching reason, and whatever
 * it accepts re-encodes to bytes that decode to the same struct.
 */
static void fuzz_layout(struct __test_metadata *_metadata, const char *what,
			const struct fmapi_layout *l, unsigned int iters,
			unsigned int *accepted)
{
	static u8 wire[1200], out[FMAPI_PAYLOAD_MAX / 256];
	static u8 arr1[ELEMS_SIZE], arr2[ELEMS_SIZE];
	unsigned int it;

	for (it = 0; it < iters; it++) {
		union scratch s1, s2;
		struct fmapi_diag d;
		size_t len, i;
		u32 seed = rnd();
		int ret, n;

		/* mostly near the interesting sizes, sometimes anything */
		len = (seed & 3) ? l->fixed_len + (rnd() % 64) - 8 :
				   rnd() % sizeof(wire);
		if (len > sizeof(wire))
			len = rnd() % 8;
		for (i = 0; i < len; i++)
			wire[i] = (rnd() & 1) ? 0 : (u8)rnd();
		/* make list counts small enough to be plausible, often */
		if (l->list && l->list->count_field >= 0 && (seed & 4)) {
			const struct fmapi_field *cf =
				&l->fields[l->list->count_field];

			if (cf->off < len)
				wire[cf->off] = rnd() % 5;
			for (i = 1; i < cf->size && cf->off + i < len; i++)
				wire[cf->off + i] = 0;
		}
		if (l->ops && len)
			wire[0] = rnd() % 4;

		memset(&s1, 0, sizeof(s1));
		if (l->list)	/* element padding must compare equal */
			memset(arr1, 0, sizeof(arr1));
		setup(l, &s1, arr1, seed);
		ret = decode_guarded(l, wire, len, &s1, &d);
		if (ret) {
			EXPECT_EQ(fmapi_err_errno(d.reason), ret)
				TH_LOG("%s: %d vs %s", what, ret,
				       fmapi_err_str(d.reason));
			EXPECT_TRUE(ret == -EMSGSIZE || ret == -EBADMSG ||
				    ret == -EINVAL || ret == -ENOSPC ||
				    ret == -ERANGE) TH_LOG("%s: %d", what, ret);
			continue;
		}
		(*accepted)++;
		n = fmapi_encode(l, &s1, out, sizeof(out), &d);
		ASSERT_LE(0, n) TH_LOG("%s: re-encode: %s (%s)", what,
				       fmapi_err_str(d.reason), d.field);
		if (!(l->flags & FMAPI_LF_EXTENSIBLE) && !l->min_len &&
		    !(l->flags & FMAPI_LF_OPTIONAL))
			EXPECT_EQ(len, (size_t)n) TH_LOG("%s", what);
		memset(&s2, 0, sizeof(s2));
		if (l->list)
			memset(arr2, 0, sizeof(arr2));
		setup(l, &s2, arr2, seed);
		ASSERT_EQ(0, decode_guarded(l, out, n, &s2, &d))
			TH_LOG("%s: re-decode: %s", what,
			       fmapi_err_str(d.reason));
		if (l->list) {
			size_t el = l->list->elem_st_size;
			u64 nr = list_nr(l, &s1);

			if (l->ops) {
				const struct fmapi_get_vcs_info_rsp *r =
					(const void *)&s1;

				el = sizeof(struct fmapi_vppb_info);
				nr = r->nr_vppbs;
				EXPECT_EQ(0, memcmp(arr1, arr2, r->num_vcs *
						    sizeof(struct fmapi_vcs_info)));
				EXPECT_EQ(0, memcmp(arr1 + ELEMS_SIZE / 2,
						    arr2 + ELEMS_SIZE / 2,
						    nr * el));
			} else {
				EXPECT_EQ(0, memcmp(arr1, arr2, nr * el))
					TH_LOG("%s: elements differ", what);
			}
			/* same pointers for the struct comparison */
			setup(l, &s2, arr1, seed);
		}
		EXPECT_EQ(0, memcmp(&s1, &s2, l->st_size))
			TH_LOG("%s: decode(encode(decode(x))) != decode(x)",
			       what);
	}
}

/*
 * A third of a million guarded decodes under ASan: seconds on an idle
 * machine, more than the harness's default 30 s on a loaded one.  The
 * bound is a hang guard, not a speed goal.
 */
FIXTURE(slow) {
	int unused;
};

FIXTURE_SETUP(slow)
{
}

FIXTURE_TEARDOWN(slow)
{
}

TEST_F_TIMEOUT(slow, garbage_payloads, 300)
{
	unsigned int i, accepted = 0;

	for (i = 0; i < fmapi_cmd_count(); i++) {
		const struct fmapi_cmd *c = fmapi_cmd_at(i);
		char what[64];

		if (c->req) {
			snprintf(what, sizeof(what), "%s.req", c->name);
			fuzz_layout(_metadata, what, c->req, 3000, &accepted);
		}
		if (c->rsp) {
			snprintf(what, sizeof(what), "%s.rsp", c->name);
			fuzz_layout(_metadata, what, c->rsp, 3000, &accepted);
		}
	}
	fuzz_layout(_metadata, "cci_hdr", &fmapi_cci_hdr_layout, 2000,
		    &accepted);
	/* the fuzzer must reach the success path too */
	EXPECT_LT(10000U, accepted);
}

TEST(garbage_event_records)
{
	u8 rec[FMAPI_EVENT_RECORD_SIZE];
	unsigned int it, k, ok = 0;

	for (it = 0; it < 20000; it++) {
		struct fmapi_event ev;
		struct fmapi_diag d;
		size_t i;
		int ret;

		for (i = 0; i < sizeof(rec); i++)
			rec[i] = (u8)rnd();
		k = rnd() % FMAPI_EVENT__MAX;
		if (k)
			memcpy(rec, fmapi_event_uuids[k], 16);
		if (rnd() & 1)
			rec[0x10] = 0x80;
		ret = fmapi_event_decode(rec, sizeof(rec), &ev, &d);
		if (ret) {
			EXPECT_EQ(fmapi_err_errno(d.reason), ret);
			EXPECT_EQ(FMAPI_ERR_RECORD_LEN, d.reason);
			continue;
		}
		ok++;
		EXPECT_EQ((enum fmapi_event_kind)k, ev.kind);
	}
	EXPECT_LT(5000U, ok);
}

TEST(garbage_tunnels)
{
	u8 buf[96];
	unsigned int it;

	for (it = 0; it < 50000; it++) {
		struct fmapi_tunnel_result res;
		struct fmapi_tunnel_hop hop;
		struct fmapi_cci_hdr h;
		const u8 *p;
		struct fmapi_diag d;
		size_t len = rnd() % sizeof(buf), i;
		u8 *g;
		int ret;

		for (i = 0; i < len; i++)
			buf[i] = (rnd() & 1) ? 0 : (u8)rnd();
		if (len >= 4) {		/* plausible outer length, often */
			buf[0] = (u8)(len - 4);
			buf[4] = rnd() & 1;
		}
		g = guard_copy(buf, len);
		ASSERT_NE(NULL, g);
		ret = fmapi_tunnel_unwrap(g, len, 1 + (rnd() & 1), 0, 0, &res,
					  &d);
		/* an error has its reason; a result stays inside the input */
		EXPECT_TRUE(ret ? fmapi_err_errno(d.reason) == ret :
			    !res.payload ||
			    res.payload + res.payload_len <= g + len);
		ret = fmapi_tunnel_parse_req(g, len, &hop, &h, &p, &d);
		EXPECT_TRUE(ret ? fmapi_err_errno(d.reason) == ret :
			    p + h.payload_len == g + len);
		guard_free(g, len);
	}
}

/* ---------------- CCI messages and tunnels ---------------- */

static const u8 v_cci_hdr[12] = {
	0x01, 0x33, 0x00, 0x01, 0x51, 0x45, 0x23, 0x81,
	0x06, 0x00, 0x34, 0x12,
};

TEST(cci_header)
{
	struct fmapi_cci_hdr h;
	u8 out[12];

	ASSERT_EQ(0, decode_guarded(&fmapi_cci_hdr_layout, v_cci_hdr, 12, &h,
				    NULL));
	CHK(FMAPI_MSG_RESPONSE, h.category);
	CHK(0x33, h.tag);
	CHK(0x5101, h.opcode);
	CHK(0x012345, h.payload_len);
	CHK(1, h.bo);
	CHK(FMAPI_RC_BUSY, h.return_code);
	CHK(0x1234, h.vendor_status);
	ACHK(12, fmapi_encode(&fmapi_cci_hdr_layout, &h, out, 12, NULL));
	EXPECT_EQ(0, memcmp(out, v_cci_hdr, 12));
}

TEST(cci_msg_roundtrip)
{
	static const u8 v[14] = {
		0x00, 0x09, 0x00, 0x02, 0x51, 0x02, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x04, 0x02,
	};
	static const u8 pl[2] = { 0x04, 0x02 };
	struct fmapi_cci_hdr h = {
		.category = FMAPI_MSG_REQUEST, .tag = 9,
		.opcode = FMAPI_OP_PHYS_PORT_CONTROL, .payload_len = 77,
	};
	u8 out[32];
	const u8 *p;

	ACHK(14, fmapi_cci_msg_encode(&h, pl, 2, out, sizeof(out), NULL));
	EXPECT_EQ(0, memcmp(out, v, 14));
	CHK(2, h.payload_len);
	memset(&h, 0, sizeof(h));
	ASSERT_EQ(0, fmapi_cci_msg_decode(v, 14, &h, &p, NULL));
	CHK(FMAPI_OP_PHYS_PORT_CONTROL, h.opcode);
	EXPECT_EQ(v + 12, p);
}

/* 0x5300 to port 2 wrapping Get LD Info (0x5400), tag 0x42 */
static const u8 v_tunnel1[] = {
	0x02, 0x00, 0x0c, 0x00,
	0x00, 0x42, 0x00, 0x00, 0x54, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

/* port 2 -> LD 0 -> Identify, tag 7 */
static const u8 v_tunnel2[] = {
	0x02, 0x00, 0x1c, 0x00,
	0x00, 0x07, 0x00, 0x00, 0x53, 0x10, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x0c, 0x00,
	0x00, 0x07, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

/* its response: Identify answered by the LD */
static const u8 v_tunnel2_rsp[4 + 12 + 4 + 12 + 18] = {
	0x2e, 0x00, 0x00, 0x00,
	0x01, 0x07, 0x00, 0x00, 0x53, 0x22, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
	0x1e, 0x00, 0x00, 0x00,
	0x01, 0x07, 0x00, 0x01, 0x00, 0x12, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
	0x86, 0x80, 0x93, 0x0d, [49] = 0x03,
};

/* the outer hop answered Unsupported: no embedded payload */
static const u8 v_tunnel_fail_rsp[] = {
	0x0c, 0x00, 0x00, 0x00,
	0x01, 0x07, 0x00, 0x00, 0x53, 0x00, 0x00, 0x00,
	0x03, 0x00, 0x00, 0x00,
};

TEST(tunnel_one_level)
{
	struct fmapi_tunnel_hop hop = { .port_or_ld_id = 2 }, got;
	struct fmapi_cci_hdr h;
	const u8 *p;
	u8 out[64];

	ACHK(sizeof(v_tunnel1),
	     fmapi_tunnel_build(&hop, 1, 0x42, FMAPI_OP_GET_LD_INFO, NULL, 0,
				out, sizeof(out), NULL));
	EXPECT_EQ(0, memcmp(out, v_tunnel1, sizeof(v_tunnel1)));
	ASSERT_EQ(0, fmapi_tunnel_parse_req(v_tunnel1, sizeof(v_tunnel1), &got,
					    &h, &p, NULL));
	CHK(2, got.port_or_ld_id);
	CHK(0, got.target_type);
	CHK(FMAPI_OP_GET_LD_INFO, h.opcode);
	CHK(0x42, h.tag);
	CHK(0, h.payload_len);
}

TEST(tunnel_two_levels)
{
	struct fmapi_tunnel_hop hops[2] = { { 2, 0 }, { 0, 0 } }, got;
	struct fmapi_tunnel_result res;
	struct fmapi_identify_rsp id;
	struct fmapi_cci_hdr h;
	const u8 *p;
	u8 out[64];

	ACHK(sizeof(v_tunnel2),
	     fmapi_tunnel_build(hops, 2, 7, FMAPI_OP_IDENTIFY, NULL, 0, out,
				sizeof(out), NULL));
	EXPECT_EQ(0, memcmp(out, v_tunnel2, sizeof(v_tunnel2)));

	/* a component peels one level at a time */
	ASSERT_EQ(0, fmapi_tunnel_parse_req(v_tunnel2, sizeof(v_tunnel2), &got,
					    &h, &p, NULL));
	CHK(2, got.port_or_ld_id);
	CHK(FMAPI_OP_TUNNEL, h.opcode);
	ASSERT_EQ(0, fmapi_tunnel_parse_req(p, h.payload_len, &got, &h, &p,
					    NULL));
	CHK(0, got.port_or_ld_id);
	CHK(FMAPI_OP_IDENTIFY, h.opcode);

	ASSERT_EQ(0, fmapi_tunnel_unwrap(v_tunnel2_rsp, sizeof(v_tunnel2_rsp),
					 2, 7, FMAPI_OP_IDENTIFY, &res, NULL));
	CHK(2, res.level);
	CHK(0, res.return_code);
	ACHK(18, res.payload_len);
	EXPECT_EQ(v_tunnel2_rsp + 32, res.payload);
	ASSERT_EQ(0, fmapi_decode(rsp_of(FMAPI_OP_IDENTIFY), res.payload,
				  res.payload_len, &id, NULL));
	CHK(0x8086, id.vendor_id);
	CHK(0x0d93, id.device_id);
	CHK(3, id.component_type);

	ASSERT_EQ(0, fmapi_tunnel_unwrap(v_tunnel_fail_rsp,
					 sizeof(v_tunnel_fail_rsp), 2, 7,
					 FMAPI_OP_IDENTIFY, &res, NULL));
	CHK(1, res.level);
	CHK(FMAPI_RC_UNSUPPORTED, res.return_code);
	EXPECT_EQ(NULL, res.payload);
}

TEST(tunnel_with_payload_in_place)
{
	/* the inner payload may already sit where it will end up */
	struct fmapi_tunnel_hop hop = { .port_or_ld_id = 1 };
	u8 buf[64];
	static const u8 v[] = {
		0x01, 0x00, 0x0e, 0x00,
		0x00, 0x05, 0x00, 0x02, 0x51, 0x02, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
		0x04, 0x01,
	};

	buf[0] = 0x04;
	buf[1] = 0x01;
	ACHK(sizeof(v), fmapi_tunnel_build(&hop, 1, 5,
					   FMAPI_OP_PHYS_PORT_CONTROL, buf, 2,
					   buf, sizeof(buf), NULL));
	EXPECT_EQ(0, memcmp(buf, v, sizeof(v)));
}

/* ---------------- Event records ---------------- */

static const u8 uuid_ps[16] = {		/* 77cf9271-9c02-470b-9fe4-bc7b75f2da97 */
	0x77, 0xcf, 0x92, 0x71, 0x9c, 0x02, 0x47, 0x0b,
	0x9f, 0xe4, 0xbc, 0x7b, 0x75, 0xf2, 0xda, 0x97,
};

static const u8 uuid_vcs[16] = {	/* 40d26425-3396-4c4d-a5da-3d47263af425 */
	0x40, 0xd2, 0x64, 0x25, 0x33, 0x96, 0x4c, 0x4d,
	0xa5, 0xda, 0x3d, 0x47, 0x26, 0x3a, 0xf4, 0x25,
};

static const u8 uuid_mld[16] = {	/* 8dc44363-0c96-4710-b7bf-04bb99534c3f */
	0x8d, 0xc4, 0x43, 0x63, 0x0c, 0x96, 0x47, 0x10,
	0xb7, 0xbf, 0x04, 0xbb, 0x99, 0x53, 0x4c, 0x3f,
};

static const u8 uuid_dram[16] = {	/* 601dcbb3-9c06-4eab-b8af-4e9bfb5c9624 */
	0x60, 0x1d, 0xcb, 0xb3, 0x9c, 0x06, 0x4e, 0xab,
	0xb8, 0xaf, 0x4e, 0x9b, 0xfb, 0x5c, 0x96, 0x24,
};

static const u8 uuid_dcd[16] = {	/* ca95afa7-f183-4018-8c2f-95268e101a2a */
	0xca, 0x95, 0xaf, 0xa7, 0xf1, 0x83, 0x40, 0x18,
	0x8c, 0x2f, 0x95, 0x26, 0x8e, 0x10, 0x1a, 0x2a,
};

/* header bytes 0x10-0x2f shared by the test records */
static const u8 v_hdr_tail[0x20] = {
	0x80, 0x09, 0x00, 0x00, 0x10, 0x00, 0x0f, 0x00,
	0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x01, 0x03, 0x00, 0x04,
};

static void make_record(u8 *rec, const u8 *uuid, const u8 *body, size_t n)
{
	memset(rec, 0, FMAPI_EVENT_RECORD_SIZE);
	memcpy(rec, uuid, 16);
	memcpy(rec + 0x10, v_hdr_tail, sizeof(v_hdr_tail));
	memcpy(rec + 0x30, body, n);
}

TEST(event_physical_switch)
{
	static const u8 body[] = {
		0x03, 0x00, 0x40, 0x01, 0x00, 0x03, 0x02, 0x00,
		0x04, 0x02, 0x10, 0x10, 0x1f, 0x05, 0x05, 0x04,
		0x00, 0x04, 0x00,
	};
	u8 rec[FMAPI_EVENT_RECORD_SIZE];
	struct fmapi_event ev;

	make_record(rec, uuid_ps, body, sizeof(body));
	ASSERT_EQ(0, fmapi_event_decode(rec, sizeof(rec), &ev, NULL));
	CHK(FMAPI_EVENT_PHYS_SWITCH, ev.kind);
	EXPECT_EQ(0, memcmp(ev.hdr.uuid, uuid_ps, 16));
	CHK(0x80, ev.hdr.length);
	CHK(0x000009, ev.hdr.flags);
	CHK(1, ev.hdr.severity);
	EXPECT_TRUE(ev.hdr.flags & FMAPI_EVT_MAINT_NEEDED);
	CHK(0x0010, ev.hdr.handle);
	CHK(0x000f, ev.hdr.related_handle);
	CHK(0x1000, ev.hdr.timestamp);
	CHK(2, ev.hdr.maint_class);
	CHK(1, ev.hdr.maint_subclass);
	CHK(3, ev.hdr.ld_id);
	CHK(4, ev.hdr.head_id);
	CHK(3, ev.ps.port_id);
	CHK(FMAPI_PS_EVT_LINK_STATE, ev.ps.event_type);
	CHK(0x0140, ev.ps.slot_status);
	CHK(FMAPI_PORT_DSP, ev.ps.config_state);
	CHK(FMAPI_DEV_MODE_68B_VH, ev.ps.conn_dev_mode);
	CHK(FMAPI_DEV_TYPE_CXL_T3_SLD, ev.ps.conn_dev_type);
	CHK(FMAPI_CXL_MODE_68B_VH, ev.ps.supported_cxl_modes);
	CHK(16, ev.ps.max_link_width);
	CHK(16, ev.ps.neg_link_width);
	CHK(0x1f, ev.ps.supported_speeds);
	CHK(5, ev.ps.max_link_speed);
	CHK(5, ev.ps.cur_link_speed);
	CHK(FMAPI_LTSSM_L0, ev.ps.ltssm_state);
	CHK(0, ev.ps.first_lane);
	EXPECT_TRUE(fmapi_link_present(ev.ps.link_flags));
	EXPECT_STREQ("physical_switch", fmapi_event_kind_name(ev.kind));
}

TEST(event_virtual_switch)
{
	static const u8 body[] = {
		0x00, 0x02, 0x00, 0x03, 0x04, 0x01, 0x40, 0x00, 0xc0, 0x07,
	};
	u8 rec[FMAPI_EVENT_RECORD_SIZE];
	struct fmapi_event ev;

	make_record(rec, uuid_vcs, body, sizeof(body));
	ASSERT_EQ(0, fmapi_event_decode(rec, sizeof(rec), &ev, NULL));
	CHK(FMAPI_EVENT_VIRT_SWITCH, ev.kind);
	CHK(0, ev.vcs.vcs_id);
	CHK(2, ev.vcs.vppb_id);
	CHK(FMAPI_VCS_EVT_BINDING_CHANGE, ev.vcs.event_type);
	CHK(FMAPI_VPPB_BOUND_LD, ev.vcs.binding_status);
	CHK(4, ev.vcs.bound_port_id);
	CHK(1, ev.vcs.bound_ld_id);
	CHK(0x0040, ev.vcs.link_control);
	CHK(0x07c0, ev.vcs.slot_control);
}

TEST(event_mld_port)
{
	static const u8 body[] = {
		0x01, 0x05, 0x00, 0x00,
		0x30, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x31,
	};
	u8 rec[FMAPI_EVENT_RECORD_SIZE];
	struct fmapi_event ev;

	make_record(rec, uuid_mld, body, sizeof(body));
	ASSERT_EQ(0, fmapi_event_decode(rec, sizeof(rec), &ev, NULL));
	CHK(FMAPI_EVENT_MLD_PORT, ev.kind);
	CHK(FMAPI_MLD_EVT_ERR_NONFATAL, ev.mld.event_type);
	CHK(5, ev.mld.port_id);
	CHK(0x30, ev.mld.err_msg[0]);
	CHK(0x31, ev.mld.err_msg[7]);
}

TEST(event_other_kinds_header_only)
{
	static const u8 body[4] = { 0xde, 0xad, 0xbe, 0xef };
	static const u8 unknown[16] = { 0x01, 0x02 };
	u8 rec[FMAPI_EVENT_RECORD_SIZE];
	struct fmapi_event ev;

	make_record(rec, uuid_dram, body, sizeof(body));
	ASSERT_EQ(0, fmapi_event_decode(rec, sizeof(rec), &ev, NULL));
	CHK(FMAPI_EVENT_DRAM, ev.kind);
	CHK(0x10, ev.hdr.handle);
	CHK(0, ev.ps.port_id);		/* body untouched (zeroed) */
	make_record(rec, unknown, body, sizeof(body));
	ASSERT_EQ(0, fmapi_event_decode(rec, sizeof(rec), &ev, NULL));
	CHK(FMAPI_EVENT_UNKNOWN, ev.kind);
	EXPECT_STREQ("unknown", fmapi_event_kind_name(ev.kind));
}

TEST(event_classify)
{
	CHK(FMAPI_EVENT_PHYS_SWITCH, fmapi_event_classify(uuid_ps));
	CHK(FMAPI_EVENT_VIRT_SWITCH, fmapi_event_classify(uuid_vcs));
	CHK(FMAPI_EVENT_MLD_PORT, fmapi_event_classify(uuid_mld));
	CHK(FMAPI_EVENT_DRAM, fmapi_event_classify(uuid_dram));
	CHK(FMAPI_EVENT_DCD, fmapi_event_classify(uuid_dcd));
	CHK(FMAPI_EVENT_UNKNOWN, fmapi_event_classify(NULL));
	CHK(FMAPI_EVENT_UNKNOWN, fmapi_event_classify(fmapi_cel_uuid));
	EXPECT_STREQ("dynamic_capacity", fmapi_event_kind_name(FMAPI_EVENT_DCD));
	EXPECT_STREQ("unknown", fmapi_event_kind_name(FMAPI_EVENT__MAX));
}

/* ---------------- Return codes, CEL, enums ---------------- */

TEST(return_codes)
{
	unsigned int rc, j;

	for (rc = 0; rc <= FMAPI_RC_MAX; rc++) {
		EXPECT_TRUE(stable_name(fmapi_rc_name(rc))) TH_LOG("0x%x", rc);
		EXPECT_NE(NULL, fmapi_rc_desc(rc));
		if (rc)
			EXPECT_GT(0, fmapi_rc_errno(rc)) TH_LOG("0x%x", rc);
		for (j = 0; j < rc; j++)
			EXPECT_STRNE(fmapi_rc_name(j), fmapi_rc_name(rc));
	}
	EXPECT_EQ(0, fmapi_rc_errno(FMAPI_RC_SUCCESS));
	EXPECT_EQ(-EINPROGRESS, fmapi_rc_errno(FMAPI_RC_BACKGROUND));
	EXPECT_EQ(-EINVAL, fmapi_rc_errno(FMAPI_RC_INVALID_INPUT));
	EXPECT_EQ(-EOPNOTSUPP, fmapi_rc_errno(FMAPI_RC_UNSUPPORTED));
	EXPECT_EQ(-EIO, fmapi_rc_errno(FMAPI_RC_INTERNAL));
	EXPECT_EQ(-EAGAIN, fmapi_rc_errno(FMAPI_RC_RETRY));
	EXPECT_EQ(-EBUSY, fmapi_rc_errno(FMAPI_RC_BUSY));
	EXPECT_EQ(-EMSGSIZE, fmapi_rc_errno(FMAPI_RC_INVALID_PAYLOAD_LEN));
	EXPECT_EQ(-ECANCELED, fmapi_rc_errno(0x12));
	EXPECT_EQ(-EOPNOTSUPP, fmapi_rc_errno(FMAPI_RC_ABORT_UNSUPPORTED));
	EXPECT_STREQ("invalid_input", fmapi_rc_name(2));
	EXPECT_STREQ("abort_not_supported", fmapi_rc_name(0x20));
	EXPECT_STREQ("unknown", fmapi_rc_name(0x21));
	EXPECT_EQ(-EIO, fmapi_rc_errno(0x21));
	EXPECT_EQ(-EIO, fmapi_rc_errno(0xffff));
	EXPECT_EQ(-ECANCELED, fmapi_rc_errno(0x18));
}

/*
 * Every return code a device may send becomes an errno that netlink
 * acknowledges: a doit returning -EINTR gets no ack (netlink_rcv_skb()),
 * and the kernel-internal ones (-ERESTARTSYS and the others from 512 up)
 * mean nothing to userspace.  Only "Background Command Started" is not an
 * error, and it alone is -EINPROGRESS.
 */
TEST(return_codes_are_acknowledged_errnos)
{
	unsigned int rc;
	bool acked;
	int err;

	for (rc = 1; rc <= 0xffff; rc++) {
		err = fmapi_rc_errno(rc);
		acked = err < 0 && err > -512 && err != -EINTR &&
			(err == -EINPROGRESS) == (rc == FMAPI_RC_BACKGROUND);
		if (!acked)
			EXPECT_TRUE(acked) TH_LOG("return code 0x%04x -> errno %d",
						  rc, err);
	}
}

TEST(cel_effects)
{
	unsigned int b;

	for (b = 0; b < FMAPI_CEL_NR_BITS; b++)
		EXPECT_TRUE(stable_name(fmapi_cel_effect_name(b)));
	EXPECT_EQ(NULL, fmapi_cel_effect_name(12));
	/* spec bit order (reference §1.10), not QEMU's */
	EXPECT_STREQ("secondary_mailbox_supported", fmapi_cel_effect_name(7));
	EXPECT_STREQ("request_abort_bg_supported", fmapi_cel_effect_name(8));
	EXPECT_STREQ("reset_effects_valid", fmapi_cel_effect_name(9));
	EXPECT_TRUE(fmapi_cel_is_read_only(0));
	EXPECT_TRUE(fmapi_cel_is_read_only(FMAPI_CEL_BG_OP |
					   FMAPI_CEL_ABORT_BG));
	EXPECT_FALSE(fmapi_cel_is_read_only(FMAPI_CEL_IMM_CFG));
	EXPECT_FALSE(fmapi_cel_is_read_only(FMAPI_CEL_SECURITY));
	/* reset bits count only when declared valid */
	EXPECT_TRUE(fmapi_cel_is_read_only(FMAPI_CEL_CXL_RESET_CFG));
	EXPECT_FALSE(fmapi_cel_is_read_only(FMAPI_CEL_CXL_RESET_CFG |
					    FMAPI_CEL_RESET_VALID));
}

TEST(enums_and_helpers)
{
	EXPECT_STREQ("dsp", fmapi_enum_name(&fmapi_enum_port_config_state, 3));
	EXPECT_EQ(NULL, fmapi_enum_name(&fmapi_enum_port_config_state, 6));
	EXPECT_STREQ("cxl_type3_mld",
		     fmapi_enum_name(&fmapi_enum_conn_dev_type, 5));
	EXPECT_STREQ("hot_reset", fmapi_enum_name(&fmapi_enum_ltssm, 0xa));
	EXPECT_EQ(NULL, fmapi_enum_name(&fmapi_enum_ltssm, 0xb));
	EXPECT_STREQ("bound_pid", fmapi_enum_name(&fmapi_enum_vppb_status, 4));
	EXPECT_STREQ("invalid_vcs_id",
		     fmapi_enum_name(&fmapi_enum_vcs_state, 0xff));
	EXPECT_STREQ("256b_flit", fmapi_enum_name(&fmapi_enum_conn_dev_mode, 3));
	EXPECT_STREQ("dcd", fmapi_enum_name(&fmapi_enum_event_log, 4));
	EXPECT_EQ(NULL, fmapi_enum_name(NULL, 0));
	EXPECT_TRUE(fmapi_opcode_is_fmapi(FMAPI_OP_BIND_VPPB));
	EXPECT_TRUE(fmapi_opcode_is_fmapi(FMAPI_OP_DC_LIST_TAGS));
	EXPECT_FALSE(fmapi_opcode_is_fmapi(FMAPI_OP_IDENTIFY));
	EXPECT_FALSE(fmapi_opcode_is_fmapi(0x5700));
	CHK(0x53, fmapi_opcode_set(FMAPI_OP_TUNNEL));
	EXPECT_FALSE(fmapi_vppb_is_bound(FMAPI_VPPB_IN_PROGRESS));
	EXPECT_TRUE(fmapi_vppb_is_bound(FMAPI_VPPB_BOUND_PID));
	/* the vPPB field table is exported for the netlink layer */
	CHK(4, fmapi_nr_vppb_info_fields);
	EXPECT_STREQ("bound_pid", fmapi_vppb_info_fields[3].name);
}

TEST_HARNESS_MAIN
