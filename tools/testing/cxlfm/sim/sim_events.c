// SPDX-License-Identifier: GPL-2.0
/*
 * Event logs (CXL r3.1 §8.2.9.2): four logs of 128-byte records with a
 * fixed capacity, overflow accounting, Get and Clear Event Records and the
 * event interrupt policy.  Their state is shown in debugfs ("events").
 */
#include <linux/debugfs.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "sim.h"

/* Get Event Records output header, CXL r3.1 §8.2.9.2.2 */
#define SIM_GET_EVENTS_HDR	0x20
#define SIM_EVENTS_OVERFLOW	BIT(0)
#define SIM_EVENTS_MORE		BIT(1)
#define SIM_CLEAR_ALL		BIT(0)

const u8 sim_uuid_phys_switch[16] = {
	0x77, 0xcf, 0x92, 0x71, 0x9c, 0x02, 0x47, 0x0b,
	0x9f, 0xe4, 0xbc, 0x7b, 0x75, 0xf2, 0xda, 0x97,
};

int sim_events_init(struct sim_dev *sd)
{
	int i;

	for (i = 0; i < SIM_NR_LOGS; i++) {
		sd->log[i].cap = sd->cfg.log_cap;
		sd->log[i].next_handle = 1;
		sd->log[i].rec = kvcalloc(sd->cfg.log_cap, SIM_EVENT_SIZE,
					  GFP_KERNEL);
		if (!sd->log[i].rec)
			return -ENOMEM;
	}
	return 0;
}

void sim_events_free(struct sim_dev *sd)
{
	int i;

	for (i = 0; i < SIM_NR_LOGS; i++)
		kvfree(sd->log[i].rec);
}

static u8 *sim_rec(struct sim_event_log *l, unsigned int i)
{
	return l->rec + (l->head + i) % l->cap * SIM_EVENT_SIZE;
}

/*
 * CXL r3.1 §8.2.9.2.5: a log whose interrupt policy is MSI/MSI-X signals
 * each new record (and each record it had to drop).
 */
static void sim_event_signal(struct sim_dev *sd, enum sim_log log)
{
	if (sd->cfg.event_irq && (sd->event_policy[log] & 0x3) == 1 &&
	    sd->cci && !sd->removing)
		cxlfm_cci_event_interrupt(sd->cci);
}

/**
 * sim_event_add() - append a record to an event log
 * @sd: the switch, locked
 * @log: the log; its number is also the record's severity
 * @uuid: record format
 * @body: record-specific data (from offset 0x30)
 * @body_len: its length, at most 0x50
 *
 * A full log drops the record and counts the overflow
 * (CXL r3.1 §8.2.9.2.2).
 */
void sim_event_add(struct sim_dev *sd, enum sim_log log, const u8 *uuid,
		   const u8 *body, size_t body_len)
{
	struct sim_event_log *l = &sd->log[log];
	u64 now = ktime_get_real_ns();
	u8 *r;

	lockdep_assert_held(&sd->lock);
	l->logged++;
	if (l->nr == l->cap) {
		l->dropped++;
		if (!l->overflow)
			l->first_overflow = now;
		l->overflow = true;
		l->last_overflow = now;
		if (l->overflow_count < U16_MAX)
			l->overflow_count++;
		sim_event_signal(sd, log);
		return;
	}
	r = sim_rec(l, l->nr++);
	memset(r, 0, SIM_EVENT_SIZE);
	/* Common Event Record header, CXL r3.1 §8.2.9.2.1 */
	memcpy(r, uuid, 16);
	r[0x10] = SIM_EVENT_SIZE;
	r[0x11] = log;				/* severity */
	sim_put16(r + 0x14, l->next_handle);
	sim_put64(r + 0x18, now);
	memcpy(r + 0x30, body, min_t(size_t, body_len, SIM_EVENT_SIZE - 0x30));
	if (!++l->next_handle)
		l->next_handle = 1;
	sim_event_signal(sd, log);
}

/* Where an injected record carries its number: reserved bytes of the format */
#define SIM_INJECT_NR_OFF	0x70

/**
 * sim_event_inject() - add Physical Switch "slot status updated" records
 * @sd: the switch, locked
 * @log: the log
 * @count: how many; ports are taken in turn
 *
 * Each record carries, at offset 0x70, its number among the records the
 * log was ever given (from 1, dropped ones counted), so that a test can
 * check what reached a journal against what the switch produced.
 */
void sim_event_inject(struct sim_dev *sd, enum sim_log log,
		      unsigned int count)
{
	u8 body[0x50] = {};
	unsigned int i;

	lockdep_assert_held(&sd->lock);
	for (i = 0; i < count; i++) {
		body[0] = i % sd->cfg.ports;
		body[1] = 1;			/* slot status register updated */
		sim_put64(body + SIM_INJECT_NR_OFF - 0x30, sd->log[log].logged + 1);
		sim_event_add(sd, log, sim_uuid_phys_switch, body, sizeof(body));
	}
}

/* Get Event Records, CXL r3.1 §8.2.9.2.2 */
u16 sim_get_event_records(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 1);
	struct sim_event_log *l;
	unsigned int n, i;
	u8 *o = rq->out;

	if (rc)
		return rc;
	if (rq->in[0] >= SIM_NR_LOGS)
		return SIM_RC_INVALID_INPUT;
	l = &rq->sd->log[rq->in[0]];
	n = min_t(size_t, l->nr, (rq->out_cap - SIM_GET_EVENTS_HDR) / SIM_EVENT_SIZE);
	sim_fits(rq, SIM_GET_EVENTS_HDR + n * SIM_EVENT_SIZE);
	o[0] = (l->overflow ? SIM_EVENTS_OVERFLOW : 0) |
	       (l->nr > n ? SIM_EVENTS_MORE : 0);
	if (l->overflow) {
		sim_put16(o + 0x02, l->overflow_count);
		sim_put64(o + 0x04, l->first_overflow);
		sim_put64(o + 0x0c, l->last_overflow);
	}
	sim_put16(o + 0x14, n);
	for (i = 0; i < n; i++)
		memcpy(o + SIM_GET_EVENTS_HDR + i * SIM_EVENT_SIZE, sim_rec(l, i),
		       SIM_EVENT_SIZE);
	return SIM_RC_SUCCESS;
}

/* Clear Event Records, CXL r3.1 §8.2.9.2.3 */
u16 sim_clear_event_records(struct sim_req *rq)
{
	u16 rc = sim_check_min_len(rq, 6);
	struct sim_event_log *l;
	unsigned int n, i;

	if (rc)
		return rc;
	n = rq->in[2];
	rc = sim_check_len(rq, 6 + 2 * n);
	if (rc)
		return rc;
	if (rq->in[0] >= SIM_NR_LOGS)
		return SIM_RC_INVALID_INPUT;
	l = &rq->sd->log[rq->in[0]];
	if (rq->in[1] & SIM_CLEAR_ALL) {
		/* only allowed once the log has overflowed */
		if (!l->overflow)
			return SIM_RC_INVALID_INPUT;
		n = l->nr;
	} else {
		/* the oldest records, in the order they were logged */
		if (n > l->nr)
			return SIM_RC_INVALID_HANDLE;
		for (i = 0; i < n; i++)
			if (sim_get16(rq->in + 6 + 2 * i) !=
			    sim_get16(sim_rec(l, i) + 0x14))
				return SIM_RC_INVALID_HANDLE;
	}
	l->head = (l->head + n) % l->cap;
	l->nr -= n;
	if (!l->nr) {
		l->overflow = false;
		l->overflow_count = 0;
		l->first_overflow = 0;
		l->last_overflow = 0;
	}
	return SIM_RC_SUCCESS;
}

/* Get Event Interrupt Policy, CXL r3.1 §8.2.9.2.4 */
u16 sim_get_event_policy(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 0);

	if (rc)
		return rc;
	sim_fits(rq, sizeof(rq->sd->event_policy));
	memcpy(rq->out, rq->sd->event_policy, sizeof(rq->sd->event_policy));
	return SIM_RC_SUCCESS;
}

/* Set Event Interrupt Policy, CXL r3.1 §8.2.9.2.5: 4 bytes, or 5 with DC */
u16 sim_set_event_policy(struct sim_req *rq)
{
	unsigned int i;

	if (rq->in_len != 4 && rq->in_len != 5)
		return SIM_RC_INVALID_PAYLOAD;
	for (i = 0; i < rq->in_len; i++) {
		u8 mode = rq->in[i] & 0x3;

		/* mode 3 is reserved; the DC log has no FW interrupt */
		if (mode == 3 || (rq->in[i] & 0xc) || (i == 4 && mode == 2))
			return SIM_RC_INVALID_INPUT;
	}
	memcpy(rq->sd->event_policy, rq->in, rq->in_len);
	return SIM_RC_SUCCESS;
}

/**
 * sim_event_garble() - make a Get Event Records response's records garbage
 * @rq: the response, already built
 *
 * Each record gets random bytes, a zero handle and a length beyond the
 * record size; the header and the record count stay intact.
 */
void sim_event_garble(struct sim_req *rq)
{
	unsigned int i, n;
	u8 *r;

	if (rq->opcode != 0x0100 || rq->out_len < SIM_GET_EVENTS_HDR)
		return;
	n = sim_get16(rq->out + 0x14);
	for (i = 0; i < n; i++) {
		r = rq->out + SIM_GET_EVENTS_HDR + i * SIM_EVENT_SIZE;
		if (r + SIM_EVENT_SIZE > rq->out + rq->out_len)
			break;
		get_random_bytes(r, SIM_EVENT_SIZE);
		r[0x10] = 0xff;
		sim_put16(r + 0x14, 0);
	}
}

/*
 * debugfs "events": the Event Status register (bit n: log n has records,
 * CXL r3.1 §8.2.8.3.1), then one line per log.
 */
static int sim_events_show(struct seq_file *m, void *unused)
{
	static const char * const names[] = { "info", "warn", "fail", "fatal" };
	struct sim_dev *sd = m->private;
	unsigned int i, status = 0;

	mutex_lock(&sd->lock);
	for (i = 0; i < SIM_NR_LOGS; i++)
		status |= sd->log[i].nr ? BIT(i) : 0;
	seq_printf(m, "status %#x\n", status);
	for (i = 0; i < SIM_NR_LOGS; i++) {
		const struct sim_event_log *l = &sd->log[i];

		seq_printf(m, "%s records %u cap %u overflow %u count %u first %u policy %#04x logged %llu dropped %llu\n",
			   names[i], l->nr, l->cap, l->overflow,
			   l->overflow_count,
			   l->nr ? sim_get16(sim_rec(&sd->log[i], 0) + 0x14) : 0,
			   sd->event_policy[i], l->logged, l->dropped);
	}
	mutex_unlock(&sd->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_events);

void sim_events_debugfs(struct sim_dev *sd)
{
	debugfs_create_file("events", 0400, sd->debugfs, sd, &sim_events_fops);
}
