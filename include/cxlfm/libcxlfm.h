/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcxlfm: C interface to the cxlfm generic netlink family.
 */
#ifndef LIBCXLFM_H
#define LIBCXLFM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The FM-API opcodes, enumerations and the typed ops' structs. */
#include <cxlfm/fm_types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The ABI of this library (libcxlfm.so.2, symbol version LIBCXLFM_2):
 * every struct a call reads from or writes to the caller's memory travels
 * with its size, as the program was compiled.  The calls below that take
 * a struct are static inline wrappers that pass sizeof() of it to the
 * exported *_sized() function (the typed FM-API ops pass the sizes of
 * their structs and of their lists' elements, struct cxlfm_fm_sizes).  The
 * library reads and writes no more than that size, so a struct may grow
 * at its end in a later release without breaking a program built before:
 *
 * - what the library fills: members the program's struct lacks are not
 *   written; members the library does not know (a newer program) are
 *   zeroed;
 * - what the program fills: members its struct lacks are taken as zero;
 *   members the library does not know must be zero, else the call fails
 *   with -E2BIG (the program asked for something this library cannot do).
 *
 * A member is added only beyond a struct's previous size; a struct another
 * embeds (struct cxlfm_cci_info and the other members of struct
 * cxlfm_event) and struct cxlfm_fm_sizes do not change; nothing else
 * changes without a new soname (make check's ABI check holds the library
 * to this).  Programs in other languages call the *_sized() functions.
 */

struct cxlfm_ctx;

/*
 * Errors.  A call that fails returns a negative errno:
 *  - the kernel's, for a request it refused, with its extended-ack text in
 *    cxlfm_last_error() and, when the device refused the command, the CXL
 *    return code in cxlfm_last_return_code();
 *  - the errno of the system call, when sending or receiving fails (e.g.
 *    -ENOBUFS: the socket overran); -EBADMSG for a reply that cannot be
 *    read, -EOVERFLOW for one larger than the library's buffer;
 *  - -EMSGSIZE for an argument no netlink message can carry (a payload or
 *    list over 65 531 bytes), -EINVAL for an invalid one (a count
 *    without its array): the request is not sent, and cxlfm_last_error()
 *    says what was refused;
 *  - -EINVAL for a struct smaller than LIBCXLFM_2 defined it, -E2BIG for
 *    one that sets a member this library does not know (above);
 *  - -ENOMEM only when memory ran out.
 * libnl's own error codes are mapped to the errno they stand for.  Every
 * call on a context starts from a clean state: cxlfm_last_error(),
 * cxlfm_last_return_code(), cxlfm_last_vendor_status() and
 * cxlfm_last_bg_cmd() describe the last call only, never an earlier one.
 * Calls on a subscription (cxlfm_events_*() but cxlfm_events_open())
 * report through their return value only.
 *
 * Threads.  One context per thread: a context is not locked, so two
 * threads must not call into the same context, or into subscriptions
 * opened from it, at the same time.  Contexts share nothing: threads that
 * each open their own (cxlfm_new()) run in parallel.  A context may move
 * to another thread when the hand-over orders the two (a mutex, a queue,
 * pthread_join()).  cxlfm_ref() and cxlfm_unref() are atomic: references
 * may be taken and dropped by any thread at any time, and the last one
 * dropped closes the context.
 */

/**
 * struct cxlfm_cci_info - what the kernel knows of one CCI
 * @id: stable id (/sys/class/cxlfm/cxlfm<id>)
 * @transport: "pci", "sim", ...
 * @payload_size: mailbox payload area in bytes
 * @num_commands: commands in the CCI's Command Effects Log
 * @is_switch: the CCI is a switch (answers Identify Switch Device)
 * @num_ports: physical ports, if a switch
 * @num_vcs: virtual CXL switches, if a switch
 * @has_identity: @vendor, @device and @serial are valid (Identify answered)
 * @vendor: PCI vendor id
 * @device: PCI device id
 * @serial: serial number
 * @inband_policy: enum cxlfm_inband_policy (cxlfm/uapi/cxlfm.h)
 */
struct cxlfm_cci_info {
	unsigned int id;
	char transport[16];
	unsigned int payload_size;
	unsigned int num_commands;
	bool is_switch;
	uint8_t num_ports;
	uint8_t num_vcs;
	bool has_identity;
	uint16_t vendor;
	uint16_t device;
	uint64_t serial;
	uint8_t inband_policy;
};

/**
 * struct cxlfm_raw_cmd - one raw CCI command
 * @opcode: command set << 8 | command
 * @in: input payload
 * @in_len: its length
 * @out: buffer for the output payload
 * @out_cap: its size
 * @out_len: bytes the device returned (may exceed @out_cap: then truncated)
 * @return_code: the CXL return code
 * @vendor_status: vendor specific extended status
 * @background: the device started the command in the background
 */
struct cxlfm_raw_cmd {
	uint16_t opcode;
	const void *in;
	size_t in_len;
	void *out;
	size_t out_cap;
	size_t out_len;
	uint16_t return_code;
	uint16_t vendor_status;
	bool background;
};

/**
 * cxlfm_new() - open a library context
 * @ctx: where to store the new context (reference count 1)
 *
 * Opens a generic netlink socket and resolves the cxlfm family.
 *
 * Return: 0; -ENOENT if the cxlfm kernel module is not loaded (no such
 * family); the errno of the refusal when the socket cannot be opened
 * (e.g. -EPERM or -EACCES from a security policy, -EMFILE, -ENFILE,
 * -EAFNOSUPPORT or -EPROTONOSUPPORT without netlink); the errno of
 * send() or recv() when asking for the family fails (e.g. -ENOBUFS);
 * -EBADMSG if the answer cannot be read; -ENOMEM.
 */
int cxlfm_new(struct cxlfm_ctx **ctx);

/**
 * cxlfm_ref() - take a reference on a context
 * @ctx: the context
 *
 * Atomic: any thread may take a reference while others use the context.
 *
 * Return: @ctx
 */
struct cxlfm_ctx *cxlfm_ref(struct cxlfm_ctx *ctx);

/**
 * cxlfm_unref() - drop a reference; the last one closes the context
 * @ctx: the context, or NULL
 *
 * Atomic: references held by different threads may be dropped at once.
 */
void cxlfm_unref(struct cxlfm_ctx *ctx);

/**
 * cxlfm_family_id() - the generic netlink id of the cxlfm family
 * @ctx: the context
 *
 * Return: the family id resolved when @ctx was opened
 */
int cxlfm_family_id(struct cxlfm_ctx *ctx);

/**
 * cxlfm_last_error() - the reason for the last call's failure
 * @ctx: the context
 *
 * Return: the kernel's extended-ack text, or the library's own reason for
 * a request it refused to send, of the last call on @ctx; "" if that call
 * succeeded or its error came without one.
 */
const char *cxlfm_last_error(struct cxlfm_ctx *ctx);

/**
 * cxlfm_cci_get() - read one CCI
 * @ctx: the context
 * @id: the CCI's id
 * @info: filled on success
 *
 * Return: 0, -ENODEV if there is no such CCI, -EPERM without
 * CAP_SYS_ADMIN, or another negative errno.
 */
int cxlfm_cci_get_sized(struct cxlfm_ctx *ctx, unsigned int id,
			struct cxlfm_cci_info *info, size_t size);
static inline int cxlfm_cci_get(struct cxlfm_ctx *ctx, unsigned int id,
				struct cxlfm_cci_info *info)
{
	return cxlfm_cci_get_sized(ctx, id, info, sizeof(*info));
}

/**
 * cxlfm_cci_list() - read every CCI
 * @ctx: the context
 * @list: receives a malloc'ed array (free() it), sorted by id
 * @count: receives its length
 *
 * A CCI that comes or goes while the list is read makes it read again,
 * up to three times in all.
 *
 * Return: 0, -EINTR if CCIs kept coming and going, or a negative errno.
 */
int cxlfm_cci_list_sized(struct cxlfm_ctx *ctx, void **list, size_t *count,
			 size_t size);
static inline int cxlfm_cci_list(struct cxlfm_ctx *ctx,
				 struct cxlfm_cci_info **list, size_t *count)
{
	void *l = NULL;
	int rc = cxlfm_cci_list_sized(ctx, &l, count, sizeof(**list));

	if (!rc)
		*list = (struct cxlfm_cci_info *)l;
	return rc;
}

/**
 * cxlfm_cci_opcodes() - the commands a CCI supports
 * @ctx: the context
 * @id: the CCI's id
 * @opcodes: receives a malloc'ed array (free() it) of the opcodes its
 *	Command Effects Log lists, in ascending order
 * @count: receives its length
 *
 * The kernel sends a CCI only the commands its CEL lists; a program that
 * reads what a switch offers can leave the others out instead of asking
 * and being refused with -EOPNOTSUPP.  No mailbox command is sent.
 *
 * Return: 0, -ENODEV if there is no such CCI, -ENODATA if the kernel
 * module does not report the CEL (older than this library), or another
 * negative errno.
 */
int cxlfm_cci_opcodes(struct cxlfm_ctx *ctx, unsigned int id,
		      uint16_t **opcodes, size_t *count);

/**
 * cxlfm_raw() - send one command to a CCI as it is
 * @ctx: the context
 * @id: the CCI's id
 * @cmd: the command; output fields filled on return
 *
 * Read-only commands need CAP_SYS_ADMIN; any other needs CAP_SYS_RAWIO
 * too, is refused under kernel lockdown and taints the kernel.  A
 * non-success CXL return code is not an error of this call: check
 * @cmd->return_code.
 *
 * Return: 0 when the device answered, -EMSGSIZE for an input payload over
 * 65 531 bytes (not sent), or a negative errno (see cxlfm_last_error() for
 * the reason).
 */
int cxlfm_raw_sized(struct cxlfm_ctx *ctx, unsigned int id,
		    struct cxlfm_raw_cmd *cmd, size_t size);
static inline int cxlfm_raw(struct cxlfm_ctx *ctx, unsigned int id,
			    struct cxlfm_raw_cmd *cmd)
{
	return cxlfm_raw_sized(ctx, id, cmd, sizeof(*cmd));
}

/**
 * cxlfm_raw_batch() - send several raw commands in one system call
 * @ctx: the context
 * @id: the CCI's id
 * @cmds: the commands; output fields filled on return
 * @n: how many
 *
 * All requests go to the kernel in one sendmsg(); the kernel runs them in
 * order and the replies are matched to their requests by sequence number.
 *
 * Return: 0 when every command got an answer from the device, else the
 * first negative errno (the other commands still ran).
 */
int cxlfm_raw_batch_sized(struct cxlfm_ctx *ctx, unsigned int id,
			  struct cxlfm_raw_cmd *cmds, size_t n, size_t size);
static inline int cxlfm_raw_batch(struct cxlfm_ctx *ctx, unsigned int id,
				  struct cxlfm_raw_cmd *cmds, size_t n)
{
	return cxlfm_raw_batch_sized(ctx, id, cmds, n, sizeof(*cmds));
}

/**
 * enum cxlfm_event_type - what a struct cxlfm_event reports
 * @CXLFM_EVENT_CCI_ADDED: a CCI was registered (@cci is filled)
 * @CXLFM_EVENT_CCI_REMOVED: a CCI is going away (@cci is filled)
 * @CXLFM_EVENT_OVERRUN: the kernel dropped events because the socket's
 *	buffer was full (ENOBUFS); how many is unknown, re-read state
 * @CXLFM_EVENT_RECORD: a record from a CCI's event log (@record is filled)
 * @CXLFM_EVENT_LOG_OVERFLOW: a CCI's event log overflowed and the device
 *	dropped @record.overflow_count records
 * @CXLFM_EVENT_HIERARCHY: the fabric changed under a vPPB and the host
 *	acted on it (@hierarchy is filled)
 * @CXLFM_EVENT_BG_DONE: a background command finished (@bg is filled)
 * @CXLFM_EVENT_FAMILY_GONE: the cxlfm module went away: every CCI with it,
 *	and a durable registration ends (only after cxlfm_events_follow())
 * @CXLFM_EVENT_FAMILY_BACK: the cxlfm module is back and the subscription
 *	(and durable registration) was made again; events sent before that
 *	were missed (only after cxlfm_events_follow())
 * @CXLFM_EVENT_UNACKED: records of CCI @cci.id were cleared from the switch
 *	although this durable consumer had not acknowledged them within the
 *	kernel's hold time; @missed says how many (only to the consumer
 *	concerned, after cxlfm_events_durable())
 */
enum cxlfm_event_type {
	CXLFM_EVENT_CCI_ADDED = 1,
	CXLFM_EVENT_CCI_REMOVED,
	CXLFM_EVENT_OVERRUN,
	CXLFM_EVENT_RECORD,
	CXLFM_EVENT_LOG_OVERFLOW,
	CXLFM_EVENT_HIERARCHY,
	CXLFM_EVENT_BG_DONE,
	CXLFM_EVENT_FAMILY_GONE,
	CXLFM_EVENT_FAMILY_BACK,
	CXLFM_EVENT_UNACKED,
};

/**
 * struct cxlfm_event_bg - the end of a background command
 * @opcode: the command (bind, unbind, ...)
 * @return_code: its CXL return code
 * @vendor_status: its vendor specific extended status
 * @bg_seq: the kernel's number of the command on its CCI, as the call that
 *	started it gave it (struct cxlfm_bg_cmd)
 * @percent: how far it got, 100 unless aborted
 */
struct cxlfm_event_bg {
	uint16_t opcode;
	uint16_t return_code;
	uint16_t vendor_status;
	uint32_t bg_seq;
	uint8_t percent;
};

/**
 * struct cxlfm_event_record - an event log record, or a log's overflow
 * @log: 0 informational, 1 warning, 2 failure, 3 fatal
 * @kind: enum cxlfm_event_kind (cxlfm/uapi/cxlfm.h)
 * @handle: the record's handle
 * @flags: record flags, severity in bits 1:0
 * @timestamp: ns since 1970, 0 if unknown
 * @raw: the 128-byte record
 * @type: record-specific event type
 * @port_id: physical port (Physical Switch, MLD Port records)
 * @vcs_id: VCS (Virtual CXL Switch records)
 * @vppb_id: vPPB (Virtual CXL Switch records)
 * @binding_status: vPPB binding status (Virtual CXL Switch records)
 * @bound_port_id: bound port (Virtual CXL Switch records)
 * @bound_ld_id: bound LD (Virtual CXL Switch records)
 * @overflow_count: records the device dropped (overflow events)
 * @first_overflow: time of the first dropped record (overflow events)
 * @last_overflow: time of the last dropped record (overflow events)
 */
struct cxlfm_event_record {
	uint8_t log;
	uint8_t kind;
	uint16_t handle;
	uint32_t flags;
	uint64_t timestamp;
	uint8_t raw[128];
	uint8_t type;
	uint8_t port_id;
	uint8_t vcs_id;
	uint8_t vppb_id;
	uint8_t binding_status;
	uint8_t bound_port_id;
	uint8_t bound_ld_id;
	uint16_t overflow_count;
	uint64_t first_overflow;
	uint64_t last_overflow;
};

/**
 * struct cxlfm_hierarchy_change - a fabric change under a vPPB
 * @change: enum cxlfm_fabric_change (cxlfm/uapi/cxlfm.h)
 * @source: enum cxlfm_fabric_source: the switch's event log or a report
 * @has_vppb: @vcs_id and @vppb_id are known
 * @vcs_id: the VCS
 * @vppb_id: the vPPB
 * @port_id: the physical port bound, or whose link changed
 * @ld_id: the LD bound, 0xffff if none
 * @action: enum cxlfm_fabric_action: what the host did
 * @pci_dev: the host's downstream port standing for the vPPB, or ""
 * @reason: enum cxlfm_inband_reason (linux/cxlfm.h): why the host only
 *	notified although its policy would act, 0 if nothing stopped it
 *
 */
struct cxlfm_hierarchy_change {
	uint8_t change;
	uint8_t source;
	bool has_vppb;
	uint8_t vcs_id;
	uint8_t vppb_id;
	uint8_t port_id;
	uint16_t ld_id;
	uint8_t action;
	char pci_dev[32];
	uint8_t reason;
};

/**
 * struct cxlfm_event - one event from the kernel
 * @type: what happened
 * @seq: the CCI's sequence number of this event
 * @missed: events of this CCI that never arrived since the previous one
 *	seen (a sequence gap), 0 normally
 * @cci: the CCI the event is about (for records and overflows only its id)
 * @record: the record, for %CXLFM_EVENT_RECORD and %CXLFM_EVENT_LOG_OVERFLOW
 * @hierarchy: the change and the host's action, for %CXLFM_EVENT_HIERARCHY
 * @bg: the finished command, for %CXLFM_EVENT_BG_DONE
 */
struct cxlfm_event {
	enum cxlfm_event_type type;
	uint32_t seq;
	uint32_t missed;
	struct cxlfm_cci_info cci;
	struct cxlfm_event_record record;
	struct cxlfm_hierarchy_change hierarchy;
	struct cxlfm_event_bg bg;
};

struct cxlfm_events;

/**
 * cxlfm_events_open() - subscribe to the cxlfm events group
 * @ctx: the context
 * @ev: receives the subscription (close with cxlfm_events_close())
 *
 * Needs CAP_SYS_ADMIN (-EPERM otherwise).
 *
 * Return: 0 or a negative errno.
 */
int cxlfm_events_open(struct cxlfm_ctx *ctx, struct cxlfm_events **ev);

/**
 * cxlfm_events_fd() - file descriptor to poll() for readability
 * @ev: the subscription
 *
 * Return: the descriptor; it is non-blocking.
 */
int cxlfm_events_fd(struct cxlfm_events *ev);

/**
 * cxlfm_events_next() - the next event, without blocking
 * @ev: the subscription
 * @event: filled with the event
 *
 * A socket overrun is reported as a %CXLFM_EVENT_OVERRUN event, a gap in a
 * CCI's sequence numbers through @event->missed: a loss is never silent.
 * The kernel sends event records in batches, several to a datagram; call
 * this until it returns -EAGAIN before you poll cxlfm_events_fd() again,
 * since the records of a datagram already read do not make it readable.
 *
 * Return: 0 with @event filled, -EAGAIN when nothing is pending, or
 * another negative errno.
 */
int cxlfm_events_next_sized(struct cxlfm_events *ev, struct cxlfm_event *event,
			    size_t size);
static inline int cxlfm_events_next(struct cxlfm_events *ev,
				    struct cxlfm_event *event)
{
	return cxlfm_events_next_sized(ev, event, sizeof(*event));
}

/**
 * cxlfm_events_close() - end a subscription
 * @ev: the subscription, or NULL
 */
void cxlfm_events_close(struct cxlfm_events *ev);

/* Delivery that survives the listener and the module */

/**
 * cxlfm_events_follow() - follow the cxlfm family across module reloads
 * @ev: the subscription
 *
 * When the module goes away the kernel drops every subscription to its
 * groups.  After this call the subscription notices (nlctrl's
 * notifications), reports %CXLFM_EVENT_FAMILY_GONE, subscribes again when
 * the module is back and reports %CXLFM_EVENT_FAMILY_BACK.
 *
 * Return: 0 or a negative errno.
 */
int cxlfm_events_follow(struct cxlfm_events *ev);

/**
 * cxlfm_events_durable() - make the subscription a durable consumer
 * @ev: the subscription
 *
 * From now on the kernel clears a record from a switch's event log only
 * once this consumer acknowledged it (cxlfm_events_ack()), and the records
 * the switches still hold are sent again, with new sequence numbers: a
 * record's handle and timestamp say whether it was seen before.  The
 * registration lasts until cxlfm_events_close() or the process ends, and
 * is made again after a module reload; implies cxlfm_events_follow().  A
 * consumer that acknowledges nothing for the kernel's hold time is left
 * behind (%CXLFM_EVENT_UNACKED) until it acknowledges again.
 *
 * Return: 0, -EOPNOTSUPP if the module is too old to know durable
 * consumers, -EALREADY, or another negative errno.
 */
int cxlfm_events_durable(struct cxlfm_events *ev);

/**
 * cxlfm_events_ack() - acknowledge every event handed out so far
 * @ev: the subscription, a durable consumer
 *
 * Call it once what cxlfm_events_next() returned is stored for good.  Sends
 * one acknowledgement per CCI with news and does not wait for an answer.
 *
 * Return: 0 or a negative errno.
 */
int cxlfm_events_ack(struct cxlfm_events *ev);

/**
 * cxlfm_events_instance() - the instance of the last event's CCI
 * @ev: the subscription
 *
 * Every registration of a CCI (driver bind, module load) gets a random
 * instance id and numbers its events from 1: two events of one CCI id with
 * different instances are of different registrations, and a jump between
 * them is no loss.
 *
 * Return: the instance of the CCI of the event cxlfm_events_next() returned
 * last, or 0 if unknown (a module too old to send it).
 */
uint64_t cxlfm_events_instance(const struct cxlfm_events *ev);

/* In-band hierarchy updates */

/**
 * struct cxlfm_fabric_report - a remote FM's report of a fabric change
 * @change: enum cxlfm_fabric_change (cxlfm/uapi/cxlfm.h)
 * @vcs_id: the VCS of this host's upstream port
 * @vppb_id: the vPPB of that VCS
 * @has_port: @port_id is set
 * @port_id: the physical port bound
 * @has_ld: @ld_id is set
 * @ld_id: the LD bound
 */
struct cxlfm_fabric_report {
	uint8_t change;
	uint8_t vcs_id;
	uint8_t vppb_id;
	bool has_port;
	uint8_t port_id;
	bool has_ld;
	uint16_t ld_id;
};

/**
 * cxlfm_cci_set_inband_policy() - what the host does on fabric changes
 * @ctx: the context
 * @id: the switch CCI's id
 * @policy: enum cxlfm_inband_policy (cxlfm/uapi/cxlfm.h)
 *
 * Return: 0, -ENODEV if there is no such CCI, -ERANGE for an unknown
 * policy, -EPERM without CAP_SYS_ADMIN, or another negative errno (see
 * cxlfm_last_error()).
 */
int cxlfm_cci_set_inband_policy(struct cxlfm_ctx *ctx, unsigned int id,
				uint8_t policy);

/**
 * cxlfm_fabric_notify() - report a fabric change a remote FM made
 * @ctx: the context
 * @id: the switch CCI's id
 * @c: the change
 *
 * The kernel applies it as it would the switch's own event record, and
 * multicasts a %CXLFM_EVENT_HIERARCHY event once it has.
 *
 * Return: 0 once queued, -ENOENT if @c->vcs_id is not this host's VCS,
 * -ENXIO if no downstream port of the host stands for @c->vppb_id,
 * -ENODEV if there is no such CCI, -EPERM without CAP_SYS_ADMIN, or
 * another negative errno (see cxlfm_last_error()).
 */
int cxlfm_fabric_notify_sized(struct cxlfm_ctx *ctx, unsigned int id,
			      const struct cxlfm_fabric_report *c, size_t size);
static inline int cxlfm_fabric_notify(struct cxlfm_ctx *ctx, unsigned int id,
				      const struct cxlfm_fabric_report *c)
{
	return cxlfm_fabric_notify_sized(ctx, id, c, sizeof(*c));
}
/**
 * cxlfm_last_return_code() - CXL return code of the last failed typed op
 * @ctx: library context
 *
 * When a typed op fails because the device refused the command, the kernel
 * hands back the CXL return code (CXL r3.1 Table 8-34) with the error.
 *
 * Return: the return code, 0 if the last call on @ctx succeeded or did not
 * reach a device.
 */
uint16_t cxlfm_last_return_code(struct cxlfm_ctx *ctx);

/**
 * cxlfm_last_vendor_status() - vendor status of the last failed typed op
 * @ctx: library context
 *
 * Return: the vendor specific extended status, or 0.
 */
uint16_t cxlfm_last_vendor_status(struct cxlfm_ctx *ctx);

/**
 * struct cxlfm_target - where a typed op goes
 * @cci: the switch's CCI id
 * @tunnel_port: -1, or the switch port of an MLD or multi-headed device to
 *	tunnel the command to (Tunnel Management Command, 0x5300)
 * @tunnel_ld: -1, or the LD of that MLD (a second tunnel level)
 * @ld_pool: instead of an LD, the second level targets the LD-pool CCI of
 *	the multi-headed device at @tunnel_port
 */
struct cxlfm_target {
	uint32_t cci;
	int tunnel_port;
	int tunnel_ld;
	bool ld_pool;
};

/* A target without tunnelling: the switch's own CCI. */
#define CXLFM_TARGET(id) \
	((const struct cxlfm_target){ .cci = (id), .tunnel_port = -1, \
				      .tunnel_ld = -1 })

/**
 * struct cxlfm_fm_sizes - the sizes of a typed op's structs, as compiled
 * @target: sizeof(struct cxlfm_target)
 * @req: sizeof the request struct, 0 if the op has none
 * @req_elem: sizeof an element of the request's list, 0 if none
 * @rsp: sizeof the response struct, 0 if the op has none
 * @rsp_elem: sizeof an element of the response's list, 0 if none
 * @rsp_sub_elem: sizeof an element of the response's second list (Get VCS
 *	Info's vPPBs), 0 if none
 *
 * Written by the typed wrappers of <cxlfm/fm_ops.h>.  This struct itself
 * never changes (a new member would need a new function).
 */
struct cxlfm_fm_sizes {
	uint32_t target;
	uint32_t req;
	uint32_t req_elem;
	uint32_t rsp;
	uint32_t rsp_elem;
	uint32_t rsp_sub_elem;
};

/*
 * cxlfm_fm_call() flag: wait (60 s at most) for a background command the
 * call starts to finish, by its completion notification
 */
#define CXLFM_CALL_WAIT		1u

/**
 * cxlfm_fm_call() - run one typed FM-API op
 * @ctx: library context
 * @t: target CCI (and tunnel)
 * @cmd: CXLFM_CMD_* of a typed op (cxlfm/uapi/cxlfm.h)
 * @req: the command's request struct (<cxlfm/fm_types.h>), or NULL for a
 *	command without one.  A list is taken from its pointer and count;
 *	Get Physical Port State with no ports asks for every port.
 * @rsp: the command's response struct, or NULL for a command without one.
 *	Set each list's pointer and capacity before the call; the counts are
 *	set on return.
 * @flags: %CXLFM_CALL_WAIT to wait for a background command
 * @sizes: the sizes of @t, @req, @rsp and their lists' elements as the
 *	program knows them
 *
 * The typed wrappers in <cxlfm/fm_ops.h> (one per op, e.g.
 * cxlfm_get_phys_port_state()) call this with the right types and sizes.
 *
 * The kernel answers a command the device runs in the background as soon
 * as it started, with its identity (cxlfm_last_bg_cmd()).  With
 * %CXLFM_CALL_WAIT the library subscribes to the events group before it
 * sends the command and waits, as cxlfm_bg_wait_cmd() does, up to 60 s
 * for the command's own completion; a signal ends the wait early (not the
 * command).  A tunnelled command cannot be waited for (-EOPNOTSUPP): its
 * device's completion is not tracked.
 *
 * Return: 0 when done, 1 when the command was started in the background
 * (and, with %CXLFM_CALL_WAIT, still runs after the wait), -E2BIG if a
 * struct sets a member this library does not know, -ESTALE if
 * the wait lost the command's result (see cxlfm_bg_wait_cmd()), or a
 * negative errno; then cxlfm_last_error() holds the kernel's message and
 * cxlfm_last_return_code() the device's return code, if it answered, also
 * for a background command that failed.
 */
int cxlfm_fm_call(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
		  int cmd, const void *req, void *rsp, unsigned int flags,
		  const struct cxlfm_fm_sizes *sizes);

/**
 * cxlfm_fm_dump() - run a typed op on every switch
 * @ctx: library context
 * @cmd: CXLFM_CMD_IDENTIFY_SWITCH (one reply per switch) or
 *	CXLFM_CMD_GET_PHYS_PORT_STATE (one reply per port)
 * @cci: only this CCI, or -1 for every switch
 * @rsp: response struct (with list room) each reply is parsed into
 * @each: called for each reply with the CCI it came from; a negative
 *	return ends the dump with that error
 * @arg: passed to @each
 * @sizes: as for cxlfm_fm_call()
 *
 * A switch whose Command Effects Log lacks the command is left out.  The
 * typed wrappers cxlfm_identify_switch_dump() and
 * cxlfm_get_phys_port_state_dump() (<cxlfm/fm_ops.h>) pass the sizes.
 *
 * Return: 0; -EINTR when a CCI came or went during the dump, after @each
 * saw every reply (they may miss or repeat a switch: dump again for a
 * consistent view); or a negative errno.
 */
int cxlfm_fm_dump(struct cxlfm_ctx *ctx, int cmd, long cci, void *rsp,
		  int (*each)(struct cxlfm_ctx *ctx, unsigned int cci,
			      void *rsp, void *arg),
		  void *arg, const struct cxlfm_fm_sizes *sizes);

/**
 * cxlfm_bg_wait() - wait until a CCI runs no background command
 * @ctx: library context
 * @cci: the CCI
 * @timeout_ms: how long to wait at most
 * @st: receives the last Background Operation Status
 *
 * Reads the status once; if a command runs, waits for the completion
 * notification of the CCI (no polling).  To wait for one command, use
 * cxlfm_bg_wait_cmd(): this reports whichever command ended.
 *
 * Return: 0 once no background command runs (@st has the last one's
 * return code), -ETIMEDOUT, -EINTR if a signal ended the wait (@st has
 * the status then), or a negative errno.
 */
int cxlfm_bg_wait_sized(struct cxlfm_ctx *ctx, unsigned int cci,
			unsigned int timeout_ms,
			struct cxlfm_fm_bg_op_status_rsp *st, size_t st_size);
static inline int cxlfm_bg_wait(struct cxlfm_ctx *ctx, unsigned int cci,
				unsigned int timeout_ms,
				struct cxlfm_fm_bg_op_status_rsp *st)
{
	return cxlfm_bg_wait_sized(ctx, cci, timeout_ms, st, sizeof(*st));
}

/**
 * struct cxlfm_bg_cmd - the identity of a background command
 * @cci: the CCI it runs on
 * @opcode: the command
 * @seq: the kernel's number of it on @cci, from 1 (netlink bg-seq)
 */
struct cxlfm_bg_cmd {
	uint32_t cci;
	uint16_t opcode;
	uint32_t seq;
};

/**
 * cxlfm_last_bg_cmd() - the background command the last typed op started
 * @ctx: library context
 * @cmd: receives its identity
 *
 * Return: 0, or -ENOENT if the last call on @ctx was not a cxlfm_fm_call()
 * that started one (or started one through a tunnel, whose completion the
 * kernel does not track).
 */
int cxlfm_last_bg_cmd_sized(struct cxlfm_ctx *ctx, struct cxlfm_bg_cmd *cmd,
			    size_t size);
static inline int cxlfm_last_bg_cmd(struct cxlfm_ctx *ctx,
				    struct cxlfm_bg_cmd *cmd)
{
	return cxlfm_last_bg_cmd_sized(ctx, cmd, sizeof(*cmd));
}

/**
 * cxlfm_bg_wait_cmd() - wait for one background command to finish
 * @ctx: library context
 * @ev: a subscription opened (cxlfm_events_open()) before the command was
 *	sent, so that its completion cannot pass unseen; the wait reads and
 *	drops its other events.  NULL: the wait subscribes itself and reads
 *	the status first, in case the command ended already.
 * @cmd: the command (cxlfm_last_bg_cmd())
 * @timeout_ms: how long to wait at most
 * @st: receives the command's status: its return code once it ended
 *
 * Waits for the command's own completion notification, matched by its
 * identity; Background Operation Status is read once, at the end, only
 * when the notification did not say (timeout, a signal, lost events).
 * The device's status describes only the last background command of the
 * CCI: when a newer one started, the result of @cmd is no longer known
 * unless its notification was seen.
 *
 * Return: 0 once the command ended (@st->return_code is its result),
 * -ETIMEDOUT if it still runs, -EINTR if a signal ended the wait (@st
 * has the status then), -ESTALE if its result was superseded by a newer
 * background command's (cxlfm_last_error() says which), -ENODEV if the
 * CCI went away, or a negative errno.
 */
int cxlfm_bg_wait_cmd_sized(struct cxlfm_ctx *ctx, struct cxlfm_events *ev,
			    const struct cxlfm_bg_cmd *cmd, size_t cmd_size,
			    unsigned int timeout_ms,
			    struct cxlfm_fm_bg_op_status_rsp *st,
			    size_t st_size);
static inline int cxlfm_bg_wait_cmd(struct cxlfm_ctx *ctx,
				    struct cxlfm_events *ev,
				    const struct cxlfm_bg_cmd *cmd,
				    unsigned int timeout_ms,
				    struct cxlfm_fm_bg_op_status_rsp *st)
{
	return cxlfm_bg_wait_cmd_sized(ctx, ev, cmd, sizeof(*cmd), timeout_ms,
				       st, sizeof(*st));
}

/* Names: what the specification's numbers are called */

/* CXL command return codes (CXL r3.1 Table 8-34) */
#define CXLFM_RC_SUCCESS		0x0000
#define CXLFM_RC_BACKGROUND		0x0001
#define CXLFM_RC_INVALID_INPUT		0x0002
#define CXLFM_RC_UNSUPPORTED		0x0003
#define CXLFM_RC_INTERNAL		0x0004
#define CXLFM_RC_RETRY			0x0005
#define CXLFM_RC_BUSY			0x0006
#define CXLFM_RC_INVALID_PAYLOAD_LEN	0x0016
#define CXLFM_RC_ABORT_UNSUPPORTED	0x0020

/**
 * cxlfm_rc_name() - stable lowercase name of a CXL command return code
 * @rc: the return code (CXL r3.1 Table 8-34)
 *
 * Return: a static string, "unknown" for a code the library does not know.
 */
const char *cxlfm_rc_name(uint16_t rc);

/**
 * cxlfm_rc_desc() - human readable description of a return code
 * @rc: the return code
 *
 * Return: a static string, never NULL.
 */
const char *cxlfm_rc_desc(uint16_t rc);

/**
 * cxlfm_opcode_name() - stable lowercase name of an FM-API or CCI command
 * @opcode: command set << 8 | command
 *
 * Return: a static string, or NULL for a command the library does not know.
 */
const char *cxlfm_opcode_name(uint16_t opcode);

/**
 * enum cxlfm_fm_enum - the enumerated fields cxlfm_enum_name() names
 * @CXLFM_FM_ENUM_PORT_CONFIG_STATE: enum cxlfm_fm_port_config_state
 * @CXLFM_FM_ENUM_CONN_DEV_MODE: enum cxlfm_fm_conn_dev_mode
 * @CXLFM_FM_ENUM_CONN_DEV_TYPE: enum cxlfm_fm_conn_dev_type
 * @CXLFM_FM_ENUM_LTSSM: enum cxlfm_fm_ltssm
 * @CXLFM_FM_ENUM_VPPB_STATUS: enum cxlfm_fm_vppb_status
 * @CXLFM_FM_ENUM_VCS_STATE: CXLFM_FM_VCS_*
 * @CXLFM_FM_ENUM_EVENT_LOG: enum cxlfm_fm_event_log
 */
enum cxlfm_fm_enum {
	CXLFM_FM_ENUM_PORT_CONFIG_STATE = 1,
	CXLFM_FM_ENUM_CONN_DEV_MODE,
	CXLFM_FM_ENUM_CONN_DEV_TYPE,
	CXLFM_FM_ENUM_LTSSM,
	CXLFM_FM_ENUM_VPPB_STATUS,
	CXLFM_FM_ENUM_VCS_STATE,
	CXLFM_FM_ENUM_EVENT_LOG,
};

/**
 * cxlfm_enum_name() - stable lowercase name of an enumerated field's value
 * @e: the enumeration
 * @val: the value
 *
 * Return: a static string, or NULL if @val is reserved or @e unknown.
 */
const char *cxlfm_enum_name(enum cxlfm_fm_enum e, uint32_t val);

/* Command Effects Log: its log UUID (Get Log), and one entry's size */
#define CXLFM_CEL_UUID_INIT \
	{ 0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78, \
	  0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17 }
#define CXLFM_CEL_ENTRY_SIZE	4

/**
 * cxlfm_cel_effect_name() - stable name of a CEL command-effects bit
 * @bit: bit number, 0 .. 15
 *
 * Return: a static string, or NULL for a reserved bit.
 */
const char *cxlfm_cel_effect_name(unsigned int bit);

/**
 * cxlfm_cel_is_read_only() - a command whose effects change nothing
 * @effects: the command's CEL effects
 *
 * Read-only: no configuration, data, policy, log or security change,
 * immediate or after any reset (bits 10-11 counted only when bit 9 says
 * they are valid).  The kernel runs such a command through cxlfm_raw()
 * without CAP_SYS_RAWIO.
 *
 * Return: true if read-only.
 */
bool cxlfm_cel_is_read_only(uint16_t effects);

#include <cxlfm/fm_ops.h>

#ifdef __cplusplus
}
#endif

#endif /* LIBCXLFM_H */
