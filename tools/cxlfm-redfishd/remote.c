// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of a remote FM (remote.h).  A thread of the network
 * process holds one Server-Sent Event stream of the remote service open
 * (GET /redfish/v1/EventService/SSE) and a second, keep-alive connection
 * for reads.  An event that names a mapped vPPB (its OriginOfCondition)
 * has that vPPB read again; one that may hide such a change (a Connections
 * collection changed, events lost) has every mapped vPPB read.  A vPPB
 * whose binding differs from the one last seen is reported: unbound as an
 * unbind, bound as a bind with its port and LD, a move as both.  The state
 * read when the stream is first opened is the starting point, not a
 * change; after a reconnect, what changed while the stream was down is
 * reported the same way, so a restart of the remote FM or a broken
 * network loses nothing.  That state lives in memory: what changed while
 * this daemon was not running is not seen.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <json-c/json.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "proto.h"
#include "remote.h"
#include "rf.h"

#define REMOTE_TIMEOUT_MS	45000	/* three of the SSE keep-alive intervals */
#define REMOTE_QUERY_MS		10000
#define REMOTE_MAX_WATCH	256
#define REMOTE_MAX_BODY		(256 * 1024)
#define REMOTE_MAX_EVENT	(64 * 1024)

struct rf_map rf_maps[RF_MAX_MAPS];
unsigned int rf_nr_maps;

struct watch {
	const struct rf_map *m;
	unsigned int lvppb;
	char uri[256];
	int known;		/* a binding was read */
	int bound;
	int port, ld;		/* of the binding read last */
	int dirty;		/* to read again */
};

static struct {
	char host[256], port[16];
	const char *auth;
	gnutls_certificate_credentials_t cred;
	struct watch w[REMOTE_MAX_WATCH];
	unsigned int nw;
	int built;		/* every map's vPPBs are known */
	struct hc q;		/* the keep-alive connection for reads */
	int q_open;
	char body[REMOTE_MAX_BODY];
	char ev[REMOTE_MAX_EVENT];
	size_t ev_len;
} r;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cxlfm-redfishd: remote: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int id_ok(const char *s)
{
	return *s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			       "0123456789-_.") == strlen(s);
}

/* Up to @max numbers separated by '/' (at least @min); how many, or -1. */
static int numbers(char *s, unsigned int *v, int min, int max)
{
	int n = 0;
	char *tok, *save, *end;

	for (tok = strtok_r(s, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		unsigned long x;

		if (n == max || !*tok || *tok == '-')
			return -1;
		errno = 0;
		x = strtoul(tok, &end, 10);
		if (errno || *end || x > 255)
			return -1;
		v[n++] = x;
	}
	return n < min ? -1 : n;
}

int remote_map_parse(const char *arg, char *err, size_t errlen)
{
	struct rf_map *m = &rf_maps[rf_nr_maps];
	char buf[256], *eq, *sw, *rest;
	unsigned int rv[2], lv[3];
	int nr, nl;

	if (rf_nr_maps == RF_MAX_MAPS) {
		snprintf(err, errlen, "--map: at most %d", RF_MAX_MAPS);
		return -1;
	}
	if (strlen(arg) >= sizeof(buf))
		goto bad;
	strcpy(buf, arg);
	eq = strchr(buf, '=');
	sw = strchr(buf, '/');
	if (!eq || !sw || sw > eq)
		goto bad;
	*eq = *sw++ = 0;
	rest = strchr(sw, '/');
	if (!rest || rest > eq)
		goto bad;
	*rest++ = 0;
	if (!id_ok(buf) || !id_ok(sw) || strlen(buf) >= sizeof(m->fabric) ||
	    strlen(sw) >= sizeof(m->sw))
		goto bad;
	nr = numbers(rest, rv, 1, 2);
	nl = numbers(eq + 1, lv, 2, 3);
	/* a vPPB on both sides, or on neither */
	if (nr < 0 || nl < 0 || nr + 1 != nl)
		goto bad;
	snprintf(m->fabric, sizeof(m->fabric), "%s", buf);
	snprintf(m->sw, sizeof(m->sw), "%s", sw);
	m->vcs = rv[0];
	m->vppb = nr == 2 ? (int)rv[1] : -1;
	m->cci = lv[0];
	m->lvcs = lv[1];
	m->lvppb = nl == 3 ? (int)lv[2] : -1;
	rf_nr_maps++;
	return 0;
bad:
	snprintf(err, errlen,
		 "--map '%s': want FABRIC/SWITCH/VCS[/VPPB]=CCI/VCS[/VPPB] (a vPPB on both sides or neither)",
		 arg);
	return -1;
}

int remote_map_allows(unsigned int cci, unsigned int vcs, unsigned int vppb)
{
	unsigned int i;

	for (i = 0; i < rf_nr_maps; i++) {
		const struct rf_map *m = &rf_maps[i];

		if (m->cci == cci && m->lvcs == vcs &&
		    (m->lvppb < 0 || (unsigned int)m->lvppb == vppb))
			return 1;
	}
	return 0;
}

/* GET @path over the keep-alive connection (opened again once if it broke). */
static struct json_object *get_json(const char *path, int *status)
{
	char hdr[1024], why[256];
	int attempt;
	long n;

	snprintf(hdr, sizeof(hdr), "%sAccept: application/json\r\n", r.auth);
	for (attempt = 0; attempt < 2; attempt++) {
		if (!r.q_open) {
			if (hc_open(&r.q, r.host, r.port, r.cred, REMOTE_QUERY_MS, 0, why,
				    sizeof(why))) {
				say("%s", why);
				return NULL;
			}
			r.q_open = 1;
		}
		if (!hc_send(&r.q, "GET", path, hdr, NULL)) {
			*status = hc_head(&r.q);
			n = *status > 0 ? hc_body_all(&r.q, r.body, sizeof(r.body)) : -1;
			if (n >= 0)
				return json_tokener_parse(r.body);
		}
		hc_close(&r.q);
		r.q_open = 0;
	}
	say("GET %s: no answer", path);
	return NULL;
}

static const char *jget_str(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_string) ?
	       json_object_get_string(v) : NULL;
}

static int jget_int(struct json_object *o, const char *k, int dflt)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_int) ?
	       json_object_get_int(v) : dflt;
}

static void watch_add(const struct rf_map *m, unsigned int rvppb, unsigned int lvppb)
{
	struct watch *w;

	if (r.nw == REMOTE_MAX_WATCH)
		return;
	w = &r.w[r.nw++];
	memset(w, 0, sizeof(*w));
	w->m = m;
	w->lvppb = lvppb;
	snprintf(w->uri, sizeof(w->uri), RF_ROOT "/Fabrics/%.63s/Switches/%.63s/VCSs/%u/VPPBs/%u",
		 m->fabric, m->sw, m->vcs, rvppb);
}

/* The vPPBs of every map: those of a whole VCS from its collection. */
static int build_watches(void)
{
	unsigned int i;
	int status = 0;

	r.nw = 0;
	for (i = 0; i < rf_nr_maps; i++) {
		const struct rf_map *m = &rf_maps[i];
		struct json_object *o, *members;
		char path[256];
		size_t k;

		if (m->vppb >= 0) {
			watch_add(m, m->vppb, m->lvppb);
			continue;
		}
		snprintf(path, sizeof(path), RF_ROOT "/Fabrics/%.63s/Switches/%.63s/VCSs/%u/VPPBs",
			 m->fabric, m->sw, m->vcs);
		o = get_json(path, &status);
		if (!o || status != 200 || !json_object_object_get_ex(o, "Members", &members) ||
		    !json_object_is_type(members, json_type_array)) {
			say("GET %s: %d, not a collection", path, status);
			json_object_put(o);
			return -1;
		}
		for (k = 0; k < json_object_array_length(members); k++) {
			const char *id = jget_str(json_object_array_get_idx(members, k), "@odata.id");
			const char *last = id ? strrchr(id, '/') : NULL;
			char *end;
			unsigned long b;

			if (!last)
				continue;
			b = strtoul(last + 1, &end, 10);
			if (!*end && end != last + 1 && b < 256)
				watch_add(m, b, b);
		}
		json_object_put(o);
	}
	r.built = 1;
	say("watching %u vPPBs", r.nw);
	return 0;
}

/*
 * Ask the broker to report one change to the kernel.
 * Return: 0 once reported or refused for good (the refusal logged), -1
 * when it may pass later (no broker answer, the CCI or the module away).
 */
static int report(const struct watch *w, uint8_t change, int port, int ld)
{
	static union {
		struct rf_rsp h;
		uint64_t align;
		unsigned char b[RF_RSP_MAX];
	} buf;
	struct rf_req req = {
		.magic = RF_PROTO_MAGIC, .op = RF_OP_REPORT, .role = RF_ROLE_OPERATOR,
		.cci = w->m->cci, .vcs = w->m->lvcs, .vppb = w->lvppb,
		.port = port < 0 ? 0 : port, .ld = ld < 0 ? 0xffff : ld, .option = change,
	};
	struct rf_rsp rsp;
	const char *what = change == CXLFM_FABRIC_CHANGE_BIND ? "bind" : "unbind";

	if (!broker_call(broker_fd, &req, &rsp, buf.b)) {
		say("%s: broker: %s", w->uri, strerror(errno));
		return -1;
	}
	if (rsp.err) {
		say("%s: %s of CCI %u VCS %u vPPB %u refused: %s", w->uri, what, w->m->cci,
		    w->m->lvcs, w->lvppb, strerror(-rsp.err));
		return rsp.err == -ENODEV || rsp.err == -ESHUTDOWN || rsp.err == -EAGAIN ||
		       rsp.err == -EBUSY || rsp.err == -EINTR || rsp.err == -ETIMEDOUT ? -1 : 0;
	}
	say("%s: reported %s (port %d) to CCI %u VCS %u vPPB %u", w->uri, what, port,
	    w->m->cci, w->m->lvcs, w->lvppb);
	return 0;
}

/* Read one vPPB; report what changed since it was read last. */
static void refresh(struct watch *w)
{
	struct json_object *o;
	const char *st;
	int status = 0, bound, is_ld, port, ld;

	w->dirty = 0;
	o = get_json(w->uri, &status);
	st = o && status == 200 ? jget_str(o, "BindingStatus") : NULL;
	if (!st) {
		say("GET %s: %d, no BindingStatus", w->uri, status);
		w->dirty = 1;	/* the next event or reconnect tries again */
		json_object_put(o);
		return;
	}
	/*
	 * A port or an LD of one is what a report can name (BoundPID, a
	 * port-based routing binding, has no port: not reported); anything
	 * else is in progress, and its end is another event.
	 */
	is_ld = !strcmp(st, "BoundLD");
	bound = is_ld || !strcmp(st, "BoundPhysicalPort");
	port = jget_int(o, "BoundPortId", -1);
	ld = is_ld ? jget_int(o, "BoundLDId", -1) : -1;
	if (!bound && strcmp(st, "Unbound")) {
		if (!strcmp(st, "BoundPID"))
			say("%s: bound by PID, not reported", w->uri);
		json_object_put(o);
		return;
	}
	json_object_put(o);	/* @st with it */
	if (bound && (port < 0 || port > 255 || (is_ld && (ld < 0 || ld > 0xfffe)))) {
		say("%s: bound to port %d LD %d: out of range, not reported", w->uri, port, ld);
		return;
	}
	if (w->known && w->bound == bound && (!bound || (w->port == port && w->ld == ld)))
		return;
	if (w->known) {
		/* A report that may pass later leaves the old state: tried again
		 * at the next event, keep-alive or reconnect. */
		if (w->bound && report(w, CXLFM_FABRIC_CHANGE_UNBIND, -1, -1)) {
			w->dirty = 1;
			return;
		}
		w->bound = 0;
		if (bound && report(w, CXLFM_FABRIC_CHANGE_BIND, port, ld)) {
			w->dirty = 1;
			return;
		}
	}
	w->known = 1;
	w->bound = bound;
	w->port = port;
	w->ld = ld;
}

static void refresh_dirty(void)
{
	unsigned int i;

	for (i = 0; i < r.nw; i++)
		if (r.w[i].dirty)
			refresh(&r.w[i]);
}

static void mark_all(void)
{
	unsigned int i;

	for (i = 0; i < r.nw; i++)
		r.w[i].dirty = 1;
}

/* One SSE event's data: which watched vPPBs it may have changed. */
static void handle_event(const char *data)
{
	struct json_object *o = json_tokener_parse(data), *evs;
	size_t k;
	unsigned int i;

	if (!o || !json_object_object_get_ex(o, "Events", &evs) ||
	    !json_object_is_type(evs, json_type_array)) {
		/* An event we cannot read may hide one of ours. */
		say("an event that is not a Redfish Event: every vPPB read again");
		json_object_put(o);
		mark_all();
		refresh_dirty();
		return;
	}
	for (k = 0; k < json_object_array_length(evs); k++) {
		struct json_object *rec = json_object_array_get_idx(evs, k), *origin;
		const char *msg = jget_str(rec, "MessageId"), *uri = NULL;
		int hit = 0;

		if (json_object_object_get_ex(rec, "OriginOfCondition", &origin))
			uri = jget_str(origin, "@odata.id");
		for (i = 0; uri && i < r.nw; i++)
			if (!strcmp(uri, r.w[i].uri))
				hit = r.w[i].dirty = 1;
		/* A change that may hide one of ours: read them all. */
		if (!hit && ((msg && strstr(msg, ".EventsLost")) ||
			     (uri && strstr(uri, "/Connections"))))
			mark_all();
	}
	json_object_put(o);
	refresh_dirty();
}

/* SSE lines (RFC: "data:" lines up to an empty line make one event). */
static void sse_line(const char *line)
{
	size_t n;

	if (!*line) {
		if (r.ev_len) {
			r.ev[r.ev_len] = 0;
			handle_event(r.ev);
		}
		r.ev_len = 0;
		return;
	}
	if (*line == ':') {
		refresh_dirty();	/* keep-alive: retry what could not pass */
		return;
	}
	if (strncmp(line, "data:", 5))
		return;		/* id:, event: */
	line += 5;
	if (*line == ' ')
		line++;
	n = strlen(line);
	if (r.ev_len + n + 2 > sizeof(r.ev)) {
		say("an event larger than %zu bytes: every vPPB read again", sizeof(r.ev));
		r.ev_len = 0;
		mark_all();
		refresh_dirty();
		return;
	}
	memcpy(r.ev + r.ev_len, line, n);
	r.ev_len += n;
	r.ev[r.ev_len++] = '\n';
}

/* One life of the event stream; returns when it ends. */
static void follow(void)
{
	char hdr[1024], why[256], chunk[4096], line[REMOTE_MAX_EVENT];
	size_t ll = 0;
	int too_long = 0;
	struct hc s;
	long n, i;
	int status;

	if (hc_open(&s, r.host, r.port, r.cred, REMOTE_TIMEOUT_MS, 0, why, sizeof(why))) {
		say("%s", why);
		return;
	}
	snprintf(hdr, sizeof(hdr), "%sAccept: text/event-stream\r\n", r.auth);
	status = hc_send(&s, "GET", RF_ROOT "/EventService/SSE", hdr, NULL) ? -1 : hc_head(&s);
	if (status != 200) {
		say("GET " RF_ROOT "/EventService/SSE: %d", status);
		hc_close(&s);
		return;
	}
	say("following the events of https://%s:%s", r.host, r.port);
	/* Subscribed first, then read: a change in between is in both. */
	if (!r.built && build_watches()) {
		hc_close(&s);
		return;
	}
	mark_all();
	refresh_dirty();
	r.ev_len = 0;
	while ((n = hc_body(&s, chunk, sizeof(chunk))) > 0) {
		for (i = 0; i < n; i++) {
			if (chunk[i] == '\n') {
				if (ll && line[ll - 1] == '\r')
					ll--;
				line[ll] = 0;
				/* a line cut short is an event lost: read them all */
				sse_line(too_long ? "data: {" : line);
				ll = 0;
				too_long = 0;
			} else if (ll < sizeof(line) - 1) {
				line[ll++] = chunk[i];
			} else {
				too_long = 1;
			}
		}
	}
	say("the event stream ended");
	hc_close(&s);
}

static void *remote_thread(void *arg)
{
	unsigned int backoff = 1;
	time_t start;

	(void)arg;
	for (;;) {
		start = time(NULL);
		follow();
		if (r.q_open) {
			hc_close(&r.q);
			r.q_open = 0;
		}
		/* A stream that lived a while starts the back-off again. */
		if (time(NULL) - start > 30)
			backoff = 1;
		sleep(backoff);
		backoff = backoff < 16 ? backoff * 2 : 30;
	}
	return NULL;
}

int remote_start(const char *url, const char *auth_header,
		 gnutls_certificate_credentials_t cred)
{
	pthread_t t;
	const char *path;

	if (hc_split_url(url, r.host, sizeof(r.host), r.port, sizeof(r.port), &path))
		return -1;
	r.auth = auth_header;
	r.cred = cred;
	if (pthread_create(&t, NULL, remote_thread, NULL))
		return -1;
	pthread_detach(t);
	return 0;
}
