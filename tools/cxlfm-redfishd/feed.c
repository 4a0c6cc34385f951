// SPDX-License-Identifier: GPL-2.0
/*
 * The broker's event source: the cxlfm events group through libcxlfm, or,
 * for tests on a machine without the module, a FIFO of text lines
 * (--event-feed, given by whoever starts the daemon, never reachable from
 * the network).  Either way each event becomes one struct rf_event sent
 * without waiting to the network process.
 *
 * Test lines: words KEY=VALUE, KEY one of type, kind, log, cci, ev, port,
 * vcs, vppb, binding, ltssm, change, action, ld, opcode, rc, count; type
 * and kind take the numbers of enum cxlfm_event_type and
 * enum cxlfm_event_kind.  A line that does not parse is dropped with a
 * message on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "proto.h"

struct rf_feed {
	struct cxlfm_ctx *ctx;
	struct cxlfm_events *ev;
	int test_fd;
	char line[512];
	size_t len;
	uint32_t lost;		/* not sent since the last one that was */
};

static void send_event(struct rf_feed *f, int evfd, struct rf_event *e)
{
	e->magic = RF_EVENT_MAGIC;
	e->lost += f->lost;
	/* MSG_DONTWAIT: a slow reader costs events, never the broker's time. */
	if (send(evfd, e, sizeof(*e), MSG_DONTWAIT) == (ssize_t)sizeof(*e))
		f->lost = 0;
	else
		f->lost++;
}

static void from_cxlfm(const struct cxlfm_event *in, struct rf_event *e)
{
	memset(e, 0, sizeof(*e));
	e->type = in->type;
	e->cci = in->cci.id;
	e->ld = 0xffff;
	switch (in->type) {
	case CXLFM_EVENT_RECORD:
	case CXLFM_EVENT_LOG_OVERFLOW:
		e->kind = in->record.kind;
		e->log = in->record.log;
		e->ev_type = in->record.type;
		e->port = in->record.port_id;
		e->vcs = in->record.vcs_id;
		e->vppb = in->record.vppb_id;
		e->binding = in->record.binding_status;
		e->ld = in->record.bound_ld_id == 0xff ? 0xffff : in->record.bound_ld_id;
		/* A physical switch record's LTSSM state is at 0x3f of the record. */
		e->ltssm = in->record.raw[0x3f];
		e->count = in->record.overflow_count;
		if (in->record.kind == CXLFM_EVENT_KIND_VIRTUAL_SWITCH)
			e->port = in->record.bound_port_id;
		break;
	case CXLFM_EVENT_HIERARCHY:
		e->change = in->hierarchy.change;
		e->action = in->hierarchy.action;
		e->vcs = in->hierarchy.vcs_id;
		e->vppb = in->hierarchy.vppb_id;
		e->port = in->hierarchy.port_id;
		e->ld = in->hierarchy.ld_id;
		break;
	case CXLFM_EVENT_BG_DONE:
		e->opcode = in->bg.opcode;
		e->return_code = in->bg.return_code;
		break;
	default:
		break;
	}
}

static int parse_line(char *line, struct rf_event *e)
{
	static const char *const keys[] = {
		"type", "kind", "log", "cci", "ev", "port", "vcs", "vppb", "binding",
		"ltssm", "change", "action", "ld", "opcode", "rc", "count",
	};
	char *save, *w, *eq, *end;
	unsigned long v;
	unsigned int k;

	memset(e, 0, sizeof(*e));
	e->ld = 0xffff;
	for (w = strtok_r(line, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		eq = strchr(w, '=');
		if (!eq)
			return -1;
		*eq++ = 0;
		errno = 0;
		v = strtoul(eq, &end, 0);
		if (errno || *end || !*eq)
			return -1;
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]) && strcmp(keys[k], w); k++)
			;
		if ((k >= 12 && v > 0xffff) || (k < 12 && k != 0 && k != 3 && v > 0xff))
			return -1;
		switch (k) {
		case 0: e->type = v; break;
		case 1: e->kind = v; break;
		case 2: e->log = v; break;
		case 3: e->cci = v; break;
		case 4: e->ev_type = v; break;
		case 5: e->port = v; break;
		case 6: e->vcs = v; break;
		case 7: e->vppb = v; break;
		case 8: e->binding = v; break;
		case 9: e->ltssm = v; break;
		case 10: e->change = v; break;
		case 11: e->action = v; break;
		case 12: e->ld = v; break;
		case 13: e->opcode = v; break;
		case 14: e->return_code = v; break;
		case 15: e->count = v; break;
		default: return -1;
		}
	}
	return e->type ? 0 : -1;
}

static void pump_test(struct rf_feed *f, int evfd)
{
	struct rf_event e;
	char *nl;
	ssize_t n;

	for (;;) {
		n = read(f->test_fd, f->line + f->len, sizeof(f->line) - 1 - f->len);
		if (n <= 0)
			return;
		f->len += n;
		f->line[f->len] = 0;
		while ((nl = strchr(f->line, '\n'))) {
			*nl = 0;
			if (parse_line(f->line, &e))
				fprintf(stderr, "cxlfm-redfishd: event feed: bad line dropped\n");
			else
				send_event(f, evfd, &e);
			f->len -= nl + 1 - f->line;
			memmove(f->line, nl + 1, f->len + 1);
		}
		if (f->len == sizeof(f->line) - 1)
			f->len = 0;	/* a line too long: dropped */
	}
}

void feed_retry(struct rf_feed *f)
{
	if (f->test_fd >= 0 || f->ev)
		return;
	if (!f->ctx && cxlfm_new(&f->ctx)) {
		f->ctx = NULL;
		return;
	}
	if (cxlfm_events_open(f->ctx, &f->ev)) {
		f->ev = NULL;
		return;
	}
	/* Follow module reloads: the subscription is made again by itself. */
	cxlfm_events_follow(f->ev);
}

struct rf_feed *feed_open(const char *test_file)
{
	struct rf_feed *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->test_fd = -1;
	if (test_file) {
		/* O_RDWR: a FIFO that always has a writer never reads EOF. */
		f->test_fd = open(test_file, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (f->test_fd < 0)
			fprintf(stderr, "cxlfm-redfishd: %s: %s\n", test_file, strerror(errno));
		return f;
	}
	feed_retry(f);
	return f;
}

int feed_fd(struct rf_feed *f)
{
	if (!f)
		return -1;
	if (f->test_fd >= 0)
		return f->test_fd;
	return f->ev ? cxlfm_events_fd(f->ev) : -1;
}

void feed_pump(struct rf_feed *f, int evfd)
{
	struct cxlfm_event in;
	struct rf_event e;
	int rc;

	if (f->test_fd >= 0)
		return pump_test(f, evfd);
	if (!f->ev)
		return;
	while ((rc = cxlfm_events_next(f->ev, &in)) == 0) {
		from_cxlfm(&in, &e);
		e.lost = in.missed;
		send_event(f, evfd, &e);
	}
	if (rc != -EAGAIN && rc != -EINTR) {
		cxlfm_events_close(f->ev);
		f->ev = NULL;
	}
}

void feed_close(struct rf_feed *f)
{
	if (!f)
		return;
	if (f->ev)
		cxlfm_events_close(f->ev);
	if (f->test_fd >= 0)
		close(f->test_fd);
	cxlfm_unref(f->ctx);
	free(f);
}
