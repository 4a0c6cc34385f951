// SPDX-License-Identifier: GPL-2.0
/*
 * Fault knobs and test hooks in /sys/kernel/debug/cxlfm_sim/<id>/:
 *
 *   faults      "fail OP N RC", "timeout OP N", "short OP N", "long OP N",
 *               "count OP N", "events OP N" arm a fault for the next N
 *               commands of opcode OP ("any" for every opcode); "clear"
 *               disarms all; reading lists the armed ones
 *   busy        1: every command is answered Busy
 *   latency_ms  delay before each command
 *   timeout_ms  how long a "timeout" fault holds its command before it
 *               fails (default 2000, the mailbox timeout); lowered so that
 *               a campaign can time out every opcode
 *   bg_hang     1: background operations stop at 50 % until set back to 0
 *   inject      "LOG N": N Physical Switch records into log LOG (0-3)
 *   storm       "N": N records into every log
 *   link        "PORT up" / "PORT down"
 *   record      "binding VPPB STATUS N": N Virtual CXL Switch binding
 *               change records of vPPB VPPB of VCS 0 with binding status
 *               STATUS; "ltssm PORT STATE N": N Physical Switch link state
 *               change records of PORT with LTSSM state STATE.  Any value,
 *               reserved ones included; the switch itself does not change
 *   cci         "remove" / "add": unregister or register the CCI with
 *               cxlfm (a command sleeping in the simulator fails -ENODEV);
 *               "surprise": remove under the PCI rescan lock, as the PCI
 *               core removes a hot-removed function
 *   cmd         test hook: write opcode (LE16) + request, read back return
 *               code (LE16) + response; runs on the switch, without faults
 *   commands    "OPCODE COUNT" per opcode of the mailbox transactions cxlfm
 *               sent (the cmd hook's are not counted); any write resets
 *   outside_cel how many of those the switch CCI's CEL does not list, and
 *               of the commands they tunnel, how many the CEL of the CCI
 *               they reach does not (cxlfm should send none); writable
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "sim.h"

static const char * const sim_fault_names[] = {
	[SIM_FAULT_FAIL] = "fail",
	[SIM_FAULT_TIMEOUT] = "timeout",
	[SIM_FAULT_SHORT] = "short",
	[SIM_FAULT_LONG] = "long",
	[SIM_FAULT_COUNT] = "count",
	[SIM_FAULT_EVENTS] = "events",
};

/**
 * sim_fault_take() - consume a fault armed for this command
 * @sd: the switch, locked
 * @opcode: the command
 * @kind: the fault looked for
 * @rc: for %SIM_FAULT_FAIL, receives the return code
 *
 * Return: 1 if such a fault was armed (and is now used once), else 0.
 */
int sim_fault_take(struct sim_dev *sd, u16 opcode, enum sim_fault_kind kind,
		   u16 *rc)
{
	struct sim_fault *f;

	lockdep_assert_held(&sd->lock);
	for (f = sd->faults; f < sd->faults + SIM_MAX_FAULTS; f++) {
		if (!f->count || f->kind != kind || (!f->any && f->opcode != opcode))
			continue;
		f->count--;
		if (rc)
			*rc = f->rc;
		return 1;
	}
	return 0;
}

/*
 * The count or length field of each response that has one, for the "count"
 * fault: it is set to its maximum, claiming more than the payload holds.
 */
static const struct {
	u16 opcode;
	u8 off;
	u8 size;
} sim_count_fields[] = {
	{ 0x0100, 0x14, 2 },	/* event record count */
	{ 0x0400, 0x00, 2 },	/* supported log entries */
	{ 0x5101, 0x00, 1 },	/* port information blocks */
	{ 0x5200, 0x00, 1 },	/* VCS blocks */
	{ 0x5300, 0x00, 2 },	/* tunnelled response length */
};

void sim_inflate_count(struct sim_req *rq)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sim_count_fields); i++) {
		if (sim_count_fields[i].opcode != rq->opcode ||
		    sim_count_fields[i].off + sim_count_fields[i].size > rq->out_len)
			continue;
		memset(rq->out + sim_count_fields[i].off, 0xff,
		       sim_count_fields[i].size);
	}
}

/* Parse "KIND OP N [RC]" and arm it. */
static int sim_fault_arm(struct sim_dev *sd, char *s)
{
	char kind[16], op[16];
	struct sim_fault f = {};
	unsigned int n, rc = 0, i;
	int fields;

	fields = sscanf(s, "%15s %15s %u %x", kind, op, &n, &rc);
	if (fields < 3 || rc > U16_MAX)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(sim_fault_names); i++)
		if (!strcmp(kind, sim_fault_names[i]))
			break;
	/* only "fail" takes a return code */
	if (i == ARRAY_SIZE(sim_fault_names) ||
	    (i == SIM_FAULT_FAIL ? fields != 4 : fields == 4))
		return -EINVAL;
	f.kind = i;
	f.count = n;
	f.rc = rc;
	if (!strcmp(op, "any"))
		f.any = true;
	else if (kstrtou16(op, 0, &f.opcode))
		return -EINVAL;

	for (i = 0; i < SIM_MAX_FAULTS; i++)
		if (!sd->faults[i].count)
			break;
	if (i == SIM_MAX_FAULTS)
		return -ENOSPC;
	sd->faults[i] = f;
	return 0;
}

static int sim_faults_show(struct seq_file *m, void *unused)
{
	struct sim_dev *sd = m->private;
	const struct sim_fault *f;

	mutex_lock(&sd->lock);
	for (f = sd->faults; f < sd->faults + SIM_MAX_FAULTS; f++) {
		if (!f->count)
			continue;
		seq_printf(m, "%s ", sim_fault_names[f->kind]);
		if (f->any)
			seq_puts(m, "any");
		else
			seq_printf(m, "%#06x", f->opcode);
		seq_printf(m, " %u", f->count);
		if (f->kind == SIM_FAULT_FAIL)
			seq_printf(m, " %#x", f->rc);
		seq_putc(m, '\n');
	}
	mutex_unlock(&sd->lock);
	return 0;
}

static int sim_faults_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_faults_show, inode->i_private);
}

/* Copy a short command written to a knob, without its newline. */
static char *sim_knob_arg(const char __user *ubuf, size_t count)
{
	char *s;

	if (count > 64)
		return ERR_PTR(-EINVAL);
	s = memdup_user_nul(ubuf, count);
	if (!IS_ERR(s))
		strim(s);
	return s;
}

static ssize_t sim_faults_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct sim_dev *sd = file_inode(file)->i_private;
	char *s = sim_knob_arg(ubuf, count);
	int rc = 0;

	if (IS_ERR(s))
		return PTR_ERR(s);
	mutex_lock(&sd->lock);
	if (!strcmp(s, "clear"))
		memset(sd->faults, 0, sizeof(sd->faults));
	else
		rc = sim_fault_arm(sd, s);
	mutex_unlock(&sd->lock);
	kfree(s);
	return rc ? rc : count;
}

static const struct file_operations sim_faults_fops = {
	.owner = THIS_MODULE,
	.open = sim_faults_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = sim_faults_write,
};

static ssize_t sim_bg_hang_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct sim_dev *sd = file_inode(file)->i_private;
	bool hang;
	int rc;

	rc = kstrtobool_from_user(ubuf, count, &hang);
	if (rc)
		return rc;
	mutex_lock(&sd->lock);
	WRITE_ONCE(sd->bg_hang, hang);
	/* Let an operation that was held back complete now if it is due. */
	if (!hang && sd->bg.running &&
	    time_after_eq(jiffies, sd->bg.start + msecs_to_jiffies(sd->cfg.bg_ms)))
		mod_delayed_work(CXLFM_PERCPU_WQ, &sd->bg_work, 0);
	mutex_unlock(&sd->lock);
	return count;
}

static ssize_t sim_bg_hang_read(struct file *file, char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct sim_dev *sd = file_inode(file)->i_private;
	char buf[3] = { READ_ONCE(sd->bg_hang) ? '1' : '0', '\n' };

	return simple_read_from_buffer(ubuf, count, ppos, buf, 2);
}

static const struct file_operations sim_bg_hang_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sim_bg_hang_read,
	.write = sim_bg_hang_write,
	.llseek = default_llseek,
};

static ssize_t sim_inject_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct sim_dev *sd = file_inode(file)->i_private;
	char *s = sim_knob_arg(ubuf, count);
	unsigned int log, n;
	int rc = 0;

	if (IS_ERR(s))
		return PTR_ERR(s);
	if (sscanf(s, "%u %u", &log, &n) != 2 || log >= SIM_NR_LOGS ||
	    n > 1000000) {
		rc = -EINVAL;
	} else {
		mutex_lock(&sd->lock);
		sim_event_inject(sd, log, n);
		mutex_unlock(&sd->lock);
	}
	kfree(s);
	return rc ? rc : count;
}

static const struct file_operations sim_inject_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_inject_write,
	.llseek = default_llseek,
};

static ssize_t sim_storm_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct sim_dev *sd = file_inode(file)->i_private;
	unsigned int n, log;
	int rc;

	rc = kstrtouint_from_user(ubuf, count, 0, &n);
	if (rc)
		return rc;
	if (n > 1000000)
		return -EINVAL;
	mutex_lock(&sd->lock);
	for (log = 0; log < SIM_NR_LOGS; log++)
		sim_event_inject(sd, log, n);
	mutex_unlock(&sd->lock);
	return count;
}

static const struct file_operations sim_storm_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_storm_write,
	.llseek = default_llseek,
};

static ssize_t sim_link_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct sim_dev *sd = file_inode(file)->i_private;
	char *s = sim_knob_arg(ubuf, count);
	char state[8];
	unsigned int port;
	int rc = 0;

	if (IS_ERR(s))
		return PTR_ERR(s);
	if (sscanf(s, "%u %7s", &port, state) != 2 || port >= sd->cfg.ports ||
	    (strcmp(state, "up") && strcmp(state, "down"))) {
		rc = -EINVAL;
	} else {
		mutex_lock(&sd->lock);
		sim_port_set_link(sd, port, !strcmp(state, "up"));
		mutex_unlock(&sd->lock);
	}
	kfree(s);
	return rc ? rc : count;
}

static const struct file_operations sim_link_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_link_write,
	.llseek = default_llseek,
};

static ssize_t sim_record_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct sim_dev *sd = file_inode(file)->i_private;
	char *s = sim_knob_arg(ubuf, count);
	unsigned int id, val, n, i;
	char kind[8];
	bool link;
	int rc = 0;

	if (IS_ERR(s))
		return PTR_ERR(s);
	if (sscanf(s, "%7s %u %u %u", kind, &id, &val, &n) != 4 ||
	    (strcmp(kind, "binding") && strcmp(kind, "ltssm")) ||
	    val > U8_MAX || n > 1000000) {
		rc = -EINVAL;
		goto out;
	}
	link = !strcmp(kind, "ltssm");
	if (id >= (link ? sd->cfg.ports : sd->cfg.vppbs)) {
		rc = -EINVAL;
		goto out;
	}
	mutex_lock(&sd->lock);
	for (i = 0; i < n; i++) {
		if (link)
			sim_ltssm_record(sd, id, val);
		else
			sim_binding_record(sd, id, val);
	}
	mutex_unlock(&sd->lock);
out:
	kfree(s);
	return rc ? rc : count;
}

static const struct file_operations sim_record_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_record_write,
	.llseek = default_llseek,
};

static ssize_t sim_cci_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct sim_dev *sd = file_inode(file)->i_private;
	char *s = sim_knob_arg(ubuf, count);
	int rc = 0;

	if (IS_ERR(s))
		return PTR_ERR(s);
	if (!strcmp(s, "remove")) {
		sim_cci_remove(sd);
	} else if (!strcmp(s, "surprise")) {
		/* the context of a PCI transport's removal on hot-unplug */
		pci_lock_rescan_remove();
		sim_cci_remove(sd);
		pci_unlock_rescan_remove();
	} else if (!strcmp(s, "add")) {
		rc = sim_cci_add(sd);
	} else {
		rc = -EINVAL;
	}
	kfree(s);
	return rc ? rc : count;
}

static const struct file_operations sim_cci_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_cci_write,
	.llseek = default_llseek,
};

/* The test hook: one request per write, its response read back. */
struct sim_hook {
	struct sim_dev *sd;
	size_t len;
	u8 buf[];
};

static int sim_hook_open(struct inode *inode, struct file *file)
{
	struct sim_dev *sd = inode->i_private;
	struct sim_hook *h;

	h = kvzalloc(struct_size(h, buf, 2 + sd->cfg.payload), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->sd = sd;
	file->private_data = h;
	return nonseekable_open(inode, file);
}

static int sim_hook_release(struct inode *inode, struct file *file)
{
	kvfree(file->private_data);
	return 0;
}

static ssize_t sim_hook_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct sim_hook *h = file->private_data;
	struct sim_dev *sd = h->sd;
	size_t len;
	u16 rc;
	u8 *req;

	if (count < 2 || count > 2 + sd->cfg.payload)
		return -EINVAL;
	req = vmemdup_user(ubuf, count);
	if (IS_ERR(req))
		return PTR_ERR(req);
	mutex_lock(&sd->lock);
	rc = sim_run(sd, sim_get16(req), req + 2, count - 2, &len, false);
	sim_put16(h->buf, rc);
	memcpy(h->buf + 2, sd->out_buf, len);
	h->len = 2 + len;
	mutex_unlock(&sd->lock);
	kvfree(req);
	return count;
}

static ssize_t sim_hook_read(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct sim_hook *h = file->private_data;
	ssize_t n = min(count, h->len);

	if (copy_to_user(ubuf, h->buf, n))
		return -EFAULT;
	return n;
}

static const struct file_operations sim_hook_fops = {
	.owner = THIS_MODULE,
	.open = sim_hook_open,
	.release = sim_hook_release,
	.read = sim_hook_read,
	.write = sim_hook_write,
};

/**
 * sim_count_cmd() - count one mailbox transaction
 * @sd: the switch, locked
 * @opcode: its opcode
 *
 * Opcodes past the first %SIM_MAX_COUNTED are not counted.
 */
void sim_count_cmd(struct sim_dev *sd, u16 opcode)
{
	struct sim_op_count *c;

	lockdep_assert_held(&sd->lock);
	for (c = sd->op_count; c < sd->op_count + SIM_MAX_COUNTED; c++) {
		if (c->n && c->opcode != opcode)
			continue;
		c->opcode = opcode;
		c->n++;
		return;
	}
}

static int sim_commands_show(struct seq_file *m, void *unused)
{
	struct sim_dev *sd = m->private;
	struct sim_op_count *c;

	mutex_lock(&sd->lock);
	for (c = sd->op_count; c < sd->op_count + SIM_MAX_COUNTED && c->n; c++)
		seq_printf(m, "%#06x %u\n", c->opcode, c->n);
	mutex_unlock(&sd->lock);
	return 0;
}

static int sim_commands_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_commands_show, inode->i_private);
}

static ssize_t sim_commands_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct sim_dev *sd = ((struct seq_file *)file->private_data)->private;

	mutex_lock(&sd->lock);
	memset(sd->op_count, 0, sizeof(sd->op_count));
	mutex_unlock(&sd->lock);
	return count;
}

static const struct file_operations sim_commands_fops = {
	.owner = THIS_MODULE,
	.open = sim_commands_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = sim_commands_write,
};

void sim_faults_debugfs(struct sim_dev *sd)
{
	struct dentry *d = sd->debugfs;

	debugfs_create_file("faults", 0600, d, sd, &sim_faults_fops);
	debugfs_create_bool("busy", 0600, d, &sd->busy);
	debugfs_create_u32("latency_ms", 0600, d, &sd->latency_ms);
	debugfs_create_u32("timeout_ms", 0600, d, &sd->timeout_ms);
	debugfs_create_file("bg_hang", 0600, d, sd, &sim_bg_hang_fops);
	debugfs_create_file("inject", 0200, d, sd, &sim_inject_fops);
	debugfs_create_file("storm", 0200, d, sd, &sim_storm_fops);
	debugfs_create_file("link", 0200, d, sd, &sim_link_fops);
	debugfs_create_file("record", 0200, d, sd, &sim_record_fops);
	debugfs_create_file("cci", 0200, d, sd, &sim_cci_fops);
	debugfs_create_file("cmd", 0600, d, sd, &sim_hook_fops);
	debugfs_create_file("commands", 0600, d, sd, &sim_commands_fops);
	debugfs_create_u32("outside_cel", 0600, d, &sd->outside_cel);
}
