/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cxlfmd event journal: an append-only log of fixed-size, checksummed
 * entries, stored as segment files (segment.h).  Written by cxlfmd, read by
 * cxlfmd (on start) and by `cxlfm events`.  The format is described in
 * Documentation/cxlfmd.md.
 */
#ifndef CXLFM_JOURNAL_H
#define CXLFM_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cxlfm/libcxlfm.h>

#define JNL_DEFAULT_PATH	"/var/lib/cxlfm/events.journal"
/* Every entry, including the file header, is this long. */
#define JNL_ENTRY_SIZE		256

/**
 * enum jnl_type - what an entry holds
 * @JNL_CCI_ADDED: a CCI was registered (@ev.cci)
 * @JNL_CCI_REMOVED: a CCI is going away (@ev.cci)
 * @JNL_RECORD: an event log record (@ev.record)
 * @JNL_LOG_OVERFLOW: a device log overflowed; @size records were dropped
 *	by the device (@ev.record holds the overflow fields)
 * @JNL_GAP: events that never reached the journal, see enum jnl_gap
 * @JNL_START: cxlfmd started
 * @JNL_STOP: cxlfmd stopped cleanly
 * @JNL_HIERARCHY: a fabric change under a vPPB and the host's action
 *	(@ev.hierarchy)
 * @JNL_BG_DONE: a background command finished (@ev.bg)
 * @JNL_REPLAYED: a record the journal holds already, sent again by the
 *	switch (@ev.record; it held the record until it was acknowledged)
 * @JNL_FAMILY_GONE: the cxlfm module went away
 * @JNL_FAMILY_BACK: the cxlfm module is back; cxlfmd subscribed again
 */
enum jnl_type {
	JNL_CCI_ADDED = 1,
	JNL_CCI_REMOVED,
	JNL_RECORD,
	JNL_LOG_OVERFLOW,
	JNL_GAP,
	JNL_START,
	JNL_STOP,
	JNL_HIERARCHY,
	JNL_BG_DONE,
	JNL_REPLAYED,
	JNL_FAMILY_GONE,
	JNL_FAMILY_BACK,
	JNL_TYPE_MAX = JNL_FAMILY_BACK,
};

/**
 * enum jnl_gap - why a %JNL_GAP entry was written
 * @JNL_GAP_SEQ: a CCI's sequence numbers jumped while cxlfmd ran: @size
 *	events from @seq on were lost (socket overrun, kernel allocation)
 * @JNL_GAP_OVERRUN: the event socket overflowed; the size is unknown here
 *	(0) and is recorded by the %JNL_GAP_SEQ gaps that follow
 * @JNL_GAP_RESTART: events sent while cxlfmd was not running: the first
 *	event of a CCI after a start continues above the journal's last one
 * @JNL_GAP_UNACKED: @size records were cleared from the switch although
 *	cxlfmd had not acknowledged them within the kernel's hold time
 */
enum jnl_gap {
	JNL_GAP_SEQ = 1,
	JNL_GAP_OVERRUN,
	JNL_GAP_RESTART,
	JNL_GAP_UNACKED,
	JNL_GAP_MAX = JNL_GAP_UNACKED,
};

/**
 * struct jnl_entry - one journal entry, decoded
 * @index: position in the journal, from 0
 * @time_ns: when cxlfmd received it, ns since 1970 (CLOCK_REALTIME)
 * @type: enum jnl_type
 * @gap: enum jnl_gap, for %JNL_GAP
 * @cci: the CCI id, for every type but %JNL_START, %JNL_STOP and overruns
 * @seq: the CCI's sequence number of the event; for a gap, the first one
 *	missing
 * @size: events lost, for %JNL_GAP and %JNL_LOG_OVERFLOW
 * @instance: the CCI's registration whose numbering @seq belongs to, 0 if
 *	unknown (entries of a module without instances, or of no CCI)
 * @ev: the event as libcxlfm gave it (type-specific part only)
 */
struct jnl_entry {
	uint64_t index;
	uint64_t time_ns;
	uint8_t type;
	uint8_t gap;
	uint32_t cci;
	uint32_t seq;
	uint32_t size;
	uint64_t instance;
	struct cxlfm_event ev;
};

/**
 * struct jnl_scan - what opening a journal found
 * @entries: valid entries
 * @corrupt: entries with a bad checksum followed by valid ones (kept)
 * @cut_bytes: bytes of a torn or corrupt tail (cut when opened for writing)
 */
struct jnl_scan {
	uint64_t entries;
	uint64_t corrupt;
	uint64_t cut_bytes;
};

/**
 * struct jnl_limits - rotation and retention (0: no limit)
 * @segment_bytes: start a new segment file rather than grow one beyond this
 * @max_bytes: jnl_retain() deletes the oldest segments while all of them
 *	together are larger
 * @max_age_s: jnl_retain() deletes the oldest segments whose newest entry
 *	is older
 */
struct jnl_limits {
	uint64_t segment_bytes;
	uint64_t max_bytes;
	uint64_t max_age_s;
};

struct jnl;

/* Open for appending: create if needed, lock, cut a torn tail. */
int jnl_open_write(const char *path, struct jnl **j, struct jnl_scan *scan);
/* Open for reading: a torn tail is ignored, not cut. */
int jnl_open_read(const char *path, struct jnl **j, struct jnl_scan *scan);
void jnl_close(struct jnl *j);

/* Index of the next entry: entries ever written, retired ones included. */
uint64_t jnl_count(const struct jnl *j);
/* Index of the oldest entry retention kept. */
uint64_t jnl_first_index(const struct jnl *j);
/*
 * Read entry @index: 0, -EBADMSG if its checksum or contents are wrong,
 * -ENODATA past the end, -ESTALE if retention deleted it, or another
 * negative errno.
 */
int jnl_read(struct jnl *j, uint64_t index, struct jnl_entry *e);
/*
 * A reader: see what the writer appended, started and retired since the
 * open or the last refresh (jnl_count() and jnl_first_index() move on).
 * -ESTALE: another journal replaced this one (it was moved away).
 */
int jnl_refresh(struct jnl *j);

/* The writer: rotate at @lim->segment_bytes from the next append on. */
void jnl_set_limits(struct jnl *j, const struct jnl_limits *lim);
/*
 * The writer: delete the oldest whole segments beyond the size and age
 * limits (never the one being written).  Returns the number of segments
 * deleted and adds the number of entries they held to *@retired, or
 * returns a negative errno.
 */
int jnl_retain(struct jnl *j, uint64_t now_ns, uint64_t *retired);

/*
 * Append @e (its index and, if 0, time are assigned).  Not durable until
 * jnl_sync() returns 0.
 */
int jnl_append(struct jnl *j, struct jnl_entry *e);
int jnl_sync(struct jnl *j);

/*
 * The gap, if any, between what the journal holds of @ev's CCI and @ev of
 * the CCI's registration @instance (0: unknown): fills @gap and returns 1,
 * else returns 0.  @session is the index of this run's %JNL_START entry: a
 * CCI not journaled since then gets a %JNL_GAP_RESTART gap, others a
 * %JNL_GAP_SEQ one.  A CCI the journal never saw gets none: what it sent
 * before is unknown.  A new registration numbers from 1: no gap to the old.
 */
int jnl_gap_before(const struct jnl *j, const struct cxlfm_event *ev,
		   uint64_t instance, uint64_t session, struct jnl_entry *gap);

/*
 * Fill a journal entry from a libcxlfm event of the CCI's registration
 * @instance (gaps are separate entries).
 */
void jnl_from_event(struct jnl_entry *e, const struct cxlfm_event *ev,
		    uint64_t instance);

/**
 * struct jnl_query - which entries `cxlfm events` prints
 * @by_cci: only entries of CCI @cci (and those of no CCI: overruns, markers)
 * @cci: the CCI
 * @by_seq: only entries of sequence number above @seq (a gap: if its window
 *	reaches above @seq), and entries of no CCI that follow one of those
 * @seq: the sequence number
 * @by_time: only entries received at or after @time_ns
 * @time_ns: ns since 1970
 * @started: state: an entry passed the @seq test already
 */
struct jnl_query {
	bool by_cci;
	uint32_t cci;
	bool by_seq;
	uint32_t seq;
	bool by_time;
	uint64_t time_ns;
	bool started;
};

/* Parse --since: SEQ (a number), @SECONDS, or YYYY-MM-DD[THH:MM[:SS]] UTC. */
int jnl_query_since(struct jnl_query *q, const char *s);
/* Whether @e is selected; call on every entry, in order. */
bool jnl_query_match(struct jnl_query *q, const struct jnl_entry *e);

const char *jnl_type_name(const struct jnl_entry *e);
/* The reason of a %JNL_GAP entry, as `cxlfm events` prints it. */
const char *jnl_gap_name(uint8_t gap);

uint32_t jnl_crc32c(const void *buf, size_t len);

#endif /* CXLFM_JOURNAL_H */
