/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internals shared by the files of libcxlfm; not exported (libcxlfm.sym). */
#ifndef LIBCXLFM_PRIVATE_H
#define LIBCXLFM_PRIVATE_H

#include <stdatomic.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <cxlfm/libcxlfm.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/*
 * libnl's accessors of messages and attributes, inline.  libnl exports
 * each as a function, and calls them through its PLT even from within
 * itself: parsing one reply took about 50 such calls.  Natively that is
 * little; under emulation (QEMU TCG, where the benchmarks run) every
 * indirect jump and return is a look-up, and the calls cost as much as
 * the rest of the library's work (Documentation/performance.md).  The
 * same names, the same semantics, for every file that includes this one
 * after libnl's headers; libnl's messages (nl_msg) still carry the
 * requests, and libnl owns the sockets.
 */
static inline void *cxlfm_nlmsg_data(const struct nlmsghdr *nlh)
{
	return (char *)nlh + NLMSG_HDRLEN;
}

static inline int cxlfm_nlmsg_datalen(const struct nlmsghdr *nlh)
{
	return nlh->nlmsg_len - NLMSG_HDRLEN;
}

static inline int cxlfm_nlmsg_ok(const struct nlmsghdr *nlh, int remaining)
{
	return remaining >= (int)sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) &&
	       nlh->nlmsg_len <= (unsigned int)remaining;
}

static inline struct nlmsghdr *cxlfm_nlmsg_next(struct nlmsghdr *nlh,
						int *remaining)
{
	int len = NLMSG_ALIGN(nlh->nlmsg_len);

	*remaining -= len;
	return (struct nlmsghdr *)((char *)nlh + len);
}

static inline struct genlmsghdr *cxlfm_genlmsg_hdr(struct nlmsghdr *nlh)
{
	return cxlfm_nlmsg_data(nlh);
}

/* A generic netlink message long enough for its header and @hdrlen. */
static inline int cxlfm_genlmsg_valid_hdr(struct nlmsghdr *nlh, int hdrlen)
{
	return nlh->nlmsg_len >= NLMSG_LENGTH(GENL_HDRLEN + NLMSG_ALIGN(hdrlen));
}

static inline struct nlattr *cxlfm_genlmsg_attrdata(const struct genlmsghdr *g,
						    int hdrlen)
{
	return (struct nlattr *)((char *)g + GENL_HDRLEN + NLMSG_ALIGN(hdrlen));
}

static inline int cxlfm_genlmsg_attrlen(const struct genlmsghdr *g, int hdrlen)
{
	const struct nlmsghdr *nlh = (const void *)((const char *)g - NLMSG_HDRLEN);

	return nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN - NLMSG_ALIGN(hdrlen);
}

static inline int cxlfm_nla_type(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static inline void *cxlfm_nla_data(const struct nlattr *a)
{
	return (char *)a + NLA_HDRLEN;
}

static inline int cxlfm_nla_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static inline int cxlfm_nla_ok(const struct nlattr *a, int remaining)
{
	return remaining >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&
	       a->nla_len <= remaining;
}

static inline struct nlattr *cxlfm_nla_next(const struct nlattr *a,
					    int *remaining)
{
	int len = NLA_ALIGN(a->nla_len);

	*remaining -= len;
	return (struct nlattr *)((char *)a + len);
}

static inline uint8_t cxlfm_nla_get_u8(const struct nlattr *a)
{
	return *(const uint8_t *)cxlfm_nla_data(a);
}

static inline uint16_t cxlfm_nla_get_u16(const struct nlattr *a)
{
	uint16_t v;

	memcpy(&v, cxlfm_nla_data(a), sizeof(v));
	return v;
}

static inline uint32_t cxlfm_nla_get_u32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, cxlfm_nla_data(a), sizeof(v));
	return v;
}

static inline uint64_t cxlfm_nla_get_u64(const struct nlattr *a)
{
	uint64_t v = 0;

	/* as libnl's: 0 from a shorter one */
	if (cxlfm_nla_len(a) >= (int)sizeof(v))
		memcpy(&v, cxlfm_nla_data(a), sizeof(v));
	return v;
}

static inline char *cxlfm_nla_get_string(const struct nlattr *a)
{
	return cxlfm_nla_data(a);
}

#define nlmsg_data(nlh)			cxlfm_nlmsg_data(nlh)
#define nlmsg_datalen(nlh)		cxlfm_nlmsg_datalen(nlh)
#define nlmsg_ok(nlh, rem)		cxlfm_nlmsg_ok(nlh, rem)
#define nlmsg_next(nlh, rem)		cxlfm_nlmsg_next(nlh, rem)
#define genlmsg_hdr(nlh)		cxlfm_genlmsg_hdr(nlh)
#define genlmsg_valid_hdr(nlh, len)	cxlfm_genlmsg_valid_hdr(nlh, len)
#define genlmsg_attrdata(g, len)	cxlfm_genlmsg_attrdata(g, len)
#define genlmsg_attrlen(g, len)		cxlfm_genlmsg_attrlen(g, len)
#define nla_type(a)			cxlfm_nla_type(a)
#define nla_data(a)			cxlfm_nla_data(a)
#define nla_len(a)			cxlfm_nla_len(a)
#define nla_ok(a, rem)			cxlfm_nla_ok(a, rem)
#define nla_next(a, rem)		cxlfm_nla_next(a, rem)
#define nla_get_u8(a)			cxlfm_nla_get_u8(a)
#define nla_get_u16(a)			cxlfm_nla_get_u16(a)
#define nla_get_u32(a)			cxlfm_nla_get_u32(a)
#define nla_get_u64(a)			cxlfm_nla_get_u64(a)
#define nla_get_string(a)		cxlfm_nla_get_string(a)

/*
 * nla_put() into a libnl message, written here: two calls into libnl (the
 * message's header and size) instead of ten.  Return: 0, or libnl's
 * -NLE_NOMEM when the message has no room (or the attribute's 16-bit
 * length cannot hold @len), -NLE_INVAL for a negative @len.
 */
int cxlfm_nla_put(struct nl_msg *msg, int type, int len, const void *data);

static inline int cxlfm_nla_put_u8(struct nl_msg *msg, int type, uint8_t v)
{
	return cxlfm_nla_put(msg, type, sizeof(v), &v);
}

static inline int cxlfm_nla_put_u16(struct nl_msg *msg, int type, uint16_t v)
{
	return cxlfm_nla_put(msg, type, sizeof(v), &v);
}

static inline int cxlfm_nla_put_u32(struct nl_msg *msg, int type, uint32_t v)
{
	return cxlfm_nla_put(msg, type, sizeof(v), &v);
}

static inline int cxlfm_nla_put_u64(struct nl_msg *msg, int type, uint64_t v)
{
	return cxlfm_nla_put(msg, type, sizeof(v), &v);
}

static inline int cxlfm_nla_put_flag(struct nl_msg *msg, int type)
{
	return cxlfm_nla_put(msg, type, 0, NULL);
}

#define nla_put(m, type, len, data)	cxlfm_nla_put(m, type, len, data)
#define nla_put_u8(m, type, v)		cxlfm_nla_put_u8(m, type, v)
#define nla_put_u16(m, type, v)		cxlfm_nla_put_u16(m, type, v)
#define nla_put_u32(m, type, v)		cxlfm_nla_put_u32(m, type, v)
#define nla_put_u64(m, type, v)		cxlfm_nla_put_u64(m, type, v)
#define nla_put_flag(m, type)		cxlfm_nla_put_flag(m, type)

/*
 * nla_parse(), same checks, inline (above): @tb[0..@maxtype] gets the
 * last attribute of each type; with @policy, one shorter than its type
 * (or policy's minlen), longer than a policy's maxlen, or a string
 * without its terminating NUL fails it.  Return: 0 or -EBADMSG.
 */
int cxlfm_nla_parse(struct nlattr **tb, int maxtype, struct nlattr *head,
		    int len, const struct nla_policy *policy);

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
	int fd;			/* the socket's */
	/*
	 * The request being built: cxlfm_msg() hands it out with a reference
	 * of its own, which the nlmsg_free() of the one who sends or drops it
	 * gives back.  One request at a time is built on a context.
	 */
	struct nl_msg *tx;
	struct nlmsghdr *tx_nlh;	/* its header and buffer */
	uint32_t port;		/* the socket's netlink port id */
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

/*
 * The calls as the library's own structs: abi.c's exported *_sized()
 * functions convert a program's structs of another size to and from these.
 * They do not call cxlfm_call_begin(): the exported function that calls
 * one has.
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
