// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink fuzzer: random and mutated-valid messages to every op of the
 * cxlfm family, with the CCI ids of simulated switches so that the raw
 * path reaches the mailbox.  Runs in the VM, as root.
 *
 * The op list and each op's attribute policy are read from the kernel at
 * run time (CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY), so an op added to the
 * family is fuzzed without a change here.  For each message:
 *  - the kernel answers (an ack, a reply, the end of a dump or an error);
 *  - every error is explained by the extended ack: a message
 *    (NLMSGERR_ATTR_MSG), or for a missing required attribute its type
 *    (NLMSGERR_ATTR_MISS_TYPE, what GENL_REQ_ATTR_CHECK() reports); no
 *    exception, not even -EPERM or -ENOENT.
 * Afterwards the family still lists the simulated CCIs.  A kernel warning,
 * oops or sanitizer report fails the run (the VM runner reads the log).
 *
 * NL_FUZZ_COUNT sets the number of messages (default 20000, 5000 on the
 * debug leg), NL_FUZZ_SEED
 * the random seed (default: the time, printed so a run can be replayed).
 */
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include <linux/cxlfm.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define MAX_OPS		32
#define MAX_POLICIES	32
#define MAX_ATTRS	64
#define MSG_MAX		8192
#define SIM_A		40
#define SIM_B		41

struct op {
	uint32_t id;
	uint32_t flags;		/* GENL_CMD_CAP_* */
	int policy_do, policy_dump;	/* index, or -1 */
};

struct family {
	uint16_t id;
	struct op ops[MAX_OPS];
	int nr_ops;
	/* per policy: NL_ATTR_TYPE_* of each attribute, 0 = not in it */
	uint8_t types[MAX_POLICIES][MAX_ATTRS];
	uint16_t maxlen[MAX_POLICIES][MAX_ATTRS];
};

struct nlsk {
	int fd;
	uint32_t seq;
};

static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)rng_state;
}

static int nl_open(struct nlsk *s)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 10 };
	int one = 1;

	s->seq = 1;
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s->fd < 0)
		return -errno;
	if (setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(s->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) ||
	    setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)))
		return -errno;
	return 0;
}

/* Start a message in @buf: netlink + genetlink headers. */
static size_t msg_start(uint8_t *buf, uint16_t type, uint16_t flags,
			uint8_t cmd, uint32_t seq)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	g->cmd = cmd;
	g->version = 1;
	return NLMSG_HDRLEN + GENL_HDRLEN;
}

static size_t put_attr(uint8_t *buf, size_t len, uint16_t type,
		       const void *data, uint16_t dlen)
{
	struct nlattr *a = (struct nlattr *)(buf + len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + dlen;
	memcpy(buf + len + NLA_HDRLEN, data, dlen);
	memset(buf + len + NLA_HDRLEN + dlen, 0, NLA_ALIGN(dlen) - dlen);
	return len + NLA_HDRLEN + NLA_ALIGN(dlen);
}

#define for_each_attr(a, head, len, rem)				\
	for (a = (struct nlattr *)(head), rem = (int)(len);		\
	     rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&		\
	     a->nla_len <= rem;						\
	     rem -= NLA_ALIGN(a->nla_len),				\
	     a = (struct nlattr *)((uint8_t *)a + NLA_ALIGN(a->nla_len)))

#define ATTR_DATA(a)	((uint8_t *)(a) + NLA_HDRLEN)
#define ATTR_LEN(a)	((int)(a)->nla_len - NLA_HDRLEN)
#define ATTR_TYPE(a)	((a)->nla_type & NLA_TYPE_MASK)

static uint32_t attr_u32(const struct nlattr *a)
{
	uint32_t v = 0;

	memcpy(&v, ATTR_DATA(a), ATTR_LEN(a) < 4 ? ATTR_LEN(a) : 4);
	return v;
}

static void parse_ops(struct family *f, const struct nlattr *ops)
{
	const struct nlattr *op, *a;
	int rem, rem2;

	for_each_attr(op, ATTR_DATA(ops), ATTR_LEN(ops), rem) {
		struct op *o;

		if (f->nr_ops == MAX_OPS)
			return;
		o = &f->ops[f->nr_ops++];
		o->policy_do = o->policy_dump = -1;
		for_each_attr(a, ATTR_DATA(op), ATTR_LEN(op), rem2) {
			if (ATTR_TYPE(a) == CTRL_ATTR_OP_ID)
				o->id = attr_u32(a);
			else if (ATTR_TYPE(a) == CTRL_ATTR_OP_FLAGS)
				o->flags = attr_u32(a);
		}
	}
}

static struct op *find_op(struct family *f, uint32_t id)
{
	int i;

	for (i = 0; i < f->nr_ops; i++)
		if (f->ops[i].id == id)
			return &f->ops[i];
	return NULL;
}

/* CTRL_ATTR_OP_POLICY: op -> { do policy, dump policy } */
static void parse_op_policy(struct family *f, const struct nlattr *nest)
{
	const struct nlattr *op, *a;
	int rem, rem2;

	for_each_attr(op, ATTR_DATA(nest), ATTR_LEN(nest), rem) {
		struct op *o = find_op(f, ATTR_TYPE(op));

		if (!o)
			continue;
		for_each_attr(a, ATTR_DATA(op), ATTR_LEN(op), rem2) {
			if (ATTR_TYPE(a) == CTRL_ATTR_POLICY_DO)
				o->policy_do = attr_u32(a);
			else if (ATTR_TYPE(a) == CTRL_ATTR_POLICY_DUMP)
				o->policy_dump = attr_u32(a);
		}
	}
}

/* CTRL_ATTR_POLICY: policy index -> attribute -> { type, lengths } */
static void parse_policy(struct family *f, const struct nlattr *nest)
{
	const struct nlattr *pol, *at, *a;
	int rem, rem2, rem3;

	for_each_attr(pol, ATTR_DATA(nest), ATTR_LEN(nest), rem) {
		unsigned int p = ATTR_TYPE(pol);

		if (p >= MAX_POLICIES)
			continue;
		for_each_attr(at, ATTR_DATA(pol), ATTR_LEN(pol), rem2) {
			unsigned int t = ATTR_TYPE(at);

			if (t >= MAX_ATTRS)
				continue;
			for_each_attr(a, ATTR_DATA(at), ATTR_LEN(at), rem3) {
				if (ATTR_TYPE(a) == NL_POLICY_TYPE_ATTR_TYPE)
					f->types[p][t] = attr_u32(a);
				else if (ATTR_TYPE(a) ==
					 NL_POLICY_TYPE_ATTR_MAX_LENGTH)
					f->maxlen[p][t] = attr_u32(a);
			}
		}
	}
}

/* Handle each genetlink message of a controller reply stream. */
static int ctrl_request(struct nlsk *s, uint8_t *buf, size_t len,
			struct family *f)
{
	static uint8_t rx[65536];
	bool done = false;

	((struct nlmsghdr *)buf)->nlmsg_len = len;
	if (send(s->fd, buf, len, 0) < 0)
		return -errno;
	while (!done) {
		ssize_t n = recv(s->fd, rx, sizeof(rx), 0);
		struct nlmsghdr *nlh;

		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)rx; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			const struct nlattr *a;
			int rem;

			if (nlh->nlmsg_type == NLMSG_ERROR) {
				int err = *(int *)NLMSG_DATA(nlh);

				if (err)
					return err;
				done = true;
				continue;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				done = true;
				continue;
			}
			for_each_attr(a, (uint8_t *)NLMSG_DATA(nlh) + GENL_HDRLEN,
				      nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN,
				      rem) {
				switch (ATTR_TYPE(a)) {
				case CTRL_ATTR_FAMILY_ID:
					f->id = attr_u32(a);
					break;
				case CTRL_ATTR_OPS:
					parse_ops(f, a);
					break;
				case CTRL_ATTR_OP_POLICY:
					parse_op_policy(f, a);
					break;
				case CTRL_ATTR_POLICY:
					parse_policy(f, a);
					break;
				}
			}
			if (!(nlh->nlmsg_flags & NLM_F_MULTI))
				done = true;
		}
	}
	return 0;
}

static int resolve_family(struct nlsk *s, struct family *f)
{
	uint8_t buf[256];
	size_t len;
	int rc;

	memset(f, 0, sizeof(*f));
	len = msg_start(buf, GENL_ID_CTRL, NLM_F_REQUEST, CTRL_CMD_GETFAMILY,
			s->seq++);
	len = put_attr(buf, len, CTRL_ATTR_FAMILY_NAME, CXLFM_FAMILY_NAME,
		       sizeof(CXLFM_FAMILY_NAME));
	rc = ctrl_request(s, buf, len, f);
	if (rc || !f->id || !f->nr_ops)
		return rc ? rc : -ENOENT;
	len = msg_start(buf, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_DUMP,
			CTRL_CMD_GETPOLICY, s->seq++);
	len = put_attr(buf, len, CTRL_ATTR_FAMILY_ID, &f->id, sizeof(f->id));
	return ctrl_request(s, buf, len, f);
}

/* FM-API opcodes the simulated switch knows, and a few it does not. */
static const uint16_t opcodes[] = {
	0x0001, 0x0002, 0x0005, 0x0100, 0x0101, 0x0102, 0x0103, 0x0400,
	0x0401, 0x5100, 0x5101, 0x5102, 0x5103, 0x5200, 0x5201, 0x5202,
	0x5203, 0x5300, 0x5400, 0x5401, 0x5600, 0xffff, 0x0000, 0x4242,
};

/* A well-formed value for an attribute of netlink type @type. */
static uint16_t gen_value(uint8_t *v, unsigned int type, uint16_t maxlen,
			  const int *ccis)
{
	uint32_t r = rnd(), u32;
	uint16_t n, i;

	switch (type) {
	case NL_ATTR_TYPE_FLAG:
		return 0;
	case NL_ATTR_TYPE_U8:
		v[0] = r % 4 ? r >> 8 & 7 : r >> 8;
		return 1;
	case NL_ATTR_TYPE_U16: {
		uint16_t u = r % 2 ? opcodes[(r >> 8) % ARRAY_SIZE(opcodes)] :
			     (uint16_t)(r >> 8);
		memcpy(v, &u, 2);
		return 2;
	}
	case NL_ATTR_TYPE_U32:
		u32 = r % 4 ? (uint32_t)ccis[(r >> 8) & 1] :
		      r % 8 == 1 ? 0xffffffff : r >> 3;
		memcpy(v, &u32, 4);
		return 4;
	case NL_ATTR_TYPE_U64:
		for (i = 0; i < 8; i++)
			v[i] = rnd();
		return 8;
	case NL_ATTR_TYPE_STRING:
	case NL_ATTR_TYPE_NUL_STRING:
		n = r % 16;
		for (i = 0; i < n; i++)
			v[i] = 'a' + rnd() % 26;
		v[n] = 0;
		return n + 1;
	default:		/* binary, nested, unknown */
		n = r % 8 ? r >> 8 & 63 : r >> 8 & 1023;
		if (maxlen && n > maxlen)
			n = maxlen;
		for (i = 0; i < n; i++)
			v[i] = rnd();
		return n;
	}
}

/* Attributes for @op: valid ones, then perhaps mutated, or pure noise. */
static size_t gen_attrs(const struct family *f, int policy, uint8_t *buf,
			size_t len, const int *ccis)
{
	unsigned int mode = rnd() % 8, nr = 1 + rnd() % 4, i, t;
	unsigned int known[MAX_ATTRS], nr_known = 0;
	size_t start = len;
	uint8_t v[1100];

	if (mode == 0) {	/* noise */
		unsigned int n = rnd() % 256;

		for (i = 0; i < n; i++)
			buf[len++] = rnd();
		return len;
	}
	for (t = 1; policy >= 0 && t < MAX_ATTRS; t++)
		if (f->types[policy][t])
			known[nr_known++] = t;
	for (i = 0; i < nr; i++) {
		/* mostly an attribute the op's policy has */
		if (!nr_known || rnd() % 16 == 0)
			t = rnd() % MAX_ATTRS;
		else
			t = known[rnd() % nr_known];
		len = put_attr(buf, len, t, v,
			       gen_value(v, policy >= 0 ? f->types[policy][t] : 0,
					 policy >= 0 ? f->maxlen[policy][t] : 0,
					 ccis));
	}
	if (mode < 4 && len > start) {	/* mutate the valid attributes */
		unsigned int flips = 1 + rnd() % 4;

		for (i = 0; i < flips; i++)
			buf[start + rnd() % (len - start)] ^= 1 << (rnd() % 8);
		if (rnd() % 4 == 0)	/* truncated */
			len = start + rnd() % (len - start);
	}
	return len;
}

struct tally {
	unsigned long sent, acked, replies, errors, missing;
	unsigned long by_op[MAX_OPS];
	unsigned long by_errno[160];
};

/* Read until the final answer to @seq; check error messages. */
static int await(struct __test_metadata *_metadata, struct nlsk *s,
		 uint32_t seq, uint32_t op, struct tally *t)
{
	static uint8_t rx[65536];

	for (;;) {
		ssize_t n = recv(s->fd, rx, sizeof(rx), 0);
		struct nlmsghdr *nlh;

		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)rx; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			size_t off = NLMSG_HDRLEN + sizeof(struct nlmsgerr);
			const struct nlattr *a;
			bool has_msg = false, missing = false;
			int err, rem;

			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type != NLMSG_ERROR &&
			    nlh->nlmsg_type != NLMSG_DONE) {
				t->replies++;
				continue;
			}
			err = *(int *)NLMSG_DATA(nlh);
			if (nlh->nlmsg_type == NLMSG_DONE)
				off = NLMSG_HDRLEN + sizeof(int);
			if (!err) {
				t->acked++;
				return 0;
			}
			t->errors++;
			if (-err > 0 && -err < 160)
				t->by_errno[-err]++;
			if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
				for_each_attr(a, (uint8_t *)nlh + off,
					      nlh->nlmsg_len - off, rem) {
					has_msg |= ATTR_TYPE(a) ==
						   NLMSGERR_ATTR_MSG;
					missing |= ATTR_TYPE(a) ==
						   NLMSGERR_ATTR_MISS_TYPE;
				}
			}
			if (!has_msg && missing) {
				t->missing++;
				return 0;
			}
			EXPECT_TRUE(has_msg)
				TH_LOG("op %u: error %d without a message", op,
				       err);
			return has_msg ? 0 : -EPROTO;
		}
	}
}

/* The offending message, for a reproducer. */
static void log_msg(struct __test_metadata *_metadata, const uint8_t *buf,
		    size_t len)
{
	char hex[3 * 64 + 1];
	size_t i, j;

	for (i = 0; i < len; i += 64) {
		for (j = 0; j < 64 && i + j < len; j++)
			sprintf(hex + 3 * j, "%02x ", buf[i + j]);
		TH_LOG("%04zx: %s", i, hex);
	}
}

static void log_policy(struct __test_metadata *_metadata,
		       const struct family *f, int p)
{
	char line[3 * MAX_ATTRS * 4];
	int t, n = 0;

	for (t = 0; t < MAX_ATTRS; t++)
		if (f->types[p][t])
			n += snprintf(line + n, sizeof(line) - n, " %d:%u", t,
				      f->types[p][t]);
	if (n)
		TH_LOG("policy %d (attr:type):%s", p, line);
}

/*
 * The debug leg (KASAN, lockdep, kmemleak) runs the kernel side some 40
 * times slower: a quarter of the messages keeps make check bounded there.
 */
static bool debug_leg(void)
{
	const char *leg = getenv("CXLFM_LEG");

	return leg && strstr(leg, "debug");
}

FIXTURE(nlfuzz) {
	struct nlsk s;
	struct family f;
	int ccis[2];
};

FIXTURE_SETUP(nlfuzz)
{
	ASSERT_NE(NULL, getenv("CXLFM_KMOD"));
	ASSERT_EQ(0, sim_load());
	ASSERT_EQ(0, sim_new("40 ports=8 vcs=2"));
	ASSERT_EQ(0, sim_new("41 ports=12 mld=9 lds=4"));
	self->ccis[0] = sim_cci(SIM_A);
	self->ccis[1] = sim_cci(SIM_B);
	ASSERT_LE(0, self->ccis[0]);
	ASSERT_LE(0, self->ccis[1]);
	ASSERT_EQ(0, nl_open(&self->s));
	ASSERT_EQ(0, resolve_family(&self->s, &self->f));
}

FIXTURE_TEARDOWN(nlfuzz)
{
	close(self->s.fd);
	sim_del(SIM_A);
	sim_del(SIM_B);
}

TEST_F_TIMEOUT(nlfuzz, every_op_answers_with_extack, 3600)
{
	const char *cnt = getenv("NL_FUZZ_COUNT"), *sd = getenv("NL_FUZZ_SEED");
	unsigned long count = cnt ? strtoul(cnt, NULL, 0) :
			      debug_leg() ? 5000 : 20000, i;
	struct cxlfm_cci_info *list;
	struct tally t = {};
	struct timespec t0, t1;
	struct cxlfm_ctx *ctx;
	size_t nr, found = 0, k;
	static uint8_t buf[MSG_MAX];
	int j;

	rng_state = sd ? strtoull(sd, NULL, 0) : (uint64_t)time(NULL);
	if (!rng_state)
		rng_state = 1;
	TH_LOG("seed %llu, %lu messages, %d ops", (unsigned long long)rng_state,
	       count, self->f.nr_ops);
	for (j = 0; j < self->f.nr_ops; j++)
		TH_LOG("op %u flags 0x%x policy do %d dump %d", self->f.ops[j].id,
		       self->f.ops[j].flags, self->f.ops[j].policy_do,
		       self->f.ops[j].policy_dump);
	for (j = 0; j < MAX_POLICIES; j++)
		log_policy(_metadata, &self->f, j);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < count; i++) {
		unsigned int oi = rnd() % self->f.nr_ops;
		const struct op *op = &self->f.ops[oi];
		bool dump = (op->flags & GENL_CMD_CAP_DUMP) &&
			    (!(op->flags & GENL_CMD_CAP_DO) || rnd() % 2);
		uint32_t seq = self->s.seq++;
		size_t len;

		len = msg_start(buf, self->f.id, NLM_F_REQUEST | NLM_F_ACK |
				(dump ? NLM_F_DUMP : 0), op->id, seq);
		len = gen_attrs(&self->f, dump ? op->policy_dump : op->policy_do,
				buf, len, self->ccis);
		((struct nlmsghdr *)buf)->nlmsg_len = len;
		ASSERT_LE(0, send(self->s.fd, buf, len, 0));
		t.sent++;
		t.by_op[oi]++;
		if (await(_metadata, &self->s, seq, op->id, &t)) {
			log_msg(_metadata, buf, len);
			ASSERT_TRUE(false) TH_LOG("message %lu to op %u", i,
						  op->id);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	TH_LOG("%lu sent in %.1f s: %lu acked, %lu replies, %lu errors "
	       "(%lu naming a missing attribute)", t.sent,
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	       t.acked, t.replies, t.errors, t.missing);
	for (j = 0; j < self->f.nr_ops; j++)
		TH_LOG("op %u: %lu messages", self->f.ops[j].id, t.by_op[j]);
	for (j = 0; j < 160; j++)
		if (t.by_errno[j])
			TH_LOG("errno %d (%s): %lu", j, strerror(j), t.by_errno[j]);

	/* the family still answers and still has both switches */
	ASSERT_EQ(0, cxlfm_new(&ctx));
	ASSERT_EQ(0, cxlfm_cci_list(ctx, &list, &nr));
	for (k = 0; k < nr; k++)
		found += (int)list[k].id == self->ccis[0] ||
			 (int)list[k].id == self->ccis[1];
	EXPECT_EQ(2, found);
	free(list);
	cxlfm_unref(ctx);
}

TEST_HARNESS_MAIN
