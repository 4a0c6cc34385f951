// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm drains a switch's event logs and multicasts every record, clears
 * what it read (so nothing arrives twice), and forwards a log overflow with
 * the device's count.  The switch is a cxlfm_sim instance whose logs are
 * filled through its debugfs "inject" knob.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>
#include <linux/genetlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define SIM_ID		"77"
#define SIM_DIR		SIM_DEBUGFS "/" SIM_ID

/* Physical Switch record format, CXL r3.1 §8.2.9.2.1 (reference §4.3) */
static const unsigned char ps_uuid[16] = {
	0x77, 0xcf, 0x92, 0x71, 0x9c, 0x02, 0x47, 0x0b,
	0x9f, 0xe4, 0xbc, 0x7b, 0x75, 0xf2, 0xda, 0x97,
};

static int load_sim(void)
{
	if (path_exists("/sys/module/cxlfm_sim"))
		return 0;
	return sim_load_module("tools/testing/cxlfm/sim/cxlfm_sim.ko");
}

/* Collect events for @ms milliseconds (or until @max arrived). */
static int collect(struct cxlfm_events *ev, struct cxlfm_event *out, int max, int ms)
{
	struct pollfd p = { .fd = cxlfm_events_fd(ev), .events = POLLIN };
	struct timespec t0, t;
	int n = 0, left;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (n < max) {
		if (cxlfm_events_next(ev, &out[n]) == 0) {
			n++;
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		left = ms - (int)((t.tv_sec - t0.tv_sec) * 1000 +
				  (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || poll(&p, 1, left) != 1)
			break;
	}
	return n;
}

FIXTURE(drain)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_events *ev;
	unsigned int id;
	struct cxlfm_event e[64];
};

FIXTURE_SETUP(drain)
{
	if (!path_exists("/sys/module/cxlfm"))
		ASSERT_EQ(0, cxlfm_load(""));
	ASSERT_EQ(0, load_sim());
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	ASSERT_EQ(0, cxlfm_events_open(self->ctx, &self->ev));
	ASSERT_EQ(0, sysfs_write("/sys/bus/cxlfm_sim/new_device",
				 SIM_ID " ports=8 vcs=1 vppbs=8 log_cap=16"));
	/* The registration tells us the CCI's id. */
	ASSERT_EQ(1, collect(self->ev, self->e, 1, 5000));
	ASSERT_EQ(CXLFM_EVENT_CCI_ADDED, self->e[0].type);
	ASSERT_STREQ("sim", self->e[0].cci.transport);
	self->id = self->e[0].cci.id;
}

FIXTURE_TEARDOWN(drain)
{
	cxlfm_events_close(self->ev);
	cxlfm_unref(self->ctx);
	sysfs_write("/sys/bus/cxlfm_sim/del_device", SIM_ID);
}

TEST_F(drain, every_record_once_in_order)
{
	unsigned int i, j;
	int n;

	ASSERT_EQ(0, sysfs_write(SIM_DIR "/inject", "0 5"));
	n = collect(self->ev, self->e, 5, 5000);
	ASSERT_EQ(5, n);
	for (i = 0; i < 5; i++) {
		struct cxlfm_event *e = &self->e[i];

		EXPECT_EQ(CXLFM_EVENT_RECORD, e->type);
		EXPECT_EQ(self->id, e->cci.id);
		EXPECT_EQ(0, e->record.log);
		EXPECT_EQ(CXLFM_EVENT_KIND_PHYSICAL_SWITCH, e->record.kind);
		EXPECT_EQ(0, memcmp(e->record.raw, ps_uuid, 16));
		EXPECT_NE(0, e->record.handle);
		EXPECT_EQ(0, e->missed);
		if (i)
			EXPECT_EQ(self->e[i - 1].seq + 1, e->seq);
		for (j = 0; j < i; j++)
			EXPECT_NE(self->e[j].record.handle, e->record.handle);
	}
	/* Cleared on the device: the next polls bring nothing again. */
	EXPECT_EQ(0, collect(self->ev, self->e, 1, 2500));
}

/*
 * A raw listener of the events group: the records of one Get Event Records
 * come as consecutive messages of one datagram, numbered in order.
 */
TEST_F(drain, records_of_one_get_share_a_datagram)
{
	static unsigned char buf[65536];
	struct pollfd p = { .events = POLLIN };
	struct nl_sock *sk = nl_socket_alloc();
	unsigned int msgs = 0, prev = 0;
	struct nlmsghdr *nlh;
	int family, grp, len = 0;

	ASSERT_NE(NULL, sk);
	ASSERT_EQ(0, genl_connect(sk));
	family = genl_ctrl_resolve(sk, CXLFM_FAMILY_NAME);
	grp = genl_ctrl_resolve_grp(sk, CXLFM_FAMILY_NAME, CXLFM_MCGRP_EVENTS);
	ASSERT_LT(0, family);
	ASSERT_LT(0, grp);
	ASSERT_EQ(0, nl_socket_add_membership(sk, grp));
	p.fd = nl_socket_get_fd(sk);
	/* the sim polls: the five are all in the log when cxlfm reads it */
	ASSERT_EQ(0, sysfs_write(SIM_DIR "/inject", "0 5"));
	while (!msgs && poll(&p, 1, 5000) == 1) {
		len = recv(p.fd, buf, sizeof(buf), 0);
		ASSERT_LT(0, len);
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			struct nlattr *tb[CXLFM_A_EVENT_MAX + 1];
			struct genlmsghdr *gh = nlmsg_data(nlh);
			unsigned int seq;

			if (nlh->nlmsg_type != family || gh->cmd != CXLFM_CMD_EVENT_NTF)
				continue;
			ASSERT_EQ(0, genlmsg_parse(nlh, 0, tb, CXLFM_A_EVENT_MAX, NULL));
			ASSERT_NE(NULL, tb[CXLFM_A_EVENT_SEQ]);
			seq = nla_get_u32(tb[CXLFM_A_EVENT_SEQ]);
			if (msgs)
				EXPECT_EQ(prev + 1, seq);
			prev = seq;
			msgs++;
		}
	}
	EXPECT_EQ(5, msgs);
	nl_socket_free(sk);
}

TEST_F(drain, overflow_forwarded_with_the_device_count)
{
	int n, i, records = 0, overflows = 0;

	/* 20 records into a log of 16: the device drops 4 and says so. */
	ASSERT_EQ(0, sysfs_write(SIM_DIR "/inject", "1 20"));
	n = collect(self->ev, self->e, 64, 4000);
	for (i = 0; i < n; i++) {
		if (self->e[i].type == CXLFM_EVENT_RECORD) {
			records++;
			EXPECT_EQ(1, self->e[i].record.log);
		} else if (self->e[i].type == CXLFM_EVENT_LOG_OVERFLOW) {
			overflows++;
			EXPECT_EQ(1, self->e[i].record.log);
			EXPECT_EQ(4, self->e[i].record.overflow_count);
		}
	}
	EXPECT_EQ(16, records);
	EXPECT_EQ(1, overflows);
}

TEST_HARNESS_MAIN
