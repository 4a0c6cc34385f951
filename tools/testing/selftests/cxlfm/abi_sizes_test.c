// SPDX-License-Identifier: GPL-2.0
/*
 * libcxlfm's structs travel with their size (libcxlfm.h, "The ABI of this
 * library"): a program built against an older or a newer header than the
 * library's passes structs of another size, and gets what its own struct
 * has room for.  Here such programs are imitated by passing sizes by hand
 * to the exported *_sized() functions and to cxlfm_fm_call(): a newer
 * program's extra members come back zeroed and, set going in, are refused
 * with -E2BIG; an older program's list elements are written with its own
 * stride and nothing beyond them.  Runs in the VM, against cxlfm_sim.
 */
#include <stddef.h>
#include <string.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define SW	71
#define SW_SPEC	"71 ports=12 vcs=2 vppbs=4"
#define LATE	72
#define LATE_SPEC "72 ports=4"
#define PORTS	12

FIXTURE(abi) {
	struct cxlfm_ctx *ctx;
	struct cxlfm_target t;
};

FIXTURE_SETUP(abi)
{
	ASSERT_NE(NULL, getenv("CXLFM_KMOD"));
	ASSERT_EQ(0, sim_load());
	sim_del(SW);
	sim_del(LATE);
	ASSERT_EQ(0, sim_new(SW_SPEC));
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	self->t = CXLFM_TARGET(sim_cci(SW));
}

FIXTURE_TEARDOWN(abi)
{
	cxlfm_unref(self->ctx);
	sim_del(SW);
	sim_del(LATE);
}

/* a newer program's structs: the library's, and a member it does not know */
struct newer_cci {
	struct cxlfm_cci_info ci;
	uint64_t later;
};

TEST_F(abi, cci_info_of_another_size)
{
	struct cxlfm_cci_info ci;
	struct newer_cci big;
	struct newer_cci *list = NULL;
	size_t n = 0, i, found = 0;
	void *l = NULL;

	ASSERT_EQ(0, cxlfm_cci_get(self->ctx, self->t.cci, &ci));
	memset(&big, 0xa5, sizeof(big));
	ASSERT_EQ(0, cxlfm_cci_get_sized(self->ctx, self->t.cci, &big.ci,
					 sizeof(big)));
	EXPECT_EQ(0, big.later);
	EXPECT_EQ(ci.id, big.ci.id);
	EXPECT_STREQ(ci.transport, big.ci.transport);
	EXPECT_EQ(PORTS, big.ci.num_ports);
	EXPECT_EQ(ci.serial, big.ci.serial);
	EXPECT_EQ(ci.inband_policy, big.ci.inband_policy);
	/* smaller than LIBCXLFM_2's struct: no program has that */
	EXPECT_EQ(-EINVAL, cxlfm_cci_get_sized(self->ctx, self->t.cci, &big.ci,
					       offsetof(struct cxlfm_cci_info, serial)));

	/* a list of a newer program's elements, with its stride */
	ASSERT_EQ(0, cxlfm_cci_list_sized(self->ctx, &l, &n, sizeof(*list)));
	list = l;
	for (i = 0; i < n; i++) {
		EXPECT_EQ(0, list[i].later);
		if (list[i].ci.id != ci.id)
			continue;
		found++;
		EXPECT_EQ(PORTS, list[i].ci.num_ports);
		EXPECT_STREQ(ci.transport, list[i].ci.transport);
	}
	EXPECT_EQ(1, found);
	free(list);
}

/* Get Physical Port State as a newer and as an older program reads it. */
struct newer_port {
	struct cxlfm_fm_port_info p;
	uint32_t later;
};

struct newer_port_rsp {
	struct cxlfm_fm_get_phys_port_state_rsp r;
	uint64_t later;
};

#define OLD_PORT	offsetof(struct cxlfm_fm_port_info, link_flags)

TEST_F(abi, port_state_of_another_size)
{
	struct cxlfm_fm_port_info want[PORTS];
	struct cxlfm_fm_get_phys_port_state_req req = { 0 };
	struct cxlfm_fm_get_phys_port_state_rsp rsp = { .ports = want,
							.ports_cap = PORTS };
	struct newer_port ports[PORTS];
	struct newer_port_rsp big;
	uint8_t old[PORTS + 1][OLD_PORT];
	struct cxlfm_fm_sizes sz = {
		sizeof(struct cxlfm_target), sizeof(req), 1,
		sizeof(big), sizeof(ports[0]), 0,
	};
	unsigned int i;

	ASSERT_EQ(0, cxlfm_get_phys_port_state(self->ctx, &self->t, &req, &rsp, 0));
	ASSERT_EQ(PORTS, rsp.num_ports);

	memset(ports, 0xa5, sizeof(ports));
	memset(&big, 0xa5, sizeof(big));
	big.r.ports = (struct cxlfm_fm_port_info *)ports;
	big.r.ports_cap = PORTS;
	ASSERT_EQ(0, cxlfm_fm_call(self->ctx, &self->t,
				   CXLFM_CMD_GET_PHYS_PORT_STATE, &req, &big, 0,
				   &sz)) TH_LOG("%s", cxlfm_last_error(self->ctx));
	EXPECT_EQ(PORTS, big.r.num_ports);
	EXPECT_EQ((void *)ports, (void *)big.r.ports);
	EXPECT_EQ(PORTS, big.r.ports_cap);
	EXPECT_EQ(0, big.later);
	for (i = 0; i < PORTS; i++) {
		EXPECT_EQ(want[i].port_id, ports[i].p.port_id);
		EXPECT_EQ(want[i].config_state, ports[i].p.config_state);
		EXPECT_EQ(want[i].ltssm_state, ports[i].p.ltssm_state);
		EXPECT_EQ(want[i].link_flags, ports[i].p.link_flags);
		EXPECT_EQ(want[i].supported_ld_count, ports[i].p.supported_ld_count);
		EXPECT_EQ(0, ports[i].later);
	}

	/* an older program's elements end before link_flags */
	memset(old, 0xa5, sizeof(old));
	rsp.ports = (struct cxlfm_fm_port_info *)old;
	rsp.num_ports = 0;
	sz.rsp = sizeof(rsp);
	sz.rsp_elem = OLD_PORT;
	ASSERT_EQ(0, cxlfm_fm_call(self->ctx, &self->t,
				   CXLFM_CMD_GET_PHYS_PORT_STATE, &req, &rsp, 0,
				   &sz));
	EXPECT_EQ(PORTS, rsp.num_ports);
	for (i = 0; i < PORTS; i++) {
		EXPECT_EQ(want[i].port_id,
			  old[i][offsetof(struct cxlfm_fm_port_info, port_id)]);
		EXPECT_EQ(want[i].first_lane,
			  old[i][offsetof(struct cxlfm_fm_port_info, first_lane)]);
	}
	for (i = 0; i < OLD_PORT; i++)	/* nothing written past the array */
		EXPECT_EQ(0xa5, old[PORTS][i]);
}

/* A member the library does not know, set going in: refused. */
struct newer_port_id {
	uint8_t id;
	uint8_t later;
};

struct newer_vcs_req {
	struct cxlfm_fm_get_vcs_info_req r;
	uint32_t later;
};

TEST_F(abi, unknown_members_set_are_refused)
{
	struct newer_port_id ids[2] = { { 1, 0 }, { 2, 0 } };
	struct cxlfm_fm_port_info p[2];
	struct cxlfm_fm_get_phys_port_state_req req = {
		.num_ports = 2, .port_ids = (uint8_t *)ids };
	struct cxlfm_fm_get_phys_port_state_rsp rsp = { .ports = p,
							.ports_cap = 2 };
	struct cxlfm_fm_sizes sz = {
		sizeof(struct cxlfm_target), sizeof(req), sizeof(ids[0]),
		sizeof(rsp), sizeof(p[0]), 0,
	};
	uint8_t vcs_id = 0;
	struct newer_vcs_req vq = { .r = { .start_vppb = 0, .vppb_limit = 4,
					   .num_vcs = 1, .vcs_ids = &vcs_id } };
	struct cxlfm_fm_vcs_info vcs[1];
	struct cxlfm_fm_vppb_info vppbs[4];
	struct cxlfm_fm_get_vcs_info_rsp vr = { .start_vppb = 0, .vppb_limit = 4,
						.vcs = vcs, .vcs_cap = 1,
						.vppbs = vppbs, .vppbs_cap = 4 };
	struct cxlfm_fm_sizes vsz = {
		sizeof(struct cxlfm_target), sizeof(vq), 1,
		sizeof(vr), sizeof(vcs[0]), sizeof(vppbs[0]),
	};
	struct {
		struct cxlfm_target t;
		uint32_t later;
	} t = { .t = self->t, .later = 0 };

	/* list elements of a newer program, their new member zero: fine */
	ASSERT_EQ(0, cxlfm_fm_call(self->ctx, &self->t,
				   CXLFM_CMD_GET_PHYS_PORT_STATE, &req, &rsp, 0,
				   &sz)) TH_LOG("%s", cxlfm_last_error(self->ctx));
	EXPECT_EQ(2, rsp.num_ports);
	EXPECT_EQ(1, p[0].port_id);
	EXPECT_EQ(2, p[1].port_id);
	ids[1].later = 1;
	EXPECT_EQ(-E2BIG, cxlfm_fm_call(self->ctx, &self->t,
					CXLFM_CMD_GET_PHYS_PORT_STATE, &req,
					&rsp, 0, &sz));

	/* a newer request struct, and a newer target */
	sz.target = sizeof(t);
	ids[1].later = 0;
	ASSERT_EQ(0, cxlfm_fm_call(self->ctx, &t.t,
				   CXLFM_CMD_GET_PHYS_PORT_STATE, &req, &rsp, 0,
				   &sz));
	t.later = 1;
	EXPECT_EQ(-E2BIG, cxlfm_fm_call(self->ctx, &t.t,
					CXLFM_CMD_GET_PHYS_PORT_STATE, &req,
					&rsp, 0, &sz));
	ASSERT_EQ(0, cxlfm_fm_call(self->ctx, &self->t, CXLFM_CMD_GET_VCS_INFO,
				   &vq, &vr, 0, &vsz))
		TH_LOG("%s", cxlfm_last_error(self->ctx));
	EXPECT_EQ(1, vr.num_vcs);
	EXPECT_EQ(0, vcs[0].vcs_id);
	EXPECT_EQ(4, vr.nr_vppbs);
	EXPECT_EQ((void *)vppbs, (void *)vr.vppbs);
	vq.later = 7;
	EXPECT_EQ(-E2BIG, cxlfm_fm_call(self->ctx, &self->t,
					CXLFM_CMD_GET_VCS_INFO, &vq, &vr, 0,
					&vsz));
}

struct newer_raw {
	struct cxlfm_raw_cmd c;
	uint64_t later;
};

struct newer_event {
	struct cxlfm_event e;
	uint64_t later;
};

TEST_F(abi, raw_and_events_of_another_size)
{
	uint8_t out[64];
	struct newer_raw raw = { .c = { .opcode = CXLFM_FM_OP_IDENTIFY,
					.out = out, .out_cap = sizeof(out) } };
	struct cxlfm_events *ev;
	struct newer_event e;
	int rc, tries;

	ASSERT_EQ(0, cxlfm_raw_sized(self->ctx, self->t.cci, &raw.c, sizeof(raw)))
		TH_LOG("%s", cxlfm_last_error(self->ctx));
	EXPECT_EQ(0, raw.c.return_code);
	EXPECT_LE(17, raw.c.out_len);
	EXPECT_EQ(0, raw.later);
	raw.later = 1;
	EXPECT_EQ(-E2BIG, cxlfm_raw_sized(self->ctx, self->t.cci, &raw.c,
					  sizeof(raw)));

	ASSERT_EQ(0, cxlfm_events_open(self->ctx, &ev));
	ASSERT_EQ(0, sim_new(LATE_SPEC));
	memset(&e, 0xa5, sizeof(e));
	for (tries = 0; tries < 50; tries++) {
		rc = cxlfm_events_next_sized(ev, &e.e, sizeof(e));
		if (!rc && e.e.type == CXLFM_EVENT_CCI_ADDED)
			break;
		if (rc == -EAGAIN)
			usleep(100000);
	}
	EXPECT_EQ(CXLFM_EVENT_CCI_ADDED, e.e.type);
	EXPECT_EQ((unsigned int)sim_cci(LATE), e.e.cci.id);
	EXPECT_EQ(0, e.later);
	cxlfm_events_close(ev);
}

TEST_HARNESS_MAIN
