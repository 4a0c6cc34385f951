// SPDX-License-Identifier: GPL-2.0
/*
 * The typed FM-API ops through libcxlfm against cxlfm_sim: every op's
 * success path returns what the simulator holds (checked against the
 * topology the switch was created with and against the simulator's own
 * answer through its debugfs command hook, which bypasses cxlfm), and
 * malformed requests fail with a specific errno and extack message.
 * Runs in the VM.
 */
#include <linux/genetlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "caps_util.h"
#include "sim_util.h"

/*
 * Switch 61: 40 ports (so a port list needs three 256-byte commands), 2
 * VCSs of 4 vPPBs, an MLD of 4 LDs with 2 DC regions on port 9.
 * Switch 62: 130 vPPBs per VCS, more than one page of a 256-byte payload.
 * Switch 63: a 2-headed MLD on port 4 (LD-pool CCI).
 */
#define SW	61
#define SW_SPEC	"61 ports=40 vcs=2 vppbs=4 payload=256 mld=9 lds=4 dc_regions=2 bg_ms=100"
#define BIG	62
#define BIG_SPEC "62 ports=8 vcs=1 vppbs=130 payload=256"
#define MHD	63
#define MHD_SPEC "63 ports=6 vcs=1 mld=4 lds=4 heads=2"
#define MLD_PORT 9

/* A call that must succeed; on failure, say what the kernel said. */
#define CALL_OK(expr) do {						\
	int __rc = (expr);						\
	if (__rc < 0)							\
		TH_LOG("%s: %d \"%s\" rc %#x", #expr, __rc,		\
		       cxlfm_last_error(self->ctx),			\
		       cxlfm_last_return_code(self->ctx));		\
	ASSERT_LE(0, __rc);						\
} while (0)

FIXTURE(fm) {
	struct cxlfm_ctx *ctx;
	struct cxlfm_target sw, mld, big, pool;
};

FIXTURE_SETUP(fm)
{
	ASSERT_NE(NULL, getenv("CXLFM_KMOD"));
	ASSERT_EQ(0, sim_load());
	sim_del(SW);
	sim_del(BIG);
	sim_del(MHD);
	ASSERT_EQ(0, sim_new(SW_SPEC));
	ASSERT_EQ(0, sim_new(BIG_SPEC));
	ASSERT_EQ(0, sim_new(MHD_SPEC));
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	self->sw = CXLFM_TARGET(sim_cci(SW));
	self->mld = self->sw;
	self->mld.tunnel_port = MLD_PORT;
	self->big = CXLFM_TARGET(sim_cci(BIG));
	self->pool = CXLFM_TARGET(sim_cci(MHD));
	self->pool.tunnel_port = 4;
	self->pool.ld_pool = true;
}

FIXTURE_TEARDOWN(fm)
{
	cxlfm_unref(self->ctx);
	sim_del(SW);
	sim_del(BIG);
	sim_del(MHD);
}

TEST_F(fm, identify_switch_matches_the_topology)
{
	struct cxlfm_fm_identify_switch_rsp sw = {};
	struct cxlfm_fm_identify_rsp id = {};
	unsigned int p;

	CALL_OK(cxlfm_identify_switch(self->ctx, &self->sw, &sw, 0));
	EXPECT_EQ(40, sw.num_phys_ports);
	EXPECT_EQ(2, sw.num_vcs);
	EXPECT_EQ(8, sw.num_vppbs);
	for (p = 0; p < 40; p++)
		EXPECT_TRUE(sw.active_ports[p / 8] & (1 << (p % 8)));
	EXPECT_FALSE(sw.active_ports[40 / 8] & 1);

	CALL_OK(cxlfm_identify(self->ctx, &self->sw, &id, 0));
	EXPECT_EQ(0x1e98, id.vendor_id);
	EXPECT_EQ(0x5100000000000000ULL | (uint64_t)SW << 16, id.serial_num);
}

static int count_switch(struct cxlfm_ctx *ctx, unsigned int cci, void *rsp,
			void *arg)
{
	const struct cxlfm_fm_identify_switch_rsp *sw = rsp;
	int *seen = arg;

	(void)ctx;
	(void)cci;
	if (sw->num_phys_ports == 40)
		seen[0]++;
	if (sw->num_phys_ports == 8)
		seen[1]++;
	return 0;
}

TEST_F(fm, identify_switch_dumps_every_switch)
{
	struct cxlfm_fm_identify_switch_rsp sw;
	int seen[2] = {};

	CALL_OK(cxlfm_identify_switch_dump(self->ctx, -1,
				   &sw, count_switch, seen));
	EXPECT_EQ(1, seen[0]);
	EXPECT_EQ(1, seen[1]);
}

TEST_F(fm, port_state_of_every_port_in_one_reply)
{
	struct cxlfm_fm_port_info ports[64];
	struct cxlfm_fm_get_phys_port_state_req req = {};
	struct cxlfm_fm_get_phys_port_state_rsp rsp = {
		.ports = ports, .ports_cap = 64,
	};
	unsigned int i;

	/* no port list: every port, split into 15-port commands */
	CALL_OK(cxlfm_get_phys_port_state(self->ctx, &self->sw, &req,
					       &rsp, 0));
	ASSERT_EQ(40, rsp.num_ports);
	for (i = 0; i < 40; i++) {
		EXPECT_EQ(i, ports[i].port_id);
		EXPECT_EQ(i < 2 ? CXLFM_FM_PORT_USP : CXLFM_FM_PORT_DSP,
			  ports[i].config_state);
	}
	EXPECT_EQ(CXLFM_FM_DEV_TYPE_CXL_T3_MLD, ports[MLD_PORT].conn_dev_type);
	EXPECT_EQ(CXLFM_FM_DEV_TYPE_CXL_T3_SLD, ports[3].conn_dev_type);
	EXPECT_EQ(4, ports[MLD_PORT].supported_ld_count);
}

TEST_F(fm, port_state_of_a_list_matches_the_simulator)
{
	uint8_t ids[] = { 7, 3, 39 }, raw[256];
	struct cxlfm_fm_port_info ports[4];
	struct cxlfm_fm_get_phys_port_state_req req = {
		.num_ports = 3, .port_ids = ids, .port_ids_cap = 3,
	};
	struct cxlfm_fm_get_phys_port_state_rsp rsp = {
		.ports = ports, .ports_cap = 4,
	};
	uint8_t in[] = { 3, 7, 3, 39 };
	uint16_t rc;
	int n, i;

	CALL_OK(cxlfm_get_phys_port_state(self->ctx, &self->sw, &req,
					       &rsp, 0));
	ASSERT_EQ(3, rsp.num_ports);
	/* the simulator's own bytes: 16 per port after a 4-byte header */
	n = sim_hook(SW, 0x5101, in, sizeof(in), raw, sizeof(raw), &rc);
	ASSERT_EQ(4 + 3 * 16, n);
	ASSERT_EQ(0, rc);
	for (i = 0; i < 3; i++) {
		const uint8_t *e = raw + 4 + 16 * i;

		EXPECT_EQ(e[0], ports[i].port_id);
		EXPECT_EQ(e[1] & 0xf, ports[i].config_state);
		EXPECT_EQ(e[4], ports[i].conn_dev_type);
		EXPECT_EQ(e[6] & 0x3f, ports[i].max_link_width);
		EXPECT_EQ(e[11], ports[i].ltssm_state);
		EXPECT_EQ(e[15], ports[i].supported_ld_count);
	}
}

struct port_seen {
	unsigned int cci;
	uint64_t mask[1];
	int other;
};

static int note_port(struct cxlfm_ctx *ctx, unsigned int cci, void *rsp,
		     void *arg)
{
	const struct cxlfm_fm_get_phys_port_state_rsp *r = rsp;
	struct port_seen *s = arg;

	(void)ctx;
	if (cci != s->cci || r->num_ports != 1) {
		s->other++;
		return 0;
	}
	s->mask[0] |= 1ULL << r->ports[0].port_id;
	return 0;
}

TEST_F(fm, port_state_dump_of_one_switch)
{
	struct cxlfm_fm_port_info port;
	struct cxlfm_fm_get_phys_port_state_rsp rsp = {
		.ports = &port, .ports_cap = 1,
	};
	struct port_seen s = { .cci = self->sw.cci };

	CALL_OK(cxlfm_get_phys_port_state_dump(self->ctx, self->sw.cci, &rsp, note_port, &s));
	EXPECT_EQ((1ULL << 40) - 1, s.mask[0]);
	EXPECT_EQ(0, s.other);
}

TEST_F(fm, vcs_info_pages_through_every_vppb)
{
	static struct cxlfm_fm_vppb_info vppbs[512];
	struct cxlfm_fm_vcs_info vcs[2];
	uint8_t ids[] = { 0 };
	struct cxlfm_fm_get_vcs_info_req req = {
		.num_vcs = 1, .vcs_ids = ids, .vcs_ids_cap = 1,
	};
	struct cxlfm_fm_get_vcs_info_rsp rsp = {
		.vcs = vcs, .vcs_cap = 2, .vppbs = vppbs, .vppbs_cap = 512,
	};

	/* 130 vPPBs need three 62-entry pages of a 256-byte payload */
	CALL_OK(cxlfm_get_vcs_info(self->ctx, &self->big, &req, &rsp, 0));
	ASSERT_EQ(1, rsp.num_vcs);
	EXPECT_EQ(0, vcs[0].vcs_id);
	EXPECT_EQ(CXLFM_FM_VCS_ENABLED, vcs[0].vcs_state);
	EXPECT_EQ(130, vcs[0].num_vppbs);
	EXPECT_EQ(0, vcs[0].vppb_first);
	EXPECT_EQ(130, vcs[0].nr_vppb_entries);
	EXPECT_EQ(130, rsp.nr_vppbs);
	/* ports 1..7 hold SLDs, bound to vPPBs 0..6; the rest are free */
	EXPECT_EQ(CXLFM_FM_VPPB_BOUND_PORT, vppbs[0].binding_status);
	EXPECT_EQ(1, vppbs[0].bound_port_id);
	EXPECT_EQ(CXLFM_FM_VPPB_BOUND_PORT, vppbs[6].binding_status);
	EXPECT_EQ(7, vppbs[6].bound_port_id);
	EXPECT_EQ(CXLFM_FM_VPPB_UNBOUND, vppbs[7].binding_status);
	EXPECT_EQ(CXLFM_FM_VPPB_UNBOUND, vppbs[129].binding_status);
}

/*
 * Switch 64: 32 VCSs of 255 vPPBs at a 2 KiB payload.  One Get VCS Info
 * command holds 511 four-byte units after its header, one per VCS block
 * header and one per vPPB entry: the first names all 33 VCSs asked for
 * with 14 entries each, the next ones two VCSs with the 241 entries left
 * of each, 17 commands in all.  Asked for with an invalid VCS ID among
 * them, every VCS comes back whole, in the order asked.
 */
#define MANY		64
#define MANY_SPEC	"64 ports=64 vcs=32 vppbs=255 payload=2048"

static unsigned long vcs_info_commands(void)
{
	char buf[1024], *l;
	unsigned int op;
	unsigned long n;

	if (sim_knob_read(MANY, "commands", buf, sizeof(buf)))
		return 0;
	for (l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
		if (sscanf(l, "%x %lu", &op, &n) == 2 && op == 0x5200)
			return n;
	return 0;
}

TEST(vcs_info_reads_several_vcss_per_command)
{
	static struct cxlfm_fm_vppb_info vppbs[33 * 255];
	struct cxlfm_fm_vcs_info vcs[33];
	struct cxlfm_fm_get_vcs_info_req req = { .num_vcs = 33 };
	struct cxlfm_fm_get_vcs_info_rsp rsp = {
		.vcs = vcs, .vcs_cap = 33, .vppbs = vppbs, .vppbs_cap = 33 * 255,
	};
	struct cxlfm_target t;
	struct cxlfm_ctx *ctx;
	uint8_t ids[33];
	unsigned int v, i;

	ASSERT_EQ(0, sim_load());
	sim_del(MANY);
	ASSERT_EQ(0, sim_new(MANY_SPEC));
	ASSERT_EQ(0, cxlfm_new(&ctx));
	t = CXLFM_TARGET(sim_cci(MANY));
	/* VCSs 31 down to 16, the invalid 200, then 0 to 15 */
	for (v = 0; v < 16; v++)
		ids[v] = 31 - v;
	ids[16] = 200;
	for (v = 0; v < 16; v++)
		ids[17 + v] = v;
	req.vcs_ids = ids;
	req.vcs_ids_cap = 33;
	ASSERT_EQ(0, sim_knob(MANY, "commands", "0"));
	EXPECT_EQ(0, cxlfm_get_vcs_info(ctx, &t, &req, &rsp, 0));
	EXPECT_EQ(17, vcs_info_commands());
	ASSERT_EQ(33, rsp.num_vcs);
	EXPECT_EQ(32 * 255, rsp.nr_vppbs);
	for (v = 0; v < 33; v++) {
		const struct cxlfm_fm_vppb_info *b = &vppbs[vcs[v].vppb_first];

		EXPECT_EQ(ids[v], vcs[v].vcs_id);
		if (ids[v] == 200) {
			EXPECT_EQ(CXLFM_FM_VCS_INVALID_ID, vcs[v].vcs_state);
			EXPECT_EQ(0, vcs[v].nr_vppb_entries);
			continue;
		}
		EXPECT_EQ(CXLFM_FM_VCS_ENABLED, vcs[v].vcs_state);
		EXPECT_EQ(ids[v], vcs[v].usp_id);
		EXPECT_EQ(255, vcs[v].num_vppbs);
		ASSERT_EQ(255, vcs[v].nr_vppb_entries);
		/* VCS 0's vPPB i holds DSP 32 + i; everything else is free */
		for (i = 0; i < 255; i++) {
			bool bound = !ids[v] && i < 32;

			EXPECT_EQ(bound ? CXLFM_FM_VPPB_BOUND_PORT :
					  CXLFM_FM_VPPB_UNBOUND,
				  b[i].binding_status);
			if (bound)
				EXPECT_EQ(32 + i, b[i].bound_port_id);
		}
	}
	cxlfm_unref(ctx);
	sim_del(MANY);
}

static int vppb_status(struct __test_metadata *_metadata,
		       struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
		       uint8_t vcs, uint8_t vppb, uint8_t *port)
{
	struct cxlfm_fm_vppb_info vppbs[8];
	struct cxlfm_fm_vcs_info info;
	struct cxlfm_fm_get_vcs_info_req req = {
		.num_vcs = 1, .vcs_ids = &vcs, .vcs_ids_cap = 1,
	};
	struct cxlfm_fm_get_vcs_info_rsp rsp = {
		.vcs = &info, .vcs_cap = 1, .vppbs = vppbs, .vppbs_cap = 8,
	};

	EXPECT_EQ(0, cxlfm_get_vcs_info(ctx, t, &req, &rsp, 0));
	*port = vppbs[vppb].bound_port_id;
	return vppbs[vppb].binding_status;
}

TEST_F(fm, unbind_and_bind_wait_for_the_background_operation)
{
	struct cxlfm_fm_unbind_vppb_req un = { .vcs_id = 0, .vppb_id = 1 };
	struct cxlfm_fm_bind_vppb_req bind = {
		.vcs_id = 0, .vppb_id = 1, .port_id = 3,
		.ld_id = CXLFM_FM_LD_ID_NONE,
	};
	struct cxlfm_fm_bg_op_status_rsp st;
	uint8_t port;

	EXPECT_EQ(CXLFM_FM_VPPB_BOUND_PORT,
		  vppb_status(_metadata, self->ctx, &self->sw, 0, 1, &port));
	EXPECT_EQ(3, port);
	ASSERT_EQ(0, cxlfm_unbind_vppb(self->ctx, &self->sw, &un,
				       CXLFM_CALL_WAIT));
	EXPECT_EQ(CXLFM_FM_VPPB_UNBOUND,
		  vppb_status(_metadata, self->ctx, &self->sw, 0, 1, &port));

	/* without waiting: started, then the status says when it is done */
	ASSERT_EQ(1, cxlfm_bind_vppb(self->ctx, &self->sw, &bind, 0));
	CALL_OK(cxlfm_bg_wait(self->ctx, self->sw.cci, 5000, &st));
	EXPECT_EQ(0x5201, st.opcode);
	EXPECT_EQ(0, st.return_code);
	EXPECT_EQ(100, st.percent);
	EXPECT_EQ(CXLFM_FM_VPPB_BOUND_PORT,
		  vppb_status(_metadata, self->ctx, &self->sw, 0, 1, &port));
	EXPECT_EQ(3, port);
}

/*
 * The next background completion; the switch's event records (bind and
 * unbind raise some) may come in between.  Counts sequence gaps in @missed.
 */
static int next_bg_done(struct cxlfm_events *ev, struct cxlfm_event *e,
			uint32_t *missed)
{
	struct pollfd p = { .fd = cxlfm_events_fd(ev), .events = POLLIN };
	int rc;

	for (;;) {
		rc = cxlfm_events_next(ev, e);
		if (!rc)
			*missed += e->missed;
		if (!rc && e->type == CXLFM_EVENT_BG_DONE)
			return 0;
		if (rc && rc != -EAGAIN)
			return rc;
		if (rc && poll(&p, 1, 5000) <= 0)
			return -ETIMEDOUT;
	}
}

TEST_F(fm, background_completion_is_multicast)
{
	struct cxlfm_fm_unbind_vppb_req un = { .vcs_id = 0, .vppb_id = 2 };
	struct cxlfm_fm_bind_vppb_req bind = {
		.vcs_id = 0, .vppb_id = 2, .port_id = 4,
		.ld_id = CXLFM_FM_LD_ID_NONE,
	};
	struct cxlfm_events *ev;
	struct cxlfm_event e;
	uint32_t seq, missed = 0;

	ASSERT_EQ(0, cxlfm_events_open(self->ctx, &ev));
	ASSERT_EQ(1, cxlfm_unbind_vppb(self->ctx, &self->sw, &un, 0));
	ASSERT_EQ(0, next_bg_done(ev, &e, &missed));
	EXPECT_EQ(self->sw.cci, e.cci.id);
	EXPECT_EQ(0x5202, e.bg.opcode);
	EXPECT_EQ(0, e.bg.return_code);
	seq = e.seq;

	/* waiting for it does not keep the notification from others */
	CALL_OK(cxlfm_bind_vppb(self->ctx, &self->sw, &bind, CXLFM_CALL_WAIT));
	ASSERT_EQ(0, next_bg_done(ev, &e, &missed));
	EXPECT_EQ(0x5201, e.bg.opcode);
	EXPECT_LT(seq, e.seq);
	EXPECT_EQ(0, missed);
	cxlfm_events_close(ev);
}

static void on_alarm(int sig)
{
	(void)sig;
}

TEST_F(fm, a_signal_ends_the_wait_not_the_command)
{
	struct cxlfm_fm_unbind_vppb_req un = { .vcs_id = 0, .vppb_id = 0 };
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	struct cxlfm_fm_bg_op_status_rsp st;

	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	ASSERT_EQ(0, sim_knob(SW, "bg_hang", "1"));
	alarm(1);
	/* the wait is bounded at 60 s; the alarm cuts it after 1 s */
	EXPECT_EQ(1, cxlfm_unbind_vppb(self->ctx, &self->sw, &un,
				       CXLFM_CALL_WAIT));
	alarm(0);
	CALL_OK(cxlfm_bg_op_status(self->ctx, &self->sw, &st, 0));
	EXPECT_EQ(1, st.running);
	CALL_OK(cxlfm_request_abort_bg_op(self->ctx, &self->sw, 0));
	CALL_OK(cxlfm_bg_wait(self->ctx, self->sw.cci, 5000, &st));
	sim_knob(SW, "bg_hang", "0");
}

TEST_F(fm, a_device_refusal_carries_its_return_code)
{
	/* port 3 is bound already: Invalid Input, said in words and number */
	struct cxlfm_fm_bind_vppb_req bind = {
		.vcs_id = 0, .vppb_id = 3, .port_id = 3,
		.ld_id = CXLFM_FM_LD_ID_NONE,
	};

	EXPECT_EQ(-EINVAL, cxlfm_bind_vppb(self->ctx, &self->sw, &bind,
					   CXLFM_CALL_WAIT));
	TH_LOG("refused: \"%s\" rc %#x", cxlfm_last_error(self->ctx),
	       cxlfm_last_return_code(self->ctx));
	EXPECT_EQ(CXLFM_RC_INVALID_INPUT, cxlfm_last_return_code(self->ctx));
	EXPECT_NE(0, strlen(cxlfm_last_error(self->ctx)));
}

TEST_F(fm, abort_ends_a_background_operation)
{
	struct cxlfm_fm_unbind_vppb_req un = { .vcs_id = 0, .vppb_id = 0 };
	struct cxlfm_fm_bg_op_status_rsp st;

	ASSERT_EQ(0, sim_knob(SW, "bg_hang", "1"));
	ASSERT_EQ(1, cxlfm_unbind_vppb(self->ctx, &self->sw, &un, 0));
	CALL_OK(cxlfm_bg_op_status(self->ctx, &self->sw, &st, 0));
	EXPECT_EQ(1, st.running);
	EXPECT_EQ(0, cxlfm_request_abort_bg_op(self->ctx, &self->sw, 0));
	CALL_OK(cxlfm_bg_wait(self->ctx, self->sw.cci, 5000, &st));
	EXPECT_NE(100, st.percent);
	sim_knob(SW, "bg_hang", "0");
}

TEST_F(fm, ld_info_allocations_and_qos_through_a_tunnel)
{
	struct cxlfm_fm_ld_alloc alloc[4], set_alloc[2] = { { 1, 0 }, { 2, 0 } };
	struct cxlfm_fm_get_ld_alloc_rsp got = { .allocs = alloc, .allocs_cap = 4 };
	struct cxlfm_fm_set_ld_alloc set = {
		.num_lds = 2, .start_ld_id = 1, .allocs = set_alloc,
		.allocs_cap = 2,
	}, set_rsp = { .allocs = alloc, .allocs_cap = 4 };
	struct cxlfm_fm_ld_list_req win = { .start_ld_id = 0, .ld_limit = 4 };
	struct cxlfm_fm_qos_ctrl q = {
		.egress_cong_enable = 1, .egress_moderate_pct = 40,
		.egress_severe_pct = 80, .bp_sample_interval = 5,
		.reqcmp_basis = 300, .completion_interval = 10,
	}, q_rsp = {}, q_now = {};
	struct cxlfm_fm_get_ld_info_rsp info = {};
	uint8_t frac[4] = { 10, 20, 30, 40 }, got_frac[8];
	struct cxlfm_fm_qos_bw_list bw = {
		.num_lds = 4, .start_ld_id = 0, .fractions = frac,
		.fractions_cap = 4,
	}, bw_rsp = { .fractions = got_frac, .fractions_cap = 8 },
	   bw_now = { .fractions = got_frac, .fractions_cap = 8 };
	struct cxlfm_fm_qos_status_rsp status = {};

	CALL_OK(cxlfm_get_ld_info(self->ctx, &self->mld, &info, 0));
	EXPECT_EQ(4ULL << 30, info.memory_size);
	EXPECT_EQ(4, info.ld_count);

	CALL_OK(cxlfm_set_ld_alloc(self->ctx, &self->mld, &set, &set_rsp,
					0));
	CALL_OK(cxlfm_get_ld_alloc(self->ctx, &self->mld, &win, &got, 0));
	EXPECT_EQ(4, got.num_lds);
	EXPECT_EQ(4, got.list_len);
	EXPECT_EQ(1, alloc[1].range1_mult);
	EXPECT_EQ(2, alloc[2].range1_mult);

	CALL_OK(cxlfm_set_qos_ctrl(self->ctx, &self->mld, &q, &q_rsp, 0));
	CALL_OK(cxlfm_get_qos_ctrl(self->ctx, &self->mld, &q_now, 0));
	EXPECT_EQ(0, memcmp(&q, &q_now, sizeof(q)));
	CALL_OK(cxlfm_get_qos_status(self->ctx, &self->mld, &status, 0));

	CALL_OK(cxlfm_set_qos_alloc_bw(self->ctx, &self->mld, &bw, &bw_rsp,
					    0));
	memset(got_frac, 0, sizeof(got_frac));
	CALL_OK(cxlfm_get_qos_alloc_bw(self->ctx, &self->mld, &win,
					    &bw_now, 0));
	ASSERT_EQ(4, bw_now.num_lds);
	EXPECT_EQ(0, memcmp(frac, got_frac, 4));
	CALL_OK(cxlfm_set_qos_bw_limit(self->ctx, &self->mld, &bw, &bw_rsp,
					    0));
	memset(got_frac, 0, sizeof(got_frac));
	CALL_OK(cxlfm_get_qos_bw_limit(self->ctx, &self->mld, &win,
					    &bw_now, 0));
	EXPECT_EQ(0, memcmp(frac, got_frac, 4));
}

TEST_F(fm, two_level_tunnel_reaches_an_ld)
{
	struct cxlfm_target ld = self->mld;
	struct cxlfm_fm_identify_rsp id = {};

	ld.tunnel_ld = 2;
	CALL_OK(cxlfm_identify(self->ctx, &ld, &id, 0));
	EXPECT_EQ(0x1e98, id.vendor_id);
}

TEST_F(fm, mhd_and_head_info_from_the_ld_pool)
{
	uint8_t map[8];
	struct cxlfm_fm_get_mhd_info_req req = { .start_ld_id = 0,
					      .ld_map_limit = 8 };
	struct cxlfm_fm_get_mhd_info_rsp rsp = { .ld_map = map, .ld_map_cap = 8 };
	struct cxlfm_fm_head_info heads[4];
	struct cxlfm_fm_get_head_info_req hreq = { .start_head = 0,
						.num_heads = 2 };
	struct cxlfm_fm_get_head_info_rsp hrsp = { .heads = heads,
						.heads_cap = 4 };

	CALL_OK(cxlfm_get_mhd_info(self->ctx, &self->pool, &req, &rsp, 0));
	EXPECT_EQ(4, rsp.num_lds);
	EXPECT_EQ(2, rsp.num_heads);
	EXPECT_EQ(4, rsp.ld_map_len);
	CALL_OK(cxlfm_get_head_info(self->ctx, &self->pool, &hreq, &hrsp,
					 0));
	EXPECT_EQ(2, hrsp.num_heads);
}

TEST_F(fm, dynamic_capacity_add_list_release)
{
	struct cxlfm_fm_get_dcd_info_rsp info = {};
	struct cxlfm_fm_dc_region regions[4];
	struct cxlfm_fm_get_host_dc_region_cfg_req rq = {
		.host_id = 1, .region_count = 4, .start_region = 0,
	};
	struct cxlfm_fm_get_host_dc_region_cfg_rsp cfg = {
		.regions = regions, .regions_cap = 4,
	};
	struct cxlfm_fm_dc_extent ext = { .dpa = 0, .length = 128 << 20 }, got[4];
	struct cxlfm_fm_dc_add_req add = {
		.host_id = 1, .policy = 2 /* prescriptive */, .extent_count = 1,
		.extents = &ext, .extents_cap = 1,
	};
	struct cxlfm_fm_dc_release_req rel = {
		.host_id = 1, .policy = 1 /* prescriptive */, .extent_count = 1,
		.extents = &ext, .extents_cap = 1,
	};
	struct cxlfm_fm_get_dc_extents_req xq = { .host_id = 1,
					       .extent_count = 4 };
	struct cxlfm_fm_get_dc_extents_rsp xs = { .extents = got,
					       .extents_cap = 4 };

	CALL_OK(cxlfm_get_dcd_info(self->ctx, &self->mld, &info, 0));
	EXPECT_EQ(4, info.num_hosts);
	EXPECT_EQ(2, info.num_regions);
	CALL_OK(cxlfm_get_host_dc_region_cfg(self->ctx, &self->mld, &rq,
						  &cfg, 0));
	EXPECT_EQ(2, cfg.num_regions);
	EXPECT_EQ(2, cfg.regions_returned);

	CALL_OK(cxlfm_initiate_dc_add(self->ctx, &self->mld, &add, 0));
	CALL_OK(cxlfm_get_dc_region_extents(self->ctx, &self->mld, &xq,
						 &xs, 0));
	ASSERT_EQ(1, xs.extents_returned);
	EXPECT_EQ(0, got[0].dpa);
	EXPECT_EQ(128 << 20, got[0].length);
	CALL_OK(cxlfm_initiate_dc_release(self->ctx, &self->mld, &rel, 0));
	CALL_OK(cxlfm_get_dc_region_extents(self->ctx, &self->mld, &xq,
						 &xs, 0));
	EXPECT_EQ(0, xs.extents_returned);
}

TEST_F(fm, logs_cel_through_typed_ops)
{
	struct cxlfm_fm_log_entry logs[8];
	struct cxlfm_fm_get_supported_logs_rsp sl = { .entries = logs,
						   .entries_cap = 8 };
	uint8_t cel[4096];
	struct cxlfm_fm_get_log_req gl = { .offset = 0 };
	struct cxlfm_fm_bytes out = { .data = cel, .data_cap = sizeof(cel) };
	struct cxlfm_cci_info ci;

	CALL_OK(cxlfm_get_supported_logs(self->ctx, &self->sw, &sl, 0));
	ASSERT_LE(1, sl.nr_entries);
	memcpy(gl.uuid, logs[0].uuid, 16);
	gl.length = logs[0].size;
	CALL_OK(cxlfm_get_log(self->ctx, &self->sw, &gl, &out, 0));
	ASSERT_EQ(logs[0].size, out.nr_data);
	/* the CEL: 4 bytes per command, as many as cxlfm counted */
	ASSERT_EQ(0, cxlfm_cci_get(self->ctx, self->sw.cci, &ci));
	EXPECT_EQ(ci.num_commands * 4, out.nr_data);
	EXPECT_EQ(0x01, cel[0]);
	EXPECT_EQ(0x00, cel[1]);
}

/*
 * A 1 MiB mailbox: a log's reply is sized by the one attribute that holds
 * its bytes (at most 64 KiB), not by the payload, so it is no huge skb.
 */
TEST_F(fm, a_log_from_a_1_mib_mailbox)
{
	uint8_t cel[4096];
	struct cxlfm_fm_get_log_req gl = { .offset = 0, .length = sizeof(cel) };
	struct cxlfm_fm_bytes out = { .data = cel, .data_cap = sizeof(cel) };
	struct cxlfm_target huge;
	struct cxlfm_cci_info ci;

	sim_del(64);
	ASSERT_EQ(0, sim_new("64 ports=4 payload=1048576"));
	huge = CXLFM_TARGET(sim_cci(64));
	ASSERT_EQ(0, cxlfm_cci_get(self->ctx, huge.cci, &ci));
	EXPECT_EQ(1048576, ci.payload_size);
	memcpy(gl.uuid, (const uint8_t[16]){ 0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41,
		0x4b, 0x78, 0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17 }, 16);
	gl.length = ci.num_commands * 4;
	CALL_OK(cxlfm_get_log(self->ctx, &huge, &gl, &out, 0));
	EXPECT_EQ(ci.num_commands * 4, out.nr_data);
	sim_del(64);
}

/*
 * A log longer than a netlink attribute (64 KiB) from a 1 MiB mailbox:
 * the raw op refuses the answer with -EMSGSIZE and says why, instead of a
 * success with the tail cut off; the typed op refuses the request before
 * it is sent.  A read that fits goes through whole, bytes checked.
 */
TEST_F(fm, a_log_longer_than_an_attribute_is_refused_not_cut)
{
	static const uint8_t vendor_log[16] = { 0x5c, 0x1d, 0x0a, 0x7e, 0x63,
		0xa1, 0x4e, 0x2b, 0x9f, 0x1c, 0x7d, 0x6e, 0x5a, 0x4b, 0x3c, 0x2d };
	const uint32_t whole = 200000, part = 60000;
	struct cxlfm_fm_get_log_req gl = { .offset = 0, .length = whole };
	static uint8_t out[262144];
	struct cxlfm_fm_bytes bytes = { .data = out, .data_cap = sizeof(out) };
	uint8_t in[0x18] = {};
	struct cxlfm_target huge;
	size_t len;
	uint16_t rc;
	uint32_t i;

	sim_del(64);
	ASSERT_EQ(0, sim_new("64 ports=4 payload=1048576 vendor_log=200000"));
	huge = CXLFM_TARGET(sim_cci(64));
	memcpy(in, vendor_log, 16);
	memcpy(in + 0x14, &whole, 4);
	EXPECT_EQ(-EMSGSIZE, sim_raw(self->ctx, huge.cci, 0x0401, in,
				     sizeof(in), out, sizeof(out), &len, &rc));
	EXPECT_NE(NULL, strstr(cxlfm_last_error(self->ctx), "longer than a netlink attribute"))
		TH_LOG("\"%s\"", cxlfm_last_error(self->ctx));

	memcpy(gl.uuid, vendor_log, 16);
	EXPECT_EQ(-EMSGSIZE, cxlfm_get_log(self->ctx, &huge, &gl, &bytes, 0));
	EXPECT_NE(NULL, strstr(cxlfm_last_error(self->ctx), "netlink attribute"))
		TH_LOG("\"%s\"", cxlfm_last_error(self->ctx));

	/* what fits arrives whole, from the offset asked */
	memcpy(in + 0x10, &part, 4);
	memcpy(in + 0x14, &part, 4);
	ASSERT_EQ(0, sim_raw(self->ctx, huge.cci, 0x0401, in, sizeof(in), out,
			     sizeof(out), &len, &rc));
	EXPECT_EQ(0, rc);
	ASSERT_EQ(part, len);
	for (i = 0; i < part; i++)
		if (out[i] != (part + i) % 251)
			break;
	EXPECT_EQ(part, i) TH_LOG("byte %u is %u", i, out[i]);
	sim_del(64);
}

TEST_F(fm, port_control_config_and_aer)
{
	struct cxlfm_fm_phys_port_control_req pc = { .ppb_id = 5,
						  .port_op = 1 /* reset */ };
	struct cxlfm_fm_ppb_cfg_req cfg = { .ppb_id = 5, .reg_num = 0,
					 .first_be = 0xf };
	struct cxlfm_fm_cfg_rsp val = {};
	struct cxlfm_fm_gen_aer_event_req aer = { .vcs_id = 0, .vppb_instance = 0,
					       .error_bit = 4 };
	uint8_t in[8] = { 5, 0, 0, 0xf }, raw[8];
	uint16_t rc;

	EXPECT_EQ(0, cxlfm_phys_port_control(self->ctx, &self->sw, &pc, 0));
	CALL_OK(cxlfm_send_ppb_cxlio_cfg(self->ctx, &self->sw, &cfg, &val,
					      0));
	ASSERT_EQ(4, sim_hook(SW, 0x5103, in, sizeof(in), raw, sizeof(raw),
			      &rc));
	EXPECT_EQ((uint32_t)(raw[0] | raw[1] << 8 | raw[2] << 16 |
			     (uint32_t)raw[3] << 24), val.read_data);
	EXPECT_EQ(0, cxlfm_gen_aer_event(self->ctx, &self->sw, &aer, 0));
}

TEST_F(fm, domain_validation_secret_is_set_once)
{
	struct cxlfm_fm_dv_sv sv = { .secret = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
					      11, 12, 13, 14, 15, 16 } };
	struct cxlfm_fm_dv_sv got = {};
	struct cxlfm_fm_dv_sv_state st = { .state = 9 };
	struct cxlfm_fm_vcs_id vcs = { .vcs_id = 0 };

	CALL_OK(cxlfm_get_dv_sv_state(self->ctx, &self->sw, &st, 0));
	EXPECT_EQ(0, st.state);
	CALL_OK(cxlfm_set_dv_sv(self->ctx, &self->sw, &sv, 0));
	CALL_OK(cxlfm_get_dv_sv_state(self->ctx, &self->sw, &st, 0));
	EXPECT_EQ(1, st.state);
	CALL_OK(cxlfm_get_vcs_dv_sv_state(self->ctx, &self->sw, &vcs, &st, 0));
	EXPECT_EQ(1, st.state);
	CALL_OK(cxlfm_get_dv_sv(self->ctx, &self->sw, &vcs, &got, 0));
	EXPECT_EQ(0, memcmp(sv.secret, got.secret, 16));
	EXPECT_EQ(-EINVAL, cxlfm_set_dv_sv(self->ctx, &self->sw, &sv, 0));
	EXPECT_EQ(CXLFM_RC_INVALID_INPUT, cxlfm_last_return_code(self->ctx));
}

TEST_F(fm, ld_config_and_memory_requests)
{
	struct cxlfm_fm_ld_cfg_req cfg = { .ppb_id = MLD_PORT, .ld_id = 1,
					.first_be = 0xf };
	struct cxlfm_fm_cfg_rsp val = {};
	uint8_t data[8] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4 }, back[8];
	struct cxlfm_fm_ld_mem_req wr = {
		.port_id = MLD_PORT, .ld_id = 1, .first_be = 0xf,
		.last_be = 0xf, .write = 1, .length = 8,
		.address = 0x10000000, .data = data, .data_cap = 8,
		.nr_data = 8,
	}, rd = wr;
	struct cxlfm_fm_ld_mem_rsp out = { .data = back, .data_cap = 8 };

	/* the LD's vendor and device id */
	CALL_OK(cxlfm_send_ld_cxlio_cfg(self->ctx, &self->sw, &cfg, &val, 0));
	EXPECT_NE(0, val.read_data);
	EXPECT_NE(0xffffffff, val.read_data);
	/* BAR 0 at 256 MiB, memory decoding on */
	cfg.write = 1;
	cfg.reg_num = 4;
	cfg.write_data = 0x10000000;
	CALL_OK(cxlfm_send_ld_cxlio_cfg(self->ctx, &self->sw, &cfg, &val, 0));
	cfg.reg_num = 1;
	cfg.write_data = 0x2;
	CALL_OK(cxlfm_send_ld_cxlio_cfg(self->ctx, &self->sw, &cfg, &val, 0));

	CALL_OK(cxlfm_send_ld_cxlio_mem(self->ctx, &self->sw, &wr, &out, 0));
	EXPECT_EQ(8, out.bytes_transferred);
	rd.write = 0;
	rd.data = NULL;
	rd.data_cap = rd.nr_data = 0;
	CALL_OK(cxlfm_send_ld_cxlio_mem(self->ctx, &self->sw, &rd, &out, 0));
	ASSERT_EQ(8, out.nr_data);
	EXPECT_EQ(0, memcmp(data, back, 8));
}

TEST_F(fm, a_cxlio_write_is_gated_like_raw_access)
{
	struct cxlfm_fm_ppb_cfg_req wr = { .ppb_id = 5, .reg_num = 0x10,
					.first_be = 0xf, .write = 1,
					.write_data = 0xfffffff0 };
	struct cxlfm_fm_ppb_cfg_req rd = wr;
	struct cxlfm_fm_cfg_rsp val;
	pid_t pid;
	int status;

	rd.write = 0;
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct cxlfm_ctx *ctx;
		int bad = 0;

		if (drop_cap(CAP_SYS_RAWIO) || cxlfm_new(&ctx))
			_exit(2);
		bad += cxlfm_send_ppb_cxlio_cfg(ctx, &self->sw, &rd, &val, 0) != 0;
		bad += cxlfm_send_ppb_cxlio_cfg(ctx, &self->sw, &wr, &val, 0) !=
		       -EPERM;
		bad += strcmp(cxlfm_last_error(ctx),
			      "a CXL.io write needs CAP_SYS_RAWIO") != 0;
		cxlfm_unref(ctx);
		_exit(bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* with CAP_SYS_RAWIO it goes through, and taints the kernel */
	CALL_OK(cxlfm_send_ppb_cxlio_cfg(self->ctx, &self->sw, &wr, &val, 0));
	EXPECT_TRUE(tainted() & (1UL << TAINT_USER_BIT));
}

/* ------------------------------------------------------------------ */
/* Malformed requests, built by hand                                   */
/* ------------------------------------------------------------------ */

struct nl_answer {
	int err;
	char msg[256];
	int cookie_len;
	uint8_t cookie[20];
};

static int on_err(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = {};
	size_t off = sizeof(*nlh) + sizeof(*e);
	struct nl_answer *a = arg;

	(void)nla;
	a->err = e->error;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && nlh->nlmsg_len > off &&
	    !nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + off),
		       nlh->nlmsg_len - off, NULL) && tb[NLMSGERR_ATTR_MSG])
		snprintf(a->msg, sizeof(a->msg), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_COOKIE] &&
	    nla_len(tb[NLMSGERR_ATTR_COOKIE]) <= (int)sizeof(a->cookie)) {
		a->cookie_len = nla_len(tb[NLMSGERR_ATTR_COOKIE]);
		memcpy(a->cookie, nla_data(tb[NLMSGERR_ATTR_COOKIE]),
		       a->cookie_len);
	}
	return NL_STOP;
}

static int on_done(struct nl_msg *msg, void *arg)
{
	(void)msg;
	((struct nl_answer *)arg)->err = 0;
	return NL_STOP;
}

/* Send @m (consumed) and collect the errno and the extack message. */
static struct nl_answer nl_ask(struct nl_sock *sk, struct nl_msg *m)
{
	struct nl_answer a = { .err = 1 };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	nl_cb_err(cb, NL_CB_CUSTOM, on_err, &a);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_done, &a);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, &a);
	nl_send_auto(sk, m);
	nlmsg_free(m);
	while (a.err == 1)
		if (nl_recvmsgs(sk, cb) < 0)
			break;
	nl_cb_put(cb);
	return a;
}

static struct nl_sock *nl_open(int *family)
{
	struct nl_sock *sk = nl_socket_alloc();
	int one = 1;

	if (!sk || genl_connect(sk))
		return NULL;
	/* every request gets a reply or an error: no acks to skip */
	nl_socket_disable_auto_ack(sk);
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one,
		   sizeof(one));
	*family = genl_ctrl_resolve(sk, "cxlfm");
	return sk;
}

static struct nl_msg *fm_req(int family, int cmd, int cci)
{
	struct nl_msg *m = nlmsg_alloc();

	genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0, cmd, 1);
	if (cci >= 0)
		nla_put_u32(m, CXLFM_A_FM_CCI_ID, cci);
	return m;
}

TEST_F(fm, malformed_requests_get_specific_errors)
{
	struct nl_answer a;
	struct nl_msg *m;
	struct nlattr *nest;
	struct nl_sock *sk;
	int family, i;
	double t0;

	sk = nl_open(&family);
	ASSERT_NE(NULL, sk);
	ASSERT_GT(family, 0);

	/* missing attribute: bind without a vPPB */
	m = fm_req(family, CXLFM_CMD_BIND_VPPB, self->sw.cci);
	nla_put_u8(m, CXLFM_A_FM_VCS_ID, 0);
	nla_put_u8(m, CXLFM_A_FM_PORT_ID, 3);
	a = nl_ask(sk, m);
	EXPECT_EQ(-EINVAL, a.err);
	EXPECT_STREQ("a required attribute is missing", a.msg);

	/* missing CCI */
	a = nl_ask(sk, fm_req(family, CXLFM_CMD_IDENTIFY_SWITCH, -1));
	EXPECT_EQ(-EINVAL, a.err);

	/* wrong switch id */
	a = nl_ask(sk, fm_req(family, CXLFM_CMD_IDENTIFY_SWITCH, 99999));
	EXPECT_EQ(-ENODEV, a.err);
	EXPECT_STREQ("no CCI with this id", a.msg);

	/* an attribute of another op */
	m = fm_req(family, CXLFM_CMD_IDENTIFY_SWITCH, self->sw.cci);
	nla_put_u8(m, CXLFM_A_FM_VCS_ID, 0);
	a = nl_ask(sk, m);
	EXPECT_EQ(-EINVAL, a.err);
	EXPECT_NE(0, strlen(a.msg));

	/* an unknown attribute */
	m = fm_req(family, CXLFM_CMD_UNBIND_VPPB, self->sw.cci);
	nla_put_u8(m, CXLFM_A_FM_MAX + 5, 0);
	a = nl_ask(sk, m);
	EXPECT_EQ(-EINVAL, a.err);
	EXPECT_NE(0, strlen(a.msg));

	/* out of range: port_op is 0..2 */
	m = fm_req(family, CXLFM_CMD_PHYS_PORT_CONTROL, self->sw.cci);
	nla_put_u8(m, CXLFM_A_FM_PPB_ID, 5);
	nla_put_u8(m, CXLFM_A_FM_PORT_OP, 200);
	a = nl_ask(sk, m);
	EXPECT_TRUE(a.err == -ERANGE || a.err == -EINVAL);
	EXPECT_NE(0, strlen(a.msg));

	/* a wrong width */
	m = fm_req(family, CXLFM_CMD_UNBIND_VPPB, self->sw.cci);
	nla_put_u32(m, CXLFM_A_FM_VCS_ID, 0);
	a = nl_ask(sk, m);
	EXPECT_EQ(-EINVAL, a.err);
	EXPECT_NE(0, strlen(a.msg));

	/* oversized list: 300 ports for a 256-byte payload */
	m = fm_req(family, CXLFM_CMD_GET_PHYS_PORT_STATE, self->sw.cci);
	for (i = 0; i < 300; i++) {
		nest = nla_nest_start(m, CXLFM_A_FM_PORT_IDS);
		nla_put_u8(m, CXLFM_A_FM_PORT_ID, i % 40);
		nla_nest_end(m, nest);
	}
	a = nl_ask(sk, m);
	EXPECT_EQ(-E2BIG, a.err);
	EXPECT_STREQ("too many list elements for the command", a.msg);

	/* a list element without its field */
	m = fm_req(family, CXLFM_CMD_GET_VCS_INFO, self->sw.cci);
	nla_put(m, CXLFM_A_FM_VCS_IDS | NLA_F_NESTED, 0, NULL);
	a = nl_ask(sk, m);
	EXPECT_EQ(-EINVAL, a.err);
	EXPECT_STREQ("list element lacks a required attribute", a.msg);

	/* a required list left out */
	a = nl_ask(sk, fm_req(family, CXLFM_CMD_GET_VCS_INFO, self->sw.cci));
	EXPECT_EQ(-EINVAL, a.err);
	EXPECT_STREQ("the list needs at least one element", a.msg);

	/* a second tunnel level without the first */
	m = fm_req(family, CXLFM_CMD_GET_LD_INFO, self->sw.cci);
	nla_put_u8(m, CXLFM_A_FM_TUNNEL_LD, 1);
	a = nl_ask(sk, m);
	EXPECT_EQ(-EINVAL, a.err);
	EXPECT_STREQ("needs tunnel-port", a.msg);

	/* a command the switch's CEL does not list (LD info on the switch) */
	a = nl_ask(sk, fm_req(family, CXLFM_CMD_GET_LD_INFO, self->sw.cci));
	EXPECT_EQ(-EOPNOTSUPP, a.err);
	EXPECT_STREQ("command not in the CCI's Command Effects Log", a.msg);

	/* the device refuses: return code 2 (Invalid Input) in the cookie */
	m = fm_req(family, CXLFM_CMD_BIND_VPPB, self->sw.cci);
	nla_put_u8(m, CXLFM_A_FM_VCS_ID, 0);
	nla_put_u8(m, CXLFM_A_FM_VPPB_ID, 3);
	nla_put_u8(m, CXLFM_A_FM_PORT_ID, 3);
	nla_put_flag(m, CXLFM_A_FM_WAIT);
	a = nl_ask(sk, m);
	EXPECT_EQ(-EINVAL, a.err);
	EXPECT_EQ(4, a.cookie_len);
	EXPECT_EQ(2, a.cookie[0] | a.cookie[1] << 8);

	/* a wait longer than the bound */
	m = fm_req(family, CXLFM_CMD_UNBIND_VPPB, self->sw.cci);
	nla_put_u8(m, CXLFM_A_FM_VCS_ID, 0);
	nla_put_u8(m, CXLFM_A_FM_VPPB_ID, 0);
	nla_put_flag(m, CXLFM_A_FM_WAIT);
	nla_put_u32(m, CXLFM_A_FM_TIMEOUT_MS, 700000);
	a = nl_ask(sk, m);
	EXPECT_EQ(-ERANGE, a.err);
	/*
	 * The deprecated wait is accepted and ignored: a 10-minute wait on a
	 * hung command is answered at once, "started"
	 */
	ASSERT_EQ(0, sim_knob(SW, "bg_hang", "1"));
	m = fm_req(family, CXLFM_CMD_UNBIND_VPPB, self->sw.cci);
	nla_put_u8(m, CXLFM_A_FM_VCS_ID, 0);
	nla_put_u8(m, CXLFM_A_FM_VPPB_ID, 1);
	nla_put_flag(m, CXLFM_A_FM_WAIT);
	nla_put_u32(m, CXLFM_A_FM_TIMEOUT_MS, 600000);
	t0 = sim_now();
	a = nl_ask(sk, m);
	EXPECT_EQ(0, a.err);
	EXPECT_GT(5.0, sim_now() - t0);
	a = nl_ask(sk, fm_req(family, CXLFM_CMD_REQUEST_ABORT_BG_OP,
			      self->sw.cci));
	EXPECT_EQ(0, a.err);
	sim_knob(SW, "bg_hang", "0");
	usleep(500000);

	nl_socket_free(sk);
}

/* Every typed op: no switch, a wrong switch, an unknown attribute. */
TEST_F(fm, every_typed_op_refuses_bad_requests_with_a_message)
{
	struct nl_answer a;
	struct nl_msg *m;
	struct nl_sock *sk;
	int family, cmd;

	sk = nl_open(&family);
	ASSERT_NE(NULL, sk);
	for (cmd = CXLFM_FM_CMD_FIRST; cmd <= CXLFM_FM_CMD_LAST; cmd++) {
		a = nl_ask(sk, fm_req(family, cmd, -1));
		EXPECT_EQ(-EINVAL, a.err) TH_LOG("cmd %d without cci-id", cmd);
		EXPECT_STREQ("the request names no CCI", a.msg);

		a = nl_ask(sk, fm_req(family, cmd, 99999));
		/* a request lacking its fields may be refused for that first */
		EXPECT_TRUE(a.err == -ENODEV || a.err == -EINVAL)
			TH_LOG("cmd %d: %d", cmd, a.err);
		if (a.err == -ENODEV)
			EXPECT_STREQ("no CCI with this id", a.msg);

		m = fm_req(family, cmd, self->sw.cci);
		nla_put_u32(m, CXLFM_A_FM_MAX + 1, 0);
		a = nl_ask(sk, m);
		EXPECT_EQ(-EINVAL, a.err) TH_LOG("cmd %d, unknown attribute", cmd);
		EXPECT_NE(0, strlen(a.msg)) TH_LOG("cmd %d: no message", cmd);
	}
	nl_socket_free(sk);
}

TEST_F(fm, every_typed_op_needs_cap_sys_admin)
{
	pid_t pid = fork();
	int status;

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct nl_answer a;
		struct nl_sock *sk;
		int family, cmd, bad = 0;

		if (setgid(65534) || setuid(65534))
			_exit(2);
		sk = nl_open(&family);
		if (!sk || family <= 0)
			_exit(3);
		for (cmd = CXLFM_FM_CMD_FIRST; cmd <= CXLFM_FM_CMD_LAST; cmd++) {
			a = nl_ask(sk, fm_req(family, cmd, 0));
			if (a.err != -EPERM) {
				fprintf(stderr, "cmd %d: %d\n", cmd, a.err);
				bad++;
			}
		}
		_exit(bad ? 1 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
