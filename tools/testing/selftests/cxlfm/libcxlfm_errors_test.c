// SPDX-License-Identifier: GPL-2.0
/*
 * libcxlfm's error contract against the kernel (libcxlfm(3), ERRORS and
 * THREADS), in the VM:
 *  - without the cxlfm module, cxlfm_new() is -ENOENT (no family), not a
 *    refused connect or an I/O error, and works again once it is back;
 *  - a failed call followed by a good one: the good one has no extack
 *    text, return code or vendor status of the failure, and a failure
 *    that never reached the kernel has none of an earlier one's;
 *  - threads, each with its own context, failing and succeeding in turn
 *    on their own switches: every error state is the thread's own;
 *  - a context handed to another thread with a reference, both dropping
 *    theirs.
 */
#include <pthread.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define FIRST		80	/* simulator ids FIRST..FIRST + THREADS - 1 */
#define THREADS		4
#define ROUNDS		100
#define OP_IDENTIFY_SWITCH	0x5100

/* The next Identify Switch Device of instance @id is answered @code. */
static int arm(unsigned int id, uint16_t code)
{
	char f[64];

	snprintf(f, sizeof(f), "fail 0x%04x 1 0x%x", OP_IDENTIFY_SWITCH, code);
	return sim_knob(id, "faults", f);
}

FIXTURE(errs) {
	struct cxlfm_ctx *ctx;
	struct cxlfm_target t[THREADS];
};

FIXTURE_SETUP(errs)
{
	char spec[32];
	int i, cci;

	ASSERT_EQ(0, sim_load());
	for (i = 0; i < THREADS; i++) {
		sim_del(FIRST + i);
		snprintf(spec, sizeof(spec), "%d ports=4", FIRST + i);
		ASSERT_EQ(0, sim_new(spec));
		cci = sim_cci(FIRST + i);
		ASSERT_GE(cci, 0);
		self->t[i] = CXLFM_TARGET(cci);
	}
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
}

FIXTURE_TEARDOWN(errs)
{
	int i;

	cxlfm_unref(self->ctx);
	for (i = 0; i < THREADS; i++)
		sim_del(FIRST + i);
}

TEST_F(errs, a_good_call_after_a_failed_one_has_no_error)
{
	struct cxlfm_fm_identify_switch_rsp isw;
	struct cxlfm_cci_info ci;
	static uint8_t big[70000];
	struct cxlfm_raw_cmd raw = { .opcode = 0x0001, .in = big,
				     .in_len = sizeof(big) };
	char prev[256];
	int rc;

	/* the device refuses: errno, text, return code */
	ASSERT_EQ(0, arm(FIRST, 0x0006));
	rc = cxlfm_identify_switch(self->ctx, &self->t[0], &isw, 0);
	EXPECT_GT(0, rc);
	EXPECT_EQ(0x0006, cxlfm_last_return_code(self->ctx));
	EXPECT_NE('\0', cxlfm_last_error(self->ctx)[0]);
	TH_LOG("refused: %d \"%s\" %#x", rc, cxlfm_last_error(self->ctx),
	       cxlfm_last_return_code(self->ctx));

	/* the same op again, answered: nothing of the refusal */
	EXPECT_EQ(0, cxlfm_identify_switch(self->ctx, &self->t[0], &isw, 0));
	EXPECT_STREQ("", cxlfm_last_error(self->ctx));
	EXPECT_EQ(0, cxlfm_last_return_code(self->ctx));
	EXPECT_EQ(0, cxlfm_last_vendor_status(self->ctx));

	/* a good call of another kind after a refusal */
	ASSERT_EQ(0, arm(FIRST, 0x0006));
	EXPECT_GT(0, cxlfm_identify_switch(self->ctx, &self->t[0], &isw, 0));
	EXPECT_EQ(0, cxlfm_cci_get(self->ctx, self->t[0].cci, &ci));
	EXPECT_STREQ("", cxlfm_last_error(self->ctx));
	EXPECT_EQ(0, cxlfm_last_return_code(self->ctx));

	/* a failure the library refuses before sending: its own reason only */
	ASSERT_EQ(0, arm(FIRST, 0x0006));
	EXPECT_GT(0, cxlfm_identify_switch(self->ctx, &self->t[0], &isw, 0));
	EXPECT_EQ(-EMSGSIZE, cxlfm_raw(self->ctx, self->t[0].cci, &raw));
	EXPECT_EQ(0, cxlfm_last_return_code(self->ctx));
	EXPECT_NE(NULL, strstr(cxlfm_last_error(self->ctx), "netlink attribute"))
		TH_LOG("\"%s\"", cxlfm_last_error(self->ctx));

	/* a kernel refusal of another kind: none of the device's refusal */
	ASSERT_EQ(0, arm(FIRST, 0x0006));
	EXPECT_GT(0, cxlfm_identify_switch(self->ctx, &self->t[0], &isw, 0));
	snprintf(prev, sizeof(prev), "%s", cxlfm_last_error(self->ctx));
	EXPECT_EQ(-ENODEV, cxlfm_cci_get(self->ctx, 100000, &ci));
	EXPECT_EQ(0, cxlfm_last_return_code(self->ctx));
	EXPECT_STRNE(prev, cxlfm_last_error(self->ctx));
}

struct worker {
	pthread_t th;
	unsigned int sim;
	struct cxlfm_target t;
	uint16_t code;		/* this thread's refusal */
	int bad;
	char first[200];
};

static void *alternate(void *arg)
{
	struct worker *w = arg;
	struct cxlfm_fm_identify_switch_rsp isw;
	struct cxlfm_ctx *ctx;
	int i, rc;

	if (cxlfm_new(&ctx)) {
		w->bad = -1;
		snprintf(w->first, sizeof(w->first), "cxlfm_new failed");
		return NULL;
	}
	for (i = 0; i < ROUNDS; i++) {
		if (arm(w->sim, w->code)) {
			w->bad++;
			snprintf(w->first, sizeof(w->first), "cannot arm the fault");
			break;
		}
		rc = cxlfm_identify_switch(ctx, &w->t, &isw, 0);
		if (rc >= 0 || cxlfm_last_return_code(ctx) != w->code ||
		    !*cxlfm_last_error(ctx)) {
			if (!w->bad++)
				snprintf(w->first, sizeof(w->first),
					 "round %d refused: %d \"%s\" %#x, wanted %#x",
					 i, rc, cxlfm_last_error(ctx),
					 cxlfm_last_return_code(ctx), w->code);
		}
		rc = cxlfm_identify_switch(ctx, &w->t, &isw, 0);
		if (rc || *cxlfm_last_error(ctx) || cxlfm_last_return_code(ctx)) {
			if (!w->bad++)
				snprintf(w->first, sizeof(w->first),
					 "round %d answered: %d \"%s\" %#x", i,
					 rc, cxlfm_last_error(ctx),
					 cxlfm_last_return_code(ctx));
		}
	}
	cxlfm_unref(ctx);
	return NULL;
}

/* Each thread its own context and switch, its own return code. */
TEST_F(errs, threads_with_their_own_contexts_see_their_own_errors)
{
	static const uint16_t codes[THREADS] = { 0x0002, 0x0003, 0x0004, 0x0006 };
	struct worker w[THREADS] = {};
	int i;

	for (i = 0; i < THREADS; i++) {
		w[i].sim = FIRST + i;
		w[i].t = self->t[i];
		w[i].code = codes[i];
		ASSERT_EQ(0, pthread_create(&w[i].th, NULL, alternate, &w[i]));
	}
	for (i = 0; i < THREADS; i++) {
		ASSERT_EQ(0, pthread_join(w[i].th, NULL));
		EXPECT_EQ(0, w[i].bad)
			TH_LOG("thread %d: %d wrong, first: %s", i, w[i].bad,
			       w[i].first);
	}
}

struct handover {
	struct cxlfm_ctx *ctx;
	struct cxlfm_target t;
	int rc;
};

static void *use_and_drop(void *arg)
{
	struct handover *h = arg;
	struct cxlfm_fm_identify_switch_rsp isw;

	h->rc = cxlfm_identify_switch(h->ctx, &h->t, &isw, 0);
	cxlfm_unref(h->ctx);
	return NULL;
}

/*
 * A context passed to another thread with a reference of its own: it is
 * used there (not here meanwhile), then both threads drop theirs.
 */
TEST_F(errs, context_handed_to_another_thread)
{
	struct handover h = { .ctx = cxlfm_ref(self->ctx), .t = self->t[1],
			      .rc = 1 };
	struct cxlfm_cci_info ci;
	pthread_t th;

	ASSERT_EQ(0, pthread_create(&th, NULL, use_and_drop, &h));
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(0, h.rc);
	/* still open here, after the other thread's reference went */
	EXPECT_EQ(0, cxlfm_cci_get(self->ctx, self->t[1].cci, &ci));
}

FIXTURE(nomod) {};

FIXTURE_SETUP(nomod)
{
	ASSERT_NE(NULL, getenv("CXLFM_KMOD"));
}

/* Whatever the test left, the groups after it find the modules loaded. */
FIXTURE_TEARDOWN(nomod)
{
	sim_load();
}

TEST_F(nomod, without_the_module_new_is_enoent)
{
	struct cxlfm_ctx *ctx = NULL;
	int rc;

	rc = sim_unload();
	if (rc == -EBUSY || path_exists("/sys/module/cxlfm")) {
		/* another module of the tree (a bench or checker) holds it */
		char holders[256] = "";

		sysfs_read("/sys/module/cxlfm/refcnt", holders, sizeof(holders));
		SKIP(return, "cxlfm cannot be unloaded (refcnt %s)", holders);
	}
	ASSERT_EQ(0, rc);
	rc = cxlfm_new(&ctx);
	EXPECT_EQ(-ENOENT, rc)
		TH_LOG("cxlfm_new() without the module: %d (%s)", rc, strerror(-rc));
	EXPECT_EQ(NULL, ctx);
	/* back: the same call works */
	ASSERT_EQ(0, sim_load());
	ASSERT_EQ(0, cxlfm_new(&ctx));
	cxlfm_unref(ctx);
}

TEST_HARNESS_MAIN
