/* SPDX-License-Identifier: GPL-2.0 */
/* The typed FM-API ops of the cxlfm family (fm_nl.c, fm_nl_ops.c). */
#ifndef CXLFM_FM_NL_H
#define CXLFM_FM_NL_H

#include <net/genetlink.h>

struct cxlfm_cci;
struct cxlfm_bg_status;

/* netlink.c */
extern struct genl_family cxlfm_family;

enum cxlfm_nl_groups {
	CXLFM_NLGRP_EVENTS,
};

/* fm_nl_ops.c (generated) */
extern const struct genl_ops cxlfm_fm_genl_ops[];
extern const unsigned int cxlfm_fm_nr_genl_ops;

/* fm_nl.c */
int cxlfm_fm_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_fm_dump_start(struct netlink_callback *cb);
int cxlfm_fm_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
void cxlfm_fm_notify_bg_done(struct cxlfm_cci *cci,
			     const struct cxlfm_bg_status *st);

#endif /* CXLFM_FM_NL_H */
