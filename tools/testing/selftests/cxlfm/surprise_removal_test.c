// SPDX-License-Identifier: GPL-2.0
/*
 * Surprise removal of a simulated CCI under load: eight threads keep
 * commands in flight (each sleeps in the simulator) while the CCI is
 * removed (debugfs "cci remove", or the whole instance with del_device)
 * and added back, 50 times.  Every call either succeeds or fails with
 * -ENODEV, a listener sees each removal, and the CCI works again after
 * each re-add.  The VM runner fails the run on any warning or kmemleak
 * report.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "kselftest_harness.h"
#include "inband_util.h"

#define ID		74
#define THREADS		8
#define ROUNDS		50
#define SPEC		"74 ports=8 event_irq=1"

struct load {
	atomic_int *cci;		/* current CCI id, -1 while removed */
	atomic_bool *stop;
	unsigned long ok, enodev, other;
	int other_err;
};

static void *load_thread(void *arg)
{
	struct load *ld = arg;
	struct cxlfm_ctx *ctx;
	uint8_t out[256];
	int rc, id;

	if (cxlfm_new(&ctx))
		return NULL;
	while (!atomic_load(ld->stop)) {
		struct cxlfm_raw_cmd cmd = {
			.opcode = 0x0001, .out = out, .out_cap = sizeof(out),
		};

		id = atomic_load(ld->cci);
		if (id < 0) {
			usleep(1000);
			continue;
		}
		rc = cxlfm_raw(ctx, id, &cmd);
		if (!rc) {
			ld->ok++;
		} else if (rc == -ENODEV) {
			ld->enodev++;
			usleep(1000);	/* the CCI is going: do not spin */
		} else if (!ld->other++) {
			ld->other_err = rc;
		}
	}
	cxlfm_unref(ctx);
	return NULL;
}

/* Wait for the CCI_DEL notification of @cci, skipping anything else. */
static int wait_removed(struct cxlfm_events *ev, int cci)
{
	struct pollfd p = { .fd = cxlfm_events_fd(ev), .events = POLLIN };
	struct cxlfm_event e;
	int ms, rc;

	for (ms = 0; ms < 10000; ms += 20) {
		rc = cxlfm_events_next(ev, &e);
		if (rc == -EAGAIN) {
			poll(&p, 1, 20);
			continue;
		}
		if (rc)
			return rc;
		if (e.type == CXLFM_EVENT_CCI_REMOVED && (int)e.cci.id == cci)
			return 0;
	}
	return -ETIMEDOUT;
}

FIXTURE(removal)
{
	int unused;
};

FIXTURE_SETUP(removal)
{
	ASSERT_EQ(0, sim_load());
}

FIXTURE_TEARDOWN(removal)
{
	sim_del(ID);
}

TEST_F_TIMEOUT(removal, under_load_50_times, 300)
{
	struct cxlfm_cci_info info;
	struct load ld[THREADS] = {};
	pthread_t t[THREADS];
	atomic_int cci;
	atomic_bool stop = false;
	struct cxlfm_events *ev;
	struct cxlfm_ctx *ctx;
	unsigned long ok = 0, enodev = 0;
	int i, round, id;

	ASSERT_EQ(0, sim_new(SPEC));
	/* Each command sleeps in the simulator: removals catch some mid-way. */
	ASSERT_EQ(0, sim_knob(ID, "latency_ms", "2"));
	id = sim_cci(ID);
	ASSERT_LE(0, id);
	atomic_init(&cci, id);
	ASSERT_EQ(0, cxlfm_new(&ctx));
	ASSERT_EQ(0, cxlfm_events_open(ctx, &ev));
	for (i = 0; i < THREADS; i++) {
		ld[i].cci = &cci;
		ld[i].stop = &stop;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, load_thread, &ld[i]));
	}

	for (round = 0; round < ROUNDS; round++) {
		usleep(50000);
		/* Every fifth round the whole instance goes, not only its CCI. */
		if (round % 5 == 4) {
			ASSERT_EQ(0, sim_del(ID));
		} else {
			ASSERT_EQ(0, sim_knob(ID, "cci", "remove"));
		}
		ASSERT_EQ(0, wait_removed(ev, id));
		atomic_store(&cci, -1);
		if (round % 5 == 4) {
			ASSERT_EQ(0, sim_new(SPEC));
			ASSERT_EQ(0, sim_knob(ID, "latency_ms", "2"));
		} else {
			ASSERT_EQ(0, sim_knob(ID, "cci", "add"));
		}
		id = sim_cci(ID);
		ASSERT_LE(0, id);
		/* The new CCI answers. */
		ASSERT_EQ(0, cxlfm_cci_get(ctx, id, &info));
		EXPECT_TRUE(info.is_switch);
		atomic_store(&cci, id);
	}
	atomic_store(&stop, true);
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		ok += ld[i].ok;
		enodev += ld[i].enodev;
		EXPECT_EQ(0, ld[i].other);
		if (ld[i].other)
			TH_LOG("thread %d: %lu calls failed otherwise, first %d",
			       i, ld[i].other, ld[i].other_err);
	}
	TH_LOG("%d removals: %lu calls succeeded, %lu failed with ENODEV",
	       ROUNDS, ok, enodev);
	EXPECT_LT(0, ok);
	EXPECT_LT(0, enodev);
	cxlfm_events_close(ev);
	cxlfm_unref(ctx);
}

TEST_HARNESS_MAIN
