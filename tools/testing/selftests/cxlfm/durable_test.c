// SPDX-License-Identifier: GPL-2.0
/*
 * Durable event delivery: a durable consumer's records stay in the
 * switch's log until it acknowledges them; the hold retention policy keeps
 * them while no consumer is registered and they are sent again when one
 * registers; a consumer that stops acknowledging is left behind after
 * event_hold_ms, its loss counted and announced; the registration ends
 * with its socket; a CCI registered again is another instance; every bad
 * request says why.  The switch is a cxlfm_sim instance with an event
 * interrupt, its logs read through its debugfs "events" file.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "kselftest_harness.h"
#include "perm_util.h"
#include "sim_util.h"

#define SIM_NR		79
#define SIM_ID		"79"
#define HOLD_MS		"/sys/module/cxlfm/parameters/event_hold_ms"

/* Collect events for @ms milliseconds (or until @max arrived). */
static int collect(struct cxlfm_events *ev, struct cxlfm_event *out, int max,
		   int ms)
{
	struct pollfd p = { .fd = cxlfm_events_fd(ev), .events = POLLIN };
	double end = sim_now() + ms / 1000.0;
	int n = 0;

	while (n < max) {
		if (cxlfm_events_next(ev, &out[n]) == 0) {
			n++;
			continue;
		}
		if (sim_now() >= end ||
		    poll(&p, 1, (int)((end - sim_now()) * 1000) + 1) != 1)
			break;
	}
	return n;
}

/* Only the events of @type among @n. */
static int only(struct cxlfm_event *e, int n, enum cxlfm_event_type type)
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		if (e[i].type == type)
			e[k++] = e[i];
	return k;
}

/* Records in the simulated switch's log @log, or -errno. */
static int log_records(unsigned int log)
{
	char buf[1024], *line = buf;
	unsigned int i, nr;
	int rc = sim_knob_read(SIM_NR, "events", buf, sizeof(buf));

	if (rc)
		return rc;
	/* "status", then one line per log: "<name> records N cap ..." */
	for (i = 0; i <= log && line; i++)
		line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL;
	if (!line || sscanf(strchr(line, ' '), " records %u", &nr) != 1)
		return -EIO;
	return nr;
}

/* Wait up to @ms for log @log to hold @want records; Return: what it holds. */
static int wait_records(unsigned int log, int want, int ms)
{
	int nr = log_records(log);

	for (; nr != want && ms > 0; ms -= 20) {
		usleep(20000);
		nr = log_records(log);
	}
	return nr;
}

static unsigned long long cci_attr(int cci, const char *name)
{
	char path[PATH_MAX], val[64];

	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%d/%s", cci, name);
	if (sysfs_read(path, val, sizeof(val)))
		return ~0ull;
	return strtoull(val, NULL, 0);
}

static const char *retention(int cci)
{
	static char val[32];
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%d/event_retention",
		 cci);
	if (sysfs_read(path, val, sizeof(val)))
		return "(unreadable)";
	return val;
}

static int set_retention(int cci, const char *policy)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%d/event_retention",
		 cci);
	return sysfs_write(path, policy);
}

static int inject(unsigned int log, unsigned int n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%u %u", log, n);
	return sim_knob(SIM_NR, "inject", buf);
}

FIXTURE(durable)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_events *plain;
	int cci;
	char hold[32];
	struct cxlfm_event e[256];
};

FIXTURE_SETUP(durable)
{
	ASSERT_EQ(0, sim_load());
	ASSERT_EQ(0, sysfs_read(HOLD_MS, self->hold, sizeof(self->hold)));
	/* a test that failed an assertion may have left its switch */
	sim_del(SIM_NR);
	ASSERT_EQ(0, sim_new(SIM_ID " ports=4 vcs=1 vppbs=4 log_cap=64 event_irq=1"));
	self->cci = sim_cci(SIM_NR);
	ASSERT_LE(0, self->cci);
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	ASSERT_EQ(0, cxlfm_events_open(self->ctx, &self->plain));
}

FIXTURE_TEARDOWN(durable)
{
	cxlfm_events_close(self->plain);
	cxlfm_unref(self->ctx);
	sim_del(SIM_NR);
	sysfs_write(HOLD_MS, self->hold);
}

/* A durable consumer on a subscription of its own. */
static struct cxlfm_events *consumer(struct __test_metadata *_metadata,
				     struct cxlfm_ctx *ctx)
{
	struct cxlfm_events *ev = NULL;

	EXPECT_EQ(0, cxlfm_events_open(ctx, &ev));
	EXPECT_EQ(0, cxlfm_events_durable(ev));
	return ev;
}

TEST_F(durable, plain_listeners_clear_as_before)
{
	int n;

	EXPECT_EQ(0, cci_attr(self->cci, "durable_consumers"));
	ASSERT_EQ(0, inject(0, 5));
	n = only(self->e, collect(self->plain, self->e, 5, 5000), CXLFM_EVENT_RECORD);
	EXPECT_EQ(5, n);
	EXPECT_EQ(0, wait_records(0, 0, 3000));
}

TEST_F(durable, held_until_acknowledged)
{
	struct cxlfm_events *c = consumer(_metadata, self->ctx);
	int n;

	ASSERT_NE(NULL, c);
	EXPECT_EQ(1, cci_attr(self->cci, "durable_consumers"));
	ASSERT_EQ(0, inject(0, 5));
	n = only(self->e, collect(c, self->e, 8, 3000), CXLFM_EVENT_RECORD);
	ASSERT_EQ(5, n);
	EXPECT_EQ(self->cci, (int)self->e[0].cci.id);
	EXPECT_EQ(cci_attr(self->cci, "instance"), cxlfm_events_instance(c));
	/* sent, not acknowledged: the switch keeps them */
	usleep(500000);
	EXPECT_EQ(5, log_records(0));
	ASSERT_EQ(0, cxlfm_events_ack(c));
	EXPECT_EQ(0, wait_records(0, 0, 3000));
	cxlfm_events_close(c);
	EXPECT_EQ(0, cci_attr(self->cci, "durable_consumers"));
}

TEST_F(durable, hold_keeps_them_for_the_next_consumer)
{
	struct cxlfm_event seen[7];
	struct cxlfm_events *c;
	int n, i;

	ASSERT_EQ(0, set_retention(self->cci, "hold"));
	ASSERT_EQ(0, inject(2, 7));
	n = only(self->e, collect(self->plain, self->e, 7, 3000), CXLFM_EVENT_RECORD);
	ASSERT_EQ(7, n);
	memcpy(seen, self->e, sizeof(seen));
	usleep(500000);
	EXPECT_EQ(7, log_records(2));

	/* registering sends what the switch holds again, new numbers */
	c = consumer(_metadata, self->ctx);
	ASSERT_NE(NULL, c);
	n = only(self->e, collect(c, self->e, 7, 3000), CXLFM_EVENT_RECORD);
	ASSERT_EQ(7, n);
	for (i = 0; i < 7; i++) {
		EXPECT_EQ(seen[i].record.handle, self->e[i].record.handle);
		EXPECT_EQ(seen[i].record.timestamp, self->e[i].record.timestamp);
		EXPECT_LT(seen[6].seq, self->e[i].seq);
	}
	/* the plain listener sees the replay too: same handles */
	n = only(self->e, collect(self->plain, self->e, 7, 3000), CXLFM_EVENT_RECORD);
	EXPECT_EQ(7, n);
	EXPECT_EQ(7, log_records(2));
	ASSERT_EQ(0, cxlfm_events_ack(c));
	EXPECT_EQ(0, wait_records(2, 0, 3000));
	cxlfm_events_close(c);
}

TEST_F(durable, registration_ends_with_the_socket)
{
	struct cxlfm_events *c = consumer(_metadata, self->ctx);
	int n;

	ASSERT_NE(NULL, c);
	ASSERT_EQ(0, inject(1, 3));
	n = only(self->e, collect(c, self->e, 3, 3000), CXLFM_EVENT_RECORD);
	ASSERT_EQ(3, n);
	usleep(300000);
	EXPECT_EQ(3, log_records(1));
	/* gone without acknowledging: retention "clear" clears them now */
	cxlfm_events_close(c);
	EXPECT_EQ(0, cci_attr(self->cci, "durable_consumers"));
	EXPECT_EQ(0, wait_records(1, 0, 3000));
}

TEST_F(durable, a_silent_consumer_is_left_behind)
{
	struct cxlfm_events *c;
	double t0;
	int n, i, unacked = 0;

	ASSERT_EQ(0, sysfs_write(HOLD_MS, "500"));
	c = consumer(_metadata, self->ctx);
	ASSERT_NE(NULL, c);
	t0 = sim_now();
	ASSERT_EQ(0, inject(3, 6));
	/* it never acknowledges; the drain goes on after the hold time */
	EXPECT_EQ(0, wait_records(3, 0, 5000));
	EXPECT_LE(0.4, sim_now() - t0);
	EXPECT_EQ(6, cci_attr(self->cci, "events_unacked"));
	n = collect(c, self->e, 16, 2000);
	for (i = 0; i < n; i++) {
		if (self->e[i].type != CXLFM_EVENT_UNACKED)
			continue;
		EXPECT_EQ(self->cci, (int)self->e[i].cci.id);
		unacked += self->e[i].missed;
	}
	EXPECT_EQ(6, unacked);
	/* left behind: the next records do not wait for it */
	ASSERT_EQ(0, inject(3, 4));
	EXPECT_EQ(0, wait_records(3, 0, 400));
	EXPECT_EQ(10, cci_attr(self->cci, "events_unacked"));
	/* a plain listener saw all of them, and the losses are not its own */
	n = collect(self->plain, self->e, 64, 1000);
	EXPECT_EQ(10, only(self->e, n, CXLFM_EVENT_RECORD));
	EXPECT_EQ(0, only(self->e, n, CXLFM_EVENT_UNACKED));
	/* acknowledging takes it back: it is waited for again */
	collect(c, self->e, 64, 500);
	ASSERT_EQ(0, cxlfm_events_ack(c));
	ASSERT_EQ(0, inject(3, 2));
	EXPECT_EQ(2, only(self->e, collect(c, self->e, 2, 3000), CXLFM_EVENT_RECORD));
	/* well within the 500 ms it may take */
	usleep(100000);
	EXPECT_EQ(2, log_records(3));
	ASSERT_EQ(0, cxlfm_events_ack(c));
	EXPECT_EQ(0, wait_records(3, 0, 3000));
	cxlfm_events_close(c);
}

TEST_F(durable, a_new_registration_is_a_new_instance)
{
	unsigned long long before = cci_attr(self->cci, "instance");
	int n, i, added = -1;

	ASSERT_NE(0, before);
	ASSERT_EQ(0, sim_knob(SIM_NR, "cci", "remove"));
	ASSERT_EQ(0, sim_knob(SIM_NR, "cci", "add"));
	n = collect(self->plain, self->e, 2, 3000);
	for (i = 0; i < n; i++)
		if (self->e[i].type == CXLFM_EVENT_CCI_ADDED)
			added = i;
	ASSERT_LE(0, added);
	self->cci = self->e[added].cci.id;
	EXPECT_EQ(1, self->e[added].seq);
	EXPECT_EQ(0, self->e[added].missed);
	EXPECT_NE(before, cci_attr(self->cci, "instance"));
	EXPECT_EQ(cci_attr(self->cci, "instance"), cxlfm_events_instance(self->plain));
	/* its records carry the new instance and follow on without a gap */
	ASSERT_EQ(0, inject(0, 2));
	n = only(self->e, collect(self->plain, self->e, 2, 3000), CXLFM_EVENT_RECORD);
	ASSERT_EQ(2, n);
	EXPECT_EQ(2, self->e[0].seq);
	EXPECT_EQ(0, self->e[0].missed);
	EXPECT_EQ(cci_attr(self->cci, "instance"), cxlfm_events_instance(self->plain));
}

/* An acknowledgement of CCI @cci: @instance and @seq unless 0. */
static int ack(struct perm_nl *s, uint32_t cci, uint64_t instance,
	       uint32_t seq, char *msg)
{
	uint8_t buf[PERM_MSG_MAX];
	size_t len = perm_msg_start(buf, s->family, NLM_F_REQUEST | NLM_F_ACK,
				    CXLFM_CMD_EVENTS_ACK);

	len = perm_put(buf, len, CXLFM_A_EVENT_CCI_ID, &cci, sizeof(cci));
	if (instance)
		len = perm_put(buf, len, CXLFM_A_EVENT_INSTANCE, &instance,
			       sizeof(instance));
	if (seq)
		len = perm_put(buf, len, CXLFM_A_EVENT_SEQ, &seq, sizeof(seq));
	return perm_xfer(s, buf, len, msg, 256);
}

static int durable_req(struct perm_nl *s, bool with_attr, char *msg)
{
	uint8_t buf[PERM_MSG_MAX];
	uint32_t cci = 0;
	size_t len = perm_msg_start(buf, s->family, NLM_F_REQUEST | NLM_F_ACK,
				    CXLFM_CMD_EVENTS_DURABLE);

	if (with_attr)
		len = perm_put(buf, len, CXLFM_A_EVENT_CCI_ID, &cci, sizeof(cci));
	return perm_xfer(s, buf, len, msg, 256);
}

static int set_req(struct perm_nl *s, uint32_t cci, uint8_t retention, char *msg)
{
	uint8_t buf[PERM_MSG_MAX];
	size_t len = perm_msg_start(buf, s->family, NLM_F_REQUEST | NLM_F_ACK,
				    CXLFM_CMD_CCI_SET);

	len = perm_put(buf, len, CXLFM_A_CCI_ID, &cci, sizeof(cci));
	len = perm_put(buf, len, CXLFM_A_CCI_EVENT_RETENTION, &retention,
		       sizeof(retention));
	return perm_xfer(s, buf, len, msg, 256);
}

TEST_F(durable, bad_requests_say_why)
{
	uint64_t instance = cci_attr(self->cci, "instance");
	char msg[256];
	struct perm_nl s;

	ASSERT_EQ(0, perm_nl_open(&s));
	EXPECT_EQ(-ENOENT, ack(&s, self->cci, instance, 1, msg));
	EXPECT_STREQ("this socket is not a durable consumer (events-durable)", msg);
	EXPECT_EQ(-EINVAL, ack(&s, self->cci, 0, 1, msg));
	EXPECT_STREQ("an acknowledgment needs cci-id, instance and seq", msg);
	EXPECT_EQ(-EINVAL, durable_req(&s, true, msg));
	EXPECT_EQ(0, cci_attr(self->cci, "durable_consumers"));
	ASSERT_EQ(0, durable_req(&s, false, msg));
	EXPECT_EQ(1, cci_attr(self->cci, "durable_consumers"));
	EXPECT_EQ(-EALREADY, durable_req(&s, false, msg));
	EXPECT_STREQ("this socket is a durable consumer already", msg);
	EXPECT_EQ(-ESTALE, ack(&s, self->cci, instance + 1, 1, msg));
	EXPECT_STREQ("that instance of the CCI is gone; what it did not clear is sent again by this one",
		     msg);
	EXPECT_EQ(-EINVAL, ack(&s, self->cci, instance, 1000000, msg));
	EXPECT_STREQ("acknowledges a notification not sent yet", msg);
	EXPECT_EQ(-ENODEV, ack(&s, 100000, instance, 1, msg));
	EXPECT_EQ(0, ack(&s, self->cci, instance, 1, msg));
	/* retention through cci-set, refused out of range */
	EXPECT_EQ(0, set_req(&s, self->cci, CXLFM_EVENT_RETENTION_HOLD, msg));
	EXPECT_STREQ("hold", retention(self->cci));
	EXPECT_GT(0, set_req(&s, self->cci, 2, msg));
	EXPECT_STREQ("hold", retention(self->cci));
	EXPECT_EQ(0, set_req(&s, self->cci, CXLFM_EVENT_RETENTION_CLEAR, msg));
	EXPECT_STREQ("clear", retention(self->cci));
	close(s.fd);
	EXPECT_EQ(0, cci_attr(self->cci, "durable_consumers"));
}

TEST_HARNESS_MAIN
