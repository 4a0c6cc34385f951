// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm events: print what cxlfmd journaled, one JSON object per entry,
 * in the objects `cxlfm monitor` prints plus the journal's own: every loss
 * is a "gap" object with its size.  Reads the journal files only: works
 * without the kernel module and while cxlfmd runs.  --follow waits for
 * what cxlfmd appends, across its rotations; --cursor and --after resume
 * exactly after the last entry a previous run went through.
 */
#define _GNU_SOURCE	/* strndup */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "../cxlfmd/journal.h"
#include "cxlfm.h"

static void add_int(struct json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

static void add_str(struct json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, json_object_new_string(v));
}

static void add_time(struct json_object *o, uint64_t ns, int human)
{
	time_t t = ns / 1000000000;
	struct tm tm;
	char buf[64];

	if (!human) {
		add_int(o, "received", ns);
		return;
	}
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), ".%06uZ",
		 (unsigned int)(ns % 1000000000 / 1000));
	add_str(o, "received", buf);
}

static void record_fields(struct json_object *o, const struct cxlfm_event_record *r)
{
	jlog(o, r->log);
	event_record_json(o, r);
}

static struct json_object *entry_object(const struct jnl_entry *e, int human)
{
	struct json_object *o = json_object_new_object();
	const struct cxlfm_event_record *r = &e->ev.record;

	add_int(o, "index", e->index);
	add_time(o, e->time_ns, human);
	switch (e->type) {
	case JNL_CCI_ADDED:
	case JNL_CCI_REMOVED:
		add_str(o, "event", jnl_type_name(e));
		add_int(o, "seq", e->seq);
		cci_fields(o, &e->ev.cci);
		break;
	case JNL_RECORD:
	case JNL_REPLAYED:
		add_str(o, "event", jnl_type_name(e));
		add_int(o, "seq", e->seq);
		add_int(o, "cci", e->cci);
		record_fields(o, r);
		break;
	case JNL_LOG_OVERFLOW:
		add_str(o, "event", "gap");
		add_str(o, "reason", "device-overflow");
		add_int(o, "seq", e->seq);
		add_int(o, "cci", e->cci);
		add_int(o, "size", e->size);
		jlog(o, r->log);
		add_int(o, "first_overflow", r->first_overflow);
		add_int(o, "last_overflow", r->last_overflow);
		break;
	case JNL_HIERARCHY:
	case JNL_BG_DONE:
		add_str(o, "event", jnl_type_name(e));
		add_int(o, "seq", e->seq);
		if (e->type == JNL_HIERARCHY)
			hierarchy_json(o, &e->ev);
		else
			bg_json(o, &e->ev);
		break;
	case JNL_GAP:
		add_str(o, "event", "gap");
		add_str(o, "reason", jnl_gap_name(e->gap));
		if (e->gap != JNL_GAP_OVERRUN) {
			add_int(o, "cci", e->cci);
			add_int(o, "seq", e->seq);
			add_int(o, "size", e->size);
		}
		break;
	default:
		add_str(o, "event", jnl_type_name(e));
		break;
	}
	/* whose numbering seq is: a CCI registered again starts at 1 */
	if (e->instance) {
		char buf[24];

		snprintf(buf, sizeof(buf), "%#llx", (unsigned long long)e->instance);
		add_str(o, "instance", buf);
	}
	return o;
}

static void events_usage(FILE *f)
{
	fprintf(f, "usage: cxlfm events [--since SEQ|TIME] [--switch ID] [-j PATH] [-u] [-n]\n"
		"                    [-f] [--after INDEX | --cursor FILE]\n"
		"  --since SEQ     entries of sequence number above SEQ\n"
		"  --since TIME    entries received at or after TIME: @SECONDS or\n"
		"                  YYYY-MM-DD[THH:MM[:SS]] (UTC)\n"
		"  -s, --switch ID only entries of CCI ID\n"
		"  -j, --journal   the journal (default " JNL_DEFAULT_PATH ")\n"
		"  -u, --human     ISO 8601 times\n"
		"  -n, --numeric   the specification's numbers for enumerations\n"
		"  -f, --follow    then wait for new entries, until interrupted\n"
		"  --after INDEX   only entries after journal index INDEX\n"
		"  --cursor FILE   start after the index FILE holds, keep it there\n");
}

/* What one run of `cxlfm events` went through. */
struct reader {
	const char *path;
	struct jnl *j;
	struct jnl_query q;
	uint64_t next;		/* index of the next entry to go through */
	uint64_t corrupt;
	int cursor;		/* --cursor's file, or -1 */
};

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* one object a line, whatever the flags */
static void emit(struct json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

/*
 * Record that every entry below r->next was gone through: printed, or not
 * selected.  After stdout is flushed, so the cursor never runs ahead of
 * what a consumer got.
 */
static int save_cursor(struct reader *r)
{
	char buf[32];
	int n;

	if (r->cursor < 0 || !r->next)
		return 0;
	if (fflush(stdout))
		return -errno;
	/* one fixed-size write in place: never a torn or partial number */
	n = snprintf(buf, sizeof(buf), "%020llu\n", (unsigned long long)r->next - 1);
	if (pwrite(r->cursor, buf, n, 0) != n)
		return -errno;
	return 0;
}

static int load_cursor(struct reader *r, const char *file, bool *have)
{
	char buf[32], *end;
	unsigned long long v;
	ssize_t n;

	r->cursor = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (r->cursor < 0)
		return -errno;
	n = pread(r->cursor, buf, sizeof(buf) - 1, 0);
	if (n < 0)
		return -errno;
	*have = n > 0;
	if (!n)
		return 0;	/* a new cursor: from the start */
	buf[n] = '\0';
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n') || v == ULLONG_MAX)
		return -EINVAL;
	r->next = v + 1;
	return 0;
}

/*
 * Go through the entries from r->next to the end of what the journal
 * holds now.  Entries retention deleted before they were read are one
 * "retired" gap of their number: missed, never silently.
 */
static int catch_up(struct reader *r)
{
	struct json_object *o;
	struct jnl_entry e;
	uint64_t first;
	int rc;

again:
	first = jnl_first_index(r->j);
	if (r->next < first) {
		o = json_object_new_object();
		add_int(o, "index", r->next);
		add_str(o, "event", "gap");
		add_str(o, "reason", "retired");
		add_int(o, "size", first - r->next);
		emit(o);
		r->next = first;
	}
	for (; r->next < jnl_count(r->j) && !interrupted; r->next++) {
		rc = jnl_read(r->j, r->next, &e);
		if (rc == -ESTALE) {
			/* retired since the last look: say how much, go on */
			rc = jnl_refresh(r->j);
			if (rc)
				return rc;
			goto again;
		}
		if (rc == -EBADMSG) {
			r->corrupt++;
			o = json_object_new_object();
			add_int(o, "index", r->next);
			add_str(o, "event", "corrupt");
		} else if (rc) {
			return rc;
		} else if (!jnl_query_match(&r->q, &e)) {
			continue;
		} else {
			o = entry_object(&e, human);
		}
		emit(o);
		rc = save_cursor(r);
		if (rc)
			return rc;
	}
	return save_cursor(r);
}

/*
 * Wait until the journal's directory changes (an append, a new segment, a
 * deletion), or a second at most: inotify may be out of watches.
 */
static void wait_change(int ino)
{
	char buf[4096];
	struct pollfd p = { .fd = ino, .events = POLLIN };

	if (ino < 0) {
		poll(NULL, 0, 200);
		return;
	}
	if (poll(&p, 1, 1000) > 0)
		while (read(ino, buf, sizeof(buf)) > 0)
			;
}

static int watch_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : slash - path) : strdup(".");
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (fd >= 0 && (!dir || inotify_add_watch(fd, dir, IN_MODIFY | IN_CREATE |
			IN_MOVED_TO | IN_DELETE) < 0)) {
		close(fd);
		fd = -1;
	}
	free(dir);
	return fd;
}

static int follow(struct reader *r)
{
	struct sigaction sa = { .sa_handler = on_interrupt };
	int ino = watch_dir(r->path), rc = 0;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!interrupted) {
		rc = catch_up(r);
		if (rc || interrupted)
			break;
		if (fflush(stdout))
			rc = -errno;
		if (rc)
			break;
		wait_change(ino);
		rc = jnl_refresh(r->j);
		if (rc)
			break;
	}
	if (ino >= 0)
		close(ino);
	return rc;
}

int cmd_events(struct cxlfm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;	/* the journal, not the kernel */
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 'S' },
		{ "switch", required_argument, NULL, 's' },
		{ "journal", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "human", no_argument, NULL, 'u' },
		{ "numeric", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "follow", no_argument, NULL, 'f' },
		{ "after", required_argument, NULL, 'A' },
		{ "cursor", required_argument, NULL, 'C' },
		{ }
	};
	struct reader r = { .path = JNL_DEFAULT_PATH, .cursor = -1 };
	const char *cursor = NULL;
	bool follow_on = false, after = false, have = false;
	unsigned long long idx;
	struct jnl_scan sc;
	unsigned long v;
	char *end;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:j:hunvf", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			human = 1;
			break;
		case 'n':
			numeric = 1;
			break;
		case 'v':
			verbose++;
			break;
		case 'S':
			if (jnl_query_since(&r.q, optarg)) {
				fprintf(stderr, "cxlfm: events: --since '%s' is neither a sequence number nor a time (@SECONDS, YYYY-MM-DD[THH:MM[:SS]])\n",
					optarg);
				return 2;
			}
			break;
		case 's':
			errno = 0;
			v = strtoul(optarg, &end, 0);
			if (errno || *end || end == optarg || v > UINT32_MAX) {
				fprintf(stderr, "cxlfm: events: --switch needs a CCI id\n");
				return 2;
			}
			r.q.by_cci = true;
			r.q.cci = v;
			break;
		case 'j':
			r.path = optarg;
			break;
		case 'f':
			follow_on = true;
			break;
		case 'A':
			errno = 0;
			idx = strtoull(optarg, &end, 10);
			if (errno || *end || end == optarg || *optarg == '-' || idx == ULLONG_MAX) {
				fprintf(stderr, "cxlfm: events: --after needs a journal index\n");
				return 2;
			}
			after = true;
			r.next = idx + 1;
			break;
		case 'C':
			cursor = optarg;
			break;
		case 'h':
			events_usage(stdout);
			return 0;
		default:
			events_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		events_usage(stderr);
		return 2;
	}
	if (after && cursor) {
		fprintf(stderr, "cxlfm: events: --after and --cursor both say where to start: give one\n");
		return 2;
	}
	if (cursor) {
		rc = load_cursor(&r, cursor, &have);
		if (rc) {
			fprintf(stderr, "cxlfm: events: cursor %s: %s\n", cursor,
				rc == -EINVAL ? "not a journal index" : strerror(-rc));
			if (r.cursor >= 0)
				close(r.cursor);
			return 1;
		}
	}
	rc = jnl_open_read(r.path, &r.j, &sc);
	if (rc) {
		fprintf(stderr, "cxlfm: events: journal %s: %s\n", r.path,
			rc == -EBADMSG ? "not a cxlfmd journal (bad header)" : strerror(-rc));
		if (r.cursor >= 0)
			close(r.cursor);
		return 1;
	}
	/* without a place to start from, from the oldest entry retention kept */
	if (!after && !have)
		r.next = jnl_first_index(r.j);
	rc = follow_on ? follow(&r) : catch_up(&r);
	jnl_close(r.j);
	if (r.cursor >= 0)
		close(r.cursor);
	if (rc) {
		fprintf(stderr, "cxlfm: events: journal %s: %s\n", r.path,
			rc == -ESTALE ? "replaced by a new journal, which ends before the entries printed" :
			strerror(-rc));
		return 1;
	}
	if (sc.cut_bytes && !follow_on)
		fprintf(stderr, "cxlfm: events: journal %s: %llu bytes of an unfinished entry at the end (cut when cxlfmd next starts)\n",
			r.path, (unsigned long long)sc.cut_bytes);
	if (r.corrupt) {
		fprintf(stderr, "cxlfm: events: journal %s: %llu corrupt entries (checksum mismatch)\n",
			r.path, (unsigned long long)r.corrupt);
		return 1;
	}
	return fflush(stdout) ? 1 : 0;
}
