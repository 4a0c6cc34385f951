// SPDX-License-Identifier: GPL-2.0
/*
 * libcxlfm's event API against the live family: notifications arrive in
 * order with their sequence numbers, and a socket overrun is reported.
 * The events come from binding and unbinding the directly attached QEMU
 * type-3 to cxlfm.
 */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>

#include <cxlfm/libcxlfm.h>

#include "kselftest_harness.h"
#include "sysfs_util.h"

FIXTURE(events)
{
	char bdf[64];
	struct cxlfm_ctx *ctx;
	struct cxlfm_events *ev;
};

FIXTURE_SETUP(events)
{
	if (!path_exists("/sys/module/cxlfm"))
		ASSERT_EQ(0, cxlfm_load(""));
	ASSERT_EQ(0, find_direct_type3(self->bdf, sizeof(self->bdf)));
	ASSERT_EQ(0, pci_rebind(self->bdf, "cxlfm"));
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	ASSERT_EQ(0, cxlfm_events_open(self->ctx, &self->ev));
}

FIXTURE_TEARDOWN(events)
{
	cxlfm_events_close(self->ev);
	cxlfm_unref(self->ctx);
	pci_rebind(self->bdf, "cxl_pci");
}

static int next_event(struct cxlfm_events *ev, struct cxlfm_event *e)
{
	struct pollfd p = { .fd = cxlfm_events_fd(ev), .events = POLLIN };
	int rc;

	for (;;) {
		rc = cxlfm_events_next(ev, e);
		if (rc != -EAGAIN)
			return rc;
		if (poll(&p, 1, 5000) != 1)
			return -ETIMEDOUT;
	}
}

static int rebind(const char *bdf)
{
	int rc = sysfs_write("/sys/bus/pci/drivers/cxlfm/unbind", bdf);

	return rc ? rc : sysfs_write("/sys/bus/pci/drivers_probe", bdf);
}

TEST_F(events, removal_then_registration_in_order)
{
	struct cxlfm_event e;
	int old = cci_id_of(self->bdf);

	ASSERT_LE(0, old);
	ASSERT_EQ(0, rebind(self->bdf));

	ASSERT_EQ(0, next_event(self->ev, &e));
	EXPECT_EQ(CXLFM_EVENT_CCI_REMOVED, e.type);
	EXPECT_EQ(old, (int)e.cci.id);
	/* its registration, before we listened, was number 1 */
	EXPECT_EQ(2, e.seq);
	EXPECT_EQ(0, e.missed);
	EXPECT_STREQ("pci", e.cci.transport);

	ASSERT_EQ(0, next_event(self->ev, &e));
	EXPECT_EQ(CXLFM_EVENT_CCI_ADDED, e.type);
	EXPECT_EQ(cci_id_of(self->bdf), (int)e.cci.id);
	EXPECT_EQ(1, e.seq);
	EXPECT_EQ(0, e.missed);
	EXPECT_EQ(-EAGAIN, cxlfm_events_next(self->ev, &e));
}

TEST_F(events, overrun_is_reported_not_hidden)
{
	int tiny = 1, i, overruns = 0, received = 0;
	struct cxlfm_event e;

	/* The kernel rounds this up to its minimum, a couple of messages. */
	ASSERT_EQ(0, setsockopt(cxlfm_events_fd(self->ev), SOL_SOCKET, SO_RCVBUF,
				&tiny, sizeof(tiny)));
	for (i = 0; i < 40; i++)
		ASSERT_EQ(0, rebind(self->bdf));
	while (cxlfm_events_next(self->ev, &e) == 0) {
		if (e.type == CXLFM_EVENT_OVERRUN)
			overruns++;
		else
			received++;
	}
	TH_LOG("%d of 80 notifications received, %d overrun(s) reported", received, overruns);
	EXPECT_LT(received, 80);
	EXPECT_LE(1, overruns);
}

TEST_HARNESS_MAIN
