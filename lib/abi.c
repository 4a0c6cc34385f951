// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm: the exported calls that take a struct, with the struct's size
 * as the program was compiled (libcxlfm.h, "The ABI of this library").
 *
 * When the program's sizes are the library's, a call goes straight through
 * to the library's own function (private.h, *_native()).  Otherwise the
 * structs are copied: going in, members the program's struct lacks are
 * zero and members the library does not know must be zero (-E2BIG);
 * coming out, members the program's struct lacks are dropped and members
 * the library does not know are zeroed.  Lists of the typed ops are copied
 * element by element, with the program's element size.
 *
 * Each exported call here begins the call (cxlfm_call_begin()), before
 * its arguments are checked, so that no failure of the previous call
 * outlives it; the *_native() functions begin nothing, as the library
 * also calls them within a call of its own.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fmapi_nl.h"
#include "private.h"
#include "fm_types_check.h"

/*
 * The size of a struct up to and including member @m: each struct's size
 * as LIBCXLFM_2 first defined it, the least a program may pass.
 */
#define SIZE_TO(type, m)	(offsetof(type, m) + sizeof(((type *)0)->m))
#define CCI_INFO_MIN	SIZE_TO(struct cxlfm_cci_info, inband_policy)
#define RAW_CMD_MIN	SIZE_TO(struct cxlfm_raw_cmd, background)
#define EVENT_MIN	SIZE_TO(struct cxlfm_event, bg)
#define REPORT_MIN	SIZE_TO(struct cxlfm_fabric_report, ld_id)
#define BG_CMD_MIN	SIZE_TO(struct cxlfm_bg_cmd, seq)
#define BG_STATUS_MIN	SIZE_TO(struct cxlfm_fm_bg_op_status_rsp, vendor_status)
#define TARGET_MIN	SIZE_TO(struct cxlfm_target, ld_pool)

/* The library's struct @src (@have bytes) into the program's (@size). */
static void copy_out(void *dst, size_t size, const void *src, size_t have)
{
	memcpy(dst, src, size < have ? size : have);
	if (size > have)
		memset((char *)dst + have, 0, size - have);
}

/*
 * The program's struct @src (@size bytes) into the library's (@have);
 * Return: 0, or -E2BIG if @src sets a member the library does not know.
 */
static int copy_in(void *dst, size_t have, const void *src, size_t size)
{
	const unsigned char *p = src;
	size_t i;

	for (i = have; i < size; i++)
		if (p[i])
			return -E2BIG;
	memset(dst, 0, have);
	memcpy(dst, src, size < have ? size : have);
	return 0;
}

int cxlfm_cci_get_sized(struct cxlfm_ctx *ctx, unsigned int id,
			struct cxlfm_cci_info *info, size_t size)
{
	struct cxlfm_cci_info ci;
	int rc;

	cxlfm_call_begin(ctx);
	if (!info || size < CCI_INFO_MIN)
		return -EINVAL;
	if (size == sizeof(ci))
		return cxlfm_cci_get_native(ctx, id, info);
	rc = cxlfm_cci_get_native(ctx, id, &ci);
	if (!rc)
		copy_out(info, size, &ci, sizeof(ci));
	return rc;
}

int cxlfm_cci_list_sized(struct cxlfm_ctx *ctx, void **list, size_t *count,
			 size_t size)
{
	struct cxlfm_cci_info *v;
	char *out;
	size_t n, i;
	int rc;

	cxlfm_call_begin(ctx);
	if (!list || !count || size < CCI_INFO_MIN)
		return -EINVAL;
	rc = cxlfm_cci_list_native(ctx, &v, &n);
	if (rc)
		return rc;
	if (size != sizeof(*v)) {
		out = calloc(n ? n : 1, size);
		if (!out) {
			free(v);
			return -ENOMEM;
		}
		for (i = 0; i < n; i++)
			copy_out(out + i * size, size, &v[i], sizeof(*v));
		free(v);
		v = (struct cxlfm_cci_info *)out;
	}
	*list = v;
	*count = n;
	return 0;
}

int cxlfm_raw_sized(struct cxlfm_ctx *ctx, unsigned int id,
		    struct cxlfm_raw_cmd *cmd, size_t size)
{
	struct cxlfm_raw_cmd c;
	int rc;

	cxlfm_call_begin(ctx);
	if (!cmd || size < RAW_CMD_MIN)
		return -EINVAL;
	if (size == sizeof(c))
		return cxlfm_raw_native(ctx, id, cmd);
	rc = copy_in(&c, sizeof(c), cmd, size);
	if (rc)
		return rc;
	rc = cxlfm_raw_native(ctx, id, &c);
	copy_out(cmd, size, &c, sizeof(c));
	return rc;
}

int cxlfm_raw_batch_sized(struct cxlfm_ctx *ctx, unsigned int id,
			  struct cxlfm_raw_cmd *cmds, size_t n, size_t size)
{
	struct cxlfm_raw_cmd *c;
	char *p = (char *)cmds;
	size_t i;
	int rc = 0;

	cxlfm_call_begin(ctx);
	if ((n && !cmds) || size < RAW_CMD_MIN)
		return -EINVAL;
	if (size == sizeof(*c))
		return cxlfm_raw_batch_native(ctx, id, cmds, n);
	c = calloc(n ? n : 1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	for (i = 0; i < n && !rc; i++)
		rc = copy_in(&c[i], sizeof(*c), p + i * size, size);
	if (!rc) {
		rc = cxlfm_raw_batch_native(ctx, id, c, n);
		for (i = 0; i < n; i++)
			copy_out(p + i * size, size, &c[i], sizeof(*c));
	}
	free(c);
	return rc;
}

int cxlfm_events_next_sized(struct cxlfm_events *ev, struct cxlfm_event *event,
			    size_t size)
{
	struct cxlfm_event e;
	int rc;

	if (!event || size < EVENT_MIN)
		return -EINVAL;
	if (size == sizeof(e))
		return cxlfm_events_next_native(ev, event);
	rc = cxlfm_events_next_native(ev, &e);
	if (!rc)
		copy_out(event, size, &e, sizeof(e));
	return rc;
}

int cxlfm_fabric_notify_sized(struct cxlfm_ctx *ctx, unsigned int id,
			      const struct cxlfm_fabric_report *c, size_t size)
{
	struct cxlfm_fabric_report r;
	int rc;

	cxlfm_call_begin(ctx);
	if (!c || size < REPORT_MIN)
		return -EINVAL;
	rc = copy_in(&r, sizeof(r), c, size);
	return rc ?: cxlfm_fabric_notify_native(ctx, id, &r);
}

int cxlfm_last_bg_cmd_sized(struct cxlfm_ctx *ctx, struct cxlfm_bg_cmd *cmd,
			    size_t size)
{
	struct cxlfm_bg_cmd c;
	int rc;

	if (!cmd || size < BG_CMD_MIN)
		return -EINVAL;
	rc = cxlfm_last_bg_cmd_native(ctx, &c);
	if (!rc)
		copy_out(cmd, size, &c, sizeof(c));
	return rc;
}

int cxlfm_bg_wait_cmd_sized(struct cxlfm_ctx *ctx, struct cxlfm_events *ev,
			    const struct cxlfm_bg_cmd *cmd, size_t cmd_size,
			    unsigned int timeout_ms,
			    struct cxlfm_fm_bg_op_status_rsp *st,
			    size_t st_size)
{
	struct cxlfm_fm_bg_op_status_rsp s = { 0 };
	struct cxlfm_bg_cmd c;
	int rc;

	cxlfm_call_begin(ctx);
	if (!cmd || !st || cmd_size < BG_CMD_MIN || st_size < BG_STATUS_MIN)
		return -EINVAL;
	rc = copy_in(&c, sizeof(c), cmd, cmd_size);
	if (rc)
		return rc;
	rc = cxlfm_bg_wait_cmd_native(ctx, ev, &c, timeout_ms, &s);
	copy_out(st, st_size, &s, sizeof(s));
	return rc;
}

int cxlfm_bg_wait_sized(struct cxlfm_ctx *ctx, unsigned int cci,
			unsigned int timeout_ms,
			struct cxlfm_fm_bg_op_status_rsp *st, size_t st_size)
{
	struct cxlfm_fm_bg_op_status_rsp s = { 0 };
	int rc;

	cxlfm_call_begin(ctx);
	if (!st || st_size < BG_STATUS_MIN)
		return -EINVAL;
	rc = cxlfm_bg_wait_native(ctx, cci, timeout_ms, &s);
	copy_out(st, st_size, &s, sizeof(s));
	return rc;
}

/* ---- the typed ops ---------------------------------------------------- */

/*
 * One list of a typed op's struct: where its pointer, capacity and count
 * are, and the library's and the program's element sizes.
 */
struct fm_list {
	size_t ptr_off, cap_off;
	const struct fmapi_layout *l;	/* count: its count field or nr */
	size_t nr_off;			/* else the u32 count here */
	size_t elem, uelem;
	void *user;			/* the program's array */
	void *tmp;			/* the library's copy */
};

/* A typed op's request or response, as the library's struct. */
struct fm_part {
	void *user;
	size_t size;			/* the program's */
	void *s;			/* the library's copy, l->st_size */
	const struct fmapi_layout *l;
	struct fm_list list[2];
	unsigned int nr_lists;
};

static void **list_ptr(struct fm_part *p, struct fm_list *li)
{
	return (void **)((char *)p->s + li->ptr_off);
}

static uint32_t list_count(struct fm_part *p, struct fm_list *li)
{
	const struct fmapi_list *lst;

	if (!li->l)
		return *(uint32_t *)((char *)p->s + li->nr_off);
	lst = li->l->list;
	if (lst->count_field == FMAPI_COUNT_IMPLIED)
		return *(uint32_t *)((char *)p->s + lst->nr_off);
	return fmapi_field_get(p->s, &li->l->fields[lst->count_field]);
}

/* The lists of layout @l: its own, and 0x5200's vPPBs. */
static void part_lists(struct fm_part *p, const struct fmapi_layout *l,
		       uint16_t opcode, uint32_t uelem, uint32_t usub)
{
	p->nr_lists = 0;
	if (!l->list)
		return;
	p->list[p->nr_lists++] = (struct fm_list){
		.ptr_off = l->list->ptr_off, .cap_off = l->list->cap_off,
		.l = l, .elem = l->list->elem_st_size, .uelem = uelem,
	};
	if (opcode == FMAPI_OP_GET_VCS_INFO && l->st_size ==
	    sizeof(struct fmapi_get_vcs_info_rsp))
		p->list[p->nr_lists++] = (struct fm_list){
			.ptr_off = offsetof(struct fmapi_get_vcs_info_rsp, vppbs),
			.cap_off = offsetof(struct fmapi_get_vcs_info_rsp, vppbs_cap),
			.nr_off = offsetof(struct fmapi_get_vcs_info_rsp, nr_vppbs),
			.elem = sizeof(struct fmapi_vppb_info), .uelem = usub,
		};
}

static void part_free(struct fm_part *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_lists; i++)
		free(p->list[i].tmp);
	free(p->s);
}

/* A request: the struct and each list's elements, copied in. */
static int req_in(struct fm_part *p)
{
	unsigned int i;
	uint32_t n, k;
	int rc;

	p->s = calloc(1, p->l->st_size);
	if (!p->s)
		return -ENOMEM;
	rc = copy_in(p->s, p->l->st_size, p->user, p->size);
	for (i = 0; i < p->nr_lists && !rc; i++) {
		struct fm_list *li = &p->list[i];

		li->user = *list_ptr(p, li);
		n = list_count(p, li);
		if (!n || !li->user)
			continue;
		if (!li->uelem)
			return -EINVAL;
		li->tmp = calloc(n, li->elem);
		if (!li->tmp)
			return -ENOMEM;
		for (k = 0; k < n && !rc; k++)
			rc = copy_in((char *)li->tmp + k * li->elem, li->elem,
				     (char *)li->user + k * li->uelem, li->uelem);
		*list_ptr(p, li) = li->tmp;
	}
	return rc;
}

/*
 * A response: the program's inputs (list pointers and capacities, Get
 * VCS Info's window), with room of the library's element size.
 */
static int rsp_in(struct fm_part *p)
{
	unsigned int i;
	uint32_t cap;

	p->s = calloc(1, p->l->st_size);
	if (!p->s)
		return -ENOMEM;
	memcpy(p->s, p->user, p->size < p->l->st_size ? p->size : p->l->st_size);
	for (i = 0; i < p->nr_lists; i++) {
		struct fm_list *li = &p->list[i];

		li->user = *list_ptr(p, li);
		cap = *(uint32_t *)((char *)p->s + li->cap_off);
		*list_ptr(p, li) = NULL;
		if (!cap || !li->user)
			continue;
		if (!li->uelem)
			return -EINVAL;
		li->tmp = calloc(cap, li->elem);
		if (!li->tmp)
			return -ENOMEM;
		*list_ptr(p, li) = li->tmp;
	}
	return 0;
}

/* The library's response into the program's, the lists' elements first. */
static void rsp_out(struct fm_part *p)
{
	unsigned int i;
	uint32_t n, cap, k;

	for (i = 0; i < p->nr_lists; i++) {
		struct fm_list *li = &p->list[i];

		if (li->tmp) {
			n = list_count(p, li);
			cap = *(uint32_t *)((char *)p->s + li->cap_off);
			for (k = 0; k < n && k < cap; k++)
				copy_out((char *)li->user + k * li->uelem,
					 li->uelem,
					 (char *)li->tmp + k * li->elem,
					 li->elem);
		}
		*list_ptr(p, li) = li->user;
	}
	copy_out(p->user, p->size, p->s, p->l->st_size);
	for (i = 0; i < p->nr_lists; i++)
		*list_ptr(p, &p->list[i]) = p->list[i].tmp;
}

static const struct fmapi_cmd *fm_desc(int cmd)
{
	const struct fmapi_nl_op *op = cmd >= 0 && cmd <= 255 ?
				       fmapi_nl_op_find(cmd) : NULL;

	return op ? fmapi_cmd_find(op->opcode) : NULL;
}

static bool same_part(const struct fmapi_layout *l, uint16_t opcode,
		      uint32_t size, uint32_t elem, uint32_t sub)
{
	if (!l)
		return true;
	if (size != l->st_size)
		return false;
	if (l->list && elem != l->list->elem_st_size)
		return false;
	return opcode != FMAPI_OP_GET_VCS_INFO || l->st_size !=
	       sizeof(struct fmapi_get_vcs_info_rsp) ||
	       sub == sizeof(struct fmapi_vppb_info);
}

struct fm_dump_conv {
	struct fm_part *rsp;
	int (*each)(struct cxlfm_ctx *ctx, unsigned int cci, void *rsp,
		    void *arg);
	void *arg;
};

/* Each reply of a dump, handed over in the program's struct. */
static int dump_each(struct cxlfm_ctx *ctx, unsigned int cci, void *rsp,
		     void *arg)
{
	struct fm_dump_conv *d = arg;

	(void)rsp;
	rsp_out(d->rsp);
	return d->each(ctx, cci, d->rsp->user, d->arg);
}

static int fm_sized(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
		    int cmd, const void *req, void *rsp, unsigned int flags,
		    const struct cxlfm_fm_sizes *sz, long cci,
		    int (*each)(struct cxlfm_ctx *ctx, unsigned int cci,
				void *rsp, void *arg),
		    void *arg)
{
	const struct fmapi_cmd *desc = fm_desc(cmd);
	struct fm_part q = { .user = (void *)req }, r = { .user = rsp };
	struct fm_dump_conv d = { .rsp = &r, .each = each, .arg = arg };
	struct cxlfm_target tt;
	int rc;

	if (!sz)
		return -EINVAL;
	if (!desc || ((!t || sz->target == sizeof(*t)) &&
		      (!req || same_part(desc->req, desc->opcode, sz->req,
					 sz->req_elem, 0)) &&
		      (!rsp || same_part(desc->rsp, desc->opcode, sz->rsp,
					 sz->rsp_elem, sz->rsp_sub_elem))))
		return each ? cxlfm_fm_dump_native(ctx, cmd, cci, rsp, each, arg) :
		       cxlfm_fm_call_native(ctx, t, cmd, req, rsp, flags);
	if (t) {
		if (sz->target < TARGET_MIN)
			return -EINVAL;
		rc = copy_in(&tt, sizeof(tt), t, sz->target);
		if (rc)
			return rc;
		t = &tt;
	}
	rc = 0;
	if (req && desc->req) {
		q.l = desc->req;
		q.size = sz->req;
		part_lists(&q, q.l, desc->opcode, sz->req_elem, 0);
		rc = req_in(&q);
		req = q.s;
	}
	if (!rc && rsp && desc->rsp) {
		r.l = desc->rsp;
		r.size = sz->rsp;
		part_lists(&r, r.l, desc->opcode, sz->rsp_elem, sz->rsp_sub_elem);
		rc = rsp_in(&r);
	}
	if (!rc && each) {
		rc = cxlfm_fm_dump_native(ctx, cmd, cci, r.s ? r.s : rsp,
					  r.s ? dump_each : each,
					  r.s ? (void *)&d : arg);
	} else if (!rc) {
		rc = cxlfm_fm_call_native(ctx, t, cmd, req, r.s ? r.s : rsp,
					  flags);
		if (r.s)
			rsp_out(&r);
	}
	part_free(&q);
	part_free(&r);
	return rc;
}

int cxlfm_fm_call(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
		  int cmd, const void *req, void *rsp, unsigned int flags,
		  const struct cxlfm_fm_sizes *sizes)
{
	cxlfm_call_begin(ctx);
	return fm_sized(ctx, t, cmd, req, rsp, flags, sizes, 0, NULL, NULL);
}

int cxlfm_fm_dump(struct cxlfm_ctx *ctx, int cmd, long cci, void *rsp,
		  int (*each)(struct cxlfm_ctx *ctx, unsigned int cci,
			      void *rsp, void *arg),
		  void *arg, const struct cxlfm_fm_sizes *sizes)
{
	cxlfm_call_begin(ctx);
	if (!each)
		return -EINVAL;
	return fm_sized(ctx, NULL, cmd, NULL, rsp, 0, sizes, cci, each, arg);
}
