/* SPDX-License-Identifier: GPL-2.0 */
/* Differences between the kernels cxlfm builds for, tested by feature. */
#ifndef CXLFM_COMPAT_H
#define CXLFM_COMPAT_H

#include <linux/module.h>
#include <linux/version.h>
#include <linux/workqueue.h>

/*
 * Importing a symbol namespace: up to Linux 6.12 MODULE_IMPORT_NS() takes a
 * bare identifier that it stringifies (MODULE_IMPORT_NS(CXL)); from 6.13 it
 * takes the string ("CXL"), and a bare CXL no longer builds.  Both end as
 * the same modinfo tag, so write the tag itself, which builds on either.
 */
#define CXLFM_IMPORT_NS_CXL	MODULE_INFO(import_ns, "CXL")

/*
 * The system workqueues: Linux 6.17 named them after what they are,
 * system_percpu_wq (what system_wq was) and system_dfl_wq (what
 * system_unbound_wq was), and by 7.3 queueing on the old names prints
 * "enqueued on deprecated workqueue".  The new names are variables, not
 * macros, so the kernel version decides; a stable kernel that got them
 * backported (Debian's 6.12) still serves the old names unchanged.
 *
 * CXLFM_PERCPU_WQ is where schedule_delayed_work() queues, so a work item
 * that is also queued with that stays on one workqueue.  The event drain
 * stays per-CPU too: a durable consumer's acknowledgment wakes it once per
 * Get Event Records, and on the unbound queue that round trip made the
 * drain five times slower (drain_bench, 6.12 under TCG: 11 000 against
 * 70 000 records/s).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
#define CXLFM_PERCPU_WQ		system_percpu_wq
#else
#define CXLFM_PERCPU_WQ		system_wq
#endif

#endif /* CXLFM_COMPAT_H */
