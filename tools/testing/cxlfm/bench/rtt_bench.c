// SPDX-License-Identifier: GPL-2.0
/*
 * Command round trip, cxlfm against the in-tree path, side by side in one
 * run: the same opcode (Get Supported Logs) to two identical QEMU type-3
 * mailboxes, one owned by Debian's cxl_pci (ioctl CXL_MEM_SEND_COMMAND on
 * /dev/cxl/memN), one by cxlfm (generic netlink through libcxlfm).  The two
 * paths alternate so that drift of the host affects both alike.  Then the
 * same for throughput: one ioctl per command against batches of requests
 * in one sendmsg().
 *
 * usage: rtt_bench CXLFM_ID /dev/cxl/memN [ROUNDS]   (prints its figures)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/cxl_mem.h>

#include <cxlfm/libcxlfm.h>

#define OP_GET_SUPPORTED_LOGS	0x0400
#define BATCH			64

static unsigned char out[2048];

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int intree(int fd)
{
	struct cxl_send_command c = {
		.id = CXL_MEM_COMMAND_ID_GET_SUPPORTED_LOGS,
		.out.size = sizeof(out),
		.out.payload = (uint64_t)(uintptr_t)out,
	};

	return ioctl(fd, CXL_MEM_SEND_COMMAND, &c) < 0 || c.retval ? -1 : 0;
}

static int viacxlfm(struct cxlfm_ctx *ctx, unsigned int id)
{
	struct cxlfm_raw_cmd cmd = { .opcode = OP_GET_SUPPORTED_LOGS, .out = out,
				     .out_cap = sizeof(out) };

	return cxlfm_raw(ctx, id, &cmd) || cmd.return_code ? -1 : 0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double pct(double *v, int n, double p)
{
	qsort(v, n, sizeof(*v), cmp);
	return v[(int)(p * (n - 1))];
}

int main(int argc, char **argv)
{
	static struct cxlfm_raw_cmd batch[BATCH];
	static unsigned char bout[BATCH][2048];
	struct cxlfm_ctx *ctx;
	double *a, *b, t0, t_in, t_fm, m_in, m_fm;
	unsigned int id;
	int fd, i, j, rounds;

	if (argc < 3) {
		fprintf(stderr, "usage: rtt_bench CXLFM_ID /dev/cxl/memN [ROUNDS]\n");
		return 2;
	}
	id = atoi(argv[1]);
	rounds = argc > 3 ? atoi(argv[3]) : 2000;
	fd = open(argv[2], O_RDWR | O_CLOEXEC);
	if (fd < 0 || cxlfm_new(&ctx)) {
		perror("open");
		return 1;
	}
	a = calloc(rounds, sizeof(*a));
	b = calloc(rounds, sizeof(*b));
	if (!a || !b)
		return 1;
	for (i = 0; i < 100; i++)	/* warm caches and TLBs of both paths */
		if (intree(fd) || viacxlfm(ctx, id))
			return 1;

	for (i = 0; i < rounds; i++) {
		t0 = now_us();
		if (intree(fd))
			return 1;
		a[i] = now_us() - t0;
		t0 = now_us();
		if (viacxlfm(ctx, id))
			return 1;
		b[i] = now_us() - t0;
	}
	m_in = pct(a, rounds, 0.5);
	m_fm = pct(b, rounds, 0.5);
	printf("round trip, Get Supported Logs, %d commands each, interleaved\n", rounds);
	printf("  in-tree cxl_pci ioctl     median %8.1f us   p90 %8.1f us\n", m_in, pct(a, rounds, 0.9));
	printf("  cxlfm netlink (libcxlfm)  median %8.1f us   p90 %8.1f us\n", m_fm, pct(b, rounds, 0.9));
	printf("  ratio cxlfm/in-tree median: %.3f (goal <= 1.10)\n", m_fm / m_in);

	/* The netlink path alone: a CCI get touches no mailbox. */
	for (i = 0; i < rounds; i++) {
		struct cxlfm_cci_info info;

		t0 = now_us();
		if (cxlfm_cci_get(ctx, id, &info))
			return 1;
		a[i] = now_us() - t0;
	}
	printf("  cxlfm netlink without a mailbox (CCI get) median %8.1f us\n",
	       pct(a, rounds, 0.5));

	for (j = 0; j < BATCH; j++)
		batch[j] = (struct cxlfm_raw_cmd){ .opcode = OP_GET_SUPPORTED_LOGS,
						   .out = bout[j], .out_cap = sizeof(bout[j]) };
	t_in = t_fm = 0;
	for (i = 0; i < rounds / BATCH; i++) {
		t0 = now_us();
		for (j = 0; j < BATCH; j++)
			if (intree(fd))
				return 1;
		t_in += now_us() - t0;
		t0 = now_us();
		if (cxlfm_raw_batch(ctx, id, batch, BATCH))
			return 1;
		for (j = 0; j < BATCH; j++)
			if (batch[j].return_code || batch[j].out_len < 8)
				return 1;
		t_fm += now_us() - t0;
	}
	j = (rounds / BATCH) * BATCH;
	printf("throughput, %d commands, batches of %d requests per sendmsg\n", j, BATCH);
	printf("  in-tree one ioctl per command  %8.0f commands/s\n", j / t_in * 1e6);
	printf("  cxlfm batched netlink          %8.0f commands/s\n", j / t_fm * 1e6);
	printf("  ratio cxlfm/in-tree throughput: %.3f (goal >= 2.0)\n", t_in / t_fm);
	cxlfm_unref(ctx);
	close(fd);
	return 0;
}
