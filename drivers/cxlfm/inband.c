// SPDX-License-Identifier: GPL-2.0
/*
 * In-band hierarchy updates: when the fabric changes under a vPPB of the
 * VCS this host's switch upstream port belongs to (a vPPB bound or unbound,
 * a link up or down), keep the host's PCI and CXL hierarchy true to it.
 * Changes come from the switch's event records and from userspace reports
 * of a remote FM; both are queued here and applied from a work item, never
 * from an interrupt or under the mailbox mutex.  Only a change that says
 * the device is gone or there is acted on; the rest is notified.  See
 * Documentation/design.md ("In-band hierarchy updates") for the vPPB
 * mapping, the policy and the ordering against CCI removal.
 */
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/cxlfm.h>

#include "compat.h"
#include "cxlfm.h"
#include "inband.h"
#include "fmapi/fmapi.h"
#include "fmapi/fmapi_cmds.h"
#include "fmapi/fmapi_events.h"

/* From the CXL core (drivers/cxl/core/port.c): re-attach CXL ports/memdevs. */
void cxl_bus_rescan(void);
CXLFM_IMPORT_NS_CXL;

static const char * const cxlfm_policy_names[] = {
	[CXLFM_INBAND_POLICY_AUTO] = "auto",
	[CXLFM_INBAND_POLICY_NOTIFY] = "notify",
	[CXLFM_INBAND_POLICY_OFF] = "off",
	[CXLFM_INBAND_POLICY_FORCE] = "force",
	[CXLFM_INBAND_POLICY_REMOTE] = "remote",
};

static const char * const cxlfm_change_names[] = {
	[CXLFM_FABRIC_CHANGE_BIND] = "bind",
	[CXLFM_FABRIC_CHANGE_UNBIND] = "unbind",
	[CXLFM_FABRIC_CHANGE_LINK_UP] = "link_up",
	[CXLFM_FABRIC_CHANGE_LINK_DOWN] = "link_down",
	[CXLFM_FABRIC_CHANGE_BINDING_OTHER] = "binding_other",
	[CXLFM_FABRIC_CHANGE_LINK_OTHER] = "link_other",
};

static const char * const cxlfm_action_names[] = {
	[CXLFM_FABRIC_ACTION_NONE] = "none",
	[CXLFM_FABRIC_ACTION_NOTIFIED] = "notified",
	[CXLFM_FABRIC_ACTION_REMOVED] = "removed",
	[CXLFM_FABRIC_ACTION_RESCANNED] = "rescanned",
};

static const char * const cxlfm_reason_names[] = {
	[CXLFM_INBAND_REASON_NONE] = "none",
	[CXLFM_INBAND_REASON_NO_USP] = "no-usp",
	[CXLFM_INBAND_REASON_NO_VCS_INFO] = "no-vcs-info",
	[CXLFM_INBAND_REASON_NO_HOST_VCS] = "no-host-vcs",
};

static unsigned int cxlfm_inband_default = CXLFM_INBAND_POLICY_AUTO;

static int cxlfm_policy_param_set(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(cxlfm_policy_names, val);

	if (i < 0)
		return i;
	WRITE_ONCE(cxlfm_inband_default, i);
	return 0;
}

static int cxlfm_policy_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  cxlfm_policy_names[READ_ONCE(cxlfm_inband_default)]);
}

static const struct kernel_param_ops cxlfm_policy_param_ops = {
	.set = cxlfm_policy_param_set,
	.get = cxlfm_policy_param_get,
};
module_param_cb(inband_policy, &cxlfm_policy_param_ops, NULL, 0644);
MODULE_PARM_DESC(inband_policy,
		 "In-band policy of new CCIs: auto (default), notify, off, force or remote");

/* Ordered: one change at a time, in the order they were learnt. */
static struct workqueue_struct *cxlfm_inband_wq;

/**
 * struct cxlfm_inband_item - one fabric change waiting for the work item
 * @node: in &cxlfm_cci.inband_queue
 * @rep: the change
 */
struct cxlfm_inband_item {
	struct list_head node;
	struct cxlfm_fabric_report rep;
};

const char *cxlfm_inband_policy_name(u8 policy)
{
	return policy < ARRAY_SIZE(cxlfm_policy_names) ?
	       cxlfm_policy_names[policy] : "?";
}

int cxlfm_inband_policy_parse(const char *s)
{
	return sysfs_match_string(cxlfm_policy_names, s);
}

/*
 * Why no change can be acted on, whatever the policy (enum
 * cxlfm_inband_reason).  To act, the host must know which of its
 * downstream ports stands for a vPPB: that needs its switch upstream port
 * from the transport and its VCS from Get Virtual CXL Switch Info, which a
 * switch implementing part of the FM-API may leave out of its CEL.  All
 * three are settled when the CCI registers.
 */
static u8 cxlfm_inband_limit(struct cxlfm_cci *cci)
{
	if (!cci->usp)
		return CXLFM_INBAND_REASON_NO_USP;
	if (!cxlfm_cci_supports(cci, FMAPI_OP_GET_VCS_INFO, NULL))
		return CXLFM_INBAND_REASON_NO_VCS_INFO;
	if (cci->host_vcs < 0)
		return CXLFM_INBAND_REASON_NO_HOST_VCS;
	return CXLFM_INBAND_REASON_NONE;
}

/**
 * cxlfm_inband_effective() - what the host does about fabric changes
 * @cci: the CCI
 * @reason: receives why auto or force only notify (enum
 *	cxlfm_inband_reason), %CXLFM_INBAND_REASON_NONE if the policy decides
 *
 * Return: the policy in effect (enum cxlfm_inband_policy): the CCI's
 * setting, or notify where the setting would act and the host cannot.
 */
u8 cxlfm_inband_effective(struct cxlfm_cci *cci, u8 *reason)
{
	u8 policy = READ_ONCE(cci->inband_policy);

	*reason = CXLFM_INBAND_REASON_NONE;
	if (policy != CXLFM_INBAND_POLICY_AUTO &&
	    policy != CXLFM_INBAND_POLICY_FORCE &&
	    policy != CXLFM_INBAND_POLICY_REMOTE)
		return policy;
	*reason = cxlfm_inband_limit(cci);
	return *reason ? CXLFM_INBAND_POLICY_NOTIFY : policy;
}

/**
 * cxlfm_inband_effective_show() - sysfs inband_effective
 * @cci: the CCI
 * @buf: the sysfs page
 *
 * "POLICY" when the setting is what the host does, else "notify REASON".
 *
 * Return: the length written.
 */
ssize_t cxlfm_inband_effective_show(struct cxlfm_cci *cci, char *buf)
{
	u8 reason, policy = cxlfm_inband_effective(cci, &reason);

	if (!reason)
		return sysfs_emit(buf, "%s\n", cxlfm_inband_policy_name(policy));
	return sysfs_emit(buf, "%s %s\n", cxlfm_inband_policy_name(policy),
			  cxlfm_reason_names[reason]);
}

/*
 * Get Virtual CXL Switch Info (CXL r3.1 §7.6.7.2.1) for VCSs @first to
 * @first + @nr - 1, vPPBs @start to @start + @limit - 1 of each.  The
 * caller sizes @nr and @limit so that the response fits the payload.
 * Return: 0, or a negative errno.
 */
static int cxlfm_vcs_info(struct cxlfm_cci *cci, unsigned int first,
			  unsigned int nr, u8 start, u8 limit,
			  struct fmapi_get_vcs_info_rsp *rsp)
{
	struct fmapi_get_vcs_info_req req = { .start_vppb = start,
					      .vppb_limit = limit };
	void *buf = kvmalloc(cci->payload_size, GFP_KERNEL);
	u8 *ids = kcalloc(nr, sizeof(*ids), GFP_KERNEL);
	unsigned int i;
	int rc = -ENOMEM;

	if (!buf || !ids)
		goto out;
	for (i = 0; i < nr; i++)
		ids[i] = first + i;
	req.num_vcs = nr;
	req.vcs_ids = ids;
	req.vcs_ids_cap = nr;
	rsp->start_vppb = start;
	rsp->vppb_limit = limit;
	rc = cxlfm_call(cci, FMAPI_OP_GET_VCS_INFO, &req, rsp, buf);
out:
	kfree(ids);
	kvfree(buf);
	return rc;
}

/* A response's header, then per VCS a block header and 4 bytes a vPPB. */
#define CXLFM_VCS_INFO_HDR	4
#define CXLFM_VCS_BLOCK_HDR	4

/*
 * The host's VCS is the one whose USP is the port Identify Switch Device
 * (CXL r3.1 §7.6.7.1.1) was received on: the port this host sits behind.
 * Asked a payload's worth of VCSs at a time, one vPPB each.
 */
static int cxlfm_find_host_vcs(struct cxlfm_cci *cci)
{
	unsigned int per = min_t(size_t, U8_MAX,
				 (cci->payload_size - CXLFM_VCS_INFO_HDR) /
				 (CXLFM_VCS_BLOCK_HDR + FMAPI_VPPB_INFO_SIZE));
	struct fmapi_get_vcs_info_rsp rsp = { .vcs_cap = per,
					      .vppbs_cap = per };
	unsigned int first, i;
	int vcs = -1;

	rsp.vcs = kcalloc(per, sizeof(*rsp.vcs), GFP_KERNEL);
	rsp.vppbs = kcalloc(per, sizeof(*rsp.vppbs), GFP_KERNEL);
	for (first = 0; rsp.vcs && rsp.vppbs && vcs < 0 &&
	     first < cci->num_vcs; first += per) {
		if (cxlfm_vcs_info(cci, first, min(per, cci->num_vcs - first),
				   0, 1, &rsp))
			break;
		for (i = 0; i < rsp.num_vcs && vcs < 0; i++)
			if (rsp.vcs[i].vcs_state == FMAPI_VCS_ENABLED &&
			    rsp.vcs[i].usp_id == cci->ingress_port)
				vcs = rsp.vcs[i].vcs_id;
	}
	kfree(rsp.vcs);
	kfree(rsp.vppbs);
	return vcs;
}

/*
 * The vPPB of the host's VCS bound to physical port @port, or -ENOENT.
 * Only the host's VCS is asked, a payload's worth of vPPBs at a time.
 */
static int cxlfm_vppb_of_port(struct cxlfm_cci *cci, u8 port)
{
	u8 limit = min_t(size_t, U8_MAX,
			 (cci->payload_size - CXLFM_VCS_INFO_HDR -
			  CXLFM_VCS_BLOCK_HDR) / FMAPI_VPPB_INFO_SIZE);
	struct fmapi_get_vcs_info_rsp rsp = { .vcs_cap = 1,
					      .vppbs_cap = limit };
	const struct fmapi_vcs_info *v;
	unsigned int start, i;
	int vppb = -ENOENT;

	rsp.vcs = kcalloc(1, sizeof(*rsp.vcs), GFP_KERNEL);
	rsp.vppbs = kcalloc(limit, sizeof(*rsp.vppbs), GFP_KERNEL);
	v = rsp.vcs;
	for (start = 0; rsp.vcs && rsp.vppbs && vppb < 0 && start <= U8_MAX;
	     start += limit) {
		if (cxlfm_vcs_info(cci, cci->host_vcs, 1, start, limit, &rsp) ||
		    rsp.num_vcs != 1)
			break;
		for (i = 0; i < v->nr_vppb_entries; i++)
			if (fmapi_vppb_has_port(rsp.vppbs[v->vppb_first + i].binding_status) &&
			    rsp.vppbs[v->vppb_first + i].bound_port_id == port) {
				vppb = start + i;
				break;
			}
		if (start + v->nr_vppb_entries >= v->num_vppbs)
			break;
	}
	kfree(rsp.vcs);
	kfree(rsp.vppbs);
	return vppb;
}

static bool cxlfm_is_dsp(struct pci_dev *pdev)
{
	return pci_is_pcie(pdev) &&
	       pci_pcie_type(pdev) == PCI_EXP_TYPE_DOWNSTREAM;
}

/*
 * vPPB i of the host's VCS is the i-th downstream port below the host's
 * switch upstream port in device/function order.  Call with the PCI
 * rescan/remove lock held.  Return: the bridge with a reference, or NULL.
 */
static struct pci_dev *cxlfm_vppb_bridge_locked(struct cxlfm_cci *cci, u8 vppb)
{
	struct pci_dev *pdev, *other;
	unsigned int rank;

	if (!cci->usp || !cci->usp->subordinate)
		return NULL;
	list_for_each_entry(pdev, &cci->usp->subordinate->devices, bus_list) {
		if (!cxlfm_is_dsp(pdev))
			continue;
		rank = 0;
		list_for_each_entry(other, &cci->usp->subordinate->devices, bus_list)
			if (cxlfm_is_dsp(other) && other->devfn < pdev->devfn)
				rank++;
		if (rank == vppb)
			return pci_dev_get(pdev);
	}
	return NULL;
}

/**
 * cxlfm_inband_check() - whether a change names a vPPB of this host
 * @cci: the CCI
 * @vcs: the VCS
 * @vppb: the vPPB
 *
 * A switch without Get Virtual CXL Switch Info cannot say which VCS is
 * this host's: its reports are taken, and only notified.
 *
 * Return: 0, -ENOENT if this host's VCS is unknown or another one, or
 * -ENXIO if no downstream port of the host stands for @vppb.
 */
int cxlfm_inband_check(struct cxlfm_cci *cci, u8 vcs, u8 vppb)
{
	struct pci_dev *bridge;

	if (cxlfm_inband_limit(cci) == CXLFM_INBAND_REASON_NO_VCS_INFO)
		return 0;
	if (cci->host_vcs < 0 || vcs != cci->host_vcs)
		return -ENOENT;
	pci_lock_rescan_remove();
	bridge = cxlfm_vppb_bridge_locked(cci, vppb);
	pci_unlock_rescan_remove();
	pci_dev_put(bridge);
	return bridge ? 0 : -ENXIO;
}

/*
 * PCIe native hotplug owns the slot below @bridge when pciehp is built, the
 * port's slot is hotplug capable (Slot Capabilities, PCIe r6.0 §7.5.3.9)
 * and the OS has native hotplug control of the hierarchy (the host
 * bridge's native_pcie_hotplug, from _OSC): the test pciehp_is_native()
 * makes, which is not exported.  Not seen from here: pcie_ports=native,
 * which makes the port driver take hotplug whatever _OSC said.
 */
static bool cxlfm_pciehp_owns(struct pci_dev *bridge)
{
	u32 sltcap;

	if (!IS_ENABLED(CONFIG_HOTPLUG_PCI_PCIE) ||
	    pcie_capability_read_dword(bridge, PCI_EXP_SLTCAP, &sltcap) ||
	    !(sltcap & PCI_EXP_SLTCAP_HPC))
		return false;
	return pci_find_host_bridge(bridge->bus)->native_pcie_hotplug;
}

/* The device below is gone: an unbind, or a link in Detect or Disabled. */
static bool cxlfm_change_removes(u8 change)
{
	return change == CXLFM_FABRIC_CHANGE_UNBIND ||
	       change == CXLFM_FABRIC_CHANGE_LINK_DOWN;
}

/* The device below is there: a bind, or a link in L0. */
static bool cxlfm_change_rescans(u8 change)
{
	return change == CXLFM_FABRIC_CHANGE_BIND ||
	       change == CXLFM_FABRIC_CHANGE_LINK_UP;
}

/*
 * Whether @r is acted on below @bridge or only notified.  Every reason to
 * notify only is decided here: a change that does not say whether the
 * device is there (binding-other, link-other), the notify policy, the
 * switch's own record under the remote policy, and under the auto and
 * remote policies a slot that PCIe native hotplug owns.
 */
static bool cxlfm_inband_acts(u8 policy, const struct cxlfm_fabric_report *r,
			      struct pci_dev *bridge)
{
	if (!cxlfm_change_removes(r->change) && !cxlfm_change_rescans(r->change))
		return false;
	if (policy == CXLFM_INBAND_POLICY_NOTIFY)
		return false;
	if (policy == CXLFM_INBAND_POLICY_REMOTE &&
	    r->source != CXLFM_FABRIC_SOURCE_REPORT)
		return false;
	return policy == CXLFM_INBAND_POLICY_FORCE || !cxlfm_pciehp_owns(bridge);
}

/*
 * Remove (as pciehp does, last device first) or rescan what is below
 * @bridge.  Devices pciehp already removed are simply not there: nothing is
 * removed twice.  Call with the PCI rescan/remove lock held.
 */
static u8 cxlfm_apply_locked(struct pci_dev *bridge, u8 change)
{
	struct pci_bus *bus = bridge->subordinate;
	struct pci_dev *pdev, *tmp;

	if (!bus)
		return CXLFM_FABRIC_ACTION_NONE;
	if (cxlfm_change_removes(change)) {
		list_for_each_entry_safe_reverse(pdev, tmp, &bus->devices, bus_list)
			pci_stop_and_remove_bus_device(pdev);
		return CXLFM_FABRIC_ACTION_REMOVED;
	}
	pci_rescan_bus(bus);
	return CXLFM_FABRIC_ACTION_RESCANNED;
}

/* KOBJ_CHANGE on the CCI's device, with variables naming the change. */
static void cxlfm_inband_uevent(struct cxlfm_cci *cci,
				const struct cxlfm_fabric_report *r, u8 action,
				const char *pci_dev)
{
	char change[32], source[32], vcs[24], vppb[24], act[32], dev[48];
	char raw[32];
	char *envp[8];
	int n = 0;

	snprintf(change, sizeof(change), "CXLFM_CHANGE=%s",
		 cxlfm_change_names[r->change]);
	snprintf(source, sizeof(source), "CXLFM_SOURCE=%s",
		 r->source == CXLFM_FABRIC_SOURCE_EVENT ? "event" : "report");
	snprintf(vcs, sizeof(vcs), "CXLFM_VCS=%u", r->vcs);
	snprintf(vppb, sizeof(vppb), "CXLFM_VPPB=%u", r->vppb);
	snprintf(act, sizeof(act), "CXLFM_ACTION=%s", cxlfm_action_names[action]);
	snprintf(dev, sizeof(dev), "CXLFM_PCI_DEV=%s", pci_dev);
	snprintf(raw, sizeof(raw), "%s=%u",
		 cxlfm_change_is_link(r->change) ? "CXLFM_LTSSM_STATE" :
						   "CXLFM_BINDING_STATUS",
		 r->raw);
	envp[n++] = change;
	envp[n++] = source;
	envp[n++] = vcs;
	envp[n++] = vppb;
	envp[n++] = act;
	if (*pci_dev)
		envp[n++] = dev;
	if (r->has_raw)
		envp[n++] = raw;
	envp[n] = NULL;
	kobject_uevent_env(&cci->dev.kobj, KOBJ_CHANGE, envp);
}

/*
 * Apply one change: the policy, the mapping, then PCI and CXL, then tell
 * userspace.  From the dying check on, the work holds @cci->inband_rwsem
 * for read, so that removal does not announce the CCI gone while this
 * change is still being announced (cxlfm_inband_stop()).
 */
static void cxlfm_inband_apply(struct cxlfm_cci *cci,
			       struct cxlfm_fabric_report *r)
{
	u8 reason, policy = cxlfm_inband_effective(cci, &reason);
	u8 action = CXLFM_FABRIC_ACTION_NONE;
	char pci_dev[32] = "";
	struct pci_dev *bridge = NULL;
	int vppb;

	if (policy == CXLFM_INBAND_POLICY_OFF)
		return;
	/* A link event names a port: find the vPPB bound to it. */
	if (!r->has_vppb && cci->host_vcs >= 0) {
		vppb = cxlfm_vppb_of_port(cci, r->port);
		if (vppb >= 0) {
			r->vcs = cci->host_vcs;
			r->vppb = vppb;
			r->has_vppb = true;
		}
	}

	pci_lock_rescan_remove();
	/* inside the rescan lock: removal may hold that when it takes ours */
	down_read(&cci->inband_rwsem);
	if (READ_ONCE(cci->dying)) {
		pci_unlock_rescan_remove();
		goto out;
	}
	if (r->has_vppb && r->vcs == cci->host_vcs)
		bridge = cxlfm_vppb_bridge_locked(cci, r->vppb);
	if (bridge) {
		strscpy(pci_dev, pci_name(bridge), sizeof(pci_dev));
		if (cxlfm_inband_acts(policy, r, bridge))
			action = cxlfm_apply_locked(bridge, r->change);
		else
			action = CXLFM_FABRIC_ACTION_NOTIFIED;
	} else if (cxlfm_inband_limit(cci) == CXLFM_INBAND_REASON_NO_VCS_INFO) {
		/* It may be this host's vPPB: nobody can tell. */
		action = CXLFM_FABRIC_ACTION_NOTIFIED;
	}
	pci_unlock_rescan_remove();
	pci_dev_put(bridge);

	if (action == CXLFM_FABRIC_ACTION_REMOVED ||
	    action == CXLFM_FABRIC_ACTION_RESCANNED)
		cxl_bus_rescan();
	/*
	 * A removal that began meanwhile waits for us, unless our own PCI
	 * removal ran it (it took this CCI's transport away): that one has
	 * announced the CCI gone already.  Either way, nothing more of it.
	 */
	if (READ_ONCE(cci->dying))
		goto out;
	dev_dbg(&cci->dev, "%s vcs %u vppb %u (%s): %s\n",
		cxlfm_change_names[r->change], r->vcs, r->vppb, pci_dev,
		cxlfm_action_names[action]);
	cxlfm_inband_uevent(cci, r, action, pci_dev);
	cxlfm_nl_hierarchy_notify(cci, r, action, pci_dev, reason);
out:
	up_read(&cci->inband_rwsem);
}

static void cxlfm_inband_work(struct work_struct *work)
{
	struct cxlfm_cci *cci = container_of(work, struct cxlfm_cci, inband_work);
	struct cxlfm_inband_item *it;

	lockdep_assert_not_held(&cci->mbox_mutex);
	for (;;) {
		spin_lock(&cci->inband_lock);
		it = list_first_entry_or_null(&cci->inband_queue,
					      struct cxlfm_inband_item, node);
		if (it)
			list_del(&it->node);
		spin_unlock(&cci->inband_lock);
		if (!it)
			break;
		cxlfm_inband_apply(cci, &it->rep);
		kfree(it);
	}
	/* The reference taken when the work was queued. */
	put_device(&cci->dev);
}

/**
 * cxlfm_inband_report() - learn a fabric change under a vPPB
 * @cci: the switch's CCI
 * @r: the change; @r->has_vppb false for a link change known by port only
 *
 * Queues the change for the in-band work item, which applies the CCI's
 * policy.  Callable from process context, never under the mailbox mutex.
 *
 * Return: 0, -ENODEV if the CCI is going away, or -ENOMEM.
 */
int cxlfm_inband_report(struct cxlfm_cci *cci,
			const struct cxlfm_fabric_report *r)
{
	struct cxlfm_inband_item *it = kmalloc(sizeof(*it), GFP_KERNEL);
	int rc = 0;

	if (!it)
		return -ENOMEM;
	it->rep = *r;
	spin_lock(&cci->inband_lock);
	if (READ_ONCE(cci->dying)) {
		rc = -ENODEV;
	} else {
		list_add_tail(&it->node, &cci->inband_queue);
		if (queue_work(cxlfm_inband_wq, &cci->inband_work))
			get_device(&cci->dev);
		it = NULL;
	}
	spin_unlock(&cci->inband_lock);
	kfree(it);
	return rc;
}

/*
 * A vPPB binding status (Get Virtual CXL Switch Info, CXL r3.1 §7.6.7.2.1,
 * also carried by the Virtual CXL Switch event record, §7.6.8): Unbound
 * (0) means the device below is gone, Bound Physical Port, Bound LD and
 * Bound PID (2-4) that it is there.  Bind or Unbind in Progress (1) and the
 * reserved values (5-255) say neither.
 */
static u8 cxlfm_binding_change(u8 status)
{
	if (status == FMAPI_VPPB_UNBOUND)
		return CXLFM_FABRIC_CHANGE_UNBIND;
	if (fmapi_vppb_is_bound(status))
		return CXLFM_FABRIC_CHANGE_BIND;
	return CXLFM_FABRIC_CHANGE_BINDING_OTHER;
}

/*
 * An LTSSM state (Get Physical Port State, CXL r3.1 §7.6.7.1.2, also
 * carried by the Physical Switch event record, §7.6.8): Detect and
 * Disabled mean the link is gone, L0 that it is up.  Polling,
 * Configuration, Recovery, L0s, L1, L2, Loopback and Hot Reset are states
 * a working link passes through or rests in, and the rest are reserved:
 * none of them says whether the device is there.
 */
static u8 cxlfm_link_change(u8 ltssm)
{
	switch (ltssm) {
	case FMAPI_LTSSM_DETECT:
	case FMAPI_LTSSM_DISABLED:
		return CXLFM_FABRIC_CHANGE_LINK_DOWN;
	case FMAPI_LTSSM_L0:
		return CXLFM_FABRIC_CHANGE_LINK_UP;
	default:
		return CXLFM_FABRIC_CHANGE_LINK_OTHER;
	}
}

/**
 * cxlfm_inband_event() - feed a decoded event record to the in-band engine
 * @cci: the CCI the record came from
 * @ev: the record
 *
 * Virtual CXL Switch binding changes and Physical Switch link state changes
 * (CXL r3.1 §7.6.8 event records) are fabric changes; the rest is not.
 * Those whose status or state says neither gone nor there are counted in
 * @cci->inband_ambiguous and only notified.
 */
void cxlfm_inband_event(struct cxlfm_cci *cci, const struct fmapi_event *ev)
{
	struct cxlfm_fabric_report r = {
		.source = CXLFM_FABRIC_SOURCE_EVENT,
		.has_raw = true,
	};

	switch (ev->kind) {
	case FMAPI_EVENT_VIRT_SWITCH:
		if (ev->vcs.event_type != FMAPI_VCS_EVT_BINDING_CHANGE)
			return;
		r.raw = ev->vcs.binding_status;
		r.change = cxlfm_binding_change(r.raw);
		r.vcs = ev->vcs.vcs_id;
		r.vppb = ev->vcs.vppb_id;
		r.has_vppb = true;
		r.port = ev->vcs.bound_port_id;
		r.ld = ev->vcs.bound_ld_id == FMAPI_VPPB_LD_NONE ?
		       CXLFM_LD_NONE : ev->vcs.bound_ld_id;
		break;
	case FMAPI_EVENT_PHYS_SWITCH:
		if (ev->ps.event_type != FMAPI_PS_EVT_LINK_STATE)
			return;
		r.raw = ev->ps.ltssm_state;
		r.change = cxlfm_link_change(r.raw);
		r.port = ev->ps.port_id;
		r.ld = CXLFM_LD_NONE;
		break;
	default:
		return;
	}
	if (r.change == CXLFM_FABRIC_CHANGE_BINDING_OTHER ||
	    r.change == CXLFM_FABRIC_CHANGE_LINK_OTHER)
		atomic_long_inc(&cci->inband_ambiguous);
	cxlfm_inband_report(cci, &r);
}

/**
 * cxlfm_inband_init() - set up a new CCI's in-band updates
 * @cci: the CCI, identified, not yet visible
 *
 * Finds the host's switch upstream port through the transport and the VCS
 * it belongs to; without them every change is notified with no action.
 */
void cxlfm_inband_init(struct cxlfm_cci *cci)
{
	cci->inband_policy = READ_ONCE(cxlfm_inband_default);
	cci->host_vcs = -1;
	spin_lock_init(&cci->inband_lock);
	INIT_LIST_HEAD(&cci->inband_queue);
	INIT_WORK(&cci->inband_work, cxlfm_inband_work);
	init_rwsem(&cci->inband_rwsem);
	atomic_long_set(&cci->inband_ambiguous, 0);
	if (cci->ops->usp)
		cci->usp = cci->ops->usp(cci);
	if (cci->usp && cci->is_switch && cci->num_vcs &&
	    cxlfm_cci_supports(cci, FMAPI_OP_GET_VCS_INFO, NULL))
		cci->host_vcs = cxlfm_find_host_vcs(cci);
	if (cci->usp)
		dev_dbg(&cci->dev, "host behind %s, VCS %d\n",
			pci_name(cci->usp), cci->host_vcs);
}

/**
 * cxlfm_inband_stop() - finish the in-band work of a CCI being removed
 * @cci: the CCI, already marked dying
 *
 * Drops the changes not applied yet and cancels a pending work item.  A
 * running one that has not passed its dying check yet will find the CCI
 * dying and do nothing; one that has is applying and announcing a change
 * under @cci->inband_rwsem, and this waits for it, so that nothing of the
 * CCI is announced after its removal.  The work item takes the rwsem inside
 * the PCI rescan lock and never waits for that lock while holding it, so
 * this may be called with the rescan lock held (a PCI removal of the
 * transport's function) or without.
 */
void cxlfm_inband_stop(struct cxlfm_cci *cci)
{
	struct work_struct *cur = current_work();
	struct cxlfm_inband_item *it, *tmp;
	LIST_HEAD(drop);

	spin_lock(&cci->inband_lock);
	list_splice_init(&cci->inband_queue, &drop);
	spin_unlock(&cci->inband_lock);
	list_for_each_entry_safe(it, tmp, &drop, node)
		kfree(it);
	if (cancel_work(&cci->inband_work))
		put_device(&cci->dev);
	/*
	 * Called by an in-band work item, whose removal of devices below a
	 * vPPB took this CCI's transport away: the ordered workqueue runs one
	 * item at a time, so no other item of @cci is announcing, and if the
	 * running one is @cci's own, it holds the rwsem and announces nothing
	 * once it sees the CCI dying.
	 */
	if (cur && cur->func == cxlfm_inband_work)
		return;
	down_write(&cci->inband_rwsem);
	up_write(&cci->inband_rwsem);
}

void cxlfm_inband_free(struct cxlfm_cci *cci)
{
	pci_dev_put(cci->usp);
}

int __init cxlfm_inband_wq_init(void)
{
	cxlfm_inband_wq = alloc_ordered_workqueue("cxlfm_inband", 0);
	return cxlfm_inband_wq ? 0 : -ENOMEM;
}

/* Waits for the work items still running for CCIs already gone. */
void cxlfm_inband_wq_exit(void)
{
	destroy_workqueue(cxlfm_inband_wq);
}
