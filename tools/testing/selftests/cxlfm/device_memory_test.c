// SPDX-License-Identifier: GPL-2.0
/*
 * Memory sized by the device: a switch with the largest mailbox (1 MiB),
 * 256 ports and 32 VCSs goes through probe, a full listing, an event drain
 * and removal.  Its CEL, event records and log buffers are device-sized
 * (vmalloc-backed where large), and replies are sized by what the switch
 * reported.  On the debug leg KASAN and kmemleak watch the whole way; on
 * every leg a writable module parameter refuses a value that would hurt.
 * Runs in the VM.
 */
#include <stdlib.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define ID		54
#define PARAMS		"/sys/module/cxlfm/parameters/"

/*
 * Wait up to @ms for every event log of the instance to be empty; @st
 * keeps the state last seen.
 */
static int wait_logs_empty(int ms, char *st, size_t len)
{
	for (; ms > 0; ms -= 50) {
		if (!sim_knob_read(ID, "events", st, len) &&
		    strstr(st, "status 0x0\n"))
			return 0;
		usleep(50000);
	}
	return -ETIMEDOUT;
}

static int count_reply(struct cxlfm_ctx *ctx, unsigned int cci, void *rsp,
		       void *arg)
{
	(void)ctx; (void)cci; (void)rsp;
	++*(int *)arg;
	return 0;
}

FIXTURE(big) {
	int unused;
};

FIXTURE_SETUP(big)
{
}

FIXTURE_TEARDOWN(big)
{
	sim_del(ID);
	sysfs_write(PARAMS "event_poll_ms", "0");
}

TEST_F_TIMEOUT(big, largest_switch_through_probe_list_drain_and_removal, 300)
{
	static struct cxlfm_fm_vcs_info vcs[32];
	static struct cxlfm_fm_vppb_info vppbs[32 * 255];
	static uint8_t ids[32];
	struct cxlfm_fm_get_vcs_info_req req = { .vppb_limit = 255, .num_vcs = 32,
					      .vcs_ids = ids,
					      .vcs_ids_cap = 32 };
	struct cxlfm_fm_get_vcs_info_rsp rsp = { .vcs = vcs, .vcs_cap = 32,
					      .vppbs = vppbs,
					      .vppbs_cap = 32 * 255 };
	struct cxlfm_fm_get_phys_port_state_rsp ports = {};
	static struct cxlfm_fm_port_info port[256];
	struct cxlfm_cci_info ci;
	struct cxlfm_target t;
	struct cxlfm_ctx *ctx;
	char cmd[512], st[1024];
	int i, n = 0, rc;
	double t0;

	ASSERT_EQ(0, sim_load());
	sim_del(ID);
	t0 = sim_now();
	/* polled from registration on (a poll is armed by the drain before) */
	ASSERT_EQ(0, sysfs_write(PARAMS "event_poll_ms", "100"));
	ASSERT_EQ(0, sim_new("54 ports=256 vcs=32 vppbs=8 payload=1048576 log_cap=512"));
	t = CXLFM_TARGET(sim_cci(ID));
	ASSERT_GE((int)t.cci, 0);
	ASSERT_EQ(0, cxlfm_new(&ctx));
	TH_LOG("probed at %.1f s", sim_now() - t0);
	ASSERT_EQ(0, cxlfm_cci_get(ctx, t.cci, &ci));
	EXPECT_EQ(1048576, ci.payload_size);
	EXPECT_EQ(32, ci.num_vcs);

	/* list: every port, one reply each, and all VCSs whole */
	ports.ports = port;
	ports.ports_cap = 256;
	EXPECT_EQ(0, cxlfm_get_phys_port_state_dump(ctx, t.cci,
				   &ports, count_reply, &n))
		TH_LOG("%s", cxlfm_last_error(ctx));
	EXPECT_EQ(256, n);
	for (i = 0; i < 32; i++)
		ids[i] = i;
	EXPECT_EQ(0, cxlfm_get_vcs_info(ctx, &t, &req, &rsp, 0))
		TH_LOG("%s", cxlfm_last_error(ctx));
	EXPECT_EQ(32, rsp.num_vcs);
	EXPECT_EQ(32 * 8, rsp.nr_vppbs);
	/* and the CLI's most detailed listing of it */
	snprintf(cmd, sizeof(cmd), "%s/bin/cxlfm list -vv -s %u >/dev/null",
		 getenv("CXLFM_USER"), t.cci);
	TH_LOG("listed through the library at %.1f s", sim_now() - t0);
	rc = system(cmd);
	TH_LOG("listed by the CLI at %.1f s", sim_now() - t0);
	EXPECT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 0) TH_LOG("%s: %d", cmd, rc);

	/* drain: 512 records a log, more than fit one 64 KiB reply */
	ASSERT_EQ(0, sim_knob(ID, "storm", "512"));
	rc = wait_logs_empty(30000, st, sizeof(st));
	EXPECT_EQ(0, rc) TH_LOG("%s", st);
	if (rc && !sim_knob_read(ID, "commands", st, sizeof(st)))
		TH_LOG("commands: %s", st);
	TH_LOG("drained at %.1f s", sim_now() - t0);

	cxlfm_unref(ctx);
	EXPECT_EQ(0, sim_del(ID));
}

/* Each writable parameter takes what it documents and refuses the rest. */
TEST(writable_parameters_are_validated)
{
	static const struct {
		const char *name, *bad[3], *good;
	} p[] = {
		/* 0 would requeue the completion poll at once: a busy loop */
		{ "bg_poll_ms", { "0", "9", "60001" }, "200" },
		{ "event_poll_ms", { "1", "9", "3600001" }, "0" },
		{ "mbox_ready_timeout", { "0", "601", "x" }, "60" },
	};
	char path[128], val[32];
	unsigned int i, j;

	ASSERT_EQ(0, sim_load());
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		snprintf(path, sizeof(path), PARAMS "%s", p[i].name);
		for (j = 0; j < ARRAY_SIZE(p[i].bad); j++) {
			const char *bad = p[i].bad[j];

			EXPECT_EQ(-EINVAL, sysfs_write(path, bad))
				TH_LOG("%s=%s", p[i].name, bad);
		}
		EXPECT_EQ(0, sysfs_write(path, p[i].good)) TH_LOG("%s", p[i].name);
		ASSERT_EQ(0, sysfs_read(path, val, sizeof(val)));
		EXPECT_STREQ(p[i].good, val) TH_LOG("%s", p[i].name);
	}
}

TEST_HARNESS_MAIN
