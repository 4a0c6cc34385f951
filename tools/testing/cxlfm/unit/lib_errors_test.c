// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm's errors, on the host: the library's objects linked against a
 * fake kernel.  send(), recv() and genl_connect() are wrapped (ld --wrap):
 * each request the library sends is answered by the fake with what the
 * test asked for (a family lookup, an error with extended ack, a reply),
 * or the system call fails with the errno the test set.  The fake is per
 * thread, so threads each talk to their own.
 *
 * What must hold (libcxlfm(3), ERRORS and THREADS):
 *  - cxlfm_new() tells a missing family (-ENOENT), a refused socket (the
 *    errno of the refusal) and an I/O error (the errno of send/recv) apart;
 *  - a request the library cannot encode is -EMSGSIZE or -EINVAL, never
 *    -ENOMEM, and is not sent;
 *  - no call inherits the previous call's extack text, return code,
 *    vendor status or background command;
 *  - a reply that cannot be read fails its call (-EBADMSG), no hang;
 *  - the reused request message carries nothing of the last request;
 *  - references are counted atomically; contexts of different threads
 *    share nothing.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "kselftest_harness.h"

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "private.h"

#define FAMILY		0x1c	/* the fake's id of the cxlfm family */
#define MAX_DGRAMS	8

struct fake {
	int connect_err;	/* genl_connect()'s libnl code; 0: the real one */
	int connect_errno;	/* errno left by it */
	int send_errno;		/* send() fails with it */
	int recv_errno;		/* recv() fails with it */
	int family_err;		/* nlctrl's answer: this error, else the family */
	int err;		/* the answer to a cxlfm request: this error... */
	char msg[128];		/* ...with this extack text */
	uint16_t rc, vs;	/* ...and this cookie, if rc */
	/* ...else a reply of the request's command with these attributes */
	void (*attrs)(struct nl_msg *m);
	unsigned int sent;	/* cxlfm requests seen */
	unsigned int recv_empty;	/* recv() with nothing to read */
	unsigned char req[16384];	/* the last cxlfm request */
	size_t req_len;
	unsigned char *q[MAX_DGRAMS];	/* datagrams for recv() */
	size_t qlen[MAX_DGRAMS];
	int nq;
};

static __thread struct fake fk;

static void fake_reset(void)
{
	while (fk.nq)
		free(fk.q[--fk.nq]);
	memset(&fk, 0, sizeof(fk));
}

static void queue(struct nl_msg *m)
{
	struct nlmsghdr *h = nlmsg_hdr(m);

	if (fk.nq < MAX_DGRAMS) {
		fk.q[fk.nq] = malloc(h->nlmsg_len);
		memcpy(fk.q[fk.nq], h, h->nlmsg_len);
		fk.qlen[fk.nq++] = h->nlmsg_len;
	}
	nlmsg_free(m);
}

static void answer_error(const struct nlmsghdr *req, int err, const char *msg,
			 uint16_t rc, uint16_t vs)
{
	struct nl_msg *m = nlmsg_alloc_size(4096);
	int tlvs = (msg && *msg) || rc;
	struct nlmsghdr *h = nlmsg_put(m, req->nlmsg_pid, req->nlmsg_seq,
				       NLMSG_ERROR, sizeof(struct nlmsgerr),
				       NLM_F_CAPPED | (tlvs ? NLM_F_ACK_TLVS : 0));
	struct nlmsgerr *e = nlmsg_data(h);
	uint8_t cookie[4] = { rc, rc >> 8, vs, vs >> 8 };

	e->error = err;
	e->msg = *req;
	if (msg && *msg)
		nla_put_string(m, NLMSGERR_ATTR_MSG, msg);
	if (rc)
		nla_put(m, NLMSGERR_ATTR_COOKIE, sizeof(cookie), cookie);
	queue(m);
}

static void answer_family(const struct nlmsghdr *req)
{
	struct nl_msg *m;

	if (fk.family_err) {
		answer_error(req, fk.family_err, NULL, 0, 0);
		return;
	}
	m = nlmsg_alloc_size(4096);
	genlmsg_put(m, req->nlmsg_pid, req->nlmsg_seq, GENL_ID_CTRL, 0, 0,
		    CTRL_CMD_NEWFAMILY, 2);
	nla_put_string(m, CTRL_ATTR_FAMILY_NAME, CXLFM_FAMILY_NAME);
	nla_put_u16(m, CTRL_ATTR_FAMILY_ID, FAMILY);
	queue(m);
}

static void answer(const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = nlmsg_data(req);
	struct nl_msg *m;

	if (req->nlmsg_type == GENL_ID_CTRL) {
		answer_family(req);
		return;
	}
	fk.sent++;
	fk.req_len = req->nlmsg_len < sizeof(fk.req) ? req->nlmsg_len : sizeof(fk.req);
	memcpy(fk.req, req, fk.req_len);
	if (fk.err) {
		answer_error(req, fk.err, fk.msg, fk.rc, fk.vs);
		return;
	}
	m = nlmsg_alloc_size(4096);
	genlmsg_put(m, req->nlmsg_pid, req->nlmsg_seq, FAMILY, 0, 0, g->cmd, 1);
	if (fk.attrs)
		fk.attrs(m);
	queue(m);
}

int __real_genl_connect(struct nl_sock *sk);
int __wrap_genl_connect(struct nl_sock *sk);
ssize_t __wrap_send(int fd, const void *buf, size_t len, int flags);
ssize_t __wrap_recv(int fd, void *buf, size_t len, int flags);

int __wrap_genl_connect(struct nl_sock *sk)
{
	if (!fk.connect_err)
		return __real_genl_connect(sk);
	errno = fk.connect_errno;
	return fk.connect_err;
}

ssize_t __wrap_send(int fd, const void *buf, size_t len, int flags)
{
	const struct nlmsghdr *h = buf;
	int left = len;

	(void)fd; (void)flags;
	if (fk.send_errno) {
		errno = fk.send_errno;
		return -1;
	}
	for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left))
		answer(h);
	return len;
}

ssize_t __wrap_recv(int fd, void *buf, size_t len, int flags)
{
	size_t n;

	(void)fd;
	if (fk.recv_errno) {
		errno = fk.recv_errno;
		return -1;
	}
	if (!fk.nq) {
		/* a real socket would block for good: the library waits in vain */
		fk.recv_empty++;
		errno = EAGAIN;
		return -1;
	}
	n = fk.qlen[0] < len ? fk.qlen[0] : len;
	if (n)
		memcpy(buf, fk.q[0], n);
	n = flags & MSG_TRUNC ? fk.qlen[0] : n;
	if (!(flags & MSG_PEEK)) {
		free(fk.q[0]);
		memmove(fk.q, fk.q + 1, (fk.nq - 1) * sizeof(fk.q[0]));
		memmove(fk.qlen, fk.qlen + 1, (fk.nq - 1) * sizeof(fk.qlen[0]));
		fk.nq--;
	}
	return n;
}

/* The attribute @type of the last request, or NULL. */
static struct nlattr *req_attr(int type)
{
	struct nlmsghdr *h = (struct nlmsghdr *)fk.req;

	return nla_find(genlmsg_attrdata(nlmsg_data(h), 0),
			genlmsg_attrlen(nlmsg_data(h), 0), type);
}

/* ---- cxlfm_new(): three failures, three errnos ---- */

TEST(new_without_the_family_is_enoent)
{
	struct cxlfm_ctx *ctx = NULL;

	fake_reset();
	fk.family_err = -ENOENT;
	EXPECT_EQ(-ENOENT, cxlfm_new(&ctx));
	EXPECT_EQ(NULL, ctx);
}

TEST(new_refused_socket_is_the_refusal_errno)
{
	static const struct { int nle, err; } cases[] = {
		{ -NLE_PERM, -EPERM },
		{ -NLE_NOACCESS, -EACCES },
		{ -NLE_AF_NOSUPPORT, -EAFNOSUPPORT },
		{ -NLE_PROTO_MISMATCH, -EPROTONOSUPPORT },
		{ -NLE_NOMEM, -ENOMEM },
	};
	struct cxlfm_ctx *ctx;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fake_reset();
		fk.connect_err = cases[i].nle;
		EXPECT_EQ(cases[i].err, cxlfm_new(&ctx))
			TH_LOG("libnl's -%d (%s)", -cases[i].nle,
			       nl_geterror(cases[i].nle));
	}
	/* what libnl has no code for, it calls NLE_FAILURE: errno says */
	fake_reset();
	fk.connect_err = -NLE_FAILURE;
	fk.connect_errno = EMFILE;
	EXPECT_EQ(-EMFILE, cxlfm_new(&ctx));
}

TEST(new_io_error_is_the_system_call_errno)
{
	struct cxlfm_ctx *ctx;

	fake_reset();
	fk.send_errno = ENOBUFS;
	EXPECT_EQ(-ENOBUFS, cxlfm_new(&ctx));
	fake_reset();
	fk.recv_errno = EIO;
	EXPECT_EQ(-EIO, cxlfm_new(&ctx));
	/* nlctrl answering something else than the family */
	fake_reset();
	fk.family_err = -EPERM;
	EXPECT_EQ(-EPERM, cxlfm_new(&ctx));
}

/* ---- a context on the fake kernel ---- */

FIXTURE(lib) {
	struct cxlfm_ctx *ctx;
};

FIXTURE_SETUP(lib)
{
	fake_reset();
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	ASSERT_EQ(FAMILY, cxlfm_family_id(self->ctx));
}

FIXTURE_TEARDOWN(lib)
{
	cxlfm_unref(self->ctx);
	fake_reset();
}

static void refuse(const char *msg, int err, uint16_t rc, uint16_t vs)
{
	fk.err = err;
	snprintf(fk.msg, sizeof(fk.msg), "%s", msg);
	fk.rc = rc;
	fk.vs = vs;
}

static void succeed(void)
{
	fk.err = 0;
	fk.msg[0] = '\0';
	fk.rc = fk.vs = 0;
}

TEST_F(lib, oversize_raw_payload_is_emsgsize_and_not_sent)
{
	static uint8_t big[70000];
	struct cxlfm_raw_cmd c = { .opcode = 0x0001, .in = big,
				   .in_len = sizeof(big) };
	struct cxlfm_raw_cmd batch[2] = { { .opcode = 0x0001 }, c };

	EXPECT_EQ(-EMSGSIZE, cxlfm_raw(self->ctx, 1, &c));
	EXPECT_NE(NULL, strstr(cxlfm_last_error(self->ctx), "netlink attribute"))
		TH_LOG("\"%s\"", cxlfm_last_error(self->ctx));
	EXPECT_EQ(-EMSGSIZE, cxlfm_raw_batch(self->ctx, 1, batch, 2));
	EXPECT_EQ(0u, fk.sent);
	/* the largest payload one attribute carries goes */
	c.in_len = 65531;
	EXPECT_EQ(0, cxlfm_raw(self->ctx, 1, &c));
	EXPECT_EQ(1u, fk.sent);
	ASSERT_NE(NULL, req_attr(CXLFM_A_RAW_PAYLOAD));
	EXPECT_EQ(65531, nla_len(req_attr(CXLFM_A_RAW_PAYLOAD)));
}

TEST_F(lib, typed_op_that_cannot_be_encoded_is_not_enomem)
{
	static uint8_t data[70000];
	const struct cxlfm_target t = CXLFM_TARGET(1);
	struct cxlfm_fm_get_phys_port_state_req ps = { .num_ports = 3 };
	struct cxlfm_fm_ld_mem_req mem = { .write = 1, .data = data,
					   .data_cap = sizeof(data),
					   .nr_data = sizeof(data) };
	struct cxlfm_fm_ld_mem_rsp mrsp = {};
	struct cxlfm_fm_get_phys_port_state_rsp prsp = {};

	/* a count without its array */
	EXPECT_EQ(-EINVAL, cxlfm_get_phys_port_state(self->ctx, &t, &ps, &prsp, 0));
	EXPECT_NE('\0', cxlfm_last_error(self->ctx)[0]);
	/* more bytes than an attribute carries */
	EXPECT_EQ(-EMSGSIZE, cxlfm_send_ld_cxlio_mem(self->ctx, &t, &mem, &mrsp, 0));
	EXPECT_NE(NULL, strstr(cxlfm_last_error(self->ctx), "netlink"))
		TH_LOG("\"%s\"", cxlfm_last_error(self->ctx));
	EXPECT_EQ(0u, fk.sent);
}

static void cci_attrs(struct nl_msg *m)
{
	nla_put_u32(m, CXLFM_A_CCI_ID, 4);
	nla_put_string(m, CXLFM_A_CCI_TRANSPORT, "sim");
}

static void bg_attrs(struct nl_msg *m)
{
	nla_put_u32(m, CXLFM_A_FM_CCI_ID, 4);
	nla_put_flag(m, CXLFM_A_FM_BACKGROUND);
	nla_put_u16(m, CXLFM_A_FM_OPCODE, 0x5202);
	nla_put_u32(m, CXLFM_A_FM_BG_SEQ, 7);
}

TEST_F(lib, no_call_inherits_the_last_ones_error)
{
	const struct cxlfm_target t = CXLFM_TARGET(4);
	struct cxlfm_fm_unbind_vppb_req un = { .vcs_id = 0, .vppb_id = 1 };
	struct cxlfm_fm_identify_switch_rsp isw;
	struct cxlfm_cci_info ci;
	struct cxlfm_bg_cmd bg;
	struct cxlfm_raw_cmd big = { .opcode = 1, .in = &ci, .in_len = 70000 };

	/* a device's refusal: text, return code and vendor status */
	refuse("the device is busy", -EBUSY, 0x0008, 0x1234);
	EXPECT_EQ(-EBUSY, cxlfm_identify_switch(self->ctx, &t, &isw, 0));
	EXPECT_STREQ("the device is busy", cxlfm_last_error(self->ctx));
	EXPECT_EQ(0x0008, cxlfm_last_return_code(self->ctx));
	EXPECT_EQ(0x1234, cxlfm_last_vendor_status(self->ctx));

	/* then a good call: nothing of it left */
	succeed();
	fk.attrs = cci_attrs;
	EXPECT_EQ(0, cxlfm_cci_get(self->ctx, 4, &ci));
	EXPECT_STREQ("", cxlfm_last_error(self->ctx));
	EXPECT_EQ(0, cxlfm_last_return_code(self->ctx));
	EXPECT_EQ(0, cxlfm_last_vendor_status(self->ctx));

	/* a failure of another kind, refused before sending: only its own text */
	refuse("the device is busy", -EBUSY, 0x0008, 0x1234);
	EXPECT_EQ(-EBUSY, cxlfm_identify_switch(self->ctx, &t, &isw, 0));
	EXPECT_EQ(-EMSGSIZE, cxlfm_raw(self->ctx, 4, &big));
	EXPECT_EQ(NULL, strstr(cxlfm_last_error(self->ctx), "busy"))
		TH_LOG("\"%s\"", cxlfm_last_error(self->ctx));
	EXPECT_EQ(0, cxlfm_last_return_code(self->ctx));
	EXPECT_EQ(0, cxlfm_last_vendor_status(self->ctx));

	/* an error without extack after one with it */
	refuse("the device is busy", -EBUSY, 0x0008, 0x1234);
	EXPECT_EQ(-EBUSY, cxlfm_identify_switch(self->ctx, &t, &isw, 0));
	refuse("", -ENODEV, 0, 0);
	EXPECT_EQ(-ENODEV, cxlfm_cci_get(self->ctx, 9, &ci));
	EXPECT_STREQ("", cxlfm_last_error(self->ctx));
	EXPECT_EQ(0, cxlfm_last_return_code(self->ctx));

	/* the background command a call started is that call's */
	succeed();
	fk.attrs = bg_attrs;
	EXPECT_EQ(1, cxlfm_unbind_vppb(self->ctx, &t, &un, 0));
	ASSERT_EQ(0, cxlfm_last_bg_cmd(self->ctx, &bg));
	EXPECT_EQ(7u, bg.seq);
	EXPECT_EQ(0x5202, bg.opcode);
	EXPECT_EQ(4u, bg.cci);
	fk.attrs = cci_attrs;
	EXPECT_EQ(0, cxlfm_cci_get(self->ctx, 4, &ci));
	EXPECT_EQ(-ENOENT, cxlfm_last_bg_cmd(self->ctx, &bg));
}

static void bad_cci_attrs(struct nl_msg *m)
{
	nla_put_u8(m, CXLFM_A_CCI_ID, 4);	/* a u32 by the policy */
}

TEST_F(lib, unreadable_reply_fails_the_call)
{
	struct cxlfm_cci_info ci;

	fk.attrs = bad_cci_attrs;
	EXPECT_EQ(-EBADMSG, cxlfm_cci_get(self->ctx, 4, &ci));
	EXPECT_EQ(0u, fk.recv_empty);
}

TEST_F(lib, io_errors_are_the_system_calls)
{
	struct cxlfm_cci_info ci;

	fk.send_errno = EPERM;
	EXPECT_EQ(-EPERM, cxlfm_cci_get(self->ctx, 4, &ci));
	fk.send_errno = 0;
	fk.recv_errno = ENOBUFS;
	EXPECT_EQ(-ENOBUFS, cxlfm_cci_get(self->ctx, 4, &ci));
}

/* The context's message, reused: a short request after a long one. */
TEST_F(lib, reused_request_carries_nothing_of_the_last)
{
	uint8_t in[300], out[16];
	struct cxlfm_raw_cmd c = { .opcode = 0x5101, .in = in,
				   .in_len = sizeof(in), .out = out,
				   .out_cap = sizeof(out) };
	unsigned int i;

	memset(in, 0xa5, sizeof(in));
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, cxlfm_raw(self->ctx, 2, &c));
		ASSERT_NE(NULL, req_attr(CXLFM_A_RAW_PAYLOAD));
		EXPECT_EQ((int)sizeof(in), nla_len(req_attr(CXLFM_A_RAW_PAYLOAD)));
		c.in_len = 0;
		ASSERT_EQ(0, cxlfm_raw(self->ctx, 3, &c));
		EXPECT_EQ(NULL, req_attr(CXLFM_A_RAW_PAYLOAD));
		ASSERT_NE(NULL, req_attr(CXLFM_A_RAW_CCI_ID));
		EXPECT_EQ(3u, nla_get_u32(req_attr(CXLFM_A_RAW_CCI_ID)));
		EXPECT_EQ(NLMSG_LENGTH(GENL_HDRLEN + 16),
			  ((struct nlmsghdr *)fk.req)->nlmsg_len);
		c.in_len = sizeof(in);
	}
}

/* ---- threads ---- */

#define SPIN	4000000

struct spin {
	struct cxlfm_ctx *ctx;
	pthread_barrier_t *go;
	bool take;
};

static void *ref_spin(void *arg)
{
	struct spin *s = arg;
	int i;

	/* all at once, or each thread's turn would end before the next begins */
	pthread_barrier_wait(s->go);
	for (i = 0; i < SPIN; i++) {
		if (s->take)
			cxlfm_ref(s->ctx);
		else
			cxlfm_unref(s->ctx);
	}
	return NULL;
}

/* Four threads take (or drop) SPIN references each, all at once. */
static int spin4(struct cxlfm_ctx *ctx, bool take)
{
	pthread_barrier_t go;
	struct spin s = { ctx, &go, take };
	pthread_t t[4];
	int i, rc = 0;

	if (pthread_barrier_init(&go, NULL, 4))
		return -1;
	for (i = 0; i < 4; i++)
		if (pthread_create(&t[i], NULL, ref_spin, &s))
			return -1;
	for (i = 0; i < 4; i++)
		rc |= pthread_join(t[i], NULL);
	pthread_barrier_destroy(&go);
	return rc ? -1 : 0;
}

/*
 * References taken and dropped by four threads at once: none is lost (a
 * plain int loses increments whenever a thread is preempted between its
 * load and its store, even on one CPU).
 */
TEST_F(lib, references_are_counted_atomically)
{
	ASSERT_EQ(0, spin4(self->ctx, true));
	EXPECT_EQ(4 * SPIN + 1, atomic_load(&self->ctx->refcount));
	ASSERT_EQ(0, spin4(self->ctx, false));
	EXPECT_EQ(1, atomic_load(&self->ctx->refcount));
}

struct worker {
	int id;
	int mismatches;
	char first[200];
};

/* A context of its own, failing and succeeding in turn. */
static void *own_context(void *arg)
{
	struct worker *w = arg;
	struct cxlfm_ctx *ctx;
	struct cxlfm_cci_info ci;
	char want[64];
	int i, rc;

	fake_reset();
	if (cxlfm_new(&ctx)) {
		w->mismatches = -1;
		return NULL;
	}
	for (i = 0; i < 500; i++) {
		snprintf(want, sizeof(want), "thread %d call %d", w->id, i);
		refuse(want, -ENODEV, w->id + 1, i);
		rc = cxlfm_cci_get(ctx, 9, &ci);
		if (rc != -ENODEV || strcmp(cxlfm_last_error(ctx), want) ||
		    cxlfm_last_return_code(ctx) != w->id + 1) {
			if (!w->mismatches++)
				snprintf(w->first, sizeof(w->first),
					 "%s: %d \"%s\" %#x", want, rc,
					 cxlfm_last_error(ctx),
					 cxlfm_last_return_code(ctx));
		}
		succeed();
		rc = cxlfm_cci_get(ctx, 9, &ci);
		if (rc || *cxlfm_last_error(ctx) || cxlfm_last_return_code(ctx)) {
			if (!w->mismatches++)
				snprintf(w->first, sizeof(w->first),
					 "after %s: %d \"%s\" %#x", want, rc,
					 cxlfm_last_error(ctx),
					 cxlfm_last_return_code(ctx));
		}
	}
	cxlfm_unref(ctx);
	fake_reset();
	return NULL;
}

TEST(contexts_of_threads_share_nothing)
{
	struct worker w[4] = {};
	pthread_t t[4];
	int i;

	for (i = 0; i < 4; i++) {
		w[i].id = i;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, own_context, &w[i]));
	}
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, pthread_join(t[i], NULL));
		EXPECT_EQ(0, w[i].mismatches)
			TH_LOG("thread %d: first: %s", i, w[i].first);
	}
}

struct handover {
	struct cxlfm_ctx *ctx;
	int rc;
};

/* Uses a context another thread opened, then drops its reference. */
static void *second_owner(void *arg)
{
	struct handover *h = arg;
	struct cxlfm_cci_info ci;

	/* this thread's fake kernel */
	fake_reset();
	fk.attrs = cci_attrs;
	h->rc = cxlfm_cci_get(h->ctx, 4, &ci);
	cxlfm_unref(h->ctx);
	fake_reset();
	return NULL;
}

/* A context passed to another thread with a reference; both drop theirs. */
TEST_F(lib, context_handed_to_another_thread)
{
	struct handover h = { .ctx = cxlfm_ref(self->ctx), .rc = 1 };
	pthread_t t;

	ASSERT_EQ(0, pthread_create(&t, NULL, second_owner, &h));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(0, h.rc);
	EXPECT_EQ(1, atomic_load(&self->ctx->refcount));
}

TEST_HARNESS_MAIN
