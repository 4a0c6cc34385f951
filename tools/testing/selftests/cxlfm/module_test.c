// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm.ko loads, registers its PCI driver, binds a CXL mailbox handed to it
 * through driver_override, and unloads cleanly.  Runs in the test VM.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "sysfs_util.h"

static int uncxlfm_load(void)
{
	return syscall(SYS_delete_module, "cxlfm", O_NONBLOCK) ? -errno : 0;
}

FIXTURE(module) {};

FIXTURE_SETUP(module)
{
	ASSERT_NE(NULL, getenv("CXLFM_KMOD"));
	if (path_exists("/sys/module/cxlfm"))
		ASSERT_EQ(0, uncxlfm_load());
}

FIXTURE_TEARDOWN(module)
{
	if (path_exists("/sys/module/cxlfm"))
		uncxlfm_load();
}

TEST_F(module, load_unload_repeatedly)
{
	int i;

	for (i = 0; i < 20; i++) {
		ASSERT_EQ(0, cxlfm_load(""));
		ASSERT_TRUE(path_exists("/sys/bus/pci/drivers/cxlfm"));
		ASSERT_EQ(0, uncxlfm_load());
		ASSERT_FALSE(path_exists("/sys/module/cxlfm"));
		ASSERT_FALSE(path_exists("/sys/bus/pci/drivers/cxlfm"));
	}
}

TEST_F(module, parameter_documented_and_settable)
{
	char buf[64];

	ASSERT_EQ(0, cxlfm_load("mbox_ready_timeout=7"));
	ASSERT_EQ(0, sysfs_read("/sys/module/cxlfm/parameters/mbox_ready_timeout",
				buf, sizeof(buf)));
	EXPECT_STREQ("7", buf);
}

/*
 * The directly attached QEMU type-3 (serial 0x102) has a CXL mailbox with
 * the same register interface as a switch CCI.  Move it from cxl_pci to
 * cxlfm through driver_override, check cxlfm bound it, unload cxlfm with
 * it bound, and give it back; ten times.  Where its mailbox interrupts
 * (QEMU 10.0), the unload must take every handler with it, without a
 * kernel warning.
 */
TEST_F(module, binds_type3_mailbox_through_driver_override)
{
	const char *qemu = getenv("CXLFM_QEMU_VERSION");
	bool interrupts = qemu && atoi(qemu) >= 10;
	char bdf[32], link[PATH_MAX], warning[512];
	int i, kmsg = kmsg_from_now();

	ASSERT_LE(0, kmsg);
	ASSERT_EQ(0, find_type3_by_serial("0x102", bdf, sizeof(bdf)));
	for (i = 0; i < 10; i++) {
		ASSERT_EQ(0, cxlfm_load(""));
		ASSERT_EQ(0, pci_rebind(bdf, "cxlfm"));
		ASSERT_EQ(0, pci_driver_of(bdf, link, sizeof(link)));
		EXPECT_STREQ("cxlfm", link);
		if (interrupts)
			ASSERT_LT(0, device_irq_entries(bdf)) TH_LOG("QEMU %s", qemu);

		ASSERT_EQ(0, uncxlfm_load());
		ASSERT_EQ(0, cxlfm_irq_entries());
		ASSERT_EQ(0, pci_rebind(bdf, "cxl_pci"));
		ASSERT_EQ(0, pci_driver_of(bdf, link, sizeof(link)));
		EXPECT_STREQ("cxl_pci", link);
	}
	EXPECT_EQ(0, kmsg_count(kmsg, "WARNING:", warning, sizeof(warning)))
		TH_LOG("the kernel warned: %s", warning);
	close(kmsg);
}

TEST_HARNESS_MAIN
