/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The permission table of the cxlfm family (drivers/cxlfm/perm_table.h),
 * for permissions_test and lockdown_test: its rows, the same table as
 * Documentation/design.md shows it, and a check of every row against the
 * kernel for the capabilities and lockdown level the caller runs with.
 *
 * Each row is checked with a request that passes the gate when the row
 * allows it and then harms nothing: the op with only the CCI id of a
 * simulated switch (a read, or an op missing its other attributes, which
 * fails with -EINVAL behind the gate), "write" set for a write form, and
 * for raw, Identify (read form) or Request Abort Background Operation with
 * nothing running (write form).  The gate's refusals are -EPERM with its
 * extack message; no device return code maps to -EPERM, so any other
 * answer means the request passed the gate.
 */
#ifndef CXLFM_SELFTEST_PERM_UTIL_H
#define CXLFM_SELFTEST_PERM_UTIL_H

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/cxlfm.h>

#include "caps_util.h"

#define FORM_ANY	0
#define FORM_READ	1
#define FORM_WRITE	2
#define CAPS_ADMIN	false
#define CAPS_RAWIO	true

/*
 * The lockdown level a reason refuses at: enum lockdown_reason puts the
 * integrity reasons below LOCKDOWN_INTEGRITY_MAX, the confidentiality
 * ones between it and LOCKDOWN_CONFIDENTIALITY_MAX (include/linux/
 * security.h, the same on 6.1 and 6.12).  A reason the table starts to
 * use must be added here, or this does not build.
 */
#define LEVEL_NONE		0
#define LEVEL_INTEGRITY		1
#define LEVEL_CONFIDENTIALITY	2
#define LEVEL_PCI_ACCESS	LEVEL_INTEGRITY
#define LEVEL_KCORE		LEVEL_CONFIDENTIALITY
#define LEVEL_XFRM_SECRET	LEVEL_CONFIDENTIALITY

struct perm_row {
	const char *op;		/* CXLFM_CMD_<op> */
	const char *reason;	/* enum lockdown_reason, without LOCKDOWN_ */
	const char *no_rawio;	/* extack messages */
	const char *locked;
	uint8_t cmd;
	int form;
	int level;
	bool rawio;
	bool taint;
};

static const struct perm_row perm_rows[] = {
#define CXLFM_PERM(o, f, caps, r, t, nr, lk)				\
	{ .op = #o, .reason = #r, .no_rawio = nr, .locked = lk,		\
	  .cmd = CXLFM_CMD_##o, .form = FORM_##f, .level = LEVEL_##r,	\
	  .rawio = CAPS_##caps, .taint = t },
#include "../../../../drivers/cxlfm/perm_table.h"
#undef CXLFM_PERM
};

#define NR_PERM_ROWS	(sizeof(perm_rows) / sizeof(perm_rows[0]))
#define MSG_ADMIN	"cxlfm needs CAP_SYS_ADMIN"

/* The op's name in the YNL spec and design.md: get-dv-sv. */
static inline void perm_op_name(const struct perm_row *r, char *buf,
				size_t len)
{
	size_t i;

	for (i = 0; r->op[i] && i + 1 < len; i++)
		buf[i] = r->op[i] == '_' ? '-' : tolower(r->op[i]);
	buf[i] = 0;
}

/* The row as design.md's table starts it: op, form, caps, lockdown, taint. */
static inline void perm_doc_line(const struct perm_row *r, char *buf,
				 size_t len)
{
	static const char *const form[] = { "-", "read", "write" };
	static const char *const level[] = { "", "integrity",
					     "confidentiality" };
	char name[64], ld[96] = "-";

	perm_op_name(r, name, sizeof(name));
	if (r->level)
		snprintf(ld, sizeof(ld), "`LOCKDOWN_%s` (%s)", r->reason,
			 level[r->level]);
	snprintf(buf, len, "| `%s` | %s | %s | %s | %s |", name,
		 form[r->form],
		 r->rawio ? "CAP_SYS_ADMIN, CAP_SYS_RAWIO" : "CAP_SYS_ADMIN",
		 ld, r->taint ? "yes" : "no");
}

/*
 * Compare design.md's "Permissions" table with perm_rows, row for row.
 * Prints each difference; returns how many there are.
 */
static inline int perm_doc_diff(const char *design_md)
{
	char line[1024], want[512];
	unsigned int n = 0, bad = 0;
	bool in = false;
	FILE *f = fopen(design_md, "r");

	if (!f) {
		fprintf(stderr, "# cannot read %s: %s\n", design_md,
			strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "## ", 3))
			in = !strcmp(line, "## Permissions\n");
		if (!in || strncmp(line, "| `", 3))
			continue;
		if (n >= NR_PERM_ROWS) {
			fprintf(stderr, "# design.md has a row the code has not: %s",
				line);
			bad++;
			continue;
		}
		perm_doc_line(&perm_rows[n], want, sizeof(want));
		if (strncmp(line, want, strlen(want))) {
			fprintf(stderr, "# design.md row %u: %s#   the code's: %s\n",
				n + 1, line, want);
			bad++;
		}
		n++;
	}
	fclose(f);
	if (n < NR_PERM_ROWS) {
		fprintf(stderr, "# design.md has %u rows, the code %zu\n", n,
			NR_PERM_ROWS);
		bad++;
	}
	return bad;
}

/* ------------------------------------------------------------------ */
/* Requests                                                            */
/* ------------------------------------------------------------------ */

struct perm_nl {
	int fd;
	uint16_t family;
	uint32_t seq;
	/* CTRL_CMD_GETFAMILY: the family's ops and which of them dump */
	bool has_op[256];
	bool dumps[256];
};

#define PERM_MSG_MAX	512

static inline size_t perm_put(uint8_t *buf, size_t len, uint16_t type,
			      const void *data, uint16_t dlen)
{
	struct nlattr *a = (struct nlattr *)(buf + len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + dlen;
	memcpy(buf + len + NLA_HDRLEN, data, dlen);
	memset(buf + len + NLA_HDRLEN + dlen, 0, NLA_ALIGN(dlen) - dlen);
	return len + NLA_HDRLEN + NLA_ALIGN(dlen);
}

#define PERM_FOR_ATTR(a, head, len, rem)				\
	for (a = (const struct nlattr *)(head), rem = (int)(len);	\
	     rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&		\
	     a->nla_len <= rem;						\
	     rem -= NLA_ALIGN(a->nla_len),				\
	     a = (const struct nlattr *)((const uint8_t *)a +		\
					 NLA_ALIGN(a->nla_len)))
#define PERM_DATA(a)	((const uint8_t *)(a) + NLA_HDRLEN)
#define PERM_LEN(a)	((int)(a)->nla_len - NLA_HDRLEN)
#define PERM_TYPE(a)	((a)->nla_type & NLA_TYPE_MASK)

/*
 * Send @len bytes of @buf and read to the request's final answer: 0 or
 * -errno, with the extack message (or "") in @msg.
 */
static inline int perm_xfer(struct perm_nl *s, uint8_t *buf, size_t len,
			    char *msg, size_t msglen)
{
	static uint8_t rx[65536];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	uint32_t seq = ++s->seq;

	nlh->nlmsg_len = len;
	nlh->nlmsg_seq = seq;
	msg[0] = 0;
	if (send(s->fd, buf, len, 0) != (ssize_t)len)
		return -EIO;
	for (;;) {
		ssize_t n = recv(s->fd, rx, sizeof(rx), 0);

		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)rx; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			size_t off = NLMSG_HDRLEN + sizeof(struct nlmsgerr);
			const struct nlattr *a;
			int err, rem;

			if (nlh->nlmsg_seq != seq ||
			    (nlh->nlmsg_type != NLMSG_ERROR &&
			     nlh->nlmsg_type != NLMSG_DONE))
				continue;
			err = *(int *)NLMSG_DATA(nlh);
			if (nlh->nlmsg_type == NLMSG_DONE)
				off = NLMSG_HDRLEN + sizeof(int);
			if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
				PERM_FOR_ATTR(a, (uint8_t *)nlh + off,
					      nlh->nlmsg_len - off, rem)
					if (PERM_TYPE(a) == NLMSGERR_ATTR_MSG)
						snprintf(msg, msglen, "%.*s",
							 PERM_LEN(a),
							 (const char *)PERM_DATA(a));
			return err;
		}
	}
}

static inline size_t perm_msg_start(uint8_t *buf, uint16_t type,
				    uint16_t flags, uint8_t cmd)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	g->cmd = cmd;
	g->version = 1;
	return NLMSG_HDRLEN + GENL_HDRLEN;
}

/* Open a socket with extended acks and resolve the family and its ops. */
static inline int perm_nl_open(struct perm_nl *s)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 10 };
	static uint8_t rx[65536];
	uint8_t buf[PERM_MSG_MAX];
	const struct nlattr *a, *op, *f;
	struct nlmsghdr *nlh;
	int one = 1, rem, rem2, rem3;
	size_t len;
	ssize_t n;

	memset(s, 0, sizeof(*s));
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s->fd < 0)
		return -errno;
	if (setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(s->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) ||
	    setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)))
		return -errno;
	len = perm_msg_start(buf, GENL_ID_CTRL, NLM_F_REQUEST,
			     CTRL_CMD_GETFAMILY);
	len = perm_put(buf, len, CTRL_ATTR_FAMILY_NAME, CXLFM_FAMILY_NAME,
		       sizeof(CXLFM_FAMILY_NAME));
	nlh = (struct nlmsghdr *)buf;
	nlh->nlmsg_len = len;
	nlh->nlmsg_seq = ++s->seq;
	if (send(s->fd, buf, len, 0) != (ssize_t)len)
		return -EIO;
	n = recv(s->fd, rx, sizeof(rx), 0);
	nlh = (struct nlmsghdr *)rx;
	if (n < 0 || !NLMSG_OK(nlh, n) || nlh->nlmsg_type != GENL_ID_CTRL)
		return -ENOENT;
	PERM_FOR_ATTR(a, (uint8_t *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		      nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, rem) {
		if (PERM_TYPE(a) == CTRL_ATTR_FAMILY_ID)
			memcpy(&s->family, PERM_DATA(a), 2);
		if (PERM_TYPE(a) != CTRL_ATTR_OPS)
			continue;
		PERM_FOR_ATTR(op, PERM_DATA(a), PERM_LEN(a), rem2) {
			uint32_t id = 0, flags = 0;

			PERM_FOR_ATTR(f, PERM_DATA(op), PERM_LEN(op), rem3) {
				if (PERM_TYPE(f) == CTRL_ATTR_OP_ID)
					memcpy(&id, PERM_DATA(f), 4);
				if (PERM_TYPE(f) == CTRL_ATTR_OP_FLAGS)
					memcpy(&flags, PERM_DATA(f), 4);
			}
			if (id < 256) {
				s->has_op[id] = true;
				s->dumps[id] = flags & GENL_CMD_CAP_DUMP;
			}
		}
	}
	return s->family ? 0 : -ENOENT;
}

/* The attribute that names the CCI, in the op's attribute set. */
static inline uint16_t perm_cci_attr(uint8_t cmd)
{
	switch (cmd) {
	case CXLFM_CMD_CCI_GET:
	case CXLFM_CMD_CCI_SET:
		return CXLFM_A_CCI_ID;
	case CXLFM_CMD_RAW:
		return CXLFM_A_RAW_CCI_ID;
	case CXLFM_CMD_FABRIC_NOTIFY:
		return CXLFM_A_FABRIC_CCI_ID;
	case CXLFM_CMD_EVENTS_ACK:
		return CXLFM_A_EVENT_CCI_ID;
	case CXLFM_CMD_EVENTS_DURABLE:
		return 0;	/* takes no attribute at all */
	default:
		return CXLFM_A_FM_CCI_ID;
	}
}

#define PERM_OP_IDENTIFY	0x0001	/* on the read-only list */
#define PERM_OP_ABORT_BG	0x0005	/* changes state: not on it */

/* The row's request to CCI @cci, as a doit or a dump: 0 or -errno. */
static inline int perm_send(struct perm_nl *s, const struct perm_row *r,
			    uint32_t cci, bool dump, char *msg, size_t msglen)
{
	uint8_t buf[PERM_MSG_MAX], one = 1;
	uint16_t opcode;
	size_t len;

	len = perm_msg_start(buf, s->family,
			     NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0),
			     r->cmd);
	if (perm_cci_attr(r->cmd))
		len = perm_put(buf, len, perm_cci_attr(r->cmd), &cci, sizeof(cci));
	if (r->cmd == CXLFM_CMD_RAW) {
		opcode = r->form == FORM_WRITE ? PERM_OP_ABORT_BG :
						 PERM_OP_IDENTIFY;
		len = perm_put(buf, len, CXLFM_A_RAW_OPCODE, &opcode,
			       sizeof(opcode));
	} else if (r->form == FORM_WRITE) {
		len = perm_put(buf, len, CXLFM_A_FM_WRITE, &one, sizeof(one));
	}
	return perm_xfer(s, buf, len, msg, msglen);
}

/* What the caller runs with. */
struct perm_ctx {
	bool admin, rawio;
	int level;		/* LEVEL_*: the lockdown in force */
};

/* The message the gate refuses @r with under @c, or NULL if it passes. */
static inline const char *perm_expect(const struct perm_row *r,
				      const struct perm_ctx *c)
{
	if (!c->admin)
		return MSG_ADMIN;
	if (r->rawio && !c->rawio)
		return r->no_rawio;
	if (r->level && c->level >= r->level)
		return r->locked;
	return NULL;
}

/*
 * Check one row, as a doit and (if the op dumps) as a dump.  Prints each
 * mismatch; returns how many there are.
 */
static inline int perm_check_row(struct perm_nl *s, const struct perm_row *r,
				 const struct perm_ctx *c, uint32_t cci)
{
	const char *want = perm_expect(r, c);
	char name[64], msg[256];
	int dump, rc, bad = 0;

	perm_op_name(r, name, sizeof(name));
	for (dump = 0; dump <= (int)s->dumps[r->cmd]; dump++) {
		rc = perm_send(s, r, cci, dump, msg, sizeof(msg));
		if (want && (rc != -EPERM || strcmp(msg, want))) {
			fprintf(stderr, "# %s%s%s: want -EPERM \"%s\", got %d \"%s\"\n",
				name, r->form == FORM_WRITE ? " (write)" : "",
				dump ? " (dump)" : "", want, rc, msg);
			bad++;
		} else if (!want && rc == -EPERM) {
			fprintf(stderr, "# %s%s%s: want it to pass the gate, got -EPERM \"%s\"\n",
				name, r->form == FORM_WRITE ? " (write)" : "",
				dump ? " (dump)" : "", msg);
			bad++;
		}
	}
	return bad;
}

/*
 * Check every row of the table against the kernel, and that the family
 * has no op without a row.  When the kernel is not tainted yet, the rows
 * that do not taint go first and must leave it so, and a row that taints
 * must taint it.  Returns the number of mismatches.
 */
static inline int perm_check_table(const struct perm_ctx *c, uint32_t cci)
{
	bool clean = !(tainted() & (1UL << TAINT_USER_BIT)), row_of[256] = {};
	struct perm_nl s;
	unsigned int i, checked = 0;
	int pass, bad = 0;

	if (perm_nl_open(&s)) {
		fprintf(stderr, "# cannot reach the cxlfm family\n");
		return 1;
	}
	for (i = 0; i < NR_PERM_ROWS; i++) {
		row_of[perm_rows[i].cmd] = true;
		if (!s.has_op[perm_rows[i].cmd]) {
			fprintf(stderr, "# the table has op %s, the family has not\n",
				perm_rows[i].op);
			bad++;
		}
	}
	for (i = 0; i < 256; i++) {
		if (s.has_op[i] && !row_of[i]) {
			fprintf(stderr, "# op %u of the family has no row\n", i);
			bad++;
		}
	}
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < NR_PERM_ROWS; i++) {
			const struct perm_row *r = &perm_rows[i];
			bool taints = r->taint && !perm_expect(r, c);

			if (taints != pass)
				continue;
			bad += perm_check_row(&s, r, c, cci);
			checked++;
			if (clean && taints &&
			    !(tainted() & (1UL << TAINT_USER_BIT))) {
				fprintf(stderr, "# %s (write) passed and did not taint\n",
					r->op);
				bad++;
			}
			clean = clean && !taints;
		}
		if (!pass && clean && (tainted() & (1UL << TAINT_USER_BIT))) {
			fprintf(stderr, "# a row that does not taint tainted the kernel\n");
			bad++;
			clean = false;
		}
	}
	close(s.fd);
	fprintf(stderr, "# %u rows checked (admin %d, rawio %d, lockdown level %d): %d mismatches\n",
		checked, c->admin, c->rawio, c->level, bad);
	return bad;
}

/*
 * Check the whole table from a child that keeps only the capabilities in
 * @keep (CAP_NET_ADMIN among the dropped).  Returns the number of
 * mismatches (at most 255), or -1 if the child did not get to count.
 */
static inline int perm_check_as(unsigned long long keep,
				const struct perm_ctx *c, uint32_t cci)
{
	pid_t pid = fork();
	int status, bad;

	if (pid < 0)
		return -1;
	if (!pid) {
		if (keep_caps(keep)) {
			fprintf(stderr, "# capset: %s\n", strerror(errno));
			_exit(255);
		}
		bad = perm_check_table(c, cci);
		_exit(bad > 254 ? 254 : bad);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 255)
		return -1;
	return WEXITSTATUS(status);
}

#define LOCKDOWN	"/sys/kernel/security/lockdown"

/* The lockdown level in force, LEVEL_*, or -errno. */
static inline int perm_lockdown_level(void)
{
	char state[128];
	int rc;

	if (!path_exists(LOCKDOWN))
		mount("securityfs", "/sys/kernel/security", "securityfs", 0,
		      NULL);
	rc = sysfs_read(LOCKDOWN, state, sizeof(state));
	if (rc)
		return rc;
	if (strstr(state, "[none]"))
		return LEVEL_NONE;
	if (strstr(state, "[integrity]"))
		return LEVEL_INTEGRITY;
	if (strstr(state, "[confidentiality]"))
		return LEVEL_CONFIDENTIALITY;
	return -EINVAL;
}

/* design.md of the tree the tests run from. */
static inline void perm_design_md(char *buf, size_t len)
{
	const char *tree = getenv("CXLFM_TREE");

	snprintf(buf, len, "%s/Documentation/design.md", tree ? tree : ".");
}

#endif /* CXLFM_SELFTEST_PERM_UTIL_H */
