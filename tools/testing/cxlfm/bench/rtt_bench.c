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
 * Then where the time goes, each a median over the same number of rounds:
 * an ioctl that sends no mailbox command (CXL_MEM_QUERY_COMMANDS asking
 * for none), the same raw command through a socket written by hand
 * (libcxlfm left out), a CCI get (no mailbox), and the generic netlink
 * floor: an empty request answered by an empty reply (cxlfm_mcbench's
 * ECHO op, skipped when that module is not loaded).
 *
 * Then what the library costs: the same raw command through libcxlfm and
 * through the hand-written socket, alternating, and the difference of the
 * two medians.
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
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/cxl_mem.h>
#include <linux/cxlfm.h>
#include <linux/genetlink.h>

#include <cxlfm/libcxlfm.h>

#include "genl_util.h"

#define OP_GET_SUPPORTED_LOGS	0x0400
#define BATCH			64
/* cxlfm_mcbench's ECHO op (tools/testing/cxlfm/bench/mcbench.c) */
#define MCB_CMD_ECHO		3

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

/* The ioctl without a mailbox command: how many commands there are. */
static int intree_query(int fd)
{
	struct cxl_mem_query_commands q = { .n_commands = 0 };

	return ioctl(fd, CXL_MEM_QUERY_COMMANDS, &q) < 0 ? -1 : 0;
}

/* A generic netlink socket of our own, with no library on the path. */
struct rawsock {
	int fd;
	uint32_t seq;
	unsigned char rx[8192];
};

static int raw_open(struct rawsock *r)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	r->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	return r->fd < 0 || bind(r->fd, (struct sockaddr *)&sa, sizeof(sa)) ? -1 : 0;
}

/*
 * Send @cmd of @family with attributes @attrs (@alen bytes, already in
 * netlink layout) and read the answer.  Return: 0 on a reply, -1 otherwise.
 */
static int raw_call(struct rawsock *r, int family, int cmd, const void *attrs,
		    size_t alen)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		unsigned char a[64];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + alen),
		.n.nlmsg_type = family,
		.n.nlmsg_flags = NLM_F_REQUEST,
		.n.nlmsg_seq = ++r->seq,
		.g.cmd = cmd,
		.g.version = 1,
	};
	struct nlmsghdr *nlh = (struct nlmsghdr *)r->rx;
	ssize_t n;

	memcpy(req.a, attrs, alen);
	if (send(r->fd, &req, req.n.nlmsg_len, 0) < 0)
		return -1;
	n = recv(r->fd, r->rx, sizeof(r->rx), 0);
	return n >= (ssize_t)NLMSG_HDRLEN && NLMSG_OK(nlh, n) &&
	       nlh->nlmsg_type == family && nlh->nlmsg_seq == r->seq ? 0 : -1;
}

/* CXLFM_CMD_RAW's attributes for Get Supported Logs on CCI @id. */
static size_t raw_attrs(unsigned char *a, unsigned int id)
{
	struct nlattr *h = (struct nlattr *)a;
	uint16_t op = OP_GET_SUPPORTED_LOGS;

	*h = (struct nlattr){ .nla_len = NLA_HDRLEN + 4, .nla_type = CXLFM_A_RAW_CCI_ID };
	memcpy(a + NLA_HDRLEN, &id, 4);
	h = (struct nlattr *)(a + 8);
	*h = (struct nlattr){ .nla_len = NLA_HDRLEN + 2, .nla_type = CXLFM_A_RAW_OPCODE };
	memcpy(a + 8 + NLA_HDRLEN, &op, 2);
	return 16;
}

/* Median of @rounds runs of @fn in microseconds, or -1 if one failed. */
#define MEDIAN(v, rounds, call) ({					\
	int _i, _bad = 0;						\
	for (_i = 0; _i < (rounds) && !_bad; _i++) {			\
		double _t0 = now_us();					\
		_bad = (call);						\
		(v)[_i] = now_us() - _t0;				\
	}								\
	_bad ? -1.0 : pct((v), (rounds), 0.5);				\
})

/*
 * @rounds of @call_a and @call_b in turn, their times into @a and @b, so
 * that a drift of the machine weighs on both alike.  Return: 0, or 1 when
 * a call failed.
 */
#define INTERLEAVED(a, b, rounds, call_a, call_b) ({			\
	int _i, _bad = 0;						\
	for (_i = 0; _i < (rounds) && !_bad; _i++) {			\
		double _t0 = now_us();					\
		_bad = (call_a);					\
		(a)[_i] = now_us() - _t0;				\
		_t0 = now_us();						\
		_bad = _bad || (call_b);				\
		(b)[_i] = now_us() - _t0;				\
	}								\
	_bad;								\
})

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

	if (INTERLEAVED(a, b, rounds, intree(fd), viacxlfm(ctx, id)))
		return 1;
	m_in = pct(a, rounds, 0.5);
	m_fm = pct(b, rounds, 0.5);
	printf("round trip, Get Supported Logs, %d commands each, interleaved\n", rounds);
	printf("  in-tree cxl_pci ioctl     median %8.1f us   p90 %8.1f us\n", m_in, pct(a, rounds, 0.9));
	printf("  cxlfm netlink (libcxlfm)  median %8.1f us   p90 %8.1f us\n", m_fm, pct(b, rounds, 0.9));
	printf("  ratio cxlfm/in-tree median: %.3f (goal <= 1.10)\n", m_fm / m_in);

	/* Where the time goes. */
	{
		struct cxlfm_cci_info info;
		unsigned char attrs[16];
		struct rawsock r;
		size_t alen = raw_attrs(attrs, id);
		int fam, echo;

		if (raw_open(&r))
			return 1;
		fam = cxlfm_family_id(ctx);
		echo = genl_family_id("cxlfm_mcbench");
		printf("  in-tree ioctl without a mailbox command  median %8.1f us\n",
		       MEDIAN(a, rounds, intree_query(fd)));
		printf("  cxlfm raw command, hand-written socket   median %8.1f us\n",
		       MEDIAN(a, rounds, raw_call(&r, fam, CXLFM_CMD_RAW, attrs, alen)));
		printf("  cxlfm CCI get (no mailbox), libcxlfm     median %8.1f us\n",
		       MEDIAN(a, rounds, cxlfm_cci_get(ctx, id, &info)));
		if (echo > 0)
			printf("  generic netlink floor (empty echo)       median %8.1f us\n",
			       MEDIAN(a, rounds, raw_call(&r, echo, MCB_CMD_ECHO, NULL, 0)));

		if (INTERLEAVED(a, b, rounds,
				raw_call(&r, fam, CXLFM_CMD_RAW, attrs, alen),
				viacxlfm(ctx, id)))
			return 1;
		m_in = pct(a, rounds, 0.5);
		m_fm = pct(b, rounds, 0.5);
		printf("library cost, Get Supported Logs, %d commands each, interleaved\n",
		       rounds);
		printf("  hand-written socket       median %8.1f us   p90 %8.1f us\n",
		       m_in, pct(a, rounds, 0.9));
		printf("  libcxlfm                  median %8.1f us   p90 %8.1f us\n",
		       m_fm, pct(b, rounds, 0.9));
		printf("  libcxlfm - hand-written median: %.1f us (goal < 1.5)\n",
		       m_fm - m_in);
		close(r.fd);
	}

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
