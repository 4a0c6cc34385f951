// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm: in-band management of CXL switch fabrics through Switch Mailbox
 * CCIs.  See Documentation/design.md.
 */
#include <linux/module.h>

#include "cxlfm.h"
#include "durable.h"
#include "inband.h"

unsigned int cxlfm_mbox_ready_timeout = 60;

static int cxlfm_mbox_ready_timeout_set(const char *val,
					const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, 600);
}

static const struct kernel_param_ops cxlfm_mbox_ready_timeout_ops = {
	.set = cxlfm_mbox_ready_timeout_set,
	.get = param_get_uint,
};
module_param_cb(mbox_ready_timeout, &cxlfm_mbox_ready_timeout_ops,
		&cxlfm_mbox_ready_timeout, 0644);
MODULE_PARM_DESC(mbox_ready_timeout,
		 "Seconds, 1-600, to wait at probe for a CCI's mailbox to report ready (default 60)");

static int __init cxlfm_init(void)
{
	int rc;

	rc = cxlfm_inband_wq_init();
	if (rc)
		return rc;
	rc = cxlfm_class_register();
	if (rc)
		goto err_wq;
	rc = cxlfm_durable_init();
	if (rc)
		goto err_class;
	rc = cxlfm_netlink_register();
	if (rc)
		goto err_durable;
	rc = cxlfm_pci_driver_register();
	if (rc)
		goto err_netlink;
	return 0;

err_netlink:
	cxlfm_netlink_unregister();
err_durable:
	cxlfm_durable_exit();
err_class:
	cxlfm_class_unregister();
err_wq:
	cxlfm_inband_wq_exit();
	return rc;
}

static void __exit cxlfm_exit(void)
{
	cxlfm_pci_driver_unregister();
	/* in-band work of the CCIs just removed may still notify: drain it */
	cxlfm_inband_wq_exit();
	cxlfm_netlink_unregister();
	cxlfm_durable_exit();
	cxlfm_class_unregister();
}

module_init(cxlfm_init);
module_exit(cxlfm_exit);

MODULE_DESCRIPTION("CXL Fabric Manager API over Switch Mailbox CCIs");
MODULE_LICENSE("GPL");
