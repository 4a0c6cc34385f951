// SPDX-License-Identifier: GPL-2.0
/*
 * Under kernel lockdown (integrity), raw commands that may change the
 * fabric are refused, read-only ones still work.  Lockdown cannot be lowered
 * again, so this runs last in its VM (scripts/check.sh orders it).
 */
#include <errno.h>
#include <sys/mount.h>

#include <cxlfm/libcxlfm.h>

#include "kselftest_harness.h"
#include "sysfs_util.h"

#define OP_GET_SUPPORTED_LOGS	0x0400
#define OP_SET_TIMESTAMP	0x0301
#define LOCKDOWN		"/sys/kernel/security/lockdown"

TEST(mutating_raw_refused_under_lockdown)
{
	unsigned long long ts = 1700000000ULL * 1000000000ULL;
	struct cxlfm_raw_cmd set = { .opcode = OP_SET_TIMESTAMP, .in = &ts,
				     .in_len = sizeof(ts) };
	unsigned char out[2048];
	struct cxlfm_raw_cmd get = { .opcode = OP_GET_SUPPORTED_LOGS, .out = out,
				     .out_cap = sizeof(out) };
	struct cxlfm_ctx *ctx;
	char bdf[64], state[128];
	int id;

	if (!path_exists("/sys/module/cxlfm"))
		ASSERT_EQ(0, cxlfm_load(""));
	ASSERT_EQ(0, find_direct_type3(bdf, sizeof(bdf)));
	ASSERT_EQ(0, pci_rebind(bdf, "cxlfm"));
	id = cci_id_of(bdf);
	ASSERT_LE(0, id);
	ASSERT_EQ(0, cxlfm_new(&ctx));

	if (!path_exists(LOCKDOWN))
		mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL);
	ASSERT_TRUE(path_exists(LOCKDOWN));
	ASSERT_EQ(0, sysfs_write(LOCKDOWN, "integrity"));
	ASSERT_EQ(0, sysfs_read(LOCKDOWN, state, sizeof(state)));
	ASSERT_NE(NULL, strstr(state, "[integrity]"));

	EXPECT_EQ(-EPERM, cxlfm_raw(ctx, id, &set));
	EXPECT_STREQ("mutating raw commands are refused under kernel lockdown",
		     cxlfm_last_error(ctx));
	EXPECT_EQ(0, cxlfm_raw(ctx, id, &get));
	EXPECT_EQ(0, get.return_code);
	cxlfm_unref(ctx);
	pci_rebind(bdf, "cxl_pci");
}

TEST_HARNESS_MAIN
