// SPDX-License-Identifier: GPL-2.0
/*
 * Event fan-out: records injected into a simulated switch's four event
 * logs, drained by cxlfm and multicast, received by 1, 4 and 16 libcxlfm
 * listeners; against the same number of messages of the same size sent by
 * a bare genlmsg_multicast() loop (cxlfm_mcbench.ko) to as many raw
 * listeners, once one message per multicast and once packed as many to an
 * skb as fit, as cxlfm packs a drained batch of records.  Printed per
 * listener count: events/s (each event delivered to every listener; the
 * clock runs from the trigger to the last delivery), losses (libcxlfm's
 * reported gaps and overruns; sequence gaps and ENOBUFS for the bare loop)
 * and the ratios cxlfm / bare.
 *
 * usage: fanout_bench SIM_ID EVENTS   (cxlfm, cxlfm_sim and cxlfm_mcbench
 * loaded; the instance created with log_cap >= EVENTS / 4)
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <cxlfm/libcxlfm.h>

#include "sim_util.h"

#define MAX_LISTENERS	16
#define LOGS		4
#define RCVBUF		(32 << 20)
/* cxlfm_mcbench's uAPI (tools/testing/cxlfm/bench/mcbench.c) */
#define MCB_A_COUNT	1
#define MCB_A_SIZE	2
#define MCB_A_PACK	4
/* as many messages to an skb as fit */
#define PACK_FULL	64
#define MCB_CMD_RUN	1
#define MCB_CMD_EVENT	2

struct listener {
	struct cxlfm_events *ev;	/* cxlfm */
	struct nl_sock *sk;		/* bare */
	int fd;
	unsigned long got, missed, overruns;
	uint32_t last;
};

struct trigger {
	int sim;
	unsigned long events;
	int family;
	unsigned int size;
	unsigned int pack;
	int rc;
};

static void *inject(void *arg)
{
	struct trigger *t = arg;
	char val[32];
	int i;

	for (i = 0; i < LOGS; i++) {
		snprintf(val, sizeof(val), "%d %lu", i, t->events / LOGS);
		if (sim_knob(t->sim, "inject", val))
			t->rc = -EIO;
	}
	return NULL;
}

static void *bare_run(void *arg)
{
	struct trigger *t = arg;
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_msg *msg = nlmsg_alloc();

	t->rc = -EIO;
	if (sk && msg && !genl_connect(sk) &&
	    genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, t->family, 0, 0,
			MCB_CMD_RUN, 1) &&
	    !nla_put_u32(msg, MCB_A_COUNT, t->events) &&
	    !nla_put_u32(msg, MCB_A_SIZE, t->size) &&
	    !nla_put_u32(msg, MCB_A_PACK, t->pack) &&
	    nl_send_auto(sk, msg) >= 0 && !nl_wait_for_ack(sk))
		t->rc = 0;
	nlmsg_free(msg);
	nl_socket_free(sk);
	return NULL;
}

/* One datagram of the bare loop: count messages, find sequence gaps. */
static void bare_recv(struct listener *l, int family)
{
	static unsigned char buf[65536];
	struct nlmsghdr *nlh;
	ssize_t n = recv(l->fd, buf, sizeof(buf), MSG_DONTWAIT);
	uint32_t seq;

	if (n < 0) {
		if (errno == ENOBUFS)
			l->overruns++;
		return;
	}
	for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
	     nlh = NLMSG_NEXT(nlh, n)) {
		if (nlh->nlmsg_type != family ||
		    nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN + 4)
			continue;
		memcpy(&seq, (unsigned char *)nlh + NLMSG_HDRLEN + GENL_HDRLEN +
		       NLA_HDRLEN, sizeof(seq));
		if (seq != l->last + 1)
			l->missed += seq - l->last - 1;
		l->last = seq;
		l->got++;
	}
}

static void cxlfm_recv(struct listener *l, unsigned int cci,
		       unsigned int *size)
{
	struct cxlfm_event e;

	/* the length of an event message, for the bare loop's messages */
	if (!*size) {
		struct nlmsghdr h;

		if (recv(l->fd, &h, sizeof(h), MSG_PEEK | MSG_DONTWAIT) ==
		    (ssize_t)sizeof(h))
			*size = h.nlmsg_len;
	}
	while (cxlfm_events_next(l->ev, &e) == 0) {
		if (e.type == CXLFM_EVENT_OVERRUN)
			l->overruns++;
		if (e.type != CXLFM_EVENT_RECORD || e.cci.id != cci)
			continue;
		l->got++;
		l->missed += e.missed;
	}
}

/* Poll every listener until each has @want events; Return: seconds. */
static double collect(struct listener *ls, int n, unsigned long want,
		      int family, unsigned int cci, unsigned int *size,
		      double t0)
{
	struct pollfd p[MAX_LISTENERS];
	int i, done;

	for (;;) {
		for (i = 0, done = 0; i < n; i++) {
			p[i] = (struct pollfd){ .fd = ls[i].fd, .events = POLLIN };
			done += ls[i].got >= want;
		}
		if (done == n || sim_now() - t0 > 120)
			return sim_now() - t0;
		if (poll(p, n, 1000) <= 0)
			continue;
		for (i = 0; i < n; i++) {
			if (!(p[i].revents & (POLLIN | POLLERR)))
				continue;
			if (family)
				bare_recv(&ls[i], family);
			else
				cxlfm_recv(&ls[i], cci, size);
		}
	}
}

static void totals(struct listener *ls, int n, unsigned long *got,
		   unsigned long *lost)
{
	int i;

	*got = *lost = 0;
	for (i = 0; i < n; i++) {
		*got += ls[i].got;
		*lost += ls[i].missed + ls[i].overruns;
	}
}

/*
 * The bare loop to @n raw listeners, @pack messages to an skb at most.
 * Return: seconds from the trigger to the last delivery, or -1.
 */
static double bare(struct listener *ls, int n, struct trigger *t,
		   unsigned int size, unsigned int pack, unsigned long *got,
		   unsigned long *lost)
{
	int rcvbuf = RCVBUF, family = 0, grp, i;
	pthread_t th;
	double tb;

	memset(ls, 0, sizeof(*ls) * n);
	for (i = 0; i < n; i++) {
		ls[i].sk = nl_socket_alloc();
		if (!ls[i].sk || genl_connect(ls[i].sk))
			return fprintf(stderr, "netlink socket failed\n"), -1;
		family = genl_ctrl_resolve(ls[i].sk, "cxlfm_mcbench");
		grp = genl_ctrl_resolve_grp(ls[i].sk, "cxlfm_mcbench", "events");
		if (family < 0 || grp < 0 ||
		    nl_socket_add_membership(ls[i].sk, grp))
			return fprintf(stderr, "cxlfm_mcbench not loaded\n"), -1;
		ls[i].fd = nl_socket_get_fd(ls[i].sk);
		setsockopt(ls[i].fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
			   sizeof(rcvbuf));
	}
	t->family = family;
	t->size = size - NLMSG_HDRLEN - GENL_HDRLEN - NLA_HDRLEN;
	t->pack = pack;
	tb = sim_now();
	pthread_create(&th, NULL, bare_run, t);
	tb = collect(ls, n, t->events, family, 0, NULL, tb);
	pthread_join(th, NULL);
	totals(ls, n, got, lost);
	for (i = 0; i < n; i++)
		nl_socket_free(ls[i].sk);
	return tb;
}

int main(int argc, char **argv)
{
	static const int counts[] = { 1, 4, 16 };
	struct listener ls[MAX_LISTENERS];
	struct cxlfm_cci_info info;
	struct cxlfm_ctx *ctx;
	struct trigger t = {};
	unsigned int size = 0;
	int rcvbuf = RCVBUF, c, i, cci;
	pthread_t th;

	if (argc != 3)
		return fprintf(stderr, "usage: %s SIM_ID EVENTS\n", argv[0]), 2;
	t.sim = atoi(argv[1]);
	t.events = strtoul(argv[2], NULL, 0) / LOGS * LOGS;
	cci = sim_cci(t.sim);
	if (cci < 0)
		return fprintf(stderr, "no simulator %d\n", t.sim), 1;
	if (cxlfm_new(&ctx) || cxlfm_cci_get(ctx, cci, &info))
		return fprintf(stderr, "cxlfm: cannot open\n"), 1;
	printf("event fan-out: %lu events per run\n", t.events);

	for (c = 0; c < 3; c++) {
		int n = counts[c];
		unsigned long got, lost, bgot, blost, pgot, plost;
		double tc, tb, tp;

		/* cxlfm: drained from the simulator, multicast by cxlfm */
		memset(ls, 0, sizeof(ls));
		for (i = 0; i < n; i++) {
			if (cxlfm_events_open(ctx, &ls[i].ev))
				return fprintf(stderr, "events_open failed\n"), 1;
			ls[i].fd = cxlfm_events_fd(ls[i].ev);
			setsockopt(ls[i].fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
				   sizeof(rcvbuf));
		}
		t.rc = 0;
		tc = sim_now();
		pthread_create(&th, NULL, inject, &t);
		tc = collect(ls, n, t.events, 0, cci, &size, tc);
		pthread_join(th, NULL);
		totals(ls, n, &got, &lost);
		for (i = 0; i < n; i++)
			cxlfm_events_close(ls[i].ev);

		/* bare: the same count and message size, no mailbox */
		tb = bare(ls, n, &t, size, 1, &bgot, &blost);
		tp = bare(ls, n, &t, size, PACK_FULL, &pgot, &plost);
		if (tb < 0 || tp < 0)
			return 1;

		printf("  %2d listener%s: cxlfm %7.0f events/s (%lu/%lu delivered, %lu lost) | bare %7.0f (%lu, %lu lost) | bare packed %7.0f (%lu, %lu lost) | ratio %.2f, packed %.2f\n",
		       n, n > 1 ? "s" : " ", t.events / tc, got, t.events * n,
		       lost, t.events / tb, bgot, blost, t.events / tp, pgot, plost,
		       tb / tc, tp / tc);
	}
	printf("  message size %u bytes (both)\n", size);
	cxlfm_unref(ctx);
	return 0;
}
