// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * cxlfm FM-API codec: CCI messages (reference §5.2, CXL r3.2 Table 7-14)
 * and 0x5300 Tunnel Management Command wrapping (CXL r3.2 Tables 7-37/7-38).
 *
 * A tunnel request is [tunnel header: port/LD, target type, command size]
 * [CCI message]; a response is [response length, rsvd][CCI message]. A
 * 2-level tunnel nests a 0x5300 CCI message inside the outer one. Levels are
 * walked with a bounded loop, never recursively.
 */
#include "fmapi_internal.h"

static const struct fmapi_enum_val category_vals[] = {
	{ FMAPI_MSG_REQUEST, "request" },
	{ FMAPI_MSG_RESPONSE, "response" },
};

static const struct fmapi_enum category_enum = {
	"msg_category", ARRAY_SIZE(category_vals), category_vals,
};

/* Bytes 5-7: [20:0] payload length, [22:21] reserved, [23] BO */
static const struct fmapi_field cci_hdr_f[] = {
	FMAPI_CHECKED(cci_hdr, category, 0x0, 1, 0x0f, category_enum),
	FMAPI_U8(cci_hdr, tag, 0x1),
	FMAPI_U16(cci_hdr, opcode, 0x3),
	FMAPI_BITS(cci_hdr, payload_len, 0x5, 3, 0x1fffff),
	FMAPI_BITS(cci_hdr, bo, 0x5, 3, 0x800000),
	FMAPI_U16(cci_hdr, return_code, 0x8),
	FMAPI_U16(cci_hdr, vendor_status, 0xa),
};

const struct fmapi_layout fmapi_cci_hdr_layout = {
	FMAPI_FIXED(cci_hdr, FMAPI_CCI_HDR_SIZE, cci_hdr_f),
};

int fmapi_cci_msg_encode(struct fmapi_cci_hdr *h, const u8 *payload,
			 size_t payload_len, u8 *buf, size_t bufsz,
			 struct fmapi_diag *d)
{
	int ret;

	if (!h || !buf || (payload_len && !payload))
		return fmapi_fail(d, FMAPI_ERR_ARGS, NULL, 0);
	if (payload_len > FMAPI_PAYLOAD_MAX ||
	    bufsz < FMAPI_CCI_HDR_SIZE + payload_len)
		return fmapi_fail(d, FMAPI_ERR_NOSPACE, NULL, bufsz);
	h->payload_len = (u32)payload_len;
	/* the payload may already sit where it belongs, or overlap */
	if (payload_len)
		memmove(buf + FMAPI_CCI_HDR_SIZE, payload, payload_len);
	ret = fmapi_encode(&fmapi_cci_hdr_layout, h, buf, FMAPI_CCI_HDR_SIZE,
			   d);
	if (ret < 0)
		return ret;
	return (int)(FMAPI_CCI_HDR_SIZE + payload_len);
}

int fmapi_cci_msg_decode(const u8 *buf, size_t len, struct fmapi_cci_hdr *h,
			 const u8 **payload, struct fmapi_diag *d)
{
	int ret;

	if (!h || !payload || (len && !buf))
		return fmapi_fail(d, FMAPI_ERR_ARGS, NULL, 0);
	if (len < FMAPI_CCI_HDR_SIZE)
		return fmapi_fail(d, FMAPI_ERR_SHORT, NULL, len);
	ret = fmapi_decode(&fmapi_cci_hdr_layout, buf, FMAPI_CCI_HDR_SIZE, h, d);
	if (ret)
		return ret;
	if (h->payload_len != len - FMAPI_CCI_HDR_SIZE)
		return fmapi_fail(d, FMAPI_ERR_MSG_LEN, "payload_len", 0x5);
	*payload = buf + FMAPI_CCI_HDR_SIZE;
	return 0;
}

/* one level of request wrapping: tunnel header + CCI header */
#define LEVEL_SIZE	(FMAPI_TUNNEL_HDR_SIZE + FMAPI_CCI_HDR_SIZE)

int fmapi_tunnel_build(const struct fmapi_tunnel_hop *hops, unsigned int depth,
		       u8 tag, u16 opcode, const u8 *payload,
		       size_t payload_len, u8 *buf, size_t bufsz,
		       struct fmapi_diag *d)
{
	const struct fmapi_layout *tl = &fmapi_tunnel_req_layout;
	size_t total, off;
	unsigned int i;
	int ret;

	if (!depth || depth > FMAPI_TUNNEL_MAX_DEPTH)
		return fmapi_fail(d, FMAPI_ERR_DEPTH, NULL, 0);
	if (!hops || !buf || (payload_len && !payload))
		return fmapi_fail(d, FMAPI_ERR_ARGS, NULL, 0);
	total = depth * LEVEL_SIZE + payload_len;
	/* the outermost command size is the largest 16-bit length */
	if (total - FMAPI_TUNNEL_HDR_SIZE > 0xffff || total > bufsz)
		return fmapi_fail(d, FMAPI_ERR_NOSPACE, NULL, bufsz);

	if (payload_len)
		memmove(buf + depth * LEVEL_SIZE, payload, payload_len);
	memset(buf, 0, depth * LEVEL_SIZE);
	for (i = 0, off = 0; i < depth; i++, off += LEVEL_SIZE) {
		struct fmapi_tunnel_req t = {
			.port_or_ld_id = hops[i].port_or_ld_id,
			.target_type = hops[i].target_type,
			.command_size = (u16)(total - off - FMAPI_TUNNEL_HDR_SIZE),
		};
		struct fmapi_cci_hdr h = {
			.category = FMAPI_MSG_REQUEST,
			.tag = tag,
			.opcode = i + 1 < depth ? FMAPI_OP_TUNNEL : opcode,
			.payload_len = (u32)(total - off - LEVEL_SIZE),
		};

		ret = fmapi_fields_encode(tl->fields, tl->nr_fields, &t,
					  buf + off, d, off);
		if (ret)
			return ret;
		ret = fmapi_fields_encode(cci_hdr_f, ARRAY_SIZE(cci_hdr_f), &h,
					  buf + off + FMAPI_TUNNEL_HDR_SIZE, d,
					  off + FMAPI_TUNNEL_HDR_SIZE);
		if (ret)
			return ret;
	}
	return (int)total;
}

int fmapi_tunnel_unwrap(const u8 *buf, size_t len, unsigned int depth, u8 tag,
			u16 opcode, struct fmapi_tunnel_result *res,
			struct fmapi_diag *d)
{
	const u8 *cur = buf;
	size_t clen = len, base = 0;
	unsigned int level;

	if (!depth || depth > FMAPI_TUNNEL_MAX_DEPTH)
		return fmapi_fail(d, FMAPI_ERR_DEPTH, NULL, 0);
	if (!res || (len && !buf))
		return fmapi_fail(d, FMAPI_ERR_ARGS, NULL, 0);
	memset(res, 0, sizeof(*res));

	for (level = 1; level <= depth; level++) {
		struct fmapi_tunnel_rsp t = { 0 };
		struct fmapi_cci_hdr h;
		const u8 *payload;
		u16 want = level < depth ? FMAPI_OP_TUNNEL : opcode;
		int ret;

		if (clen < FMAPI_TUNNEL_HDR_SIZE)
			return fmapi_fail(d, FMAPI_ERR_SHORT, NULL, base + clen);
		ret = fmapi_fields_decode(fmapi_tunnel_rsp_layout.fields,
					  fmapi_tunnel_rsp_layout.nr_fields,
					  cur, FMAPI_TUNNEL_HDR_SIZE, &t, d,
					  base);
		if (ret)
			return ret;
		if (t.response_len != clen - FMAPI_TUNNEL_HDR_SIZE)
			return fmapi_fail(d, FMAPI_ERR_MSG_LEN, "response_len",
					  base);
		cur += FMAPI_TUNNEL_HDR_SIZE;
		clen -= FMAPI_TUNNEL_HDR_SIZE;
		base += FMAPI_TUNNEL_HDR_SIZE;

		ret = fmapi_cci_msg_decode(cur, clen, &h, &payload, d);
		if (ret) {
			if (d)
				d->offset += base;
			return ret;
		}
		if (h.category != FMAPI_MSG_RESPONSE)
			return fmapi_fail(d, FMAPI_ERR_MSG_CATEGORY, "category",
					  base);
		if (h.tag != tag)
			return fmapi_fail(d, FMAPI_ERR_MSG_TAG, "tag", base + 1);
		if (h.opcode != want)
			return fmapi_fail(d, FMAPI_ERR_MSG_OPCODE, "opcode",
					  base + 3);
		res->level = level;
		res->return_code = h.return_code;
		res->vendor_status = h.vendor_status;
		res->bo = h.bo;
		cur = payload;
		clen = h.payload_len;
		base += FMAPI_CCI_HDR_SIZE;
		if (h.return_code && level < depth)
			return 0;	/* an intermediate hop failed */
	}
	res->payload = cur;
	res->payload_len = clen;
	return 0;
}

int fmapi_tunnel_parse_req(const u8 *buf, size_t len,
			   struct fmapi_tunnel_hop *hop,
			   struct fmapi_cci_hdr *inner,
			   const u8 **inner_payload, struct fmapi_diag *d)
{
	const struct fmapi_layout *tl = &fmapi_tunnel_req_layout;
	struct fmapi_tunnel_req t = { 0 };
	int ret;

	if (!hop || !inner || !inner_payload || (len && !buf))
		return fmapi_fail(d, FMAPI_ERR_ARGS, NULL, 0);
	if (len < FMAPI_TUNNEL_HDR_SIZE)
		return fmapi_fail(d, FMAPI_ERR_SHORT, NULL, len);
	ret = fmapi_fields_decode(tl->fields, tl->nr_fields, buf,
				  FMAPI_TUNNEL_HDR_SIZE, &t, d, 0);
	if (ret)
		return ret;
	if (t.command_size != len - FMAPI_TUNNEL_HDR_SIZE)
		return fmapi_fail(d, FMAPI_ERR_MSG_LEN, "command_size", 0x2);
	ret = fmapi_cci_msg_decode(buf + FMAPI_TUNNEL_HDR_SIZE,
				   len - FMAPI_TUNNEL_HDR_SIZE, inner,
				   inner_payload, d);
	if (ret) {
		if (d)
			d->offset += FMAPI_TUNNEL_HDR_SIZE;
		return ret;
	}
	if (inner->category != FMAPI_MSG_REQUEST)
		return fmapi_fail(d, FMAPI_ERR_MSG_CATEGORY, "category",
				  FMAPI_TUNNEL_HDR_SIZE);
	hop->port_or_ld_id = t.port_or_ld_id;
	hop->target_type = t.target_type;
	return 0;
}
