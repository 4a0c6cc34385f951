// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm_checker_test - deliberately trip one kernel checker at module init.
 *
 * Test-only: proves that the debug kernel (KASAN, lockdep, kmemleak,
 * DEBUG_ATOMIC_SLEEP, DEBUG_LIST) really reports, and that the VM runner
 * really notices the report in the guest log.  Never load this on a machine
 * you care about.
 *
 *   insmod cxlfm_checker_test.ko trigger=<name>
 *
 * Every trigger is chosen so that the report does not oops: with oops=panic
 * the guest survives, the module stays loaded and unloads cleanly.
 * panic_on_warn=1 does turn each of them into a panic.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static char *trigger = "none";
module_param(trigger, charp, 0444);
MODULE_PARM_DESC(trigger,
		 "fault to perform at init: none (default), warn, uaf, lockdep, leak, sleep_atomic, list");

#define CHECKER_LEAK_SIZE	1024
#define CHECKER_LEAK_TAG	"cxlfm_checker_test leak"

/* "WARNING: CPU: n PID: m at <this file>:<line> cxlfm_checker_warn+0x..." */
static noinline int cxlfm_checker_warn(void)
{
	WARN_ON_ONCE(1);
	return 0;
}

/*
 * "BUG: KASAN: slab-use-after-free in cxlfm_checker_uaf" (or, if the object
 * happened to come from the KFENCE pool, "BUG: KFENCE: use-after-free read").
 * Without KASAN the read is of freed-but-mapped slab memory: no report.
 */
static noinline int cxlfm_checker_uaf(void)
{
	char *p;
	char val;

	p = kmalloc(64, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	memset(p, 0x5a, 64);
	kfree(p);
	/* Hide the pointer so the compiler can neither drop nor warn. */
	OPTIMIZER_HIDE_VAR(p);
	val = READ_ONCE(p[8]);
	pr_info("read %#x after free\n", (unsigned char)val);
	return 0;
}

/*
 * One thread takes A then B, then B then A: no real deadlock, but lockdep
 * reports "WARNING: possible circular locking dependency detected".
 * lockdep switches itself off after its first report: one per boot.
 */
static DEFINE_MUTEX(cxlfm_checker_mutex_a);
static DEFINE_MUTEX(cxlfm_checker_mutex_b);

static noinline int cxlfm_checker_lockdep(void)
{
	mutex_lock(&cxlfm_checker_mutex_a);
	mutex_lock(&cxlfm_checker_mutex_b);
	mutex_unlock(&cxlfm_checker_mutex_b);
	mutex_unlock(&cxlfm_checker_mutex_a);

	mutex_lock(&cxlfm_checker_mutex_b);
	mutex_lock(&cxlfm_checker_mutex_a);
	mutex_unlock(&cxlfm_checker_mutex_a);
	mutex_unlock(&cxlfm_checker_mutex_b);
	return 0;
}

/*
 * Allocate and forget.  After a scan, once the object is older than 5 s:
 * "kmemleak: 1 new suspected memory leaks", and in
 * /sys/kernel/debug/kmemleak: "unreferenced object 0x... (size 1024)" with
 * a hex dump starting with CHECKER_LEAK_TAG.
 */
static noinline int cxlfm_checker_leak(void)
{
	char *p;

	p = kmalloc(CHECKER_LEAK_SIZE, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	memset(p, 0, CHECKER_LEAK_SIZE);
	strscpy(p, CHECKER_LEAK_TAG, CHECKER_LEAK_SIZE);
	OPTIMIZER_HIDE_VAR(p);
	p = NULL;
	pr_info("leaked a %d byte object\n", CHECKER_LEAK_SIZE);
	return 0;
}

/*
 * A GFP_KERNEL allocation under a spinlock: might_alloc() -> might_sleep()
 * reports "BUG: sleeping function called from invalid context" with
 * DEBUG_ATOMIC_SLEEP, while the allocation itself is served without sleeping.
 * (msleep() under the lock would instead schedule while atomic: "BUG:
 * scheduling while atomic", which also resets the CPU's preempt count and
 * leaves the guest in a bad state.)
 */
static DEFINE_SPINLOCK(cxlfm_checker_lock);

static noinline int cxlfm_checker_sleep_atomic(void)
{
	void *p;

	spin_lock(&cxlfm_checker_lock);
	p = kmalloc(32, GFP_KERNEL);
	spin_unlock(&cxlfm_checker_lock);
	kfree(p);
	return 0;
}

/*
 * list_add() of a node that is already on the list.  With DEBUG_LIST (or
 * LIST_HARDENED) and without BUG_ON_DATA_CORRUPTION the check WARNs
 * "list_add double add: new=..., prev=..., next=..." and skips the add, so
 * the list stays intact.  With BUG_ON_DATA_CORRUPTION=y (Debian's kernels)
 * the same check is a BUG(), i.e. an oops: refuse there.  Without any list
 * checking the add would silently make a cycle: refuse there too.
 * (A double list_del() is no better: on LIST_HARDENED-only kernels its fast
 * path dereferences LIST_POISON and oopses.)
 */
static noinline int cxlfm_checker_list(void)
{
	LIST_HEAD(head);
	struct list_head node;

	if (IS_ENABLED(CONFIG_BUG_ON_DATA_CORRUPTION)) {
		pr_notice("list: BUG_ON_DATA_CORRUPTION=y would oops, not WARN; skipped\n");
		return -EOPNOTSUPP;
	}
	if (!IS_ENABLED(CONFIG_DEBUG_LIST) && !IS_ENABLED(CONFIG_LIST_HARDENED)) {
		pr_notice("list: no DEBUG_LIST/LIST_HARDENED, nothing would report; skipped\n");
		return -EOPNOTSUPP;
	}

	list_add(&node, &head);
	list_add(&node, &head);
	list_del(&node);
	if (!list_empty(&head))
		return -EFAULT;
	return 0;
}

struct cxlfm_checker_trigger {
	const char *name;
	int (*fn)(void);
};

static const struct cxlfm_checker_trigger cxlfm_checker_triggers[] = {
	{ "warn",		cxlfm_checker_warn },
	{ "uaf",		cxlfm_checker_uaf },
	{ "lockdep",		cxlfm_checker_lockdep },
	{ "leak",		cxlfm_checker_leak },
	{ "sleep_atomic",	cxlfm_checker_sleep_atomic },
	{ "list",		cxlfm_checker_list },
};

static int __init cxlfm_checker_init(void)
{
	const struct cxlfm_checker_trigger *t;
	size_t i;
	int ret;

	if (!trigger || !*trigger || sysfs_streq(trigger, "none")) {
		pr_info("loaded, no trigger\n");
		return 0;
	}

	for (i = 0; i < ARRAY_SIZE(cxlfm_checker_triggers); i++) {
		t = &cxlfm_checker_triggers[i];
		if (!sysfs_streq(trigger, t->name))
			continue;
		pr_info("trigger=%s: start\n", t->name);
		ret = t->fn();
		pr_info("trigger=%s: done (%d)\n", t->name, ret);
		return ret;
	}

	pr_err("unknown trigger '%s'\n", trigger);
	return -EINVAL;
}
module_init(cxlfm_checker_init);

static void __exit cxlfm_checker_exit(void)
{
	pr_info("unloaded\n");
}
module_exit(cxlfm_checker_exit);

MODULE_DESCRIPTION("cxlfm test-only module that deliberately trips kernel checkers");
MODULE_LICENSE("GPL");
