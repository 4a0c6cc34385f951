// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD'ed into cxlfm-redfishd by the host events test: libcxlfm's
 * context and event functions without the kernel module, so that the
 * daemon's real event path (feed.c: cxlfm_events_open(), _fd(), _next()
 * until -EAGAIN, and the conversion of struct cxlfm_event) runs on the
 * host.  Events are read from the FIFO named by $CXLFM_FAKE_EVENTS, one
 * text line each (words KEY=VALUE, see parse()), and built into struct
 * cxlfm_event as the library would, the record's raw bytes included.
 * The CCI list is empty; no other libcxlfm call is made by the test.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cxlfm/libcxlfm.h>

struct cxlfm_events {
	int fd;
	char buf[1024];
	size_t len;
};

static int dummy;

int cxlfm_new(struct cxlfm_ctx **ctx)
{
	*ctx = (struct cxlfm_ctx *)&dummy;
	return 0;
}

struct cxlfm_ctx *cxlfm_ref(struct cxlfm_ctx *ctx)
{
	return ctx;
}

void cxlfm_unref(struct cxlfm_ctx *ctx)
{
	(void)ctx;
}

uint16_t cxlfm_last_return_code(struct cxlfm_ctx *ctx)
{
	(void)ctx;
	return 0;
}

int cxlfm_cci_list_sized(struct cxlfm_ctx *ctx, void **list, size_t *count, size_t size)
{
	(void)ctx;
	(void)size;
	*list = NULL;
	*count = 0;
	return 0;
}

int cxlfm_events_open(struct cxlfm_ctx *ctx, struct cxlfm_events **out)
{
	const char *path = getenv("CXLFM_FAKE_EVENTS");
	struct cxlfm_events *ev;

	(void)ctx;
	if (!path)
		return -ENOENT;
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	ev->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (ev->fd < 0) {
		free(ev);
		return -errno;
	}
	*out = ev;
	return 0;
}

int cxlfm_events_fd(struct cxlfm_events *ev)
{
	return ev->fd;
}

int cxlfm_events_follow(struct cxlfm_events *ev)
{
	(void)ev;
	return 0;
}

void cxlfm_events_close(struct cxlfm_events *ev)
{
	close(ev->fd);
	free(ev);
}

/* type= kind= cci= missed= log= ev= port= vcs= vppb= binding= bport= ld=
 * ltssm= (raw byte 0x3f) change= action= opcode= rc= count= */
static void parse(char *line, struct cxlfm_event *e)
{
	char *save, *w, *eq;
	unsigned long v;

	memset(e, 0, sizeof(*e));
	for (w = strtok_r(line, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		eq = strchr(w, '=');
		if (!eq)
			continue;
		*eq++ = 0;
		v = strtoul(eq, NULL, 0);
		if (!strcmp(w, "type")) e->type = v;
		else if (!strcmp(w, "kind")) e->record.kind = v;
		else if (!strcmp(w, "cci")) e->cci.id = v;
		else if (!strcmp(w, "missed")) e->missed = v;
		else if (!strcmp(w, "log")) e->record.log = v;
		else if (!strcmp(w, "ev")) e->record.type = v;
		else if (!strcmp(w, "port")) e->record.port_id = e->hierarchy.port_id = v;
		else if (!strcmp(w, "vcs")) e->record.vcs_id = e->hierarchy.vcs_id = v;
		else if (!strcmp(w, "vppb")) e->record.vppb_id = e->hierarchy.vppb_id = v;
		else if (!strcmp(w, "binding")) e->record.binding_status = v;
		else if (!strcmp(w, "bport")) e->record.bound_port_id = v;
		else if (!strcmp(w, "ld")) e->record.bound_ld_id = v;
		else if (!strcmp(w, "ltssm")) e->record.raw[0x3f] = v;
		else if (!strcmp(w, "change")) e->hierarchy.change = v;
		else if (!strcmp(w, "action")) e->hierarchy.action = v;
		else if (!strcmp(w, "opcode")) e->bg.opcode = v;
		else if (!strcmp(w, "rc")) e->bg.return_code = v;
		else if (!strcmp(w, "count")) e->record.overflow_count = v;
	}
}

int cxlfm_events_next_sized(struct cxlfm_events *ev, struct cxlfm_event *event, size_t size)
{
	char *nl;
	ssize_t n;

	if (size != sizeof(*event))
		return -EINVAL;
	while (!(nl = memchr(ev->buf, '\n', ev->len))) {
		if (ev->len == sizeof(ev->buf))
			ev->len = 0;
		n = read(ev->fd, ev->buf + ev->len, sizeof(ev->buf) - ev->len);
		if (n <= 0)
			return -EAGAIN;
		ev->len += n;
	}
	*nl = 0;
	parse(ev->buf, event);
	ev->len -= nl + 1 - ev->buf;
	memmove(ev->buf, nl + 1, ev->len);
	return 0;
}
