// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm_sim fault knobs and cxlfm's reaction to each: a clear errno or
 * return code, no hang past the mailbox timeout, and the CCI usable again
 * afterwards.  Runs in the VM.
 */
#include <pthread.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define ID	50

FIXTURE(flt) {
	struct cxlfm_ctx *ctx;
	int cci;
	uint8_t out[65536];
};

FIXTURE_SETUP(flt)
{
	ASSERT_EQ(0, sim_load());
	sim_del(ID);
	ASSERT_EQ(0, sim_new("50 ports=8 vppbs=6 mld=6 bg_ms=100"));
	self->cci = sim_cci(ID);
	ASSERT_GE(self->cci, 0);
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
}

FIXTURE_TEARDOWN(flt)
{
	cxlfm_unref(self->ctx);
	sim_del(ID);
}

static int identify(FIXTURE_DATA(flt) *self, size_t *len, uint16_t *rc)
{
	return sim_raw(self->ctx, self->cci, 0x0001, NULL, 0, self->out,
		       sizeof(self->out), len, rc);
}

/* The CCI answers Identify normally. */
#define EXPECT_USABLE() do {						\
	size_t _l; uint16_t _r;						\
	EXPECT_EQ(0, identify(self, &_l, &_r));				\
	EXPECT_EQ(0, _r);						\
	EXPECT_EQ(0x12, _l);						\
} while (0)

TEST_F(flt, fail_next_n_commands_with_a_return_code)
{
	char st[256];
	size_t len;
	uint16_t rc;

	ASSERT_EQ(0, sim_knob(ID, "faults", "fail 0x0001 2 0x4"));
	ASSERT_EQ(0, sim_knob_read(ID, "faults", st, sizeof(st)));
	EXPECT_STREQ("fail 0x0001 2 0x4\n", st);
	/* a return code is the device's answer: reported, not an error */
	EXPECT_EQ(0, identify(self, &len, &rc));
	EXPECT_EQ(4, rc);
	EXPECT_EQ(0, len);
	EXPECT_EQ(0, identify(self, &len, &rc));
	EXPECT_EQ(4, rc);
	/* other opcodes are untouched, and the third Identify works */
	EXPECT_EQ(0, sim_raw(self->ctx, self->cci, 0x0002, NULL, 0, self->out,
			     sizeof(self->out), &len, &rc));
	EXPECT_EQ(0, rc);
	EXPECT_USABLE();
	EXPECT_EQ(-EINVAL, sim_knob(ID, "faults", "fail 0x0001 2"));
	EXPECT_EQ(-EINVAL, sim_knob(ID, "faults", "bogus any 1"));
}

/*
 * A device that answers a foreground command "Background Command Started"
 * (CXL r3.2 Table 8-34, 0x0001): the typed reply says the command runs in
 * the background, nothing waits for it, and the CCI works on.  (cxlfm once
 * looked for a wait request past the end of such an op's attributes.)
 */
TEST_F(flt, a_foreground_command_answered_started_is_reported_as_started)
{
	struct cxlfm_target t = CXLFM_TARGET(self->cci);
	struct cxlfm_fm_identify_switch_rsp sw;

	ASSERT_EQ(0, sim_knob(ID, "faults", "fail 0x5100 1 0x1"));
	EXPECT_EQ(1, cxlfm_identify_switch(self->ctx, &t, &sw, 0));
	EXPECT_EQ(0, cxlfm_identify_switch(self->ctx, &t, &sw, 0));
	EXPECT_EQ(8, sw.num_phys_ports);
	EXPECT_USABLE();
}

TEST_F(flt, timeout_fails_after_two_seconds_then_recovers)
{
	double t;
	size_t len;
	uint16_t rc;

	ASSERT_EQ(0, sim_knob(ID, "faults", "timeout any 1"));
	t = sim_now();
	EXPECT_EQ(-ETIMEDOUT, identify(self, &len, &rc));
	t = sim_now() - t;
	EXPECT_GE(t, 1.9);
	EXPECT_LT(t, 3.0);
	EXPECT_USABLE();
}

TEST_F(flt, busy_answers_busy_until_cleared)
{
	size_t len;
	uint16_t rc;

	ASSERT_EQ(0, sim_knob(ID, "busy", "1"));
	EXPECT_EQ(0, identify(self, &len, &rc));
	EXPECT_EQ(6, rc);
	EXPECT_EQ(0, sim_raw(self->ctx, self->cci, 0x5201, "\0\5\6\0\0\0", 6,
			     self->out, sizeof(self->out), &len, &rc));
	EXPECT_EQ(6, rc);
	ASSERT_EQ(0, sim_knob(ID, "busy", "0"));
	EXPECT_USABLE();
}

TEST_F(flt, latency_delays_each_command)
{
	double t;

	ASSERT_EQ(0, sim_knob(ID, "latency_ms", "300"));
	t = sim_now();
	EXPECT_USABLE();
	EXPECT_GE(sim_now() - t, 0.29);
	ASSERT_EQ(0, sim_knob(ID, "latency_ms", "0"));
}

TEST_F(flt, malformed_responses)
{
	size_t len;
	uint16_t rc;
	int i;

	/* short: half the bytes */
	ASSERT_EQ(0, sim_knob(ID, "faults", "short 0x0001 1"));
	EXPECT_EQ(0, identify(self, &len, &rc));
	EXPECT_EQ(9, len);
	/* long: the device claims its whole payload area */
	ASSERT_EQ(0, sim_knob(ID, "faults", "long 0x0001 1"));
	EXPECT_EQ(0, identify(self, &len, &rc));
	ASSERT_EQ(2048, len);
	for (i = 0x12; i < 2048; i++)
		ASSERT_EQ(0xa5, self->out[i]);
	/* count: the count field claims more than the payload holds */
	ASSERT_EQ(0, sim_knob(ID, "faults", "count 0x0400 1"));
	EXPECT_EQ(0, sim_raw(self->ctx, self->cci, 0x0400, NULL, 0, self->out,
			     sizeof(self->out), &len, &rc));
	EXPECT_EQ(0x1c, len);
	EXPECT_EQ(0xff, self->out[0]);
	EXPECT_EQ(0xff, self->out[1]);
	/* garbage event records: handle 0, impossible length */
	ASSERT_EQ(0, sim_knob(ID, "inject", "0 2"));
	ASSERT_EQ(0, sim_knob(ID, "faults", "events 0x0100 1"));
	EXPECT_EQ(0, sim_raw(self->ctx, self->cci, 0x0100, "\0", 1, self->out,
			     sizeof(self->out), &len, &rc));
	ASSERT_EQ(0x20 + 2 * 0x80, len);
	EXPECT_EQ(2, self->out[0x14]);
	EXPECT_EQ(0xff, self->out[0x20 + 0x10]);
	EXPECT_EQ(0, self->out[0x20 + 0x14] | self->out[0x20 + 0x15]);
	EXPECT_USABLE();
}

/*
 * Faults at registration: cxlfm parses what the CCI returns for Get
 * Supported Logs; a malformed or failed answer makes registration fail with
 * an errno, and the next attempt succeeds.
 */
TEST_F(flt, malformed_discovery_fails_registration_cleanly)
{
	ASSERT_EQ(0, sim_knob(ID, "cci", "remove"));
	EXPECT_EQ(-ENODEV, sim_cci(ID));
	ASSERT_EQ(0, sim_knob(ID, "faults", "count 0x0400 1"));
	EXPECT_NE(0, sim_knob(ID, "cci", "add"));
	EXPECT_EQ(-ENODEV, sim_cci(ID));
	ASSERT_EQ(0, sim_knob(ID, "faults", "fail 0x0401 1 0x4"));
	EXPECT_NE(0, sim_knob(ID, "cci", "add"));
	ASSERT_EQ(0, sim_knob(ID, "faults", "timeout 0x5100 1"));
	EXPECT_EQ(-ETIMEDOUT, sim_knob(ID, "cci", "add"));
	ASSERT_EQ(0, sim_knob(ID, "cci", "add"));
	self->cci = sim_cci(ID);
	ASSERT_GE(self->cci, 0);
	EXPECT_USABLE();
}

/*
 * Malformed answers to the commands cxlfm parses itself at registration: a
 * short Identify Switch Device fails it with -EMSGSIZE; a Get Supported
 * Logs with trailing bytes does not decode, so the CCI has no readable CEL
 * and registration fails with -ENXIO; the next registration succeeds.
 * Identify layouts may grow in later revisions of the specification, so
 * trailing bytes there are accepted and the fields still read right.
 */
TEST_F(flt, malformed_typed_responses_fail_with_a_clear_errno)
{
	struct cxlfm_cci_info info;

	ASSERT_EQ(0, sim_knob(ID, "cci", "remove"));
	ASSERT_EQ(0, sim_knob(ID, "faults", "short 0x5100 1"));
	EXPECT_EQ(-EMSGSIZE, sim_knob(ID, "cci", "add"));
	EXPECT_EQ(-ENODEV, sim_cci(ID));
	ASSERT_EQ(0, sim_knob(ID, "faults", "long 0x0400 1"));
	EXPECT_EQ(-ENXIO, sim_knob(ID, "cci", "add"));
	EXPECT_EQ(-ENODEV, sim_cci(ID));
	ASSERT_EQ(0, sim_knob(ID, "faults", "long 0x5100 1"));
	ASSERT_EQ(0, sim_knob(ID, "cci", "add"));
	self->cci = sim_cci(ID);
	ASSERT_GE(self->cci, 0);
	ASSERT_EQ(0, cxlfm_cci_get(self->ctx, self->cci, &info));
	EXPECT_EQ(8, info.num_ports);
	EXPECT_EQ(1, info.num_vcs);
	EXPECT_USABLE();
}

/* Wait up to @ms for the simulator's event state to contain @want. */
static int wait_events(const char *want, int ms)
{
	char st[512];

	for (; ms > 0; ms -= 20) {
		if (!sim_knob_read(ID, "events", st, sizeof(st)) && strstr(st, want))
			return 0;
		usleep(20000);
	}
	return -ETIMEDOUT;
}

/*
 * Garbage event records (handle 0, impossible length) reach cxlfm's event
 * drain, which runs at registration and then every event_poll_ms: it
 * refuses them (its Clear of handle 0 gets Invalid Handle), the next poll
 * drains the log normally, so the records end up read and cleared and the
 * CCI stays usable.
 */
TEST_F(flt, garbage_event_records_do_not_stop_the_drain)
{
	char st[256];
	int rc;

	ASSERT_EQ(0, sim_knob(ID, "cci", "remove"));
	ASSERT_EQ(0, sim_knob(ID, "inject", "0 2"));
	ASSERT_EQ(0, sim_knob(ID, "faults", "events 0x0100 1"));
	ASSERT_EQ(0, sysfs_write(EVENT_POLL, "100"));
	rc = sim_knob(ID, "cci", "add");
	if (!rc)
		rc = wait_events("info records 0 ", 5000);
	ASSERT_EQ(0, sysfs_write(EVENT_POLL, "0"));
	EXPECT_EQ(0, rc);
	ASSERT_EQ(0, sim_knob_read(ID, "faults", st, sizeof(st)));
	EXPECT_EQ(NULL, strstr(st, "events"));		/* it was used */
	self->cci = sim_cci(ID);
	EXPECT_USABLE();
}

/*
 * A background operation that never finishes: cxlfm shows it running and
 * refuses another one with -EBUSY; once the hang is lifted it completes.
 * Polled (irq=0) and interrupt-driven completion are both exercised.
 */
TEST_F(flt, hung_background_operation)
{
	static const char * const specs[] = { "51 irq=1 bg_ms=50", "51 irq=0 bg_ms=50" };
	unsigned int i;
	size_t len;
	uint16_t rc;
	int cci;

	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, sim_new(specs[i]));
		cci = sim_cci(51);
		ASSERT_GE(cci, 0);
		ASSERT_EQ(0, sim_knob(51, "bg_hang", "1"));
		EXPECT_EQ(0, sim_raw(self->ctx, cci, 0x5202, "\0\0\0", 3,
				     self->out, sizeof(self->out), &len, &rc));
		EXPECT_EQ(1, rc);
		usleep(300000);
		EXPECT_EQ(0, sim_wait_state(cci, "background", 10));
		EXPECT_EQ(0, sim_raw(self->ctx, cci, 0x0002, NULL, 0, self->out,
				     sizeof(self->out), &len, &rc));
		EXPECT_EQ(1, self->out[0] & 1);
		EXPECT_EQ(50, self->out[0] >> 1);
		EXPECT_EQ(-EBUSY, sim_raw(self->ctx, cci, 0x5202, "\0\1\0", 3,
					  self->out, sizeof(self->out), &len, &rc));
		ASSERT_EQ(0, sim_knob(51, "bg_hang", "0"));
		EXPECT_EQ(0, sim_wait_state(cci, "ready", 3000));
		EXPECT_EQ(0, sim_raw(self->ctx, cci, 0x5202, "\0\1\0", 3,
				     self->out, sizeof(self->out), &len, &rc));
		EXPECT_EQ(1, rc);
		EXPECT_EQ(0, sim_wait_state(cci, "ready", 3000));
		ASSERT_EQ(0, sim_del(51));
	}
}

TEST_F(flt, link_down_up_raises_physical_switch_events)
{
	char st[512];
	size_t len;
	uint16_t rc;

	ASSERT_EQ(0, sim_knob(ID, "link", "3 down"));
	EXPECT_EQ(0, sim_raw(self->ctx, self->cci, 0x5101, "\1\3", 2, self->out,
			     sizeof(self->out), &len, &rc));
	EXPECT_EQ(0, self->out[4 + 0xb]);	/* LTSSM Detect */
	EXPECT_EQ(0, self->out[4 + 0x7]);	/* no lanes */
	ASSERT_EQ(0, sim_knob(ID, "link", "3 up"));
	EXPECT_EQ(-EINVAL, sim_knob(ID, "link", "99 up"));
	EXPECT_EQ(0, sim_raw(self->ctx, self->cci, 0x0100, "\0", 1, self->out,
			     sizeof(self->out), &len, &rc));
	ASSERT_EQ(0x20 + 2 * 0x80, len);
	/* port 3, link state change, slot status DLLSC|PDC (+PDS when up) */
	EXPECT_EQ(3, self->out[0x50]);
	EXPECT_EQ(0, self->out[0x51]);
	EXPECT_EQ(0x08, self->out[0x52]);
	EXPECT_EQ(0x01, self->out[0x53]);
	EXPECT_EQ(0x48, self->out[0xd0 + 2]);
	EXPECT_EQ(4, self->out[0xd0 + 0xf]);	/* LTSSM L0 again */
	ASSERT_EQ(0, sim_knob_read(ID, "events", st, sizeof(st)));
	EXPECT_NE(NULL, strstr(st, "info records 2 "));
	EXPECT_USABLE();
}

TEST_F(flt, storm_overflows_every_log)
{
	char st[512];
	size_t len;
	uint16_t rc;

	ASSERT_EQ(0, sim_knob(ID, "storm", "1000"));
	ASSERT_EQ(0, sim_knob_read(ID, "events", st, sizeof(st)));
	EXPECT_NE(NULL, strstr(st, "fatal records 64 cap 64 overflow 1 count 936"));
	EXPECT_EQ(0, sim_raw(self->ctx, self->cci, 0x0100, "\3", 1, self->out,
			     sizeof(self->out), &len, &rc));
	EXPECT_EQ(3, self->out[0]);		/* overflow, more */
	EXPECT_EQ(15, self->out[0x14]);		/* (2048 - 32) / 128 */
	EXPECT_USABLE();
}

struct bg_call {
	FIXTURE_DATA(flt) *self;
	int ret;
	double t;
};

static void *call_identify(void *arg)
{
	struct bg_call *c = arg;
	size_t len;
	uint16_t rc;

	c->t = sim_now();
	c->ret = identify(c->self, &len, &rc);
	c->t = sim_now() - c->t;
	return NULL;
}

/* Removing the CCI while a command sleeps in the device fails it -ENODEV. */
TEST_F(flt, remove_mid_command)
{
	struct bg_call c;
	pthread_t th;

	c.self = self;
	ASSERT_EQ(0, sim_knob(ID, "latency_ms", "1500"));
	ASSERT_EQ(0, pthread_create(&th, NULL, call_identify, &c));
	usleep(300000);
	ASSERT_EQ(0, sim_knob(ID, "cci", "remove"));
	pthread_join(th, NULL);
	EXPECT_EQ(-ENODEV, c.ret);
	EXPECT_LT(c.t, 1.2);
	ASSERT_EQ(0, sim_knob(ID, "latency_ms", "0"));
	ASSERT_EQ(0, sim_knob(ID, "cci", "add"));
	self->cci = sim_cci(ID);
	EXPECT_USABLE();

	/* and del_device while a timeout fault holds a command */
	ASSERT_EQ(0, sim_knob(ID, "faults", "timeout any 1"));
	ASSERT_EQ(0, pthread_create(&th, NULL, call_identify, &c));
	usleep(300000);
	ASSERT_EQ(0, sim_del(ID));
	pthread_join(th, NULL);
	EXPECT_EQ(-ENODEV, c.ret);
	EXPECT_LT(c.t, 1.2);
}

TEST_HARNESS_MAIN
