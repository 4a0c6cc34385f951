/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internals shared by the files of libcxlfm; not exported (libcxlfm.sym). */
#ifndef LIBCXLFM_PRIVATE_H
#define LIBCXLFM_PRIVATE_H

#include <netlink/attr.h>
#include <netlink/socket.h>

#include <cxlfm/libcxlfm.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct cxlfm_ctx {
	int refcount;
	struct nl_sock *sock;
	int family;
	char errmsg[256];
};

void cxlfm_parse_cci(struct nlattr **tb, struct cxlfm_cci_info *ci);
/*
 * genlmsg_parse() with the policy of the message's command (attrs.c);
 * refuses a message of another command than @cmd, unless @cmd < 0.
 */
int cxlfm_genl_parse(struct nlmsghdr *nlh, int cmd, struct nlattr **tb,
		     int maxattr);

#endif /* LIBCXLFM_PRIVATE_H */
