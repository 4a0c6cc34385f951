/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Durable event consumers (durable.c) and the records the event drain
 * holds for them (events.c).
 */
#ifndef CXLFM_DURABLE_H
#define CXLFM_DURABLE_H

#include <linux/types.h>

struct cxlfm_cci;
struct genl_info;
struct sk_buff;

/* events.c */
extern unsigned int cxlfm_event_hold_ms;
u8 cxlfm_event_retention_default(void);
int cxlfm_event_retention_parse(const char *buf);
const char *cxlfm_event_retention_name(u8 retention);
void cxlfm_cci_set_event_retention(struct cxlfm_cci *cci, u8 retention);
void cxlfm_events_replay(struct cxlfm_cci *cci);
void cxlfm_events_acked(struct cxlfm_cci *cci);

/* durable.c */
int cxlfm_durable_init(void);
void cxlfm_durable_exit(void);
void cxlfm_durable_cci_add(struct cxlfm_cci *cci);
void cxlfm_durable_cci_free(struct cxlfm_cci *cci);
unsigned int cxlfm_durable_clearable(struct cxlfm_cci *cci, const u32 *seq,
				     unsigned int nr);
void cxlfm_durable_hold_expired(struct cxlfm_cci *cci, u32 seq);
bool cxlfm_durable_waiting(struct cxlfm_cci *cci);

#endif /* CXLFM_DURABLE_H */
