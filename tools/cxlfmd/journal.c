// SPDX-License-Identifier: GPL-2.0
/*
 * The cxlfmd event journal.  Fixed-size entries make every entry's place
 * known from its index, so a reader seeks instead of scanning, a torn tail
 * is whatever follows the last whole valid entry, and one damaged entry in
 * the middle does not hide the ones after it.  Each entry carries its own
 * index and a CRC32C: a stale or misplaced block is as invalid as a
 * corrupt one.
 */
#define _GNU_SOURCE	/* strptime, timegm */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "journal.h"
#include "segment.h"

#define JNL_MAGIC	"CXLFMJNL"
#define JNL_VERSION	1
#define ENTRY_MAGIC	0x454a4643u	/* "CFJE" little-endian */

/* Entry layout (little-endian), see Documentation/cxlfmd.md */
#define OFF_MAGIC	0
#define OFF_TYPE	4
#define OFF_GAP		5
#define OFF_INDEX	8
#define OFF_TIME	16
#define OFF_CCI		24
#define OFF_SEQ		28
#define OFF_SIZE	32
#define OFF_BODY	40
/* after every body: a record's ends at 176 */
#define OFF_INSTANCE	(OFF_BODY + 192)
#define OFF_CRC		(JNL_ENTRY_SIZE - 4)

struct cci_state {
	uint32_t cci;
	uint32_t last_seq;	/* 0: removed, a new one starts at 1 */
	uint64_t last_index;
	uint64_t instance;	/* of the last entry, 0 unknown */
};

struct jnl {
	char *path;
	bool writer;
	int lock;		/* the writer's flock, -1 for a reader */
	struct seg *segs;	/* sorted by base; the last one is appended to */
	size_t nr_segs;
	int fd;			/* the last segment */
	int old_fd;		/* one earlier segment being read, or -1 */
	uint64_t old_base;
	uint64_t count;		/* index of the next entry */
	struct jnl_limits lim;
	struct cci_state *ccis;
	size_t nr_ccis;
};

static uint32_t crc_table[256];

uint32_t jnl_crc32c(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t crc = ~0u;
	unsigned int i, k;

	if (!crc_table[1]) {
		for (i = 0; i < 256; i++) {
			uint32_t c = i;

			for (k = 0; k < 8; k++)
				c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
			crc_table[i] = c;
		}
	}
	while (len--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static void put16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }
static void put64(uint8_t *p, uint64_t v) { put32(p, v); put32(p + 4, v >> 32); }
static uint16_t get16(const uint8_t *p) { return p[0] | p[1] << 8; }
static uint32_t get32(const uint8_t *p) { return get16(p) | (uint32_t)get16(p + 2) << 16; }
static uint64_t get64(const uint8_t *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }

/* Body of a record or overflow entry */
static void put_record(uint8_t *b, const struct cxlfm_event_record *r)
{
	b[0] = r->log;
	b[1] = r->kind;
	put16(b + 2, r->handle);
	put32(b + 4, r->flags);
	put64(b + 8, r->timestamp);
	b[16] = r->type;
	b[17] = r->port_id;
	b[18] = r->vcs_id;
	b[19] = r->vppb_id;
	b[20] = r->binding_status;
	b[21] = r->bound_port_id;
	b[22] = r->bound_ld_id;
	put16(b + 24, r->overflow_count);
	put64(b + 32, r->first_overflow);
	put64(b + 40, r->last_overflow);
	memcpy(b + 48, r->raw, sizeof(r->raw));
}

static void get_record(const uint8_t *b, struct cxlfm_event_record *r)
{
	r->log = b[0];
	r->kind = b[1];
	r->handle = get16(b + 2);
	r->flags = get32(b + 4);
	r->timestamp = get64(b + 8);
	r->type = b[16];
	r->port_id = b[17];
	r->vcs_id = b[18];
	r->vppb_id = b[19];
	r->binding_status = b[20];
	r->bound_port_id = b[21];
	r->bound_ld_id = b[22];
	r->overflow_count = get16(b + 24);
	r->first_overflow = get64(b + 32);
	r->last_overflow = get64(b + 40);
	memcpy(r->raw, b + 48, sizeof(r->raw));
}

/* Body of a CCI added/removed entry */
static void put_cci(uint8_t *b, const struct cxlfm_cci_info *c)
{
	memcpy(b, c->transport, sizeof(c->transport));
	put32(b + 16, c->payload_size);
	put32(b + 20, c->num_commands);
	b[24] = c->is_switch;
	b[25] = c->num_ports;
	b[26] = c->num_vcs;
	b[27] = c->has_identity;
	put16(b + 28, c->vendor);
	put16(b + 30, c->device);
	put64(b + 32, c->serial);
}

static void get_cci(const uint8_t *b, struct cxlfm_cci_info *c)
{
	memcpy(c->transport, b, sizeof(c->transport));
	c->transport[sizeof(c->transport) - 1] = '\0';
	c->payload_size = get32(b + 16);
	c->num_commands = get32(b + 20);
	c->is_switch = b[24];
	c->num_ports = b[25];
	c->num_vcs = b[26];
	c->has_identity = b[27];
	c->vendor = get16(b + 28);
	c->device = get16(b + 30);
	c->serial = get64(b + 32);
}

/*
 * Hierarchy body: change, source, has-vPPB, VCS, vPPB, port, action (one
 * byte each), LD (2 bytes), the bridge's name (32 bytes, NUL padded), why
 * the host only notified (one byte; 0, none, in entries older than it).
 */
static void put_hierarchy(uint8_t *b, const struct cxlfm_hierarchy_change *h)
{
	b[0] = h->change;
	b[1] = h->source;
	b[2] = h->has_vppb;
	b[3] = h->vcs_id;
	b[4] = h->vppb_id;
	b[5] = h->port_id;
	b[6] = h->action;
	b[7] = h->ld_id & 0xff;
	b[8] = h->ld_id >> 8;
	memcpy(b + 9, h->pci_dev, sizeof(h->pci_dev));
	b[9 + sizeof(h->pci_dev) - 1] = '\0';
	b[9 + sizeof(h->pci_dev)] = h->reason;
}

static void get_hierarchy(const uint8_t *b, struct cxlfm_hierarchy_change *h)
{
	h->change = b[0];
	h->source = b[1];
	h->has_vppb = b[2];
	h->vcs_id = b[3];
	h->vppb_id = b[4];
	h->port_id = b[5];
	h->action = b[6];
	h->ld_id = b[7] | b[8] << 8;
	memcpy(h->pci_dev, b + 9, sizeof(h->pci_dev));
	h->pci_dev[sizeof(h->pci_dev) - 1] = '\0';
	h->reason = b[9 + sizeof(h->pci_dev)];
}

/* Background completion body: opcode, return code, vendor status (LE16). */
static void put_bg(uint8_t *b, const struct cxlfm_event_bg *g)
{
	b[0] = g->opcode & 0xff;
	b[1] = g->opcode >> 8;
	b[2] = g->return_code & 0xff;
	b[3] = g->return_code >> 8;
	b[4] = g->vendor_status & 0xff;
	b[5] = g->vendor_status >> 8;
}

static void get_bg(const uint8_t *b, struct cxlfm_event_bg *g)
{
	g->opcode = b[0] | b[1] << 8;
	g->return_code = b[2] | b[3] << 8;
	g->vendor_status = b[4] | b[5] << 8;
}

static void encode(uint8_t *b, const struct jnl_entry *e)
{
	memset(b, 0, JNL_ENTRY_SIZE);
	put32(b + OFF_MAGIC, ENTRY_MAGIC);
	b[OFF_TYPE] = e->type;
	b[OFF_GAP] = e->gap;
	put64(b + OFF_INDEX, e->index);
	put64(b + OFF_TIME, e->time_ns);
	put32(b + OFF_CCI, e->cci);
	put32(b + OFF_SEQ, e->seq);
	put32(b + OFF_SIZE, e->size);
	put64(b + OFF_INSTANCE, e->instance);
	if (e->type == JNL_CCI_ADDED || e->type == JNL_CCI_REMOVED)
		put_cci(b + OFF_BODY, &e->ev.cci);
	else if (e->type == JNL_RECORD || e->type == JNL_LOG_OVERFLOW ||
		 e->type == JNL_REPLAYED)
		put_record(b + OFF_BODY, &e->ev.record);
	else if (e->type == JNL_HIERARCHY)
		put_hierarchy(b + OFF_BODY, &e->ev.hierarchy);
	else if (e->type == JNL_BG_DONE)
		put_bg(b + OFF_BODY, &e->ev.bg);
	put32(b + OFF_CRC, jnl_crc32c(b, OFF_CRC));
}

static const enum cxlfm_event_type ev_type[] = {
	[JNL_CCI_ADDED] = CXLFM_EVENT_CCI_ADDED,
	[JNL_CCI_REMOVED] = CXLFM_EVENT_CCI_REMOVED,
	[JNL_RECORD] = CXLFM_EVENT_RECORD,
	[JNL_LOG_OVERFLOW] = CXLFM_EVENT_LOG_OVERFLOW,
	[JNL_HIERARCHY] = CXLFM_EVENT_HIERARCHY,
	[JNL_BG_DONE] = CXLFM_EVENT_BG_DONE,
	[JNL_REPLAYED] = CXLFM_EVENT_RECORD,
};

static int decode(const uint8_t *b, uint64_t index, struct jnl_entry *e)
{
	if (get32(b + OFF_MAGIC) != ENTRY_MAGIC ||
	    get32(b + OFF_CRC) != jnl_crc32c(b, OFF_CRC) ||
	    get64(b + OFF_INDEX) != index || !b[OFF_TYPE] || b[OFF_TYPE] > JNL_TYPE_MAX)
		return -EBADMSG;
	memset(e, 0, sizeof(*e));
	e->index = index;
	e->type = b[OFF_TYPE];
	e->gap = b[OFF_GAP];
	e->time_ns = get64(b + OFF_TIME);
	e->cci = get32(b + OFF_CCI);
	e->seq = get32(b + OFF_SEQ);
	e->size = get32(b + OFF_SIZE);
	e->instance = get64(b + OFF_INSTANCE);
	if (e->type < sizeof(ev_type) / sizeof(ev_type[0]) && ev_type[e->type]) {
		e->ev.type = ev_type[e->type];
		e->ev.seq = e->seq;
		e->ev.cci.id = e->cci;
	}
	if (e->type == JNL_CCI_ADDED || e->type == JNL_CCI_REMOVED)
		get_cci(b + OFF_BODY, &e->ev.cci);
	else if (e->type == JNL_RECORD || e->type == JNL_LOG_OVERFLOW ||
		 e->type == JNL_REPLAYED)
		get_record(b + OFF_BODY, &e->ev.record);
	else if (e->type == JNL_HIERARCHY)
		get_hierarchy(b + OFF_BODY, &e->ev.hierarchy);
	else if (e->type == JNL_BG_DONE)
		get_bg(b + OFF_BODY, &e->ev.bg);
	e->ev.cci.id = e->cci;
	return 0;
}

static void header(uint8_t *b)
{
	memset(b, 0, JNL_ENTRY_SIZE);
	memcpy(b, JNL_MAGIC, 8);
	put32(b + 8, JNL_VERSION);
	put32(b + 12, JNL_ENTRY_SIZE);
	put32(b + OFF_CRC, jnl_crc32c(b, OFF_CRC));
}

static int pread_all(int fd, void *buf, size_t len, off_t off)
{
	ssize_t n = pread(fd, buf, len, off);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -ENODATA;
}

static int pwrite_all(int fd, const void *buf, size_t len, off_t off)
{
	const uint8_t *p = buf;
	ssize_t n;

	while (len) {
		n = pwrite(fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static struct cci_state *find_cci(const struct jnl *j, uint32_t cci)
{
	size_t i;

	for (i = 0; i < j->nr_ccis; i++)
		if (j->ccis[i].cci == cci)
			return &j->ccis[i];
	return NULL;
}

/* Track the last sequence number of each CCI as entries go by. */
static int note_entry(struct jnl *j, const struct jnl_entry *e)
{
	struct cci_state *s;

	/* only events carry a CCI's sequence number */
	if (e->type > JNL_LOG_OVERFLOW && e->type != JNL_HIERARCHY &&
	    e->type != JNL_BG_DONE && e->type != JNL_REPLAYED &&
	    !(e->type == JNL_GAP && e->gap == JNL_GAP_UNACKED))
		return 0;
	s = find_cci(j, e->cci);
	if (!s) {
		s = realloc(j->ccis, (j->nr_ccis + 1) * sizeof(*s));
		if (!s)
			return -ENOMEM;
		j->ccis = s;
		s += j->nr_ccis++;
		s->cci = e->cci;
	}
	s->last_seq = e->type == JNL_CCI_REMOVED ? 0 : e->seq;
	s->last_index = e->index;
	if (e->instance)
		s->instance = e->instance;
	return 0;
}

static struct seg *last_seg(const struct jnl *j)
{
	return &j->segs[j->nr_segs - 1];
}

/*
 * Check segment @i's header (writing one into an empty last segment of the
 * writer), then its entries from slot @from on.  In the last segment,
 * invalid slots after the last valid one are a torn tail (cut by the
 * writer; a reader looks again later, as the writer may be half way
 * through them).  An earlier segment ends where the next one begins: what
 * is invalid or missing in it is corrupt, kept and reported.
 */
static int scan_seg(struct jnl *j, size_t i, int fd, uint64_t from,
		    struct jnl_scan *out)
{
	uint8_t b[JNL_ENTRY_SIZE], want[JNL_ENTRY_SIZE];
	struct seg *s = &j->segs[i];
	bool last = i == j->nr_segs - 1;
	uint64_t slots, k, last_valid = from, valid = 0, end;
	struct jnl_entry e;
	struct stat st;
	int rc;

	if (fstat(fd, &st))
		return -errno;
	header(want);
	if (st.st_size == 0 && j->writer && last) {
		rc = pwrite_all(fd, want, sizeof(want), 0);
		if (!rc && fdatasync(fd))
			rc = -errno;
		if (rc)
			return rc;
		st.st_size = sizeof(want);
	}
	if (!from) {
		rc = pread_all(fd, b, sizeof(b), 0);
		if (rc)
			return rc == -ENODATA ? -EBADMSG : rc;
		if (memcmp(b, want, sizeof(b)))
			return -EBADMSG;	/* not a journal, or another version */
	}
	slots = st.st_size / JNL_ENTRY_SIZE - 1;
	end = last ? slots : j->segs[i + 1].base - s->base;
	if (!last && slots > end)
		slots = end;	/* overlaps the next one: that one counts */
	for (k = from; k < slots; k++) {
		rc = pread_all(fd, b, sizeof(b), (k + 1) * JNL_ENTRY_SIZE);
		if (rc)
			return rc;
		if (decode(b, s->base + k, &e))
			continue;
		valid++;
		last_valid = k + 1;
		rc = note_entry(j, &e);
		if (rc)
			return rc;
	}
	if (last) {
		end = last_valid;
		out->cut_bytes = st.st_size - (last_valid + 1) * JNL_ENTRY_SIZE;
		if (out->cut_bytes && j->writer &&
		    (ftruncate(fd, (last_valid + 1) * JNL_ENTRY_SIZE) || fsync(fd)))
			return -errno;
	}
	out->entries += valid;
	out->corrupt += end > from ? end - from - valid : 0;
	s->slots = end > s->slots ? end : s->slots;
	return 0;
}

static int open_seg(const struct jnl *j, uint64_t base, int flags)
{
	char *name = seg_name(j->path, base);
	int fd;

	if (!name)
		return -ENOMEM;
	fd = open(name, flags | O_CLOEXEC, 0640);
	if (fd < 0)
		fd = -errno;
	free(name);
	return fd;
}

/* List the segments and scan them all: the state of a journal just opened. */
static int load(struct jnl *j, struct jnl_scan *sc)
{
	bool create = false;
	size_t i;
	int fd, rc;

	rc = seg_list(j->path, j->writer, &j->segs, &j->nr_segs);
	if (rc)
		return rc;
	if (!j->nr_segs) {
		if (!j->writer)
			return -ENOENT;
		j->segs = calloc(1, sizeof(*j->segs));
		if (!j->segs)
			return -ENOMEM;
		j->nr_segs = 1;
		create = true;
	}
	for (i = 0; i < j->nr_segs; i++) {
		bool last = i == j->nr_segs - 1;

		fd = open_seg(j, j->segs[i].base, last && j->writer ?
			      O_RDWR | (create ? O_CREAT : 0) : O_RDONLY);
		if (fd < 0)
			return fd;
		rc = scan_seg(j, i, fd, 0, sc);
		if (rc || !last) {
			close(fd);
			if (rc)
				return rc;
		} else {
			j->fd = fd;
		}
	}
	j->count = last_seg(j)->base + last_seg(j)->slots;
	return 0;
}

static int open_common(const char *path, bool writer, struct jnl **out,
		       struct jnl_scan *sc)
{
	struct jnl *j = calloc(1, sizeof(*j));
	struct jnl_scan scan = { 0 };
	int rc, tries;

	if (!j)
		return -ENOMEM;
	j->writer = writer;
	j->fd = j->old_fd = j->lock = -1;
	j->path = strdup(path);
	rc = j->path ? 0 : -ENOMEM;
	/* One writer: a second cxlfmd on the same journal would interleave. */
	if (!rc && writer) {
		j->lock = seg_lock(path);
		rc = j->lock < 0 ? j->lock : 0;
	}
	for (tries = 1; !rc; tries++) {
		memset(&scan, 0, sizeof(scan));
		rc = load(j, &scan);
		/* a reader may list a segment that retention deletes next */
		if (rc != -ENOENT || writer || !j->nr_segs || tries == 10)
			break;
		free(j->segs);
		j->segs = NULL;
		j->nr_segs = 0;
		rc = 0;
	}
	if (rc) {
		jnl_close(j);
		return rc;
	}
	if (sc)
		*sc = scan;
	*out = j;
	return 0;
}

int jnl_open_write(const char *path, struct jnl **j, struct jnl_scan *sc)
{
	int rc = open_common(path, true, j, sc);

	/* A new file's directory entry must be durable too. */
	if (!rc)
		seg_sync_dir(path);
	return rc;
}

int jnl_open_read(const char *path, struct jnl **j, struct jnl_scan *sc)
{
	return open_common(path, false, j, sc);
}

void jnl_close(struct jnl *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	if (j->old_fd >= 0)
		close(j->old_fd);
	if (j->lock >= 0)
		close(j->lock);
	free(j->path);
	free(j->segs);
	free(j->ccis);
	free(j);
}

uint64_t jnl_count(const struct jnl *j)
{
	return j->count;
}

uint64_t jnl_first_index(const struct jnl *j)
{
	return j->segs[0].base;
}

void jnl_set_limits(struct jnl *j, const struct jnl_limits *lim)
{
	j->lim = *lim;
}

/* The segment holding @index (which is below j->count). */
static size_t find_seg(const struct jnl *j, uint64_t index)
{
	size_t lo = 0, hi = j->nr_segs - 1, mid;

	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		if (j->segs[mid].base <= index)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

int jnl_read(struct jnl *j, uint64_t index, struct jnl_entry *e)
{
	uint8_t b[JNL_ENTRY_SIZE];
	struct seg *s;
	int fd, rc;

	if (index >= j->count)
		return -ENODATA;
	if (index < j->segs[0].base)
		return -ESTALE;
	s = &j->segs[find_seg(j, index)];
	if (s == last_seg(j)) {
		fd = j->fd;
	} else if (j->old_fd >= 0 && j->old_base == s->base) {
		fd = j->old_fd;
	} else {
		/* keep one earlier segment open: readers go in order */
		fd = open_seg(j, s->base, O_RDONLY);
		if (fd < 0)
			return fd == -ENOENT ? -ESTALE : fd;	/* retired meanwhile */
		if (j->old_fd >= 0)
			close(j->old_fd);
		j->old_fd = fd;
		j->old_base = s->base;
	}
	rc = pread_all(fd, b, sizeof(b), (index - s->base + 1) * JNL_ENTRY_SIZE);
	if (rc)
		return rc == -ENODATA ? -EBADMSG : rc;	/* missing: counted corrupt */
	return decode(b, index, e);
}

/*
 * A reader catches up with the writer: entries appended since, segments
 * started since, segments retired since.  Only what is new is read.
 */
int jnl_refresh(struct jnl *j)
{
	struct seg *now, *old = j->segs;
	size_t nr, nr_old = j->nr_segs, i, k;
	uint64_t last_base = last_seg(j)->base;
	struct jnl_scan sc = { 0 };
	int fd, rc, tries;

	for (tries = 0; tries < 10; tries++) {
		rc = seg_list(j->path, false, &now, &nr);
		if (rc)
			return rc;
		if (!nr) {
			free(now);
			return -ENOENT;
		}
		/* a new journal in its place: it ends before what was read */
		if (now[nr - 1].base < last_base) {
			free(now);
			return -ESTALE;
		}
		/* what is known of a segment stays known */
		for (i = 0, k = 0; i < nr; i++) {
			while (k < nr_old && old[k].base < now[i].base)
				k++;
			if (k < nr_old && old[k].base == now[i].base)
				now[i].slots = old[k].slots;
		}
		j->segs = now;
		j->nr_segs = nr;
		for (i = 0; i < nr && !rc; i++) {
			if (now[i].base < last_base)
				continue;	/* complete when first seen */
			if (now[i].base == last_base) {
				fd = j->fd;
			} else {
				fd = open_seg(j, now[i].base, O_RDONLY);
				if (fd < 0) {
					rc = fd;
					break;
				}
			}
			rc = scan_seg(j, i, fd, now[i].slots, &sc);
			if (fd != j->fd && i != nr - 1)
				close(fd);
			else if (fd != j->fd) {
				close(j->fd);
				j->fd = fd;
			}
		}
		if (rc != -ENOENT)
			break;
		/* a segment was retired while we listed: list again */
		j->segs = old;
		j->nr_segs = nr_old;
		free(now);
	}
	if (rc) {
		if (j->segs != old) {
			free(now);
			j->segs = old;
			j->nr_segs = nr_old;
		}
		return rc;
	}
	free(old);
	j->count = last_seg(j)->base + last_seg(j)->slots;
	return 0;
}

/* Start a new segment at the next index; the current one is complete. */
static int rotate(struct jnl *j)
{
	uint8_t hdr[JNL_ENTRY_SIZE];
	struct seg *s;
	int fd;

	/* earlier segments are never written again: make this one durable */
	if (fdatasync(j->fd))
		return -errno;
	s = realloc(j->segs, (j->nr_segs + 1) * sizeof(*s));
	if (!s)
		return -ENOMEM;
	j->segs = s;
	header(hdr);
	fd = seg_create(j->path, j->count, hdr, sizeof(hdr));
	if (fd < 0)
		return fd;
	close(j->fd);
	j->fd = fd;
	s[j->nr_segs].base = j->count;
	s[j->nr_segs++].slots = 0;
	return 0;
}

int jnl_append(struct jnl *j, struct jnl_entry *e)
{
	uint8_t b[JNL_ENTRY_SIZE];
	struct timespec ts;
	struct seg *s;
	int rc;

	if (!j->writer)
		return -EBADF;
	s = last_seg(j);
	if (j->lim.segment_bytes && s->slots &&
	    (s->slots + 2) * JNL_ENTRY_SIZE > j->lim.segment_bytes) {
		rc = rotate(j);
		if (rc)
			return rc;
		s = last_seg(j);
	}
	e->index = j->count;
	if (!e->time_ns) {
		clock_gettime(CLOCK_REALTIME, &ts);
		e->time_ns = ts.tv_sec * 1000000000ull + ts.tv_nsec;
	}
	encode(b, e);
	rc = pwrite_all(j->fd, b, sizeof(b), (e->index - s->base + 1) * JNL_ENTRY_SIZE);
	if (rc)
		return rc;
	s->slots++;
	j->count++;
	return note_entry(j, e);
}

int jnl_sync(struct jnl *j)
{
	return fdatasync(j->fd) ? -errno : 0;
}

/* When the newest entry of segment 0 was received (ns since 1970). */
static uint64_t newest_of_first(struct jnl *j)
{
	struct jnl_entry e;
	struct stat st;
	char *name;

	if (!jnl_read(j, j->segs[1].base - 1, &e))
		return e.time_ns;
	/* its last entry is damaged: the file's last write will do */
	name = seg_name(j->path, j->segs[0].base);
	if (!name || stat(name, &st)) {
		free(name);
		return 0;
	}
	free(name);
	return st.st_mtim.tv_sec * 1000000000ull + st.st_mtim.tv_nsec;
}

int jnl_retain(struct jnl *j, uint64_t now_ns, uint64_t *retired)
{
	uint64_t total = 0, size;
	bool over;
	char *name;
	size_t i;
	int n = 0;

	if (!j->writer)
		return -EBADF;
	for (i = 0; i < j->nr_segs; i++)
		total += (j->segs[i].slots + 1) * JNL_ENTRY_SIZE;
	/* the segment being written is never deleted */
	while (j->nr_segs > 1) {
		size = (j->segs[0].slots + 1) * JNL_ENTRY_SIZE;
		over = j->lim.max_bytes && total > j->lim.max_bytes;
		if (!over && j->lim.max_age_s)
			over = newest_of_first(j) + j->lim.max_age_s * 1000000000ull < now_ns;
		if (!over)
			break;
		name = seg_name(j->path, j->segs[0].base);
		if (!name)
			return -ENOMEM;
		if (unlink(name) && errno != ENOENT) {
			free(name);
			return -errno;
		}
		free(name);
		if (j->old_fd >= 0 && j->old_base == j->segs[0].base) {
			close(j->old_fd);
			j->old_fd = -1;
		}
		if (retired)
			*retired += j->segs[1].base - j->segs[0].base;
		memmove(j->segs, j->segs + 1, --j->nr_segs * sizeof(*j->segs));
		total -= size;
		n++;
	}
	return n;
}

static const uint8_t jnl_of_event[] = {
	[CXLFM_EVENT_CCI_ADDED] = JNL_CCI_ADDED,
	[CXLFM_EVENT_CCI_REMOVED] = JNL_CCI_REMOVED,
	[CXLFM_EVENT_RECORD] = JNL_RECORD,
	[CXLFM_EVENT_LOG_OVERFLOW] = JNL_LOG_OVERFLOW,
	[CXLFM_EVENT_HIERARCHY] = JNL_HIERARCHY,
	[CXLFM_EVENT_BG_DONE] = JNL_BG_DONE,
	[CXLFM_EVENT_FAMILY_GONE] = JNL_FAMILY_GONE,
	[CXLFM_EVENT_FAMILY_BACK] = JNL_FAMILY_BACK,
};

void jnl_from_event(struct jnl_entry *e, const struct cxlfm_event *ev,
		    uint64_t instance)
{
	memset(e, 0, sizeof(*e));
	e->ev = *ev;
	if (ev->type == CXLFM_EVENT_OVERRUN) {
		e->type = JNL_GAP;
		e->gap = JNL_GAP_OVERRUN;
		return;
	}
	e->instance = instance;
	if (ev->type == CXLFM_EVENT_UNACKED) {
		e->type = JNL_GAP;
		e->gap = JNL_GAP_UNACKED;
		e->cci = ev->cci.id;
		e->seq = ev->seq;
		e->size = ev->missed;
		return;
	}
	/* an event type this journal does not know is still numbered: keep it */
	e->type = (size_t)ev->type < sizeof(jnl_of_event) && jnl_of_event[ev->type] ?
		  jnl_of_event[ev->type] : JNL_RECORD;
	e->cci = ev->cci.id;
	e->seq = ev->seq;
	if (ev->type == CXLFM_EVENT_LOG_OVERFLOW)
		e->size = ev->record.overflow_count;
}

int jnl_gap_before(const struct jnl *j, const struct cxlfm_event *ev,
		   uint64_t instance, uint64_t session, struct jnl_entry *gap)
{
	const struct cci_state *s;
	uint32_t first;

	if (ev->type == CXLFM_EVENT_OVERRUN || ev->type == CXLFM_EVENT_FAMILY_GONE ||
	    ev->type == CXLFM_EVENT_FAMILY_BACK)
		return 0;
	s = find_cci(j, ev->cci.id);
	if (!s)
		return 0;
	/*
	 * Another registration of the CCI numbers from 1.  Without instances:
	 * sequence numbers only grow while a CCI lives, so a number at or
	 * below the last one means the id now names a new CCI.
	 */
	if (instance && s->instance && instance != s->instance)
		first = 1;
	else
		first = ev->seq > s->last_seq ? s->last_seq + 1 : 1;
	if (ev->seq <= first)
		return 0;
	memset(gap, 0, sizeof(*gap));
	gap->type = JNL_GAP;
	gap->gap = s->last_index < session ? JNL_GAP_RESTART : JNL_GAP_SEQ;
	gap->cci = ev->cci.id;
	gap->instance = instance;
	gap->seq = first;
	gap->size = ev->seq - first;
	return 1;
}

const char *jnl_type_name(const struct jnl_entry *e)
{
	static const char *const types[] = {
		[JNL_CCI_ADDED] = "cci-added",
		[JNL_CCI_REMOVED] = "cci-removed",
		[JNL_RECORD] = "record",
		[JNL_LOG_OVERFLOW] = "log-overflow",
		[JNL_GAP] = "gap",
		[JNL_START] = "cxlfmd-start",
		[JNL_STOP] = "cxlfmd-stop",
		[JNL_HIERARCHY] = "hierarchy",
		[JNL_BG_DONE] = "bg-done",
		[JNL_REPLAYED] = "replayed",
		[JNL_FAMILY_GONE] = "cxlfm-gone",
		[JNL_FAMILY_BACK] = "cxlfm-back",
	};

	return e->type && e->type <= JNL_TYPE_MAX ? types[e->type] : "unknown";
}

const char *jnl_gap_name(uint8_t gap)
{
	static const char *const reasons[] = {
		[JNL_GAP_SEQ] = "sequence",
		[JNL_GAP_OVERRUN] = "overrun",
		[JNL_GAP_RESTART] = "restart",
		[JNL_GAP_UNACKED] = "unacked",
	};

	return gap && gap <= JNL_GAP_MAX ? reasons[gap] : "unknown";
}

static bool has_cci(const struct jnl_entry *e)
{
	return e->type <= JNL_LOG_OVERFLOW || e->type == JNL_HIERARCHY ||
	       e->type == JNL_BG_DONE || e->type == JNL_REPLAYED ||
	       (e->type == JNL_GAP && e->gap != JNL_GAP_OVERRUN);
}

bool jnl_query_match(struct jnl_query *q, const struct jnl_entry *e)
{
	bool pass;

	if (q->by_cci && has_cci(e) && e->cci != q->cci)
		return false;
	if (q->by_time)
		pass = e->time_ns >= q->time_ns;
	else if (!q->by_seq)
		pass = true;
	else if (has_cci(e))	/* a gap's last missing number is seq + size - 1 */
		pass = (uint64_t)e->seq + (e->type == JNL_GAP && e->size ? e->size - 1 : 0) > q->seq;
	else
		pass = q->started;
	q->started |= pass;
	return pass;
}

int jnl_query_since(struct jnl_query *q, const char *s)
{
	static const char *const formats[] = {
		"%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M",
		"%Y-%m-%d %H:%M", "%Y-%m-%d",
	};
	unsigned long long v;
	struct tm tm;
	size_t i;
	char *end;

	if (*s >= '0' && *s <= '9' && !strchr(s, '-')) {
		errno = 0;
		v = strtoull(s, &end, 10);
		if (errno || *end || v > UINT32_MAX)
			return -EINVAL;
		q->by_seq = true;
		q->seq = v;
		return 0;
	}
	if (*s == '@') {
		errno = 0;
		v = strtoull(s + 1, &end, 10);
		if (errno || *end || end == s + 1 || s[1] == '-')
			return -EINVAL;
		q->by_time = true;
		q->time_ns = v * 1000000000ull;
		return 0;
	}
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, formats[i], &tm);
		if (end && (!*end || !strcmp(end, "Z"))) {
			q->by_time = true;
			q->time_ns = (uint64_t)timegm(&tm) * 1000000000ull;
			return 0;
		}
	}
	return -EINVAL;
}
