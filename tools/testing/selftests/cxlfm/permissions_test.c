// SPDX-License-Identifier: GPL-2.0
/*
 * The permission table of the cxlfm family (Documentation/design.md,
 * "Permissions"; drivers/cxlfm/perm_table.h): the document's table is the
 * code's, and every op and form is refused or let through as its row says
 * with no capability, with CAP_SYS_ADMIN only and with CAP_SYS_ADMIN and
 * CAP_SYS_RAWIO (CAP_NET_ADMIN dropped in each).  The lockdown columns are
 * lockdown_test's.  Runs against a simulated switch.
 */
#include <errno.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "sim_util.h"
#include "perm_util.h"

#define SIM_ID	70
#define CAP(c)	(1ULL << (c))

FIXTURE(perm)
{
	struct perm_ctx ctx;
	int cci;
};

FIXTURE_SETUP(perm)
{
	ASSERT_EQ(0, sim_load());
	ASSERT_EQ(0, sim_new("70 ports=8 vcs=2"));
	self->cci = sim_cci(SIM_ID);
	ASSERT_LE(0, self->cci);
	self->ctx.level = perm_lockdown_level();
	ASSERT_LE(0, self->ctx.level);
}

FIXTURE_TEARDOWN(perm)
{
	sim_del(SIM_ID);
}

/* design.md shows the table the kernel enforces, row for row. */
TEST_F(perm, design_md_shows_the_code_table)
{
	char path[4096];

	perm_design_md(path, sizeof(path));
	EXPECT_EQ(0, perm_doc_diff(path));
}

TEST_F(perm, every_op_refused_without_capabilities)
{
	EXPECT_EQ(0, perm_check_as(0, &self->ctx, self->cci));
}

/* Reads and changes of the fabric pass; secrets and writes do not. */
TEST_F(perm, every_op_with_sys_admin_only)
{
	self->ctx.admin = true;
	EXPECT_EQ(0, perm_check_as(CAP(CAP_SYS_ADMIN), &self->ctx, self->cci));
}

TEST_F(perm, every_op_with_sys_admin_and_sys_rawio)
{
	self->ctx.admin = true;
	self->ctx.rawio = true;
	EXPECT_EQ(0, perm_check_as(CAP(CAP_SYS_ADMIN) | CAP(CAP_SYS_RAWIO),
				   &self->ctx, self->cci));
}

/* Joining the events group needs CAP_SYS_ADMIN (the netlink core's check). */
TEST(events_group_needs_sys_admin)
{
	pid_t pid;
	int status;

	ASSERT_EQ(0, sim_load());
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct nl_sock *sk;
		int grp;

		if (keep_caps(CAP(CAP_NET_ADMIN) | CAP(CAP_SYS_RAWIO)))
			_exit(10);
		sk = nl_socket_alloc();
		if (!sk || genl_connect(sk))
			_exit(11);
		grp = genl_ctrl_resolve_grp(sk, CXLFM_FAMILY_NAME,
					    CXLFM_MCGRP_EVENTS);
		if (grp < 0)
			_exit(12);
		if (setsockopt(nl_socket_get_fd(sk), SOL_NETLINK,
			       NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)) != -1 ||
		    errno != EPERM)
			_exit(13);
		nl_socket_free(sk);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
