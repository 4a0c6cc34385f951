// SPDX-License-Identifier: GPL-2.0
/*
 * Fabric snapshot: "cxlfm list -vv" of one simulated switch.  The
 * simulator counts the mailbox transactions cxlfm sends, per opcode
 * (debugfs "commands"); printed against the least the payload size allows,
 * derived from the FM-API layouts:
 *
 *   Identify Switch Device (CXL r3.2 §7.6.7.1.1): 1, for the active-VCS
 *     bitmask that names the VCSs to read.
 *   Get Physical Port State (§7.6.7.1.2): ceil(ports / per), per =
 *     min(255, (P - 4) / 16): a 4-byte header and 16 bytes per port in the
 *     response, a one-byte count in the request.
 *   Get Virtual CXL Switch Info (§7.6.7.2.1): one start vPPB and limit
 *     (each one byte) for every VCS named; the response is a 4-byte header
 *     and per VCS a 4-byte block header and 4 bytes per vPPB.  A command
 *     naming k VCSs carries at most E(k) = min(k * min(B, 255),
 *     (P - 4) / 4 - k) vPPB entries, so reading V VCSs of B vPPBs takes at
 *     least ceil(V * B / max_k E(k)) commands.
 *   Per MLD port, through a Tunnel Management Command (§7.6.7.3.1): 1 Get
 *     LD Info and ceil(lds / per_ld) Get LD Allocations (§7.6.7.4.1-2),
 *     per_ld = min(255, (min(P - 16, 256) - 4) / 16): the tunnel takes 4 +
 *     12 bytes of the switch's payload, and the FM-owned LD's own payload
 *     area is unknown to the FM but at least 256 bytes (§8.2.8.4.3).
 *
 * Wall time: the median of a few runs of the CLI, against transactions x
 * the median time of one Identify Switch Device through libcxlfm, both
 * measured here.
 *
 * usage: snapshot_bench SIM_ID CLI [RUNS]  (cxlfm and cxlfm_sim loaded, the
 * instance created)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cxlfm/libcxlfm.h>

#include "sim_util.h"

#define OP_IDENTIFY	0x5100
#define OP_PORT_STATE	0x5101
#define OP_VCS_INFO	0x5200
#define OP_TUNNEL	0x5300
#define SINGLE_ROUNDS	200

static char knob[256];

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * The per-opcode counts and their total; the event log commands of
 * cxlfm's own event polling (0x01xx), which may fall in the list's time,
 * apart and out of the total.
 */
struct counts {
	unsigned long identify, ports, vcs, tunnel, other, total, events;
};

static int read_counts(struct counts *c)
{
	char path[512], line[64];
	unsigned long n;
	unsigned int op;
	FILE *f;

	snprintf(path, sizeof(path), "%s/commands", knob);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	memset(c, 0, sizeof(*c));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%x %lu", &op, &n) != 2)
			continue;
		if (op == OP_IDENTIFY)
			c->identify = n;
		else if (op == OP_PORT_STATE)
			c->ports = n;
		else if (op == OP_VCS_INFO)
			c->vcs = n;
		else if (op == OP_TUNNEL)
			c->tunnel = n;
		else if (op >> 8 == 0x01)
			c->events += n;
		else
			c->other += n;
		if (op >> 8 != 0x01)
			c->total += n;
	}
	fclose(f);
	return 0;
}

static int clear_counts(void)
{
	char path[512];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/commands", knob);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, "0", 1) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* The topology new_device was given (sysfs "config"). */
struct topo {
	unsigned int ports, vcs, vppbs, payload, lds, mlds;
};

/* Ports in a bitmap list such as "32-63,70". */
static unsigned int list_weight(const char *s)
{
	unsigned int a, b, n = 0;
	int used;

	while (sscanf(s, "%u%n", &a, &used) == 1) {
		s += used;
		b = a;
		if (*s == '-' && sscanf(s + 1, "%u%n", &b, &used) == 1)
			s += 1 + used;
		n += b - a + 1;
		if (*s != ',')
			break;
		s++;
	}
	return n;
}

static int read_topo(int sim, struct topo *t)
{
	char path[256], buf[512], *m;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/cxlfm_sim/devices/sim%d/config", sim);
	f = fopen(path, "r");
	if (!f || !fgets(buf, sizeof(buf), f))
		return -ENOENT;
	fclose(f);
	if (sscanf(buf, "ports=%u vcs=%u vppbs=%u payload=%u", &t->ports,
		   &t->vcs, &t->vppbs, &t->payload) != 4)
		return -EINVAL;
	m = strstr(buf, " mld=");
	t->mlds = m ? list_weight(m + 5) : 0;
	m = strstr(buf, " lds=");
	if (!m || sscanf(m + 5, "%u", &t->lds) != 1)
		return -EINVAL;
	return 0;
}

static unsigned long div_up(unsigned long a, unsigned long b)
{
	return (a + b - 1) / b;
}

static unsigned long min_ul(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

/* The least number of each command, as derived in the header comment. */
static void minimum(const struct topo *t, struct counts *m,
		    unsigned long *per_port, unsigned long *best_k,
		    unsigned long *best_e, unsigned long *per_ld)
{
	unsigned long p = t->payload, k, e;

	*per_port = min_ul(255, (p - 4) / 16);
	*best_e = 0;
	*best_k = 1;
	for (k = 1; k <= t->vcs; k++) {
		e = min_ul(k * min_ul(t->vppbs, 255), (p - 4) / 4 - k);
		if (e > *best_e) {
			*best_e = e;
			*best_k = k;
		}
	}
	*per_ld = min_ul(255, (min_ul(p - 16, 256) - 4) / 16);
	memset(m, 0, sizeof(*m));
	m->identify = 1;
	m->ports = div_up(t->ports, *per_port);
	m->vcs = div_up((unsigned long)t->vcs * t->vppbs, *best_e);
	m->tunnel = t->mlds * (1 + div_up(t->lds, *per_ld));
	m->total = m->identify + m->ports + m->vcs + m->tunnel;
}

/* CPU seconds of the CLI runs, in user space and in the kernel */
static double cli_user, cli_sys;

static double tv_s(const struct timeval *tv)
{
	return tv->tv_sec + tv->tv_usec / 1e6;
}

/* One "cxlfm list -vv -s CCI" with its output thrown away; seconds. */
static double run_list(const char *cli, unsigned int cci)
{
	struct rusage ru;
	char id[16];
	int status;
	double t0;
	pid_t pid;

	snprintf(id, sizeof(id), "%u", cci);
	t0 = sim_now();
	pid = fork();
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execl(cli, cli, "list", "-vv", "-s", id, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	cli_user += tv_s(&ru.ru_utime);
	cli_sys += tv_s(&ru.ru_stime);
	return sim_now() - t0;
}

/*
 * Every vPPB of every VCS in one libcxlfm call, in this process: the
 * kernel's share of the list (its commands, one netlink reply of them all)
 * without the CLI's start-up and JSON.
 */
static int vcs_alone(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
		     const struct topo *topo, double single_s)
{
	struct cxlfm_fm_get_vcs_info_req req = { .num_vcs = topo->vcs };
	struct cxlfm_fm_get_vcs_info_rsp rsp = { .vcs_cap = topo->vcs };
	uint8_t ids[256];
	struct counts c;
	unsigned int i;
	double t0, s;
	int rc;

	for (i = 0; i < topo->vcs; i++)
		ids[i] = i;
	req.vcs_ids = ids;
	req.vcs_ids_cap = topo->vcs;
	rsp.vcs = calloc(topo->vcs, sizeof(*rsp.vcs));
	rsp.vppbs_cap = topo->vcs * 255;
	rsp.vppbs = calloc(rsp.vppbs_cap, sizeof(*rsp.vppbs));
	if (!rsp.vcs || !rsp.vppbs || clear_counts())
		return fprintf(stderr, "vcs_alone: cannot start\n"), 1;
	t0 = sim_now();
	rc = cxlfm_get_vcs_info(ctx, t, &req, &rsp, 0);
	s = sim_now() - t0;
	if (rc < 0 || read_counts(&c) || !c.vcs)
		return fprintf(stderr, "Get VCS Info failed: %d\n", rc), 1;
	printf("  Get VCS Info of every VCS through libcxlfm alone: %u vPPBs, %lu commands, %.1f ms; %lu x one command = %.1f ms; ratio %.2f\n",
	       rsp.nr_vppbs, c.total, s * 1e3, c.total,
	       c.total * single_s * 1e3, s / (c.total * single_s));
	free(rsp.vcs);
	free(rsp.vppbs);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long per_port, best_k, best_e, per_ld;
	double single[SINGLE_ROUNDS], *wall, t0, single_s, wall_s;
	struct cxlfm_fm_identify_switch_rsp id;
	struct cxlfm_target t;
	struct counts got, min;
	struct cxlfm_ctx *ctx;
	unsigned int runs, i;
	struct topo topo;
	int sim, cci;

	if (argc < 3 || argc > 4)
		return fprintf(stderr, "usage: %s SIM_ID CLI [RUNS]\n", argv[0]), 2;
	sim = atoi(argv[1]);
	runs = argc == 4 ? strtoul(argv[3], NULL, 0) : 3;
	if (!runs)
		runs = 1;
	snprintf(knob, sizeof(knob), "/sys/kernel/debug/cxlfm_sim/%d", sim);
	cci = sim_cci(sim);
	if (cci < 0)
		return fprintf(stderr, "no simulator %d\n", sim), 1;
	if (read_topo(sim, &topo))
		return fprintf(stderr, "cannot read simulator %d's config\n", sim), 1;
	if (cxlfm_new(&ctx))
		return fprintf(stderr, "cxlfm: cannot open\n"), 1;
	t = CXLFM_TARGET(cci);

	minimum(&topo, &min, &per_port, &best_k, &best_e, &per_ld);
	printf("fabric snapshot: cxlfm list -vv of a switch of %u ports, %u VCSs x %u vPPBs, %u MLD ports of %u LDs, payload %u B\n",
	       topo.ports, topo.vcs, topo.vppbs, topo.mlds, topo.lds,
	       topo.payload);
	printf("  minimum: 1 Identify + ceil(%u / %lu) Port State + ceil(%u x %u / %lu) VCS Info (%lu VCSs per command) + %u x (1 + ceil(%u / %lu)) tunnelled = %lu\n",
	       topo.ports, per_port, topo.vcs, topo.vppbs, best_e, best_k,
	       topo.mlds, topo.lds, per_ld, min.total);

	/* the transactions of one list */
	if (clear_counts())
		return fprintf(stderr, "cannot clear the counters\n"), 1;
	wall = calloc(runs, sizeof(*wall));
	if (!wall)
		return 1;
	wall[0] = run_list(argv[2], cci);
	if (wall[0] < 0)
		return fprintf(stderr, "cxlfm list -vv failed\n"), 1;
	if (read_counts(&got))
		return fprintf(stderr, "cannot read the counters\n"), 1;
	printf("  sent:    %lu Identify + %lu Port State + %lu VCS Info + %lu tunnelled + %lu other = %lu (and %lu of event polling)\n",
	       got.identify, got.ports, got.vcs, got.tunnel, got.other,
	       got.total, got.events);
	printf("  minimum: %lu Identify + %lu Port State + %lu VCS Info + %lu tunnelled = %lu; ratio %.3f\n",
	       min.identify, min.ports, min.vcs, min.tunnel, min.total,
	       (double)got.total / min.total);

	/* one cheap command through the same path */
	for (i = 0; i < SINGLE_ROUNDS; i++) {
		t0 = sim_now();
		if (cxlfm_identify_switch(ctx, &t, &id, 0) < 0)
			return fprintf(stderr, "Identify Switch Device failed\n"), 1;
		single[i] = sim_now() - t0;
	}
	single_s = median(single, SINGLE_ROUNDS);
	for (i = 1; i < runs; i++) {
		wall[i] = run_list(argv[2], cci);
		if (wall[i] < 0)
			return fprintf(stderr, "cxlfm list -vv failed\n"), 1;
	}
	wall_s = median(wall, runs);
	printf("  wall: %.1f ms (median of %u); one Identify Switch Device %.1f us (median of %u); %lu x that = %.1f ms; ratio %.2f\n",
	       wall_s * 1e3, runs, single_s * 1e6, SINGLE_ROUNDS, got.total,
	       got.total * single_s * 1e3, wall_s / (got.total * single_s));
	printf("  CLI CPU per run: %.1f ms user, %.1f ms system\n",
	       cli_user * 1e3 / runs, cli_sys * 1e3 / runs);
	if (vcs_alone(ctx, &t, &topo, single_s))
		return 1;
	free(wall);
	cxlfm_unref(ctx);
	return 0;
}
