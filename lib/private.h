/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internals shared by the files of libcxlfm; not exported (libcxlfm.sym). */
#ifndef LIBCXLFM_PRIVATE_H
#define LIBCXLFM_PRIVATE_H

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include <cxlfm/libcxlfm.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/*
 * Replies are read into a buffer of at least this: a 64 KiB payload
 * attribute and headers.  Only a reply with a list of lists (Get VCS Info)
 * can be larger; for those the buffer grows to fit (cxlfm_ctx.peek).
 */
#define CXLFM_RX_BUF	(80 * 1024)

struct cxlfm_ctx {
	int refcount;
	struct nl_sock *sock;
	unsigned char *rx;	/* the last datagram read */
	size_t rx_cap;		/* its size, CXLFM_RX_BUF or more */
	int peek;		/* size the buffer by each datagram first */
	int family;
	char errmsg[256];
	uint16_t return_code;
	uint16_t vendor_status;
	struct cxlfm_bg_cmd bg;	/* started by the last typed op, seq 0 none */
	uint32_t reply_bg_seq;	/* bg-seq of the last typed op's reply */
};

struct nl_msg;
struct nlmsghdr;

void cxlfm_parse_cci(struct nlattr **tb, struct cxlfm_cci_info *ci);
struct nl_msg *cxlfm_msg(struct cxlfm_ctx *ctx, int cmd, int flags,
			 size_t payload);
int cxlfm_transact(struct cxlfm_ctx *ctx, struct nl_msg *msg, int maxattr,
		   int (*parse)(struct nlattr **, void *), void *arg);
int cxlfm_transact_msg(struct cxlfm_ctx *ctx, struct nl_msg *msg,
		       int (*parse)(struct nlmsghdr *, void *), void *arg);
/* One datagram into ctx->rx; Return: its length or a negative errno. */
int cxlfm_recv(struct cxlfm_ctx *ctx);
/* Send @len bytes of requests; Return: 0 or a negative errno. */
int cxlfm_send(struct cxlfm_ctx *ctx, const void *buf, size_t len);
/*
 * genlmsg_parse() with the policy of the message's command (attrs.c);
 * refuses a message of another command than @cmd, unless @cmd < 0.
 */
int cxlfm_genl_parse(struct nlmsghdr *nlh, int cmd, struct nlattr **tb,
		     int maxattr);

/*
 * The calls as the library's own structs: abi.c's exported *_sized()
 * functions convert a program's structs of another size to and from these.
 */
int cxlfm_cci_get_native(struct cxlfm_ctx *ctx, unsigned int id,
			 struct cxlfm_cci_info *info);
int cxlfm_cci_list_native(struct cxlfm_ctx *ctx, struct cxlfm_cci_info **list,
			  size_t *count);
int cxlfm_raw_native(struct cxlfm_ctx *ctx, unsigned int id,
		     struct cxlfm_raw_cmd *cmd);
int cxlfm_raw_batch_native(struct cxlfm_ctx *ctx, unsigned int id,
			   struct cxlfm_raw_cmd *cmds, size_t n);
int cxlfm_events_next_native(struct cxlfm_events *ev, struct cxlfm_event *event);
int cxlfm_fabric_notify_native(struct cxlfm_ctx *ctx, unsigned int id,
			       const struct cxlfm_fabric_report *c);
int cxlfm_fm_call_native(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
			 int cmd, const void *req, void *rsp, unsigned int flags);
int cxlfm_fm_dump_native(struct cxlfm_ctx *ctx, int cmd, long cci, void *rsp,
			 int (*each)(struct cxlfm_ctx *ctx, unsigned int cci,
				     void *rsp, void *arg),
			 void *arg);
int cxlfm_last_bg_cmd_native(struct cxlfm_ctx *ctx, struct cxlfm_bg_cmd *cmd);
int cxlfm_bg_wait_cmd_native(struct cxlfm_ctx *ctx, struct cxlfm_events *ev,
			     const struct cxlfm_bg_cmd *cmd,
			     unsigned int timeout_ms,
			     struct cxlfm_fm_bg_op_status_rsp *st);
int cxlfm_bg_wait_native(struct cxlfm_ctx *ctx, unsigned int cci,
			 unsigned int timeout_ms,
			 struct cxlfm_fm_bg_op_status_rsp *st);

#endif /* LIBCXLFM_PRIVATE_H */
