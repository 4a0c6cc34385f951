/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RF_SUBS_STORE_H
#define RF_SUBS_STORE_H

/* The event subscriptions' file, in two slots (subs_store.c). */
int subs_store_open(const char *path);		/* by root, before dropping privileges */
char *subs_store_load(void);			/* what open read: the newest whole copy
						 * (malloc'd, the caller's), or NULL */
int subs_store_save(int fd, const char *json);	/* into the other slot, synced */

#endif
