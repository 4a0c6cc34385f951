/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What cxlfmd tells the service manager that started it: the sd_notify(3)
 * datagram protocol (READY=1, WATCHDOG=1, ...), the watchdog interval it
 * asked for, and whether stderr goes to the systemd journal.
 */
#ifndef CXLFM_SDNOTIFY_H
#define CXLFM_SDNOTIFY_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Send @fmt (newline-separated VARIABLE=value lines) to $NOTIFY_SOCKET:
 * 0 if sent or if there is no service manager to tell, else -errno.
 */
int sdn_notify(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* $WATCHDOG_USEC if it is meant for this process, else 0. */
uint64_t sdn_watchdog_usec(void);
/* Whether stderr is the stream $JOURNAL_STREAM names (see systemd.exec(5)). */
bool sdn_stderr_is_journal(void);

#endif /* CXLFM_SDNOTIFY_H */
