// SPDX-License-Identifier: GPL-2.0
/*
 * A slow switch stalls nobody else (issue 6): while switch A answers each
 * command after 500 ms (the simulator's latency_ms knob) and a thread keeps
 * a command to A in flight, 1000 raw commands to switch B complete, and
 * rtnetlink (an RTM_GETLINK dump, what `ip link` does) and another generic
 * netlink family (nlctrl's CTRL_CMD_GETFAMILY) answer.
 *
 * The assertions are structural, not timings.  A request that had to wait
 * for switch A (a shared lock, the genl mutex, rtnl) would wait for the
 * command of A in flight to complete, so A's completion count would move
 * during every such request.  Requests that do not wait see it move only
 * when one of A's 500 ms commands happens to end meanwhile: on a stock
 * kernel 1000 commands to B take a few tens of ms and fit inside one of
 * A's commands; on the debug kernel they take seconds.  So the tests count
 * the requests during which A completed a command and require that most
 * did not wait, where waiting makes it all of them: at most a tenth of
 * B's commands, at most half of the (fewer, slower) netlink rounds.
 */
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define ID_A		60
#define ID_B		61
#define LATENCY_MS	"500"
#define B_COMMANDS	1000
#define ROUNDS		20	/* of `ip link` + nlctrl */

/* The thread that keeps a command to A in flight. */
struct stall {
	int cci;
	atomic_int stop;
	atomic_int done;	/* A's commands completed */
	atomic_int errors;	/* ... that did not succeed */
	pthread_t th;
};

static void *stall_a(void *arg)
{
	struct stall *s = arg;
	struct cxlfm_ctx *ctx;
	uint8_t out[64];
	size_t len;
	uint16_t rc;

	if (cxlfm_new(&ctx)) {
		atomic_fetch_add(&s->errors, 1);
		return NULL;
	}
	while (!atomic_load(&s->stop)) {
		if (sim_raw(ctx, s->cci, 0x0001, NULL, 0, out, sizeof(out), &len,
			    &rc) || rc)
			atomic_fetch_add(&s->errors, 1);
		atomic_fetch_add(&s->done, 1);
	}
	cxlfm_unref(ctx);
	return NULL;
}

/* Wait until one of A's commands completes; Return: A's count then. */
static int next_a_completion(struct stall *s)
{
	int d = atomic_load(&s->done);

	while (atomic_load(&s->done) == d)
		usleep(1000);
	return atomic_load(&s->done);
}

/*
 * Send one netlink request and read the replies until the end of a dump
 * or the first reply of a do; Return: messages of @type seen, or -errno.
 */
static int nl_request(int proto, struct nlmsghdr *req, uint16_t type)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char buf[32768];
	int fd, n = 0, done = 0;
	ssize_t len;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -errno;
	if (sendto(fd, req, req->nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		n = -errno;
		goto out;
	}
	while (!done) {
		struct nlmsghdr *h;

		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0) {
			n = -errno;
			break;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				n = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
				done = 1;
				break;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			n += h->nlmsg_type == type;
			if (!(h->nlmsg_flags & NLM_F_MULTI))
				done = 1;
		}
	}
out:
	close(fd);
	return n;
}

/* `ip link`: an RTM_GETLINK dump; Return: links listed, or -errno. */
static int rtnl_links(void)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} req = {
		.h.nlmsg_len = sizeof(req),
		.h.nlmsg_type = RTM_GETLINK,
		.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.i.ifi_family = AF_UNSPEC,
	};

	return nl_request(NETLINK_ROUTE, &req.h, RTM_NEWLINK);
}

/* nlctrl's own family by name; Return: 1 if it answered, or -errno. */
static int genl_nlctrl(void)
{
	struct {
		struct nlmsghdr h;
		struct genlmsghdr g;
		struct nlattr a;
		char name[8];
	} req = {
		.h.nlmsg_len = sizeof(req),
		.h.nlmsg_type = GENL_ID_CTRL,
		.h.nlmsg_flags = NLM_F_REQUEST,
		.g.cmd = CTRL_CMD_GETFAMILY,
		.g.version = 1,
		.a.nla_len = NLA_HDRLEN + sizeof("nlctrl"),
		.a.nla_type = CTRL_ATTR_FAMILY_NAME,
		.name = "nlctrl",
	};

	return nl_request(NETLINK_GENERIC, &req.h, GENL_ID_CTRL);
}

FIXTURE(iso) {
	struct cxlfm_ctx *ctx;
	int cci_b;
	struct stall a;
};

FIXTURE_SETUP(iso)
{
	ASSERT_EQ(0, sim_load());
	sim_del(ID_A);
	sim_del(ID_B);
	ASSERT_EQ(0, sim_new("60 ports=8"));
	ASSERT_EQ(0, sim_new("61 ports=8"));
	self->a.cci = sim_cci(ID_A);
	self->cci_b = sim_cci(ID_B);
	ASSERT_GE(self->a.cci, 0);
	ASSERT_GE(self->cci_b, 0);
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	ASSERT_EQ(0, sim_knob(ID_A, "latency_ms", LATENCY_MS));
	ASSERT_EQ(0, pthread_create(&self->a.th, NULL, stall_a, &self->a));
}

FIXTURE_TEARDOWN(iso)
{
	atomic_store(&self->a.stop, 1);
	pthread_join(self->a.th, NULL);
	EXPECT_EQ(0, atomic_load(&self->a.errors));
	cxlfm_unref(self->ctx);
	sim_del(ID_A);
	sim_del(ID_B);
}

/* The debug kernel takes about 14 ms a command: leave room past 30 s. */
TEST_F_TIMEOUT(iso, switch_b_answers_1000_commands_while_a_is_stalled, 120)
{
	int i, a, a0, ok = 0, waited = 0;
	uint8_t out[128];
	double t0, t;
	size_t len;
	uint16_t rc;

	a0 = next_a_completion(&self->a);
	t0 = sim_now();
	for (i = 0; i < B_COMMANDS; i++) {
		a = atomic_load(&self->a.done);
		ok += !sim_raw(self->ctx, self->cci_b, 0x5100, NULL, 0, out,
			       sizeof(out), &len, &rc) && !rc && len == 0x49;
		waited += atomic_load(&self->a.done) != a;
		if (waited > B_COMMANDS / 10)
			break;		/* B waits for A: no need to go on */
	}
	t = sim_now() - t0;
	EXPECT_EQ(B_COMMANDS, ok);
	EXPECT_GE(B_COMMANDS / 10, waited);
	ksft_print_msg("%d commands to B in %.3f s; A, at %s ms each, completed %d meanwhile, during %d of B's\n",
		       B_COMMANDS, t, LATENCY_MS, atomic_load(&self->a.done) - a0,
		       waited);
}

TEST_F(iso, rtnetlink_and_nlctrl_answer_while_a_is_stalled)
{
	int i, a, waited = 0;

	next_a_completion(&self->a);
	for (i = 0; i < ROUNDS; i++) {
		a = atomic_load(&self->a.done);
		EXPECT_LE(1, rtnl_links());	/* lo at least */
		EXPECT_EQ(1, genl_nlctrl());
		waited += atomic_load(&self->a.done) != a;
	}
	EXPECT_GE(ROUNDS / 2, waited);
	ksft_print_msg("%d rounds of RTM_GETLINK and CTRL_CMD_GETFAMILY, %d during a completion of A\n",
		       ROUNDS, waited);
}

TEST_HARNESS_MAIN
