// SPDX-License-Identifier: GPL-2.0
/*
 * The port-state dump across 16 simulated switches of 256 ports: read in
 * small pieces, it resumes where each piece ended (every port of every
 * switch exactly once, in order), and it flags NLM_F_DUMP_INTR once a
 * switch is added while it runs.  Plain netlink sockets, so the test sees
 * every message and its flags.  Runs in the VM.
 */
#include <linux/genetlink.h>
#include <sys/socket.h>

#include "genl_util.h"
#include "kselftest_harness.h"
#include "sim_util.h"

#define NR_SW		16
#define FIRST_SW	40
#define PORTS		256
#define LATE_SW		(FIRST_SW + NR_SW)

struct dump {
	int fd;
	int family;
	unsigned int batches;
	unsigned int intr;
	bool done;
	int err;
};

static int dump_start(struct dump *d, int cmd)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
	} req = {
		.n = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = d->family,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 1,
		},
		.g = { .cmd = cmd, .version = CXLFM_FAMILY_VERSION },
	};

	d->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (d->fd < 0)
		return -errno;
	return send(d->fd, &req, sizeof(req), 0) == sizeof(req) ? 0 : -errno;
}

/* One message: its switch and the port in its port nest. */
static void parse_port(struct nlmsghdr *nlh, uint32_t *cci, int *port)
{
	struct nlattr *a, *b;
	int rem, rem2;

	*cci = UINT32_MAX;
	*port = -1;
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(a) == CXLFM_A_FM_CCI_ID)
			*cci = nla_get_u32(a);
		if (nla_type(a) != CXLFM_A_FM_PORTS)
			continue;
		nla_for_each_nested(b, a, rem2)
			if (nla_type(b) == CXLFM_A_FM_PORT_ID)
				*port = nla_get_u8(b);
	}
}

/*
 * Read one piece of the dump (one recv of at most @len bytes) and hand
 * each port to @each.
 */
static void dump_piece(struct dump *d, size_t len,
		       void (*each)(uint32_t cci, int port, void *arg),
		       void *arg)
{
	static char buf[1 << 16];
	struct nlmsghdr *nlh;
	uint32_t cci;
	int n, port;

	n = recv(d->fd, buf, len, 0);
	if (n <= 0) {
		d->err = n < 0 ? -errno : -EIO;
		d->done = true;
		return;
	}
	d->batches++;
	for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (unsigned int)n);
	     nlh = NLMSG_NEXT(nlh, n)) {
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			d->intr++;
		if (nlh->nlmsg_type == NLMSG_DONE) {
			d->err = *(int *)NLMSG_DATA(nlh);
			d->done = true;
			return;
		}
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			d->err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			d->done = true;
			return;
		}
		parse_port(nlh, &cci, &port);
		each(cci, port, arg);
	}
}

struct seen {
	int cci[NR_SW];
	uint8_t count[NR_SW][PORTS];
	int last_port[NR_SW];
	int out_of_order;
	int unknown;
};

static void note(uint32_t cci, int port, void *arg)
{
	struct seen *s = arg;
	int i;

	for (i = 0; i < NR_SW; i++) {
		if (s->cci[i] != (int)cci)
			continue;
		if (port < 0 || port >= PORTS) {
			s->unknown++;
			return;
		}
		if (port <= s->last_port[i])
			s->out_of_order++;
		s->last_port[i] = port;
		s->count[i][port]++;
		return;
	}
	s->unknown++;	/* another switch, e.g. one a previous test left */
}

FIXTURE(dump) {
	struct seen seen;
	struct dump d;
};

FIXTURE_SETUP(dump)
{
	char spec[64];
	int i;

	ASSERT_NE(NULL, getenv("CXLFM_KMOD"));
	ASSERT_EQ(0, sim_load());
	/* the switches outlive each test: creating them is the slow part */
	for (i = 0; i < NR_SW; i++) {
		snprintf(spec, sizeof(spec), "%d ports=%d vcs=1 vppbs=4 payload=256",
			 FIRST_SW + i, PORTS);
		if (sim_cci(FIRST_SW + i) < 0)
			ASSERT_EQ(0, sim_new(spec));
		self->seen.cci[i] = sim_cci(FIRST_SW + i);
		ASSERT_GE(self->seen.cci[i], 0);
		self->seen.last_port[i] = -1;
	}
	sim_del(LATE_SW);
	self->d.family = genl_family_id(CXLFM_FAMILY_NAME);
	ASSERT_GT(self->d.family, 0);
}

FIXTURE_TEARDOWN(dump)
{
	if (self->d.fd > 0)
		close(self->d.fd);
	sim_del(LATE_SW);
}

TEST_F(dump, resumes_across_pieces_without_loss_or_repeat)
{
	unsigned int i, p, missing = 0, twice = 0;

	ASSERT_EQ(0, dump_start(&self->d, CXLFM_CMD_GET_PHYS_PORT_STATE));
	while (!self->d.done)
		dump_piece(&self->d, 4096, note, &self->seen);
	ASSERT_EQ(0, self->d.err);
	for (i = 0; i < NR_SW; i++) {
		for (p = 0; p < PORTS; p++) {
			missing += self->seen.count[i][p] == 0;
			twice += self->seen.count[i][p] > 1;
		}
	}
	TH_LOG("%u ports in %u pieces", NR_SW * PORTS, self->d.batches);
	EXPECT_EQ(0, missing);
	EXPECT_EQ(0, twice);
	EXPECT_EQ(0, self->seen.out_of_order);
	/* pieces ended inside switches: the cursor resumed mid-switch */
	EXPECT_LT(2 * NR_SW, self->d.batches);
	EXPECT_EQ(0, self->d.intr);
}

TEST_F(dump, a_switch_added_mid_dump_is_flagged)
{
	char spec[64];
	unsigned int before;

	ASSERT_EQ(0, dump_start(&self->d, CXLFM_CMD_GET_PHYS_PORT_STATE));
	dump_piece(&self->d, 4096, note, &self->seen);
	ASSERT_FALSE(self->d.done);
	before = self->d.intr;
	EXPECT_EQ(0, before);

	snprintf(spec, sizeof(spec), "%d ports=8", LATE_SW);
	ASSERT_EQ(0, sim_new(spec));
	while (!self->d.done)
		dump_piece(&self->d, 4096, note, &self->seen);
	ASSERT_EQ(0, self->d.err);
	EXPECT_LT(0, self->d.intr);
}

/* libcxlfm's dump: a switch added after the first reply. */
struct late {
	unsigned int replies;
	int add_rc;
};

static int add_late_switch(struct cxlfm_ctx *ctx, unsigned int cci, void *rsp,
			   void *arg)
{
	struct late *l = arg;
	char spec[64];

	(void)ctx, (void)cci, (void)rsp;
	if (!l->replies++) {
		snprintf(spec, sizeof(spec), "%d ports=8", LATE_SW);
		l->add_rc = sim_new(spec);
	}
	return 0;
}

static int count_reply(struct cxlfm_ctx *ctx, unsigned int cci, void *rsp,
		       void *arg)
{
	(void)ctx, (void)cci, (void)rsp;
	++*(unsigned int *)arg;
	return 0;
}

TEST_F(dump, the_library_ends_an_interrupted_dump_with_eintr)
{
	struct cxlfm_fm_port_info port;
	struct cxlfm_fm_get_phys_port_state_rsp rsp = { .ports = &port,
						     .ports_cap = 1 };
	struct late l = {};
	struct cxlfm_ctx *ctx;

	ASSERT_EQ(0, cxlfm_new(&ctx));
	EXPECT_EQ(-EINTR, cxlfm_get_phys_port_state_dump(ctx, -1,
					&rsp, add_late_switch, &l));
	EXPECT_EQ(0, l.add_rc);
	/* every reply was handed out before the error */
	EXPECT_LE(NR_SW * PORTS, l.replies);
	/* and the socket is clean for the next request: one reply a switch */
	l.replies = 0;
	EXPECT_EQ(0, cxlfm_identify_switch_dump(ctx, -1,
				   &(struct cxlfm_fm_identify_switch_rsp){},
				   count_reply, &l.replies));
	EXPECT_LE(NR_SW + 1, l.replies);
	cxlfm_unref(ctx);
}

TEST_F(dump, every_switch_once_in_the_switch_dump)
{
	unsigned int i, total = 0;
	int count[NR_SW] = {};
	struct nlmsghdr *nlh;
	static char buf[1 << 16];
	uint32_t cci;
	int n;

	ASSERT_EQ(0, dump_start(&self->d, CXLFM_CMD_IDENTIFY_SWITCH));
	while (!self->d.done) {
		n = recv(self->d.fd, buf, sizeof(buf), 0);
		ASSERT_LT(0, n);
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (unsigned int)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_DONE ||
			    nlh->nlmsg_type == NLMSG_ERROR) {
				self->d.done = true;
				break;
			}
			parse_port(nlh, &cci, &(int){ 0 });
			for (i = 0; i < NR_SW; i++)
				count[i] += self->seen.cci[i] == (int)cci;
			total++;
		}
	}
	for (i = 0; i < NR_SW; i++)
		EXPECT_EQ(1, count[i]);
	EXPECT_LE(NR_SW, total);
}

/* Last: the 16 switches go away cleanly, and the dump ends empty of them. */
TEST_F(dump, switches_delete_cleanly)
{
	unsigned int i;

	for (i = 0; i < NR_SW; i++) {
		EXPECT_EQ(0, sim_del(FIRST_SW + i));
		EXPECT_GT(0, sim_cci(FIRST_SW + i));
	}
	ASSERT_EQ(0, dump_start(&self->d, CXLFM_CMD_GET_PHYS_PORT_STATE));
	while (!self->d.done)
		dump_piece(&self->d, 4096, note, &self->seen);
	ASSERT_EQ(0, self->d.err);
	for (i = 0; i < NR_SW; i++)
		EXPECT_EQ(-1, self->seen.last_port[i]);
}

TEST_HARNESS_MAIN
