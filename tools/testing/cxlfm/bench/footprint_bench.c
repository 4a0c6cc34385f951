// SPDX-License-Identifier: GPL-2.0
/*
 * Footprint: kernel memory per switch, cxlfm's apart from the simulator's;
 * the memory libcxlfm adds to a process (context, CCI list, events
 * subscription); the peak RSS of the CLI's "cxlfm list" and "list -v".
 *
 * Kernel: slab totals (after reclaim) before creating the simulated
 * switches, with them registered with cxlfm, and once each has withdrawn
 * its CCI from cxlfm (the simulator's debugfs "cci" knob: "remove"), which
 * frees everything cxlfm holds for it and nothing of the simulator's.  The
 * last difference is cxlfm's share, the first the simulator's.  Every
 * per-switch allocation of both is below the slab's 8 KiB limit, so slab
 * totals see them all.
 *
 * Library: the private dirty memory (Private_Dirty of smaps_rollup) the
 * process gains, heap bytes in use (mallinfo2) and RSS.
 *
 * usage: footprint_bench FIRST_SIM_ID COUNT CLI   (cxlfm and cxlfm_sim
 * loaded; instances FIRST_SIM_ID.. are created and deleted)
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cxlfm/libcxlfm.h>

static int write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* Bytes in use over all slab caches, after reclaim. */
static long slab_bytes(void)
{
	unsigned long objs, num, size;
	char line[512], name[64];
	long total = 0;
	FILE *f;

	sleep(1);	/* RCU-deferred frees */
	write_str("/proc/sys/vm/drop_caches", "3");
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lu %lu %lu", name, &objs, &num, &size) == 4)
			total += objs * size;
	fclose(f);
	return total;
}

/* A "Key:   N kB" line of a /proc file. */
static long proc_kib(const char *path, const char *key)
{
	char line[128], fmt[64];
	long kib = -1;
	FILE *f = fopen(path, "r");

	snprintf(fmt, sizeof(fmt), "%s: %%ld", key);
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, fmt, &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

struct mem {
	long rss, dirty;	/* KiB */
	size_t heap;		/* bytes */
};

static void mem_now(struct mem *m)
{
	m->rss = proc_kib("/proc/self/status", "VmRSS");
	m->dirty = proc_kib("/proc/self/smaps_rollup", "Private_Dirty");
	m->heap = mallinfo2().uordblks;
}

/* Write @val to the debugfs knob @name of simulator @id. */
static int knob(int id, const char *name, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/kernel/debug/cxlfm_sim/%d/%s", id,
		 name);
	return write_str(path, val);
}

/* Peak RSS of the CLI with @args, output thrown away; KiB. */
static long cli_rss(char *const *args)
{
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execv(args[0], args);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	char *list[] = { argv[3], "list", NULL };
	char *list_v[] = { argv[3], "list", "-v", NULL };
	long base, with_cxlfm, sim_only, rss, rss_v;
	struct cxlfm_cci_info *cl;
	struct cxlfm_events *ev;
	struct cxlfm_ctx *ctx;
	struct mem m0, m1;
	int first, count, i;
	char spec[64];
	size_t nr;

	if (argc != 4)
		return fprintf(stderr, "usage: %s FIRST_SIM_ID COUNT CLI\n", argv[0]), 2;
	first = atoi(argv[1]);
	count = atoi(argv[2]);

	base = slab_bytes();
	for (i = 0; i < count; i++) {
		snprintf(spec, sizeof(spec), "%d ports=32 vcs=4", first + i);
		if (write_str("/sys/bus/cxlfm_sim/new_device", spec))
			return fprintf(stderr, "cannot create sim %d\n", first + i), 1;
	}
	sleep(2);	/* each new CCI's first event drain */
	with_cxlfm = slab_bytes();

	/* the CLI with every CCI there */
	rss = cli_rss(list);
	rss_v = cli_rss(list_v);
	if (rss < 0 || rss_v < 0)
		return fprintf(stderr, "cxlfm list failed\n"), 1;

	/* the library, in this process */
	mem_now(&m0);
	if (cxlfm_new(&ctx) || cxlfm_cci_list(ctx, &cl, &nr) ||
	    cxlfm_events_open(ctx, &ev))
		return fprintf(stderr, "cxlfm: cannot open\n"), 1;
	mem_now(&m1);
	free(cl);
	cxlfm_events_close(ev);
	cxlfm_unref(ctx);

	for (i = 0; i < count; i++)
		if (knob(first + i, "cci", "remove"))
			return fprintf(stderr, "cannot remove CCI of sim %d\n", first + i), 1;
	sim_only = slab_bytes();

	printf("footprint: %d switches (32 ports, 4 VCSs), slab after reclaim\n",
	       count);
	printf("  cxlfm:     %+ld KiB, %.1f KiB per switch (freed when the CCIs are withdrawn)\n",
	       (with_cxlfm - sim_only) / 1024,
	       (with_cxlfm - sim_only) / 1024.0 / count);
	printf("  simulator: %+ld KiB, %.1f KiB per switch (left once they are)\n",
	       (sim_only - base) / 1024, (sim_only - base) / 1024.0 / count);
	printf("  libcxlfm: a context, a list of %zu CCIs and an events subscription: private dirty %+ld KiB, heap %+zd B, RSS %+ld KiB\n",
	       nr, m1.dirty - m0.dirty, (ssize_t)(m1.heap - m0.heap),
	       m1.rss - m0.rss);
	printf("  cxlfm list (%zu CCIs): peak RSS %ld KiB; list -v: %ld KiB\n",
	       nr, rss, rss_v);

	for (i = 0; i < count; i++) {
		snprintf(spec, sizeof(spec), "%d", first + i);
		write_str("/sys/bus/cxlfm_sim/del_device", spec);
	}
	return 0;
}
