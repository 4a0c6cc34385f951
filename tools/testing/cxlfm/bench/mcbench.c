// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm_mcbench: the baseline of the event fan-out benchmark
 * (Documentation/performance.md), a bare generic netlink multicast loop.
 *
 * Family "cxlfm_mcbench", group "events", one op: RUN with COUNT and SIZE
 * multicasts COUNT messages of one binary attribute of SIZE bytes (its
 * first four bytes a sequence number), each allocated, filled and sent as
 * cxlfm sends one event record (genlmsg_new(NLMSG_DEFAULT_SIZE),
 * genlmsg_multicast()), so that only cxlfm's own work differs.
 */
#include <linux/module.h>
#include <net/genetlink.h>

enum {
	MCB_A_UNSPEC,
	MCB_A_COUNT,	/* u32: messages to send */
	MCB_A_SIZE,	/* u32: bytes of MCB_A_DATA */
	MCB_A_DATA,	/* binary: sequence number, then zeros */
	__MCB_A_MAX,
};

enum {
	MCB_CMD_UNSPEC,
	MCB_CMD_RUN,
	MCB_CMD_EVENT,
};

static const struct nla_policy mcb_policy[__MCB_A_MAX] = {
	[MCB_A_COUNT] = NLA_POLICY_RANGE(NLA_U32, 1, 30000),
	[MCB_A_SIZE] = NLA_POLICY_RANGE(NLA_U32, 4, 3072),
};

static struct genl_family mcb_family;

static int mcb_send(u32 seq, u32 size)
{
	struct sk_buff *msg;
	struct nlattr *a;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &mcb_family, 0, MCB_CMD_EVENT);
	a = hdr ? nla_reserve(msg, MCB_A_DATA, size) : NULL;
	if (!a) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	memset(nla_data(a), 0, size);
	memcpy(nla_data(a), &seq, sizeof(seq));
	genlmsg_end(msg, hdr);
	/* -ESRCH only says that nobody listens */
	genlmsg_multicast(&mcb_family, msg, 0, 0, GFP_KERNEL);
	return 0;
}

static int mcb_run(struct sk_buff *skb, struct genl_info *info)
{
	u32 count, size, i;
	int rc;

	if (GENL_REQ_ATTR_CHECK(info, MCB_A_COUNT) ||
	    GENL_REQ_ATTR_CHECK(info, MCB_A_SIZE))
		return -EINVAL;
	count = nla_get_u32(info->attrs[MCB_A_COUNT]);
	size = nla_get_u32(info->attrs[MCB_A_SIZE]);
	for (i = 0; i < count; i++) {
		if (!genl_has_listeners(&mcb_family, genl_info_net(info), 0))
			break;
		rc = mcb_send(i + 1, size);
		if (rc) {
			NL_SET_ERR_MSG(info->extack, "cannot build a message");
			return rc;
		}
		cond_resched();
	}
	return 0;
}

static const struct genl_small_ops mcb_ops[] = {
	{
		.cmd = MCB_CMD_RUN,
		.doit = mcb_run,
		.flags = GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group mcb_mcgrps[] = {
	{ .name = "events" },
};

static struct genl_family mcb_family __ro_after_init = {
	.name = "cxlfm_mcbench",
	.version = 1,
	.maxattr = __MCB_A_MAX - 1,
	.policy = mcb_policy,
	.module = THIS_MODULE,
	.small_ops = mcb_ops,
	.n_small_ops = ARRAY_SIZE(mcb_ops),
	.mcgrps = mcb_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mcb_mcgrps),
	.resv_start_op = MCB_CMD_EVENT + 1,
};

static int __init mcb_init(void)
{
	return genl_register_family(&mcb_family);
}
module_init(mcb_init);

static void __exit mcb_exit(void)
{
	genl_unregister_family(&mcb_family);
}
module_exit(mcb_exit);

MODULE_DESCRIPTION("Bare generic netlink multicast loop, baseline of cxlfm's event fan-out benchmark");
MODULE_LICENSE("GPL");
