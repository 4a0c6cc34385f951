// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI mailbox transport against a mailbox nobody here wrote: QEMU's
 * type-3 device.  cxlfm takes the directly attached type-3 (serial 0x102)
 * through driver_override; Debian's cxl_pci keeps the identical type-3
 * behind the switch (serial 0x100), which answers through its own ioctl.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/cxl_mem.h>

#include <cxlfm/libcxlfm.h>

#include "kselftest_harness.h"
#include "sysfs_util.h"

#define OP_CLEAR_EVENTS		0x0101
#define OP_SET_TIMESTAMP	0x0301
#define OP_GET_SUPPORTED_LOGS	0x0400
#define OP_GET_LOG		0x0401
#define OP_IDENTIFY_SWITCH	0x5100
#define CXL_RC_SUCCESS		0

/* CEL UUID 0da9c0b5-bf41-4b78-8f79-96b1623b3f17 (CXL r3.1 §8.2.9.5.2.1) */
static const unsigned char cel_uuid[16] = {
	0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
	0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
};

struct get_log_in {
	unsigned char uuid[16];
	unsigned int offset;
	unsigned int length;
} __attribute__((packed));

/* Send a command through cxl_pci's ioctl on /dev/cxl/memN. */
static int intree_cmd(int fd, __u32 id, const void *in, size_t in_len,
		      void *out, size_t out_len, size_t *got)
{
	struct cxl_send_command c = {
		.id = id,
		.in.size = in_len,
		.in.payload = (__u64)(uintptr_t)in,
		.out.size = out_len,
		.out.payload = (__u64)(uintptr_t)out,
	};

	if (ioctl(fd, CXL_MEM_SEND_COMMAND, &c) < 0)
		return -errno;
	*got = c.out.size;
	return c.retval;
}

FIXTURE(pci)
{
	char bdf[32];		/* the type-3 cxlfm owns */
	char memdev[300];	/* /dev/cxl/memN of the type-3 cxl_pci owns */
	int id;
	struct cxlfm_ctx *ctx;
	unsigned char *a, *b;
};

FIXTURE_SETUP(pci)
{
	char mem[64];

	if (!path_exists("/sys/module/cxlfm"))
		ASSERT_EQ(0, cxlfm_load(""));
	ASSERT_EQ(0, find_direct_type3(self->bdf, sizeof(self->bdf)));
	ASSERT_EQ(0, pci_rebind(self->bdf, "cxlfm"));
	self->id = cci_id_of(self->bdf);
	ASSERT_LE(0, self->id);

	ASSERT_EQ(0, cxl_mem_of("0x100", mem, sizeof(mem)));
	snprintf(self->memdev, sizeof(self->memdev), "/dev/cxl/%s", mem);
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	self->a = calloc(1, 1 << 16);
	self->b = calloc(1, 1 << 16);
	ASSERT_NE(NULL, self->a);
	ASSERT_NE(NULL, self->b);
}

FIXTURE_TEARDOWN(pci)
{
	cxlfm_unref(self->ctx);
	free(self->a);
	free(self->b);
	if (self->bdf[0])
		pci_rebind(self->bdf, "cxl_pci");
}

TEST_F(pci, sysfs_shows_the_identity)
{
	char path[PATH_MAX], val[256];

#define ATTR(name) (snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%d/" name, \
			     self->id), sysfs_read(path, val, sizeof(val)))
	ASSERT_EQ(0, ATTR("transport"));
	EXPECT_STREQ("pci", val);
	ASSERT_EQ(0, ATTR("payload_size"));
	EXPECT_STREQ("2048", val);
	ASSERT_EQ(0, ATTR("state"));
	EXPECT_STREQ("ready", val);
	ASSERT_EQ(0, ATTR("supported_opcodes"));
	EXPECT_NE(NULL, strstr(val, "0x0400"));
	EXPECT_NE(NULL, strstr(val, "0x0401"));
	/*
	 * Identity comes from the generic Identify (0x0001), which QEMU 7.2's
	 * type-3 does not list: then there are no identity attributes, as
	 * there are no switch attributes on a device that is no switch.
	 */
	if (strstr(val, "0x0001")) {
		ASSERT_EQ(0, ATTR("serial"));
		EXPECT_STREQ("0x102", val);
		ASSERT_EQ(0, ATTR("vendor_id"));
		EXPECT_STREQ("0x8086", val);
	} else {
		EXPECT_EQ(-ENOENT, ATTR("serial"));
		EXPECT_EQ(-ENOENT, ATTR("vendor_id"));
	}
	EXPECT_EQ(-ENOENT, ATTR("num_ports"));
#undef ATTR
}

TEST_F(pci, netlink_lists_the_cci)
{
	struct cxlfm_cci_info *list, one;
	size_t n, i;
	int found = 0;

	ASSERT_EQ(0, cxlfm_cci_list(self->ctx, &list, &n));
	for (i = 0; i < n; i++)
		found += list[i].id == (unsigned int)self->id;
	free(list);
	EXPECT_EQ(1, found);
	ASSERT_EQ(0, cxlfm_cci_get(self->ctx, self->id, &one));
	EXPECT_STREQ("pci", one.transport);
	EXPECT_EQ(2048, one.payload_size);
	EXPECT_LT(2, one.num_commands);
	EXPECT_FALSE(one.is_switch);
	if (one.has_identity)
		EXPECT_EQ(0x102, one.serial);
}

/* The register-level check: same bytes from cxlfm and from cxl_pci. */
TEST_F(pci, supported_logs_and_cel_equal_the_in_tree_driver)
{
	struct cxlfm_raw_cmd cmd = { .opcode = OP_GET_SUPPORTED_LOGS,
				     .out = self->a, .out_cap = 1 << 16 };
	struct get_log_in in = {};
	unsigned int cel_size = 0, off, i, nr;
	size_t got;
	int fd;

	fd = open(self->memdev, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);

	ASSERT_EQ(0, cxlfm_raw(self->ctx, self->id, &cmd));
	ASSERT_EQ(CXL_RC_SUCCESS, cmd.return_code);
	ASSERT_EQ(0, intree_cmd(fd, CXL_MEM_COMMAND_ID_GET_SUPPORTED_LOGS, NULL, 0,
				self->b, 2048, &got));
	ASSERT_EQ(got, cmd.out_len);
	/*
	 * Bytes 2-7 are reserved (CXL r3.1 §8.2.9.5.1), and QEMU 7.2 leaves
	 * whatever the payload area held there: compare everything else.
	 */
	ASSERT_LE(8, got);
	ASSERT_EQ(0, memcmp(self->a, self->b, 2));
	ASSERT_EQ(0, memcmp(self->a + 8, self->b + 8, got - 8));

	nr = self->a[0] | self->a[1] << 8;
	for (i = 0; i < nr; i++) {
		const unsigned char *e = self->a + 8 + 20 * i;

		if (!memcmp(e, cel_uuid, 16))
			cel_size = e[16] | e[17] << 8 | e[18] << 16 | (unsigned int)e[19] << 24;
	}
	ASSERT_LT(0, cel_size);

	memcpy(in.uuid, cel_uuid, 16);
	for (off = 0; off < cel_size; off += in.length) {
		in.offset = off;
		in.length = cel_size - off < 2048 ? cel_size - off : 2048;
		cmd = (struct cxlfm_raw_cmd){ .opcode = OP_GET_LOG, .in = &in,
					      .in_len = sizeof(in), .out = self->a,
					      .out_cap = 1 << 16 };
		ASSERT_EQ(0, cxlfm_raw(self->ctx, self->id, &cmd));
		ASSERT_EQ(CXL_RC_SUCCESS, cmd.return_code);
		ASSERT_EQ(0, intree_cmd(fd, CXL_MEM_COMMAND_ID_GET_LOG, &in, sizeof(in),
					self->b, in.length, &got));
		ASSERT_EQ(in.length, cmd.out_len);
		ASSERT_EQ(got, cmd.out_len);
		ASSERT_EQ(0, memcmp(self->a, self->b, got));
	}
	TH_LOG("CEL of %u bytes (%u commands) identical through cxlfm and cxl_pci",
	       cel_size, cel_size / 4);
	close(fd);
}

TEST_F(pci, back_to_back_commands)
{
	unsigned char first[256];
	size_t first_len = 0;
	int i;

	for (i = 0; i < 200; i++) {
		struct cxlfm_raw_cmd cmd = { .opcode = OP_GET_SUPPORTED_LOGS, .out = self->a,
					     .out_cap = 1 << 16 };

		ASSERT_EQ(0, cxlfm_raw(self->ctx, self->id, &cmd));
		ASSERT_EQ(CXL_RC_SUCCESS, cmd.return_code);
		ASSERT_LT(0, cmd.out_len);
		ASSERT_GE(sizeof(first), cmd.out_len);
		if (!i) {
			memcpy(first, self->a, cmd.out_len);
			first_len = cmd.out_len;
		}
		ASSERT_EQ(first_len, cmd.out_len);
		ASSERT_EQ(0, memcmp(first, self->a, first_len));
	}
}

TEST_F(pci, errors_are_specific)
{
	struct cxlfm_raw_cmd cmd = { .opcode = OP_IDENTIFY_SWITCH, .out = self->a,
				     .out_cap = 1 << 16 };
	struct cxlfm_cci_info info;

	/* A command the CEL does not list is never sent. */
	EXPECT_EQ(-EOPNOTSUPP, cxlfm_raw(self->ctx, self->id, &cmd));
	EXPECT_STREQ("command not in the CCI's Command Effects Log",
		     cxlfm_last_error(self->ctx));
	/* Commands the driver owns are not passed through. */
	cmd.opcode = OP_CLEAR_EVENTS;
	EXPECT_EQ(-EACCES, cxlfm_raw(self->ctx, self->id, &cmd));
	EXPECT_STREQ("command is owned by the cxlfm driver", cxlfm_last_error(self->ctx));
	/* No such CCI. */
	cmd.opcode = OP_GET_SUPPORTED_LOGS;
	EXPECT_EQ(-ENODEV, cxlfm_raw(self->ctx, 100000, &cmd));
	EXPECT_STREQ("no CCI with this id", cxlfm_last_error(self->ctx));
	EXPECT_EQ(-ENODEV, cxlfm_cci_get(self->ctx, 100000, &info));
	/* An input larger than the payload area. */
	cmd.in = self->b;
	cmd.in_len = 4096;
	EXPECT_EQ(-E2BIG, cxlfm_raw(self->ctx, self->id, &cmd));
	EXPECT_STREQ("payload larger than the CCI's payload area",
		     cxlfm_last_error(self->ctx));
}

/*
 * Unbind and bind 50 times.  Where the mailbox interrupts (QEMU 10.0's
 * type-3: background completion on MSI-X), each unbind must take away
 * exactly the handlers cxlfm had on the function's vectors, and the kernel
 * must not warn: a handler still requested when its vector is released
 * makes it warn "removing non-empty directory 'irq/N', leaking at least
 * 'cxlfm'".
 */
TEST_F(pci, unbind_rebind_50_times)
{
	struct cxlfm_raw_cmd cmd = { .opcode = OP_GET_SUPPORTED_LOGS, .out = self->a,
				     .out_cap = 1 << 16 };
	const char *qemu = getenv("CXLFM_QEMU_VERSION");
	bool interrupts = qemu && atoi(qemu) >= 10;
	char path[PATH_MAX], warning[512];
	int i, id, all, mine, kmsg = kmsg_from_now();

	ASSERT_LE(0, kmsg);
	snprintf(path, sizeof(path), "/sys/bus/pci/drivers/cxlfm/unbind");
	for (i = 0; i < 50; i++) {
		all = cxlfm_irq_entries();
		mine = device_irq_entries(self->bdf);
		if (interrupts)
			ASSERT_LT(0, mine)
				TH_LOG("cycle %d: no cxlfm handler on %s's vectors (QEMU %s)",
				       i, self->bdf, qemu);
		ASSERT_EQ(0, sysfs_write(path, self->bdf));
		ASSERT_EQ(all - mine, cxlfm_irq_entries())
			TH_LOG("cycle %d: %d of %d entries were %s's", i, mine, all, self->bdf);
		ASSERT_EQ(-ENODEV, cxlfm_raw(self->ctx, self->id, &cmd));
		ASSERT_EQ(0, sysfs_write("/sys/bus/pci/drivers_probe", self->bdf));
		id = cci_id_of(self->bdf);
		ASSERT_LE(0, id);
		self->id = id;
		ASSERT_EQ(0, cxlfm_raw(self->ctx, self->id, &cmd));
		ASSERT_EQ(CXL_RC_SUCCESS, cmd.return_code);
	}
	TH_LOG("%d cxlfm interrupt handler(s) on %s (QEMU %s)", device_irq_entries(self->bdf),
	       self->bdf, qemu ?: "?");
	/* the kernel's own word: a handler freed after its vector warns */
	EXPECT_EQ(0, kmsg_count(kmsg, "WARNING:", warning, sizeof(warning)))
		TH_LOG("the kernel warned: %s", warning);
	close(kmsg);
}

struct loop {
	struct cxlfm_ctx *ctx;
	int id;
	int last_rc;
	unsigned long ok;
};

static void *command_loop(void *arg)
{
	struct loop *l = arg;
	unsigned char out[512];
	int rc;

	for (;;) {
		struct cxlfm_raw_cmd cmd = { .opcode = OP_GET_SUPPORTED_LOGS, .out = out,
					     .out_cap = sizeof(out) };

		rc = cxlfm_raw(l->ctx, l->id, &cmd);
		if (rc)
			break;
		l->ok++;
	}
	l->last_rc = rc;
	return NULL;
}

TEST_F(pci, remove_during_command_loop_ends_with_enodev)
{
	struct loop l = { .ctx = self->ctx, .id = self->id };
	char path[PATH_MAX], drv[64];
	pthread_t t;
	int i;

	ASSERT_EQ(0, pthread_create(&t, NULL, command_loop, &l));
	while (l.ok < 20)
		usleep(1000);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/remove", self->bdf);
	ASSERT_EQ(0, sysfs_write(path, "1"));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(-ENODEV, l.last_rc);
	TH_LOG("%lu commands before the removal", l.ok);

	/* Rescan brings the function back (cxl_pci takes it again). */
	ASSERT_EQ(0, sysfs_write("/sys/bus/pci/rescan", "1"));
	for (i = 0; i < 100 && !path_exists(path); i++)
		usleep(10000);
	ASSERT_TRUE(path_exists(path));
	for (i = 0; i < 300; i++) {
		ASSERT_EQ(0, pci_driver_of(self->bdf, drv, sizeof(drv)));
		if (!strcmp(drv, "cxl_pci"))
			break;
		usleep(10000);
	}
	EXPECT_STREQ("cxl_pci", drv);
}

TEST_HARNESS_MAIN
