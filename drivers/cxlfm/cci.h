/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A Component Command Interface (CCI) as cxlfm owns it, and the transport
 * interface through which a CCI is reached (PCI mailbox, simulator, ...).
 * Transports outside cxlfm.ko include this header.
 */
#ifndef CXLFM_CCI_H
#define CXLFM_CCI_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct cxlfm_cci;
struct fmapi_event_rec;
struct pci_dev;

/**
 * struct cxlfm_mbox_cmd - one mailbox command
 * @opcode: command set (bits 15:8) and command (bits 7:0)
 * @payload_in: input payload, or NULL
 * @size_in: bytes of @payload_in
 * @payload_out: buffer for the output payload, or NULL
 * @size_out: capacity of @payload_out; on return the bytes the device
 *	returned (clamped to the capacity and to the payload area)
 * @size_answered: set by the transport: the bytes the device returned,
 *	clamped to the payload area only; more than @size_out means the
 *	answer did not fit @payload_out and was cut
 * @return_code: CXL return code (CXL r3.1 §8.2.8.4.5.1), kept for userspace
 * @vendor_status: vendor specific extended status
 * @bg_seq: on return, the number of the background command this one
 *	started, or else of the last one started before it (the command a
 *	Background Operation Status read describes); 0 if none yet
 */
struct cxlfm_mbox_cmd {
	u16 opcode;
	const void *payload_in;
	size_t size_in;
	void *payload_out;
	size_t size_out;
	size_t size_answered;
	u16 return_code;
	u16 vendor_status;
	u32 bg_seq;
};

/**
 * struct cxlfm_bg_status - Background Command Status (CXL r3.1 §8.2.8.4.7)
 * @running: a background command is in progress
 * @opcode: the running or last background command
 * @percent: percentage complete, 0-100
 * @return_code: its return code, valid once @running is false
 * @vendor_status: its vendor specific extended status
 * @seq: cxlfm's number of the command, per CCI, counted from 1 (the
 *	device's status has none; transports leave it alone)
 */
struct cxlfm_bg_status {
	bool running;
	u16 opcode;
	u8 percent;
	u16 return_code;
	u16 vendor_status;
	u32 seq;
};

/**
 * struct cxlfm_transport_ops - how cxlfm reaches one CCI
 * @name: short name shown in sysfs ("pci", "sim", ...)
 * @send: execute one command and wait for the device to finish or to start
 *	it in the background.  Called with the CCI's mailbox mutex held, never
 *	concurrently for one CCI.  Fills @cmd's return code and output; returns
 *	0, or a negative errno if the transport failed (-ETIMEDOUT, -EIO,
 *	-ENODEV, ...).
 * @bg_status: read the background command status; may be called without
 *	the mailbox mutex, concurrently with @send.  cxlfm polls it every
 *	bg_poll_ms while a background command runs; a transport that has a
 *	completion interrupt calls cxlfm_cci_bg_interrupt() to have it read
 *	at once.
 * @event_irq: optional; true if the transport can signal new event records
 *	through cxlfm_cci_event_interrupt() once the event interrupt policy
 *	asks for MSI/MSI-X; otherwise cxlfm polls the event logs.  Called at
 *	registration; cxlfm then sets the policy and leaves the message
 *	numbers the device chose in &cxlfm_cci.event_msgnum.  A transport
 *	that cannot take them, or that frees its interrupt while the CCI is
 *	registered, calls cxlfm_events_irq_stop() first.
 * @usp: optional; the switch upstream port this CCI's host sits behind,
 *	with a reference taken (pci_dev_get()), or NULL.  Called once at
 *	registration, for the in-band hierarchy updates.
 */
struct cxlfm_transport_ops {
	const char *name;
	int (*send)(struct cxlfm_cci *cci, struct cxlfm_mbox_cmd *cmd);
	int (*bg_status)(struct cxlfm_cci *cci, struct cxlfm_bg_status *st);
	bool (*event_irq)(struct cxlfm_cci *cci);
	struct pci_dev *(*usp)(struct cxlfm_cci *cci);
};

/**
 * struct cxlfm_cel - the commands a CCI supports, from its Command Effects Log
 * @nr: number of entries
 * @opcode: supported opcodes, sorted
 * @effects: command effects of each opcode (CXL r3.1 §8.2.9.5.2.1)
 */
struct cxlfm_cel {
	unsigned int nr;
	u16 *opcode;
	u16 *effects;
};

/* CXL r3.1 §8.2.9.2: Informational, Warning, Failure and Fatal logs */
#define CXLFM_NR_EVENT_LOGS	4

/**
 * struct cxlfm_event_overflow - an event log overflow as last forwarded
 * @count: records the device dropped
 * @first: time of the first dropped record
 * @last: time of the last dropped record
 */
struct cxlfm_event_overflow {
	u64 first;
	u64 last;
	u16 count;
};

/**
 * struct cxlfm_event_pending - records of one log sent and not yet cleared
 * @handle: their handles, in log order (oldest first)
 * @seq: per record, the sequence number every durable consumer must have
 *	acknowledged before it may be cleared: the last one of the
 *	notifications that carried it and the records sent with it
 * @nr: records the drain knows are at the head of the log, in order
 * @nr_sent: of those, how many were sent since the last replay; only these
 *	may be cleared, the rest wait to be sent again
 * @since: jiffies when the head of the log last moved, or records were
 *	first held; a consumer that lets it stand for event_hold_ms is left
 *	behind
 * @more: the last Get Event Records said more records followed
 */
struct cxlfm_event_pending {
	u16 *handle;
	u32 *seq;
	unsigned int nr;
	unsigned int nr_sent;
	unsigned long since;
	bool more;
};

/* Bits of &cxlfm_cci.event_flags */
#define CXLFM_EV_REPLAY		0
#define CXLFM_EV_KICK		1

/**
 * struct cxlfm_cci - one CCI owned by cxlfm
 * @dev: the device in /sys/class/cxlfm
 * @id: stable id, also the netlink handle
 * @ops: transport
 * @priv: transport's private data
 * @payload_size: bytes in the mailbox payload area
 * @state_rwsem: held for read by every command, for write to set @dying
 * @dying: the CCI is being removed; every new or waiting command fails
 * @mbox_mutex: serialises access to the mailbox
 * @bg_poll: polls completion when the transport has no interrupt
 * @bg: last known background status; @bg.running while one is in flight,
 *	@bg.seq the number of the last one started
 * @bg_lock: protects @bg
 * @cel: supported commands, filled at registration
 * @identify: raw Identify (0x0001) output, if the CEL lists it
 * @identify_len: its length
 * @is_switch: the CCI answered Identify Switch Device (0x5100)
 * @num_ports: switch's physical ports (0x5100), 0 if not a switch
 * @active_ports: the switch's Active Port Bitmask (0x5100); a 256-port
 *	switch reports 0 in the byte that counts them, so walks use this
 * @num_vcs: switch's virtual CXL switches (0x5100)
 * @num_vppbs: switch's vPPBs across all its VCSs (0x5100)
 * @ingress_port: the port Identify Switch Device was received on (0x5100)
 * @seq: per-CCI notification sequence number
 * @ntf_lock: numbers and sends one notification of the CCI at a time
 * @event_work: drains the event logs (interrupt or polling)
 * @event_recs: records of one Get Event Records
 * @event_recs_cap: how many fit the payload
 * @event_buf: wire bytes of the drain's commands
 * @event_overflow: the overflow last forwarded, per log
 * @event_irq: the device signals new records; the logs are not polled
 * @event_msgnum: per log, the MSI/MSI-X message number the device signals
 *	on while @event_irq (CXL r3.1 §8.2.9.2.4)
 * @event_pending: per log, the records sent and not yet cleared
 * @event_flags: %CXLFM_EV_REPLAY: send the held records again (a consumer
 *	came); %CXLFM_EV_KICK: the logs may have new records (an interrupt, a
 *	poll, a start): read them, not only clear what was acknowledged
 * @instance: this registration of the CCI, random, never 0: listeners tell
 *	a CCI registered again from a gap in its sequence numbers
 * @event_retention: enum cxlfm_event_retention, while no durable consumer
 *	is registered
 * @durable_lock: protects @durable and @nr_durable
 * @durable: struct cxlfm_consumer_ack of each durable consumer (durable.c)
 * @nr_durable: how many
 * @events_unacked: records cleared without a stalled consumer's ack
 * @inband_policy: enum cxlfm_inband_policy
 * @usp: the switch upstream port of this host, or NULL
 * @host_vcs: the VCS whose USP is @usp's port, or -1 if unknown
 * @inband_lock: protects @inband_queue
 * @inband_queue: fabric changes waiting for @inband_work
 * @inband_work: applies them to the PCI/CXL hierarchy
 * @inband_rwsem: held for read by @inband_work while it applies and
 *	announces a change, for write by removal before it announces the
 *	CCI gone
 * @inband_ambiguous: changes only notified because their binding status
 *	or link state says neither that the device is gone nor that it is there
 */
struct cxlfm_cci {
	struct device dev;
	int id;
	const struct cxlfm_transport_ops *ops;
	void *priv;
	size_t payload_size;

	struct rw_semaphore state_rwsem;
	bool dying;
	struct mutex mbox_mutex;	/* one command at a time on the mailbox */

	struct delayed_work bg_poll;
	spinlock_t bg_lock;		/* protects @bg */
	struct cxlfm_bg_status bg;

	struct cxlfm_cel cel;
	u8 *identify;
	size_t identify_len;
	bool is_switch;
	u8 num_ports;
	DECLARE_BITMAP(active_ports, 256);
	u8 num_vcs;
	u16 num_vppbs;
	u8 ingress_port;
	atomic_t seq;
	spinlock_t ntf_lock;		/* notifications go out in @seq order */

	struct delayed_work event_work;
	struct fmapi_event_rec *event_recs;
	unsigned int event_recs_cap;
	void *event_buf;
	struct cxlfm_event_overflow event_overflow[CXLFM_NR_EVENT_LOGS];
	bool event_irq;
	u8 event_msgnum[CXLFM_NR_EVENT_LOGS];
	struct cxlfm_event_pending event_pending[CXLFM_NR_EVENT_LOGS];
	unsigned long event_flags;

	u64 instance;
	u8 event_retention;
	struct mutex durable_lock;	/* protects @durable, @nr_durable */
	struct list_head durable;
	unsigned int nr_durable;
	atomic64_t events_unacked;

	u8 inband_policy;
	struct pci_dev *usp;
	int host_vcs;
	spinlock_t inband_lock;		/* protects @inband_queue */
	struct list_head inband_queue;
	struct work_struct inband_work;
	struct rw_semaphore inband_rwsem;
	atomic_long_t inband_ambiguous;
};

struct cxlfm_cci *cxlfm_register_cci(struct device *parent,
				     const struct cxlfm_transport_ops *ops,
				     void *priv, size_t payload_size);
void cxlfm_unregister_cci(struct cxlfm_cci *cci);
void cxlfm_cci_bg_interrupt(struct cxlfm_cci *cci);
void cxlfm_cci_event_interrupt(struct cxlfm_cci *cci);
void cxlfm_events_irq_stop(struct cxlfm_cci *cci);

static inline void *cxlfm_cci_priv(struct cxlfm_cci *cci)
{
	return cci->priv;
}

#endif /* CXLFM_CCI_H */
