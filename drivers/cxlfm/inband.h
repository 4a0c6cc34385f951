/* SPDX-License-Identifier: GPL-2.0 */
/* In-band hierarchy updates (inband.c) and their netlink side (inband_nl.c). */
#ifndef CXLFM_INBAND_H
#define CXLFM_INBAND_H

#include <linux/types.h>
#include <uapi/linux/cxlfm.h>

struct cxlfm_cci;
struct fmapi_event;

/* No LD: the vPPB is bound to a port, not to an LD of an MLD. */
#define CXLFM_LD_NONE	0xffff

/**
 * struct cxlfm_fabric_report - a fabric change under a vPPB
 * @change: enum cxlfm_fabric_change
 * @source: enum cxlfm_fabric_source
 * @has_vppb: @vcs and @vppb are known (a link event names only @port)
 * @vcs: the VCS
 * @vppb: the vPPB of @vcs
 * @port: the physical port (bound, or whose link changed)
 * @ld: the LD bound, or %CXLFM_LD_NONE
 * @has_raw: @raw holds the value of the event record (not for a report)
 * @raw: the record's vPPB binding status (a binding change) or LTSSM state
 *	(a link change), whatever it is, reserved values included
 */
struct cxlfm_fabric_report {
	u8 change;
	u8 source;
	bool has_vppb;
	u8 vcs;
	u8 vppb;
	u8 port;
	u16 ld;
	bool has_raw;
	u8 raw;
};

/* A link change (its raw value is an LTSSM state), not a binding change. */
static inline bool cxlfm_change_is_link(u8 change)
{
	return change == CXLFM_FABRIC_CHANGE_LINK_UP ||
	       change == CXLFM_FABRIC_CHANGE_LINK_DOWN ||
	       change == CXLFM_FABRIC_CHANGE_LINK_OTHER;
}

int cxlfm_inband_wq_init(void);
void cxlfm_inband_wq_exit(void);
void cxlfm_inband_init(struct cxlfm_cci *cci);
void cxlfm_inband_stop(struct cxlfm_cci *cci);
void cxlfm_inband_free(struct cxlfm_cci *cci);
int cxlfm_inband_report(struct cxlfm_cci *cci,
			const struct cxlfm_fabric_report *r);
void cxlfm_inband_event(struct cxlfm_cci *cci, const struct fmapi_event *ev);
int cxlfm_inband_check(struct cxlfm_cci *cci, u8 vcs, u8 vppb);
const char *cxlfm_inband_policy_name(u8 policy);
int cxlfm_inband_policy_parse(const char *s);
u8 cxlfm_inband_effective(struct cxlfm_cci *cci, u8 *reason);
ssize_t cxlfm_inband_effective_show(struct cxlfm_cci *cci, char *buf);

/* inband_nl.c */
void cxlfm_nl_hierarchy_notify(struct cxlfm_cci *cci,
			       const struct cxlfm_fabric_report *r, u8 action,
			       const char *pci_dev, u8 reason);

#endif /* CXLFM_INBAND_H */
