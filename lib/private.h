/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internals shared by the files of libcxlfm; not exported (libcxlfm.sym). */
#ifndef LIBCXLFM_PRIVATE_H
#define LIBCXLFM_PRIVATE_H

#include <stdatomic.h>

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

/* The most an attribute carries: its length is 16 bits, header included. */
#define CXLFM_ATTR_MAX_PAYLOAD	(0xffffu - NLA_HDRLEN)

/*
 * A request that fits this is built in the context's own message (tx),
 * reused from one request to the next; a larger one gets its own.
 */
#define CXLFM_TX_BUF	4096

/*
 * Threads (libcxlfm.h): one thread at a time calls into a context and the
 * subscriptions opened from it; only the reference count is shared, so
 * references may be dropped by any thread.
 */
struct cxlfm_ctx {
	atomic_int refcount;
	struct nl_sock *sock;
	/*
	 * The request being built: cxlfm_msg() hands it out with a reference
	 * of its own, which the nlmsg_free() of the one who sends or drops it
	 * gives back.  One request at a time is built on a context.
	 */
	struct nl_msg *tx;
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
/*
 * A request with room for its attributes and @payload bytes of payload;
 * NULL only when out of memory.  Release it with nlmsg_free().
 */
struct nl_msg *cxlfm_msg(struct cxlfm_ctx *ctx, int cmd, int flags,
			 size_t payload);
/*
 * Start of a call of the API: nothing of the previous call's failure
 * (cxlfm_last_error(), _return_code(), _vendor_status(), _bg_cmd()) is
 * left for this one's.
 */
void cxlfm_call_begin(struct cxlfm_ctx *ctx);
/*
 * A request the library refuses to build (an argument that no netlink
 * message can carry): @err, with the reason as the call's error text.
 */
int cxlfm_refuse(struct cxlfm_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The errno of a libnl error code (-NLE_*); 0 and positive pass. */
int cxlfm_nl_errno(int nlerr);
/*
 * genl_connect() whose failure is the errno of the system call that
 * refused it (socket(), bind()), or the errno of libnl's code.
 */
int cxlfm_connect(struct nl_sock *sk);
/*
 * Ask nlctrl on socket @fd (in no multicast group yet) for family @name:
 * its id into *@family and, if @group, that group's id into *@grp.
 * Return: 0; -ENOENT if there is no such family (its module is not
 * loaded) or group; the errno of send() or recv(); -EBADMSG for an
 * answer that cannot be read.
 */
int cxlfm_resolve(int fd, const char *name, const char *group, int *family,
		  int *grp);
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
 * Return: 0, -EPROTO for another command, -EBADMSG if malformed.
 */
int cxlfm_genl_parse(struct nlmsghdr *nlh, int cmd, struct nlattr **tb,
		     int maxattr);

#endif /* LIBCXLFM_PRIVATE_H */
