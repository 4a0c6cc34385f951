// SPDX-License-Identifier: GPL-2.0
/*
 * In-band updates on the QEMU switch's hotplug-capable downstream port
 * (dsp1, vPPB 1), where pciehp owns the slot.  QEMU's device_del plays
 * the hardware side: pciehp removes the type-3, and cxlfm, told of the
 * unbind by the switch, must leave the port to pciehp under policy auto
 * (notify only: nothing removed twice).  Under policy force cxlfm removes
 * and rescans the port itself.  The hierarchy ends as it began.  Skips
 * where pciehp does not own the slot (a kernel booted with pci=nomsi or
 * pcie_ports=compat, as the 6.1 leg is, gets no native hotplug control
 * from QEMU's firmware).
 *
 * The device comes back by powering the slot, not by QEMU's device_add:
 * the CXL downstream port of QEMU 7.2 and of 10.0 has no power controller
 * (PwrCtrl-), so QEMU never completes the device_del (the device stays,
 * powered off by pciehp) and a device_add of it fails with "Duplicate
 * device ID".
 */
#include "kselftest_harness.h"
#include "inband_util.h"

#define ID	72
#define SERIAL	"0x101"		/* the type-3 below dsp1 */
#define MONITOR	"python3 tools/testing/cxlfm/vm/qemu-monitor"

FIXTURE(hp)
{
	char usp[256], dsp[256], below[256], slot_power[PATH_MAX];
	int cci, endpoints;
	struct cxlfm_ctx *ctx;
	struct cxlfm_events *ev;
};

/* dir_find() matcher: a slot whose address ("dddd:bb:dd") holds function @arg. */
static bool slot_holds(const char *dir, const char *name, const void *arg)
{
	char path[PATH_MAX], addr[64];

	snprintf(path, sizeof(path), "%s/%s/address", dir, name);
	return !sysfs_read(path, addr, sizeof(addr)) && !strncmp(addr, arg, strlen(addr));
}

/* The power attribute of the hotplug slot holding @bdf ("dddd:bb:dd.f"). */
static int find_slot(const char *bdf, char *power, size_t len)
{
	char slot[64];
	int rc = dir_find("/sys/bus/pci/slots", slot_holds, bdf, 0, slot, sizeof(slot));

	if (!rc)
		snprintf(power, len, "/sys/bus/pci/slots/%s/power", slot);
	return rc;
}

FIXTURE_SETUP(hp)
{
	char spec[384], path[PATH_MAX];

	/* dsp1, vPPB 1: the second downstream port in name order */
	ASSERT_EQ(0, find_pci(QEMU_DSP_ID, 1, self->dsp, sizeof(self->dsp)));
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s:pcie204/driver",
		 self->dsp, self->dsp);
	if (!path_exists(path))
		SKIP(return, "pciehp does not own %s on this kernel", self->dsp);
	ASSERT_EQ(0, sim_load());
	ASSERT_EQ(0, find_pci(QEMU_USP_ID, 0, self->usp, sizeof(self->usp)));
	ASSERT_EQ(0, pci_below(self->dsp, self->below, sizeof(self->below)));
	ASSERT_EQ(0, find_slot(self->below, self->slot_power, sizeof(self->slot_power)));
	ASSERT_EQ(0, wait_cxl(SERIAL, true, cxl_count("endpoint"), 10000));
	self->endpoints = cxl_count("endpoint");
	snprintf(spec, sizeof(spec),
		 "%d ports=4 vcs=1 vppbs=2 bg_ms=20 event_irq=1 usp=%s", ID,
		 self->usp);
	ASSERT_EQ(0, sim_new(spec));
	self->cci = sim_cci(ID);
	ASSERT_LE(0, self->cci);
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	ASSERT_EQ(0, cxlfm_events_open(self->ctx, &self->ev));
}

FIXTURE_TEARDOWN(hp)
{
	if (!self->ctx)
		return;
	cxlfm_events_close(self->ev);
	cxlfm_unref(self->ctx);
	sim_del(ID);
	if (wait_below(self->dsp, true, 10))
		sysfs_write(self->slot_power, "1");
}

/* vPPB 1's event record, then the host's action on dsp1. */
static void expect_action(struct __test_metadata *_metadata,
			  FIXTURE_DATA(hp) *self, uint8_t change, uint8_t action)
{
	struct cxlfm_event e;

	ASSERT_EQ(0, next_event(self->ev, self->cci, CXLFM_EVENT_RECORD, &e, 10000));
	EXPECT_EQ(1, e.record.vppb_id);
	EXPECT_EQ(0, e.missed);
	ASSERT_EQ(0, next_event(self->ev, self->cci, CXLFM_EVENT_HIERARCHY, &e, 10000));
	EXPECT_EQ(0, e.missed);
	EXPECT_EQ(change, e.hierarchy.change);
	EXPECT_EQ(1, e.hierarchy.vppb_id);
	EXPECT_EQ(action, e.hierarchy.action);
	EXPECT_STREQ(self->dsp, e.hierarchy.pci_dev);
}

TEST_F_TIMEOUT(hp, auto_leaves_the_port_to_pciehp_force_acts, 180)
{
	/* The hardware side: the device is pulled, pciehp removes it. */
	ASSERT_EQ(0, system(MONITOR " device_del mem1"));
	ASSERT_EQ(0, wait_below(self->dsp, false, 20000));
	ASSERT_EQ(0, wait_cxl(SERIAL, false, self->endpoints - 1, 15000));

	/* The FM unbinds the vPPB: auto only notifies for pciehp's port. */
	ASSERT_EQ(0, vppb_set(self->ctx, self->cci, 1, -1));
	expect_action(_metadata, self, CXLFM_FABRIC_CHANGE_UNBIND,
		      CXLFM_FABRIC_ACTION_NOTIFIED);
	ASSERT_EQ(0, vppb_set(self->ctx, self->cci, 1, 2));
	expect_action(_metadata, self, CXLFM_FABRIC_CHANGE_BIND,
		      CXLFM_FABRIC_ACTION_NOTIFIED);
	/* Nothing came back behind pciehp's back. */
	EXPECT_EQ(0, wait_below(self->dsp, false, 10));

	/* The slot is powered again, as after a re-insertion: pciehp adds it. */
	ASSERT_EQ(0, sysfs_write(self->slot_power, "1"));
	ASSERT_EQ(0, wait_below(self->dsp, true, 20000));
	ASSERT_EQ(0, wait_cxl(SERIAL, true, self->endpoints, 30000));

	/* Force: cxlfm removes and rescans pciehp's port itself. */
	ASSERT_EQ(0, cxlfm_cci_set_inband_policy(self->ctx, self->cci,
						 CXLFM_INBAND_POLICY_FORCE));
	ASSERT_EQ(0, vppb_set(self->ctx, self->cci, 1, -1));
	expect_action(_metadata, self, CXLFM_FABRIC_CHANGE_UNBIND,
		      CXLFM_FABRIC_ACTION_REMOVED);
	EXPECT_EQ(0, wait_below(self->dsp, false, 10));
	EXPECT_EQ(0, wait_cxl(SERIAL, false, self->endpoints - 1, 15000));
	ASSERT_EQ(0, vppb_set(self->ctx, self->cci, 1, 2));
	expect_action(_metadata, self, CXLFM_FABRIC_CHANGE_BIND,
		      CXLFM_FABRIC_ACTION_RESCANNED);
	EXPECT_EQ(0, wait_below(self->dsp, true, 10));
	EXPECT_EQ(0, wait_cxl(SERIAL, true, self->endpoints, 30000));
}

TEST_HARNESS_MAIN
