/* SPDX-License-Identifier: GPL-2.0 */
/* Capabilities and the taint mask, for the permission tests. */
#ifndef CXLFM_SELFTEST_CAPS_UTIL_H
#define CXLFM_SELFTEST_CAPS_UTIL_H

#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include "sysfs_util.h"

#define TAINT_USER_BIT		6

/* Drop one capability from the effective and permitted sets, for good. */
static inline int drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[cap / 32].effective &= ~(1U << (cap % 32));
	data[cap / 32].permitted &= ~(1U << (cap % 32));
	return syscall(SYS_capset, &hdr, data) ? -errno : 0;
}

/* Keep only the capabilities in @keep (bits CAP_*), for good. */
static inline int keep_caps(unsigned long long keep)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = {};
	int i;

	for (i = 0; i < 2; i++) {
		data[i].effective = (unsigned int)(keep >> (32 * i));
		data[i].permitted = data[i].effective;
	}
	return syscall(SYS_capset, &hdr, data) ? -errno : 0;
}

static inline unsigned long tainted(void)
{
	char buf[32];

	return sysfs_read("/proc/sys/kernel/tainted", buf, sizeof(buf)) ? 0 :
	       strtoul(buf, NULL, 10);
}

#endif /* CXLFM_SELFTEST_CAPS_UTIL_H */
