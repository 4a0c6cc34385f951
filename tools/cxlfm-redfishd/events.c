// SPDX-License-Identifier: GPL-2.0
/*
 * The EventService: subscriptions (push), Server-Sent Event streams, and
 * the fan-out of each event to both.  The main thread feeds events in;
 * libmicrohttpd's thread serves the resources and the streams; the push
 * workers deliver.  Nothing here waits on a destination while holding
 * the lock or on the thread that reads events: a full queue drops the
 * delivery and counts it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <microhttpd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "events.h"
#include "rf.h"
#include "subs_store.h"

#define T_EVENT_SVC	"#EventService.v1_12_0.EventService"
#define T_DEST		"#EventDestination.v1_16_0.EventDestination"
#define T_DEST_COLL	"#EventDestinationCollection.EventDestinationCollection"
#define T_EVENT		"#Event.v1_13_0.Event"
#define SUBS_URI	RF_ROOT "/EventService/Subscriptions"
#define SSE_URI		RF_ROOT "/EventService/SSE"
#define MAX_FILTERS	8

unsigned int retry_interval = 5;

struct rf_sub {
	unsigned int id;			/* 0: free */
	char dest[256];
	char context[256];
	char prefixes[MAX_FILTERS][32];
	unsigned int nprefixes;
	char types[MAX_FILTERS][48];
	unsigned int ntypes;
	unsigned long delivered, retries, failed, dropped;
	bool sending;				/* a push worker delivers to it */
};

struct rf_job {
	unsigned int sub;			/* subscription id; 0: free */
	char *body;
	unsigned int attempts;
	time_t due;
	unsigned long seq;			/* order of queueing: FIFO among due jobs */
};

struct rf_sse {
	bool used;
	bool suspended;
	bool ping;
	bool gone;				/* the client hung up */
	struct MHD_Connection *con;
	int fd;					/* con's socket */
	unsigned long next;			/* next event id to send */
	char *out;				/* formatted, not yet all sent */
	size_t off, len;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct rf_sub subs[RF_MAX_SUBS];
static unsigned int next_sub = 1;
static struct rf_job jobs[RF_PUSH_QUEUE];
static struct rf_sse streams[RF_MAX_SSE];
static struct json_object *ring[RF_RING];	/* records of event id n at n % RF_RING */
static unsigned long next_id = 1;
static unsigned long job_seq;
static bool stopping;
static gnutls_certificate_credentials_t push_cred;
static pthread_mutex_t store_lock = PTHREAD_MUTEX_INITIALIZER;	/* outside lock */
static int store_fd = -1;		/* --subscriptions: subs_store.c */

/* ---- filters ------------------------------------------------------------ */

static const char *const prefixes[] = { "CXLFabric", "ResourceEvent" };
static const char *const res_types[] = {
	"Fabric", "Switch", "Port", "VirtualCXLSwitch", "VirtualPCI2PCIBridge",
	"Connection", "ConnectionCollection", "FabricCollection",
};

/*
 * The resource type of a record's OriginOfCondition, from its URI's shape:
 * "" for none (a test event may have none), which no ResourceTypes filter
 * takes.
 */
static const char *origin_type(const char *uri)
{
	const char *last = uri ? strrchr(uri, '/') : NULL;
	unsigned int depth = 0;
	const char *p;

	if (!last)
		return "";
	for (p = uri; *p; p++)
		depth += *p == '/';
	if (!strcmp(last, "/Fabrics"))
		return "FabricCollection";
	if (!strcmp(last, "/Connections"))
		return "ConnectionCollection";
	if (strstr(uri, "/VPPBs/"))
		return "VirtualPCI2PCIBridge";
	if (strstr(uri, "/Ports/"))
		return "Port";
	if (strstr(uri, "/Switches/"))
		return "Switch";
	return depth == 4 ? "Fabric" : "";
}

static bool sub_wants(const struct rf_sub *s, struct json_object *rec)
{
	const char *mid = json_object_get_string(json_object_object_get(rec, "MessageId"));
	struct json_object *o = json_object_object_get(rec, "OriginOfCondition");
	const char *uri = json_object_get_string(json_object_object_get(o, "@odata.id"));
	bool ok = !s->nprefixes;
	unsigned int i;

	for (i = 0; i < s->nprefixes && !ok; i++)
		ok = !strncmp(mid, s->prefixes[i], strlen(s->prefixes[i])) &&
		     mid[strlen(s->prefixes[i])] == '.';
	if (!ok)
		return false;
	if (!s->ntypes)
		return true;
	for (i = 0; i < s->ntypes; i++)
		if (!strcmp(origin_type(uri), s->types[i]))
			return true;
	return false;
}

/* The Event a subscriber gets: only the records it asked for, or NULL. */
static char *event_body(unsigned long id, struct json_object *records, const struct rf_sub *s)
{
	struct json_object *ev, *arr = json_object_new_array();
	char buf[32];
	size_t i;
	char *out;

	for (i = 0; i < json_object_array_length(records); i++) {
		struct json_object *r = json_object_array_get_idx(records, i);

		if (!s || sub_wants(s, r))
			json_object_array_add(arr, json_object_get(r));
	}
	if (!json_object_array_length(arr)) {
		json_object_put(arr);
		return NULL;
	}
	ev = json_object_new_object();
	jstr(ev, "@odata.type", T_EVENT);
	snprintf(buf, sizeof(buf), "%lu", id);
	jstr(ev, "Id", buf);
	jstr(ev, "Name", "CXL fabric event");
	if (s && s->context[0])
		jstr(ev, "Context", s->context);
	jset(ev, "Events", arr);
	out = strdup(json_object_to_json_string_ext(ev, JSON_C_TO_STRING_PLAIN |
						    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(ev);
	return out;
}

/* ---- the feed ------------------------------------------------------------- */

/*
 * A free slot of the push queue for a job of subscription @id, or NULL if
 * the queue is full or @id holds its share of it already: a destination
 * that does not answer fills its share, and only as many such destinations
 * as there are workers fill the queue.
 */
static struct rf_job *job_slot(unsigned int id)
{
	struct rf_job *slot = NULL;
	unsigned int i, held = 0;

	for (i = 0; i < RF_PUSH_QUEUE; i++) {
		if (!jobs[i].sub && !slot)
			slot = &jobs[i];
		held += jobs[i].sub == id;
	}
	return held < RF_PUSH_SHARE ? slot : NULL;
}

static void queue_push(struct rf_sub *s, char *body)
{
	struct rf_job *j = job_slot(s->id);

	if (!j) {
		s->dropped++;
		free(body);
		return;
	}
	*j = (struct rf_job){ .sub = s->id, .body = body, .seq = ++job_seq };
}

void events_feed(const struct rf_event *e)
{
	events_post(NULL, e);
}

/* Which suspended streams to wake, and why (under the lock). */
static bool wake_any(struct rf_sse *st)
{
	(void)st;
	return true;
}

static bool wake_to_ping(struct rf_sse *st)
{
	st->ping = true;
	return true;
}

static bool wake_if_gone(struct rf_sse *st)
{
	return st->gone;
}

/* Under the lock: the suspended streams @pick chooses, marked running,
 * their connections in @con for resume() once the lock is dropped. */
static unsigned int pick_suspended(struct MHD_Connection **con, bool (*pick)(struct rf_sse *st))
{
	unsigned int i, n = 0;

	for (i = 0; i < RF_MAX_SSE; i++) {
		if (!streams[i].used || !streams[i].suspended || !pick(&streams[i]))
			continue;
		streams[i].suspended = false;
		con[n++] = streams[i].con;
	}
	return n;
}

/* Outside the lock: libmicrohttpd takes its own. */
static void resume(struct MHD_Connection **con, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		MHD_resume_connection(con[i]);
}

static void wake_streams(bool (*pick)(struct rf_sse *st))
{
	struct MHD_Connection *con[RF_MAX_SSE];
	unsigned int n;

	pthread_mutex_lock(&lock);
	n = pick_suspended(con, pick);
	pthread_mutex_unlock(&lock);
	resume(con, n);
}

void events_post(struct json_object *(*make)(unsigned long id, const void *arg), const void *arg)
{
	struct MHD_Connection *con[RF_MAX_SSE];
	unsigned long id;
	unsigned int i, n;
	char *body;

	pthread_mutex_lock(&lock);
	id = next_id++;
	json_object_put(ring[id % RF_RING]);
	ring[id % RF_RING] = make ? make(id, arg) : registry_records(arg, id);
	for (i = 0; i < RF_MAX_SUBS; i++)
		if (subs[i].id && (body = event_body(id, ring[id % RF_RING], &subs[i])))
			queue_push(&subs[i], body);
	n = pick_suspended(con, wake_any);
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock);
	resume(con, n);
}

/* A comment line now and then: keeps proxies open. */
void events_tick(void)
{
	wake_streams(wake_to_ping);
}

/*
 * Every second: end the streams whose client left.  libmicrohttpd does not
 * watch a suspended connection's socket, and a write to a socket whose
 * peer has left fails only at the second write.  So a stream whose client
 * hung up would hold its slot and descriptor until two more events: look
 * at the suspended streams' sockets instead, all in one poll(), and end
 * those whose peer shut down.  (An SSE client never sends after its
 * request, so its half-close is its leaving.)
 */
void events_reap(void)
{
	struct MHD_Connection *con[RF_MAX_SSE];
	struct rf_sse *watched[RF_MAX_SSE];
	struct pollfd p[RF_MAX_SSE];
	unsigned int i, n = 0;

	pthread_mutex_lock(&lock);
	for (i = 0; i < RF_MAX_SSE; i++) {
		if (!streams[i].used || !streams[i].suspended || streams[i].fd < 0)
			continue;
		p[n] = (struct pollfd){ .fd = streams[i].fd, .events = POLLRDHUP };
		watched[n++] = &streams[i];
	}
	if (n && poll(p, n, 0) > 0)
		for (i = 0; i < n; i++)
			if (p[i].revents & (POLLRDHUP | POLLHUP | POLLERR))
				watched[i]->gone = true;
	n = pick_suspended(con, wake_if_gone);
	pthread_mutex_unlock(&lock);
	resume(con, n);
}

/* ---- push --------------------------------------------------------------- */

static struct rf_sub *sub_by_id(unsigned int id)
{
	unsigned int i;

	for (i = 0; i < RF_MAX_SUBS; i++)
		if (id && subs[i].id == id)
			return &subs[i];
	return NULL;
}

/*
 * The jobs are shared by RF_PUSH_WORKERS workers, so that a destination
 * that answers slowly or not at all holds up one worker, not every
 * subscription's events.  A subscription has one delivery at a time
 * (rf_sub.sending): its events go out in the order they happened, but for
 * a retry, which waits its interval while the next ones go.
 */
static void *push_thread(void *arg)
{
	char dest[256], why[128];
	struct rf_job *j, job;
	struct rf_sub *s;
	struct timespec ts;
	time_t now, first;
	unsigned int i;
	int rc;

	(void)arg;
	pthread_mutex_lock(&lock);
	while (!stopping) {
		now = time(NULL);
		j = NULL;
		first = 0;
		for (i = 0; i < RF_PUSH_QUEUE; i++) {
			if (!jobs[i].sub)
				continue;
			s = sub_by_id(jobs[i].sub);
			if (!s) {	/* deleted meanwhile */
				free(jobs[i].body);
				jobs[i].sub = 0;
				continue;
			}
			if (s->sending)	/* woken when that delivery ends */
				continue;
			if (jobs[i].due <= now &&
			    (!j || jobs[i].due < j->due || (jobs[i].due == j->due && jobs[i].seq < j->seq)))
				j = &jobs[i];
			else if (jobs[i].due > now && (!first || jobs[i].due < first))
				first = jobs[i].due;
		}
		if (!j) {
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += first ? first - now : 5;
			pthread_cond_timedwait(&wake, &lock, &ts);
			continue;
		}
		job = *j;
		j->sub = 0;	/* taken: the slot is free while we deliver */
		s = sub_by_id(job.sub);
		s->sending = true;
		snprintf(dest, sizeof(dest), "%s", s->dest);
		pthread_mutex_unlock(&lock);
		rc = push_post(dest, job.body, push_cred, why, sizeof(why));
		pthread_mutex_lock(&lock);
		s = sub_by_id(job.sub);
		if (s) {
			s->sending = false;
			pthread_cond_broadcast(&wake);	/* its next job may be due */
		}
		if (!rc) {
			if (s)
				s->delivered++;
			free(job.body);
			continue;
		}
		fprintf(stderr, "cxlfm-redfishd: event to subscription %u: %s\n", job.sub, why);
		if (!s) {
			free(job.body);
			continue;
		}
		/* Retried a bounded number of times, then counted as failed. */
		if (++job.attempts > RF_RETRY_ATTEMPTS) {
			s->failed++;
			free(job.body);
			continue;
		}
		s->retries++;
		job.due = time(NULL) + retry_interval;
		j = job_slot(job.sub);
		if (j) {
			*j = job;
		} else {
			s->dropped++;
			free(job.body);
		}
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

static pthread_t pushers[RF_PUSH_WORKERS];
static unsigned int pushers_started;

int events_start(gnutls_certificate_credentials_t cred)
{
	push_cred = cred;
	for (; pushers_started < RF_PUSH_WORKERS; pushers_started++)
		if (pthread_create(&pushers[pushers_started], NULL, push_thread, NULL))
			return -1;
	return 0;
}

void events_stop(void)
{
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock);
	wake_streams(wake_any);
	/* A push worker may be in a delivery: at most its 5 s bounds. */
	while (pushers_started)
		pthread_join(pushers[--pushers_started], NULL);
}

/* ---- Server-Sent Events -------------------------------------------------- */

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct rf_sse *st = cls;
	ssize_t n = 0;
	char *body;

	(void)pos;
	pthread_mutex_lock(&lock);
	if (st->gone) {
		n = MHD_CONTENT_READER_END_WITH_ERROR;
		goto out;
	}
	if (stopping) {
		n = MHD_CONTENT_READER_END_OF_STREAM;
		goto out;
	}
	if (st->off == st->len) {
		free(st->out);
		st->out = NULL;
		st->off = st->len = 0;
		/* A stream that lagged past the ring skips to the oldest kept. */
		if (next_id > RF_RING && st->next < next_id - RF_RING + 1)
			st->next = next_id - RF_RING + 1;
		body = NULL;
		while (st->next < next_id && !body) {
			body = event_body(st->next, ring[st->next % RF_RING], NULL);
			st->next++;
		}
		if (body) {
			if (asprintf(&st->out, "id: %lu\ndata: %s\n\n", st->next - 1, body) < 0)
				st->out = NULL;
			free(body);
		} else if (st->ping) {
			st->out = strdup(": keep-alive\n\n");
		}
		st->ping = false;
		st->len = st->out ? strlen(st->out) : 0;
	}
	if (st->off < st->len) {
		n = st->len - st->off < max ? st->len - st->off : max;
		memcpy(buf, st->out + st->off, n);
		st->off += n;
	} else {
		/* Nothing to send: off the event loop until an event resumes it. */
		st->suspended = true;
		MHD_suspend_connection(st->con);
	}
out:
	pthread_mutex_unlock(&lock);
	return n;
}

static void sse_free(void *cls)
{
	struct rf_sse *st = cls;

	pthread_mutex_lock(&lock);
	free(st->out);
	memset(st, 0, sizeof(*st));
	pthread_mutex_unlock(&lock);
}

void events_sse_abort(void *stream)
{
	sse_free(stream);
}

static int sse_socket(struct MHD_Connection *con)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);

	return ci ? ci->connect_fd : -1;
}

struct MHD_Response *events_sse_response(void *stream)
{
	struct rf_sse *st = stream;
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
								   sse_read, stream, sse_free);
	int fd = sse_socket(st->con);

	pthread_mutex_lock(&lock);
	st->fd = fd;
	pthread_mutex_unlock(&lock);
	if (r) {
		MHD_add_response_header(r, "Content-Type", "text/event-stream");
		MHD_add_response_header(r, "Cache-Control", "no-store");
	}
	return r;
}

/* Called on libmicrohttpd's thread with the request's connection. */
static void sse_open(struct rf_call *c)
{
	unsigned int i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < RF_MAX_SSE && streams[i].used; i++)
		;
	if (i < RF_MAX_SSE) {
		memset(&streams[i], 0, sizeof(streams[i]));
		streams[i].used = true;
		streams[i].con = c->con;
		streams[i].fd = -1;		/* until its response is made */
		streams[i].next = next_id;	/* from now on */
		c->sse = &streams[i];
		c->status = 200;
	}
	pthread_mutex_unlock(&lock);
	if (i == RF_MAX_SSE)
		rf_error(c, 503, "ResourceExhaustion", SSE_URI, NULL);
}

/* ---- the resources --------------------------------------------------------- */

static struct json_object *strings(const char *const *v, unsigned int n, size_t stride)
{
	struct json_object *a = json_object_new_array();
	unsigned int i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(*(const char *const *)
								((const char *)v + i * stride)));
	return a;
}

/* A subscription's filter list (@n names of @width bytes each) as an array. */
static struct json_object *names(const char *v, unsigned int n, size_t width)
{
	struct json_object *a = json_object_new_array();
	unsigned int i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v + i * width));
	return a;
}

static void event_service(struct rf_call *c)
{
	struct json_object *o = jobj(T_EVENT_SVC, RF_ROOT "/EventService"), *f;
	static const char *const fmt[] = { "Event" };

	jstr(o, "Id", "EventService");
	jstr(o, "Name", "Event Service");
	jset(o, "ServiceEnabled", json_object_new_boolean(1));
	jint(o, "DeliveryRetryAttempts", RF_RETRY_ATTEMPTS);
	jint(o, "DeliveryRetryIntervalSeconds", retry_interval);
	jset(o, "EventFormatTypes", strings(fmt, 1, sizeof(fmt[0])));
	jset(o, "RegistryPrefixes", strings(prefixes, 2, sizeof(prefixes[0])));
	jset(o, "ResourceTypes", strings(res_types, sizeof(res_types) / sizeof(res_types[0]),
					 sizeof(res_types[0])));
	jstr(o, "ServerSentEventUri", SSE_URI);
	f = json_object_new_object();
	jset(f, "EventFormatType", json_object_new_boolean(0));
	jset(f, "MessageId", json_object_new_boolean(0));
	jset(f, "MetricReportDefinition", json_object_new_boolean(0));
	jset(f, "OriginResource", json_object_new_boolean(0));
	jset(f, "RegistryPrefix", json_object_new_boolean(0));
	jset(f, "ResourceType", json_object_new_boolean(0));
	jset(o, "SSEFilterPropertiesSupported", f);
	jset(o, "Subscriptions", jlink(SUBS_URI));
	jset(o, "Status", jstatus("Enabled", "OK"));
	f = json_object_new_object();
	jset(f, "#EventService.SubmitTestEvent", json_object_new_object());
	jstr(json_object_object_get(f, "#EventService.SubmitTestEvent"), "target",
	     RF_ROOT "/EventService/Actions/EventService.SubmitTestEvent");
	jset(o, "Actions", f);
	rf_ok(c, 200, o);
}

static struct json_object *sub_json(const struct rf_sub *s)
{
	struct json_object *o = jobj(T_DEST, SUBS_URI "/%u", s->id), *oem, *x;
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", s->id);
	jstr(o, "Id", buf);
	jstr(o, "Name", "Event Subscription");
	jstr(o, "Destination", s->dest);
	jstr(o, "Context", s->context);
	jstr(o, "Protocol", "Redfish");
	jstr(o, "SubscriptionType", "RedfishEvent");
	jstr(o, "EventFormatType", "Event");
	jstr(o, "DeliveryRetryPolicy", "TerminateAfterRetries");
	jset(o, "RegistryPrefixes", names(s->prefixes[0], s->nprefixes, sizeof(s->prefixes[0])));
	jset(o, "ResourceTypes", names(s->types[0], s->ntypes, sizeof(s->types[0])));
	jset(o, "Status", jstatus("Enabled", "OK"));
	/* Delivery counters: what no schema property says. */
	x = json_object_new_object();
	jint(x, "EventsDelivered", s->delivered);
	jint(x, "DeliveryRetries", s->retries);
	jint(x, "DeliveriesFailed", s->failed);
	jint(x, "EventsDropped", s->dropped);
	oem = json_object_new_object();
	jset(oem, "Cxlfm", x);
	jset(o, "Oem", oem);
	return o;
}

static bool in_list(const char *v, const char *const *list, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(v, list[i]))
			return true;
	return false;
}

/*
 * Who checks a subscription's properties: a POST (@c), answered 400 when
 * one is refused, or a restart (@c NULL), which logs why (@why).
 */
struct sub_check {
	struct rf_call *c;
	char why[160];
};

/* A property refused, with its Base message; false. */
static bool refuse(struct sub_check *chk, const char *msg_id, const char *value,
		   const char *name)
{
	if (chk->c)
		rf_error(chk->c, 400, msg_id, value, name, NULL);
	else
		snprintf(chk->why, sizeof(chk->why), "%s: %s (%.64s)", name, msg_id, value);
	return false;
}

/* An array of strings, each one of @list, into @dst. */
static bool str_list(struct sub_check *chk, const char *name, struct json_object *v,
		     const char *const *list, unsigned int nlist, char *dst, size_t width,
		     unsigned int *n)
{
	size_t i;

	if (!json_object_is_type(v, json_type_array) ||
	    json_object_array_length(v) > MAX_FILTERS)
		return refuse(chk, "PropertyValueTypeError", json_object_to_json_string(v), name);
	for (i = 0; i < json_object_array_length(v); i++) {
		struct json_object *e = json_object_array_get_idx(v, i);

		if (!json_object_is_type(e, json_type_string))
			return refuse(chk, "PropertyValueTypeError", json_object_to_json_string(e),
				      name);
		if (!in_list(json_object_get_string(e), list, nlist))
			return refuse(chk, "PropertyValueNotInList", json_object_get_string(e),
				      name);
		snprintf(dst + i * width, width, "%s", json_object_get_string(e));
	}
	*n = json_object_array_length(v);
	return true;
}

static bool want_string(struct sub_check *chk, const char *name, struct json_object *v,
			size_t max)
{
	if (json_object_is_type(v, json_type_string) && json_object_get_string_len(v) < (int)max)
		return true;
	return refuse(chk, "PropertyValueTypeError", json_object_to_json_string(v), name);
}

enum sub_prop { PROP_TAKEN, PROP_REFUSED, PROP_UNKNOWN };

/*
 * Property @k of a subscription into @s: checked alike whether a POST
 * brings it or the saved file does, so that a restart restores only what
 * a POST could have made.  What to do with a property it does not know is
 * the caller's.
 */
static enum sub_prop sub_property(struct sub_check *chk, const char *k, struct json_object *val,
				  struct rf_sub *s)
{
	static const char *const proto[] = { "Redfish" }, *const fmt[] = { "Event" };
	static const char *const stype[] = { "RedfishEvent" };
	bool ok;

	if (!strcmp(k, "Destination")) {
		ok = want_string(chk, k, val, sizeof(s->dest));
		if (ok && !push_url_valid(json_object_get_string(val)))
			ok = refuse(chk, "PropertyValueFormatError", json_object_get_string(val), k);
		if (ok)
			snprintf(s->dest, sizeof(s->dest), "%s", json_object_get_string(val));
	} else if (!strcmp(k, "Context")) {
		ok = want_string(chk, k, val, sizeof(s->context));
		if (ok)
			snprintf(s->context, sizeof(s->context), "%s", json_object_get_string(val));
	} else if (!strcmp(k, "Protocol") || !strcmp(k, "EventFormatType") ||
		   !strcmp(k, "SubscriptionType")) {
		const char *const *l = k[0] == 'P' ? proto : k[0] == 'E' ? fmt : stype;

		ok = want_string(chk, k, val, 64);
		if (ok && strcmp(json_object_get_string(val), l[0]))
			ok = refuse(chk, "PropertyValueNotInList", json_object_get_string(val), k);
	} else if (!strcmp(k, "RegistryPrefixes")) {
		ok = str_list(chk, k, val, prefixes, 2, s->prefixes[0], sizeof(s->prefixes[0]),
			      &s->nprefixes);
	} else if (!strcmp(k, "ResourceTypes")) {
		ok = str_list(chk, k, val, res_types, sizeof(res_types) / sizeof(res_types[0]),
			      s->types[0], sizeof(s->types[0]), &s->ntypes);
	} else {
		return PROP_UNKNOWN;
	}
	return ok ? PROP_TAKEN : PROP_REFUSED;
}

/* ---- subscriptions kept across restarts (--subscriptions) ------------------ */

/* What a restart must keep: the subscriptions and the next id (an id is
 * never given twice, so a URI an orchestrator holds names one only). */
static struct json_object *subs_saved(void)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array(), *x;
	unsigned int i;

	jint(o, "NextId", next_sub);
	for (i = 0; i < RF_MAX_SUBS; i++) {
		if (!subs[i].id)
			continue;
		x = json_object_new_object();
		jint(x, "Id", subs[i].id);
		jstr(x, "Destination", subs[i].dest);
		jstr(x, "Context", subs[i].context);
		jset(x, "RegistryPrefixes", names(subs[i].prefixes[0], subs[i].nprefixes,
						  sizeof(subs[i].prefixes[0])));
		jset(x, "ResourceTypes", names(subs[i].types[0], subs[i].ntypes,
					       sizeof(subs[i].types[0])));
		json_object_array_add(a, x);
	}
	jset(o, "Subscriptions", a);
	return o;
}

/* After a subscription came or went: the file holds the set as it is now.
 * Return: 0, or -1 (with errno) if it could not be written. */
static int subs_persist(void)
{
	struct json_object *o;
	int rc;

	if (store_fd < 0)
		return 0;
	pthread_mutex_lock(&store_lock);
	pthread_mutex_lock(&lock);
	o = subs_saved();
	pthread_mutex_unlock(&lock);
	rc = subs_store_save(store_fd, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	if (rc)
		fprintf(stderr, "cxlfm-redfishd: cannot save the subscriptions: %s\n",
			strerror(errno));
	pthread_mutex_unlock(&store_lock);
	json_object_put(o);
	return rc;
}

/*
 * One saved subscription: its Id, and the rest as a POST would check it.
 * A property this version does not know is left out, not the subscription
 * (a later version may save more).  Return: NULL, or why it is refused.
 */
static const char *saved_sub(struct json_object *x, struct rf_sub *s, struct sub_check *chk)
{
	struct json_object *v;
	int64_t id;

	memset(s, 0, sizeof(*s));
	if (!json_object_is_type(x, json_type_object))
		return "not an object";
	if (!json_object_object_get_ex(x, "Id", &v) || !json_object_is_type(v, json_type_int))
		return "no Id";
	id = json_object_get_int64(v);
	if (id < 1 || id > UINT32_MAX)
		return "Id: not a subscription number";
	s->id = id;
	json_object_object_foreach(x, k, val)
		if (strcmp(k, "Id") && sub_property(chk, k, val, s) == PROP_REFUSED)
			return chk->why;
	return s->dest[0] ? NULL : "no Destination";
}

int events_restore(int fd, const char *path)
{
	struct json_object *o, *a, *v;
	unsigned int n = 0, bad = 0;
	char *text;
	size_t i;

	store_fd = fd;
	text = subs_store_load();
	if (!text)
		return 0;	/* a new file, or nothing whole in it */
	o = json_tokener_parse(text);
	free(text);
	if (!json_object_object_get_ex(o, "Subscriptions", &a) ||
	    !json_object_is_type(a, json_type_array) ||
	    !json_object_object_get_ex(o, "NextId", &v) || !json_object_is_type(v, json_type_int)) {
		fprintf(stderr, "cxlfm-redfishd: %s: not a subscriptions file\n", path);
		json_object_put(o);
		return -1;
	}
	next_sub = json_object_get_int64(v) > 0 && json_object_get_int64(v) <= UINT32_MAX ?
		   json_object_get_int64(v) : 1;
	for (i = 0; i < json_object_array_length(a); i++) {
		struct sub_check chk = { .c = NULL };
		struct rf_sub s;
		const char *why = saved_sub(json_object_array_get_idx(a, i), &s, &chk);

		if (!why && n == RF_MAX_SUBS)
			why = "more than the daemon keeps";
		else if (!why && sub_by_id(s.id))
			why = "Id given twice";
		else if (!why && s.id >= next_sub)
			why = "Id not below NextId";
		if (why) {
			fprintf(stderr, "cxlfm-redfishd: %s: saved subscription %zu (Id %u) refused: %s\n",
				path, i + 1, s.id, why);
			bad++;
			continue;
		}
		subs[n++] = s;
	}
	json_object_put(o);
	fprintf(stderr, "cxlfm-redfishd: %u event subscription%s restored from %s", n,
		n == 1 ? "" : "s", path);
	if (bad)
		fprintf(stderr, ", %u refused (each logged above)", bad);
	fputc('\n', stderr);
	return 0;
}

/* POST .../Subscriptions: validate everything before taking a slot. */
static void subscribe(struct rf_call *c)
{
	struct sub_check chk = { .c = c };
	struct json_object *b, *v;
	struct rf_sub s = { 0 };
	unsigned int i;

	if (c->role < RF_ROLE_OPERATOR)
		return rf_error(c, 403, "InsufficientPrivilege", NULL);
	b = rf_body(c);
	if (!b)
		return;
	json_object_object_foreach(b, k, val) {
		enum sub_prop verdict = sub_property(&chk, k, val, &s);

		if (verdict == PROP_UNKNOWN)
			rf_error(c, 400, "PropertyUnknown", k, NULL);
		if (verdict != PROP_TAKEN)
			goto out;
	}
	/* Required on create (EventDestination): Destination and Protocol. */
	if (!s.dest[0]) {
		rf_error(c, 400, "CreateFailedMissingReqProperties", "Destination", NULL);
		goto out;
	}
	if (!json_object_object_get_ex(b, "Protocol", &v)) {
		rf_error(c, 400, "CreateFailedMissingReqProperties", "Protocol", NULL);
		goto out;
	}
	pthread_mutex_lock(&lock);
	for (i = 0; i < RF_MAX_SUBS && subs[i].id; i++)
		;
	if (i < RF_MAX_SUBS) {
		s.id = next_sub++;
		subs[i] = s;
	}
	pthread_mutex_unlock(&lock);
	if (i == RF_MAX_SUBS) {
		rf_error(c, 503, "EventSubscriptionLimitExceeded", NULL);
		goto out;
	}
	if (subs_persist()) {
		/* Not kept across a restart: not made (the client may retry). */
		pthread_mutex_lock(&lock);
		memset(&subs[i], 0, sizeof(subs[i]));
		pthread_mutex_unlock(&lock);
		rf_error(c, 500, "InternalError", NULL);
		goto out;
	}
	snprintf(c->location, sizeof(c->location), SUBS_URI "/%u", s.id);
	rf_ok(c, 201, sub_json(&s));
out:
	json_object_put(b);
}

void svc_events(struct rf_call *c)
{
	struct rf_sub *s;
	unsigned int i;
	long id;

	if (c->nsegs == 1) {
		if (strcmp(c->method, "GET"))
			return rf_method(c, "GET");
		return event_service(c);
	}
	if (c->nsegs == 3 && !strcmp(c->segs[1], "Actions") &&
	    !strcmp(c->segs[2], "EventService.SubmitTestEvent")) {
		if (strcmp(c->method, "POST"))
			return rf_method(c, "POST");
		return submit_test_event(c);
	}
	if (c->nsegs == 2 && !strcmp(c->segs[1], "SSE")) {
		if (strcmp(c->method, "GET"))
			return rf_method(c, "GET");
		return sse_open(c);
	}
	if (strcmp(c->segs[1], "Subscriptions") || c->nsegs > 3)
		return rf_not_found(c);
	if (c->nsegs == 2) {
		struct json_object *o;

		if (!strcmp(c->method, "POST"))
			return subscribe(c);
		if (strcmp(c->method, "GET"))
			return rf_method(c, "GET, POST");
		o = jcoll(T_DEST_COLL, "Event Subscriptions", SUBS_URI);
		pthread_mutex_lock(&lock);
		for (i = 0; i < RF_MAX_SUBS; i++)
			if (subs[i].id)
				jmember(o, SUBS_URI "/%u", subs[i].id);
		pthread_mutex_unlock(&lock);
		return rf_ok(c, 200, o);
	}
	id = rf_id_num(c->segs[2], UINT32_MAX);
	pthread_mutex_lock(&lock);
	s = id < 0 ? NULL : sub_by_id(id);
	if (!s) {
		pthread_mutex_unlock(&lock);
		return rf_not_found(c);
	}
	if (!strcmp(c->method, "GET")) {
		rf_ok(c, 200, sub_json(s));
	} else if (!strcmp(c->method, "DELETE")) {
		if (c->role < RF_ROLE_OPERATOR) {
			rf_error(c, 403, "InsufficientPrivilege", NULL);
		} else {
			/* Queued deliveries go with it (the push workers drop them). */
			memset(s, 0, sizeof(*s));
			pthread_mutex_unlock(&lock);
			subs_persist();
			return rf_ok(c, 204, NULL);
		}
	} else {
		rf_method(c, "GET, DELETE");
	}
	pthread_mutex_unlock(&lock);
}
