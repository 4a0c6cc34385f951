/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Each journaled entry also as a structured systemd journal entry
 * (MESSAGE=, PRIORITY=, CXLFM_INDEX=, CXLFM_TYPE=, CXLFM_CCI=, CXLFM_SEQ=,
 * ...), for `journalctl CXLFM_CCI=3` and the like.
 */
#ifndef CXLFM_SDJOURNAL_H
#define CXLFM_SDJOURNAL_H

#include <stddef.h>

#include "journal.h"

/* journald's socket for the native protocol */
#define SDJ_SOCKET	"/run/systemd/journal/socket"

struct sdj;

/* A sender to the journald socket @path: 0 or -errno. */
int sdj_open(const char *path, struct sdj **out);
void sdj_close(struct sdj *s);
/*
 * Send @e: 0, or -errno (-EAGAIN: journald took nothing for a while, the
 * entry was not sent).
 */
int sdj_send(struct sdj *s, const struct jnl_entry *e);
/* The fields of @e in the native protocol's text form, for tests too. */
size_t sdj_format(const struct jnl_entry *e, char *buf, size_t len);
/* The syslog priority of @e: from a record's severity, else by type. */
int sdj_priority(const struct jnl_entry *e);

#endif /* CXLFM_SDJOURNAL_H */
