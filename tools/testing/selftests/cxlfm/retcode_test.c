// SPDX-License-Identifier: GPL-2.0
/*
 * Every CXL return code a device can send is answered: a typed doit, a
 * dump and a raw op each get a reply within 5 s that carries the code.
 * (0x18, Interrupted, once became -EINTR, which netlink does not ack: the
 * caller waited forever.)  Runs in the VM.
 */
#include "kselftest_harness.h"
#include "sim_util.h"

#define ID		53
#define OP_IDENTIFY_SWITCH	0x5100
/* seconds within which every request is answered (design.md) */
#define ANSWER_S	5.0

FIXTURE(rc) {
	struct cxlfm_ctx *ctx;
	int cci;
};

FIXTURE_SETUP(rc)
{
	ASSERT_EQ(0, sim_load());
	sim_del(ID);
	ASSERT_EQ(0, sim_new("53 ports=4"));
	self->cci = sim_cci(ID);
	ASSERT_GE(self->cci, 0);
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
}

FIXTURE_TEARDOWN(rc)
{
	cxlfm_unref(self->ctx);
	sim_del(ID);
}

/* The next Identify Switch Device is answered with @code. */
static int arm(uint16_t code)
{
	char f[64];

	snprintf(f, sizeof(f), "fail 0x%04x 1 0x%x", OP_IDENTIFY_SWITCH, code);
	return sim_knob(ID, "faults", f);
}

static int count_one(struct cxlfm_ctx *ctx, unsigned int cci, void *rsp,
		     void *arg)
{
	(void)ctx; (void)cci; (void)rsp;
	++*(int *)arg;
	return 0;
}

/*
 * Codes under test: every defined failure (0x0002-0x0020), a reserved
 * value and the largest.
 */
static const uint16_t failures[] = {
	0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
	0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x0100, 0xffff,
};

TEST_F_TIMEOUT(rc, typed_doit_answers_every_code, 120)
{
	struct cxlfm_target t = CXLFM_TARGET(self->cci);
	struct cxlfm_fm_identify_switch_rsp sw;
	unsigned int i;
	double t0, dt;
	int err;

	for (i = 0; i < ARRAY_SIZE(failures); i++) {
		ASSERT_EQ(0, arm(failures[i]));
		t0 = sim_now();
		err = cxlfm_identify_switch(self->ctx, &t, &sw, 0);
		dt = sim_now() - t0;
		EXPECT_GT(0, err) TH_LOG("code 0x%04x: %d", failures[i], err);
		EXPECT_NE(-EINTR, err) TH_LOG("code 0x%04x", failures[i]);
		EXPECT_EQ(failures[i], cxlfm_last_return_code(self->ctx))
			TH_LOG("code 0x%04x: \"%s\"", failures[i],
			       cxlfm_last_error(self->ctx));
		EXPECT_GT(ANSWER_S, dt) TH_LOG("code 0x%04x: %.1f s", failures[i], dt);
	}
	/* a command that is not a background one, answered "started" */
	ASSERT_EQ(0, arm(0x01));
	EXPECT_EQ(1, cxlfm_identify_switch(self->ctx, &t, &sw, 0));
	EXPECT_EQ(0, cxlfm_identify_switch(self->ctx, &t, &sw, 0));
	EXPECT_EQ(4, sw.num_phys_ports);
}

TEST_F_TIMEOUT(rc, dump_answers_every_code, 120)
{
	struct cxlfm_fm_identify_switch_rsp sw;
	unsigned int i;
	double t0, dt;
	int err, n;

	for (i = 0; i < ARRAY_SIZE(failures); i++) {
		ASSERT_EQ(0, arm(failures[i]));
		n = 0;
		t0 = sim_now();
		err = cxlfm_identify_switch_dump(self->ctx, self->cci, &sw, count_one, &n);
		dt = sim_now() - t0;
		EXPECT_GT(0, err) TH_LOG("code 0x%04x: %d", failures[i], err);
		/* -EINTR from a dump means "dump again": never a device's */
		EXPECT_NE(-EINTR, err) TH_LOG("code 0x%04x", failures[i]);
		EXPECT_EQ(0, n) TH_LOG("code 0x%04x", failures[i]);
		EXPECT_EQ(failures[i], cxlfm_last_return_code(self->ctx))
			TH_LOG("code 0x%04x: \"%s\"", failures[i],
			       cxlfm_last_error(self->ctx));
		EXPECT_GT(ANSWER_S, dt) TH_LOG("code 0x%04x: %.1f s", failures[i], dt);
	}
	ASSERT_EQ(0, arm(0x01));
	n = 0;
	EXPECT_EQ(-EINPROGRESS, cxlfm_identify_switch_dump(self->ctx, self->cci, &sw, count_one, &n));
	EXPECT_EQ(1, cxlfm_last_return_code(self->ctx));
	EXPECT_EQ(0, n);
	/* and the next dump works */
	EXPECT_EQ(0, cxlfm_identify_switch_dump(self->ctx, self->cci, &sw, count_one, &n));
	EXPECT_EQ(1, n);
}

TEST_F_TIMEOUT(rc, raw_op_answers_every_code, 120)
{
	uint8_t out[256];
	unsigned int i;
	double t0, dt;
	uint16_t code;
	size_t len;
	int err;

	for (i = 0; i < ARRAY_SIZE(failures); i++) {
		ASSERT_EQ(0, arm(failures[i]));
		t0 = sim_now();
		err = sim_raw(self->ctx, self->cci, OP_IDENTIFY_SWITCH, NULL, 0,
			      out, sizeof(out), &len, &code);
		dt = sim_now() - t0;
		/* a return code is the device's answer, not a failed op */
		EXPECT_EQ(0, err) TH_LOG("code 0x%04x: %d", failures[i], err);
		EXPECT_EQ(failures[i], code);
		EXPECT_GT(ANSWER_S, dt) TH_LOG("code 0x%04x: %.1f s", failures[i], dt);
	}
	ASSERT_EQ(0, arm(0x01));
	EXPECT_EQ(0, sim_raw(self->ctx, self->cci, OP_IDENTIFY_SWITCH, NULL, 0,
			     out, sizeof(out), &len, &code));
	EXPECT_EQ(1, code);
}

TEST_HARNESS_MAIN
