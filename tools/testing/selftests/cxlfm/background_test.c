// SPDX-License-Identifier: GPL-2.0
/*
 * Background commands (CXL r3.1 §8.2.8.4): an Unbind vPPB on a simulated
 * switch (whose vPPBs start bound to its ports) starts in the background; cxlfm returns at once, refuses a second
 * background command meanwhile without sending it, and learns of the
 * completion by interrupt (the poll interval set to a minute, so only the
 * interrupt can do it in time) or by polling (a switch without one).
 */
#include <errno.h>
#include <fcntl.h>
#include <time.h>

#include <cxlfm/libcxlfm.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define OP_BIND_VPPB	0x5201
#define OP_UNBIND_VPPB	0x5202
#define POLL_PARAM	"/sys/module/cxlfm/parameters/bg_poll_ms"

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* cxlfm and cxlfm_sim, unless loaded (the event poll left as it is). */
static int load_modules(void)
{
	int rc = 0;

	if (!path_exists("/sys/module/cxlfm"))
		rc = cxlfm_load("");
	if (!rc && !path_exists("/sys/module/cxlfm_sim"))
		rc = sim_load_module("tools/testing/cxlfm/sim/cxlfm_sim.ko");
	return rc;
}

FIXTURE(bg)
{
	struct cxlfm_ctx *ctx;
	unsigned int id;
	char state[128];
};

FIXTURE_VARIANT(bg)
{
	const char *spec;	/* new_device line */
	const char *poll_ms;	/* bg_poll_ms during the test */
};

FIXTURE_VARIANT_ADD(bg, interrupt)
{
	.spec = "78 ports=8 vcs=1 vppbs=8 bg_ms=1500 irq=1",
	.poll_ms = "60000",
};

FIXTURE_VARIANT_ADD(bg, polling)
{
	.spec = "78 ports=8 vcs=1 vppbs=8 bg_ms=1500 irq=0",
	.poll_ms = "200",
};

FIXTURE_SETUP(bg)
{
	struct cxlfm_cci_info *list;
	size_t n, i;

	ASSERT_EQ(0, load_modules());
	ASSERT_EQ(0, sysfs_write(POLL_PARAM, variant->poll_ms));
	ASSERT_EQ(0, sysfs_write("/sys/bus/cxlfm_sim/new_device", variant->spec));
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	ASSERT_EQ(0, cxlfm_cci_list(self->ctx, &list, &n));
	self->id = ~0U;
	for (i = 0; i < n; i++)
		if (!strcmp(list[i].transport, "sim"))
			self->id = list[i].id;
	free(list);
	ASSERT_NE(~0U, self->id);
}

FIXTURE_TEARDOWN(bg)
{
	cxlfm_unref(self->ctx);
	sysfs_write("/sys/bus/cxlfm_sim/del_device", "78");
	sysfs_write(POLL_PARAM, "200");
}

static int cci_state(unsigned int id, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%u/state", id);
	return sysfs_read(path, buf, len);
}

TEST_F(bg, unbind_runs_in_background_and_completes)
{
	/* VCS 0, vPPB 0 or 1, wait for the link to go down: r3.2 §7.6.7.2.3 */
	static const unsigned char unbind[3] = { 0, 0, 0 };
	static const unsigned char unbind2[3] = { 0, 1, 0 };
	/* VCS 0, vPPB 0, physical port 1, LD 0xffff (an SLD), r3.2 §7.6.7.2.2 */
	static const unsigned char bind[6] = { 0, 0, 1, 0, 0xff, 0xff };
	struct cxlfm_raw_cmd cmd = { .opcode = OP_UNBIND_VPPB, .in = unbind, .in_len = 3 };
	double t0 = now_s(), took;
	int i;

	ASSERT_EQ(0, cxlfm_raw(self->ctx, self->id, &cmd));
	EXPECT_EQ(1, cmd.return_code);		/* background command started */
	EXPECT_TRUE(cmd.background);
	EXPECT_GT(1.0, now_s() - t0);		/* returned at once */
	ASSERT_EQ(0, cci_state(self->id, self->state, sizeof(self->state)));
	EXPECT_STREQ("background", self->state);

	/* One at a time: the second is refused before it reaches the device. */
	cmd.in = unbind2;
	EXPECT_EQ(-EBUSY, cxlfm_raw(self->ctx, self->id, &cmd));
	EXPECT_STREQ("a background command is running on this CCI",
		     cxlfm_last_error(self->ctx));

	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, cci_state(self->id, self->state, sizeof(self->state)));
		if (!strcmp(self->state, "ready"))
			break;
		usleep(50000);
	}
	took = now_s() - t0;
	EXPECT_STREQ("ready", self->state);
	EXPECT_LT(1.2, took);			/* not before the device finished */
	TH_LOG("completion seen after %.2f s (%s)", took, variant->poll_ms);

	/* The mailbox takes background commands again: bind it back. */
	cmd = (struct cxlfm_raw_cmd){ .opcode = OP_BIND_VPPB, .in = bind, .in_len = 6 };
	ASSERT_EQ(0, cxlfm_raw(self->ctx, self->id, &cmd));
	EXPECT_EQ(1, cmd.return_code);
}

/*
 * A device that finishes at once (bg_ms=0) and says so by interrupt: the
 * interrupt can come before cxlfm has marked the command running, and must
 * not be lost for it (cxlfm polls as well).  Each waited unbind and bind
 * ends done, never "still running", and never finds the mailbox busy.
 */
FIXTURE(instant)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_target t;
};

FIXTURE_SETUP(instant)
{
	struct cxlfm_cci_info *list;
	size_t n, i;

	ASSERT_EQ(0, load_modules());
	ASSERT_EQ(0, sysfs_write("/sys/bus/cxlfm_sim/new_device",
				 "79 ports=8 vcs=1 vppbs=8 bg_ms=0 irq=1"));
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	ASSERT_EQ(0, cxlfm_cci_list(self->ctx, &list, &n));
	self->t = CXLFM_TARGET(~0U);
	for (i = 0; i < n; i++)
		if (!strcmp(list[i].transport, "sim"))
			self->t.cci = list[i].id;
	free(list);
	ASSERT_NE(~0U, self->t.cci);
}

FIXTURE_TEARDOWN(instant)
{
	cxlfm_unref(self->ctx);
	sysfs_write("/sys/bus/cxlfm_sim/del_device", "79");
}

TEST_F_TIMEOUT(instant, no_completion_is_lost, 300)
{
	struct fmapi_unbind_vppb_req un = { .vcs_id = 0, .vppb_id = 0 };
	struct fmapi_bind_vppb_req bi = { .vcs_id = 0, .vppb_id = 0,
					  .port_id = 1, .ld_id = 0xffff };
	int i;

	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, cxlfm_unbind_vppb(self->ctx, &self->t, &un,
					       CXLFM_CALL_WAIT)) TH_LOG("unbind %d", i);
		ASSERT_EQ(0, cxlfm_bind_vppb(self->ctx, &self->t, &bi,
					     CXLFM_CALL_WAIT)) TH_LOG("bind %d", i);
	}
}

TEST_HARNESS_MAIN
