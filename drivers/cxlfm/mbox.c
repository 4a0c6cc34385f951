// SPDX-License-Identifier: GPL-2.0
/*
 * The mailbox engine above the transports: who may send what and when,
 * payload limits, return codes, and background commands (CXL r3.1 §8.2.8.4).
 */
#include <linux/bsearch.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/sched.h>

#include "compat.h"
#include "cxlfm.h"
#include "fm_nl.h"
#include "fmapi/fmapi.h"
#include "fmapi/fmapi_cmds.h"

unsigned int cxlfm_bg_poll_ms = 200;

/* 0 would requeue the poll at once, a busy loop on the system workqueue */
static int cxlfm_bg_poll_ms_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 10, 60000);
}

static const struct kernel_param_ops cxlfm_bg_poll_ms_ops = {
	.set = cxlfm_bg_poll_ms_set,
	.get = param_get_uint,
};
module_param_cb(bg_poll_ms, &cxlfm_bg_poll_ms_ops, &cxlfm_bg_poll_ms, 0644);
MODULE_PARM_DESC(bg_poll_ms,
		 "Interval in ms, 10-60000, at which background command completion is polled (default 200)");

static int cmp_u16(const void *key, const void *elt)
{
	return (int)*(const u16 *)key - (int)*(const u16 *)elt;
}

static const u16 *cel_find(struct cxlfm_cci *cci, u16 opcode)
{
	return bsearch(&opcode, cci->cel.opcode, cci->cel.nr, sizeof(u16),
		       cmp_u16);
}

/**
 * cxlfm_cci_supports() - whether a CCI's Command Effects Log lists a command
 * @cci: the CCI
 * @opcode: the command
 * @effects: if non-NULL, receives the command's effects
 *
 * Return: true if the CEL lists @opcode.
 */
bool cxlfm_cci_supports(struct cxlfm_cci *cci, u16 opcode, u16 *effects)
{
	const u16 *p = cel_find(cci, opcode);

	if (p && effects)
		*effects = cci->cel.effects[p - cci->cel.opcode];
	return p;
}

/*
 * Record the end of the running background command and announce it, once,
 * under the number it was started with: the device's status does not
 * carry one, so that a waiter can tell its command's end from another's.
 */
static void cxlfm_bg_finish(struct cxlfm_cci *cci,
			    const struct cxlfm_bg_status *st)
{
	struct cxlfm_bg_status done = *st;
	bool was_running;

	spin_lock(&cci->bg_lock);
	was_running = cci->bg.running;
	done.seq = cci->bg.seq;
	done.running = false;
	cci->bg = done;
	spin_unlock(&cci->bg_lock);
	if (was_running) {
		dev_dbg(&cci->dev, "background %#06x #%u done, rc %#x\n",
			done.opcode, done.seq, done.return_code);
		cxlfm_fm_notify_bg_done(cci, &done);
	}
}

/* Read the background status once; finish the command if it is done. */
static bool cxlfm_bg_check(struct cxlfm_cci *cci)
{
	struct cxlfm_bg_status st = {};

	if (cci->ops->bg_status(cci, &st)) {
		/* The transport is gone: fail the command. */
		st = (struct cxlfm_bg_status){ .opcode = cci->bg.opcode,
					       .return_code = FMAPI_RC_INTERNAL };
		cxlfm_bg_finish(cci, &st);
		return true;
	}
	/*
	 * CXL r3.1 §8.2.8.4.7: the command is done when the status bit clears;
	 * an aborted one stops short of 100 %.
	 */
	if (st.running) {
		spin_lock(&cci->bg_lock);
		cci->bg.percent = st.percent;
		spin_unlock(&cci->bg_lock);
		return false;
	}
	cxlfm_bg_finish(cci, &st);
	return true;
}

static void cxlfm_bg_poll_work(struct work_struct *work)
{
	struct cxlfm_cci *cci = container_of(to_delayed_work(work),
					     struct cxlfm_cci, bg_poll);

	if (!cxlfm_bg_check(cci))
		schedule_delayed_work(&cci->bg_poll,
				      msecs_to_jiffies(cxlfm_bg_poll_ms));
}

/**
 * cxlfm_cci_bg_interrupt() - a transport saw a background-complete interrupt
 * @cci: the CCI
 *
 * May be called from hard interrupt context; the status is read from a
 * work item.
 */
void cxlfm_cci_bg_interrupt(struct cxlfm_cci *cci)
{
	mod_delayed_work(CXLFM_PERCPU_WQ, &cci->bg_poll, 0);
}
EXPORT_SYMBOL_GPL(cxlfm_cci_bg_interrupt);

/**
 * cxlfm_bg_running() - whether a background command is in flight
 * @cci: the CCI
 * @st: if non-NULL, receives the last known status
 *
 * Return: true while a background command started by cxlfm runs.
 */
bool cxlfm_bg_running(struct cxlfm_cci *cci, struct cxlfm_bg_status *st)
{
	bool running;

	spin_lock(&cci->bg_lock);
	running = cci->bg.running;
	if (st)
		*st = cci->bg;
	spin_unlock(&cci->bg_lock);
	return running;
}

/*
 * Commands cxlfm sends to learn what a CCI supports, before its CEL is
 * known (CXL r3.1 §8.2.9.1.1, §8.2.9.5.1-2).
 */
static bool cxlfm_discovery_opcode(u16 opcode)
{
	return opcode == FMAPI_OP_IDENTIFY ||
	       opcode == FMAPI_OP_GET_SUPPORTED_LOGS ||
	       opcode == FMAPI_OP_GET_LOG;
}

/**
 * cxlfm_mbox_send() - send one command to a CCI
 * @cci: the CCI
 * @cmd: the command; on return its output, length and return code
 *
 * Only commands the CCI's CEL lists are sent.  A command the device starts
 * in the background returns -EINPROGRESS with the background command
 * tracked under a new number in @cmd->bg_seq; its end is multicast
 * (cxlfm_fm_notify_bg_done()) with that number.  Nobody waits for it in
 * the kernel.  Never sleeps on the mailbox while a background command
 * runs; the device would answer Busy anyway.
 *
 * Return: 0 on success; the errno of a non-success return code (which stays
 * in @cmd->return_code); -EOPNOTSUPP for a command the CEL does not list;
 * -E2BIG if the input does not fit the payload area; -EBUSY while another
 * background command runs; -ENODEV once the CCI is going away; or the
 * transport's error.
 */
int cxlfm_mbox_send(struct cxlfm_cci *cci, struct cxlfm_mbox_cmd *cmd)
{
	u16 effects = 0;
	int rc;

	if (cmd->size_in > cci->payload_size)
		return -E2BIG;
	cmd->return_code = 0;
	cmd->vendor_status = 0;
	cmd->size_answered = 0;

	down_read(&cci->state_rwsem);
	if (READ_ONCE(cci->dying)) {
		rc = -ENODEV;
		goto out;
	}
	if (!cxlfm_cci_supports(cci, cmd->opcode, &effects) &&
	    !(cci->cel.nr == 0 && cxlfm_discovery_opcode(cmd->opcode))) {
		rc = -EOPNOTSUPP;
		goto out;
	}
	/* CXL r3.1 §8.2.8.4: one background command at a time per CCI */
	if ((effects & FMAPI_CEL_BG_OP) && cxlfm_bg_running(cci, NULL)) {
		rc = -EBUSY;
		goto out;
	}

	mutex_lock_io(&cci->mbox_mutex);
	/* waited behind a command of a device that is going away */
	rc = READ_ONCE(cci->dying) ? -ENODEV : cci->ops->send(cci, cmd);
	/*
	 * Numbered under the mailbox mutex, as every background command
	 * starts under it: a Background Operation Status read (CXL r3.1
	 * §8.2.9.1.2) describes the command numbered @cmd->bg_seq.
	 */
	spin_lock(&cci->bg_lock);
	if (!rc && cmd->return_code == FMAPI_RC_BACKGROUND)
		cci->bg = (struct cxlfm_bg_status){
			.running = true,
			.opcode = cmd->opcode,
			/* 0 stays "none" when the counter wraps */
			.seq = cci->bg.seq + 1 ?: 1,
		};
	cmd->bg_seq = cci->bg.seq;
	spin_unlock(&cci->bg_lock);
	mutex_unlock(&cci->mbox_mutex);

	if (rc)
		goto out;
	/*
	 * Polled even where the transport interrupts: a completion interrupt
	 * that came before the command was marked running above found
	 * nothing to finish, and an interrupt may be lost.  The interrupt
	 * only makes the next status read come at once.
	 */
	if (cmd->return_code == FMAPI_RC_BACKGROUND)
		schedule_delayed_work(&cci->bg_poll,
				      msecs_to_jiffies(cxlfm_bg_poll_ms));
	rc = fmapi_rc_errno(cmd->return_code);
out:
	up_read(&cci->state_rwsem);
	return rc;
}

/**
 * cxlfm_call() - send a typed command: encode, send, decode
 * @cci: the CCI
 * @opcode: a command the FM-API codec describes
 * @req: the typed request, or NULL for a command without input
 * @rsp: the typed response to fill, or NULL for one without output
 * @buf: scratch of the CCI's payload size, for the wire bytes
 *
 * Return: as cxlfm_mbox_send(), or the codec's errno for a request that
 * does not encode or a response that does not decode.
 */
int cxlfm_call(struct cxlfm_cci *cci, u16 opcode, const void *req, void *rsp,
	       void *buf)
{
	const struct fmapi_cmd *desc = fmapi_cmd_find(opcode);
	struct cxlfm_mbox_cmd cmd = {
		.opcode = opcode,
		.payload_in = buf,
		.payload_out = buf,
		.size_out = cci->payload_size,
	};
	struct fmapi_diag diag = {};
	int rc;

	rc = fmapi_encode(desc->req, req, buf, cci->payload_size, &diag);
	if (rc < 0)
		return rc;
	cmd.size_in = rc;
	rc = cxlfm_mbox_send(cci, &cmd);
	if (rc) {
		dev_dbg(&cci->dev, "%s: rc %#x (%d)\n", desc->name,
			cmd.return_code, rc);
		return rc;
	}
	rc = fmapi_decode(desc->rsp, buf, cmd.size_out, rsp, &diag);
	if (rc)
		dev_warn(&cci->dev, "%s: malformed response: %s\n", desc->name,
			 fmapi_err_str(diag.reason));
	return rc;
}

/* Set up the background machinery of a new CCI. */
void cxlfm_mbox_init(struct cxlfm_cci *cci)
{
	mutex_init(&cci->mbox_mutex);
	spin_lock_init(&cci->ntf_lock);
	init_rwsem(&cci->state_rwsem);
	spin_lock_init(&cci->bg_lock);
	INIT_DELAYED_WORK(&cci->bg_poll, cxlfm_bg_poll_work);
}

/*
 * Mark a CCI dying: waits for commands in flight (the transport bounds each
 * by its timeout), then fails every new and waiting command with -ENODEV.
 */
void cxlfm_mbox_shutdown(struct cxlfm_cci *cci)
{
	/* set first: commands queued on the mailbox mutex then fail at once */
	WRITE_ONCE(cci->dying, true);
	down_write(&cci->state_rwsem);
	up_write(&cci->state_rwsem);
	cancel_delayed_work_sync(&cci->bg_poll);
}
