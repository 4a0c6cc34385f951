// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm: the typed FM-API ops.  The FM-API codec's structs are the
 * library's types; the attribute map the kernel uses (fmapi/fmapi_nl.c,
 * generated from the codec) says which attribute carries which field, so
 * one marshaller serves every op.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "fmapi_nl.h"
#include "private.h"

static int put_val(struct nl_msg *m, uint16_t attr, uint64_t v)
{
	switch (fmapi_nl_attrs[attr].type) {
	case FMAPI_NL_U8:
		return nla_put_u8(m, attr, v);
	case FMAPI_NL_U16:
		return nla_put_u16(m, attr, v);
	case FMAPI_NL_U32:
		return nla_put_u32(m, attr, v);
	default:
		return nla_put_u64(m, attr, v);
	}
}

/* An attribute's value; 0 if it is shorter than its type says. */
static uint64_t get_val(struct nlattr *a)
{
	static const int len[] = {
		[FMAPI_NL_U8] = 1, [FMAPI_NL_U16] = 2, [FMAPI_NL_U32] = 4,
		[FMAPI_NL_U64] = 8,
	};
	int type = fmapi_nl_attrs[nla_type(a)].type;

	if (type < FMAPI_NL_U8 || type > FMAPI_NL_U64 || nla_len(a) < len[type])
		return 0;
	switch (type) {
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

static int put_fields(struct nl_msg *m, const uint16_t *attrs,
		      const struct fmapi_field *f, unsigned int nr,
		      const void *s)
{
	unsigned int i;
	int rc;

	for (i = 0; attrs && i < nr; i++) {
		if (!attrs[i])
			continue;
		if (f[i].type == FMAPI_T_BYTES)
			rc = nla_put(m, attrs[i], f[i].st_size,
				     (const char *)s + f[i].st_off);
		else
			rc = put_val(m, attrs[i], fmapi_field_get(s, &f[i]));
		if (rc)
			return -EMSGSIZE;
	}
	return 0;
}

/* Set the field @a carries, if @attrs names it. */
static bool get_field(struct nlattr *a, const uint16_t *attrs,
		      const struct fmapi_field *f, unsigned int nr, void *s)
{
	unsigned int i;

	for (i = 0; attrs && i < nr; i++) {
		if (attrs[i] != nla_type(a))
			continue;
		if (f[i].type == FMAPI_T_BYTES) {
			size_t n = (size_t)nla_len(a) < f[i].st_size ?
				   (size_t)nla_len(a) : f[i].st_size;

			memcpy((char *)s + f[i].st_off, nla_data(a), n);
		} else {
			fmapi_field_set(s, &f[i], get_val(a));
		}
		return true;
	}
	return false;
}

static uint32_t list_count(const struct fmapi_layout *l, const void *s)
{
	const struct fmapi_list *lst = l->list;

	if (lst->count_field == FMAPI_COUNT_IMPLIED)
		return *(const uint32_t *)((const char *)s + lst->nr_off);
	return fmapi_field_get(s, &l->fields[lst->count_field]);
}

/* Set a list's count; -ERANGE if it does not fit the count field. */
static int set_count(const struct fmapi_layout *l, void *s, uint32_t n)
{
	const struct fmapi_list *lst = l->list;
	const struct fmapi_field *f;

	if (lst->count_field == FMAPI_COUNT_IMPLIED) {
		*(uint32_t *)((char *)s + lst->nr_off) = n;
		return 0;
	}
	f = &l->fields[lst->count_field];
	if (f->st_size < 4 && n >> (8 * f->st_size))
		return -ERANGE;
	fmapi_field_set(s, f, n);
	return 0;
}

static void *list_ptr(const struct fmapi_layout *l, const void *s)
{
	return *(void *const *)((const char *)s + l->list->ptr_off);
}

static uint32_t list_cap(const struct fmapi_layout *l, const void *s)
{
	return *(const uint32_t *)((const char *)s + l->list->cap_off);
}

static int put_req(struct nl_msg *m, const struct fmapi_nl_op *op,
		   const struct fmapi_layout *l, const void *req)
{
	const struct fmapi_list *lst = l->list;
	const char *arr;
	uint32_t i, n;

	if (put_fields(m, op->req.fields, l->fields, l->nr_fields, req))
		return -EMSGSIZE;
	if (!lst || !op->req.list)
		return 0;
	n = list_count(l, req);
	arr = list_ptr(l, req);
	if (n && !arr)
		return -EINVAL;
	if (!op->req.elem)
		return n && nla_put(m, op->req.list, n, arr) ? -EMSGSIZE : 0;
	for (i = 0; i < n; i++) {
		struct nlattr *nest = nla_nest_start(m, op->req.list);

		if (!nest || put_fields(m, op->req.elem, lst->elem_fields,
					lst->nr_elem_fields,
					arr + i * lst->elem_st_size))
			return -EMSGSIZE;
		nla_nest_end(m, nest);
	}
	return 0;
}

/* Parsing one reply into a response struct. */
struct fm_reply {
	const struct fmapi_nl_op *op;
	const struct fmapi_layout *l;
	void *rsp;
	uint32_t nr;		/* list elements so far */
	uint32_t nr_sub;	/* 0x5200: vPPBs so far */
	uint32_t cci;
	bool background;
	int (*each)(struct cxlfm_ctx *ctx, unsigned int cci, void *rsp,
		    void *arg);
	struct cxlfm_ctx *ctx;
	void *arg;
};

/* One VCS nest of a 0x5200 reply: its fields, then its vPPB nests. */
static int get_vcs(struct fm_reply *r, struct nlattr *nest,
		   struct fmapi_vcs_info *vcs)
{
	struct fmapi_get_vcs_info_rsp *rsp = r->rsp;
	struct nlattr *a, *b;
	int rem, rem2;

	vcs->vppb_first = r->nr_sub;
	vcs->nr_vppb_entries = 0;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != r->op->rsp.sub) {
			get_field(a, r->op->rsp.elem, r->l->list->elem_fields,
				  r->l->list->nr_elem_fields, vcs);
			continue;
		}
		if (r->nr_sub >= rsp->vppbs_cap)
			return -ENOSPC;
		nla_for_each_nested(b, a, rem2)
			get_field(b, r->op->rsp.sub_elem, fmapi_vppb_info_fields,
				  fmapi_nr_vppb_info_fields,
				  &rsp->vppbs[r->nr_sub]);
		r->nr_sub++;
		vcs->nr_vppb_entries++;
	}
	return 0;
}

static int get_elem(struct fm_reply *r, struct nlattr *nest)
{
	const struct fmapi_list *lst = r->l->list;
	char *arr = list_ptr(r->l, r->rsp);
	struct nlattr *a;
	int rem;

	if (r->nr >= list_cap(r->l, r->rsp) || !arr)
		return -ENOSPC;
	arr += r->nr++ * lst->elem_st_size;
	if (r->op->rsp.sub)
		return get_vcs(r, nest, (struct fmapi_vcs_info *)arr);
	nla_for_each_nested(a, nest, rem)
		get_field(a, r->op->rsp.elem, lst->elem_fields,
			  lst->nr_elem_fields, arr);
	return 0;
}

static int get_bytes(struct fm_reply *r, struct nlattr *a)
{
	uint32_t n = nla_len(a);

	if (n > list_cap(r->l, r->rsp) || (n && !list_ptr(r->l, r->rsp)))
		return -ENOSPC;
	memcpy(list_ptr(r->l, r->rsp), nla_data(a), n);
	r->nr = n;
	return 0;
}

static int parse_reply(struct nlmsghdr *nlh, void *arg)
{
	struct fm_reply *r = arg;
	const struct fmapi_nl_part *p = &r->op->rsp;
	const struct fmapi_layout *l = r->l;
	struct nlattr *a;
	int rem, rc;

	/* a reply of another command is not ours to read */
	if (genlmsg_hdr(nlh)->cmd != r->op->cmd)
		return -EPROTO;
	r->nr = r->nr_sub = 0;
	r->background = false;
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		int type = nla_type(a);

		if (type == CXLFM_A_FM_CCI_ID && nla_len(a) >= 4)
			r->cci = nla_get_u32(a);
		else if (type == CXLFM_A_FM_BACKGROUND)
			r->background = true;
		if (!l)
			continue;
		if (l->list && type == p->list) {
			rc = p->elem ? get_elem(r, a) : get_bytes(r, a);
			if (rc) {
				snprintf(r->ctx->errmsg, sizeof(r->ctx->errmsg),
					 "the reply's list does not fit the room the caller gave");
				return rc;
			}
		} else if (!get_field(a, p->fields, l->fields, l->nr_fields,
				      r->rsp)) {
			get_field(a, p->tail, l->tail, l->nr_tail, r->rsp);
		}
	}
	if (l && l->list) {
		/* e.g. all 256 ports of a switch: use cxlfm_fm_dump() */
		rc = set_count(l, r->rsp, r->nr);
		if (rc)
			return rc;
		if (p->sub)
			((struct fmapi_get_vcs_info_rsp *)r->rsp)->nr_vppbs =
				r->nr_sub;
	}
	return r->each ? r->each(r->ctx, r->cci, r->rsp, r->arg) : 0;
}

static struct nl_msg *fm_msg(struct cxlfm_ctx *ctx, const struct fmapi_nl_op *op,
			     const struct fmapi_cmd *desc,
			     const struct cxlfm_target *t, const void *req,
			     unsigned int flags, int nlflags)
{
	size_t room = 64;
	struct nl_msg *m;

	if (desc->req && req) {
		int n = fmapi_encoded_len(desc->req, req);

		room += n > 0 ? 4 * (size_t)n + 256 : 0;
		if (desc->req->list)
			room += list_count(desc->req, req) *
				(8 + desc->req->list->nr_elem_fields * 12);
	}
	m = cxlfm_msg(ctx, op->cmd, nlflags, room);
	if (!m)
		return NULL;
	if (t && nla_put_u32(m, CXLFM_A_FM_CCI_ID, t->cci))
		goto fail;
	if (t && t->tunnel_port >= 0 &&
	    (nla_put_u8(m, CXLFM_A_FM_TUNNEL_PORT, t->tunnel_port) ||
	     (t->tunnel_ld >= 0 &&
	      nla_put_u8(m, CXLFM_A_FM_TUNNEL_LD, t->tunnel_ld)) ||
	     (t->ld_pool && nla_put_flag(m, CXLFM_A_FM_TUNNEL_POOL))))
		goto fail;
	if ((flags & CXLFM_CALL_WAIT) && nla_put_flag(m, CXLFM_A_FM_WAIT))
		goto fail;
	if (desc->req && req && put_req(m, op, desc->req, req))
		goto fail;
	return m;
fail:
	nlmsg_free(m);
	return NULL;
}

static const struct fmapi_nl_op *fm_op(int cmd, const struct fmapi_cmd **desc)
{
	const struct fmapi_nl_op *op = cmd >= 0 && cmd <= 255 ?
				       fmapi_nl_op_find(cmd) : NULL;

	*desc = op ? fmapi_cmd_find(op->opcode) : NULL;
	return *desc ? op : NULL;
}

int cxlfm_fm_call(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
		  int cmd, const void *req, void *rsp, unsigned int flags)
{
	const struct fmapi_cmd *desc;
	const struct fmapi_nl_op *op = fm_op(cmd, &desc);
	struct fm_reply r = {};
	struct nl_msg *m;
	int rc;

	if (!op || !t || (desc->req && !req) || (desc->rsp && !rsp) ||
	    (flags & ~CXLFM_CALL_WAIT))
		return -EINVAL;
	m = fm_msg(ctx, op, desc, t, req, flags, 0);
	if (!m)
		return -ENOMEM;
	r.op = op;
	r.l = desc->rsp;
	r.rsp = rsp;
	r.ctx = ctx;
	/*
	 * A Get VCS Info reply holds every vPPB asked for, up to 255 per VCS,
	 * and may outgrow the receive buffer: look at its length first.
	 */
	ctx->peek = !!op->rsp.sub;
	rc = cxlfm_transact_msg(ctx, m, parse_reply, &r);
	ctx->peek = 0;
	if (rc)
		return rc;
	return r.background ? 1 : 0;
}

int cxlfm_fm_dump(struct cxlfm_ctx *ctx, int cmd, long cci, void *rsp,
		  int (*each)(struct cxlfm_ctx *ctx, unsigned int cci,
			      void *rsp, void *arg),
		  void *arg)
{
	const struct fmapi_cmd *desc;
	const struct fmapi_nl_op *op = fm_op(cmd, &desc);
	struct cxlfm_target t = { .cci = cci, .tunnel_port = -1,
				  .tunnel_ld = -1 };
	struct fm_reply r = {};
	struct nl_msg *m;

	if (!op || !(op->flags & FMAPI_NL_OP_DUMP) || !rsp || !each)
		return -EINVAL;
	m = fm_msg(ctx, op, desc, cci >= 0 ? &t : NULL, NULL, 0, NLM_F_DUMP);
	if (!m)
		return -ENOMEM;
	r.op = op;
	r.l = desc->rsp;
	r.rsp = rsp;
	r.each = each;
	r.ctx = ctx;
	r.arg = arg;
	return cxlfm_transact_msg(ctx, m, parse_reply, &r);
}

int cxlfm_bg_wait(struct cxlfm_ctx *ctx, unsigned int cci,
		  unsigned int timeout_ms, struct fmapi_bg_op_status_rsp *st)
{
	const struct cxlfm_target t = { .cci = cci, .tunnel_port = -1,
					.tunnel_ld = -1 };
	const struct timespec tick = { .tv_nsec = 20 * 1000 * 1000 };
	unsigned int waited = 0;
	int rc;

	for (;;) {
		rc = cxlfm_bg_op_status(ctx, &t, st, 0);
		if (rc < 0)
			return rc;
		if (!st->running)
			return 0;
		if (waited >= timeout_ms)
			return -ETIMEDOUT;
		nanosleep(&tick, NULL);
		waited += 20;
	}
}
