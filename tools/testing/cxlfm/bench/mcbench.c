// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm_mcbench: the baseline of the event fan-out benchmark
 * (Documentation/performance.md), a bare generic netlink multicast loop.
 *
 * Family "cxlfm_mcbench", group "events", one op: RUN with COUNT and SIZE
 * multicasts COUNT messages of one binary attribute of SIZE bytes (its
 * first four bytes a sequence number), in skbs allocated as cxlfm allocates
 * a batch of event records (genlmsg_new(NLMSG_DEFAULT_SIZE)) and sent with
 * genlmsg_multicast(), so that only cxlfm's own work differs.  PACK says
 * how many messages go into one skb at most: 1 (the default) is the plain
 * one-message-per-multicast loop, more packs them as cxlfm packs records.
 *
 * A second op, ECHO, answers an empty request with an empty reply: the
 * floor of a generic netlink round trip, for the round-trip benchmark.
 */
#include <linux/module.h>
#include <net/genetlink.h>

enum {
	MCB_A_UNSPEC,
	MCB_A_COUNT,	/* u32: messages to send */
	MCB_A_SIZE,	/* u32: bytes of MCB_A_DATA */
	MCB_A_DATA,	/* binary: sequence number, then zeros */
	MCB_A_PACK,	/* u32: messages per skb at most (default 1) */
	__MCB_A_MAX,
};

enum {
	MCB_CMD_UNSPEC,
	MCB_CMD_RUN,
	MCB_CMD_EVENT,
	MCB_CMD_ECHO,
};

static const struct nla_policy mcb_policy[__MCB_A_MAX] = {
	[MCB_A_COUNT] = NLA_POLICY_RANGE(NLA_U32, 1, 30000),
	[MCB_A_SIZE] = NLA_POLICY_RANGE(NLA_U32, 4, 3072),
	[MCB_A_PACK] = NLA_POLICY_RANGE(NLA_U32, 1, 64),
};

static struct genl_family mcb_family;

/* Append message @seq to @msg; Return: 0, or -EMSGSIZE when it is full. */
static int mcb_put(struct sk_buff *msg, u32 seq, u32 size)
{
	struct nlattr *a;
	void *hdr;

	hdr = genlmsg_put(msg, 0, 0, &mcb_family, 0, MCB_CMD_EVENT);
	if (!hdr)
		return -EMSGSIZE;
	a = nla_reserve(msg, MCB_A_DATA, size);
	if (!a) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	memset(nla_data(a), 0, size);
	memcpy(nla_data(a), &seq, sizeof(seq));
	genlmsg_end(msg, hdr);
	return 0;
}

/* Messages @first.. into one skb, up to @pack of them; Return: how many. */
static int mcb_send(u32 first, u32 left, u32 size, u32 pack)
{
	struct sk_buff *msg;
	u32 n = 0;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	while (n < min(pack, left) && !mcb_put(msg, first + n, size))
		n++;
	if (!n) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	/* -ESRCH only says that nobody listens */
	genlmsg_multicast(&mcb_family, msg, 0, 0, GFP_KERNEL);
	return n;
}

static int mcb_run(struct sk_buff *skb, struct genl_info *info)
{
	u32 count, size, pack = 1, i;
	int n;

	if (GENL_REQ_ATTR_CHECK(info, MCB_A_COUNT) ||
	    GENL_REQ_ATTR_CHECK(info, MCB_A_SIZE))
		return -EINVAL;
	count = nla_get_u32(info->attrs[MCB_A_COUNT]);
	size = nla_get_u32(info->attrs[MCB_A_SIZE]);
	if (info->attrs[MCB_A_PACK])
		pack = nla_get_u32(info->attrs[MCB_A_PACK]);
	for (i = 0; i < count; i += n) {
		if (!genl_has_listeners(&mcb_family, genl_info_net(info), 0))
			break;
		n = mcb_send(i + 1, count - i, size, pack);
		if (n < 0) {
			NL_SET_ERR_MSG(info->extack, "cannot build a message");
			return n;
		}
		cond_resched();
	}
	return 0;
}

static int mcb_echo(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg = genlmsg_new(0, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mcb_family, 0, MCB_CMD_ECHO);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct genl_small_ops mcb_ops[] = {
	{
		.cmd = MCB_CMD_RUN,
		.doit = mcb_run,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MCB_CMD_ECHO,
		.doit = mcb_echo,
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
	.resv_start_op = MCB_CMD_ECHO + 1,
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
