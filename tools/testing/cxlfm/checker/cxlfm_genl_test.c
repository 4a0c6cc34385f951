// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm_genl_test - a module that registers one generic netlink family and
 * nothing else.
 *
 * Test-only: genl_register_family() takes genetlink's cb_lock for write,
 * so loading this module shows whether some doit holds that lock (for
 * read) for long, which would stall every genetlink user of the host
 * (background_test's wait_blocks_no_genetlink_user).
 */

#include <linux/module.h>
#include <net/genetlink.h>

enum {
	CXLFM_GENL_TEST_CMD_UNSPEC,
	CXLFM_GENL_TEST_CMD_ECHO,
};

/* answers with an empty message: the family only has to exist */
static int cxlfm_genl_test_echo(struct sk_buff *skb, struct genl_info *info)
{
	return 0;
}

static const struct genl_small_ops cxlfm_genl_test_ops[] = {
	{
		.cmd = CXLFM_GENL_TEST_CMD_ECHO,
		.doit = cxlfm_genl_test_echo,
	},
};

static struct genl_family cxlfm_genl_test_family __ro_after_init = {
	.name = "cxlfm_genl_test",
	.version = 1,
	.module = THIS_MODULE,
	.small_ops = cxlfm_genl_test_ops,
	.n_small_ops = ARRAY_SIZE(cxlfm_genl_test_ops),
};

static int __init cxlfm_genl_test_init(void)
{
	return genl_register_family(&cxlfm_genl_test_family);
}

static void __exit cxlfm_genl_test_exit(void)
{
	genl_unregister_family(&cxlfm_genl_test_family);
}

module_init(cxlfm_genl_test_init);
module_exit(cxlfm_genl_test_exit);
MODULE_DESCRIPTION("cxlfm test: registers a generic netlink family");
MODULE_LICENSE("GPL");
