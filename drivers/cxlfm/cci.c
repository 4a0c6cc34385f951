// SPDX-License-Identifier: GPL-2.0
/*
 * The CCI object: registration by transports, its device in
 * /sys/class/cxlfm with the attributes users expect, and the registry that
 * netlink looks CCIs up in.
 */
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include <uapi/linux/cxlfm.h>

#include "cxlfm.h"
#include "durable.h"
#include "inband.h"

static DEFINE_IDA(cxlfm_ida);
/* Registered CCIs by id; a lookup takes a device reference under the lock. */
static DEFINE_XARRAY(cxlfm_ccis);
/* Bumped whenever a CCI comes or goes, so dumps can flag an inconsistency. */
static atomic_t cxlfm_generation = ATOMIC_INIT(1);

static struct cxlfm_cci *to_cci(struct device *dev)
{
	return container_of(dev, struct cxlfm_cci, dev);
}

static ssize_t transport_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%s\n", to_cci(dev)->ops->name);
}
static DEVICE_ATTR_RO(transport);

static ssize_t payload_size_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%zu\n", to_cci(dev)->payload_size);
}
static DEVICE_ATTR_RO(payload_size);

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct cxlfm_cci *cci = to_cci(dev);

	if (READ_ONCE(cci->dying))
		return sysfs_emit(buf, "dying\n");
	return sysfs_emit(buf, "%s\n",
			  cxlfm_bg_running(cci, NULL) ? "background" : "ready");
}
static DEVICE_ATTR_RO(state);

/* "0x%04x" and a space or the final newline */
#define CXLFM_OPCODE_TEXT_LEN	7

/*
 * A CEL whose list does not fit one page (more than 585 commands) is
 * refused with -EOVERFLOW rather than cut short, as the ABI document says.
 */
static ssize_t supported_opcodes_show(struct device *dev,
				      struct device_attribute *attr, char *buf)
{
	struct cxlfm_cci *cci = to_cci(dev);
	unsigned int i;
	int len = 0;

	if (cci->cel.nr > (PAGE_SIZE - 1) / CXLFM_OPCODE_TEXT_LEN)
		return -EOVERFLOW;
	for (i = 0; i < cci->cel.nr; i++)
		len += sysfs_emit_at(buf, len, "%s%#06x", i ? " " : "",
				     cci->cel.opcode[i]);
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}
static DEVICE_ATTR_RO(supported_opcodes);

/* Identify (CXL r3.1 §8.2.9.1.1): offsets of the fields shown. */
#define CXLFM_IDENTIFY_VENDOR	0x00
#define CXLFM_IDENTIFY_DEVICE	0x02
#define CXLFM_IDENTIFY_SERIAL	0x08
#define CXLFM_IDENTIFY_MIN_LEN	0x10

static ssize_t vendor_id_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	const u8 *id = to_cci(dev)->identify;

	return sysfs_emit(buf, "%#06x\n", id[CXLFM_IDENTIFY_VENDOR] |
			  id[CXLFM_IDENTIFY_VENDOR + 1] << 8);
}
static DEVICE_ATTR_RO(vendor_id);

static ssize_t device_id_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	const u8 *id = to_cci(dev)->identify;

	return sysfs_emit(buf, "%#06x\n", id[CXLFM_IDENTIFY_DEVICE] |
			  id[CXLFM_IDENTIFY_DEVICE + 1] << 8);
}
static DEVICE_ATTR_RO(device_id);

static ssize_t serial_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	const u8 *id = to_cci(dev)->identify;
	u64 sn = 0;
	int i;

	for (i = 7; i >= 0; i--)
		sn = sn << 8 | id[CXLFM_IDENTIFY_SERIAL + i];
	return sysfs_emit(buf, "%#llx\n", sn);
}
static DEVICE_ATTR_RO(serial);

static ssize_t num_ports_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", to_cci(dev)->num_ports);
}
static DEVICE_ATTR_RO(num_ports);

static ssize_t num_vcs_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", to_cci(dev)->num_vcs);
}
static DEVICE_ATTR_RO(num_vcs);

static ssize_t inband_policy_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	u8 policy = READ_ONCE(to_cci(dev)->inband_policy);

	return sysfs_emit(buf, "%s\n", cxlfm_inband_policy_name(policy));
}

static ssize_t inband_policy_store(struct device *dev,
				   struct device_attribute *attr,
				   const char *buf, size_t count)
{
	int policy = cxlfm_inband_policy_parse(buf);

	if (policy < 0)
		return policy;
	WRITE_ONCE(to_cci(dev)->inband_policy, policy);
	return count;
}
static DEVICE_ATTR_RW(inband_policy);

/* What the host does in fact, and why if it is not the setting. */
static ssize_t inband_effective_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	return cxlfm_inband_effective_show(to_cci(dev), buf);
}
static DEVICE_ATTR_RO(inband_effective);

static ssize_t inband_ambiguous_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%ld\n",
			  atomic_long_read(&to_cci(dev)->inband_ambiguous));
}
static DEVICE_ATTR_RO(inband_ambiguous);

static ssize_t instance_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%#018llx\n", to_cci(dev)->instance);
}
static DEVICE_ATTR_RO(instance);

static ssize_t event_retention_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	u8 retention = READ_ONCE(to_cci(dev)->event_retention);

	return sysfs_emit(buf, "%s\n", cxlfm_event_retention_name(retention));
}

static ssize_t event_retention_store(struct device *dev,
				     struct device_attribute *attr,
				     const char *buf, size_t count)
{
	int retention = cxlfm_event_retention_parse(buf);

	if (retention < 0)
		return retention;
	cxlfm_cci_set_event_retention(to_cci(dev), retention);
	return count;
}
static DEVICE_ATTR_RW(event_retention);

static ssize_t durable_consumers_show(struct device *dev,
				      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_cci(dev)->nr_durable));
}
static DEVICE_ATTR_RO(durable_consumers);

static ssize_t events_unacked_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  atomic64_read(&to_cci(dev)->events_unacked));
}
static DEVICE_ATTR_RO(events_unacked);

static struct attribute *cxlfm_cci_attrs[] = {
	&dev_attr_transport.attr,
	&dev_attr_payload_size.attr,
	&dev_attr_state.attr,
	&dev_attr_supported_opcodes.attr,
	&dev_attr_vendor_id.attr,
	&dev_attr_device_id.attr,
	&dev_attr_serial.attr,
	&dev_attr_num_ports.attr,
	&dev_attr_num_vcs.attr,
	&dev_attr_inband_policy.attr,
	&dev_attr_inband_effective.attr,
	&dev_attr_inband_ambiguous.attr,
	&dev_attr_instance.attr,
	&dev_attr_event_retention.attr,
	&dev_attr_durable_consumers.attr,
	&dev_attr_events_unacked.attr,
	NULL
};

static umode_t cxlfm_cci_attr_visible(struct kobject *kobj,
				      struct attribute *a, int n)
{
	struct cxlfm_cci *cci = to_cci(kobj_to_dev(kobj));

	if ((a == &dev_attr_vendor_id.attr || a == &dev_attr_device_id.attr ||
	     a == &dev_attr_serial.attr) &&
	    cci->identify_len < CXLFM_IDENTIFY_MIN_LEN)
		return 0;
	if ((a == &dev_attr_num_ports.attr || a == &dev_attr_num_vcs.attr) &&
	    !cci->is_switch)
		return 0;
	return a->mode;
}

static const struct attribute_group cxlfm_cci_group = {
	.attrs = cxlfm_cci_attrs,
	.is_visible = cxlfm_cci_attr_visible,
};
__ATTRIBUTE_GROUPS(cxlfm_cci);

static void cxlfm_cci_release(struct device *dev)
{
	struct cxlfm_cci *cci = to_cci(dev);

	kvfree(cci->cel.opcode);
	kvfree(cci->cel.effects);
	kfree(cci->identify);
	cxlfm_events_free(cci);
	cxlfm_durable_cci_free(cci);
	cxlfm_inband_free(cci);
	ida_free(&cxlfm_ida, cci->id);
	kfree(cci);
}

static struct class cxlfm_class = {
	.name = "cxlfm",
	.dev_groups = cxlfm_cci_groups,
};

/**
 * cxlfm_register_cci() - hand a CCI to cxlfm
 * @parent: the device the transport drives (PCI function, simulator, ...)
 * @ops: the transport
 * @priv: transport data, returned by cxlfm_cci_priv()
 * @payload_size: bytes in the CCI's payload area (256 B to 1 MiB)
 *
 * Reads the CCI's Command Effects Log and identity, then makes it visible
 * in sysfs and to netlink.  The transport must be able to execute commands
 * when this is called.
 *
 * Return: the CCI, or an ERR_PTR().
 */
struct cxlfm_cci *cxlfm_register_cci(struct device *parent,
				     const struct cxlfm_transport_ops *ops,
				     void *priv, size_t payload_size)
{
	struct cxlfm_cci *cci;
	int rc;

	if (payload_size < CXLFM_MBOX_PAYLOAD_MIN ||
	    payload_size > CXLFM_MBOX_PAYLOAD_MAX)
		return ERR_PTR(-EINVAL);
	cci = kzalloc(sizeof(*cci), GFP_KERNEL);
	if (!cci)
		return ERR_PTR(-ENOMEM);
	cci->id = ida_alloc(&cxlfm_ida, GFP_KERNEL);
	if (cci->id < 0) {
		rc = cci->id;
		kfree(cci);
		return ERR_PTR(rc);
	}
	cci->ops = ops;
	cci->priv = priv;
	cci->payload_size = payload_size;
	/* never 0, which listeners may take for "none seen yet" */
	do {
		cci->instance = get_random_u64();
	} while (!cci->instance);
	cci->event_retention = cxlfm_event_retention_default();
	mutex_init(&cci->durable_lock);
	INIT_LIST_HEAD(&cci->durable);
	cxlfm_mbox_init(cci);

	device_initialize(&cci->dev);
	cci->dev.parent = parent;
	cci->dev.class = &cxlfm_class;
	cci->dev.release = cxlfm_cci_release;
	rc = dev_set_name(&cci->dev, "cxlfm%d", cci->id);
	if (rc)
		goto err_put;

	rc = cxlfm_discover(cci);
	if (rc)
		goto err_put;
	rc = cxlfm_events_init(cci);
	if (rc)
		goto err_put;
	cxlfm_inband_init(cci);

	rc = device_add(&cci->dev);
	if (rc)
		goto err_put;
	rc = xa_insert(&cxlfm_ccis, cci->id, cci, GFP_KERNEL);
	if (rc)
		goto err_del;
	atomic_inc(&cxlfm_generation);
	/* after xa_insert(): a consumer registering now finds the CCI too */
	cxlfm_durable_cci_add(cci);
	cxlfm_nl_notify_cci(cci, CXLFM_CMD_CCI_ADD_NTF);
	cxlfm_events_start(cci);
	dev_info(&cci->dev, "%s CCI on %s: %u commands%s\n", ops->name,
		 dev_name(parent), cci->cel.nr, cci->is_switch ? ", switch" : "");
	return cci;

err_del:
	device_del(&cci->dev);
err_put:
	cxlfm_mbox_shutdown(cci);
	put_device(&cci->dev);
	return ERR_PTR(rc);
}
EXPORT_SYMBOL_GPL(cxlfm_register_cci);

/**
 * cxlfm_unregister_cci() - take a CCI away from cxlfm
 * @cci: the CCI
 *
 * Fails every new and waiting command with -ENODEV, waits for the command
 * in flight, and removes the CCI from sysfs and netlink.  After this
 * returns the transport is never called again for @cci.
 */
void cxlfm_unregister_cci(struct cxlfm_cci *cci)
{
	xa_erase(&cxlfm_ccis, cci->id);
	atomic_inc(&cxlfm_generation);
	cxlfm_mbox_shutdown(cci);
	cxlfm_events_stop(cci);
	/* waits for an in-band change being announced: may hold the rescan lock */
	cxlfm_inband_stop(cci);
	/* after the workers that send the CCI's other notifications */
	cxlfm_nl_notify_cci(cci, CXLFM_CMD_CCI_DEL_NTF);
	device_del(&cci->dev);
	put_device(&cci->dev);
}
EXPORT_SYMBOL_GPL(cxlfm_unregister_cci);

/**
 * cxlfm_cci_get() - look up a CCI by id and take a reference
 * @id: the CCI's id
 *
 * Return: the CCI (drop with cxlfm_cci_put()), or NULL.
 */
struct cxlfm_cci *cxlfm_cci_get(u32 id)
{
	struct cxlfm_cci *cci;

	xa_lock(&cxlfm_ccis);
	cci = xa_load(&cxlfm_ccis, id);
	if (cci)
		get_device(&cci->dev);
	xa_unlock(&cxlfm_ccis);
	return cci;
}

/**
 * cxlfm_cci_get_next() - the registered CCI with the lowest id >= @id
 * @id: where to start
 *
 * Return: the CCI with a reference held, or NULL when there is none.
 */
struct cxlfm_cci *cxlfm_cci_get_next(u32 id)
{
	unsigned long index = id;
	struct cxlfm_cci *cci;

	xa_lock(&cxlfm_ccis);
	cci = xa_find(&cxlfm_ccis, &index, ULONG_MAX, XA_PRESENT);
	if (cci)
		get_device(&cci->dev);
	xa_unlock(&cxlfm_ccis);
	return cci;
}

void cxlfm_cci_put(struct cxlfm_cci *cci)
{
	put_device(&cci->dev);
}

unsigned int cxlfm_cci_generation(void)
{
	return atomic_read(&cxlfm_generation);
}

int cxlfm_class_register(void)
{
	return class_register(&cxlfm_class);
}

void cxlfm_class_unregister(void)
{
	class_unregister(&cxlfm_class);
}
