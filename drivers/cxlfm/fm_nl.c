// SPDX-License-Identifier: GPL-2.0
/*
 * The typed FM-API ops: one handler serves all of them, driven by the FM-API
 * codec's layouts and the attribute map generated from them
 * (fmapi/fmapi_nl.c).  A request's attributes fill the command's typed
 * struct, the codec encodes it, the mailbox (or a 0x5300 tunnel through it)
 * carries it, the codec decodes the answer and its fields become the reply's
 * attributes.  Two ops get more than one mailbox command per request:
 * Get Physical Port State splits a port list to fit the payload area, and
 * Get Virtual CXL Switch Info reads every vPPB of the VCSs asked for,
 * several VCSs per command.
 */
#include <linux/slab.h>
#include <uapi/linux/cxlfm.h>

#include "cxlfm.h"
#include "fm_nl.h"
#include "fmapi/fmapi.h"
#include "fmapi/fmapi_nl.h"

/* One typed op in progress. */
struct cxlfm_fm_call {
	const struct fmapi_nl_op *op;
	const struct fmapi_cmd *desc;
	struct cxlfm_cci *cci;
	struct netlink_ext_ack *extack;
	struct fmapi_tunnel_hop hops[FMAPI_TUNNEL_MAX_DEPTH];
	unsigned int depth;
	void *req;
	void *rsp;
	void *rsp_list;
	void *rsp_sub;
	u8 *buf;
	u8 *tbuf;
	size_t rsp_len;
	u16 return_code;
	u16 vendor_status;
	bool background;
	u32 bg_seq;
};

/* ------------------------------------------------------------------ */
/* Typed struct members and attributes                                 */
/* ------------------------------------------------------------------ */

static u64 fm_nla_get(const struct nlattr *a)
{
	switch (fmapi_nl_attrs[nla_type(a)].type) {
	case FMAPI_NL_U8:
		return nla_get_u8(a);
	case FMAPI_NL_U16:
		return nla_get_u16(a);
	case FMAPI_NL_U32:
		return nla_get_u32(a);
	default:
		return nla_get_u64(a);
	}
}

static int fm_nla_put(struct sk_buff *skb, u16 attr, u64 v)
{
	switch (fmapi_nl_attrs[attr].type) {
	case FMAPI_NL_U8:
		return nla_put_u8(skb, attr, v);
	case FMAPI_NL_U16:
		return nla_put_u16(skb, attr, v);
	case FMAPI_NL_U32:
		return nla_put_u32(skb, attr, v);
	default:
		return nla_put_u64_64bit(skb, attr, v, CXLFM_A_FM_PAD);
	}
}

/*
 * Set one request field from its attribute, validated by the op's policy.
 * The policy's range is the attribute's, one for every op (the spec has
 * one per attribute); a field's own can be narrower (length is 16 bits in
 * Send LD CXL.io Memory Request, 32 in Get Log): checked here.
 */
static int fm_field_from_nla(void *s, const struct fmapi_field *f,
			     const struct nlattr *a,
			     struct netlink_ext_ack *extack)
{
	u64 v;

	if (f->type == FMAPI_T_BYTES) {
		memcpy(s + f->st_off, nla_data(a),
		       min_t(size_t, nla_len(a), f->st_size));
		return 0;
	}
	v = fm_nla_get(a);
	if (v > fmapi_field_max(f)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "value out of the range of the command's field");
		return -ERANGE;
	}
	fmapi_field_set(s, f, v);
	return 0;
}

static int fm_field_put(struct sk_buff *skb, u16 attr, const void *s,
			const struct fmapi_field *f)
{
	if (f->type == FMAPI_T_BYTES)
		return nla_put(skb, attr, f->st_size, s + f->st_off);
	return fm_nla_put(skb, attr, fmapi_field_get(s, f));
}

static int fm_fields_put(struct sk_buff *skb, const u16 *attrs,
			 const struct fmapi_field *f, unsigned int nr,
			 const void *s)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (attrs[i] && fm_field_put(skb, attrs[i], s, &f[i]))
			return -EMSGSIZE;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Request                                                             */
/* ------------------------------------------------------------------ */

static int fm_req_fields(struct cxlfm_fm_call *c, struct genl_info *info)
{
	const struct fmapi_layout *l = c->desc->req;
	const u16 *attrs = c->op->req.fields;
	unsigned int i;
	u64 def;
	int rc;

	for (i = 0; l && attrs && i < l->nr_fields; i++) {
		const struct fmapi_field *f = &l->fields[i];
		struct nlattr *a = info->attrs[attrs[i]];

		if (!attrs[i])
			continue;
		if (a) {
			rc = fm_field_from_nla(c->req, f, a, info->extack);
			if (rc)
				return rc;
		} else if (fmapi_nl_optional(c->op, attrs[i], &def)) {
			if (f->type != FMAPI_T_BYTES)
				fmapi_field_set(c->req, f, def);
		} else {
			GENL_REQ_ATTR_CHECK(info, attrs[i]);
			NL_SET_ERR_MSG(info->extack,
				       "a required attribute is missing");
			return -EINVAL;
		}
	}
	return 0;
}

/* One list element: a nest of element field attributes, all required. */
static int fm_req_elem(struct cxlfm_fm_call *c, const struct nlattr *nest,
		       void *elem)
{
	const struct fmapi_list *lst = c->desc->req->list;
	const u16 *attrs = c->op->req.elem;
	u64 seen = 0, want = 0;
	const struct nlattr *a;
	unsigned int i;
	int rem, rc;

	nla_for_each_nested(a, nest, rem) {
		for (i = 0; i < lst->nr_elem_fields; i++) {
			if (attrs[i] == nla_type(a)) {
				rc = fm_field_from_nla(elem, &lst->elem_fields[i],
						       a, c->extack);
				if (rc)
					return rc;
				seen |= BIT_ULL(i);
			}
		}
	}
	for (i = 0; i < lst->nr_elem_fields; i++)
		if (attrs[i])
			want |= BIT_ULL(i);
	if ((seen & want) != want) {
		NL_SET_ERR_MSG_ATTR(c->extack, nest,
				    "list element lacks a required attribute");
		return -EINVAL;
	}
	return 0;
}

static int fm_set_list(const struct fmapi_layout *l, void *s, void *arr,
		       u32 n)
{
	const struct fmapi_list *lst = l->list;

	*(void **)(s + lst->ptr_off) = arr;
	*(u32 *)(s + lst->cap_off) = n;
	if (lst->count_field == FMAPI_COUNT_IMPLIED)
		*(u32 *)(s + lst->nr_off) = n;
	else
		fmapi_field_set(s, &l->fields[lst->count_field], n);
	return 0;
}

static int fm_req_list(struct cxlfm_fm_call *c, struct genl_info *info,
		       void **arr)
{
	const struct fmapi_layout *l = c->desc->req;
	const struct fmapi_list *lst = l ? l->list : NULL;
	u16 attr = c->op->req.list;
	const struct nlattr *a, *first = NULL;
	unsigned int n = 0, i = 0;
	u64 def;
	int rem, rc;

	if (!lst || !attr)
		return 0;
	if (!c->op->req.elem) {
		/* a list of bytes travels as one binary attribute */
		a = info->attrs[attr];
		if (a && nla_len(a) > c->cci->payload_size) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "more bytes than the CCI's payload area");
			return -E2BIG;
		}
		return fm_set_list(l, c->req, a ? nla_data(a) : NULL,
				   a ? nla_len(a) : 0);
	}

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != attr)
			continue;
		first = first ?: a;
		n++;
	}
	if (!n && !fmapi_nl_optional(c->op, attr, &def)) {
		GENL_REQ_ATTR_CHECK(info, attr);
		NL_SET_ERR_MSG(info->extack, "the list needs at least one element");
		return -EINVAL;
	}
	if ((lst->max && n > lst->max) ||
	    n * lst->elem_size > c->cci->payload_size ||
	    (lst->count_field != FMAPI_COUNT_IMPLIED &&
	     n > fmapi_field_max(&l->fields[lst->count_field]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, first,
				    "too many list elements for the command");
		return -E2BIG;
	}
	*arr = kcalloc(n ?: 1, lst->elem_st_size, GFP_KERNEL);
	if (!*arr)
		return -ENOMEM;
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != attr)
			continue;
		rc = fm_req_elem(c, a, *arr + i++ * lst->elem_st_size);
		if (rc)
			return rc;
	}
	return fm_set_list(l, c->req, *arr, n);
}

/* ------------------------------------------------------------------ */
/* Mailbox                                                             */
/* ------------------------------------------------------------------ */

/*
 * The device refused: say so in words, and hand the CXL return code and
 * vendor status to the caller in the cookie (2 + 2 bytes, LE).  The words
 * are a static string chosen at run time, which NL_SET_ERR_MSG() (string
 * literals only) cannot take.
 */
static void fm_set_extack_rc(struct netlink_ext_ack *extack, u16 rc, u16 vs)
{
	if (!extack)
		return;
	extack->_msg = fmapi_rc_desc(rc);
	extack->cookie[0] = rc & 0xff;
	extack->cookie[1] = rc >> 8;
	extack->cookie[2] = vs & 0xff;
	extack->cookie[3] = vs >> 8;
	extack->cookie_len = 4;
}

static void fm_extack_rc(struct cxlfm_fm_call *c)
{
	fm_set_extack_rc(c->extack, c->return_code, c->vendor_status);
}

static int fm_mbox_errmsg(struct cxlfm_fm_call *c, int rc)
{
	switch (rc) {
	case -EOPNOTSUPP:
		NL_SET_ERR_MSG(c->extack,
			       "command not in the CCI's Command Effects Log");
		break;
	case -EBUSY:
		NL_SET_ERR_MSG(c->extack,
			       "a background command is running on this CCI");
		break;
	case -ENODEV:
		NL_SET_ERR_MSG(c->extack, "the CCI is going away");
		break;
	case -ETIMEDOUT:
		NL_SET_ERR_MSG(c->extack, "the CCI did not answer in time");
		break;
	case -E2BIG:
		NL_SET_ERR_MSG(c->extack,
			       "request larger than the CCI's payload area");
		break;
	}
	return rc;
}

/*
 * Send @len request bytes in c->buf and leave the response there.
 * Return: 0, -EINPROGRESS for a command started in the background, the
 * errno of the device's return code, or the mailbox's error.
 */
static int fm_send(struct cxlfm_fm_call *c, size_t len)
{
	static atomic_t tag = ATOMIC_INIT(0);
	struct cxlfm_mbox_cmd cmd = {
		.opcode = c->op->opcode,
		.payload_in = c->buf,
		.size_in = len,
		.payload_out = c->buf,
		.size_out = c->cci->payload_size,
	};
	struct fmapi_tunnel_result res;
	struct fmapi_diag d = {};
	u8 t = atomic_inc_return(&tag);
	int rc, n;

	if (c->depth) {
		/* CXL r3.1 §7.6.7.3.1: wrap in 1 or 2 levels of 0x5300 */
		n = fmapi_tunnel_build(c->hops, c->depth, t, c->op->opcode,
				       c->buf, len, c->tbuf,
				       c->cci->payload_size, &d);
		if (n < 0) {
			NL_SET_ERR_MSG(c->extack,
				       "request does not fit a tunnel message");
			return n;
		}
		cmd = (struct cxlfm_mbox_cmd){
			.opcode = FMAPI_OP_TUNNEL,
			.payload_in = c->tbuf,
			.size_in = n,
			.payload_out = c->tbuf,
			.size_out = c->cci->payload_size,
		};
	}
	rc = cxlfm_mbox_send(c->cci, &cmd);
	c->return_code = cmd.return_code;
	c->vendor_status = cmd.vendor_status;
	c->rsp_len = cmd.size_out;
	c->bg_seq = cmd.bg_seq;
	if (rc && !cmd.return_code)
		return fm_mbox_errmsg(c, rc);
	if (rc == -EINPROGRESS) {
		c->background = true;
		return rc;
	}
	if (rc) {
		fm_extack_rc(c);
		return rc;
	}
	if (!c->depth)
		return 0;

	rc = fmapi_tunnel_unwrap(c->tbuf, cmd.size_out, c->depth, t,
				 c->op->opcode, &res, &d);
	if (rc) {
		NL_SET_ERR_MSG(c->extack, "malformed tunnel response");
		return -EBADMSG;
	}
	c->return_code = res.return_code;
	c->vendor_status = res.vendor_status;
	if (res.return_code == FMAPI_RC_BACKGROUND) {
		c->background = true;
		return -EINPROGRESS;
	}
	if (res.return_code) {
		fm_extack_rc(c);
		return fmapi_rc_errno(res.return_code);
	}
	memcpy(c->buf, res.payload, res.payload_len);
	c->rsp_len = res.payload_len;
	return 0;
}

/*
 * Responses sized by their request: Get Log returns at most the Length
 * asked for (CXL r3.1 §8.2.9.5.2), Send LD CXL.io Memory Request at most
 * its transaction length (CXL r3.1 §7.6.7.3.3).  Their data list gets no
 * more room than that, so that a device sending more is refused as
 * malformed instead of handing the caller more than it asked for.
 */
static bool fm_rsp_asked(const struct cxlfm_fm_call *c, u32 *asked)
{
	switch (c->op->opcode) {
	case FMAPI_OP_GET_LOG:
		*asked = ((struct fmapi_get_log_req *)c->req)->length;
		return true;
	case FMAPI_OP_SEND_LD_CXLIO_MEM:
		*asked = ((struct fmapi_ld_mem_req *)c->req)->length;
		return true;
	default:
		return false;
	}
}

static void fm_rsp_bound(struct cxlfm_fm_call *c)
{
	const struct fmapi_layout *l = c->desc->rsp;
	u32 *cap, asked;

	if (!fm_rsp_asked(c, &asked))
		return;
	cap = c->rsp + l->list->cap_off;
	*cap = min(*cap, asked);
}

/*
 * Bytes asked for go back in one attribute: a request for more than one
 * can carry is refused before the device is asked, not cut afterwards.
 */
static int fm_rsp_fits(const struct cxlfm_fm_call *c)
{
	u32 asked;

	if (fm_rsp_asked(c, &asked) && asked > U16_MAX - NLA_HDRLEN) {
		NL_SET_ERR_MSG(c->extack,
			       "length larger than a netlink attribute carries (65531 bytes)");
		return -EMSGSIZE;
	}
	return 0;
}

/* Encode c->req, send it, decode into c->rsp. */
static int fm_exchange(struct cxlfm_fm_call *c)
{
	struct fmapi_diag d = {};
	int rc, len;

	len = fmapi_encode(c->desc->req, c->req, c->buf, c->cci->payload_size,
			   &d);
	if (len < 0) {
		/* a static string, as in fm_extack_rc() */
		c->extack->_msg = fmapi_err_str(d.reason);
		return len;
	}
	rc = fm_send(c, len);
	if (rc)
		return rc;
	fm_rsp_bound(c);
	rc = fmapi_decode(c->desc->rsp, c->buf, c->rsp_len, c->rsp, &d);
	if (rc) {
		dev_warn_ratelimited(&c->cci->dev, "%s: malformed response: %s\n",
				     c->desc->name, fmapi_err_str(d.reason));
		NL_SET_ERR_MSG(c->extack, "malformed response from the CCI");
		return -EBADMSG;
	}
	return 0;
}

/* Room in the response struct for the longest list the payload can hold. */
static int fm_rsp_alloc(struct cxlfm_fm_call *c)
{
	const struct fmapi_layout *l = c->desc->rsp;
	u32 cap;

	if (!l)
		return 0;
	c->rsp = kzalloc(l->st_size, GFP_KERNEL);
	if (!c->rsp)
		return -ENOMEM;
	if (!l->list)
		return 0;
	cap = c->cci->payload_size / max_t(u32, l->list->elem_size, 1);
	c->rsp_list = kvcalloc(cap, l->list->elem_st_size, GFP_KERNEL);
	if (!c->rsp_list)
		return -ENOMEM;
	*(void **)(c->rsp + l->list->ptr_off) = c->rsp_list;
	*(u32 *)(c->rsp + l->list->cap_off) = cap;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reply                                                               */
/* ------------------------------------------------------------------ */

static int fm_put_list_elems(struct sk_buff *skb, const struct fmapi_nl_part *p,
			     const struct fmapi_list *lst, const void *arr,
			     u32 first, u32 n)
{
	struct nlattr *nest;
	u32 i;

	for (i = first; i < first + n; i++) {
		nest = nla_nest_start(skb, p->list);
		if (!nest ||
		    fm_fields_put(skb, p->elem, lst->elem_fields,
				  lst->nr_elem_fields,
				  arr + i * lst->elem_st_size)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* The fields, list and tail of a decoded response. */
static int fm_put_rsp(struct sk_buff *skb, const struct fmapi_nl_op *op,
		      const struct fmapi_layout *l, const void *rsp)
{
	const struct fmapi_nl_part *p = &op->rsp;
	const struct fmapi_list *lst = l->list;
	const void *arr;
	u32 n;

	if (p->fields &&
	    fm_fields_put(skb, p->fields, l->fields, l->nr_fields, rsp))
		return -EMSGSIZE;
	if (lst) {
		arr = *(void * const *)(rsp + lst->ptr_off);
		n = lst->count_field == FMAPI_COUNT_IMPLIED ?
			*(const u32 *)(rsp + lst->nr_off) :
			fmapi_field_get(rsp, &l->fields[lst->count_field]);
		if (!p->elem) {
			if (n > U16_MAX - NLA_HDRLEN)
				return -EMSGSIZE;
			if (nla_put(skb, p->list, n, arr))
				return -EMSGSIZE;
		} else if (fm_put_list_elems(skb, p, lst, arr, 0, n)) {
			return -EMSGSIZE;
		}
	}
	if (p->tail && fm_fields_put(skb, p->tail, l->tail, l->nr_tail, rsp))
		return -EMSGSIZE;
	return 0;
}

static void *fm_put_hdr(struct sk_buff *skb, struct cxlfm_fm_call *c,
			u32 portid, u32 seq, int flags)
{
	void *hdr = genlmsg_put(skb, portid, seq, &cxlfm_family, flags,
				c->op->cmd);

	if (!hdr)
		return NULL;
	if (nla_put_u32(skb, CXLFM_A_FM_CCI_ID, c->cci->id) ||
	    nla_put_u16(skb, CXLFM_A_FM_RETURN_CODE, c->return_code) ||
	    nla_put_u16(skb, CXLFM_A_FM_VENDOR_STATUS, c->vendor_status) ||
	    (c->background && nla_put_flag(skb, CXLFM_A_FM_BACKGROUND))) {
		genlmsg_cancel(skb, hdr);
		return NULL;
	}
	return hdr;
}

/*
 * A reply big enough for every field: of a full payload, or of every port
 * asked for, or of every vPPB of every VCS asked for.
 */
static size_t fm_reply_size(struct cxlfm_fm_call *c)
{
	const struct fmapi_layout *l = c->desc->rsp;
	const size_t field = nla_total_size_64bit(8);
	size_t n = NLMSG_DEFAULT_SIZE, elems;

	if (!l)
		return n;
	n += l->nr_fields * field;
	if (!l->list)
		return n;
	if (c->op->opcode == FMAPI_OP_GET_PHYS_PORT_STATE) {
		elems = 256;
	} else if (c->op->opcode == FMAPI_OP_GET_VCS_INFO) {
		const struct fmapi_get_vcs_info_req *req = c->req;
		/*
		 * The VCSs asked for hold at most the switch's vPPBs, as
		 * Identify Switch Device counted them; a device that lists
		 * more gets "reply larger than a netlink message".
		 */
		u32 vppbs = min_t(u32, req->num_vcs * U8_MAX, c->cci->num_vppbs);

		/* a vPPB entry's fields are all at most 32 bits */
		return n + req->num_vcs *
		       (nla_total_size(0) + l->list->nr_elem_fields * field) +
		       vppbs * (nla_total_size(0) + fmapi_nr_vppb_info_fields *
				nla_total_size(sizeof(u32)));
	} else if (!c->op->rsp.elem) {
		/* bytes (a log, CXL.io data): one attribute of at most 64 KiB */
		return n + nla_total_size(min_t(u32, c->cci->payload_size,
						U16_MAX - NLA_HDRLEN));
	} else {
		elems = c->cci->payload_size / max_t(u32, l->list->elem_size, 1);
	}
	return n + elems * (nla_total_size(0) + l->list->nr_elem_fields * field);
}

/*
 * A CXL.io configuration or memory request (0x5103, 0x5301, 0x5302) with
 * write set is its op's write form (perm_table.h).  Only those ops carry
 * the write attribute, so only theirs has a slot in info->attrs.
 */
static bool fm_writes(const struct fmapi_nl_op *op, struct genl_info *info)
{
	const struct fmapi_layout *l = fmapi_cmd_find(op->opcode)->req;
	struct nlattr *w = NULL;
	unsigned int i;

	for (i = 0; l && op->req.fields && i < l->nr_fields; i++)
		if (op->req.fields[i] == CXLFM_A_FM_WRITE)
			w = info->attrs[CXLFM_A_FM_WRITE];
	return w && nla_get_u8(w);
}

/* ------------------------------------------------------------------ */
/* The ops that take several mailbox commands                          */
/* ------------------------------------------------------------------ */

/*
 * Get Physical Port State (CXL r3.1 §7.6.7.1.2) of a list of ports, or of
 * every port: as many commands as the payload area needs.
 */
static int fm_port_state(struct cxlfm_fm_call *c, struct sk_buff *skb,
			 u8 *ids, u32 n)
{
	struct fmapi_get_phys_port_state_req *req = c->req;
	struct fmapi_get_phys_port_state_rsp *rsp = c->rsp;
	const struct fmapi_list *lst = c->desc->rsp->list;
	u32 per, done, k;
	int rc;

	/* request: 1 + n bytes; response: 4 + n * 16 bytes */
	per = min_t(u32, (c->cci->payload_size - c->desc->rsp->fixed_len) /
			 lst->elem_size, U8_MAX);
	for (done = 0; done < n; done += k) {
		k = min(per, n - done);
		req->port_ids = ids + done;
		req->port_ids_cap = k;
		req->num_ports = k;
		rc = fm_exchange(c);
		if (rc)
			return rc;
		if (fm_put_list_elems(skb, &c->op->rsp, lst, rsp->ports, 0,
				      rsp->num_ports))
			return -EMSGSIZE;
	}
	/* the count is the number of port nests: 256 does not fit its byte */
	return 0;
}

/* Every active port of the switch (Identify Switch Device). */
static u8 *fm_all_ports(struct cxlfm_cci *cci, u32 *n)
{
	u8 *ids = kmalloc(256, GFP_KERNEL);
	unsigned int p;

	if (!ids)
		return NULL;
	*n = 0;
	for_each_set_bit(p, cci->active_ports, 256)
		ids[(*n)++] = p;
	return ids;
}

/* What is known of one VCS of a Get Virtual CXL Switch Info request. */
struct cxlfm_vcs_read {
	struct fmapi_vcs_info info;	/* block header, once read */
	struct fmapi_vppb_info *vppbs;	/* U8_MAX entries, by vPPB index */
	u32 next;			/* next vPPB to read */
	u32 total;			/* vPPBs to read, once @known */
	bool known;
};

static bool fm_vcs_pending(const struct cxlfm_vcs_read *r)
{
	return !r->known || r->next < r->total;
}

/* The vPPBs read of one VCS, as a VCS nest of the reply. */
static int fm_vcs_put(struct sk_buff *skb, struct cxlfm_fm_call *c,
		      const struct cxlfm_vcs_read *r)
{
	const struct fmapi_list *lst = c->desc->rsp->list;
	const struct fmapi_nl_part *p = &c->op->rsp;
	struct nlattr *vcs, *nest;
	u32 i;

	vcs = nla_nest_start(skb, p->list);
	if (!vcs || fm_fields_put(skb, p->elem, lst->elem_fields,
				  lst->nr_elem_fields, &r->info))
		return -EMSGSIZE;
	for (i = 0; i < r->next; i++) {
		nest = nla_nest_start(skb, p->sub);
		if (!nest ||
		    fm_fields_put(skb, p->sub_elem, fmapi_vppb_info_fields,
				  fmapi_nr_vppb_info_fields, &r->vppbs[i]))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	nla_nest_end(skb, vcs);
	return 0;
}

/*
 * One command naming @k VCSs of @rd (at @idx), from vPPB @start, @limit
 * entries each; each block goes to its VCS.
 */
static int fm_vcs_read(struct cxlfm_fm_call *c, struct cxlfm_vcs_read *rd,
		       const u8 *ids, const u32 *idx, u32 k, u8 start, u8 limit)
{
	struct fmapi_get_vcs_info_req *req = c->req;
	struct fmapi_get_vcs_info_rsp *rsp = c->rsp;
	u8 sel[U8_MAX];
	u32 i, n;
	int rc;

	for (i = 0; i < k; i++)
		sel[i] = ids[idx[i]];
	req->vcs_ids = sel;
	req->vcs_ids_cap = k;
	req->num_vcs = k;
	req->start_vppb = start;
	req->vppb_limit = limit;
	rsp->start_vppb = start;
	rsp->vppb_limit = limit;
	rc = fm_exchange(c);
	if (rc)
		return rc;
	if (rsp->num_vcs != k) {
		NL_SET_ERR_MSG(c->extack, "CCI answered for another number of VCSs");
		return -EBADMSG;
	}
	for (i = 0; i < k; i++) {
		struct cxlfm_vcs_read *r = &rd[idx[i]];
		const struct fmapi_vcs_info *v = &rsp->vcs[i];

		if (v->vcs_id != sel[i]) {
			NL_SET_ERR_MSG(c->extack, "CCI answered for another VCS");
			return -EBADMSG;
		}
		if (!r->known) {
			r->info = *v;
			r->known = true;
			/* an invalid VCS ID has nothing more to read */
			r->total = v->vcs_state == FMAPI_VCS_INVALID_ID ?
				   0 : v->num_vppbs;
		}
		n = min_t(u32, v->nr_vppb_entries, U8_MAX - r->next);
		if (!n && r->next < r->total) {
			NL_SET_ERR_MSG(c->extack, "CCI returned no vPPB entry");
			return -EBADMSG;
		}
		memcpy(&r->vppbs[r->next], &rsp->vppbs[v->vppb_first],
		       n * sizeof(*r->vppbs));
		r->next += n;
	}
	return 0;
}

/*
 * Get Virtual CXL Switch Info (CXL r3.2 §7.6.7.2.1) of each VCS asked for,
 * every vPPB of each, in as few commands as the payload area allows.  A
 * command names several VCSs, with one start vPPB and one limit for all of
 * them (a byte each); its response is a 4-byte header and, per VCS, a
 * 4-byte block header and 4 bytes per vPPB entry, at most the limit.
 * The first command names every VCS that fits, with the largest limit
 * they all fit with, and so learns each VCS's vPPB count; then the VCSs
 * at the same start vPPB are read on, as many per command as fit with a
 * limit that covers what is left of each.
 */
static int fm_vcs_info(struct cxlfm_fm_call *c, struct sk_buff *skb)
{
	/* 4-byte units after the response header: a block header is one */
	const u32 room = (c->cci->payload_size - 4) / FMAPI_VPPB_INFO_SIZE;
	struct fmapi_get_vcs_info_req *req = c->req;
	struct fmapi_get_vcs_info_rsp *rsp = c->rsp;
	u32 v, i, k, nr = req->num_vcs, *idx;
	struct fmapi_vppb_info *vppbs;
	struct cxlfm_vcs_read *rd;
	u8 *ids = req->vcs_ids;
	int rc = -ENOMEM;

	rd = kvcalloc(nr, sizeof(*rd), GFP_KERNEL);
	idx = kcalloc(nr, sizeof(*idx), GFP_KERNEL);
	vppbs = kvcalloc(nr * U8_MAX, sizeof(*vppbs), GFP_KERNEL);
	if (!rd || !idx || !vppbs)
		goto out;
	for (v = 0; v < nr; v++)
		rd[v].vppbs = vppbs + v * U8_MAX;
	rsp->vppbs = c->rsp_sub;
	rsp->vppbs_cap = room;
	for (;;) {
		u32 start = U32_MAX, left = 0, limit;
		bool unknown = false;

		/* the pending VCSs at the lowest start vPPB */
		for (v = 0; v < nr; v++)
			if (fm_vcs_pending(&rd[v]))
				start = min(start, rd[v].next);
		if (start == U32_MAX)
			break;
		for (k = 0, v = 0; v < nr; v++) {
			if (!fm_vcs_pending(&rd[v]) || rd[v].next != start)
				continue;
			idx[k++] = v;
			unknown |= !rd[v].known;
			left = max_t(u32, left, rd[v].known ?
				     rd[v].info.num_vppbs - start : 0);
		}
		if (unknown) {
			/* every VCS that fits with one entry each */
			k = min(k, room / 2);
			limit = min(room / k - 1, U8_MAX - start);
		} else {
			/* each VCS's rest, or the most one block holds */
			limit = min(left, room - 1);
			k = min(k, room / (limit + 1));
		}
		limit = clamp_t(u32, limit, 1, U8_MAX);
		rc = fm_vcs_read(c, rd, ids, idx, k, start, limit);
		if (rc)
			goto out;
	}
	rc = -EMSGSIZE;
	if (nla_put_u8(skb, CXLFM_A_FM_NUM_VCS, nr))
		goto out;
	for (i = 0; i < nr; i++)
		if (fm_vcs_put(skb, c, &rd[i]))
			goto out;
	rc = 0;
out:
	kvfree(vppbs);
	kfree(idx);
	kvfree(rd);
	return rc;
}

/* ------------------------------------------------------------------ */
/* doit                                                                */
/* ------------------------------------------------------------------ */

static int fm_tunnel_attrs(struct cxlfm_fm_call *c, struct genl_info *info)
{
	struct nlattr *port = info->attrs[CXLFM_A_FM_TUNNEL_PORT];
	struct nlattr *ld = info->attrs[CXLFM_A_FM_TUNNEL_LD];
	struct nlattr *pool = info->attrs[CXLFM_A_FM_TUNNEL_POOL];

	if (!port) {
		if (ld || pool) {
			NL_SET_ERR_MSG_ATTR(info->extack, ld ?: pool,
					    "needs tunnel-port");
			return -EINVAL;
		}
		return 0;
	}
	if (ld && pool) {
		NL_SET_ERR_MSG_ATTR(info->extack, ld,
				    "an LD pool has no LD to tunnel to");
		return -EINVAL;
	}
	/*
	 * CXL r3.1 §7.6.7.3.1: the switch forwards to the FM-owned LD of
	 * the device on the port (target type 0); from there, the second
	 * level names an LD (type 0) or the LD-pool CCI of a multi-headed
	 * device (type 1).
	 */
	c->hops[0].port_or_ld_id = nla_get_u8(port);
	c->depth = 1;
	if (ld || pool) {
		c->hops[1].port_or_ld_id = ld ? nla_get_u8(ld) : 0;
		c->hops[1].target_type = pool ? 1 : 0;
		c->depth = 2;
	}
	return 0;
}

/*
 * The identity of a background command: the one this request started, or
 * the one a Background Operation Status read describes.  Only for the
 * switch's own CCI; cxlfm does not track a tunnelled device's commands.
 */
static int fm_put_bg_id(struct sk_buff *msg, struct cxlfm_fm_call *c)
{
	if (c->depth || !c->bg_seq)
		return 0;
	if (c->background)
		return nla_put_u16(msg, CXLFM_A_FM_OPCODE, c->op->opcode) ||
		       nla_put_u32(msg, CXLFM_A_FM_BG_SEQ, c->bg_seq);
	if (c->op->opcode == FMAPI_OP_BG_OP_STATUS)
		return nla_put_u32(msg, CXLFM_A_FM_BG_SEQ, c->bg_seq);
	return 0;
}

static void fm_call_free(struct cxlfm_fm_call *c)
{
	kvfree(c->rsp_sub);
	kvfree(c->rsp_list);
	kfree(c->rsp);
	kfree(c->req);
	kvfree(c->tbuf);
	kvfree(c->buf);
}

static int fm_call_init(struct cxlfm_fm_call *c, const struct fmapi_nl_op *op,
			struct cxlfm_cci *cci, struct netlink_ext_ack *extack)
{
	const struct fmapi_layout *req;

	c->op = op;
	c->desc = fmapi_cmd_find(op->opcode);
	c->cci = cci;
	c->extack = extack;
	req = c->desc->req;
	c->buf = kvmalloc(cci->payload_size, GFP_KERNEL);
	c->tbuf = kvmalloc(cci->payload_size, GFP_KERNEL);
	c->req = kzalloc(req ? req->st_size : 1, GFP_KERNEL);
	if (!c->buf || !c->tbuf || !c->req || fm_rsp_alloc(c))
		return -ENOMEM;
	if (op->opcode == FMAPI_OP_GET_VCS_INFO) {
		/* one command's entries: a 4-byte header, then 4 bytes each */
		c->rsp_sub = kvcalloc(cci->payload_size / FMAPI_VPPB_INFO_SIZE,
				      sizeof(struct fmapi_vppb_info),
				      GFP_KERNEL);
		if (!c->rsp_sub)
			return -ENOMEM;
	}
	return 0;
}

/* The deprecated wait's bound: 1 ms (the policy's) to 10 minutes. */
#define CXLFM_FM_WAIT_MAX_MS	600000

/*
 * timeout-ms of an op that may run in the background, whose policy has it
 * (only then is info->attrs that long): above 32767 the policy cannot hold
 * the bound on every kernel (Documentation/netlink/uapi.md).
 */
static int fm_wait_attrs(const struct fmapi_nl_op *op, struct genl_info *info)
{
	const struct nlattr *a;

	if (!(op->flags & FMAPI_NL_OP_BG))
		return 0;
	a = info->attrs[CXLFM_A_FM_TIMEOUT_MS];
	if (a && nla_get_u32(a) > CXLFM_FM_WAIT_MAX_MS) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "timeout-ms is 1 to 600000");
		return -ERANGE;
	}
	return 0;
}

int cxlfm_fm_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct fmapi_nl_op *op = fmapi_nl_op_find(info->genlhdr->cmd);
	struct cxlfm_fm_call c = {};
	struct sk_buff *msg = NULL;
	void *req_list = NULL;
	u8 *ports = NULL;
	u32 nports = 0;
	void *hdr;
	int rc;

	rc = cxlfm_nl_gate(skb, op->cmd, fm_writes(op, info), info->extack);
	if (rc)
		return rc;
	rc = fm_wait_attrs(op, info);
	if (rc)
		return rc;
	c.cci = cxlfm_nl_cci(info, CXLFM_A_FM_CCI_ID);
	if (IS_ERR(c.cci))
		return PTR_ERR(c.cci);
	rc = fm_call_init(&c, op, c.cci, info->extack);
	if (rc)
		goto out;
	if (op->flags & FMAPI_NL_OP_TUNNEL) {
		rc = fm_tunnel_attrs(&c, info);
		if (rc)
			goto out;
	}
	rc = fm_req_fields(&c, info);
	if (!rc)
		rc = fm_req_list(&c, info, &req_list);
	if (!rc)
		rc = fm_rsp_fits(&c);
	if (rc)
		goto out;

	rc = -ENOMEM;
	msg = genlmsg_new(fm_reply_size(&c), GFP_KERNEL);
	if (!msg)
		goto out;
	/* header now, with the return code filled in once known */
	hdr = genlmsg_put_reply(msg, info, &cxlfm_family, 0, op->cmd);
	if (!hdr)
		goto out;
	if (op->opcode == FMAPI_OP_GET_PHYS_PORT_STATE) {
		struct fmapi_get_phys_port_state_req *req = c.req;

		if (req->num_ports) {
			rc = fm_port_state(&c, msg, req->port_ids,
					   req->num_ports);
		} else {
			ports = fm_all_ports(c.cci, &nports);
			rc = ports ? fm_port_state(&c, msg, ports, nports) :
				     -ENOMEM;
		}
	} else if (op->opcode == FMAPI_OP_GET_VCS_INFO) {
		rc = fm_vcs_info(&c, msg);
	} else {
		/*
		 * A background command is answered once it started, whatever
		 * the (deprecated) wait attribute asks: the caller waits for
		 * the bg-done notification that carries the same identity.
		 */
		rc = fm_exchange(&c);
		if (!rc && c.desc->rsp)
			rc = fm_put_rsp(msg, op, c.desc->rsp, c.rsp);
	}
	if (rc == -EINPROGRESS)
		rc = 0;
	if (rc == -EMSGSIZE)
		NL_SET_ERR_MSG(info->extack, "reply larger than a netlink message");
	if (rc)
		goto out;
	rc = -EMSGSIZE;
	if (nla_put_u32(msg, CXLFM_A_FM_CCI_ID, c.cci->id) ||
	    nla_put_u16(msg, CXLFM_A_FM_RETURN_CODE, c.return_code) ||
	    nla_put_u16(msg, CXLFM_A_FM_VENDOR_STATUS, c.vendor_status) ||
	    /* a command answered once it started is 0 % done */
	    (c.background &&
	     (nla_put_flag(msg, CXLFM_A_FM_BACKGROUND) ||
	      nla_put_u8(msg, CXLFM_A_FM_PERCENT, 0))) ||
	    fm_put_bg_id(msg, &c))
		goto out;
	genlmsg_end(msg, hdr);
	rc = genlmsg_reply(msg, info);
	msg = NULL;
out:
	nlmsg_free(msg);
	kfree(ports);
	kfree(req_list);
	fm_call_free(&c);
	cxlfm_cci_put(c.cci);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Dumps across switches                                               */
/* ------------------------------------------------------------------ */

/**
 * struct cxlfm_fm_dump_ctx - dump cursor, kept in netlink_callback::ctx
 * @next_id: the CCI to ask next
 * @next_port: its next port (Get Physical Port State)
 * @refused: the errno of a device's refusal that ends the dump, once known
 * @refused_id: the CCI that refused
 * @refused_rc: its return code
 * @refused_vs: its vendor status
 * @refused_sent: the message that says so went out
 */
struct cxlfm_fm_dump_ctx {
	u32 next_id;
	u32 next_port;
	int refused;
	u32 refused_id;
	u16 refused_rc;
	u16 refused_vs;
	bool refused_sent;
};

int cxlfm_fm_dump_start(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct cxlfm_fm_dump_ctx) > sizeof(cb->ctx));
	return cxlfm_nl_gate_dump(cb, true);
}

/*
 * One message per switch (Identify Switch Device) or per port (Get
 * Physical Port State, a payload's worth of ports per command).  Returns
 * -EMSGSIZE when the skb is full, with the cursor at what did not fit.
 */
static int fm_dump_cci(struct sk_buff *skb, struct netlink_callback *cb,
		       struct cxlfm_fm_call *c, struct cxlfm_fm_dump_ctx *ctx)
{
	u32 portid = NETLINK_CB(cb->skb).portid, seq = cb->nlh->nlmsg_seq;
	const struct fmapi_list *lst = c->desc->rsp->list;
	struct fmapi_get_phys_port_state_rsp *rsp = c->rsp;
	struct fmapi_get_phys_port_state_req *req = c->req;
	u8 ids[U8_MAX];
	u32 per, i, k, p;
	void *hdr;
	int rc;

	if (c->op->opcode == FMAPI_OP_IDENTIFY_SWITCH) {
		rc = fm_exchange(c);
		if (rc)
			return rc;
		hdr = fm_put_hdr(skb, c, portid, seq, NLM_F_MULTI);
		if (!hdr)
			return -EMSGSIZE;
		genl_dump_check_consistent(cb, hdr);
		if (fm_put_rsp(skb, c->op, c->desc->rsp, c->rsp)) {
			genlmsg_cancel(skb, hdr);
			return -EMSGSIZE;
		}
		genlmsg_end(skb, hdr);
		return 0;
	}

	per = min_t(u32, (c->cci->payload_size - c->desc->rsp->fixed_len) /
			 lst->elem_size, U8_MAX);
	for (;;) {
		/* the next active ports from the cursor, a payload's worth */
		k = 0;
		p = ctx->next_port;
		while (k < per &&
		       (p = find_next_bit(c->cci->active_ports, 256, p)) < 256)
			ids[k++] = p++;
		if (!k)
			break;
		req->port_ids = ids;
		req->port_ids_cap = k;
		req->num_ports = k;
		rc = fm_exchange(c);
		if (rc)
			return rc;
		/* the cursor follows what was asked, never the device */
		if (rsp->num_ports != k) {
			NL_SET_ERR_MSG(c->extack,
				       "CCI answered for another number of ports");
			return -EBADMSG;
		}
		for (i = 0; i < k; i++) {
			if (rsp->ports[i].port_id != ids[i]) {
				NL_SET_ERR_MSG(c->extack,
					       "CCI answered for another port than asked");
				return -EBADMSG;
			}
			hdr = fm_put_hdr(skb, c, portid, seq, NLM_F_MULTI);
			if (!hdr)
				return -EMSGSIZE;
			genl_dump_check_consistent(cb, hdr);
			if (fm_put_list_elems(skb, &c->op->rsp, lst, rsp->ports,
					      i, 1)) {
				genlmsg_cancel(skb, hdr);
				return -EMSGSIZE;
			}
			genlmsg_end(skb, hdr);
			ctx->next_port = ids[i] + 1;
		}
	}
	return 0;
}

/*
 * A device's refusal ends the dump: a last message names the CCI with its
 * return code and vendor status (the end of a dump carries no extack
 * cookie before Linux 6.2), then the next piece, empty, ends the dump with
 * the errno and the code in the extack as for a doit.  Never the errno
 * alongside data: an -EMSGSIZE (Invalid Payload Length) there would read
 * as "the skb is full, call again".
 */
static int fm_dump_refused(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct fmapi_nl_op *op,
			   struct cxlfm_fm_dump_ctx *ctx)
{
	void *hdr;

	if (ctx->refused_sent)
		goto end;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &cxlfm_family, NLM_F_MULTI, op->cmd);
	if (!hdr ||
	    nla_put_u32(skb, CXLFM_A_FM_CCI_ID, ctx->refused_id) ||
	    nla_put_u16(skb, CXLFM_A_FM_RETURN_CODE, ctx->refused_rc) ||
	    nla_put_u16(skb, CXLFM_A_FM_VENDOR_STATUS, ctx->refused_vs) ||
	    (ctx->refused_rc == FMAPI_RC_BACKGROUND &&
	     nla_put_flag(skb, CXLFM_A_FM_BACKGROUND))) {
		if (hdr)
			genlmsg_cancel(skb, hdr);
		/* the next piece starts empty and has room */
		if (skb->len)
			return skb->len;
	} else {
		genlmsg_end(skb, hdr);
	}
	ctx->refused_sent = true;
	if (skb->len)
		return skb->len;
end:
	fm_set_extack_rc(cb->extack, ctx->refused_rc, ctx->refused_vs);
	return ctx->refused;
}

int cxlfm_fm_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genlmsghdr *gh = nlmsg_data(cb->nlh);
	const struct fmapi_nl_op *op = fmapi_nl_op_find(gh->cmd);
	struct cxlfm_fm_dump_ctx *ctx = (void *)cb->ctx;
	/* validated against the op's policy when the dump started */
	struct nlattr *only = nlmsg_find_attr(cb->nlh, GENL_HDRLEN,
					      CXLFM_A_FM_CCI_ID);
	struct cxlfm_cci *cci;
	int rc;

	rc = cxlfm_nl_gate_dump(cb, false);
	if (rc)
		return rc;
	if (ctx->refused)
		return fm_dump_refused(skb, cb, op, ctx);
	cb->seq = cxlfm_cci_generation();
	while ((cci = cxlfm_cci_get_next(ctx->next_id))) {
		struct cxlfm_fm_call c = {};
		/* the put below may free a CCI unregistered meanwhile */
		u32 id = cci->id;

		/* a switch without the command has nothing to add */
		if ((only && id != nla_get_u32(only)) || !cci->is_switch ||
		    !cxlfm_cci_supports(cci, op->opcode, NULL)) {
			ctx->next_id = id + 1;
			ctx->next_port = 0;
			cxlfm_cci_put(cci);
			continue;
		}
		rc = fm_call_init(&c, op, cci, cb->extack);
		if (!rc)
			rc = fm_dump_cci(skb, cb, &c, ctx);
		/*
		 * The device refused, or answered a foreground command
		 * "started" (a return code, not a full skb, whatever its
		 * errno)
		 */
		if (rc && c.return_code) {
			ctx->refused = rc;
			ctx->refused_id = id;
			ctx->refused_rc = c.return_code;
			ctx->refused_vs = c.vendor_status;
		}
		fm_call_free(&c);
		cxlfm_cci_put(cci);
		if (ctx->refused)
			return fm_dump_refused(skb, cb, op, ctx);
		if (rc == -EMSGSIZE && skb->len)
			return skb->len;
		if (rc)
			return rc;
		ctx->next_id = id + 1;
		ctx->next_port = 0;
	}
	return skb->len;
}

/* ------------------------------------------------------------------ */
/* Background completion                                               */
/* ------------------------------------------------------------------ */

/**
 * cxlfm_fm_notify_bg_done() - multicast the end of a background command
 * @cci: the CCI
 * @st: its final status
 *
 * Called from the CCI's background work item once the device reports the
 * command done.  It carries the identity the op's reply gave when the
 * command started (opcode and the CCI's background number), so that a
 * waiter in userspace takes its own command's end, never another's.
 */
void cxlfm_fm_notify_bg_done(struct cxlfm_cci *cci,
			     const struct cxlfm_bg_status *st)
{
	struct sk_buff *msg;
	void *hdr;

	msg = cxlfm_nl_ntf_start(cci, CXLFM_CMD_BG_DONE_NTF, CXLFM_A_FM_CCI_ID,
				 CXLFM_A_FM_SEQ, &hdr);
	if (!msg)
		return;
	if (nla_put_u16(msg, CXLFM_A_FM_OPCODE, st->opcode) ||
	    nla_put_u32(msg, CXLFM_A_FM_BG_SEQ, st->seq) ||
	    nla_put_u8(msg, CXLFM_A_FM_PERCENT, st->percent) ||
	    nla_put_u16(msg, CXLFM_A_FM_RETURN_CODE, st->return_code) ||
	    nla_put_u16(msg, CXLFM_A_FM_VENDOR_STATUS, st->vendor_status)) {
		nlmsg_free(msg);
		cxlfm_nl_ntf_lost(cci);
		return;
	}
	cxlfm_nl_event_send(cci, msg, hdr);
}
