// SPDX-License-Identifier: GPL-2.0
/*
 * Structured entries for the systemd journal, in journald's native
 * protocol: one datagram of NAME=value lines to its socket.  Every value
 * here is a single short line, so the simple form of the protocol does
 * and neither libsystemd nor its memfd path for large entries is needed.
 * An entry is sent after it is durable in the cxlfmd journal; a journald
 * that does not take it within SEND_TIMEOUT_MS costs forwarded entries
 * (counted and logged by the daemon), never cxlfmd journal entries.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "sdjournal.h"

/* How long one entry may wait for room in journald's socket queue. */
#define SEND_TIMEOUT_MS	100

struct sdj {
	int fd;
};

int sdj_open(const char *path, struct sdj **out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_usec = SEND_TIMEOUT_MS * 1000 };
	struct sdj *s;
	int rc;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s->fd < 0 || setsockopt(s->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) ||
	    connect(s->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		rc = -errno;
		sdj_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void sdj_close(struct sdj *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

int sdj_priority(const struct jnl_entry *e)
{
	/* CXL r3.1 8.2.9.2.1, Common Event Record flags bits 1:0 */
	static const int severity[] = { LOG_INFO, LOG_WARNING, LOG_ERR, LOG_CRIT };

	switch (e->type) {
	case JNL_RECORD:
		return severity[e->ev.record.flags & 3];
	case JNL_GAP:
	case JNL_LOG_OVERFLOW:
		return LOG_WARNING;	/* events were lost */
	case JNL_HIERARCHY:
	case JNL_BG_DONE:
		return LOG_INFO;
	default:
		return LOG_NOTICE;	/* CCIs coming and going, cxlfmd itself */
	}
}

struct out {
	char *buf;
	size_t len, pos;
};

static void add(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, o->pos < o->len ? o->len - o->pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += n;
}

static void message(struct out *o, const struct jnl_entry *e)
{
	const char *what = jnl_type_name(e);

	add(o, "MESSAGE=");
	switch (e->type) {
	case JNL_GAP:
		if (e->gap == JNL_GAP_OVERRUN)
			add(o, "event socket overrun: events lost, see the next gaps");
		else if (e->gap == JNL_GAP_UNACKED)
			add(o, "CCI %u: %u records cleared by the kernel before cxlfmd acknowledged them",
			    e->cci, e->size);
		else
			add(o, "CCI %u: %u events lost from sequence %u (%s)", e->cci,
			    e->size, e->seq, jnl_gap_name(e->gap));
		break;
	case JNL_LOG_OVERFLOW:
		add(o, "CCI %u: event log %u overflowed, %u records dropped by the device",
		    e->cci, e->ev.record.log, e->size);
		break;
	case JNL_RECORD:
		add(o, "CCI %u seq %u: event record, log %u, handle %#x", e->cci,
		    e->seq, e->ev.record.log, e->ev.record.handle);
		break;
	case JNL_REPLAYED:
		add(o, "CCI %u seq %u: event record log %u, handle %#x sent again, journaled before",
		    e->cci, e->seq, e->ev.record.log, e->ev.record.handle);
		break;
	case JNL_FAMILY_GONE:
		add(o, "cxlfm went away (module unloaded)");
		break;
	case JNL_FAMILY_BACK:
		add(o, "cxlfm is back: subscribed again");
		break;
	case JNL_BG_DONE:
		add(o, "CCI %u seq %u: background command %#06x done, return code %#x",
		    e->cci, e->seq, e->ev.bg.opcode, e->ev.bg.return_code);
		break;
	case JNL_START:
	case JNL_STOP:
		add(o, "%s", what);
		break;
	default:
		add(o, "CCI %u seq %u: %s", e->cci, e->seq, what);
		break;
	}
	add(o, "\n");
}

size_t sdj_format(const struct jnl_entry *e, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	message(&o, e);
	add(&o, "PRIORITY=%d\nSYSLOG_IDENTIFIER=cxlfmd\n", sdj_priority(e));
	add(&o, "CXLFM_INDEX=%llu\nCXLFM_TYPE=%s\n", (unsigned long long)e->index,
	    jnl_type_name(e));
	if (e->type != JNL_START && e->type != JNL_STOP &&
	    e->type != JNL_FAMILY_GONE && e->type != JNL_FAMILY_BACK &&
	    !(e->type == JNL_GAP && e->gap == JNL_GAP_OVERRUN))
		add(&o, "CXLFM_CCI=%u\nCXLFM_SEQ=%u\n", e->cci, e->seq);
	if (e->instance)
		add(&o, "CXLFM_INSTANCE=%#llx\n", (unsigned long long)e->instance);
	if (e->type == JNL_GAP || e->type == JNL_LOG_OVERFLOW)
		add(&o, "CXLFM_LOST=%u\n", e->size);
	if (e->type == JNL_GAP)
		add(&o, "CXLFM_GAP=%s\n", jnl_gap_name(e->gap));
	if (e->type == JNL_RECORD || e->type == JNL_LOG_OVERFLOW ||
	    e->type == JNL_REPLAYED)
		add(&o, "CXLFM_LOG=%u\nCXLFM_SEVERITY=%u\n", e->ev.record.log,
		    e->ev.record.flags & 3);
	return o.pos;
}

int sdj_send(struct sdj *s, const struct jnl_entry *e)
{
	char buf[1024];
	size_t n = sdj_format(e, buf, sizeof(buf));

	if (n >= sizeof(buf))
		return -EMSGSIZE;
	if (send(s->fd, buf, n, MSG_NOSIGNAL) < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return 0;
}
