// SPDX-License-Identifier: GPL-2.0
/*
 * The switch's event logs (CXL r3.1 §8.2.9.2): drained with Get Event
 * Records using the whole payload, each record multicast with its decoded
 * fields and its raw bytes, every device-reported overflow forwarded, then
 * cleared in bulk with Clear Event Records: at once, or once the durable
 * consumers acknowledged them (durable.c), or, with the hold retention
 * policy and no consumer, not until one does.  Records sent and not yet
 * cleared are held per log: a later Get Event Records returns them again
 * first (the device keeps its log in order), and only what follows them is
 * new.  Runs from a work item, on the event interrupt of the transport, by
 * polling, on an acknowledgment or when a hold expires.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <uapi/linux/cxlfm.h>

#include "compat.h"
#include "cxlfm.h"
#include "durable.h"
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

static unsigned int cxlfm_event_retention = CXLFM_EVENT_RETENTION_CLEAR;

static const char * const cxlfm_retention_names[] = {
	[CXLFM_EVENT_RETENTION_CLEAR] = "clear",
	[CXLFM_EVENT_RETENTION_HOLD] = "hold",
};

static int cxlfm_event_retention_set(const char *val,
				     const struct kernel_param *kp)
{
	int i = cxlfm_event_retention_parse(val);

	if (i < 0)
		return i;
	WRITE_ONCE(*(unsigned int *)kp->arg, i);
	return 0;
}

static int cxlfm_event_retention_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  cxlfm_retention_names[READ_ONCE(*(unsigned int *)kp->arg)]);
}

static const struct kernel_param_ops cxlfm_event_retention_ops = {
	.set = cxlfm_event_retention_set,
	.get = cxlfm_event_retention_get,
};
module_param_cb(event_retention, &cxlfm_event_retention_ops,
		&cxlfm_event_retention, 0644);
MODULE_PARM_DESC(event_retention,
		 "When CCIs registered from now on clear event records while no durable consumer is registered: clear (at once, at most once delivery) or hold (not before a durable consumer acknowledged them); default clear");

/**
 * cxlfm_event_retention_parse() - a retention policy from its name
 * @buf: "clear" or "hold", with or without a newline
 *
 * Return: enum cxlfm_event_retention, or -EINVAL.
 */
int cxlfm_event_retention_parse(const char *buf)
{
	return sysfs_match_string(cxlfm_retention_names, buf);
}

/**
 * cxlfm_event_retention_name() - the name of a retention policy
 * @retention: enum cxlfm_event_retention
 *
 * Return: its name.
 */
const char *cxlfm_event_retention_name(u8 retention)
{
	return cxlfm_retention_names[retention];
}

/**
 * cxlfm_cci_set_event_retention() - change a CCI's retention policy
 * @cci: the CCI
 * @retention: enum cxlfm_event_retention
 *
 * Records held only by the old policy are cleared now if the new one
 * says so.
 */
void cxlfm_cci_set_event_retention(struct cxlfm_cci *cci, u8 retention)
{
	WRITE_ONCE(cci->event_retention, retention);
	cxlfm_events_acked(cci);
}

/**
 * cxlfm_event_retention_default() - the retention policy of a new CCI
 *
 * Return: enum cxlfm_event_retention.
 */
u8 cxlfm_event_retention_default(void)
{
	return READ_ONCE(cxlfm_event_retention);
}

unsigned int cxlfm_event_hold_ms = 30000;

static int cxlfm_event_hold_ms_set(const char *val,
				   const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 100, 3600000);
}

static const struct kernel_param_ops cxlfm_event_hold_ms_ops = {
	.set = cxlfm_event_hold_ms_set,
	.get = param_get_uint,
};
module_param_cb(event_hold_ms, &cxlfm_event_hold_ms_ops, &cxlfm_event_hold_ms,
		0644);
MODULE_PARM_DESC(event_hold_ms,
		 "Longest time in ms, 100-3600000, a durable consumer may leave a log's oldest record unacknowledged before the drain goes on without it (default 30000)");

/* Get Event Records output: a 0x20-byte header, then the records */
#define CXLFM_GET_EVENTS_HDR	0x20
/* Clear Event Records input: 6 bytes, then 2-byte handles (at most 255) */
#define CXLFM_CLEAR_EVENTS_HDR	6

static bool cxlfm_events_supported(struct cxlfm_cci *cci)
{
	return cxlfm_cci_supports(cci, FMAPI_OP_GET_EVENT_RECORDS, NULL) &&
	       cxlfm_cci_supports(cci, FMAPI_OP_CLEAR_EVENT_RECORDS, NULL);
}

/* Drain now: an acknowledgment, a change of retention policy. */
static void cxlfm_events_schedule(struct cxlfm_cci *cci)
{
	if (!READ_ONCE(cci->dying))
		mod_delayed_work(CXLFM_PERCPU_WQ, &cci->event_work, 0);
}

/*
 * Come back after @delay (a poll, a hold's end), unless a run is pending
 * already: a trigger that came while the drain ran must not be postponed.
 */
static void cxlfm_events_rearm(struct cxlfm_cci *cci, unsigned long delay)
{
	if (!READ_ONCE(cci->dying))
		queue_delayed_work(CXLFM_PERCPU_WQ, &cci->event_work, delay);
}

/* Read the logs now: they may hold new records. */
static void cxlfm_events_kick(struct cxlfm_cci *cci)
{
	set_bit(CXLFM_EV_KICK, &cci->event_flags);
	cxlfm_events_schedule(cci);
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
	cxlfm_events_kick(cci);
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

/* Common Event Record header, CXL r3.1 §8.2.9.2.1: the handle at 0x14 */
static u16 cxlfm_record_handle(const struct fmapi_event_rec *rec)
{
	return rec->raw[0x14] | rec->raw[0x15] << 8;
}

/* The @n oldest held records are gone from the device. */
static void cxlfm_held_drop(struct cxlfm_event_pending *p, unsigned int n)
{
	if (!n)
		return;
	memmove(p->handle, p->handle + n, (p->nr - n) * sizeof(*p->handle));
	memmove(p->seq, p->seq + n, (p->nr - n) * sizeof(*p->seq));
	p->nr -= n;
	p->nr_sent -= n;
	p->since = jiffies;
}

/*
 * Clear what may be cleared of the records held for @log (durable.c
 * decides), oldest first as CXL r3.1 §8.2.9.2.3 requires, in as few Clear
 * Event Records as the payload allows.  Only records sent since the last
 * replay are candidates.
 */
static int cxlfm_clear_held(struct cxlfm_cci *cci, u8 log)
{
	struct cxlfm_event_pending *p = &cci->event_pending[log];
	struct fmapi_clear_event_records_req req = { .log = log };
	unsigned int per_cmd = min_t(size_t, U8_MAX,
				     (cci->payload_size - CXLFM_CLEAR_EVENTS_HDR) / 2);
	unsigned int n, done, k;
	int rc = 0;

	if (!p->nr_sent)
		return 0;
	n = cxlfm_durable_clearable(cci, p->seq, p->nr_sent);
	for (done = 0; done < n; done += k) {
		k = min(per_cmd, n - done);
		req.handles = p->handle + done;
		req.nr_handles = k;
		req.handles_cap = k;
		rc = cxlfm_call(cci, FMAPI_OP_CLEAR_EVENT_RECORDS, &req, NULL,
				cci->event_buf);
		if (rc)
			break;
	}
	cxlfm_held_drop(p, done);
	/*
	 * The device refused handles it gave us (a garbled response, records
	 * cleared by someone else): what we hold is not its log.  Forget it;
	 * the next Get reads the log afresh and sends what is there again.
	 */
	if (rc) {
		p->nr = 0;
		p->nr_sent = 0;
	}
	return rc;
}

/*
 * How many records at the head of @rsp are held already.  A head that is
 * not what was held (another FM cleared the log, the device lost it) is
 * forgotten: what the device returns is then new.
 */
static unsigned int cxlfm_held_match(struct cxlfm_event_pending *p,
				     const struct fmapi_get_event_records_rsp *rsp)
{
	unsigned int i, n = min_t(unsigned int, p->nr, rsp->nr_records);

	for (i = 0; i < n; i++)
		if (cxlfm_record_handle(&rsp->records[i]) != p->handle[i])
			break;
	if (i < p->nr) {
		p->nr = i;
		p->nr_sent = min(p->nr_sent, i);
	}
	return i;
}

/*
 * The records of one Get Event Records response from @from on: the
 * overflow (once), then each record, in batches of as many notifications
 * as fit in an skb; then the in-band engine, for those it has not seen
 * (@known and on), so that listeners see a record before the change it
 * causes.  Return: the last sequence number the notifications took.
 */
static u32 cxlfm_notify_records(struct cxlfm_cci *cci, u8 log,
				const struct fmapi_get_event_records_rsp *rsp,
				unsigned int from, unsigned int known)
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
	for (i = from; i < rsp->nr_records; i++) {
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
	for (i = known; i < rsp->nr_records; i++) {
		r.rec = rsp->records[i].raw;
		cxlfm_decode_record(&r);
		cxlfm_inband_event(cci, &r.ev);
	}
	return b.last_seq;
}

/* Hold the records of @rsp from @from on, sent with numbers up to @seq. */
static void cxlfm_held_add(struct cxlfm_event_pending *p,
			   const struct fmapi_get_event_records_rsp *rsp,
			   unsigned int from, u32 seq)
{
	unsigned int i;

	if (!p->nr_sent)
		p->since = jiffies;
	for (i = from; i < rsp->nr_records; i++) {
		p->handle[i] = cxlfm_record_handle(&rsp->records[i]);
		p->seq[i] = seq;
	}
	p->nr = max_t(unsigned int, p->nr, rsp->nr_records);
	p->nr_sent = rsp->nr_records;
}

/*
 * Drain one log until the device has nothing new or the records held fill
 * a response: clear what may be cleared, read, send what is new (or held
 * but not sent since the last replay), hold it.  Unless @kicked, the run
 * only follows an acknowledgment: the log is read again only if clearing
 * made room for records the device said follow.
 */
static int cxlfm_drain_log(struct cxlfm_cci *cci, u8 log, bool kicked)
{
	struct cxlfm_event_pending *p = &cci->event_pending[log];
	struct fmapi_get_event_records_req req = { .log = log };
	struct fmapi_get_event_records_rsp rsp;
	unsigned int known, sent, held;
	u32 seq = 0;
	int rc;

	do {
		held = p->nr_sent;
		rc = cxlfm_clear_held(cci, log);
		if (rc)
			return rc;
		if (!kicked && (p->nr_sent == held || !p->more))
			return 0;	/* nothing new to read */
		kicked = true;
		if (p->nr_sent == cci->event_recs_cap)
			return 0;	/* a response's worth waits for acks */
		rsp = (struct fmapi_get_event_records_rsp){
			.records = cci->event_recs,
			.records_cap = cci->event_recs_cap,
		};
		rc = cxlfm_call(cci, FMAPI_OP_GET_EVENT_RECORDS, &req, &rsp,
				cci->event_buf);
		if (rc)
			return rc;
		p->more = rsp.more_records;
		known = cxlfm_held_match(p, &rsp);
		sent = p->nr_sent;
		if (rsp.nr_records > sent || rsp.overflow)
			seq = cxlfm_notify_records(cci, log, &rsp, sent, known);
		if (rsp.nr_records == sent)
			break;		/* nothing new: the rest waits for acks */
		cxlfm_held_add(p, &rsp, sent, seq);
	} while (rsp.more_records);
	return cxlfm_clear_held(cci, log);
}

/*
 * A log whose head stood for event_hold_ms leaves the consumers that did
 * not acknowledge it behind; else the drain comes back when it would.
 * Return: jiffies until the next hold expires, or 0 if none is pending.
 */
static unsigned long cxlfm_hold_check(struct cxlfm_cci *cci, bool *expired)
{
	unsigned long hold = msecs_to_jiffies(READ_ONCE(cxlfm_event_hold_ms));
	unsigned long next = 0, left;
	u8 log;

	*expired = false;
	if (!cxlfm_durable_waiting(cci))
		return 0;
	for (log = 0; log < CXLFM_NR_EVENT_LOGS; log++) {
		struct cxlfm_event_pending *p = &cci->event_pending[log];

		if (!p->nr_sent)
			continue;
		if (time_after_eq(jiffies, p->since + hold)) {
			cxlfm_durable_hold_expired(cci, p->seq[0]);
			*expired = true;
			continue;
		}
		left = p->since + hold - jiffies;
		if (!next || left < next)
			next = left;
	}
	return next;
}

/* Return: -ENODEV when the CCI is gone, else 0 (other errors logged). */
static int cxlfm_drain_logs(struct cxlfm_cci *cci, bool kicked)
{
	u8 log;
	int rc;

	for (log = 0; log < CXLFM_NR_EVENT_LOGS; log++) {
		rc = cxlfm_drain_log(cci, log, kicked);
		if (rc == -ENODEV)
			return rc;
		if (rc)
			dev_warn_ratelimited(&cci->dev, "draining event log %u: %d\n",
					     log, rc);
	}
	return 0;
}

static void cxlfm_event_work(struct work_struct *work)
{
	struct cxlfm_cci *cci = container_of(to_delayed_work(work),
					     struct cxlfm_cci, event_work);
	unsigned long next, poll;
	bool expired, kicked;
	u8 log;

	kicked = test_and_clear_bit(CXLFM_EV_KICK, &cci->event_flags);
	/* a consumer came: what is held goes out again, for it */
	if (test_and_clear_bit(CXLFM_EV_REPLAY, &cci->event_flags)) {
		for (log = 0; log < CXLFM_NR_EVENT_LOGS; log++)
			cci->event_pending[log].nr_sent = 0;
		kicked = true;
	}
	if (cxlfm_drain_logs(cci, kicked))
		return;
	next = cxlfm_hold_check(cci, &expired);
	/* once more without the consumers left behind; no more than once */
	if (expired) {
		if (cxlfm_drain_logs(cci, true))
			return;
		next = cxlfm_hold_check(cci, &expired);
	}
	poll = msecs_to_jiffies(READ_ONCE(cxlfm_event_poll_ms));
	if (poll && !READ_ONCE(cci->event_irq)) {
		/* polled: every run may find new records; a hold's end needs none */
		set_bit(CXLFM_EV_KICK, &cci->event_flags);
		if (!next || poll < next)
			next = poll;
	}
	if (next)
		cxlfm_events_rearm(cci, next);
}

/**
 * cxlfm_events_replay() - send the held records again
 * @cci: the CCI
 *
 * For a durable consumer that just registered: it never saw what was sent
 * before.  Those already received see them twice, with new numbers; the
 * record's handle and timestamp tell them apart.
 */
void cxlfm_events_replay(struct cxlfm_cci *cci)
{
	if (!cci->event_buf)
		return;
	set_bit(CXLFM_EV_REPLAY, &cci->event_flags);
	cxlfm_events_schedule(cci);
}

/**
 * cxlfm_events_acked() - a consumer acknowledged, or went away
 * @cci: the CCI
 *
 * Held records may be cleared now; the drain goes on.
 */
void cxlfm_events_acked(struct cxlfm_cci *cci)
{
	if (cci->event_buf)
		cxlfm_events_schedule(cci);
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
	u8 log;

	INIT_DELAYED_WORK(&cci->event_work, cxlfm_event_work);
	if (!cxlfm_events_supported(cci))
		return 0;
	cci->event_recs_cap = (cci->payload_size - CXLFM_GET_EVENTS_HDR) /
			      FMAPI_EVENT_RECORD_SIZE;
	/* sized by the device's payload area, up to 1 MiB: maybe vmalloc */
	cci->event_recs = kvcalloc(cci->event_recs_cap,
				   sizeof(*cci->event_recs), GFP_KERNEL);
	cci->event_buf = kvmalloc(cci->payload_size, GFP_KERNEL);
	if (!cci->event_recs || !cci->event_buf)
		return -ENOMEM;
	for (log = 0; log < CXLFM_NR_EVENT_LOGS; log++) {
		struct cxlfm_event_pending *p = &cci->event_pending[log];

		p->handle = kvcalloc(cci->event_recs_cap, sizeof(*p->handle),
				     GFP_KERNEL);
		p->seq = kvcalloc(cci->event_recs_cap, sizeof(*p->seq),
				  GFP_KERNEL);
		if (!p->handle || !p->seq)
			return -ENOMEM;
	}
	cxlfm_events_irq_setup(cci);
	return 0;
}

/* Start draining: once now, then on interrupts or else by polling. */
void cxlfm_events_start(struct cxlfm_cci *cci)
{
	if (cci->event_buf)
		cxlfm_events_kick(cci);
}

/* Stop the drain for good; the CCI is dying, so it cannot be rescheduled. */
void cxlfm_events_stop(struct cxlfm_cci *cci)
{
	cancel_delayed_work_sync(&cci->event_work);
}

void cxlfm_events_free(struct cxlfm_cci *cci)
{
	u8 log;

	for (log = 0; log < CXLFM_NR_EVENT_LOGS; log++) {
		kvfree(cci->event_pending[log].handle);
		kvfree(cci->event_pending[log].seq);
	}
	kvfree(cci->event_recs);
	kvfree(cci->event_buf);
}
