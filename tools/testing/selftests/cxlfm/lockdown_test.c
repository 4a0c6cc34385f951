// SPDX-License-Identifier: GPL-2.0
/*
 * The permission table of the cxlfm family under kernel lockdown: raised
 * to integrity, every op and form is checked against its row (writes to a
 * device refused, secrets and memory reads still pass); raised to
 * confidentiality, checked again (those refused too).  Lockdown cannot be
 * lowered, so this runs last in its VM (scripts/check.sh orders it) and
 * stages both levels in one test.  Runs against a simulated switch, made
 * before lockdown (which refuses unsigned modules).
 */
#include <errno.h>
#include <linux/capability.h>

#include "kselftest_harness.h"
#include "sim_util.h"
#include "perm_util.h"

#define SIM_ID	71
#define CAP(c)	(1ULL << (c))

TEST(every_op_under_lockdown_integrity_then_confidentiality)
{
	struct perm_ctx ctx = { .admin = true, .rawio = true };
	unsigned long long caps = CAP(CAP_SYS_ADMIN) | CAP(CAP_SYS_RAWIO);
	int cci;

	ASSERT_EQ(0, sim_load());
	ASSERT_EQ(0, sim_new("71 ports=8 vcs=2"));
	cci = sim_cci(SIM_ID);
	ASSERT_LE(0, cci);
	ASSERT_EQ(LEVEL_NONE, perm_lockdown_level())
		TH_LOG("the kernel was locked down before this test");

	ASSERT_EQ(0, sysfs_write(LOCKDOWN, "integrity"));
	ASSERT_EQ(LEVEL_INTEGRITY, perm_lockdown_level());
	ctx.level = LEVEL_INTEGRITY;
	EXPECT_EQ(0, perm_check_as(caps, &ctx, cci));

	ASSERT_EQ(0, sysfs_write(LOCKDOWN, "confidentiality"));
	ASSERT_EQ(LEVEL_CONFIDENTIALITY, perm_lockdown_level());
	ctx.level = LEVEL_CONFIDENTIALITY;
	EXPECT_EQ(0, perm_check_as(caps, &ctx, cci));

	sim_del(SIM_ID);
}

TEST_HARNESS_MAIN
