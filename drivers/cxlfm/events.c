// SPDX-License-Identifier: GPL-2.0
/*
 * The switch's event logs (CXL r3.1 §8.2.9.2): drained with Get Event
 * Records using the whole payload, cleared in bulk with Clear Event
 * Records, each record multicast with its decoded fields and its raw bytes,
 * every device-reported overflow forwarded.  Runs from a work item, on the
 * event interrupt of the transport or by polling.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <uapi/linux/cxlfm.h>

#include "cxlfm.h"
#include "inband.h"
#include "ntf.h"
#include "fmapi/fmapi.h"
#include "fmapi/fmapi_cmds.h"

static unsigned int cxlfm_event_poll_ms = 1000;

/* 0 turns polling off; below 10 ms the drain would hog a CPU */
static int cxlfm_event_poll_ms_set(const char *val,
				   const struct kernel_param *kp)
{
	unsigned int v;
	int rc = kstrtouint(val, 0, &v);

	if (rc)
		return rc;
	if (v && (v < 10 || v > 3600000))
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	return 0;
}

static const struct kernel_param_ops cxlfm_event_poll_ms_ops = {
	.set = cxlfm_event_poll_ms_set,
	.get = param_get_uint,
};
module_param_cb(event_poll_ms, &cxlfm_event_poll_ms_ops, &cxlfm_event_poll_ms,
		0644);
MODULE_PARM_DESC(event_poll_ms,
		 "Interval in ms, 10-3600000, at which event logs are polled on CCIs without an event interrupt; 0 disables polling (default 1000)");

/* Get Event Records output: a 0x20-byte header, then the records */
#define CXLFM_GET_EVENTS_HDR	0x20
/* Clear Event Records input: 6 bytes, then 2-byte handles (at most 255) */
#define CXLFM_CLEAR_EVENTS_HDR	6

static bool cxlfm_events_supported(struct cxlfm_cci *cci)
{
	return cxlfm_cci_supports(cci, FMAPI_OP_GET_EVENT_RECORDS, NULL) &&
	       cxlfm_cci_supports(cci, FMAPI_OP_CLEAR_EVENT_RECORDS, NULL);
}

static void cxlfm_events_schedule(struct cxlfm_cci *cci, unsigned long delay)
{
	if (!READ_ONCE(cci->dying))
		mod_delayed_work(system_wq, &cci->event_work, delay);
}

/**
 * cxlfm_cci_event_interrupt() - a transport saw an event interrupt
 * @cci: the CCI
 *
 * May be called from hard interrupt context; the logs are drained from a
 * work item.
 */
void cxlfm_cci_event_interrupt(struct cxlfm_cci *cci)
{
	cxlfm_events_schedule(cci, 0);
}
EXPORT_SYMBOL_GPL(cxlfm_cci_event_interrupt);

static int cxlfm_put_event_body(struct sk_buff *msg, const struct fmapi_event *ev)
{
	switch (ev->kind) {
	case FMAPI_EVENT_PHYS_SWITCH:
		return nla_put_u8(msg, CXLFM_A_EVENT_TYPE, ev->ps.event_type) ||
		       nla_put_u8(msg, CXLFM_A_EVENT_PORT_ID, ev->ps.port_id) ||
		       nla_put_u8(msg, CXLFM_A_EVENT_LTSSM, ev->ps.ltssm_state) ||
		       nla_put_u16(msg, CXLFM_A_EVENT_LINK_FLAGS, ev->ps.link_flags) ||
		       nla_put_u16(msg, CXLFM_A_EVENT_SLOT_STATUS, ev->ps.slot_status);
	case FMAPI_EVENT_VIRT_SWITCH:
		return nla_put_u8(msg, CXLFM_A_EVENT_TYPE, ev->vcs.event_type) ||
		       nla_put_u8(msg, CXLFM_A_EVENT_VCS_ID, ev->vcs.vcs_id) ||
		       nla_put_u8(msg, CXLFM_A_EVENT_VPPB_ID, ev->vcs.vppb_id) ||
		       nla_put_u8(msg, CXLFM_A_EVENT_BINDING_STATUS, ev->vcs.binding_status) ||
		       nla_put_u8(msg, CXLFM_A_EVENT_BOUND_PORT_ID, ev->vcs.bound_port_id) ||
		       nla_put_u8(msg, CXLFM_A_EVENT_BOUND_LD_ID, ev->vcs.bound_ld_id);
	case FMAPI_EVENT_MLD_PORT:
		return nla_put_u8(msg, CXLFM_A_EVENT_TYPE, ev->mld.event_type) ||
		       nla_put_u8(msg, CXLFM_A_EVENT_PORT_ID, ev->mld.port_id);
	default:
		return 0;
	}
}

/* The codec's record kinds as the uapi numbers them. */
static const u8 cxlfm_uapi_kind[FMAPI_EVENT__MAX] = {
	[FMAPI_EVENT_UNKNOWN] = CXLFM_EVENT_KIND_UNKNOWN,
	[FMAPI_EVENT_GEN_MEDIA] = CXLFM_EVENT_KIND_GENERAL_MEDIA,
	[FMAPI_EVENT_DRAM] = CXLFM_EVENT_KIND_DRAM,
	[FMAPI_EVENT_MEM_MODULE] = CXLFM_EVENT_KIND_MEMORY_MODULE,
	[FMAPI_EVENT_MEM_SPARING] = CXLFM_EVENT_KIND_MEMORY_SPARING,
	[FMAPI_EVENT_PHYS_SWITCH] = CXLFM_EVENT_KIND_PHYSICAL_SWITCH,
	[FMAPI_EVENT_VIRT_SWITCH] = CXLFM_EVENT_KIND_VIRTUAL_SWITCH,
	[FMAPI_EVENT_MLD_PORT] = CXLFM_EVENT_KIND_MLD_PORT,
	[FMAPI_EVENT_DCD] = CXLFM_EVENT_KIND_DYNAMIC_CAPACITY,
};

/* A record's notification: its fields and its bytes. */
struct cxlfm_record_ntf {
	u8 log;
	const u8 *rec;
	struct fmapi_event ev;
};

static int cxlfm_fill_record(struct sk_buff *msg, const void *arg)
{
	const struct cxlfm_record_ntf *r = arg;
	const struct fmapi_event *ev = &r->ev;

	return nla_put_u8(msg, CXLFM_A_EVENT_LOG, r->log) ||
	       nla_put_u8(msg, CXLFM_A_EVENT_KIND, cxlfm_uapi_kind[ev->kind]) ||
	       nla_put_u16(msg, CXLFM_A_EVENT_HANDLE, ev->hdr.handle) ||
	       nla_put_u32(msg, CXLFM_A_EVENT_FLAGS, ev->hdr.flags) ||
	       nla_put_u64_64bit(msg, CXLFM_A_EVENT_TIMESTAMP, ev->hdr.timestamp,
				 CXLFM_A_EVENT_PAD) ||
	       nla_put(msg, CXLFM_A_EVENT_RECORD, FMAPI_EVENT_RECORD_SIZE, r->rec) ||
	       cxlfm_put_event_body(msg, ev) ? -EMSGSIZE : 0;
}

/* Decode a record where we know its format; one that does not is unknown. */
static int cxlfm_decode_record(struct cxlfm_record_ntf *r)
{
	int rc;

	memset(&r->ev, 0, sizeof(r->ev));
	rc = fmapi_event_decode(r->rec, FMAPI_EVENT_RECORD_SIZE, &r->ev, NULL);
	if (rc)
		memset(&r->ev, 0, sizeof(r->ev));
	return rc;
}

struct cxlfm_overflow_ntf {
	u8 log;
	const struct fmapi_get_event_records_rsp *rsp;
};

static int cxlfm_fill_overflow(struct sk_buff *msg, const void *arg)
{
	const struct cxlfm_overflow_ntf *o = arg;

	return nla_put_u8(msg, CXLFM_A_EVENT_LOG, o->log) ||
	       nla_put_u16(msg, CXLFM_A_EVENT_OVERFLOW_COUNT,
			   o->rsp->overflow_err_count) ||
	       nla_put_u64_64bit(msg, CXLFM_A_EVENT_FIRST_OVERFLOW,
				 o->rsp->first_overflow_ts, CXLFM_A_EVENT_PAD) ||
	       nla_put_u64_64bit(msg, CXLFM_A_EVENT_LAST_OVERFLOW,
				 o->rsp->last_overflow_ts, CXLFM_A_EVENT_PAD) ?
	       -EMSGSIZE : 0;
}

/*
 * A device keeps reporting an overflow until the log is emptied: forward
 * each overflow once, when its count or times change.
 */
static bool cxlfm_overflow_is_new(struct cxlfm_cci *cci, u8 log,
				  const struct fmapi_get_event_records_rsp *rsp)
{
	struct cxlfm_event_overflow *last = &cci->event_overflow[log];

	if (last->count == rsp->overflow_err_count &&
	    last->first == rsp->first_overflow_ts &&
	    last->last == rsp->last_overflow_ts)
		return false;
	last->count = rsp->overflow_err_count;
	last->first = rsp->first_overflow_ts;
	last->last = rsp->last_overflow_ts;
	return true;
}

/* Clear the records just read, in as few commands as the payload allows. */
static int cxlfm_clear_records(struct cxlfm_cci *cci, u8 log,
			       const struct fmapi_get_event_records_rsp *rsp)
{
	struct fmapi_clear_event_records_req req = { .log = log };
	unsigned int per_cmd = min_t(size_t, U8_MAX,
				     (cci->payload_size - CXLFM_CLEAR_EVENTS_HDR) / 2);
	unsigned int i, n;
	int rc;

	for (i = 0; i < rsp->nr_records; i += n) {
		n = min(per_cmd, rsp->nr_records - i);
		for (req.nr_handles = 0; req.nr_handles < n; req.nr_handles++)
			cci->event_handles[req.nr_handles] =
				rsp->records[i + req.nr_handles].raw[0x14] |
				rsp->records[i + req.nr_handles].raw[0x15] << 8;
		req.handles = cci->event_handles;
		req.handles_cap = n;
		rc = cxlfm_call(cci, FMAPI_OP_CLEAR_EVENT_RECORDS, &req, NULL,
				cci->event_buf);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * One Get Event Records response: the overflow (once), then each record, in
 * batches of as many notifications as fit in an skb; then the in-band
 * engine, so that listeners see a record before the change it causes.
 */
static void cxlfm_notify_records(struct cxlfm_cci *cci, u8 log,
				 const struct fmapi_get_event_records_rsp *rsp)
{
	struct cxlfm_ntf_batch b = { .cci = cci };
	struct cxlfm_record_ntf r = { .log = log };
	unsigned int i;

	if (rsp->overflow && cxlfm_overflow_is_new(cci, log, rsp)) {
		struct cxlfm_overflow_ntf o = { .log = log, .rsp = rsp };

		dev_warn_ratelimited(&cci->dev, "event log %u overflowed: %u records lost\n",
				     log, rsp->overflow_err_count);
		cxlfm_ntf_batch_add(&b, CXLFM_CMD_EVENT_OVERFLOW_NTF,
				    cxlfm_fill_overflow, &o);
	}
	for (i = 0; i < rsp->nr_records; i++) {
		r.rec = rsp->records[i].raw;
		/* a record that does not decode still goes out, as unknown */
		if (cxlfm_decode_record(&r))
			dev_warn_ratelimited(&cci->dev, "malformed event record in log %u\n",
					     log);
		cxlfm_ntf_batch_add(&b, CXLFM_CMD_EVENT_NTF, cxlfm_fill_record, &r);
	}
	cxlfm_ntf_batch_flush(&b);
	/*
	 * Decoded again rather than kept from the first pass: a decode is a
	 * few field reads of a 128-byte record, cheaper than holding a decoded
	 * copy of every record a response can carry for each CCI.
	 */
	for (i = 0; i < rsp->nr_records; i++) {
		r.rec = rsp->records[i].raw;
		cxlfm_decode_record(&r);
		cxlfm_inband_event(cci, &r.ev);
	}
}

/* Drain one log until the device says there is nothing more. */
static int cxlfm_drain_log(struct cxlfm_cci *cci, u8 log)
{
	struct fmapi_get_event_records_req req = { .log = log };
	struct fmapi_get_event_records_rsp rsp;
	int rc;

	do {
		rsp = (struct fmapi_get_event_records_rsp){
			.records = cci->event_recs,
			.records_cap = cci->event_recs_cap,
		};
		rc = cxlfm_call(cci, FMAPI_OP_GET_EVENT_RECORDS, &req, &rsp,
				cci->event_buf);
		if (rc)
			return rc;
		cxlfm_notify_records(cci, log, &rsp);
		rc = cxlfm_clear_records(cci, log, &rsp);
		if (rc)
			return rc;
	} while (rsp.more_records && rsp.nr_records);
	return 0;
}

static void cxlfm_event_work(struct work_struct *work)
{
	struct cxlfm_cci *cci = container_of(to_delayed_work(work),
					     struct cxlfm_cci, event_work);
	unsigned int poll_ms;
	u8 log;
	int rc;

	for (log = 0; log < CXLFM_NR_EVENT_LOGS; log++) {
		rc = cxlfm_drain_log(cci, log);
		if (rc == -ENODEV)
			return;
		if (rc)
			dev_warn_ratelimited(&cci->dev, "draining event log %u: %d\n",
					     log, rc);
	}
	poll_ms = READ_ONCE(cxlfm_event_poll_ms);
	if (poll_ms && !READ_ONCE(cci->event_irq))
		cxlfm_events_schedule(cci, msecs_to_jiffies(poll_ms));
}

/*
 * CXL r3.1 §8.2.9.2.5: Set Event Interrupt Policy, one mode for every log.
 * No output is expected, so none is kept.
 */
static int cxlfm_events_set_policy(struct cxlfm_cci *cci, u8 mode)
{
	struct fmapi_event_int_policy pol = {
		.info_mode = mode,
		.warn_mode = mode,
		.fail_mode = mode,
		.fatal_mode = mode,
	};
	const struct fmapi_cmd *desc = fmapi_cmd_find(FMAPI_OP_SET_EVENT_INT_POLICY);
	u8 in[8];
	struct cxlfm_mbox_cmd cmd = {
		.opcode = FMAPI_OP_SET_EVENT_INT_POLICY,
		.payload_in = in,
	};
	int rc;

	rc = fmapi_encode(desc->req, &pol, in, sizeof(in), NULL);
	if (rc < 0)
		return rc;
	cmd.size_in = rc;
	return cxlfm_mbox_send(cci, &cmd);
}

/*
 * Ask for MSI/MSI-X on the four logs with Set Event Interrupt Policy (CXL
 * r3.1 §8.2.9.2.5), then read the policy back with Get Event Interrupt
 * Policy (§8.2.9.2.4): only a device that kept it is left unpolled, and the
 * message numbers it reports are the ones it signals on.  A device that
 * kept only part of it is set back to none, so that no log signals a
 * vector nobody listens to.
 */
static void cxlfm_events_irq_setup(struct cxlfm_cci *cci)
{
	struct fmapi_event_int_policy pol = {};

	if (!cci->ops->event_irq || !cci->ops->event_irq(cci) ||
	    !cxlfm_cci_supports(cci, FMAPI_OP_SET_EVENT_INT_POLICY, NULL) ||
	    !cxlfm_cci_supports(cci, FMAPI_OP_GET_EVENT_INT_POLICY, NULL))
		return;
	if (cxlfm_events_set_policy(cci, FMAPI_INT_MODE_MSI))
		return;
	if (cxlfm_call(cci, FMAPI_OP_GET_EVENT_INT_POLICY, NULL, &pol,
		       cci->event_buf))
		goto none;
	if (pol.info_mode != FMAPI_INT_MODE_MSI ||
	    pol.warn_mode != FMAPI_INT_MODE_MSI ||
	    pol.fail_mode != FMAPI_INT_MODE_MSI ||
	    pol.fatal_mode != FMAPI_INT_MODE_MSI)
		goto none;
	cci->event_msgnum[0] = pol.info_msgnum;
	cci->event_msgnum[1] = pol.warn_msgnum;
	cci->event_msgnum[2] = pol.fail_msgnum;
	cci->event_msgnum[3] = pol.fatal_msgnum;
	cci->event_irq = true;
	return;
none:
	cxlfm_events_set_policy(cci, FMAPI_INT_MODE_NONE);
}

/**
 * cxlfm_events_irq_stop() - stop the event interrupt and poll instead
 * @cci: the CCI
 *
 * For a transport that cannot take the message numbers the device chose,
 * or that is about to free its interrupt: sets every log's event interrupt
 * policy back to none (CXL r3.1 §8.2.9.2.5) while the CCI can still send
 * commands.  The drain polls after its next run, which the caller starts
 * with cxlfm_cci_event_interrupt() if the CCI stays.
 */
void cxlfm_events_irq_stop(struct cxlfm_cci *cci)
{
	if (!READ_ONCE(cci->event_irq))
		return;
	WRITE_ONCE(cci->event_irq, false);
	cxlfm_events_set_policy(cci, FMAPI_INT_MODE_NONE);
}
EXPORT_SYMBOL_GPL(cxlfm_events_irq_stop);

/**
 * cxlfm_events_init() - prepare a new CCI's event drain
 * @cci: the CCI, its CEL known
 *
 * Return: 0 or -ENOMEM.
 */
int cxlfm_events_init(struct cxlfm_cci *cci)
{
	INIT_DELAYED_WORK(&cci->event_work, cxlfm_event_work);
	if (!cxlfm_events_supported(cci))
		return 0;
	cci->event_recs_cap = (cci->payload_size - CXLFM_GET_EVENTS_HDR) /
			      FMAPI_EVENT_RECORD_SIZE;
	/* sized by the device's payload area, up to 1 MiB: maybe vmalloc */
	cci->event_recs = kvcalloc(cci->event_recs_cap,
				   sizeof(*cci->event_recs), GFP_KERNEL);
	cci->event_handles = kcalloc(U8_MAX, sizeof(u16), GFP_KERNEL);
	cci->event_buf = kvmalloc(cci->payload_size, GFP_KERNEL);
	if (!cci->event_recs || !cci->event_handles || !cci->event_buf)
		return -ENOMEM;
	cxlfm_events_irq_setup(cci);
	return 0;
}

/* Start draining: once now, then on interrupts or else by polling. */
void cxlfm_events_start(struct cxlfm_cci *cci)
{
	if (cci->event_buf)
		cxlfm_events_schedule(cci, 0);
}

/* Stop the drain for good; the CCI is dying, so it cannot be rescheduled. */
void cxlfm_events_stop(struct cxlfm_cci *cci)
{
	cancel_delayed_work_sync(&cci->event_work);
}

void cxlfm_events_free(struct cxlfm_cci *cci)
{
	kvfree(cci->event_recs);
	kfree(cci->event_handles);
	kvfree(cci->event_buf);
}
