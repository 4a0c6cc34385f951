// SPDX-License-Identifier: GPL-2.0
/*
 * In-band hierarchy updates on the QEMU switch's hotplug=off downstream
 * port: a simulated switch CCI stands for the real switch (usp=), so that
 * unbinding its vPPB 0 must remove the type-3 below the real dsp0 and
 * binding it must bring it back, with the CXL objects, a KOBJ_CHANGE
 * uevent and the netlink notifications in order.  Also: a userspace
 * fabric report has the same effect, bad reports and settings are refused
 * with a reason, the notify and off policies leave the device alone, the
 * remote policy acts on a remote FM's reports only, and
 * a record whose binding status or link state says neither gone nor there
 * is notified with its raw value and counted, and leaves the device alone.
 */
#include <fcntl.h>
#include <sys/wait.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "kselftest_harness.h"
#include "inband_util.h"

#define ID	71
#define SERIAL	"0x100"		/* the type-3 below dsp0 */

FIXTURE(inband)
{
	char usp[256], dsp[256], below[256];
	int cci, uevent, endpoints;
	uint32_t seq;
	struct cxlfm_ctx *ctx;
	struct cxlfm_events *ev;
};

FIXTURE_SETUP(inband)
{
	char spec[384], map[600], want[300], other[256];

	ASSERT_EQ(0, sim_load());
	ASSERT_EQ(0, find_pci(QEMU_USP_ID, 0, self->usp, sizeof(self->usp)));
	ASSERT_EQ(0, find_pci(QEMU_DSP_ID, 0, self->dsp, sizeof(self->dsp)));
	ASSERT_EQ(0, pci_below(self->dsp, self->below, sizeof(self->below)));
	ASSERT_EQ(0, wait_cxl(SERIAL, true, cxl_count("endpoint"), 10000));
	self->endpoints = cxl_count("endpoint");
	snprintf(spec, sizeof(spec),
		 "%d ports=4 vcs=1 vppbs=2 bg_ms=20 event_irq=1 usp=%s",
		 ID, self->usp);
	ASSERT_EQ(0, sim_new(spec));
	self->cci = sim_cci(ID);
	ASSERT_LE(0, self->cci);
	/* vPPB 0 is dsp0, the first downstream port in device order. */
	ASSERT_EQ(0, sysfs_read(SIM_BUS "/devices/sim71/vppb_map", map, sizeof(map)));
	ASSERT_EQ(1, sscanf(map, "0 %255s", other));
	snprintf(want, sizeof(want), "0 %s", self->dsp);
	ASSERT_EQ(0, strncmp(map, want, strlen(want)));
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	ASSERT_EQ(0, cxlfm_events_open(self->ctx, &self->ev));
	self->uevent = uevent_open();
	ASSERT_LE(0, self->uevent);
}

FIXTURE_TEARDOWN(inband)
{
	close(self->uevent);
	cxlfm_events_close(self->ev);
	cxlfm_unref(self->ctx);
	sim_del(ID);
	/* Leave the type-3 in place for the next test whatever happened. */
	if (wait_below(self->dsp, true, 10))
		sysfs_write("/sys/bus/pci/rescan", "1");
}

/* The next event of ours of @type, with the next sequence number. */
static int expect(struct __test_metadata *_metadata,
		  FIXTURE_DATA(inband) *self, enum cxlfm_event_type type,
		  struct cxlfm_event *e)
{
	int rc = next_event(self->ev, self->cci, type, e, 15000);

	EXPECT_EQ(0, rc);
	if (rc)
		return rc;
	/* no gap (the library counts every notification), and in order */
	EXPECT_EQ(0, e->missed);
	if (self->seq)
		EXPECT_LT(self->seq, e->seq);
	self->seq = e->seq;
	return 0;
}

/* The VCS record of vPPB 0, then the host's action on it. */
static void expect_change(struct __test_metadata *_metadata,
			  FIXTURE_DATA(inband) *self, uint8_t change,
			  uint8_t source, uint8_t action)
{
	struct cxlfm_event e;

	if (source == CXLFM_FABRIC_SOURCE_EVENT) {
		ASSERT_EQ(0, expect(_metadata, self, CXLFM_EVENT_RECORD, &e));
		EXPECT_EQ(CXLFM_EVENT_KIND_VIRTUAL_SWITCH, e.record.kind);
		EXPECT_EQ(0, e.record.vppb_id);
		EXPECT_EQ(change == CXLFM_FABRIC_CHANGE_BIND ? 2 : 0,
			  e.record.binding_status);
	}
	ASSERT_EQ(0, expect(_metadata, self, CXLFM_EVENT_HIERARCHY, &e));
	EXPECT_EQ(change, e.hierarchy.change);
	EXPECT_EQ(source, e.hierarchy.source);
	EXPECT_TRUE(e.hierarchy.has_vppb);
	EXPECT_EQ(0, e.hierarchy.vcs_id);
	EXPECT_EQ(0, e.hierarchy.vppb_id);
	EXPECT_EQ(action, e.hierarchy.action);
	EXPECT_STREQ(self->dsp, e.hierarchy.pci_dev);
}

static int report(FIXTURE_DATA(inband) *self, uint8_t change, uint8_t vcs,
		  uint8_t vppb)
{
	struct cxlfm_fabric_report r = {
		.change = change, .vcs_id = vcs, .vppb_id = vppb,
	};

	return cxlfm_fabric_notify(self->ctx, self->cci, &r);
}

TEST_F_TIMEOUT(inband, unbind_removes_and_bind_restores, 120)
{
	const char *unbind[] = { "CXLFM_CHANGE=unbind", "CXLFM_SOURCE=event",
				 "CXLFM_VCS=0", "CXLFM_VPPB=0",
				 "CXLFM_ACTION=removed", NULL };
	const char *bind[] = { "CXLFM_CHANGE=bind", "CXLFM_VPPB=0",
			       "CXLFM_ACTION=rescanned", NULL };
	char dev[300], path[PATH_MAX];
	struct cxlfm_cci_info info;

	ASSERT_EQ(0, cxlfm_cci_get(self->ctx, self->cci, &info));
	EXPECT_EQ(CXLFM_INBAND_POLICY_AUTO, info.inband_policy);

	ASSERT_EQ(0, vppb_set(self->ctx, self->cci, 0, -1));
	EXPECT_EQ(0, wait_below(self->dsp, false, 15000));
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", self->below);
	EXPECT_FALSE(path_exists(path));
	EXPECT_EQ(0, wait_cxl(SERIAL, false, self->endpoints - 1, 15000));
	expect_change(_metadata, self, CXLFM_FABRIC_CHANGE_UNBIND,
		      CXLFM_FABRIC_SOURCE_EVENT, CXLFM_FABRIC_ACTION_REMOVED);
	snprintf(dev, sizeof(dev), "CXLFM_PCI_DEV=%s", self->dsp);
	unbind[4] = dev;	/* the bridge, and the action implied above */
	EXPECT_EQ(0, uevent_wait(self->uevent, self->cci, unbind, 5000));

	ASSERT_EQ(0, vppb_set(self->ctx, self->cci, 0, 1));
	EXPECT_EQ(0, wait_below(self->dsp, true, 15000));
	EXPECT_TRUE(path_exists(path));
	EXPECT_EQ(0, wait_cxl(SERIAL, true, self->endpoints, 30000));
	expect_change(_metadata, self, CXLFM_FABRIC_CHANGE_BIND,
		      CXLFM_FABRIC_SOURCE_EVENT, CXLFM_FABRIC_ACTION_RESCANNED);
	EXPECT_EQ(0, uevent_wait(self->uevent, self->cci, bind, 5000));
}

TEST_F_TIMEOUT(inband, fabric_report_acts_like_the_event, 120)
{
	const char *unbind[] = { "CXLFM_CHANGE=unbind", "CXLFM_SOURCE=report",
				 "CXLFM_ACTION=removed", NULL };

	ASSERT_EQ(0, report(self, CXLFM_FABRIC_CHANGE_UNBIND, 0, 0));
	EXPECT_EQ(0, wait_below(self->dsp, false, 15000));
	EXPECT_EQ(0, wait_cxl(SERIAL, false, self->endpoints - 1, 15000));
	expect_change(_metadata, self, CXLFM_FABRIC_CHANGE_UNBIND,
		      CXLFM_FABRIC_SOURCE_REPORT, CXLFM_FABRIC_ACTION_REMOVED);
	EXPECT_EQ(0, uevent_wait(self->uevent, self->cci, unbind, 5000));

	ASSERT_EQ(0, report(self, CXLFM_FABRIC_CHANGE_BIND, 0, 0));
	EXPECT_EQ(0, wait_below(self->dsp, true, 15000));
	EXPECT_EQ(0, wait_cxl(SERIAL, true, self->endpoints, 30000));
	expect_change(_metadata, self, CXLFM_FABRIC_CHANGE_BIND,
		      CXLFM_FABRIC_SOURCE_REPORT, CXLFM_FABRIC_ACTION_RESCANNED);
}

TEST_F(inband, bad_reports_and_settings_are_refused)
{
	struct cxlfm_fabric_report r = { .change = CXLFM_FABRIC_CHANGE_UNBIND };
	int status;
	pid_t pid;

	EXPECT_EQ(-ENOENT, report(self, CXLFM_FABRIC_CHANGE_UNBIND, 1, 0));
	EXPECT_STREQ("not the VCS of this host's upstream port",
		     cxlfm_last_error(self->ctx));
	EXPECT_EQ(-ENXIO, report(self, CXLFM_FABRIC_CHANGE_UNBIND, 0, 5));
	EXPECT_STREQ("no downstream port of this host for the vPPB",
		     cxlfm_last_error(self->ctx));
	EXPECT_EQ(-ERANGE, report(self, 9, 0, 0));
	EXPECT_EQ(-ERANGE, report(self, 0, 0, 0));
	EXPECT_EQ(-ENODEV, cxlfm_fabric_notify(self->ctx, 9999, &r));
	EXPECT_STREQ("no CCI with this id", cxlfm_last_error(self->ctx));
	EXPECT_EQ(-ERANGE, cxlfm_cci_set_inband_policy(self->ctx, self->cci, 5));
	EXPECT_EQ(-ENODEV, cxlfm_cci_set_inband_policy(self->ctx, 9999, 0));
	EXPECT_STREQ("no CCI with this id", cxlfm_last_error(self->ctx));
	/* Nothing happened to the device below. */
	EXPECT_EQ(0, wait_below(self->dsp, true, 10));

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct cxlfm_ctx *ctx;

		if (drop_cap(CAP_SYS_ADMIN) || cxlfm_new(&ctx))
			_exit(2);
		if (cxlfm_fabric_notify(ctx, self->cci, &r) != -EPERM ||
		    cxlfm_cci_set_inband_policy(ctx, self->cci, 2) != -EPERM)
			_exit(1);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/*
 * A switch with more VCSs than one Get VCS Info can describe on a 256-byte
 * mailbox (40 of them, at most 31 a command): cxlfm still finds this host's
 * VCS, so a report names vPPBs of it (here one with no port of this host).
 */
TEST_F(inband, many_vcs_on_a_small_mailbox_still_find_the_hosts)
{
	char spec[384];

	sim_del(ID);
	snprintf(spec, sizeof(spec),
		 "%d ports=48 vcs=40 vppbs=2 payload=256 usp=%s", ID, self->usp);
	ASSERT_EQ(0, sim_new(spec));
	self->cci = sim_cci(ID);
	ASSERT_LE(0, self->cci);
	EXPECT_EQ(-ENXIO, report(self, CXLFM_FABRIC_CHANGE_UNBIND, 0, 5));
	EXPECT_STREQ("no downstream port of this host for the vPPB",
		     cxlfm_last_error(self->ctx));
	EXPECT_EQ(-ENOENT, report(self, CXLFM_FABRIC_CHANGE_UNBIND, 39, 0));
}

struct nl_err {
	int err;
	char msg[256];
};

static int on_nl_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	size_t off = sizeof(*nlh) + sizeof(*e);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = {};
	struct nl_err *r = arg;

	(void)nla;
	r->err = e->error;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && nlh->nlmsg_len > off &&
	    !nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + off),
		       nlh->nlmsg_len - off, NULL) && tb[NLMSGERR_ATTR_MSG])
		snprintf(r->msg, sizeof(r->msg), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

/* A report without its vPPB, built by hand: the library always sends one. */
TEST_F(inband, report_without_vppb_is_refused)
{
	struct nl_err r = { .err = 1 };
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_msg *m = nlmsg_alloc();
	int one = 1;

	ASSERT_TRUE(sk && m);
	ASSERT_EQ(0, genl_connect(sk));
	/* The reason, after only the request's header echoed back. */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one,
		   sizeof(one));
	nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, on_nl_error, &r);
	ASSERT_TRUE(genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ,
				cxlfm_family_id(self->ctx), 0, 0,
				CXLFM_CMD_FABRIC_NOTIFY, CXLFM_FAMILY_VERSION));
	nla_put_u32(m, CXLFM_A_FABRIC_CCI_ID, self->cci);
	nla_put_u8(m, CXLFM_A_FABRIC_CHANGE, CXLFM_FABRIC_CHANGE_UNBIND);
	nla_put_u8(m, CXLFM_A_FABRIC_VCS_ID, 0);
	ASSERT_LE(0, nl_send_auto(sk, m));
	nl_recvmsgs_default(sk);
	EXPECT_EQ(-EINVAL, r.err);
	EXPECT_STREQ("a fabric report needs change, vcs-id and vppb-id", r.msg);
	nlmsg_free(m);
	nl_socket_free(sk);
	EXPECT_EQ(0, wait_below(self->dsp, true, 10));
}

TEST_F(inband, policy_in_sysfs)
{
	char policy[32], path[PATH_MAX];

	/* The sysfs attribute refuses what netlink's policy refuses. */
	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%d/inband_policy",
		 self->cci);
	EXPECT_EQ(-EINVAL, sysfs_write(path, "sometimes"));
	ASSERT_EQ(0, sysfs_write(path, "force"));
	ASSERT_EQ(0, sysfs_read(path, policy, sizeof(policy)));
	EXPECT_STREQ("force", policy);
	ASSERT_EQ(0, cxlfm_cci_set_inband_policy(self->ctx, self->cci,
						 CXLFM_INBAND_POLICY_AUTO));
	ASSERT_EQ(0, sysfs_read(path, policy, sizeof(policy)));
	EXPECT_STREQ("auto", policy);
}

TEST_F_TIMEOUT(inband, notify_and_off_leave_the_device, 120)
{
	struct cxlfm_event e;

	ASSERT_EQ(0, cxlfm_cci_set_inband_policy(self->ctx, self->cci,
						 CXLFM_INBAND_POLICY_NOTIFY));
	ASSERT_EQ(0, vppb_set(self->ctx, self->cci, 0, -1));
	expect_change(_metadata, self, CXLFM_FABRIC_CHANGE_UNBIND,
		      CXLFM_FABRIC_SOURCE_EVENT, CXLFM_FABRIC_ACTION_NOTIFIED);
	EXPECT_EQ(0, wait_below(self->dsp, true, 10));
	EXPECT_EQ(0, wait_cxl(SERIAL, true, self->endpoints, 10));
	ASSERT_EQ(0, vppb_set(self->ctx, self->cci, 0, 1));
	expect_change(_metadata, self, CXLFM_FABRIC_CHANGE_BIND,
		      CXLFM_FABRIC_SOURCE_EVENT, CXLFM_FABRIC_ACTION_NOTIFIED);

	ASSERT_EQ(0, cxlfm_cci_set_inband_policy(self->ctx, self->cci,
						 CXLFM_INBAND_POLICY_OFF));
	ASSERT_EQ(0, vppb_set(self->ctx, self->cci, 0, -1));
	ASSERT_EQ(0, expect(_metadata, self, CXLFM_EVENT_RECORD, &e));
	/* The record, and no hierarchy notification after it. */
	EXPECT_EQ(-ETIMEDOUT, next_event(self->ev, self->cci, CXLFM_EVENT_HIERARCHY,
					 &e, 1500));
	EXPECT_EQ(0, wait_below(self->dsp, true, 10));
	EXPECT_EQ(0, wait_cxl(SERIAL, true, self->endpoints, 10));
	ASSERT_EQ(0, vppb_set(self->ctx, self->cci, 0, 1));
}

/*
 * The remote policy: the switch's own record of an unbind is only
 * notified (the type-3 stays), a remote FM's report of it removes the
 * type-3, and its report of the bind brings it back.
 */
TEST_F_TIMEOUT(inband, remote_acts_on_reports_only, 120)
{
	ASSERT_EQ(0, cxlfm_cci_set_inband_policy(self->ctx, self->cci,
						 CXLFM_INBAND_POLICY_REMOTE));
	ASSERT_EQ(0, vppb_set(self->ctx, self->cci, 0, -1));
	expect_change(_metadata, self, CXLFM_FABRIC_CHANGE_UNBIND,
		      CXLFM_FABRIC_SOURCE_EVENT, CXLFM_FABRIC_ACTION_NOTIFIED);
	EXPECT_EQ(0, wait_below(self->dsp, true, 10));
	EXPECT_EQ(0, wait_cxl(SERIAL, true, self->endpoints, 10));

	ASSERT_EQ(0, report(self, CXLFM_FABRIC_CHANGE_UNBIND, 0, 0));
	expect_change(_metadata, self, CXLFM_FABRIC_CHANGE_UNBIND,
		      CXLFM_FABRIC_SOURCE_REPORT, CXLFM_FABRIC_ACTION_REMOVED);
	EXPECT_EQ(0, wait_below(self->dsp, false, 15000));
	EXPECT_EQ(0, wait_cxl(SERIAL, false, self->endpoints - 1, 15000));

	ASSERT_EQ(0, vppb_set(self->ctx, self->cci, 0, 1));
	expect_change(_metadata, self, CXLFM_FABRIC_CHANGE_BIND,
		      CXLFM_FABRIC_SOURCE_EVENT, CXLFM_FABRIC_ACTION_NOTIFIED);
	EXPECT_EQ(0, wait_below(self->dsp, false, 10));
	ASSERT_EQ(0, report(self, CXLFM_FABRIC_CHANGE_BIND, 0, 0));
	expect_change(_metadata, self, CXLFM_FABRIC_CHANGE_BIND,
		      CXLFM_FABRIC_SOURCE_REPORT, CXLFM_FABRIC_ACTION_RESCANNED);
	EXPECT_EQ(0, wait_below(self->dsp, true, 15000));
	EXPECT_EQ(0, wait_cxl(SERIAL, true, self->endpoints, 30000));
}

/*
 * A listener of its own for what libcxlfm does not hand out: the raw
 * binding status or LTSSM state of a hierarchy notification.
 */
struct hier_sock {
	struct nl_sock *sk;
};

static int hier_open(struct hier_sock *h)
{
	int grp, bufsz = 4 << 20;

	h->sk = nl_socket_alloc();
	if (!h->sk || genl_connect(h->sk))
		return -EIO;
	grp = genl_ctrl_resolve_grp(h->sk, CXLFM_FAMILY_NAME, CXLFM_MCGRP_EVENTS);
	if (grp < 0 || nl_socket_add_membership(h->sk, grp))
		return -EIO;
	setsockopt(nl_socket_get_fd(h->sk), SOL_SOCKET, SO_RCVBUFFORCE, &bufsz,
		   sizeof(bufsz));
	return 0;
}

/*
 * The next hierarchy notification of CCI @cci within @ms: its change, and
 * the raw value in the attribute @raw_attr (-1 if absent).
 */
static int hier_next(struct hier_sock *h, int cci, int raw_attr, int *change,
		     int *raw, int ms)
{
	struct pollfd p = { .fd = nl_socket_get_fd(h->sk), .events = POLLIN };
	struct nlattr *tb[CXLFM_A_FABRIC_MAX + 1];
	unsigned char buf[65536];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	ssize_t n;

	int len;

	for (; ms > 0; ms -= 20) {
		if (poll(&p, 1, 20) <= 0)
			continue;
		n = recv(p.fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		/* records come several to a datagram, hierarchy changes alone */
		len = n;
		for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, len);
		     nlh = nlmsg_next(nlh, &len)) {
			g = nlmsg_data(nlh);
			if (g->cmd != CXLFM_CMD_HIERARCHY_NTF ||
			    genlmsg_parse(nlh, 0, tb, CXLFM_A_FABRIC_MAX, NULL) ||
			    !tb[CXLFM_A_FABRIC_CCI_ID] || !tb[CXLFM_A_FABRIC_CHANGE] ||
			    (int)nla_get_u32(tb[CXLFM_A_FABRIC_CCI_ID]) != cci)
				continue;
			*change = nla_get_u8(tb[CXLFM_A_FABRIC_CHANGE]);
			*raw = tb[raw_attr] ? nla_get_u8(tb[raw_attr]) : -1;
			return 0;
		}
	}
	return -ETIMEDOUT;
}

static long ambiguous_count(int cci)
{
	char path[PATH_MAX], val[32];

	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%d/inband_ambiguous",
		 cci);
	return sysfs_read(path, val, sizeof(val)) ? -1 : atol(val);
}

/*
 * One record, then its hierarchy notification: the libcxlfm listener sees
 * the record with @raw and the change @change notified at dsp0, the raw
 * listener the same change with @raw in @raw_attr, and the uevent says it.
 * Return: whether all of it held.
 */
static bool expect_ambiguous(struct __test_metadata *_metadata,
			     FIXTURE_DATA(inband) *self, struct hier_sock *h,
			     bool link, int raw)
{
	int change = link ? CXLFM_FABRIC_CHANGE_LINK_OTHER :
			    CXLFM_FABRIC_CHANGE_BINDING_OTHER;
	int raw_attr = link ? CXLFM_A_FABRIC_LTSSM_STATE :
			      CXLFM_A_FABRIC_BINDING_STATUS;
	char rawvar[48], chg[48];
	const char *vars[] = { chg, rawvar, "CXLFM_ACTION=notified", NULL };
	struct cxlfm_event e;
	int got_change = -1, got_raw = -1;
	bool ok;

	if (expect(_metadata, self, CXLFM_EVENT_RECORD, &e)) {
		TH_LOG("%s %d: no record", link ? "LTSSM" : "status", raw);
		return false;
	}
	ok = e.record.kind == (link ? CXLFM_EVENT_KIND_PHYSICAL_SWITCH :
				      CXLFM_EVENT_KIND_VIRTUAL_SWITCH) &&
	     (link ? e.record.raw[0x3f] : e.record.binding_status) == raw;
	if (next_event(self->ev, self->cci, CXLFM_EVENT_HIERARCHY, &e, 5000)) {
		TH_LOG("%s %d: no hierarchy notification", link ? "LTSSM" : "status",
		       raw);
		return false;
	}
	ok = ok && e.hierarchy.change == change &&
	     e.hierarchy.source == CXLFM_FABRIC_SOURCE_EVENT &&
	     e.hierarchy.has_vppb && e.hierarchy.vppb_id == 0 &&
	     e.hierarchy.action == CXLFM_FABRIC_ACTION_NOTIFIED &&
	     !strcmp(self->dsp, e.hierarchy.pci_dev);
	ok = !hier_next(h, self->cci, raw_attr, &got_change, &got_raw, 5000) &&
	     got_change == change && got_raw == raw && ok;
	snprintf(chg, sizeof(chg), "CXLFM_CHANGE=%s",
		 link ? "link_other" : "binding_other");
	snprintf(rawvar, sizeof(rawvar), "%s=%d",
		 link ? "CXLFM_LTSSM_STATE" : "CXLFM_BINDING_STATUS", raw);
	ok = !uevent_wait(self->uevent, self->cci, vars, 5000) && ok;
	if (!ok)
		TH_LOG("%s %d: change %d, action %d at \"%s\", raw attribute %d",
		       link ? "LTSSM" : "status", raw, e.hierarchy.change,
		       e.hierarchy.action, e.hierarchy.pci_dev, got_raw);
	return ok;
}

/*
 * CXL r3.1 §7.6.7.2.1 defines binding statuses 0 (unbound) to 4 (bound
 * PID); 1 (bind or unbind in progress) and the reserved 5-255 say neither
 * that the device below is gone nor that it is there.  Of the LTSSM states
 * (§7.6.7.1.2) only Detect and Disabled say gone and L0 there.  Each other
 * value, injected as a record of vPPB 0 (dsp0, the type-3 below, policy
 * auto), is notified with its raw value and counted; no PCI device leaves.
 */
TEST_F_TIMEOUT(inband, ambiguous_states_are_only_notified, 300)
{
	char path[PATH_MAX], val[16], knob[64];
	struct hier_sock h = {};
	int fd, v, status, n = 0;
	long before;

	ASSERT_EQ(0, hier_open(&h));
	before = ambiguous_count(self->cci);
	/* An open attribute of the type-3 reads -ENODEV once it is removed,
	 * even if a rescan brought the device back. */
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", self->below);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);

	/* reserved 5-255, then in progress (1) */
	for (v = 5; v <= 256; v++) {
		status = v == 256 ? 1 : v;
		snprintf(knob, sizeof(knob), "binding 0 %d 1", status);
		ASSERT_EQ(0, sim_knob(ID, "record", knob));
		ASSERT_TRUE(expect_ambiguous(_metadata, self, &h, false, status));
		n++;
	}
	/* port 1 is bound to vPPB 0 */
	for (v = 0; v <= 255; v++) {
		if (v == 0 || v == 4 || v == 8)
			continue;		/* Detect, L0, Disabled */
		snprintf(knob, sizeof(knob), "ltssm 1 %d 1", v);
		ASSERT_EQ(0, sim_knob(ID, "record", knob));
		ASSERT_TRUE(expect_ambiguous(_metadata, self, &h, true, v));
		n++;
	}

	EXPECT_LE(0, before);
	EXPECT_EQ(before + n, ambiguous_count(self->cci));
	EXPECT_LT(0, pread(fd, val, sizeof(val), 0));
	close(fd);
	EXPECT_EQ(0, wait_below(self->dsp, true, 10));
	EXPECT_EQ(0, wait_cxl(SERIAL, true, self->endpoints, 10));
	nl_socket_free(h.sk);
}

/* Detect and Disabled still remove, L0 still rescans. */
TEST_F_TIMEOUT(inband, link_gone_removes_and_l0_rescans, 180)
{
	static const int gone[] = { 0, 8 };	/* Detect, Disabled */
	char knob[64];
	struct cxlfm_event e;
	long before = ambiguous_count(self->cci);
	unsigned int i;

	for (i = 0; i < 2; i++) {
		snprintf(knob, sizeof(knob), "ltssm 1 %d 1", gone[i]);
		ASSERT_EQ(0, sim_knob(ID, "record", knob));
		EXPECT_EQ(0, wait_below(self->dsp, false, 15000));
		EXPECT_EQ(0, wait_cxl(SERIAL, false, self->endpoints - 1, 15000));
		ASSERT_EQ(0, expect(_metadata, self, CXLFM_EVENT_RECORD, &e));
		ASSERT_EQ(0, expect(_metadata, self, CXLFM_EVENT_HIERARCHY, &e));
		EXPECT_EQ(CXLFM_FABRIC_CHANGE_LINK_DOWN, e.hierarchy.change);
		EXPECT_EQ(CXLFM_FABRIC_ACTION_REMOVED, e.hierarchy.action);

		ASSERT_EQ(0, sim_knob(ID, "record", "ltssm 1 4 1"));
		EXPECT_EQ(0, wait_below(self->dsp, true, 15000));
		EXPECT_EQ(0, wait_cxl(SERIAL, true, self->endpoints, 30000));
		ASSERT_EQ(0, expect(_metadata, self, CXLFM_EVENT_RECORD, &e));
		ASSERT_EQ(0, expect(_metadata, self, CXLFM_EVENT_HIERARCHY, &e));
		EXPECT_EQ(CXLFM_FABRIC_CHANGE_LINK_UP, e.hierarchy.change);
		EXPECT_EQ(CXLFM_FABRIC_ACTION_RESCANNED, e.hierarchy.action);
	}
	EXPECT_EQ(before, ambiguous_count(self->cci));
}

TEST_HARNESS_MAIN
