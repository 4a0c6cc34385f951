// SPDX-License-Identifier: GPL-2.0
/*
 * The cxlfm_sim bus: simulated switches are created and destroyed at run
 * time through /sys/bus/cxlfm_sim/new_device and del_device, in the manner
 * of netdevsim.  Each instance is a device on this bus whose Switch Mailbox
 * CCI is registered with cxlfm.
 */
#include <linux/debugfs.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "sim.h"

static SIM_BUS_TYPE sim_bus;
static struct dentry *sim_debugfs_root;
/* Instances by id; new_device and del_device serialise on sim_devs_lock. */
static DEFINE_XARRAY(sim_devs);
static DEFINE_MUTEX(sim_devs_lock);

struct sim_dev *to_sim(struct device *dev)
{
	return container_of(dev, struct sim_dev, dev);
}

static ssize_t cci_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	struct sim_dev *sd = to_sim(dev);
	ssize_t len;

	mutex_lock(&sd->lock);
	len = sysfs_emit(buf, "%s\n", sd->cci ? dev_name(&sd->cci->dev) : "");
	mutex_unlock(&sd->lock);
	return len;
}
static DEVICE_ATTR_RO(cci);

static ssize_t config_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	const struct sim_config *c = &to_sim(dev)->cfg;
	char cel[32 * 5];
	int len;

	len = sysfs_emit(buf,
			 "ports=%u vcs=%u vppbs=%u payload=%u mld=%*pbl lds=%u heads=%u dc_regions=%u bg_ms=%u irq=%u log_cap=%u event_irq=%u usp=%s",
			 c->ports, c->vcs, c->vppbs, c->payload, SIM_MAX_PORTS,
			 c->mld, c->lds, c->heads, c->dc_regions, c->bg_ms,
			 c->irq, c->log_cap, c->event_irq, c->usp);
	/* a switch with part of the FM-API: only what differs from a whole one */
	if (c->cel != SIM_CEL_ALL) {
		sim_cel_format(c->cel, cel, sizeof(cel));
		len += sysfs_emit_at(buf, len, " cel=%s", cel);
	}
	if (c->ltssm >= 0)
		len += sysfs_emit_at(buf, len, " ltssm=%d", c->ltssm);
	if (c->link_flags >= 0)
		len += sysfs_emit_at(buf, len, " link_flags=%d", c->link_flags);
	if (c->vendor_log)
		len += sysfs_emit_at(buf, len, " vendor_log=%u", c->vendor_log);
	return len + sysfs_emit_at(buf, len, "\n");
}
static DEVICE_ATTR_RO(config);

/* For usp=: "VPPB BDF" for each vPPB of VCS 0 that stands for a real port. */
static ssize_t vppb_map_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	struct sim_dev *sd = to_sim(dev);
	unsigned int i;
	int len = 0;

	for (i = 0; i < sd->nr_dsp && i < sd->cfg.vppbs; i++)
		len += sysfs_emit_at(buf, len, "%u %s\n", i, sd->dsp[i]);
	return len;
}
static DEVICE_ATTR_RO(vppb_map);

static struct attribute *sim_dev_attrs[] = {
	&dev_attr_cci.attr,
	&dev_attr_config.attr,
	&dev_attr_vppb_map.attr,
	NULL
};
ATTRIBUTE_GROUPS(sim_dev);

static void sim_release(struct device *dev)
{
	struct sim_dev *sd = to_sim(dev);

	sim_events_free(sd);
	sim_switch_free(sd);
	kvfree(sd->in_buf);
	kvfree(sd->out_buf);
	kfree(sd->dsp);
	kfree(sd);
}

static const struct device_type sim_dev_type = {
	.name = "cxlfm_sim",
	.groups = sim_dev_groups,
	.release = sim_release,
};

/*
 * usp=BDF: remember the downstream ports below a real switch upstream port,
 * in the order the PCI core enumerated them (device/function order), so
 * that vPPB i of VCS 0 stands for downstream port i.
 */
static int sim_attach_usp(struct sim_dev *sd)
{
	unsigned int dom, bus, slot, fn, n = 0;
	struct pci_dev *usp, *pdev;
	int rc = 0;

	if (sscanf(sd->cfg.usp, "%x:%x:%x.%x", &dom, &bus, &slot, &fn) != 4)
		return -EINVAL;
	usp = pci_get_domain_bus_and_slot(dom, bus, PCI_DEVFN(slot, fn));
	if (!usp)
		return -ENODEV;
	if (!pci_is_pcie(usp) || pci_pcie_type(usp) != PCI_EXP_TYPE_UPSTREAM ||
	    !usp->subordinate) {
		rc = -EINVAL;
		goto out;
	}
	sd->dsp = kcalloc(SIM_MAX_PORTS, sizeof(*sd->dsp), GFP_KERNEL);
	if (!sd->dsp) {
		rc = -ENOMEM;
		goto out;
	}
	pci_lock_rescan_remove();
	list_for_each_entry(pdev, &usp->subordinate->devices, bus_list)
		if (pci_is_pcie(pdev) && n < SIM_MAX_PORTS &&
		    pci_pcie_type(pdev) == PCI_EXP_TYPE_DOWNSTREAM)
			strscpy(sd->dsp[n++], pci_name(pdev), sizeof(sd->dsp[0]));
	pci_unlock_rescan_remove();
	sd->nr_dsp = n;
out:
	pci_dev_put(usp);
	return rc;
}

/*
 * preset=subset: a switch that implements only part of the FM-API, as one
 * seen in the field: Identify, background status and abort, the logs,
 * Identify Switch Device, Get Physical Port State and the tunnel (its
 * timestamp commands, which the simulator does not implement, left out);
 * no Get Virtual CXL Switch Info, no event logs.  It reports LTSSM 7 (L2)
 * on its linked ports and leaves the link state flags zero.
 */
#define SIM_PRESET_SUBSET_CEL	"0001,0002,0005,0400,0401,5100,5101,5300"

static int sim_preset(struct sim_config *c, const char *name)
{
	if (strcmp(name, "subset"))
		return -EINVAL;
	c->ltssm = 7;
	c->link_flags = 0;
	return sim_cel_parse(SIM_PRESET_SUBSET_CEL, &c->cel);
}

/* Parse "key=value" into @c; Return: 0 or -EINVAL. */
static int sim_parse_opt(struct sim_config *c, char *opt)
{
	char *val = strchr(opt, '=');
	unsigned int v;

	if (!val)
		return -EINVAL;
	*val++ = '\0';
	if (!strcmp(opt, "usp"))
		return strscpy(c->usp, val, sizeof(c->usp)) < 0 ? -EINVAL : 0;
	if (!strcmp(opt, "mld"))
		return bitmap_parselist(val, c->mld, SIM_MAX_PORTS);
	if (!strcmp(opt, "cel"))
		return sim_cel_parse(val, &c->cel);
	if (!strcmp(opt, "preset"))
		return sim_preset(c, val);
	if (kstrtouint(val, 0, &v))
		return -EINVAL;
	if (!strcmp(opt, "ports"))
		c->ports = v;
	else if (!strcmp(opt, "vcs"))
		c->vcs = v;
	else if (!strcmp(opt, "vppbs"))
		c->vppbs = v;
	else if (!strcmp(opt, "payload"))
		c->payload = v;
	else if (!strcmp(opt, "lds"))
		c->lds = v;
	else if (!strcmp(opt, "heads"))
		c->heads = v;
	else if (!strcmp(opt, "dc_regions"))
		c->dc_regions = v;
	else if (!strcmp(opt, "bg_ms"))
		c->bg_ms = v;
	else if (!strcmp(opt, "irq"))
		c->irq = v;
	else if (!strcmp(opt, "log_cap"))
		c->log_cap = v;
	else if (!strcmp(opt, "event_irq"))
		c->event_irq = v;
	else if (!strcmp(opt, "vendor_log"))
		c->vendor_log = v;
	else if (!strcmp(opt, "ltssm") && v <= 0xf)	/* 4 bits, enum E */
		c->ltssm = v;
	else if (!strcmp(opt, "link_flags") && v <= U16_MAX)
		c->link_flags = v;
	else
		return -EINVAL;
	return 0;
}

static int sim_parse(char *s, unsigned int *id, struct sim_config *c)
{
	char *tok;
	int rc;

	*c = (struct sim_config){ .ports = 8, .vcs = 1, .payload = 2048,
				  .lds = 4, .heads = 1, .bg_ms = 100,
				  .irq = true, .log_cap = 64, .cel = SIM_CEL_ALL,
				  .ltssm = -1, .link_flags = -1 };
	tok = strsep(&s, " \t\n");
	if (!tok || kstrtouint(tok, 0, id))
		return -EINVAL;
	while ((tok = strsep(&s, " \t\n"))) {
		if (!*tok)
			continue;
		rc = sim_parse_opt(c, tok);
		if (rc)
			return rc;
	}
	if (!c->vppbs)
		c->vppbs = c->ports > c->vcs ? c->ports - c->vcs : 1;
	if (c->ports < 1 || c->ports > SIM_MAX_PORTS || c->vcs < 1 ||
	    c->vcs > c->ports || c->vppbs > 255 ||
	    c->vcs * c->vppbs > U16_MAX ||
	    c->payload < SIM_PAYLOAD_MIN || c->payload > SIM_PAYLOAD_MAX ||
	    !is_power_of_2(c->payload) || c->lds < 1 || c->lds > SIM_MAX_LDS ||
	    c->heads < 1 || c->heads > SIM_MAX_HEADS ||
	    c->dc_regions > SIM_MAX_DC_REGIONS || c->log_cap < 1 ||
	    c->log_cap > 4096 || c->bg_ms > 600000 ||
	    c->vendor_log > SIM_VENDOR_LOG_MAX ||
	    find_next_bit(c->mld, SIM_MAX_PORTS, c->ports) < SIM_MAX_PORTS ||
	    find_first_bit(c->mld, c->vcs) < c->vcs)
		return -EINVAL;
	return 0;
}

/* Debugfs first: its "cci" knob could register the CCI again. */
static void sim_destroy(struct sim_dev *sd)
{
	debugfs_remove_recursive(sd->debugfs);
	sim_cci_remove(sd);
	cancel_delayed_work_sync(&sd->bg_work);
	device_unregister(&sd->dev);
}

static int sim_create(unsigned int id, const struct sim_config *cfg)
{
	char name[16];
	struct sim_dev *sd;
	int rc;

	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		return -ENOMEM;
	sd->id = id;
	sd->cfg = *cfg;
	sd->timeout_ms = SIM_TIMEOUT_MS;
	mutex_init(&sd->reg_lock);
	mutex_init(&sd->lock);
	init_waitqueue_head(&sd->wq);
	spin_lock_init(&sd->bg_lock);
	device_initialize(&sd->dev);
	sd->dev.bus = &sim_bus;
	sd->dev.type = &sim_dev_type;
	rc = dev_set_name(&sd->dev, "sim%u", id);
	if (rc)
		goto err_put;

	sd->in_buf = kvzalloc(cfg->payload, GFP_KERNEL);
	sd->out_buf = kvzalloc(cfg->payload, GFP_KERNEL);
	rc = -ENOMEM;
	if (!sd->in_buf || !sd->out_buf)
		goto err_put;
	rc = sim_switch_init(sd);
	if (rc)
		goto err_put;
	rc = sim_events_init(sd);
	if (rc)
		goto err_put;
	if (cfg->usp[0]) {
		rc = sim_attach_usp(sd);
		if (rc)
			goto err_put;
	}
	rc = device_add(&sd->dev);
	if (rc)
		goto err_put;

	snprintf(name, sizeof(name), "%u", id);
	sd->debugfs = debugfs_create_dir(name, sim_debugfs_root);
	sim_faults_debugfs(sd);
	sim_events_debugfs(sd);

	rc = sim_cci_add(sd);
	if (rc)
		goto err_del;
	rc = xa_insert(&sim_devs, id, sd, GFP_KERNEL);
	if (rc)
		goto err_del;
	return 0;

err_del:
	sim_destroy(sd);
	return rc;
err_put:
	put_device(&sd->dev);
	return rc;
}

/*
 * new_device: "ID [key=value ...]" with keys ports, vcs, vppbs, payload,
 * mld (port list), lds, heads, dc_regions, bg_ms, irq, log_cap, event_irq,
 * usp, cel (opcode list), ltssm, link_flags and preset (see README in this
 * directory).
 */
static ssize_t new_device_store(SIM_BUS_TYPE *bus,
				const char *buf, size_t count)
{
	struct sim_config *cfg;
	unsigned int id;
	char *s;
	int rc;

	s = kstrndup(buf, count, GFP_KERNEL);
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	rc = -ENOMEM;
	if (!s || !cfg)
		goto out;
	rc = sim_parse(s, &id, cfg);
	if (rc)
		goto out;
	mutex_lock(&sim_devs_lock);
	rc = xa_load(&sim_devs, id) ? -EEXIST : sim_create(id, cfg);
	mutex_unlock(&sim_devs_lock);
out:
	kfree(cfg);
	kfree(s);
	return rc ? rc : count;
}
static BUS_ATTR_WO(new_device);

/* del_device: "ID" */
static ssize_t del_device_store(SIM_BUS_TYPE *bus,
				const char *buf, size_t count)
{
	struct sim_dev *sd;
	unsigned int id;
	int rc;

	rc = kstrtouint(buf, 0, &id);
	if (rc)
		return rc;
	mutex_lock(&sim_devs_lock);
	sd = xa_erase(&sim_devs, id);
	if (sd)
		sim_destroy(sd);
	mutex_unlock(&sim_devs_lock);
	return sd ? count : -ENOENT;
}
static BUS_ATTR_WO(del_device);

static struct attribute *sim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	NULL
};
ATTRIBUTE_GROUPS(sim_bus);

static SIM_BUS_TYPE sim_bus = {
	.name = "cxlfm_sim",
	.bus_groups = sim_bus_groups,
};

static int __init sim_init(void)
{
	int rc;

	sim_debugfs_root = debugfs_create_dir("cxlfm_sim", NULL);
	rc = bus_register(&sim_bus);
	if (rc)
		debugfs_remove_recursive(sim_debugfs_root);
	return rc;
}

static void __exit sim_exit(void)
{
	struct sim_dev *sd;
	unsigned long id;

	mutex_lock(&sim_devs_lock);
	xa_for_each(&sim_devs, id, sd) {
		xa_erase(&sim_devs, id);
		sim_destroy(sd);
	}
	mutex_unlock(&sim_devs_lock);
	bus_unregister(&sim_bus);
	debugfs_remove_recursive(sim_debugfs_root);
}

module_init(sim_init);
module_exit(sim_exit);
MODULE_DESCRIPTION("cxlfm_sim: simulated CXL switch mailbox CCI for cxlfm");
MODULE_LICENSE("GPL");
