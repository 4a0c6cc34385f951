// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm events: print what cxlfmd journaled, one JSON object per entry,
 * in the objects `cxlfm monitor` prints plus the journal's own: every loss
 * is a "gap" object with its size.  Reads the journal file only: works
 * without the kernel module and while cxlfmd runs.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "../cxlfmd/journal.h"
#include "cxlfm.h"

static const char *const gap_reasons[] = {
	[JNL_GAP_SEQ] = "sequence",
	[JNL_GAP_OVERRUN] = "overrun",
	[JNL_GAP_RESTART] = "restart",
	[JNL_GAP_UNACKED] = "unacked",
};

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
		add_str(o, "reason", e->gap && e->gap <= JNL_GAP_MAX ?
			gap_reasons[e->gap] : "unknown");
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
		"  --since SEQ     entries of sequence number above SEQ\n"
		"  --since TIME    entries received at or after TIME: @SECONDS or\n"
		"                  YYYY-MM-DD[THH:MM[:SS]] (UTC)\n"
		"  -s, --switch ID only entries of CCI ID\n"
		"  -j, --journal   the journal (default " JNL_DEFAULT_PATH ")\n"
		"  -u, --human     ISO 8601 times\n"
		"  -n, --numeric   the specification's numbers for enumerations\n");
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
		{ }
	};
	const char *path = JNL_DEFAULT_PATH;
	struct jnl_query q = { 0 };
	struct jnl_entry e;
	struct jnl_scan sc;
	struct jnl *j;
	uint64_t i, corrupt = 0;
	unsigned long v;
	char *end;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:j:hunv", opts, NULL)) != -1) {
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
			if (jnl_query_since(&q, optarg)) {
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
			q.by_cci = true;
			q.cci = v;
			break;
		case 'j':
			path = optarg;
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
	rc = jnl_open_read(path, &j, &sc);
	if (rc) {
		fprintf(stderr, "cxlfm: events: journal %s: %s\n", path,
			rc == -EBADMSG ? "not a cxlfmd journal (bad header)" : strerror(-rc));
		return 1;
	}
	for (i = 0; i < jnl_count(j); i++) {
		struct json_object *o;

		rc = jnl_read(j, i, &e);
		if (rc == -EBADMSG) {
			corrupt++;
			o = json_object_new_object();
			add_int(o, "index", i);
			add_str(o, "event", "corrupt");
		} else if (rc) {
			fprintf(stderr, "cxlfm: events: journal %s: %s\n", path, strerror(-rc));
			jnl_close(j);
			return 1;
		} else if (!jnl_query_match(&q, &e)) {
			continue;
		} else {
			o = entry_object(&e, human);
		}
		/* one object a line, whatever the flags */
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
	}
	jnl_close(j);
	if (sc.cut_bytes)
		fprintf(stderr, "cxlfm: events: journal %s: %llu bytes of an unfinished entry at the end (cut when cxlfmd next starts)\n",
			path, (unsigned long long)sc.cut_bytes);
	if (corrupt) {
		fprintf(stderr, "cxlfm: events: journal %s: %llu corrupt entries (checksum mismatch)\n",
			path, (unsigned long long)corrupt);
		return 1;
	}
	return fflush(stdout) ? 1 : 0;
}
