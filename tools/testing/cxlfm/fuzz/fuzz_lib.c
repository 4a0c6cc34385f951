// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: libcxlfm's handling of what the kernel sends it.
 *
 * The library is built into this program unchanged and driven through its
 * public API; the few libnl and C library calls that reach the kernel are
 * replaced here (a definition in the program takes precedence over the
 * shared libraries'), so that "received" datagrams come from the fuzzer's
 * input:
 *  genl_connect, genl_ctrl_resolve, genl_ctrl_resolve_grp,
 *  nl_socket_add_membership: succeed without a kernel;
 *  send: record the first sequence number sent; a family look-up (to
 *  nlctrl) is answered by the next recv() with the family and its group;
 *  recv, recvfrom: return the next datagram of the input (its whole length,
 *  as MSG_TRUNC asks; MSG_PEEK leaves it to be read), then fail with EAGAIN.
 * libnl's nla_get_u8/u16/u32 are replaced by identical, but instrumented,
 * copies: libnl itself is not built with ASan, so an attribute read past
 * the end of a datagram would otherwise go unseen.
 *
 * Input: [op][arg][datagram]... with each datagram as [u16 le length]
 * [bytes]. Each message's nlmsg_seq is taken relative to the first request
 * the library sent, so inputs are independent of libnl's time-seeded
 * sequence numbers. op % 5 picks the call:
 *  0 cxlfm_raw() with an output buffer of arg bytes,
 *  1 cxlfm_cci_list(),  2 cxlfm_cci_get(),
 *  3 cxlfm_events_next() until it reports nothing more,
 *  4 cxlfm_raw_batch() of (arg % 4) + 1 commands.
 * Beyond the sanitizers, it checks that every call returns, reports a
 * negative errno or success, and never claims more output than it stored.
 */
#include <errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "fuzz.h"

/* the family id the fake controller hands out; seeds use it */
#define FUZZ_FAMILY	0x20

static const uint8_t *in_data;
static size_t in_left;
static unsigned int seq_base;
static int seq_known;

int genl_connect(struct nl_sock *sk)
{
	(void)sk;
	return 0;
}

int genl_ctrl_resolve(struct nl_sock *sk, const char *name)
{
	(void)sk, (void)name;
	return FUZZ_FAMILY;
}

int genl_ctrl_resolve_grp(struct nl_sock *sk, const char *family,
			  const char *grp)
{
	(void)sk, (void)family, (void)grp;
	return 1;
}

int nl_socket_add_membership(struct nl_sock *sk, int group)
{
	(void)sk, (void)group;
	return 0;
}

/* nlctrl's answer to the library's look-up, while one is pending */
static uint8_t family_answer[128];
static size_t family_len;

static void answer_lookup(const struct nlmsghdr *req)
{
	struct nl_msg *m = nlmsg_alloc_size(sizeof(family_answer));
	struct nlattr *grps, *grp;

	if (!m)
		abort();
	genlmsg_put(m, req->nlmsg_pid, req->nlmsg_seq, GENL_ID_CTRL, 0, 0,
		    CTRL_CMD_NEWFAMILY, 2);
	nla_put_u16(m, CTRL_ATTR_FAMILY_ID, FUZZ_FAMILY);
	grps = nla_nest_start(m, CTRL_ATTR_MCAST_GROUPS);
	grp = nla_nest_start(m, 1);
	nla_put_string(m, CTRL_ATTR_MCAST_GRP_NAME, CXLFM_MCGRP_EVENTS);
	nla_put_u32(m, CTRL_ATTR_MCAST_GRP_ID, 1);
	nla_nest_end(m, grp);
	nla_nest_end(m, grps);
	family_len = nlmsg_hdr(m)->nlmsg_len;
	memcpy(family_answer, nlmsg_hdr(m), family_len);
	nlmsg_free(m);
}

static void note_seq(const struct nlmsghdr *nlh)
{
	if (!seq_known) {
		seq_base = nlh->nlmsg_seq;
		seq_known = 1;
	}
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	(void)fd, (void)flags;
	if (((const struct nlmsghdr *)buf)->nlmsg_type == GENL_ID_CTRL)
		answer_lookup(buf);
	else
		note_seq(buf);
	return len;
}

ssize_t recvfrom(int fd, void *buf, size_t cap, int flags,
		 struct sockaddr *from, socklen_t *fromlen)
{
	struct nlmsghdr *nlh;
	size_t n, left;

	(void)fd;
	if (family_len) {
		n = family_len;
		if (!(flags & MSG_PEEK)) {
			memcpy(buf, family_answer, n < cap ? n : cap);
			family_len = 0;
		}
		return n;
	}
	if (in_left < 2 || !(n = in_data[0] | in_data[1] << 8)) {
		errno = EAGAIN;
		return -1;
	}
	if (n > in_left - 2)
		n = in_left - 2;
	if (flags & MSG_PEEK)
		return n;
	in_data += 2;
	in_left -= 2;
	memcpy(buf, in_data, n < cap ? n : cap);
	in_data += n;
	in_left -= n;
	if (from && fromlen && *fromlen >= sizeof(struct sockaddr_nl)) {
		memset(from, 0, sizeof(struct sockaddr_nl));
		from->sa_family = AF_NETLINK;
	}
	for (nlh = buf, left = n < cap ? n : cap; nlmsg_ok(nlh, left);
	     nlh = nlmsg_next(nlh, (int *)&left))
		nlh->nlmsg_seq += seq_base;
	return n;
}

ssize_t recv(int fd, void *buf, size_t cap, int flags)
{
	return recvfrom(fd, buf, cap, flags, NULL, NULL);
}

uint8_t nla_get_u8(const struct nlattr *nla)
{
	return *(const uint8_t *)nla_data(nla);
}

uint16_t nla_get_u16(const struct nlattr *nla)
{
	return *(const uint16_t *)nla_data(nla);
}

uint32_t nla_get_u32(const struct nlattr *nla)
{
	return *(const uint32_t *)nla_data(nla);
}

static void fuzz_raw(struct cxlfm_ctx *ctx, size_t cap)
{
	static const uint8_t in[4] = { 1, 2, 3, 4 };
	struct cxlfm_raw_cmd cmd = { .opcode = 0x5101, .in = in,
				     .in_len = sizeof(in), .out_cap = cap };
	int rc;

	cmd.out = malloc(cap ? cap : 1);
	if (!cmd.out)
		abort();
	rc = cxlfm_raw(ctx, 1, &cmd);
	FUZZ_CHECK(rc <= 0, "cxlfm_raw returned %d", rc);
	free(cmd.out);
}

static void fuzz_cci(struct cxlfm_ctx *ctx, int dump)
{
	struct cxlfm_cci_info one, *list = NULL;
	size_t n = 0, i;
	int rc;

	if (!dump) {
		rc = cxlfm_cci_get(ctx, 1, &one);
		FUZZ_CHECK(rc <= 0, "cxlfm_cci_get returned %d", rc);
		return;
	}
	rc = cxlfm_cci_list(ctx, &list, &n);
	FUZZ_CHECK(rc <= 0, "cxlfm_cci_list returned %d", rc);
	if (rc)
		return;
	for (i = 0; i < n; i++)	/* every entry is initialised */
		FUZZ_CHECK(memchr(list[i].transport, 0, sizeof(list[i].transport)),
			   "entry %zu: transport not terminated", i);
	free(list);
}

static void fuzz_events(struct cxlfm_ctx *ctx)
{
	struct cxlfm_events *ev;
	struct cxlfm_event e;
	int rc, i;

	FUZZ_CHECK(cxlfm_events_open(ctx, &ev) == 0, "events_open failed");
	/* each call consumes at least one datagram */
	for (i = 0; i < 1000; i++) {
		rc = cxlfm_events_next(ev, &e);
		if (rc == -EAGAIN)
			break;
		FUZZ_CHECK(rc == 0 || rc == -EIO, "events_next returned %d", rc);
	}
	FUZZ_CHECK(i < 1000, "events_next never ran dry");
	cxlfm_events_close(ev);
}

static void fuzz_batch(struct cxlfm_ctx *ctx, size_t n)
{
	struct cxlfm_raw_cmd cmds[4] = {};
	uint8_t out[4][16];
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		cmds[i].opcode = 0x0001;
		cmds[i].out = out[i];
		cmds[i].out_cap = sizeof(out[i]);
	}
	rc = cxlfm_raw_batch(ctx, 1, cmds, n);
	FUZZ_CHECK(rc <= 0, "cxlfm_raw_batch returned %d", rc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cxlfm_ctx *ctx;

	if (size < 2)
		return 0;
	in_data = data + 2;
	in_left = size - 2;
	seq_known = 0;
	seq_base = 0;
	family_len = 0;
	FUZZ_CHECK(cxlfm_new(&ctx) == 0, "cxlfm_new failed");
	switch (data[0] % 5) {
	case 0:
		fuzz_raw(ctx, data[1]);
		break;
	case 1:
	case 2:
		fuzz_cci(ctx, data[0] % 5 == 1);
		break;
	case 3:
		fuzz_events(ctx);
		break;
	default:
		fuzz_batch(ctx, data[1] % 4 + 1);
		break;
	}
	cxlfm_unref(ctx);
	return 0;
}
