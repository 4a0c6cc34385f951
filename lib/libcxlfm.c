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

int cxlfm_new(struct cxlfm_ctx **out)
{
	struct cxlfm_ctx *ctx;
	int one = 1, rc;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	atomic_init(&ctx->refcount, 1);
	ctx->sock = nl_socket_alloc();
	ctx->tx = nlmsg_alloc_size(CXLFM_TX_BUF);
	ctx->rx = malloc(CXLFM_RX_BUF);
	ctx->rx_cap = CXLFM_RX_BUF;
	if (!ctx->sock || !ctx->tx || !ctx->rx) {
		rc = -ENOMEM;
		goto err;
	}
	rc = cxlfm_connect(ctx->sock);
	if (rc < 0)
		goto err;
	ctx->fd = nl_socket_get_fd(ctx->sock);
	ctx->port = nl_socket_get_local_port(ctx->sock);
	ctx->tx_nlh = nlmsg_hdr(ctx->tx);
	/* libnl 3.7 has no extack API: ask for it and parse it ourselves. */
	setsockopt(ctx->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(ctx->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl_socket_set_buffer_size(ctx->sock, 1 << 20, 1 << 20);
	/*
	 * Every request we send is answered by a reply or an error, so an ack
	 * would only cost one more message and system call per command.
	 */
	nl_socket_disable_auto_ack(ctx->sock);
	rc = cxlfm_resolve(ctx->fd, CXLFM_FAMILY_NAME, NULL,
			   &ctx->family, NULL);
	if (rc < 0)
		goto err;
	*out = ctx;
	return 0;
err:
	cxlfm_unref(ctx);
	return rc;
}

struct cxlfm_ctx *cxlfm_ref(struct cxlfm_ctx *ctx)
{
	atomic_fetch_add_explicit(&ctx->refcount, 1, memory_order_relaxed);
	return ctx;
}

void cxlfm_unref(struct cxlfm_ctx *ctx)
{
	/* the last one sees every other thread's use of the context done */
	if (!ctx || atomic_fetch_sub_explicit(&ctx->refcount, 1,
					      memory_order_acq_rel) > 1)
		return;
	nl_socket_free(ctx->sock);
	nlmsg_free(ctx->tx);
	free(ctx->rx);
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

int cxlfm_cci_get_native(struct cxlfm_ctx *ctx, unsigned int id,
		  struct cxlfm_cci_info *info)
{
	struct nl_msg *msg;

	msg = cxlfm_msg(ctx, CXLFM_CMD_CCI_GET, 0, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, CXLFM_A_CCI_ID, id)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return cxlfm_transact(ctx, msg, CXLFM_A_CCI_MAX, parse_one_cci, info);
}

struct cci_opcodes {
	uint16_t *v;
	size_t n;
	bool listed;
};

/* Every CXLFM_A_CCI_OPCODE of the reply, in the kernel's (CEL) order. */
static int parse_opcodes(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CXLFM_A_CCI_MAX + 1], *a;
	struct cci_opcodes *o = arg;
	size_t n = 0;
	int rem;

	if (cxlfm_genl_parse(nlh, CXLFM_CMD_CCI_GET, tb, CXLFM_A_CCI_MAX) < 0)
		return -EBADMSG;
	/* every reply counts its commands; a kernel that lists them, too */
	o->listed = !tb[CXLFM_A_CCI_NUM_COMMANDS] ||
		    !nla_get_u32(tb[CXLFM_A_CCI_NUM_COMMANDS]) ||
		    tb[CXLFM_A_CCI_OPCODE];
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem)
		n += nla_type(a) == CXLFM_A_CCI_OPCODE;
	free(o->v);
	o->v = malloc((n ? n : 1) * sizeof(*o->v));
	if (!o->v)
		return -ENOMEM;
	o->n = 0;
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem)
		if (nla_type(a) == CXLFM_A_CCI_OPCODE)
			o->v[o->n++] = nla_get_u16(a);
	return 0;
}

int cxlfm_cci_opcodes(struct cxlfm_ctx *ctx, unsigned int id,
		      uint16_t **opcodes, size_t *count)
{
	struct cci_opcodes o = {};
	struct nl_msg *msg;
	int rc;

	cxlfm_call_begin(ctx);
	msg = cxlfm_msg(ctx, CXLFM_CMD_CCI_GET, 0, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, CXLFM_A_CCI_ID, id)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	rc = cxlfm_transact_msg(ctx, msg, parse_opcodes, &o);
	if (!rc && !o.v)
		rc = -EPROTO;	/* an answer without a reply message */
	if (!rc && !o.listed)
		rc = -ENODATA;
	if (rc) {
		free(o.v);
		return rc;
	}
	*opcodes = o.v;
	*count = o.n;
	return 0;
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

int cxlfm_cci_list_native(struct cxlfm_ctx *ctx, struct cxlfm_cci_info **list,
		   size_t *count)
{
	struct nl_msg *msg;
	struct cci_list l;
	int rc, tries = 0;

	/* a CCI that came or went during the dump: read them all again */
	do {
		msg = cxlfm_msg(ctx, CXLFM_CMD_CCI_GET, NLM_F_DUMP, 0);
		if (!msg)
			return -ENOMEM;
		l = (struct cci_list){};
		rc = cxlfm_transact(ctx, msg, CXLFM_A_CCI_MAX, parse_cci_list, &l);
		if (rc)
			free(l.v);
	} while (rc == -EINTR && ++tries < 3);
	if (rc)
		return rc;
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

/*
 * The request of one raw command into *@out.  Return: 0, -ENOMEM, or
 * -EMSGSIZE for a payload no netlink attribute can carry.
 */
static int raw_msg(struct cxlfm_ctx *ctx, unsigned int id,
		   const struct cxlfm_raw_cmd *cmd, struct nl_msg **out)
{
	struct nl_msg *msg;

	if (cmd->in_len > CXLFM_ATTR_MAX_PAYLOAD)
		return cxlfm_refuse(ctx, -EMSGSIZE,
				    "the input payload (%zu bytes) is longer than a netlink attribute (%u bytes)",
				    cmd->in_len, CXLFM_ATTR_MAX_PAYLOAD);
	if (cmd->in_len && !cmd->in)
		return cxlfm_refuse(ctx, -EINVAL, "an input payload length without a payload");
	msg = cxlfm_msg(ctx, CXLFM_CMD_RAW, 0, cmd->in_len);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, CXLFM_A_RAW_CCI_ID, id) ||
	    nla_put_u16(msg, CXLFM_A_RAW_OPCODE, cmd->opcode) ||
	    (cmd->in_len &&
	     nla_put(msg, CXLFM_A_RAW_PAYLOAD, cmd->in_len, cmd->in))) {
		nlmsg_free(msg);
		return cxlfm_refuse(ctx, -EMSGSIZE, "the request does not fit a netlink message");
	}
	*out = msg;
	return 0;
}

int cxlfm_raw_native(struct cxlfm_ctx *ctx, unsigned int id, struct cxlfm_raw_cmd *cmd)
{
	struct nl_msg *msg;
	int rc;

	rc = raw_msg(ctx, id, cmd, &msg);
	if (rc)
		return rc;
	return cxlfm_transact(ctx, msg, CXLFM_A_RAW_MAX, parse_raw, cmd);
}

/* Replies of a batch, matched to requests by sequence number. */
struct batch {
	struct cxlfm_raw_cmd *cmds;
	size_t n, done;
	unsigned int first_seq;
	int err;
};

/* A reply or an error ends one request of the batch. */
static void batch_reply(struct cxlfm_ctx *ctx, struct batch *b,
			struct nlmsghdr *nlh)
{
	struct nlattr *tb[CXLFM_A_RAW_MAX + 1];
	unsigned int i = nlh->nlmsg_seq - b->first_seq;
	const struct nlmsgerr *e = nlmsg_data(nlh);

	if (i >= b->n)
		return;		/* not ours: the rest of an earlier request */
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		/* an error message with a non-negative errno is malformed */
		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
			e = NULL;
		if ((!e || e->error) && !b->err)
			b->err = e && e->error < 0 ? e->error : -EIO;
	} else if (nlh->nlmsg_type == ctx->family) {
		/* a reply that cannot be read still answers its request */
		if (!cxlfm_genl_parse(nlh, CXLFM_CMD_RAW, tb, CXLFM_A_RAW_MAX))
			parse_raw(tb, &b->cmds[i]);
		else if (!b->err)
			b->err = -EBADMSG;
	} else {
		return;
	}
	b->done++;
}

int cxlfm_raw_batch_native(struct cxlfm_ctx *ctx, unsigned int id,
		    struct cxlfm_raw_cmd *cmds, size_t n)
{
	struct batch b = { .cmds = cmds, .n = n };
	unsigned char *buf = NULL;
	struct nlmsghdr *nlh;
	size_t len = 0, i;
	int rc = 0, got;

	for (i = 0; i < n; i++) {
		unsigned char *nbuf;
		struct nl_msg *msg;

		rc = raw_msg(ctx, id, &cmds[i], &msg);
		if (rc)
			goto out;
		nl_complete_msg(ctx->sock, msg);
		nlh = nlmsg_hdr(msg);
		if (!i)
			b.first_seq = nlh->nlmsg_seq;
		nbuf = realloc(buf, len + NLMSG_ALIGN(nlh->nlmsg_len));
		if (!nbuf) {
			nlmsg_free(msg);
			rc = -ENOMEM;
			goto out;
		}
		buf = nbuf;
		memcpy(buf + len, nlh, nlh->nlmsg_len);
		len += NLMSG_ALIGN(nlh->nlmsg_len);
		nlmsg_free(msg);
	}
	rc = cxlfm_send(ctx, buf, len);
	while (!rc && b.done < n) {
		got = cxlfm_recv(ctx);
		if (got < 0) {
			rc = got;
			break;
		}
		for (nlh = (struct nlmsghdr *)ctx->rx; nlmsg_ok(nlh, got);
		     nlh = nlmsg_next(nlh, &got))
			batch_reply(ctx, &b, nlh);
	}
	if (!rc)
		rc = b.err;
out:
	free(buf);
	return rc;
}
