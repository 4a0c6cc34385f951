// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: CCI message framing and 0x5300 tunnel wrapping
 * (reference §5.2, CXL r3.2 Tables 7-37/7-38).
 *
 * Input: [mode][depth][tag][opcode lo][opcode hi][bytes...]
 *  mode % 3 == 0: fmapi_tunnel_unwrap() of a response with the given
 *	depth (0..3, so invalid depths are tried), tag and innermost opcode;
 *  mode % 3 == 1: fmapi_tunnel_parse_req() level by level, as a component
 *	receiving a tunnel does, then the same hops rebuilt with
 *	fmapi_tunnel_build() must parse to the same hops, opcode and payload;
 *  mode % 3 == 2: fmapi_cci_msg_decode() then fmapi_cci_msg_encode() must
 *	give a message that decodes to the same header and payload.
 */
#include "fmapi.h"
#include "fuzz.h"

#define HDR_LEN	5

static void check_unwrap(const u8 *buf, size_t len, unsigned int depth,
			 u8 tag, u16 opcode)
{
	struct fmapi_tunnel_result res;
	struct fmapi_diag d = {};
	int ret;

	ret = fmapi_tunnel_unwrap(buf, len, depth, tag, opcode, &res, &d);
	if (ret) {
		FUZZ_CHECK(fmapi_err_errno(d.reason) == ret, "unwrap %d vs %s",
			   ret, fmapi_err_str(d.reason));
		return;
	}
	FUZZ_CHECK(depth >= 1 && depth <= FMAPI_TUNNEL_MAX_DEPTH,
		   "depth %u accepted", depth);
	FUZZ_CHECK(res.level >= 1 && res.level <= depth, "level %u of %u",
		   res.level, depth);
	if (res.level < depth) {	/* an intermediate hop failed */
		FUZZ_CHECK(res.return_code && !res.payload,
			   "stopped at level %u with rc %u", res.level,
			   res.return_code);
		return;
	}
	/* every length is exact: the innermost payload ends the buffer */
	FUZZ_CHECK(res.payload && res.payload >= buf &&
		   res.payload + res.payload_len == buf + len,
		   "innermost payload [%p+%zu] not at the end of [%p+%zu]",
		   (const void *)res.payload, res.payload_len,
		   (const void *)buf, len);
	FUZZ_CHECK(len == depth * (FMAPI_TUNNEL_HDR_SIZE + FMAPI_CCI_HDR_SIZE)
		   + res.payload_len, "%zu bytes for depth %u and %zu payload",
		   len, depth, res.payload_len);
}

struct parsed_req {
	struct fmapi_tunnel_hop hops[FMAPI_TUNNEL_MAX_DEPTH];
	unsigned int depth;
	struct fmapi_cci_hdr inner;
	const u8 *payload;
};

/* Walk nested 0x5300 requests; return 0 and fill @p if well formed. */
static int parse_req(const u8 *buf, size_t len, struct parsed_req *p)
{
	const u8 *cur = buf;
	size_t clen = len;
	int ret;

	memset(p, 0, sizeof(*p));
	for (;;) {
		struct fmapi_diag d = {};

		ret = fmapi_tunnel_parse_req(cur, clen, &p->hops[p->depth],
					     &p->inner, &p->payload, &d);
		if (ret) {
			FUZZ_CHECK(fmapi_err_errno(d.reason) == ret,
				   "parse_req %d vs %s", ret,
				   fmapi_err_str(d.reason));
			return ret;
		}
		FUZZ_CHECK(p->payload >= cur && p->payload + p->inner.payload_len
			   == cur + clen, "inner payload outside the request");
		p->depth++;
		if (p->inner.opcode != FMAPI_OP_TUNNEL ||
		    p->depth == FMAPI_TUNNEL_MAX_DEPTH)
			return 0;
		cur = p->payload;
		clen = p->inner.payload_len;
	}
}

static void check_request(const u8 *buf, size_t len)
{
	struct parsed_req a, b;
	u8 *out;
	int n;

	if (parse_req(buf, len, &a))
		return;
	out = malloc(len);
	if (!out)
		abort();
	n = fmapi_tunnel_build(a.hops, a.depth, a.inner.tag, a.inner.opcode,
			       a.payload, a.inner.payload_len, out, len, NULL);
	FUZZ_CHECK(n == (int)len, "rebuilt %d bytes of %zu", n, len);
	FUZZ_CHECK(parse_req(out, len, &b) == 0, "rebuilt request refused");
	FUZZ_CHECK(a.depth == b.depth && !memcmp(a.hops, b.hops, sizeof(a.hops)),
		   "hops differ after rebuild");
	FUZZ_CHECK(a.inner.opcode == b.inner.opcode &&
		   a.inner.tag == b.inner.tag &&
		   a.inner.payload_len == b.inner.payload_len &&
		   !memcmp(a.payload, b.payload, a.inner.payload_len),
		   "inner command differs after rebuild");
	free(out);
}

static void check_msg(const u8 *buf, size_t len)
{
	struct fmapi_cci_hdr h, h2;
	const u8 *payload, *p2;
	struct fmapi_diag d = {};
	u8 *out;
	int ret, n;

	/* zeroed, padding included: headers are compared with memcmp() */
	memset(&h, 0, sizeof(h));
	ret = fmapi_cci_msg_decode(buf, len, &h, &payload, &d);
	if (ret) {
		FUZZ_CHECK(fmapi_err_errno(d.reason) == ret, "msg %d vs %s",
			   ret, fmapi_err_str(d.reason));
		return;
	}
	out = malloc(len);
	if (!out)
		abort();
	h2 = h;
	n = fmapi_cci_msg_encode(&h2, payload, h.payload_len, out, len, NULL);
	FUZZ_CHECK(n == (int)len, "re-encoded %d bytes of %zu", n, len);
	memset(&h2, 0, sizeof(h2));
	FUZZ_CHECK(fmapi_cci_msg_decode(out, len, &h2, &p2, NULL) == 0,
		   "re-encoded message refused");
	FUZZ_CHECK(!memcmp(&h, &h2, sizeof(h)) &&
		   !memcmp(payload, p2, h.payload_len),
		   "header or payload differs after re-encoding");
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;
	u8 *buf;

	if (size < HDR_LEN)
		return 0;
	len = size - HDR_LEN;
	buf = fuzz_dup(data + HDR_LEN, len);
	if (!buf)
		return 0;
	switch (data[0] % 3) {
	case 0:
		check_unwrap(buf, len, data[1] & 3, data[2],
			     data[3] | data[4] << 8);
		break;
	case 1:
		check_request(buf, len);
		break;
	default:
		check_msg(buf, len);
		break;
	}
	free(buf);
	return 0;
}
