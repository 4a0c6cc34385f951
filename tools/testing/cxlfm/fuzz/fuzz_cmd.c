// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: every command's request and response layout through
 * fmapi_decode(), with an encode round trip where decoding succeeded.
 *
 * Input: [cmd index][flags][start_vppb][vppb_limit][payload...]
 *  - cmd index selects fmapi_cmd_at(index % fmapi_cmd_count());
 *  - flags bit 0 picks the response layout, bits 7:1 the list capacity the
 *    caller gives (0..127 elements, so "count above capacity" is reached);
 *  - start_vppb / vppb_limit are the request context 0x5200's response
 *    decode needs (ignored by other layouts).
 *
 * Checks, besides the sanitizers (struct and list arrays are exact-size heap
 * blocks, the payload too):
 *  - a refusal names a reason and returns that reason's errno;
 *  - an accepted payload re-encodes (fmapi_encoded_len() agrees with
 *    fmapi_encode()), the encoding decodes again to the same values
 *    (decode(encode(decode(x))) == decode(x)), and encoding those gives the
 *    same bytes.
 */
#include "fmapi.h"
#include "fuzz.h"

#define HDR_LEN	4

/* A typed struct and its list arrays, zeroed (padding too). */
struct scratch {
	void *st;
	void *list;
	void *vppbs;
	u32 cap;
};

static void scratch_free(struct scratch *sc)
{
	free(sc->st);
	free(sc->list);
	free(sc->vppbs);
}

/* A typed struct for @l with exact-size list arrays of @cap elements. */
static int scratch_init(struct scratch *sc, const struct fmapi_cmd *c,
			const struct fmapi_layout *l, u32 cap, u8 start,
			u8 limit)
{
	memset(sc, 0, sizeof(*sc));
	sc->cap = cap;
	sc->st = calloc(1, l->st_size);
	if (!sc->st)
		return -1;
	if (l->list) {
		sc->list = calloc(cap ? cap : 1, l->list->elem_st_size);
		if (!sc->list)
			return -1;
		memcpy((u8 *)sc->st + l->list->ptr_off, &sc->list,
		       sizeof(sc->list));
		memcpy((u8 *)sc->st + l->list->cap_off, &cap, sizeof(cap));
	}
	/* 0x5200 response: a second, flat array for every block's vPPBs */
	if (c->opcode == FMAPI_OP_GET_VCS_INFO && l == c->rsp) {
		struct fmapi_get_vcs_info_rsp *r = sc->st;

		sc->vppbs = calloc(cap ? cap : 1, sizeof(*r->vppbs));
		if (!sc->vppbs)
			return -1;
		r->vppbs = sc->vppbs;
		r->vppbs_cap = cap;
		r->start_vppb = start;
		r->vppb_limit = limit;
	}
	return 0;
}

/*
 * Same decoded values: the structs byte for byte once the array pointers
 * are set alike, and the arrays byte for byte (decode writes members only,
 * so zeroed padding stays zero in both).
 */
static bool same_values(const struct fmapi_layout *l, const struct scratch *a,
			const struct scratch *b)
{
	u8 *copy = malloc(l->st_size);
	bool same;

	if (!copy)
		abort();
	memcpy(copy, b->st, l->st_size);
	if (l->list)
		memcpy(copy + l->list->ptr_off, (u8 *)a->st + l->list->ptr_off,
		       sizeof(void *));
	if (a->vppbs) {
		struct fmapi_get_vcs_info_rsp *r = (void *)copy;

		r->vppbs = a->vppbs;
	}
	same = !memcmp(copy, a->st, l->st_size);
	free(copy);
	if (same && l->list)
		same = !memcmp(a->list, b->list, a->cap * l->list->elem_st_size);
	if (same && a->vppbs)
		same = !memcmp(a->vppbs, b->vppbs, a->cap *
			       sizeof(((struct fmapi_get_vcs_info_rsp *)0)->vppbs[0]));
	return same;
}

static void check_refusal(int ret, const struct fmapi_diag *d)
{
	FUZZ_CHECK(ret < 0, "decode returned %d", ret);
	FUZZ_CHECK(d->reason != FMAPI_ERR_NONE && d->reason < FMAPI_ERR__MAX,
		   "refusal %d without a reason (%d)", ret, d->reason);
	FUZZ_CHECK(fmapi_err_errno(d->reason) == ret,
		   "reason %s means %d, decode returned %d",
		   fmapi_err_str(d->reason), fmapi_err_errno(d->reason), ret);
}

/* Encode @st; the length must be the one fmapi_encoded_len() announced. */
static u8 *encode(const struct fmapi_cmd *c, const struct fmapi_layout *l,
		  const void *st, int *len)
{
	struct fmapi_diag d = {};
	int want = fmapi_encoded_len(l, st);
	u8 *out;

	FUZZ_CHECK(want >= 0, "0x%04x: decoded struct not encodable (%d)",
		   c->opcode, want);
	out = malloc(want ? want : 1);
	if (!out)
		abort();
	*len = fmapi_encode(l, st, out, want, &d);
	FUZZ_CHECK(*len == want, "0x%04x: encoded %d bytes, announced %d (%s %s)",
		   c->opcode, *len, want, fmapi_err_str(d.reason),
		   d.field ? d.field : "");
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct fmapi_layout *l;
	const struct fmapi_cmd *c;
	struct scratch s1, s2;
	struct fmapi_diag d = {};
	u8 *wire, *w2, *w3;
	int ret, n2, n3;
	size_t len;
	u32 cap;
	bool rsp;

	if (size < HDR_LEN)
		return 0;
	c = fmapi_cmd_at(data[0] % fmapi_cmd_count());
	FUZZ_CHECK(c, "no command at index %u", data[0] % fmapi_cmd_count());
	rsp = data[1] & 1;
	cap = data[1] >> 1;
	l = rsp ? c->rsp : c->req;
	len = size - HDR_LEN;
	wire = fuzz_dup(data + HDR_LEN, len);
	if (!wire)
		return 0;

	if (!l) {	/* no payload: any byte is trailing */
		ret = fmapi_decode(NULL, wire, len, NULL, &d);
		if (len)
			check_refusal(ret, &d);
		else
			FUZZ_CHECK(ret == 0, "empty payload refused: %d", ret);
		free(wire);
		return 0;
	}

	if (scratch_init(&s1, c, l, cap, data[2], data[3]) ||
	    scratch_init(&s2, c, l, cap, data[2], data[3]))
		abort();
	ret = fmapi_decode(l, wire, len, s1.st, &d);
	if (ret) {
		check_refusal(ret, &d);
		goto out;
	}

	w2 = encode(c, l, s1.st, &n2);
	ret = fmapi_decode(l, w2, n2, s2.st, &d);
	FUZZ_CHECK(ret == 0, "0x%04x %s: own encoding refused: %s %s at %u",
		   c->opcode, rsp ? "rsp" : "req", fmapi_err_str(d.reason),
		   d.field ? d.field : "", d.offset);
	FUZZ_CHECK(same_values(l, &s1, &s2),
		   "0x%04x %s: values differ after encode and decode",
		   c->opcode, rsp ? "rsp" : "req");
	w3 = encode(c, l, s2.st, &n3);
	FUZZ_CHECK(n2 == n3 && !memcmp(w2, w3, n2),
		   "0x%04x %s: re-encoding is not stable (%d vs %d bytes)",
		   c->opcode, rsp ? "rsp" : "req", n2, n3);
	free(w2);
	free(w3);
out:
	scratch_free(&s1);
	scratch_free(&s2);
	free(wire);
	return 0;
}
