// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency: 8 threads send mixed commands to 4 simulated switches that
 * differ in serial number and port count, each thread through its own
 * libcxlfm context (the library makes no thread-safety claim for a shared
 * one).  Every reply is checked against its request:
 *  - Identify (0x0001): the serial number of the switch asked;
 *  - Identify Switch Device (0x5100): that switch's port count;
 *  - Get Physical Port State (0x5101) of one random port: one block, for
 *    that port id, in a valid state.
 * Zero errors and zero crossed replies are required.  Runs in the VM.
 *
 * CXLFM_CONC_COUNT sets the commands per thread (default 10000, 2500 on
 * the debug leg; make reliability-long runs the full count).
 */
#include <pthread.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define THREADS		8
#define SWITCHES	4
#define SIM_FIRST	50

struct sw {
	unsigned int cci;
	unsigned int ports;
	uint64_t serial;
};

struct worker {
	pthread_t thread;
	const struct sw *sws;
	unsigned long count;
	unsigned int seed;
	unsigned long ok, errors, crossed;
	char first_problem[160];
};

static void problem(struct worker *w, unsigned long *counter, const char *fmt,
		    unsigned int a, unsigned int b)
{
	(*counter)++;
	if (!w->first_problem[0])
		snprintf(w->first_problem, sizeof(w->first_problem), fmt, a, b);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct cxlfm_ctx *ctx;
	uint8_t in[2], out[256];
	unsigned long i;

	if (cxlfm_new(&ctx)) {
		w->errors = w->count;
		snprintf(w->first_problem, sizeof(w->first_problem),
			 "cxlfm_new failed");
		return NULL;
	}
	for (i = 0; i < w->count; i++) {
		const struct sw *s = &w->sws[rand_r(&w->seed) % SWITCHES];
		unsigned int kind = rand_r(&w->seed) % 3;
		struct cxlfm_raw_cmd c = { .out = out, .out_cap = sizeof(out) };
		unsigned int port = rand_r(&w->seed) % s->ports;
		uint64_t serial;
		int rc;

		if (kind == 0) {
			c.opcode = 0x0001;
		} else if (kind == 1) {
			c.opcode = 0x5100;
		} else {
			c.opcode = 0x5101;
			in[0] = 1;
			in[1] = port;
			c.in = in;
			c.in_len = 2;
		}
		rc = cxlfm_raw(ctx, s->cci, &c);
		if (rc || c.return_code) {
			problem(w, &w->errors, "error %d, return code %u",
				(unsigned int)-rc, c.return_code);
			continue;
		}
		switch (kind) {
		case 0:	/* CXL r3.2 §8.2.10.1.1: serial at 0x08 */
			memcpy(&serial, out + 0x08, sizeof(serial));
			if (c.out_len < 0x12 || serial != s->serial) {
				problem(w, &w->crossed,
					"Identify of cci %u: serial of another (%u)",
					s->cci, (unsigned int)(serial >> 16));
				continue;
			}
			break;
		case 1:	/* §7.6.7.1.1: number of physical ports at 0x02 */
			if (c.out_len < 0x49 || out[0x02] != s->ports) {
				problem(w, &w->crossed,
					"Identify Switch of cci %u: %u ports",
					s->cci, out[0x02]);
				continue;
			}
			break;
		default: /* §7.6.7.1.2: count at 0, blocks of 16 from 4 */
			if (c.out_len != 4 + 16 || out[0] != 1 ||
			    out[4] != port || out[5] > 6) {
				problem(w, &w->crossed,
					"Port State of port %u: block of %u",
					port, out[4]);
				continue;
			}
			break;
		}
		w->ok++;
	}
	cxlfm_unref(ctx);
	return NULL;
}

/*
 * The debug leg (KASAN, lockdep, kmemleak) runs the kernel side some 20
 * times slower: a quarter of the count keeps make check bounded there.
 */
static bool debug_leg(void)
{
	const char *leg = getenv("CXLFM_LEG");

	return leg && strstr(leg, "debug");
}

FIXTURE(conc) {
	struct sw sws[SWITCHES];
};

FIXTURE_SETUP(conc)
{
	struct cxlfm_cci_info info;
	struct cxlfm_ctx *ctx;
	char spec[64];
	int i, cci;

	ASSERT_NE(NULL, getenv("CXLFM_KMOD"));
	ASSERT_EQ(0, sim_load());
	ASSERT_EQ(0, cxlfm_new(&ctx));
	for (i = 0; i < SWITCHES; i++) {
		self->sws[i].ports = 6 + 4 * i;
		snprintf(spec, sizeof(spec), "%d ports=%u", SIM_FIRST + i,
			 self->sws[i].ports);
		ASSERT_EQ(0, sim_new(spec));
		cci = sim_cci(SIM_FIRST + i);
		ASSERT_LE(0, cci);
		self->sws[i].cci = cci;
		ASSERT_EQ(0, cxlfm_cci_get(ctx, cci, &info));
		ASSERT_TRUE(info.has_identity);
		ASSERT_EQ(self->sws[i].ports, info.num_ports);
		self->sws[i].serial = info.serial;
	}
	/* distinct serials, or a crossed Identify would go unseen */
	for (i = 1; i < SWITCHES; i++)
		ASSERT_NE(self->sws[0].serial, self->sws[i].serial);
	cxlfm_unref(ctx);
}

FIXTURE_TEARDOWN(conc)
{
	int i;

	for (i = 0; i < SWITCHES; i++)
		sim_del(SIM_FIRST + i);
}

TEST_F_TIMEOUT(conc, eight_threads_four_switches, 3600)
{
	const char *cnt = getenv("CXLFM_CONC_COUNT");
	unsigned long count = cnt ? strtoul(cnt, NULL, 0) :
			      debug_leg() ? 2500 : 10000;
	unsigned long ok = 0, errors = 0, crossed = 0;
	struct worker w[THREADS] = {};
	struct timespec t0, t1;
	double secs;
	int i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < THREADS; i++) {
		w[i].sws = self->sws;
		w[i].count = count;
		w[i].seed = 1 + i;
		ASSERT_EQ(0, pthread_create(&w[i].thread, NULL, work, &w[i]));
	}
	for (i = 0; i < THREADS; i++) {
		ASSERT_EQ(0, pthread_join(w[i].thread, NULL));
		ok += w[i].ok;
		errors += w[i].errors;
		crossed += w[i].crossed;
		if (w[i].first_problem[0])
			TH_LOG("thread %d: %s", i, w[i].first_problem);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	TH_LOG("%d threads x %lu commands on %d switches in %.1f s "
	       "(%.0f/s): %lu checked, %lu errors, %lu crossed replies",
	       THREADS, count, SWITCHES, secs, THREADS * count / secs, ok,
	       errors, crossed);
	EXPECT_EQ(0, errors);
	EXPECT_EQ(0, crossed);
	EXPECT_EQ(THREADS * count, ok);
}

TEST_HARNESS_MAIN
