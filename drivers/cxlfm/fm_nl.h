/* SPDX-License-Identifier: GPL-2.0 */
/* The typed FM-API ops of the cxlfm family (fm_nl.c, fm_nl_ops.c). */
#ifndef CXLFM_FM_NL_H
#define CXLFM_FM_NL_H

#include <net/genetlink.h>

/*
 * The policies, the genl_ops table (cxlfm_nl_ops) and its entry points
 * (cxlfm_nl_<op>_doit/_dumpit), and the multicast group ids, written by
 * ynl_gen_c.py from the spec (tools/testing/cxlfm/ynl/ynl_gen.py).
 */
#include "nl_gen.h"

struct cxlfm_cci;
struct cxlfm_bg_status;

/* netlink.c */
extern struct genl_family cxlfm_family;

/* fm_nl.c */
int cxlfm_fm_doit(struct sk_buff *skb, struct genl_info *info);
int cxlfm_fm_dump_start(struct netlink_callback *cb);
int cxlfm_fm_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
void cxlfm_fm_notify_bg_done(struct cxlfm_cci *cci,
			     const struct cxlfm_bg_status *st);

#endif /* CXLFM_FM_NL_H */
