// SPDX-License-Identifier: GPL-2.0
/*
 * Reload campaign: cxlfm and cxlfm_sim are unloaded and reloaded 100 times
 * while a child process keeps an events listener subscribed and commands
 * in flight (it reconnects whenever the family goes away).  At the end, no
 * slab cache may hold more objects than before the campaign by one per
 * cycle (a leak of one object per reload), beyond one slab of noise; the total slab delta is printed.  Both snapshots are
 * taken the same way: after warm-up cycles with the child, the child
 * stopped, RCU-deferred frees given time, caches dropped.  On the debug
 * kernel the VM runner adds a kmemleak scan, which also sees leaks too
 * small for slab counts, and is the only judge there (see the end).
 * Runs in the VM, as root.
 *
 * CXLFM_RELOAD_COUNT sets the number of cycles (default 100; 20 on a debug
 * kernel, where kmemleak judges and one leaked object a cycle is 20 reports:
 * 100 cycles took 195 s there).
 */
#include <dirent.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define SIM_ID		60
#define MAX_CACHES	512

struct slab {
	char name[64];
	unsigned long objs, size, per_slab;
};

struct slabs {
	struct slab c[MAX_CACHES];
	int nr;
	unsigned long bytes;
};

/* What the child did, in memory shared with the parent. */
struct child_stats {
	unsigned long commands, failures, connects, events;
};

/*
 * Flush every cache's per-CPU slabs back to its lists, so that objects
 * freed there stop counting as active in /proc/slabinfo (SLUB).
 */
static void slab_shrink_all(void)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir = opendir("/sys/kernel/slab");

	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink",
			 d->d_name);
		sysfs_write(path, "1");
	}
	closedir(dir);
}

/* /proc/slabinfo after reclaiming what can be reclaimed. */
static int slab_snapshot(struct slabs *s)
{
	char line[512];
	FILE *f;

	sleep(2);	/* RCU-deferred frees (creds, pids, files) */
	sync();
	sysfs_write("/proc/sys/vm/drop_caches", "3");
	slab_shrink_all();
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -errno;
	s->nr = 0;
	s->bytes = 0;
	while (fgets(line, sizeof(line), f) && s->nr < MAX_CACHES) {
		struct slab *c = &s->c[s->nr];
		unsigned long num;

		if (line[0] == '#' || !strncmp(line, "slabinfo", 8))
			continue;
		if (sscanf(line, "%63s %lu %lu %lu %lu", c->name, &c->objs,
			   &num, &c->size, &c->per_slab) != 5)
			continue;
		s->bytes += c->objs * c->size;
		s->nr++;
	}
	fclose(f);
	return 0;
}

/* Where a grown cache's objects come from, when slub_debug=U tracks it. */
static void log_alloc_calls(struct __test_metadata *_metadata,
			    const char *cache)
{
	char path[PATH_MAX], line[256];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "/sys/kernel/slab/%s/alloc_calls", cache);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f) && n++ < 20)
		TH_LOG("  %s", line);
	if (f)
		fclose(f);
}

/* Listener and commands, reconnecting after each unload; never returns. */
static void child(struct child_stats *st)
{
	for (;;) {
		struct cxlfm_events *ev = NULL;
		struct cxlfm_cci_info *list;
		struct cxlfm_ctx *ctx;
		struct cxlfm_event e;
		size_t nr, i;

		if (cxlfm_new(&ctx)) {
			usleep(1000);
			continue;
		}
		st->connects++;
		cxlfm_events_open(ctx, &ev);
		for (;;) {
			uint8_t out[64];
			struct cxlfm_raw_cmd c = { .opcode = 0x0001, .out = out,
						   .out_cap = sizeof(out) };

			if (cxlfm_cci_list(ctx, &list, &nr))
				break;
			for (i = 0; i < nr; i++) {
				if (cxlfm_raw(ctx, list[i].id, &c))
					st->failures++;
				else
					st->commands++;
			}
			free(list);
			while (ev && cxlfm_events_next(ev, &e) == 0)
				st->events++;
			if (!nr)
				usleep(1000);
		}
		cxlfm_events_close(ev);
		cxlfm_unref(ctx);
	}
}

static int load_all(void)
{
	char spec[32];
	int rc;

	rc = sim_load_module("drivers/cxlfm/cxlfm.ko");
	if (!rc)
		rc = sim_load_module("tools/testing/cxlfm/sim/cxlfm_sim.ko");
	snprintf(spec, sizeof(spec), "%d ports=8", SIM_ID);
	return rc ? rc : sysfs_write(SIM_BUS "/new_device", spec);
}

static void stop_child(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGKILL);
		waitpid(*pid, NULL, 0);
	}
	*pid = -1;
}

/* @n load/unload cycles, each once the child's commands reach the switch */
static int cycles(struct __test_metadata *_metadata, struct child_stats *st,
		  unsigned long n)
{
	unsigned long i, last = st->commands;
	int j, rc;

	for (i = 0; i < n; i++) {
		rc = load_all();
		if (rc) {
			TH_LOG("cycle %lu: load: %d", i, rc);
			return rc;
		}
		for (j = 0; j < 2000 && st->commands == last; j++)
			usleep(1000);
		last = st->commands;
		rc = sim_unload();
		if (rc) {
			TH_LOG("cycle %lu: unload: %d", i, rc);
			return rc;
		}
	}
	return 0;
}

/*
 * Caches of @after with more objects than in @before, beyond one per cycle
 * of @n and a slab's worth; each one logged (with its allocation sites)
 * when @_metadata is given.
 */
static unsigned long slabs_grown(const struct slabs *before,
				 const struct slabs *after, unsigned long n,
				 struct __test_metadata *_metadata)
{
	unsigned long grown = 0;
	int j, k;

	for (j = 0; j < after->nr; j++) {
		for (k = 0; k < before->nr; k++)
			if (!strcmp(before->c[k].name, after->c[j].name))
				break;
		if (k < before->nr && after->c[j].objs < before->c[k].objs + n +
		    after->c[j].per_slab)
			continue;
		grown++;
		if (!_metadata)
			continue;
		TH_LOG("slab %s: %lu objects before, %lu after", after->c[j].name,
		       k < before->nr ? before->c[k].objs : 0, after->c[j].objs);
		log_alloc_calls(_metadata, after->c[j].name);
	}
	return grown;
}

static bool debug_leg(void)
{
	const char *leg = getenv("CXLFM_LEG");

	return leg && strstr(leg, "debug");
}

FIXTURE(reload) {
	struct child_stats *st;
	pid_t pid;
};

FIXTURE_SETUP(reload)
{
	ASSERT_NE(NULL, getenv("CXLFM_KMOD"));
	ASSERT_EQ(0, sim_unload());
	self->st = mmap(NULL, sizeof(*self->st), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->st);
	memset(self->st, 0, sizeof(*self->st));
	self->pid = -1;
}

FIXTURE_TEARDOWN(reload)
{
	stop_child(&self->pid);
	munmap(self->st, sizeof(*self->st));
}

TEST_F_TIMEOUT(reload, reloads_with_traffic, 3600)
{
	const char *cnt = getenv("CXLFM_RELOAD_COUNT");
	unsigned long n = cnt ? strtoul(cnt, NULL, 0) : debug_leg() ? 20 : 100;
	static struct slabs before, after;
	unsigned long grown;
	int tries;

	/* warm-up: the caches a load and the child's traffic need */
	self->pid = fork();
	ASSERT_LE(0, self->pid);
	if (!self->pid)
		child(self->st);
	ASSERT_EQ(0, cycles(_metadata, self->st, 5));
	stop_child(&self->pid);
	ASSERT_EQ(0, slab_snapshot(&before));
	memset(self->st, 0, sizeof(*self->st));

	self->pid = fork();
	ASSERT_LE(0, self->pid);
	if (!self->pid)
		child(self->st);
	ASSERT_EQ(0, cycles(_metadata, self->st, n));
	stop_child(&self->pid);
	ASSERT_EQ(0, slab_snapshot(&after));

	TH_LOG("%lu cycles: child connected %lu times, %lu commands answered, "
	       "%lu failed (module going away), %lu events received",
	       n, self->st->connects, self->st->commands,
	       self->st->failures, self->st->events);
	TH_LOG("slab total: %lu KiB before, %lu KiB after (%+ld KiB)",
	       before.bytes >> 10, after.bytes >> 10,
	       ((long)after.bytes - (long)before.bytes) / 1024);
	/* commands were in flight through the campaign */
	EXPECT_LE(n, self->st->connects);
	EXPECT_LT(0, self->st->commands);
	/*
	 * Files, dentries and inodes are freed after an RCU grace period or
	 * by reclaim, which a loaded TCG guest may not have finished by the
	 * first snapshot: a cache that grew is measured again, up to 30 s
	 * later, and only growth that stays counts.
	 */
	for (tries = 0; !debug_leg() && tries < 15 &&
	     slabs_grown(&before, &after, n, NULL); tries++)
		ASSERT_EQ(0, slab_snapshot(&after));
	if (tries)
		TH_LOG("slab counts measured %d more times", tries);
	grown = slabs_grown(&before, &after, n, _metadata);
	/*
	 * On the debug leg the checkers' own pools (debug objects, kmemleak,
	 * KASAN's quarantine) move slab counts by hundreds of objects: there
	 * the growth is only printed, and kmemleak's scan is the judge.
	 */
	if (!debug_leg())
		EXPECT_EQ(0, grown);
}

TEST_HARNESS_MAIN
