// SPDX-License-Identifier: GPL-2.0-only
/*
 * libcxlfm's size handling (lib/abi.c) on the host, without the kernel:
 * the library's own calls (*_native()) are stand-ins here that fill the
 * library's structs with known values, and the tests pass the exported
 * *_sized() functions and cxlfm_fm_call()/cxlfm_fm_dump() structs of an
 * older and a newer program.  What the program's struct lacks is neither
 * read nor written, what the library does not know comes back zeroed and
 * is refused going in (-E2BIG), list elements keep the program's stride,
 * and structs of the library's size go through as they are.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "private.h"

/* ---- stand-ins for the library's own calls ---------------------------- */

static const void *seen_rsp;		/* the response the last call filled */
static struct cxlfm_raw_cmd seen_raw;
static struct cxlfm_fabric_report seen_report;
static struct cxlfm_target seen_target;
static uint8_t seen_ids[8];
static unsigned int seen_nr_ids;

static void fill_cci(struct cxlfm_cci_info *ci, unsigned int id)
{
	memset(ci, 0, sizeof(*ci));
	ci->id = id;
	snprintf(ci->transport, sizeof(ci->transport), "sim");
	ci->num_ports = 7;
	ci->serial = 0x1122334455667788ull;
	ci->inband_policy = 3;
}

int cxlfm_cci_get_native(struct cxlfm_ctx *ctx, unsigned int id,
			 struct cxlfm_cci_info *info)
{
	(void)ctx;
	fill_cci(info, id);
	seen_rsp = info;
	return 0;
}

int cxlfm_cci_list_native(struct cxlfm_ctx *ctx, struct cxlfm_cci_info **list,
			  size_t *count)
{
	unsigned int i;

	(void)ctx;
	*list = calloc(3, sizeof(**list));
	if (!*list)
		return -ENOMEM;
	for (i = 0; i < 3; i++)
		fill_cci(&(*list)[i], 10 + i);
	*count = 3;
	return 0;
}

int cxlfm_raw_native(struct cxlfm_ctx *ctx, unsigned int id,
		     struct cxlfm_raw_cmd *cmd)
{
	(void)ctx;
	(void)id;
	seen_raw = *cmd;
	cmd->out_len = cmd->in_len + 1;
	cmd->return_code = 5;
	return 0;
}

int cxlfm_raw_batch_native(struct cxlfm_ctx *ctx, unsigned int id,
			   struct cxlfm_raw_cmd *cmds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		cxlfm_raw_native(ctx, id, &cmds[i]);
	return 0;
}

int cxlfm_events_next_native(struct cxlfm_events *ev, struct cxlfm_event *e)
{
	(void)ev;
	memset(e, 0, sizeof(*e));
	e->type = CXLFM_EVENT_BG_DONE;
	e->seq = 9;
	e->cci.id = 3;
	e->bg.percent = 50;
	return 0;
}

int cxlfm_fabric_notify_native(struct cxlfm_ctx *ctx, unsigned int id,
			       const struct cxlfm_fabric_report *c)
{
	(void)ctx;
	(void)id;
	seen_report = *c;
	return 0;
}

/* Get Physical Port State: ports 10, 11, ... as many as there is room */
static void fill_ports(struct cxlfm_fm_get_phys_port_state_rsp *r)
{
	uint32_t i;

	r->num_ports = r->ports_cap < 5 ? r->ports_cap : 5;
	for (i = 0; i < r->num_ports; i++) {
		memset(&r->ports[i], 0, sizeof(r->ports[i]));
		r->ports[i].port_id = 10 + i;
		r->ports[i].first_lane = 20 + i;
		r->ports[i].link_flags = 0x100 + i;
		r->ports[i].supported_ld_count = i;
	}
}

int cxlfm_fm_call_native(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
			 int cmd, const void *req, void *rsp, unsigned int flags)
{
	(void)ctx;
	(void)flags;
	seen_target = *t;
	seen_rsp = rsp;
	if (cmd == CXLFM_CMD_GET_PHYS_PORT_STATE) {
		const struct cxlfm_fm_get_phys_port_state_req *q = req;

		seen_nr_ids = q->num_ports < 8 ? q->num_ports : 8;
		if (seen_nr_ids)
			memcpy(seen_ids, q->port_ids, seen_nr_ids);
		fill_ports(rsp);
	} else if (cmd == CXLFM_CMD_GET_VCS_INFO) {
		struct cxlfm_fm_get_vcs_info_rsp *r = rsp;
		uint32_t i;

		r->num_vcs = 2;
		r->nr_vppbs = 4;
		for (i = 0; i < 2; i++)
			r->vcs[i] = (struct cxlfm_fm_vcs_info){
				.vcs_id = i, .num_vppbs = 2, .vppb_first = 2 * i,
				.nr_vppb_entries = 2 };
		for (i = 0; i < 4; i++)
			r->vppbs[i] = (struct cxlfm_fm_vppb_info){
				.binding_status = 2, .bound_port_id = 30 + i };
	}
	return 0;
}

int cxlfm_fm_dump_native(struct cxlfm_ctx *ctx, int cmd, long cci, void *rsp,
			 int (*each)(struct cxlfm_ctx *ctx, unsigned int cci,
				     void *rsp, void *arg),
			 void *arg)
{
	unsigned int i;
	int rc;

	(void)cmd;
	(void)cci;
	for (i = 0; i < 2; i++) {
		fill_ports(rsp);
		((struct cxlfm_fm_get_phys_port_state_rsp *)rsp)->ports[0].port_id = 40 + i;
		rc = each(ctx, i, rsp, arg);
		if (rc)
			return rc;
	}
	return 0;
}

int cxlfm_last_bg_cmd_native(struct cxlfm_ctx *ctx, struct cxlfm_bg_cmd *cmd)
{
	(void)ctx;
	*cmd = (struct cxlfm_bg_cmd){ .cci = 1, .opcode = 0x5201, .seq = 7 };
	return 0;
}

int cxlfm_bg_wait_cmd_native(struct cxlfm_ctx *ctx, struct cxlfm_events *ev,
			     const struct cxlfm_bg_cmd *cmd,
			     unsigned int timeout_ms,
			     struct cxlfm_fm_bg_op_status_rsp *st)
{
	(void)ctx;
	(void)ev;
	(void)timeout_ms;
	*st = (struct cxlfm_fm_bg_op_status_rsp){ .opcode = cmd->opcode,
						  .return_code = 2 };
	return 0;
}

int cxlfm_bg_wait_native(struct cxlfm_ctx *ctx, unsigned int cci,
			 unsigned int timeout_ms,
			 struct cxlfm_fm_bg_op_status_rsp *st)
{
	(void)ctx;
	(void)cci;
	(void)timeout_ms;
	*st = (struct cxlfm_fm_bg_op_status_rsp){ .percent = 100 };
	return 0;
}

static unsigned int begun;		/* calls cxlfm_call_begin() began */

void cxlfm_call_begin(struct cxlfm_ctx *ctx)
{
	(void)ctx;
	begun++;
}

/* ---- the tests -------------------------------------------------------- */

static struct cxlfm_ctx *const ctx;	/* the stand-ins need none */

struct newer_cci {
	struct cxlfm_cci_info ci;
	uint64_t later;
};

#define CCI_MIN	(offsetof(struct cxlfm_cci_info, inband_policy) + 1)

TEST(cci_info_of_any_size)
{
	struct newer_cci big;
	unsigned char old[sizeof(struct cxlfm_cci_info) + 8];
	struct cxlfm_cci_info same;
	struct newer_cci *list;
	void *l = NULL;
	size_t n, i;

	memset(&big, 0xa5, sizeof(big));
	ASSERT_EQ(0, cxlfm_cci_get_sized(ctx, 4, &big.ci, sizeof(big)));
	EXPECT_EQ(4, big.ci.id);
	EXPECT_STREQ("sim", big.ci.transport);
	EXPECT_EQ(0x1122334455667788ull, big.ci.serial);
	EXPECT_EQ(3, big.ci.inband_policy);
	EXPECT_EQ(0, big.later);

	/* an older program's struct, as short as LIBCXLFM_2 allows */
	memset(old, 0xa5, sizeof(old));
	ASSERT_EQ(0, cxlfm_cci_get_sized(ctx, 4, (void *)old, CCI_MIN));
	EXPECT_EQ(3, old[offsetof(struct cxlfm_cci_info, inband_policy)]);
	for (i = CCI_MIN; i < sizeof(old); i++)
		EXPECT_EQ(0xa5, old[i]);
	EXPECT_EQ(-EINVAL, cxlfm_cci_get_sized(ctx, 4, (void *)old, CCI_MIN - 1));

	/* the library's own size: straight into the caller's struct */
	ASSERT_EQ(0, cxlfm_cci_get(ctx, 5, &same));
	EXPECT_EQ((const void *)&same, seen_rsp);

	ASSERT_EQ(0, cxlfm_cci_list_sized(ctx, &l, &n, sizeof(*list)));
	list = l;
	ASSERT_EQ(3, n);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(10 + i, list[i].ci.id);
		EXPECT_EQ(7, list[i].ci.num_ports);
		EXPECT_EQ(0, list[i].later);
	}
	free(list);
}

struct newer_raw {
	struct cxlfm_raw_cmd c;
	uint32_t later;
};

TEST(raw_and_the_rest_of_another_size)
{
	struct newer_raw r[2];
	struct {
		struct cxlfm_fabric_report f;
		uint64_t later;
	} rep = { .f = { .change = 1, .vcs_id = 2, .vppb_id = 3 } };
	struct {
		struct cxlfm_event e;
		uint64_t later;
	} ev;
	struct {
		struct cxlfm_bg_cmd c;
		uint32_t later;
	} bg;
	struct {
		struct cxlfm_fm_bg_op_status_rsp s;
		uint64_t later;
	} st;

	memset(r, 0, sizeof(r));
	r[0].c.opcode = 0x0001;
	r[0].c.in_len = 3;
	ASSERT_EQ(0, cxlfm_raw_sized(ctx, 0, &r[0].c, sizeof(r[0])));
	EXPECT_EQ(0x0001, seen_raw.opcode);
	EXPECT_EQ(4, r[0].c.out_len);
	EXPECT_EQ(5, r[0].c.return_code);
	r[1].c.in_len = 9;
	ASSERT_EQ(0, cxlfm_raw_batch_sized(ctx, 0, &r[0].c, 2, sizeof(r[0])));
	EXPECT_EQ(10, r[1].c.out_len);
	EXPECT_EQ(0, r[1].later);
	r[1].later = 1;
	EXPECT_EQ(-E2BIG, cxlfm_raw_batch_sized(ctx, 0, &r[0].c, 2, sizeof(r[0])));
	EXPECT_EQ(-E2BIG, cxlfm_raw_sized(ctx, 0, &r[1].c, sizeof(r[1])));

	ASSERT_EQ(0, cxlfm_fabric_notify_sized(ctx, 0, &rep.f, sizeof(rep)));
	EXPECT_EQ(3, seen_report.vppb_id);
	rep.later = 1;
	EXPECT_EQ(-E2BIG, cxlfm_fabric_notify_sized(ctx, 0, &rep.f, sizeof(rep)));

	memset(&ev, 0xa5, sizeof(ev));
	ASSERT_EQ(0, cxlfm_events_next_sized(NULL, &ev.e, sizeof(ev)));
	EXPECT_EQ(CXLFM_EVENT_BG_DONE, ev.e.type);
	EXPECT_EQ(50, ev.e.bg.percent);
	EXPECT_EQ(0, ev.later);

	memset(&bg, 0xa5, sizeof(bg));
	ASSERT_EQ(0, cxlfm_last_bg_cmd_sized(ctx, &bg.c, sizeof(bg)));
	EXPECT_EQ(7, bg.c.seq);
	EXPECT_EQ(0, bg.later);
	memset(&st, 0xa5, sizeof(st));
	ASSERT_EQ(0, cxlfm_bg_wait_cmd_sized(ctx, NULL, &bg.c, sizeof(bg), 10,
					     &st.s, sizeof(st)));
	EXPECT_EQ(0x5201, st.s.opcode);
	EXPECT_EQ(2, st.s.return_code);
	EXPECT_EQ(0, st.later);
	bg.later = 1;
	EXPECT_EQ(-E2BIG, cxlfm_bg_wait_cmd_sized(ctx, NULL, &bg.c, sizeof(bg),
						  10, &st.s, sizeof(st)));
	ASSERT_EQ(0, cxlfm_bg_wait_sized(ctx, 1, 10, &st.s, sizeof(st)));
	EXPECT_EQ(100, st.s.percent);
}

struct newer_port {
	struct cxlfm_fm_port_info p;
	uint32_t later;
};

struct newer_id {
	uint8_t id;
	uint8_t later;
};

#define OLD_PORT	offsetof(struct cxlfm_fm_port_info, link_flags)

TEST(typed_op_lists_of_another_stride)
{
	const struct cxlfm_target t = CXLFM_TARGET(1);
	struct newer_id ids[3] = { { 1, 0 }, { 2, 0 }, { 3, 0 } };
	struct cxlfm_fm_get_phys_port_state_req req = {
		.num_ports = 3, .port_ids = (uint8_t *)ids };
	struct newer_port ports[6];
	struct {
		struct cxlfm_fm_get_phys_port_state_rsp r;
		uint64_t later;
	} rsp;
	struct cxlfm_fm_get_phys_port_state_rsp same;
	struct cxlfm_fm_port_info own[5];
	uint8_t old[5 + 1][OLD_PORT];
	struct cxlfm_fm_sizes sz = {
		sizeof(t), sizeof(req), sizeof(ids[0]),
		sizeof(rsp), sizeof(ports[0]), 0,
	};
	unsigned int i;

	memset(ports, 0xa5, sizeof(ports));
	memset(&rsp, 0xa5, sizeof(rsp));
	rsp.r.ports = &ports[0].p;
	rsp.r.ports_cap = 6;
	ASSERT_EQ(0, cxlfm_fm_call(ctx, &t, CXLFM_CMD_GET_PHYS_PORT_STATE,
				   &req, &rsp, 0, &sz));
	EXPECT_EQ(3, seen_nr_ids);
	EXPECT_EQ(0, memcmp(seen_ids, "\1\2\3", 3));
	EXPECT_EQ(5, rsp.r.num_ports);
	EXPECT_EQ((void *)ports, (void *)rsp.r.ports);
	EXPECT_EQ(6, rsp.r.ports_cap);
	EXPECT_EQ(0, rsp.later);
	for (i = 0; i < 5; i++) {
		EXPECT_EQ(10 + i, ports[i].p.port_id);
		EXPECT_EQ(0x100 + i, ports[i].p.link_flags);
		EXPECT_EQ(i, ports[i].p.supported_ld_count);
		EXPECT_EQ(0, ports[i].later);
	}
	EXPECT_EQ(0xa5, ((uint8_t *)&ports[5])[0]);	/* beyond the count */

	/* an element member the library does not know, set: refused */
	ids[2].later = 1;
	EXPECT_EQ(-E2BIG, cxlfm_fm_call(ctx, &t, CXLFM_CMD_GET_PHYS_PORT_STATE,
					&req, &rsp, 0, &sz));
	ids[2].later = 0;

	/* an older program's elements, shorter: its stride, nothing beyond */
	memset(old, 0xa5, sizeof(old));
	same = (struct cxlfm_fm_get_phys_port_state_rsp){
		.ports = (struct cxlfm_fm_port_info *)old, .ports_cap = 5 };
	sz.rsp = sizeof(same);
	sz.rsp_elem = OLD_PORT;
	ASSERT_EQ(0, cxlfm_fm_call(ctx, &t, CXLFM_CMD_GET_PHYS_PORT_STATE,
				   &req, &same, 0, &sz));
	for (i = 0; i < 5; i++) {
		EXPECT_EQ(10 + i, old[i][offsetof(struct cxlfm_fm_port_info, port_id)]);
		EXPECT_EQ(20 + i, old[i][offsetof(struct cxlfm_fm_port_info, first_lane)]);
	}
	for (i = 0; i < OLD_PORT; i++)
		EXPECT_EQ(0xa5, old[5][i]);

	/* the library's own sizes: the caller's structs, not copies */
	same = (struct cxlfm_fm_get_phys_port_state_rsp){ .ports = own,
							  .ports_cap = 5 };
	req = (struct cxlfm_fm_get_phys_port_state_req){ 0 };
	ASSERT_EQ(0, cxlfm_get_phys_port_state(ctx, &t, &req, &same, 0));
	EXPECT_EQ((const void *)&same, seen_rsp);
	EXPECT_EQ(14, own[4].port_id);
}

TEST(vcs_info_two_lists)
{
	const struct cxlfm_target t = CXLFM_TARGET(1);
	struct {
		struct cxlfm_fm_get_vcs_info_req r;
		uint32_t later;
	} req = { .r = { .vppb_limit = 2 } };
	struct {
		struct cxlfm_fm_vcs_info v;
		uint64_t later;
	} vcs[2];
	struct {
		struct cxlfm_fm_vppb_info b;
		uint16_t later;
	} vppbs[4];
	struct cxlfm_fm_get_vcs_info_rsp rsp = {
		.vppb_limit = 2, .vcs = &vcs[0].v, .vcs_cap = 2,
		.vppbs = &vppbs[0].b, .vppbs_cap = 4 };
	const struct cxlfm_fm_sizes sz = {
		sizeof(t), sizeof(req), 1,
		sizeof(rsp), sizeof(vcs[0]), sizeof(vppbs[0]),
	};
	unsigned int i;

	memset(vcs, 0xa5, sizeof(vcs));
	memset(vppbs, 0xa5, sizeof(vppbs));
	ASSERT_EQ(0, cxlfm_fm_call(ctx, &t, CXLFM_CMD_GET_VCS_INFO, &req, &rsp,
				   0, &sz));
	EXPECT_EQ(2, rsp.num_vcs);
	EXPECT_EQ(4, rsp.nr_vppbs);
	EXPECT_EQ((void *)vppbs, (void *)rsp.vppbs);
	for (i = 0; i < 2; i++) {
		EXPECT_EQ(i, vcs[i].v.vcs_id);
		EXPECT_EQ(2 * i, vcs[i].v.vppb_first);
		EXPECT_EQ(0, vcs[i].later);
	}
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(30 + i, vppbs[i].b.bound_port_id);
		EXPECT_EQ(0, vppbs[i].later);
	}
	req.later = 1;
	EXPECT_EQ(-E2BIG, cxlfm_fm_call(ctx, &t, CXLFM_CMD_GET_VCS_INFO, &req,
					&rsp, 0, &sz));
}

struct dump_seen {
	unsigned int calls;
	unsigned int first[2];
	uint32_t later;
	const void *rsp;
};

static int each_port(struct cxlfm_ctx *c, unsigned int cci, void *rsp,
		     void *arg)
{
	struct cxlfm_fm_get_phys_port_state_rsp *r = rsp;
	struct newer_port *p = (struct newer_port *)r->ports;
	struct dump_seen *s = arg;

	(void)c;
	s->rsp = rsp;
	s->first[cci] = p[0].p.port_id;
	s->later |= p[0].later | p[1].later;
	s->calls++;
	return 0;
}

TEST(dump_of_another_stride)
{
	struct newer_port ports[5];
	struct cxlfm_fm_get_phys_port_state_rsp rsp = { .ports = &ports[0].p,
							.ports_cap = 5 };
	const struct cxlfm_fm_sizes sz = {
		0, 0, 0, sizeof(rsp), sizeof(ports[0]), 0,
	};
	struct dump_seen s = { 0 };

	memset(ports, 0xa5, sizeof(ports));
	ASSERT_EQ(0, cxlfm_fm_dump(ctx, CXLFM_CMD_GET_PHYS_PORT_STATE, -1, &rsp,
				   each_port, &s, &sz));
	EXPECT_EQ(2, s.calls);
	EXPECT_EQ(40, s.first[0]);
	EXPECT_EQ(41, s.first[1]);
	EXPECT_EQ(0, s.later);
	EXPECT_EQ((const void *)&rsp, s.rsp);	/* the caller's struct */
	EXPECT_EQ(11, ports[1].p.port_id);
	EXPECT_EQ(-EINVAL, cxlfm_fm_dump(ctx, CXLFM_CMD_GET_PHYS_PORT_STATE, -1,
					 &rsp, each_port, &s, NULL));
}

static int no_each(struct cxlfm_ctx *c, unsigned int cci, void *rsp,
		   void *arg)
{
	(void)c;
	(void)cci;
	(void)rsp;
	(void)arg;
	return 0;
}

/*
 * Every exported call on a context begins a call, also when it refuses its
 * arguments before anything else: a size too small, no struct.  Only
 * cxlfm_last_bg_cmd() does not, as it reads what the previous call left.
 */
TEST(each_call_begins_clean)
{
	const struct cxlfm_fm_sizes sz = { .target = sizeof(struct cxlfm_target) };
	struct cxlfm_fm_get_phys_port_state_rsp rsp;
	struct cxlfm_bg_cmd bg;
	size_t n;
	void *l;

	begun = 0;
	EXPECT_EQ(-EINVAL, cxlfm_cci_get_sized(ctx, 0, NULL, 0));
	EXPECT_EQ(-EINVAL, cxlfm_cci_list_sized(ctx, &l, &n, 1));
	EXPECT_EQ(-EINVAL, cxlfm_raw_sized(ctx, 0, NULL, 0));
	EXPECT_EQ(-EINVAL, cxlfm_raw_batch_sized(ctx, 0, NULL, 1, 0));
	EXPECT_EQ(-EINVAL, cxlfm_fabric_notify_sized(ctx, 0, NULL, 0));
	EXPECT_EQ(-EINVAL, cxlfm_bg_wait_cmd_sized(ctx, NULL, NULL, 0, 0,
						   NULL, 0));
	EXPECT_EQ(-EINVAL, cxlfm_bg_wait_sized(ctx, 0, 0, NULL, 0));
	EXPECT_EQ(-EINVAL, cxlfm_fm_call(ctx, NULL, 0, NULL, NULL, 0, NULL));
	EXPECT_EQ(-EINVAL, cxlfm_fm_dump(ctx, 0, -1, &rsp, NULL, NULL, &sz));
	EXPECT_EQ(-EINVAL, cxlfm_fm_dump(ctx, 0, -1, &rsp, no_each, NULL, NULL));
	EXPECT_EQ(10, begun);

	ASSERT_EQ(0, cxlfm_last_bg_cmd(ctx, &bg));
	EXPECT_EQ(10, begun);
}

TEST_HARNESS_MAIN
