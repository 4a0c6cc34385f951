// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm: context, request/reply plumbing with extended-ack errors, CCI
 * enumeration and raw commands.
 */
#include <errno.h>
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
	int (*parse)(struct nlattr **tb, void *arg);
	int (*parse_msg)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	int maxattr;
	int cmd;		/* replies carry the request's command */
	int dump;		/* ends at NLMSG_DONE, else at the first reply */
};

int cxlfm_new(struct cxlfm_ctx **out)
{
	struct cxlfm_ctx *ctx;
	int one = 1, rc;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->refcount = 1;
	ctx->sock = nl_socket_alloc();
	if (!ctx->sock) {
		rc = -ENOMEM;
		goto err;
	}
	rc = genl_connect(ctx->sock);
	if (rc < 0) {
		rc = -ECONNREFUSED;
		goto err;
	}
	/* libnl 3.7 has no extack API: ask for it and parse it ourselves. */
	setsockopt(nl_socket_get_fd(ctx->sock), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(ctx->sock), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl_socket_set_buffer_size(ctx->sock, 1 << 20, 1 << 20);
	/*
	 * Every request we send is answered by a reply or an error, so an ack
	 * would only cost one more message and system call per command.
	 */
	nl_socket_disable_auto_ack(ctx->sock);
	/*
	 * Receive each message with one recvmsg() into a buffer that holds
	 * the largest reply (a 64 KiB payload attribute), instead of libnl's
	 * default of peeking at every message first.
	 */
	nl_socket_set_msg_buf_size(ctx->sock, 80 * 1024);
	nl_socket_disable_msg_peek(ctx->sock);
	ctx->family = genl_ctrl_resolve(ctx->sock, CXLFM_FAMILY_NAME);
	if (ctx->family < 0) {
		rc = -ENOENT;
		goto err;
	}
	*out = ctx;
	return 0;
err:
	cxlfm_unref(ctx);
	return rc;
}

struct cxlfm_ctx *cxlfm_ref(struct cxlfm_ctx *ctx)
{
	ctx->refcount++;
	return ctx;
}

void cxlfm_unref(struct cxlfm_ctx *ctx)
{
	if (!ctx || --ctx->refcount > 0)
		return;
	nl_socket_free(ctx->sock);
	free(ctx);
}

int cxlfm_family_id(struct cxlfm_ctx *ctx)
{
	return ctx->family;
}

const char *cxlfm_last_error(struct cxlfm_ctx *ctx)
{
	return ctx->errmsg;
}

uint16_t cxlfm_last_return_code(struct cxlfm_ctx *ctx)
{
	return ctx->return_code;
}

uint16_t cxlfm_last_vendor_status(struct cxlfm_ctx *ctx)
{
	return ctx->vendor_status;
}

static const struct nla_policy extack_policy[NLMSGERR_ATTR_MAX + 1] = {
	[NLMSGERR_ATTR_MSG] = { .type = NLA_STRING },
	[NLMSGERR_ATTR_COOKIE] = { .minlen = 4 },
};

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct cxlfm_req *req = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = {};
	size_t off = sizeof(*nlh) + sizeof(*e);

	(void)nla;
	req->err = e->error < 0 ? e->error : -EIO;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len <= off)
		return NL_STOP;
	/* With NETLINK_CAP_ACK only the request's header is echoed back. */
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + off),
		      nlh->nlmsg_len - off, extack_policy))
		return NL_STOP;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(req->ctx->errmsg, sizeof(req->ctx->errmsg), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	/* a typed op the device refused: its return code and vendor status */
	if (tb[NLMSGERR_ATTR_COOKIE] && nla_len(tb[NLMSGERR_ATTR_COOKIE]) == 4) {
		const uint8_t *c = nla_data(tb[NLMSGERR_ATTR_COOKIE]);

		req->ctx->return_code = c[0] | c[1] << 8;
		req->ctx->vendor_status = c[2] | c[3] << 8;
	}
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct cxlfm_req *req = arg;

	(void)msg;
	if (req->err > 0)
		req->err = 0;
	return NL_STOP;
}

/* The end of a dump carries the dump's errno (0 when it went well). */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct cxlfm_req *req = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err = 0;

	if (nlmsg_datalen(nlh) >= (int)sizeof(err))
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
	if (req->err > 0)
		req->err = err < 0 ? err : 0;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct cxlfm_req *req = arg;
	struct nlattr *tb[req->maxattr + 1];
	int rc;

	if (req->parse_msg) {
		rc = req->parse_msg(nlmsg_hdr(msg), req->arg);
		if (rc < 0 || !req->dump) {
			req->err = rc < 0 ? rc : 0;
			return NL_STOP;
		}
		return NL_OK;
	}
	rc = cxlfm_genl_parse(nlmsg_hdr(msg), req->cmd, tb, req->maxattr);
	if (rc < 0 || !req->parse)
		return NL_SKIP;
	rc = req->parse(tb, req->arg);
	if (rc < 0 || !req->dump) {
		req->err = rc < 0 ? rc : 0;
		return NL_STOP;
	}
	return NL_OK;
}

static int transact(struct cxlfm_ctx *ctx, struct nl_msg *msg,
		    struct cxlfm_req req)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int rc;

	req.ctx = ctx;
	req.err = 1;
	req.cmd = genlmsg_hdr(nlmsg_hdr(msg))->cmd;
	req.dump = nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP;
	ctx->errmsg[0] = '\0';
	ctx->return_code = 0;
	ctx->vendor_status = 0;
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &req);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &req);

	rc = nl_send_auto(ctx->sock, msg);
	nlmsg_free(msg);
	if (rc < 0) {
		nl_cb_put(cb);
		return -EIO;
	}
	while (req.err > 0) {
		rc = nl_recvmsgs(ctx->sock, cb);
		if (rc < 0 && req.err > 0)
			req.err = rc == -NLE_NOMEM ? -ENOBUFS : -EIO;
	}
	nl_cb_put(cb);
	return req.err;
}

/*
 * Send @msg and feed each reply's attributes to @parse until the kernel's
 * ack, error or end of dump.  Consumes @msg.
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

/* A request with room for its attributes and @payload bytes of payload. */
struct nl_msg *cxlfm_msg(struct cxlfm_ctx *ctx, int cmd, int flags,
			 size_t payload)
{
	struct nl_msg *msg = nlmsg_alloc_size(NLMSG_SPACE(GENL_HDRLEN + 128 + payload));

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ctx->family, 0,
				flags, cmd, CXLFM_FAMILY_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

void cxlfm_parse_cci(struct nlattr **tb, struct cxlfm_cci_info *ci)
{
	memset(ci, 0, sizeof(*ci));
	if (tb[CXLFM_A_CCI_ID])
		ci->id = nla_get_u32(tb[CXLFM_A_CCI_ID]);
	if (tb[CXLFM_A_CCI_TRANSPORT])
		snprintf(ci->transport, sizeof(ci->transport), "%s",
			 nla_get_string(tb[CXLFM_A_CCI_TRANSPORT]));
	if (tb[CXLFM_A_CCI_PAYLOAD_SIZE])
		ci->payload_size = nla_get_u32(tb[CXLFM_A_CCI_PAYLOAD_SIZE]);
	if (tb[CXLFM_A_CCI_NUM_COMMANDS])
		ci->num_commands = nla_get_u32(tb[CXLFM_A_CCI_NUM_COMMANDS]);
	ci->is_switch = !!tb[CXLFM_A_CCI_IS_SWITCH];
	if (tb[CXLFM_A_CCI_NUM_PORTS])
		ci->num_ports = nla_get_u8(tb[CXLFM_A_CCI_NUM_PORTS]);
	if (tb[CXLFM_A_CCI_NUM_VCS])
		ci->num_vcs = nla_get_u8(tb[CXLFM_A_CCI_NUM_VCS]);
	ci->has_identity = tb[CXLFM_A_CCI_SERIAL] != NULL;
	if (tb[CXLFM_A_CCI_VENDOR])
		ci->vendor = nla_get_u16(tb[CXLFM_A_CCI_VENDOR]);
	if (tb[CXLFM_A_CCI_DEVICE])
		ci->device = nla_get_u16(tb[CXLFM_A_CCI_DEVICE]);
	if (tb[CXLFM_A_CCI_SERIAL])
		ci->serial = nla_get_u64(tb[CXLFM_A_CCI_SERIAL]);
	if (tb[CXLFM_A_CCI_INBAND_POLICY])
		ci->inband_policy = nla_get_u8(tb[CXLFM_A_CCI_INBAND_POLICY]);
}

static int parse_one_cci(struct nlattr **tb, void *arg)
{
	cxlfm_parse_cci(tb, arg);
	return 0;
}

int cxlfm_cci_get(struct cxlfm_ctx *ctx, unsigned int id,
		  struct cxlfm_cci_info *info)
{
	struct nl_msg *msg = cxlfm_msg(ctx, CXLFM_CMD_CCI_GET, 0, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, CXLFM_A_CCI_ID, id)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return cxlfm_transact(ctx, msg, CXLFM_A_CCI_MAX, parse_one_cci, info);
}

struct cci_list {
	struct cxlfm_cci_info *v;
	size_t n, cap;
};

static int parse_cci_list(struct nlattr **tb, void *arg)
{
	struct cci_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		void *v = realloc(l->v, cap * sizeof(*l->v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	cxlfm_parse_cci(tb, &l->v[l->n++]);
	return 0;
}

int cxlfm_cci_list(struct cxlfm_ctx *ctx, struct cxlfm_cci_info **list,
		   size_t *count)
{
	struct nl_msg *msg = cxlfm_msg(ctx, CXLFM_CMD_CCI_GET, NLM_F_DUMP, 0);
	struct cci_list l = {};
	int rc;

	if (!msg)
		return -ENOMEM;
	rc = cxlfm_transact(ctx, msg, CXLFM_A_CCI_MAX, parse_cci_list, &l);
	if (rc) {
		free(l.v);
		return rc;
	}
	*list = l.v;
	*count = l.n;
	return 0;
}

static int parse_raw(struct nlattr **tb, void *arg)
{
	struct cxlfm_raw_cmd *cmd = arg;
	size_t n;

	if (tb[CXLFM_A_RAW_RETURN_CODE])
		cmd->return_code = nla_get_u16(tb[CXLFM_A_RAW_RETURN_CODE]);
	if (tb[CXLFM_A_RAW_VENDOR_STATUS])
		cmd->vendor_status = nla_get_u16(tb[CXLFM_A_RAW_VENDOR_STATUS]);
	cmd->background = !!tb[CXLFM_A_RAW_BACKGROUND];
	cmd->out_len = 0;
	if (tb[CXLFM_A_RAW_PAYLOAD]) {
		n = nla_len(tb[CXLFM_A_RAW_PAYLOAD]);
		cmd->out_len = n;
		if (n > cmd->out_cap)
			n = cmd->out_cap;
		if (n)
			memcpy(cmd->out, nla_data(tb[CXLFM_A_RAW_PAYLOAD]), n);
	}
	return 0;
}

static struct nl_msg *raw_msg(struct cxlfm_ctx *ctx, unsigned int id,
			      const struct cxlfm_raw_cmd *cmd)
{
	struct nl_msg *msg = cxlfm_msg(ctx, CXLFM_CMD_RAW, 0, cmd->in_len);

	if (msg && (nla_put_u32(msg, CXLFM_A_RAW_CCI_ID, id) ||
		    nla_put_u16(msg, CXLFM_A_RAW_OPCODE, cmd->opcode) ||
		    (cmd->in_len &&
		     nla_put(msg, CXLFM_A_RAW_PAYLOAD, cmd->in_len, cmd->in)))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

int cxlfm_raw(struct cxlfm_ctx *ctx, unsigned int id, struct cxlfm_raw_cmd *cmd)
{
	struct nl_msg *msg = raw_msg(ctx, id, cmd);

	if (!msg)
		return -ENOMEM;
	return cxlfm_transact(ctx, msg, CXLFM_A_RAW_MAX, parse_raw, cmd);
}

/* Replies of a batch, matched to requests by sequence number. */
struct batch {
	struct cxlfm_raw_cmd *cmds;
	size_t n, done;
	unsigned int first_seq;
	int err;
};

static struct cxlfm_raw_cmd *batch_cmd(struct batch *b, struct nlmsghdr *nlh)
{
	unsigned int i = nlh->nlmsg_seq - b->first_seq;

	return i < b->n ? &b->cmds[i] : NULL;
}

static int batch_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[CXLFM_A_RAW_MAX + 1];
	struct batch *b = arg;
	struct cxlfm_raw_cmd *cmd = batch_cmd(b, nlmsg_hdr(msg));

	if (cmd && cxlfm_genl_parse(nlmsg_hdr(msg), CXLFM_CMD_RAW, tb,
				    CXLFM_A_RAW_MAX) == 0)
		parse_raw(tb, cmd);
	b->done++;		/* a reply or an error ends one request */
	return b->done == b->n ? NL_STOP : NL_OK;
}

static int batch_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct batch *b = arg;

	(void)nla;
	/* an error message with a non-negative errno is malformed */
	if (e->error && !b->err)
		b->err = e->error < 0 ? e->error : -EIO;
	b->done++;
	return b->done == b->n ? NL_STOP : NL_OK;
}

static int batch_seq_ok(struct nl_msg *msg, void *arg)
{
	(void)msg, (void)arg;
	return NL_OK;
}

int cxlfm_raw_batch(struct cxlfm_ctx *ctx, unsigned int id,
		    struct cxlfm_raw_cmd *cmds, size_t n)
{
	struct batch b = { .cmds = cmds, .n = n };
	struct nl_cb *cb = NULL;
	unsigned char *buf = NULL;
	size_t len = 0, i;
	int rc = -ENOMEM;

	ctx->errmsg[0] = '\0';
	for (i = 0; i < n; i++) {
		struct nl_msg *msg = raw_msg(ctx, id, &cmds[i]);
		struct nlmsghdr *nlh;
		unsigned char *nbuf;

		if (!msg)
			goto out;
		nl_complete_msg(ctx->sock, msg);
		nlh = nlmsg_hdr(msg);
		if (!i)
			b.first_seq = nlh->nlmsg_seq;
		nbuf = realloc(buf, len + NLMSG_ALIGN(nlh->nlmsg_len));
		if (!nbuf) {
			nlmsg_free(msg);
			goto out;
		}
		buf = nbuf;
		memcpy(buf + len, nlh, nlh->nlmsg_len);
		len += NLMSG_ALIGN(nlh->nlmsg_len);
		nlmsg_free(msg);
	}
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		goto out;
	nl_cb_err(cb, NL_CB_CUSTOM, batch_error, &b);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, batch_valid, &b);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, batch_seq_ok, NULL);
	if (nl_sendto(ctx->sock, buf, len) < 0) {
		rc = -EIO;
		goto out;
	}
	while (b.done < n)
		if (nl_recvmsgs(ctx->sock, cb) < 0 && b.done < n) {
			rc = -EIO;
			goto out;
		}
	rc = b.err;
out:
	nl_cb_put(cb);
	free(buf);
	return rc;
}
