// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm: requests and their replies.  libnl builds the requests, in
 * one message per context that each request starts over; the replies are
 * read here, with one recv() into the context's buffer and no copy or
 * allocation per message: libnl's receive path allocates a buffer per
 * recvmsg() and a message object per reply, which cost as much as the
 * generic netlink round trip itself (Documentation/performance.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "private.h"

/* State of one request while its replies are parsed. */
struct cxlfm_req {
	struct cxlfm_ctx *ctx;
	int err;		/* 1 while waiting, then 0 or -errno */
	int intr;		/* a dump's set changed while it ran */
	int (*parse)(struct nlattr **tb, void *arg);
	int (*parse_msg)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	int maxattr;
	int cmd;		/* replies carry the request's command */
	int dump;		/* ends at NLMSG_DONE, else at the first reply */
};

/* recv() on the context's socket, again when a signal interrupted it. */
static ssize_t recv_nointr(struct cxlfm_ctx *ctx, void *buf, size_t len,
			   int flags)
{
	ssize_t n;

	do
		n = recv(ctx->fd, buf, len, flags);
	while (n < 0 && errno == EINTR);
	return n;
}

int cxlfm_recv(struct cxlfm_ctx *ctx)
{
	unsigned char *rx;
	ssize_t n;

	if (ctx->peek) {
		n = recv_nointr(ctx, ctx->rx, 0, MSG_PEEK | MSG_TRUNC);
		if (n < 0)
			return -errno;
		if (n > (ssize_t)ctx->rx_cap) {
			rx = realloc(ctx->rx, n);
			if (!rx)
				return -ENOMEM;
			ctx->rx = rx;
			ctx->rx_cap = n;
		}
	}
	n = recv_nointr(ctx, ctx->rx, ctx->rx_cap, MSG_TRUNC);
	if (n < 0)
		return -errno;	/* e.g. -ENOBUFS: the socket overran */
	/* cut short: the datagram is gone, so the request fails */
	return n > (ssize_t)ctx->rx_cap ? -EOVERFLOW : (int)n;
}

int cxlfm_send(struct cxlfm_ctx *ctx, const void *buf, size_t len)
{
	ssize_t n;

	do
		n = send(ctx->fd, buf, len, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	/* a netlink datagram goes whole or not at all */
	return n == (ssize_t)len ? 0 : -EIO;
}

static const struct nla_policy extack_policy[NLMSGERR_ATTR_MAX + 1] = {
	[NLMSGERR_ATTR_MSG] = { .type = NLA_STRING },
	[NLMSGERR_ATTR_COOKIE] = { .minlen = 4 },
};

/*
 * The extended ack after an error or at the end of a dump, @off bytes into
 * @nlh: the kernel's message, and for a typed op the device refused, its
 * return code and vendor status (the cookie, 2 + 2 bytes LE).
 */
static void parse_ext_ack(struct cxlfm_req *req, struct nlmsghdr *nlh,
			  size_t off)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = {};

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len <= off)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + off),
		      nlh->nlmsg_len - off, extack_policy))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(req->ctx->errmsg, sizeof(req->ctx->errmsg), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_COOKIE] && nla_len(tb[NLMSGERR_ATTR_COOKIE]) == 4) {
		const uint8_t *c = nla_data(tb[NLMSGERR_ATTR_COOKIE]);

		req->ctx->return_code = c[0] | c[1] << 8;
		req->ctx->vendor_status = c[2] | c[3] << 8;
	}
}

/* An error, or the ack of a request that has no reply. */
static void on_error(struct cxlfm_req *req, struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
		req->err = -EIO;
		return;
	}
	if (!e->error) {
		req->err = 0;
		return;
	}
	req->err = e->error < 0 ? e->error : -EIO;
	/* With NETLINK_CAP_ACK only the request's header is echoed back. */
	parse_ext_ack(req, nlh, NLMSG_HDRLEN + sizeof(*e));
}

/*
 * The end of a dump carries the dump's errno (0 when it went well) and,
 * after it, the same extended ack as an error.
 */
static void on_done(struct cxlfm_req *req, struct nlmsghdr *nlh)
{
	int err = 0;

	if (nlmsg_datalen(nlh) >= (int)sizeof(err))
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
	req->err = err < 0 ? err : req->intr ? -EINTR : 0;
	if (err < 0)
		parse_ext_ack(req, nlh, NLMSG_HDRLEN + sizeof(err));
}

static void on_reply(struct cxlfm_req *req, struct nlmsghdr *nlh)
{
	struct nlattr *tb[req->maxattr + 1];
	int rc;

	req->intr |= !!(nlh->nlmsg_flags & NLM_F_DUMP_INTR);
	if (req->parse_msg) {
		rc = req->parse_msg(nlh, req->arg);
	} else {
		/* a reply that cannot be read ends the request, not the wait */
		rc = cxlfm_genl_parse(nlh, req->cmd, tb, req->maxattr);
		if (!rc && req->parse)
			rc = req->parse(tb, req->arg);
	}
	if (rc < 0 || !req->dump)
		req->err = rc < 0 ? rc : 0;
}

static int transact(struct cxlfm_ctx *ctx, struct nl_msg *msg,
		    struct cxlfm_req req)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	unsigned int seq;
	int n, rc;

	req.ctx = ctx;
	req.err = 1;
	req.cmd = genlmsg_hdr(nlh)->cmd;
	req.dump = nlh->nlmsg_flags & NLM_F_DUMP;
	ctx->errmsg[0] = '\0';
	ctx->return_code = 0;
	ctx->vendor_status = 0;
	/* nl_complete_msg(), with auto-ack off */
	nlh->nlmsg_pid = ctx->port;
	nlh->nlmsg_seq = seq = nl_socket_use_seq(ctx->sock);
	nlh->nlmsg_flags |= NLM_F_REQUEST;
	rc = cxlfm_send(ctx, nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
	if (rc)
		return rc;
	while (req.err > 0) {
		n = cxlfm_recv(ctx);
		if (n < 0)
			return n;
		for (nlh = (struct nlmsghdr *)ctx->rx;
		     req.err > 0 && nlmsg_ok(nlh, n); nlh = nlmsg_next(nlh, &n)) {
			/* the rest of a request given up on (a dump ended early) */
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				on_error(&req, nlh);
			else if (nlh->nlmsg_type == NLMSG_DONE)
				on_done(&req, nlh);
			else if (nlh->nlmsg_type == ctx->family)
				on_reply(&req, nlh);
		}
	}
	return req.err;
}

/*
 * Send @msg and feed each reply's attributes to @parse until the kernel's
 * ack, error or end of dump.  Consumes @msg.  A dump whose set of CCIs
 * changed while it ran ends with -EINTR, after all its replies.
 */
int cxlfm_transact(struct cxlfm_ctx *ctx, struct nl_msg *msg, int maxattr,
		   int (*parse)(struct nlattr **, void *), void *arg)
{
	return transact(ctx, msg, (struct cxlfm_req){ .parse = parse,
						      .arg = arg,
						      .maxattr = maxattr });
}

/* Same, handing @parse each whole reply message. */
int cxlfm_transact_msg(struct cxlfm_ctx *ctx, struct nl_msg *msg,
		       int (*parse)(struct nlmsghdr *, void *), void *arg)
{
	return transact(ctx, msg, (struct cxlfm_req){ .parse_msg = parse,
						      .arg = arg });
}

struct nl_msg *cxlfm_msg(struct cxlfm_ctx *ctx, int cmd, int flags,
			 size_t payload)
{
	size_t size = NLMSG_SPACE(GENL_HDRLEN + 128 + payload);
	struct nl_msg *msg;

	if (size <= CXLFM_TX_BUF) {
		/* no allocation per request: start the context's over */
		struct nlmsghdr *nlh = ctx->tx_nlh;

		nlmsg_get(ctx->tx);
		/* genlmsg_put(), written here */
		*nlh = (struct nlmsghdr){ .nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN),
					  .nlmsg_type = ctx->family,
					  .nlmsg_flags = flags };
		*(struct genlmsghdr *)nlmsg_data(nlh) = (struct genlmsghdr){
			.cmd = cmd, .version = CXLFM_FAMILY_VERSION };
		return ctx->tx;
	}
	msg = nlmsg_alloc_size(size);
	/* cannot fail: the message has room for more than the headers */
	if (msg)
		genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ctx->family, 0,
			    flags, cmd, CXLFM_FAMILY_VERSION);
	return msg;
}

int cxlfm_nla_put(struct nl_msg *msg, int type, int len, const void *data)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t at = NLMSG_ALIGN(nlh->nlmsg_len);
	struct nlattr *a = (struct nlattr *)((char *)nlh + at);

	if (len < 0)
		return -NLE_INVAL;
	if ((unsigned int)len > CXLFM_ATTR_MAX_PAYLOAD ||
	    at + NLA_ALIGN(NLA_HDRLEN + len) > nlmsg_get_max_size(msg))
		return -NLE_NOMEM;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	if (NLA_ALIGN(len) != len)
		memset((char *)a + a->nla_len, 0, NLA_ALIGN(len) - len);
	nlh->nlmsg_len = at + NLA_ALIGN(a->nla_len);
	return 0;
}

void cxlfm_call_begin(struct cxlfm_ctx *ctx)
{
	ctx->errmsg[0] = '\0';
	ctx->return_code = 0;
	ctx->vendor_status = 0;
	ctx->bg = (struct cxlfm_bg_cmd){ 0 };
}

int cxlfm_refuse(struct cxlfm_ctx *ctx, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

int cxlfm_nl_errno(int nlerr)
{
	static const unsigned char map[NLE_MAX + 1] = {
		[NLE_FAILURE]		= EIO,
		[NLE_INTR]		= EINTR,
		[NLE_BAD_SOCK]		= EBADF,
		[NLE_AGAIN]		= EAGAIN,
		[NLE_NOMEM]		= ENOMEM,
		[NLE_EXIST]		= EEXIST,
		[NLE_INVAL]		= EINVAL,
		[NLE_RANGE]		= ERANGE,
		[NLE_MSGSIZE]		= EMSGSIZE,
		[NLE_OPNOTSUPP]		= EOPNOTSUPP,
		[NLE_AF_NOSUPPORT]	= EAFNOSUPPORT,
		[NLE_OBJ_NOTFOUND]	= ENOENT,
		[NLE_NOATTR]		= ENODATA,
		[NLE_MISSING_ATTR]	= EBADMSG,
		[NLE_AF_MISMATCH]	= EAFNOSUPPORT,
		[NLE_SEQ_MISMATCH]	= EPROTO,
		[NLE_MSG_OVERFLOW]	= ENOBUFS,
		[NLE_MSG_TRUNC]		= EBADMSG,
		[NLE_NOADDR]		= EADDRNOTAVAIL,
		[NLE_SRCRT_NOSUPPORT]	= EOPNOTSUPP,
		[NLE_MSG_TOOSHORT]	= EBADMSG,
		[NLE_MSGTYPE_NOSUPPORT]	= EPROTO,
		[NLE_OBJ_MISMATCH]	= EINVAL,
		[NLE_NOCACHE]		= ENOENT,
		[NLE_BUSY]		= EBUSY,
		[NLE_PROTO_MISMATCH]	= EPROTONOSUPPORT,
		[NLE_NOACCESS]		= EACCES,
		[NLE_PERM]		= EPERM,
		[NLE_PKTLOC_FILE]	= ENOENT,
		[NLE_PARSE_ERR]		= EINVAL,
		[NLE_NODEV]		= ENODEV,
		[NLE_IMMUTABLE]		= EROFS,
		[NLE_DUMP_INTR]		= EINTR,
		[NLE_ATTRSIZE]		= EBADMSG,
	};

	if (nlerr >= 0)
		return nlerr;
	return -nlerr <= NLE_MAX && map[-nlerr] ? -map[-nlerr] : -EIO;
}

int cxlfm_connect(struct nl_sock *sk)
{
	int rc;

	errno = 0;
	rc = genl_connect(sk);
	if (!rc)
		return 0;
	/*
	 * libnl folds the errnos it has no code for (EMFILE, ENFILE, ...)
	 * into NLE_FAILURE; the failed system call's errno still says which.
	 */
	if (rc == -NLE_FAILURE && errno > 0)
		return -errno;
	return cxlfm_nl_errno(rc);
}

static const struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID]		= { .type = NLA_U16 },
	[CTRL_ATTR_FAMILY_NAME]		= { .type = NLA_STRING },
	[CTRL_ATTR_MCAST_GROUPS]	= { .type = NLA_NESTED },
};

static const struct nla_policy grp_policy[CTRL_ATTR_MCAST_GRP_MAX + 1] = {
	[CTRL_ATTR_MCAST_GRP_NAME]	= { .type = NLA_STRING },
	[CTRL_ATTR_MCAST_GRP_ID]	= { .type = NLA_U32 },
};

/* nlctrl's answer: 0 with the ids, -ENOENT without the group. */
static int parse_family(struct nlmsghdr *nlh, const char *group, int *family,
			int *grp)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *g[CTRL_ATTR_MCAST_GRP_MAX + 1];
	struct nlattr *a;
	int rem;

	if (!genlmsg_valid_hdr(nlh, 0) ||
	    genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, ctrl_policy) ||
	    !tb[CTRL_ATTR_FAMILY_ID])
		return -EBADMSG;
	if (family)
		*family = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (!group)
		return 0;
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		nla_for_each_nested(a, tb[CTRL_ATTR_MCAST_GROUPS], rem) {
			if (nla_parse_nested(g, CTRL_ATTR_MCAST_GRP_MAX, a,
					     grp_policy))
				return -EBADMSG;
			if (g[CTRL_ATTR_MCAST_GRP_NAME] && g[CTRL_ATTR_MCAST_GRP_ID] &&
			    !strcmp(nla_get_string(g[CTRL_ATTR_MCAST_GRP_NAME]),
				    group)) {
				*grp = nla_get_u32(g[CTRL_ATTR_MCAST_GRP_ID]);
				return 0;
			}
		}
	return -ENOENT;
}

/*
 * Not libnl's genl_ctrl_resolve(): it answers -NLE_OBJ_NOTFOUND for any
 * failure, an I/O error as much as a family that is not there.
 */
int cxlfm_resolve(int fd, const char *name, const char *group, int *family,
		  int *grp)
{
	static const uint32_t seq = 1;
	struct nl_msg *msg = nlmsg_alloc_size(NLMSG_SPACE(GENL_HDRLEN + 64));
	unsigned char *buf = NULL;
	struct nlmsghdr *nlh;
	int rc, n;

	if (!msg)
		return -ENOMEM;
	genlmsg_put(msg, 0, seq, GENL_ID_CTRL, 0, NLM_F_REQUEST,
		    CTRL_CMD_GETFAMILY, 1);
	if (nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name)) {
		rc = -EMSGSIZE;
		goto out;
	}
	do
		n = send(fd, nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		rc = -errno;
		goto out;
	}
	for (rc = 1; rc > 0;) {
		/* the answer lists the family's ops: size the buffer by it */
		do
			n = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			rc = -errno;
			break;
		}
		free(buf);
		buf = malloc(n ? n : 1);
		if (!buf) {
			rc = -ENOMEM;
			break;
		}
		do
			n = recv(fd, buf, n, 0);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			rc = -errno;
			break;
		}
		for (nlh = (struct nlmsghdr *)buf; rc > 0 && nlmsg_ok(nlh, n);
		     nlh = nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = nlmsg_data(nlh);

				rc = nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)) ||
				     e->error >= 0 ? -EBADMSG : e->error;
			} else if (nlh->nlmsg_type == GENL_ID_CTRL) {
				rc = parse_family(nlh, group, family, grp);
			}
		}
	}
out:
	free(buf);
	nlmsg_free(msg);
	return rc;
}
