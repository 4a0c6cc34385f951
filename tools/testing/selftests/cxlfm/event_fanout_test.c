// SPDX-License-Identifier: GPL-2.0
/*
 * 100 000 event records, drained on the simulator's event interrupt, reach
 * four listeners: each one receives every record or is told exactly how
 * many it lost (a socket overrun shows as a sequence gap on the next event,
 * a device overflow as an overflow event with its count).  Marker records
 * in another log close the run, so that no trailing loss goes untold.
 * A burst larger than the device's log shows the device's own loss.
 * A debug kernel (KASAN, kmemleak) is an order of magnitude slower under
 * TCG: there the run is cut to a fiftieth so the leg stays within its time.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "kselftest_harness.h"
#include "inband_util.h"

#define ID		73
#define TOTAL		100000
#define TOTAL_DEBUG	(TOTAL / 50)
#define CHUNK		1000
#define LISTENERS	4

/*
 * The run ends with a marker record in the fatal log, sent again every
 * 100 ms until every listener has one: a listener whose socket was full
 * loses markers too.  Markers are that log's only records, so the first
 * one a listener sees tells by its handle how many markers it lost; the
 * rest of its sequence gaps were records.
 */
struct listener {
	struct cxlfm_events *ev;
	int cci;
	unsigned long received, missed, device_lost, overruns;
	atomic_bool done;
};

static void *listen_thread(void *arg)
{
	struct listener *l = arg;
	struct pollfd p = { .fd = cxlfm_events_fd(l->ev), .events = POLLIN };
	double end = sim_now() + 240;
	struct cxlfm_event e;
	int rc;

	while (!atomic_load(&l->done) && sim_now() < end) {
		rc = cxlfm_events_next(l->ev, &e);
		if (rc == -EAGAIN) {
			poll(&p, 1, 100);
			continue;
		}
		if (rc)
			break;
		if (e.type == CXLFM_EVENT_OVERRUN) {
			l->overruns++;
			continue;
		}
		if ((int)e.cci.id != l->cci)
			continue;
		l->missed += e.missed;
		if (e.type == CXLFM_EVENT_LOG_OVERFLOW)
			l->device_lost += e.record.overflow_count;
		else if (e.type == CXLFM_EVENT_RECORD && e.record.log == 0)
			l->received++;
		else if (e.type == CXLFM_EVENT_RECORD && e.record.log == 3) {
			l->missed -= e.record.handle - 1;
			atomic_store(&l->done, true);
		}
	}
	return NULL;
}

/* Wait until the simulator's informational log is empty. */
static int wait_drained(void)
{
	char buf[1024];
	int ms;

	for (ms = 0; ms < 20000; ms += 5) {
		if (!sim_knob_read(ID, "events", buf, sizeof(buf)) &&
		    strstr(buf, "info records 0 "))
			return 0;
		usleep(5000);
	}
	return -ETIMEDOUT;
}

FIXTURE(fanout)
{
	struct cxlfm_ctx *ctx;
	struct listener l[LISTENERS];
	int cci;
};

FIXTURE_SETUP(fanout)
{
	char spec[128];
	int i;

	ASSERT_EQ(0, sim_load());
	snprintf(spec, sizeof(spec), "%d ports=8 log_cap=1024 event_irq=1", ID);
	ASSERT_EQ(0, sim_new(spec));
	self->cci = sim_cci(ID);
	ASSERT_LE(0, self->cci);
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	for (i = 0; i < LISTENERS; i++) {
		ASSERT_EQ(0, cxlfm_events_open(self->ctx, &self->l[i].ev));
		self->l[i].cci = self->cci;
	}
}

FIXTURE_TEARDOWN(fanout)
{
	int i;

	for (i = 0; i < LISTENERS; i++)
		cxlfm_events_close(self->l[i].ev);
	cxlfm_unref(self->ctx);
	sim_del(ID);
}

/* Send markers until every listener has seen one, then join them. */
static void finish(struct listener *l, pthread_t *t)
{
	double end = sim_now() + 60;
	int i, done;

	do {
		sim_knob(ID, "inject", "3 1");
		usleep(100000);
		for (i = 0, done = 0; i < LISTENERS; i++)
			done += atomic_load(&l[i].done);
	} while (done < LISTENERS && sim_now() < end);
	for (i = 0; i < LISTENERS; i++)
		pthread_join(t[i], NULL);
}

TEST_F_TIMEOUT(fanout, every_record_or_its_loss_reaches_every_listener, 300)
{
	int total = path_exists("/sys/kernel/debug/kmemleak") ? TOTAL_DEBUG : TOTAL;
	char chunk[32], ev[1024];
	pthread_t t[LISTENERS];
	unsigned long lost;
	int i, sent;

	for (i = 0; i < LISTENERS; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, listen_thread, &self->l[i]));
	/* In chunks the log holds: the device itself never has to drop. */
	snprintf(chunk, sizeof(chunk), "0 %d", CHUNK);
	TH_LOG("%d records to %d listeners", total, LISTENERS);
	for (sent = 0; sent < total; sent += CHUNK) {
		ASSERT_EQ(0, sim_knob(ID, "inject", chunk));
		ASSERT_EQ(0, wait_drained());
	}
	finish(self->l, t);
	ASSERT_EQ(0, sim_knob_read(ID, "events", ev, sizeof(ev)));
	TH_LOG("simulator after the run:\n%s", ev);

	for (i = 0; i < LISTENERS; i++) {
		struct listener *l = &self->l[i];

		lost = l->missed + l->device_lost;
		TH_LOG("listener %d: %lu received, %lu lost (%lu overruns, %lu dropped by the device)",
		       i, l->received, lost, l->overruns, l->device_lost);
		EXPECT_TRUE(atomic_load(&l->done));
		EXPECT_EQ(total, l->received + lost);
		/* A loss is never silent: a gap comes with an overrun. */
		if (l->missed)
			EXPECT_LT(0, l->overruns);
	}
}

/*
 * One burst larger than the log, added while the simulator holds its lock:
 * the device drops the excess, and every listener is told how many with
 * the overflow's count.
 */
TEST_F_TIMEOUT(fanout, device_overflow_is_reported_with_its_count, 120)
{
	pthread_t t[LISTENERS];
	int i, burst = 3000;

	for (i = 0; i < LISTENERS; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, listen_thread, &self->l[i]));
	ASSERT_EQ(0, sim_knob(ID, "inject", "0 3000"));
	ASSERT_EQ(0, wait_drained());
	finish(self->l, t);
	for (i = 0; i < LISTENERS; i++) {
		struct listener *l = &self->l[i];

		TH_LOG("listener %d: %lu received, %lu dropped by the device, %lu lost here",
		       i, l->received, l->device_lost, l->missed);
		EXPECT_TRUE(atomic_load(&l->done));
		EXPECT_EQ(burst - 1024, l->device_lost);
		EXPECT_EQ(burst, l->received + l->device_lost + l->missed);
	}
}

TEST_HARNESS_MAIN
