// SPDX-License-Identifier: GPL-2.0
/*
 * The permission model of the cxlfm family: CAP_SYS_ADMIN for every op and
 * for the events group, CAP_SYS_RAWIO (and a taint) for raw commands that
 * may change the fabric.  Runs against the directly attached QEMU type-3
 * bound to cxlfm.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "kselftest_harness.h"
#include "caps_util.h"
#include "sysfs_util.h"

#define OP_GET_SUPPORTED_LOGS	0x0400
#define OP_SET_TIMESTAMP	0x0301

FIXTURE(perm)
{
	char bdf[64];
	int id;
};

FIXTURE_SETUP(perm)
{
	if (!path_exists("/sys/module/cxlfm"))
		ASSERT_EQ(0, cxlfm_load(""));
	ASSERT_EQ(0, find_direct_type3(self->bdf, sizeof(self->bdf)));
	ASSERT_EQ(0, pci_rebind(self->bdf, "cxlfm"));
	self->id = cci_id_of(self->bdf);
	ASSERT_LE(0, self->id);
}

FIXTURE_TEARDOWN(perm)
{
	pci_rebind(self->bdf, "cxl_pci");
}

/* Every op and the group, from a process without CAP_SYS_ADMIN. */
TEST_F(perm, no_sys_admin_no_access)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (!pid) {
		unsigned char out[256];
		struct cxlfm_raw_cmd cmd = { .opcode = OP_GET_SUPPORTED_LOGS,
					     .out = out, .out_cap = sizeof(out) };
		struct cxlfm_cci_info info, *list;
		struct cxlfm_ctx *ctx;
		struct nl_sock *sk;
		size_t n;
		int grp, one;

		if (drop_cap(CAP_SYS_ADMIN) || cxlfm_new(&ctx))
			_exit(10);
		if (cxlfm_cci_get(ctx, self->id, &info) != -EPERM)
			_exit(11);
		if (strcmp(cxlfm_last_error(ctx), "cxlfm needs CAP_SYS_ADMIN"))
			_exit(12);
		if (cxlfm_cci_list(ctx, &list, &n) != -EPERM)
			_exit(13);
		if (cxlfm_raw(ctx, self->id, &cmd) != -EPERM)
			_exit(14);
		cxlfm_unref(ctx);
		/* Joining the events group needs CAP_SYS_ADMIN too. */
		sk = nl_socket_alloc();
		if (!sk || genl_connect(sk))
			_exit(15);
		grp = genl_ctrl_resolve_grp(sk, CXLFM_FAMILY_NAME, CXLFM_MCGRP_EVENTS);
		if (grp < 0)
			_exit(16);
		one = grp;
		if (setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
			       &one, sizeof(one)) != -1 || errno != EPERM)
			_exit(17);
		nl_socket_free(sk);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* A command that changes state needs CAP_SYS_RAWIO; then it taints. */
TEST_F(perm, mutating_raw_needs_rawio_and_taints)
{
	struct cxlfm_raw_cmd cmd = { .opcode = OP_SET_TIMESTAMP };
	unsigned long long ts = 1700000000ULL * 1000000000ULL;
	struct cxlfm_ctx *ctx;
	pid_t pid;
	int status;

	cmd.in = &ts;
	cmd.in_len = sizeof(ts);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (drop_cap(CAP_SYS_RAWIO) || cxlfm_new(&ctx))
			_exit(10);
		if (cxlfm_raw(ctx, self->id, &cmd) != -EPERM)
			_exit(11);
		if (strcmp(cxlfm_last_error(ctx),
			   "command may change the fabric: needs CAP_SYS_RAWIO"))
			_exit(12);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));

	ASSERT_EQ(0, cxlfm_new(&ctx));
	ASSERT_EQ(0, cxlfm_raw(ctx, self->id, &cmd));
	EXPECT_EQ(0, cmd.return_code);
	EXPECT_TRUE(tainted() & (1UL << TAINT_USER_BIT));
	cxlfm_unref(ctx);
}

/* Read-only commands need no more than CAP_SYS_ADMIN. */
TEST_F(perm, read_only_raw_without_rawio)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (!pid) {
		unsigned char out[2048];
		struct cxlfm_raw_cmd cmd = { .opcode = OP_GET_SUPPORTED_LOGS,
					     .out = out, .out_cap = sizeof(out) };
		struct cxlfm_ctx *ctx;

		if (drop_cap(CAP_SYS_RAWIO) || cxlfm_new(&ctx))
			_exit(10);
		if (cxlfm_raw(ctx, self->id, &cmd) || cmd.return_code || cmd.out_len < 8)
			_exit(11);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
