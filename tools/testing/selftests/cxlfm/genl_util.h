/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink helpers for tests and benchmarks that speak netlink
 * themselves rather than through libcxlfm.
 */
#ifndef CXLFM_SELFTEST_GENL_UTIL_H
#define CXLFM_SELFTEST_GENL_UTIL_H

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

/* The id of family @name, or a negative number when it is not registered. */
static inline int genl_family_id(const char *name)
{
	struct nl_sock *sk = nl_socket_alloc();
	int id = -1;

	if (sk && !genl_connect(sk))
		id = genl_ctrl_resolve(sk, name);
	nl_socket_free(sk);
	return id;
}

#endif
