// SPDX-License-Identifier: GPL-2.0
/*
 * CCI removal is the last word: a simulated switch CCI is removed and
 * added back over and over while its event log feeds the in-band engine
 * a storm of binding change records, each of which the work item applies
 * and announces (a uevent and a hierarchy notification).  Half of the
 * removals run under the PCI rescan lock, as a PCI transport's removal on
 * hot-unplug does, while the work item needs that lock too.  A listener
 * records the order of everything it is told: nothing of a CCI may arrive
 * after that CCI's removal notification (until a new CCI takes its id).
 * The VM runner fails the run on any lockdep, KASAN or other report.
 *
 * CXLFM_INBAND_REMOVALS sets the removals: by default 1000 on the 6.12
 * stock leg (about 35 s under TCG), 50 on a debug leg (KASAN and lockdep
 * make each removal slow) and 200 on the others.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "kselftest_harness.h"
#include "inband_util.h"

#define ID		75
#define SPEC		"75 ports=4 vcs=1 vppbs=2 event_irq=1"
#define STORM		"binding 0 %d 24"	/* 24 records of vPPB 0 */
#define MAX_IDS		4096

struct listener {
	struct cxlfm_events *ev;
	atomic_bool stop;
	/* per CCI id: its removal was announced and no new CCI took the id */
	bool removed[MAX_IDS];
	atomic_ulong removals, hierarchy, records;
	unsigned long overruns, late;
	struct cxlfm_event first_late;
	int first_late_id;
};

static void *listen_thread(void *arg)
{
	struct listener *l = arg;
	struct pollfd p = { .fd = cxlfm_events_fd(l->ev), .events = POLLIN };
	struct cxlfm_event e;
	int rc, id;

	while (!atomic_load(&l->stop)) {
		rc = cxlfm_events_next(l->ev, &e);
		if (rc == -EAGAIN) {
			poll(&p, 1, 20);
			continue;
		}
		if (rc)
			break;
		id = e.cci.id;
		if (e.type == CXLFM_EVENT_OVERRUN) {
			l->overruns++;
			continue;
		}
		if (id < 0 || id >= MAX_IDS)
			continue;
		switch (e.type) {
		case CXLFM_EVENT_CCI_ADDED:
			l->removed[id] = false;
			continue;
		case CXLFM_EVENT_CCI_REMOVED:
			l->removed[id] = true;
			l->removals++;
			continue;
		case CXLFM_EVENT_HIERARCHY:
			l->hierarchy++;
			break;
		case CXLFM_EVENT_RECORD:
			l->records++;
			break;
		default:
			break;
		}
		if (l->removed[id] && !l->late++) {
			l->first_late = e;
			l->first_late_id = id;
		}
	}
	return NULL;
}

static int default_removals(void)
{
	const char *leg = getenv("CXLFM_LEG");

	if (leg && strstr(leg, "debug"))
		return 50;
	return leg && !strcmp(leg, "6.12") ? 1000 : 200;
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

TEST_F_TIMEOUT(removal, during_an_inband_storm, 900)
{
	static const int status[] = { 0, 2, 7 };	/* unbound, bound, reserved */
	const char *cnt = getenv("CXLFM_INBAND_REMOVALS");
	int rounds = cnt ? atoi(cnt) : default_removals();
	int bufsz = 32 << 20, round, id, quiet;
	struct listener *l = calloc(1, sizeof(*l));
	unsigned long seen;
	struct cxlfm_ctx *ctx;
	char storm[64];
	pthread_t t;
	double t0;

	ASSERT_NE(NULL, l);
	ASSERT_LT(0, rounds);
	ASSERT_EQ(0, sim_new(SPEC));
	ASSERT_EQ(0, cxlfm_new(&ctx));
	ASSERT_EQ(0, cxlfm_events_open(ctx, &l->ev));
	setsockopt(cxlfm_events_fd(l->ev), SOL_SOCKET, SO_RCVBUFFORCE, &bufsz,
		   sizeof(bufsz));
	ASSERT_EQ(0, pthread_create(&t, NULL, listen_thread, l));
	srand(time(NULL));

	t0 = sim_now();
	for (round = 0; round < rounds; round++) {
		snprintf(storm, sizeof(storm), STORM, status[round % 3]);
		ASSERT_EQ(0, sim_knob(ID, "record", storm));
		/* catch the work item anywhere in its storm */
		usleep(rand() % 3000);
		ASSERT_EQ(0, sim_knob(ID, "cci", round % 2 ? "surprise" : "remove"));
		ASSERT_EQ(0, sim_knob(ID, "cci", "add"));
		id = sim_cci(ID);
		ASSERT_LE(0, id);
	}
	TH_LOG("%d removals in %.1f s", rounds, sim_now() - t0);

	/* Let the listener read until nothing more comes for a second. */
	for (quiet = 0, seen = 0; quiet < 10; quiet++) {
		usleep(100000);
		if (l->removals + l->hierarchy + l->records != seen)
			quiet = 0;
		seen = l->removals + l->hierarchy + l->records;
	}
	atomic_store(&l->stop, true);
	pthread_join(t, NULL);

	TH_LOG("listener: %lu removals, %lu records, %lu hierarchy changes, %lu overruns",
	       atomic_load(&l->removals), atomic_load(&l->records),
	       atomic_load(&l->hierarchy), l->overruns);
	EXPECT_EQ(0, l->late);
	if (l->late)
		TH_LOG("%lu notifications after their CCI's removal; first: type %d of cxlfm%d (seq %u)",
		       l->late, l->first_late.type, l->first_late_id,
		       l->first_late.seq);
	/* every removal was seen, unless the socket overran */
	if (!l->overruns)
		EXPECT_EQ((unsigned long)rounds, atomic_load(&l->removals));
	EXPECT_LT(0, atomic_load(&l->hierarchy));
	cxlfm_events_close(l->ev);
	cxlfm_unref(ctx);
	free(l);
}

TEST_HARNESS_MAIN
