// SPDX-License-Identifier: GPL-2.0
/*
 * The one gate in front of every op of the cxlfm family: the capabilities,
 * the lockdown reason and the taint of each op and form, from one table
 * (perm_table.h, shown in Documentation/design.md, "Permissions").  Every
 * doit, and every dump at its start and in each piece, calls
 * cxlfm_nl_gate() before it looks at anything else.  No op carries
 * GENL_ADMIN_PERM: cxlfm configures no network, so CAP_NET_ADMIN would
 * only stand in for what this table says.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/netlink.h>
#include <linux/security.h>
#include <net/genetlink.h>
#include <uapi/linux/cxlfm.h>

#include "cxlfm.h"

/* One form of one op. */
struct cxlfm_gate {
	const char *no_rawio;		/* extack: CAP_SYS_RAWIO missing */
	const char *locked;		/* extack: refused by lockdown */
	enum lockdown_reason lockdown;	/* LOCKDOWN_NONE: not refused */
	bool rawio;			/* CAP_SYS_RAWIO on top of CAP_SYS_ADMIN */
	bool taint;			/* TAINT_USER once it passes */
	bool valid;			/* the op has this form */
};

#define CXLFM_FORM_ANY		0
#define CXLFM_FORM_READ		0
#define CXLFM_FORM_WRITE	1
#define CXLFM_RAWIO_ADMIN	false
#define CXLFM_RAWIO_RAWIO	true

/* [cmd][0]: the op's only form, or its read form; [cmd][1]: its write form */
static const struct cxlfm_gate cxlfm_gates[CXLFM_CMD_MAX + 1][2] = {
#define CXLFM_PERM(op, form, caps, reason, t, msg_rawio, msg_locked)	\
	[CXLFM_CMD_##op][CXLFM_FORM_##form] = {				\
		.no_rawio = msg_rawio,					\
		.locked = msg_locked,					\
		.lockdown = LOCKDOWN_##reason,				\
		.rawio = CXLFM_RAWIO_##caps,				\
		.taint = t,						\
		.valid = true,						\
	},
#include "perm_table.h"
#undef CXLFM_PERM
};

/*
 * extack->_msg takes the table's strings: static, but chosen at run time,
 * which NL_SET_ERR_MSG() (string literals only) cannot take.
 */
static int cxlfm_nl_refuse(struct netlink_ext_ack *extack, const char *msg)
{
	if (extack)
		extack->_msg = msg;
	return -EPERM;
}

/**
 * cxlfm_nl_gate() - may the sender of @skb run this op
 * @skb: the request
 * @cmd: the op, CXLFM_CMD_*
 * @write: the op's write form (a raw command that may change the fabric,
 *	a CXL.io request with write set); false for ops of one form
 * @extack: says why not
 *
 * The capabilities are those of the request's sender and of the socket's
 * opener (netlink_capable()).  A form marked to taint does so once it
 * passes, whether or not the device then accepts the command.
 *
 * Return: 0, or -EPERM with an extack message.
 */
int cxlfm_nl_gate(struct sk_buff *skb, u8 cmd, bool write,
		  struct netlink_ext_ack *extack)
{
	const struct cxlfm_gate *g;

	/* cxlfm_nl_gate_check() made sure that every registered op has one */
	if (WARN_ON_ONCE(cmd > CXLFM_CMD_MAX || !cxlfm_gates[cmd][write].valid)) {
		NL_SET_ERR_MSG(extack, "op without an entry in the permission table");
		return -EPERM;
	}
	g = &cxlfm_gates[cmd][write];
	if (!netlink_capable(skb, CAP_SYS_ADMIN))
		return cxlfm_nl_refuse(extack, "cxlfm needs CAP_SYS_ADMIN");
	if (g->rawio && !netlink_capable(skb, CAP_SYS_RAWIO))
		return cxlfm_nl_refuse(extack, g->no_rawio);
	if (g->lockdown != LOCKDOWN_NONE && security_locked_down(g->lockdown))
		return cxlfm_nl_refuse(extack, g->locked);
	if (g->taint) {
		pr_warn_once("op %u%s by %s, tainting the kernel\n", cmd,
			     write ? " (write)" : "", current->comm);
		add_taint(TAINT_USER, LOCKDEP_STILL_OK);
	}
	return 0;
}

/**
 * cxlfm_nl_gate_dump() - the gate, for a dump's start and each of its pieces
 * @cb: the dump
 * @start: called from the dump's start callback
 *
 * The start refuses, so that a refusal is a plain error reply, where the
 * kernel can carry its extack message from there (6.12 sets cb->extack
 * around the start callback; 6.1 does not).  Every piece checks as well:
 * where the start could not say why, the first piece refuses and
 * NLMSG_DONE carries the errno and the message.
 *
 * Return: 0, or -EPERM with an extack message.
 */
int cxlfm_nl_gate_dump(struct netlink_callback *cb, bool start)
{
	const struct genlmsghdr *gh = nlmsg_data(cb->nlh);

	if (start && !cb->extack)
		return 0;
	return cxlfm_nl_gate(cb->skb, gh->cmd, false, cb->extack);
}

/**
 * cxlfm_nl_gate_check() - does every op have its permission entry
 * @ops: the family's ops
 * @n: how many
 *
 * Called before the family registers, so that an op added without its
 * entry never reaches anyone.
 *
 * Return: 0, or -EINVAL naming the first op without one.
 */
int cxlfm_nl_gate_check(const struct genl_ops *ops, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (ops[i].cmd > CXLFM_CMD_MAX ||
		    !cxlfm_gates[ops[i].cmd][CXLFM_FORM_ANY].valid) {
			pr_err("op %u has no entry in the permission table\n",
			       ops[i].cmd);
			return -EINVAL;
		}
	}
	return 0;
}
