// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm: the typed FM-API ops.  The FM-API codec's structs are the
 * library's types; the attribute map the kernel uses (fmapi/fmapi_nl.c,
 * generated from the codec) says which attribute carries which field, so
 * one marshaller serves every op.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
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
	if (!op->req.elem) {
		/* libnl would cut the attribute's 16-bit length short */
		if (n > CXLFM_ATTR_MAX_PAYLOAD)
			return -EMSGSIZE;
		return n && nla_put(m, op->req.list, n, arr) ? -EMSGSIZE : 0;
	}
	for (i = 0; i < n; i++) {
		struct nlattr *nest = nla_nest_start(m, op->req.list);

		if (!nest || put_fields(m, op->req.elem, lst->elem_fields,
					lst->nr_elem_fields,
					arr + i * lst->elem_st_size) ||
		    nla_nest_end(m, nest) < 0)
			return -EMSGSIZE;
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
	uint16_t opcode;	/* of the background command it started */
	uint32_t bg_seq;	/* its number, or the one a status describes */
	uint16_t return_code;	/* a dump's refusal: the device's code */
	uint16_t vendor_status;
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
	r->return_code = r->vendor_status = 0;
	r->background = false;
	r->opcode = 0;
	r->bg_seq = 0;
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		int type = nla_type(a);

		if (type == CXLFM_A_FM_CCI_ID && nla_len(a) >= 4)
			r->cci = nla_get_u32(a);
		else if (type == CXLFM_A_FM_BACKGROUND)
			r->background = true;
		else if (type == CXLFM_A_FM_OPCODE && nla_len(a) >= 2)
			r->opcode = nla_get_u16(a);
		else if (type == CXLFM_A_FM_BG_SEQ && nla_len(a) >= 4)
			r->bg_seq = nla_get_u32(a);
		else if (type == CXLFM_A_FM_RETURN_CODE && nla_len(a) >= 2)
			r->return_code = nla_get_u16(a);
		else if (type == CXLFM_A_FM_VENDOR_STATUS && nla_len(a) >= 2)
			r->vendor_status = nla_get_u16(a);
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
	/*
	 * A dump's last message when a device refused: no data, its code
	 * (the dump then ends with the errno)
	 */
	if (r->each && r->return_code) {
		r->ctx->return_code = r->return_code;
		r->ctx->vendor_status = r->vendor_status;
		return 0;
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

/*
 * The request of a typed op into *@out.  Return: 0, -ENOMEM, -EINVAL for
 * a list without its array, or -EMSGSIZE for arguments no netlink message
 * can carry (the call's error text says which).
 */
static int fm_msg(struct cxlfm_ctx *ctx, const struct fmapi_nl_op *op,
		  const struct fmapi_cmd *desc, const struct cxlfm_target *t,
		  const void *req, int nlflags, struct nl_msg **out)
{
	size_t room = 64;
	struct nl_msg *m;
	int rc = -EMSGSIZE;

	if (desc->req && req) {
		int n = fmapi_encoded_len(desc->req, req);

		room += n > 0 ? 4 * (size_t)n + 256 : 0;
		if (desc->req->list)
			room += list_count(desc->req, req) *
				(8 + desc->req->list->nr_elem_fields * 12);
	}
	m = cxlfm_msg(ctx, op->cmd, nlflags, room);
	if (!m)
		return -ENOMEM;
	if (t && nla_put_u32(m, CXLFM_A_FM_CCI_ID, t->cci))
		goto fail;
	if (t && t->tunnel_port >= 0 &&
	    (nla_put_u8(m, CXLFM_A_FM_TUNNEL_PORT, t->tunnel_port) ||
	     (t->tunnel_ld >= 0 &&
	      nla_put_u8(m, CXLFM_A_FM_TUNNEL_LD, t->tunnel_ld)) ||
	     (t->ld_pool && nla_put_flag(m, CXLFM_A_FM_TUNNEL_POOL))))
		goto fail;
	if (desc->req && req) {
		rc = put_req(m, op, desc->req, req);
		if (rc)
			goto fail;
	}
	*out = m;
	return 0;
fail:
	nlmsg_free(m);
	return rc == -EINVAL ?
	       cxlfm_refuse(ctx, rc, "the request's list has a count but no array") :
	       cxlfm_refuse(ctx, rc, "the request does not fit a netlink message");
}

static const struct fmapi_nl_op *fm_op(int cmd, const struct fmapi_cmd **desc)
{
	const struct fmapi_nl_op *op = cmd >= 0 && cmd <= 255 ?
				       fmapi_nl_op_find(cmd) : NULL;

	*desc = op ? fmapi_cmd_find(op->opcode) : NULL;
	return *desc ? op : NULL;
}

/* How long CXLFM_CALL_WAIT waits, as the kernel did when it waited. */
#define CALL_WAIT_MS	60000

static int call_wait(struct cxlfm_ctx *ctx, struct cxlfm_events *ev);

/*
 * The typed op as the library's structs.  It starts no call of its own
 * (abi.c's cxlfm_fm_call() does): within the background waits, the error
 * state is the caller's, and the background command it names stays named.
 */
int cxlfm_fm_call_native(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
			 int cmd, const void *req, void *rsp, unsigned int flags)
{
	const struct fmapi_cmd *desc;
	const struct fmapi_nl_op *op = fm_op(cmd, &desc);
	struct cxlfm_events *ev = NULL;
	struct fm_reply r = {};
	struct nl_msg *m;
	int rc;

	if (!op || !t || (desc->req && !req) || (desc->rsp && !rsp) ||
	    (flags & ~CXLFM_CALL_WAIT))
		return -EINVAL;
	if (flags & CXLFM_CALL_WAIT) {
		if (t->tunnel_port >= 0) {
			snprintf(ctx->errmsg, sizeof(ctx->errmsg),
				 "a tunnelled background command cannot be waited for");
			return -EOPNOTSUPP;
		}
		/* subscribed before the command goes: its end cannot pass unseen */
		rc = cxlfm_events_open(ctx, &ev);
		if (rc) {
			snprintf(ctx->errmsg, sizeof(ctx->errmsg),
				 "waiting needs the cxlfm events group");
			return rc;
		}
	}
	rc = fm_msg(ctx, op, desc, t, req, 0, &m);
	if (rc)
		goto out;
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
	ctx->reply_bg_seq = r.bg_seq;
	if (rc || !r.background)
		goto out;
	/* the kernel names only commands of the CCI itself, not tunnelled */
	if (r.bg_seq && t->tunnel_port < 0)
		ctx->bg = (struct cxlfm_bg_cmd){ .cci = r.cci, .opcode = r.opcode,
						 .seq = r.bg_seq };
	rc = ev && ctx->bg.seq ? call_wait(ctx, ev) : 1;
out:
	cxlfm_events_close(ev);
	return rc;
}

int cxlfm_fm_dump_native(struct cxlfm_ctx *ctx, int cmd, long cci, void *rsp,
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
	int rc;

	if (!op || !(op->flags & FMAPI_NL_OP_DUMP) || !rsp || !each)
		return -EINVAL;
	rc = fm_msg(ctx, op, desc, cci >= 0 ? &t : NULL, NULL, NLM_F_DUMP, &m);
	if (rc)
		return rc;
	r.op = op;
	r.l = desc->rsp;
	r.rsp = rsp;
	r.each = each;
	r.ctx = ctx;
	r.arg = arg;
	return cxlfm_transact_msg(ctx, m, parse_reply, &r);
}

int cxlfm_last_bg_cmd_native(struct cxlfm_ctx *ctx, struct cxlfm_bg_cmd *cmd)
{
	if (!ctx->bg.seq)
		return -ENOENT;
	*cmd = ctx->bg;
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* @a is a later number than @b (the kernel's counter wraps, skipping 0) */
static bool seq_after(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

/*
 * Background Operation Status, read once, held against @cmd (seq 0: any
 * command of the CCI).  Return: 1 while it runs, 0 once it ended (@st its
 * result), -ESTALE when the status describes a newer command, -ENOENT
 * when the CCI never started @cmd, or another negative errno.
 */
static int bg_status_of(struct cxlfm_ctx *ctx, const struct cxlfm_bg_cmd *cmd,
			struct cxlfm_fm_bg_op_status_rsp *st)
{
	const struct cxlfm_target t = CXLFM_TARGET(cmd->cci);
	int rc = cxlfm_fm_call_native(ctx, &t, CXLFM_CMD_BG_OP_STATUS, NULL,
				      st, 0);
	uint32_t seq = ctx->reply_bg_seq;

	if (rc < 0)
		return rc;
	if (!cmd->seq || (seq == cmd->seq && st->opcode == cmd->opcode))
		return !!st->running;
	if (seq_after(seq, cmd->seq)) {
		snprintf(ctx->errmsg, sizeof(ctx->errmsg),
			 "the result of background command %#06x #%u was superseded: CCI %u has started #%u (%#06x) since, and the device reports only its last one",
			 cmd->opcode, cmd->seq, cmd->cci, seq, st->opcode);
		return -ESTALE;
	}
	snprintf(ctx->errmsg, sizeof(ctx->errmsg),
		 "CCI %u started no background command %#06x #%u",
		 cmd->cci, cmd->opcode, cmd->seq);
	return -ENOENT;
}

/*
 * Wait on @ev for the completion notification of @cmd (seq 0: of any
 * command of its CCI) until @deadline.  Return: 1 with @st filled from it;
 * 0 if the wait ended without it (deadline, or events were lost: one of
 * them may have been it); -EINTR on a signal; -ENODEV once the CCI is
 * gone; or another negative errno.
 */
static int bg_notified(struct cxlfm_events *ev, const struct cxlfm_bg_cmd *cmd,
		       int64_t deadline, struct cxlfm_fm_bg_op_status_rsp *st)
{
	struct pollfd p = { .fd = cxlfm_events_fd(ev), .events = POLLIN };
	struct cxlfm_event e;
	int64_t left;
	int rc;

	for (;;) {
		rc = cxlfm_events_next(ev, &e);
		if (rc == -EAGAIN) {
			left = deadline - now_ms();
			if (left <= 0)
				return 0;
			if (poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left) < 0)
				return errno == EINTR ? -EINTR : -errno;
			continue;
		}
		if (rc)
			return rc;
		if (e.type == CXLFM_EVENT_OVERRUN)
			return 0;
		if (e.cci.id != cmd->cci)
			continue;
		if (e.type == CXLFM_EVENT_CCI_REMOVED)
			return -ENODEV;
		if (e.missed)
			return 0;
		if (e.type != CXLFM_EVENT_BG_DONE)
			continue;
		if (cmd->seq && (e.bg.bg_seq != cmd->seq ||
				 e.bg.opcode != cmd->opcode)) {
			/* a newer command's end: ours went by unseen */
			if (seq_after(e.bg.bg_seq, cmd->seq))
				return 0;
			continue;
		}
		*st = (struct cxlfm_fm_bg_op_status_rsp){
			.percent = e.bg.percent,
			.opcode = e.bg.opcode,
			.return_code = e.bg.return_code,
			.vendor_status = e.bg.vendor_status,
		};
		return 1;
	}
}

/*
 * The notification says how the command ended; Background Operation
 * Status is read only where it cannot: first, if the command may have
 * ended before @ev subscribed (@read_first), and at the end of a wait
 * that saw no notification (deadline, signal, lost events).
 */
static int bg_wait(struct cxlfm_ctx *ctx, struct cxlfm_events *ev,
		   const struct cxlfm_bg_cmd *cmd, unsigned int timeout_ms,
		   bool read_first, struct cxlfm_fm_bg_op_status_rsp *st)
{
	int64_t deadline = now_ms() + timeout_ms;
	int rc, why;

	if (read_first) {
		rc = bg_status_of(ctx, cmd, st);
		if (rc != 1)
			return rc;
	}
	for (;;) {
		why = bg_notified(ev, cmd, deadline, st);
		if (why == 1)
			return 0;
		if (why && why != -EINTR)
			return why;
		rc = bg_status_of(ctx, cmd, st);
		if (rc != 1)
			return rc;
		if (why == -EINTR)
			return -EINTR;
		if (now_ms() >= deadline)
			return -ETIMEDOUT;
		/* events were lost but it still runs: its end is still to come */
	}
}

int cxlfm_bg_wait_cmd_native(struct cxlfm_ctx *ctx, struct cxlfm_events *ev,
		      const struct cxlfm_bg_cmd *cmd, unsigned int timeout_ms,
		      struct cxlfm_fm_bg_op_status_rsp *st)
{
	struct cxlfm_events *own = NULL;
	int rc;

	if (!cmd || !cmd->seq || !st)
		return -EINVAL;
	if (!ev) {
		rc = cxlfm_events_open(ctx, &own);
		if (rc)
			return rc;
	}
	rc = bg_wait(ctx, ev ?: own, cmd, timeout_ms, !ev, st);
	cxlfm_events_close(own);
	return rc;
}

int cxlfm_bg_wait_native(struct cxlfm_ctx *ctx, unsigned int cci,
		  unsigned int timeout_ms, struct cxlfm_fm_bg_op_status_rsp *st)
{
	const struct cxlfm_bg_cmd any = { .cci = cci };
	struct cxlfm_events *ev;
	int rc;

	rc = cxlfm_events_open(ctx, &ev);
	if (rc)
		return rc;
	rc = bg_wait(ctx, ev, &any, timeout_ms, true, st);
	cxlfm_events_close(ev);
	return rc;
}

/*
 * CXLFM_CALL_WAIT: the command's end, as the kernel's reply said it when
 * it waited: a failure is the errno of its return code.
 */
static int call_wait(struct cxlfm_ctx *ctx, struct cxlfm_events *ev)
{
	struct cxlfm_fm_bg_op_status_rsp st;
	int rc;

	rc = bg_wait(ctx, ev, &ctx->bg, CALL_WAIT_MS, false, &st);
	/* the wait ended, not the command: it still runs */
	if (rc == -ETIMEDOUT || rc == -EINTR)
		return 1;
	if (rc || !st.return_code)
		return rc;
	ctx->return_code = st.return_code;
	ctx->vendor_status = st.vendor_status;
	snprintf(ctx->errmsg, sizeof(ctx->errmsg), "%s",
		 fmapi_rc_desc(st.return_code));
	return fmapi_rc_errno(st.return_code);
}
