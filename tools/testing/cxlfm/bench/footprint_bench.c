// SPDX-License-Identifier: GPL-2.0
/*
 * Footprint: kernel memory per switch (slab totals before and after
 * creating simulated switches, per switch; the simulator's own state,
 * event logs included, is part of it), the resident memory libcxlfm adds to a
 * process (context, CCI list, events subscription), and the peak RSS of
 * the CLI's "cxlfm list".
 *
 * usage: footprint_bench FIRST_SIM_ID COUNT CLI   (cxlfm and cxlfm_sim
 * loaded; instances FIRST_SIM_ID.. are created and deleted)
 */
#include <errno.h>
#include <fcntl.h>
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

static long rss_kib(void)
{
	char line[128];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

int main(int argc, char **argv)
{
	struct cxlfm_cci_info *list;
	struct cxlfm_events *ev;
	struct cxlfm_ctx *ctx;
	long before, after, r0, r1;
	struct rusage ru;
	int first, count, i, status;
	char spec[64];
	size_t nr;
	pid_t pid;

	if (argc != 4)
		return fprintf(stderr, "usage: %s FIRST_SIM_ID COUNT CLI\n", argv[0]), 2;
	first = atoi(argv[1]);
	count = atoi(argv[2]);

	before = slab_bytes();
	for (i = 0; i < count; i++) {
		snprintf(spec, sizeof(spec), "%d ports=32 vcs=4", first + i);
		if (write_str("/sys/bus/cxlfm_sim/new_device", spec))
			return fprintf(stderr, "cannot create sim %d\n", first + i), 1;
	}
	sleep(2);	/* each new CCI's first event drain */
	after = slab_bytes();
	printf("footprint: %d switches (32 ports, 4 VCSs): slab +%ld KiB, %.1f KiB per switch (simulator state included)\n",
	       count, (after - before) / 1024, (after - before) / 1024.0 / count);

	r0 = rss_kib();
	if (cxlfm_new(&ctx) || cxlfm_cci_list(ctx, &list, &nr) ||
	    cxlfm_events_open(ctx, &ev))
		return fprintf(stderr, "cxlfm: cannot open\n"), 1;
	r1 = rss_kib();
	printf("  libcxlfm: +%ld KiB RSS for a context, a list of %zu CCIs and an events subscription (process %ld KiB)\n",
	       r1 - r0, nr, r1);
	free(list);
	cxlfm_events_close(ev);
	cxlfm_unref(ctx);

	pid = fork();
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execl(argv[3], argv[3], "list", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return fprintf(stderr, "cxlfm list failed\n"), 1;
	printf("  cxlfm list (%zu CCIs): peak RSS %ld KiB\n", nr, ru.ru_maxrss);

	for (i = 0; i < count; i++) {
		snprintf(spec, sizeof(spec), "%d", first + i);
		write_str("/sys/bus/cxlfm_sim/del_device", spec);
	}
	return 0;
}
