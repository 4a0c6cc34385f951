// SPDX-License-Identifier: GPL-2.0
/*
 * Who owns the slot of the QEMU switch's hotplug-capable downstream port
 * (dsp1, vPPB 1), as cxlfm decides it under policy auto: a fabric report of
 * an unbind there is only notified where PCIe native hotplug (pciehp) owns
 * the slot, and acted on (device removed, then rescanned on the bind
 * report) where it does not.  What the test compares with is what the
 * kernel shows: pciehp bound to the port's hotplug service.  With MSI on,
 * the firmware grants native hotplug and pciehp owns dsp1's slot (6.12,
 * 7.3); the 6.1 leg boots with pcie_ports=compat, asks for no native
 * hotplug, and there cxlfm acts.  (dsp0, whose slot is not hotplug capable, is acted on
 * everywhere: inband_test.)
 */
#include "kselftest_harness.h"
#include "inband_util.h"

#define ID	73
#define SERIAL	"0x101"		/* the type-3 below dsp1 */

FIXTURE(slot)
{
	char usp[256], dsp[256];
	int cci, endpoints;
	struct cxlfm_ctx *ctx;
	struct cxlfm_events *ev;
};

/* Slot Capabilities (PCIe r6.0 §7.5.3.9) of @bdf, or -errno. */
static long slot_caps(const char *bdf)
{
	unsigned char cfg[256];
	int pos = pcie_cap(bdf, cfg);

	if (pos < 0)
		return pos;
	return cfg[pos + 0x14] | cfg[pos + 0x15] << 8 | cfg[pos + 0x16] << 16 |
	       (long)cfg[pos + 0x17] << 24;
}

FIXTURE_SETUP(slot)
{
	char spec[384];

	ASSERT_EQ(0, sim_load());
	ASSERT_EQ(0, find_pci(QEMU_USP_ID, 0, self->usp, sizeof(self->usp)));
	/* dsp1, vPPB 1: the second downstream port in name order */
	ASSERT_EQ(0, find_pci(QEMU_DSP_ID, 1, self->dsp, sizeof(self->dsp)));
	ASSERT_EQ(0, wait_cxl(SERIAL, true, cxl_count("endpoint"), 10000));
	self->endpoints = cxl_count("endpoint");
	snprintf(spec, sizeof(spec), "%d ports=4 vcs=1 vppbs=2 usp=%s", ID,
		 self->usp);
	ASSERT_EQ(0, sim_new(spec));
	self->cci = sim_cci(ID);
	ASSERT_LE(0, self->cci);
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	ASSERT_EQ(0, cxlfm_events_open(self->ctx, &self->ev));
}

FIXTURE_TEARDOWN(slot)
{
	cxlfm_events_close(self->ev);
	cxlfm_unref(self->ctx);
	sim_del(ID);
	/* Leave the type-3 in place for the next test whatever happened. */
	if (wait_below(self->dsp, true, 10))
		sysfs_write("/sys/bus/pci/rescan", "1");
}

static void report(struct __test_metadata *_metadata, FIXTURE_DATA(slot) *self,
		   uint8_t change, uint8_t action)
{
	struct cxlfm_fabric_report r = { .change = change, .vppb_id = 1 };
	struct cxlfm_event e;

	ASSERT_EQ(0, cxlfm_fabric_notify(self->ctx, self->cci, &r));
	ASSERT_EQ(0, next_event(self->ev, self->cci, CXLFM_EVENT_HIERARCHY, &e, 15000));
	EXPECT_EQ(change, e.hierarchy.change);
	EXPECT_EQ(1, e.hierarchy.vppb_id);
	EXPECT_STREQ(self->dsp, e.hierarchy.pci_dev);
	EXPECT_EQ(action, e.hierarchy.action)
		TH_LOG("action %u on %s, expected %u", e.hierarchy.action,
		       self->dsp, action);
}

TEST_F_TIMEOUT(slot, auto_acts_only_where_pciehp_does_not_own_the_slot, 120)
{
	char path[PATH_MAX];
	bool pciehp;
	long sltcap;

	ASSERT_EQ(0, cxlfm_cci_set_inband_policy(self->ctx, self->cci,
						 CXLFM_INBAND_POLICY_AUTO));
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s:pcie204/driver",
		 self->dsp, self->dsp);
	pciehp = path_exists(path);
	sltcap = slot_caps(self->dsp);
	ASSERT_LE(0, sltcap);
	TH_LOG("%s: slot %shot-plug capable, pciehp %s", self->dsp,
	       sltcap & 0x40 ? "" : "not ", pciehp ? "bound" : "not bound");
	/* pciehp binds only to a hot-plug capable slot */
	if (pciehp)
		ASSERT_TRUE(sltcap & 0x40);

	if (pciehp) {
		report(_metadata, self, CXLFM_FABRIC_CHANGE_UNBIND,
		       CXLFM_FABRIC_ACTION_NOTIFIED);
		EXPECT_EQ(0, wait_below(self->dsp, true, 10));
		report(_metadata, self, CXLFM_FABRIC_CHANGE_BIND,
		       CXLFM_FABRIC_ACTION_NOTIFIED);
	} else {
		report(_metadata, self, CXLFM_FABRIC_CHANGE_UNBIND,
		       CXLFM_FABRIC_ACTION_REMOVED);
		EXPECT_EQ(0, wait_below(self->dsp, false, 15000));
		EXPECT_EQ(0, wait_cxl(SERIAL, false, self->endpoints - 1, 15000));
		report(_metadata, self, CXLFM_FABRIC_CHANGE_BIND,
		       CXLFM_FABRIC_ACTION_RESCANNED);
		EXPECT_EQ(0, wait_below(self->dsp, true, 15000));
	}
	EXPECT_EQ(0, wait_cxl(SERIAL, true, self->endpoints, 30000));
}

TEST_HARNESS_MAIN
