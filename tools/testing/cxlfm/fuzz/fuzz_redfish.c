// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: every request handler of cxlfm-redfishd's network
 * process (tools/cxlfm-redfishd: service.c, fabric.c, tasks.c, events.c,
 * registry.c, answer.c, auth.c's sessions), built unchanged with the
 * sanitizers.  Each request is made as http.c's handle() makes it from
 * what libmicrohttpd hands over: the path canonicalised and split
 * (rf_split_path()), the role of the credentials, the body; then
 * rf_dispatch() (or 401 NoValidSession without credentials, as handle()
 * answers), the answer serialised and freed.  The broker is the fake
 * switch of fuzz_redfish_broker.c; events go through events_feed() and
 * the message registry.  An SSE stream is aborted (events_sse_abort()),
 * as handle() does when no response can be made.
 *
 * Input:
 *   [g] the switch: bits 0-2 ports - 1, bits 3-4 VCSs, bit 5 a port
 *       overlay follows, bit 6 a VCS overlay follows, bit 7 the CCI has
 *       an identity (Model, SerialNumber)
 *   [len][bytes] port overlay, [len][bytes] VCS overlay (if their bits)
 *   then up to 8 requests, each:
 *   [m] m % 8: 0 GET, 1 POST, 2 PATCH, 3 PUT, 4 DELETE, 5 HEAD, 6 an event
 *       (the body's bytes as a struct rf_event), 7 GET
 *   [r] role: bits 0-1 none, ReadOnly, Operator, Administrator; bit 2
 *       through the role's session (X-Auth-Token) rather than Basic
 *   [b] broker: bits 0-3 the op that fails (15: every op), bits 4-6 how,
 *       bit 7 background commands end at once
 *   [s] BG_STATUS: bits 0-1 enum fz_bg, bits 2-7 the return code
 *   path, up to a NUL: each byte 0x01 in it stands for the number that
 *       ends the last Location answered (a task, session, subscription)
 *   [u16 le n] and n bytes of body
 *
 * Beyond the sanitizers, each answer is checked: a status between 200
 * and 599; an error is a Redfish error response (error.code and a Base
 * message in @Message.ExtendedInfo); 405 has Allow, 201 and 202 have
 * Location; an authenticated request is never 401, one without
 * credentials is 401 unless the resource is open; a stream is opened for
 * an authenticated GET only.  The fake broker checks each broker call
 * (the caller's role, Operator for a change).  Sessions, tasks and
 * subscriptions created by an input are ended after it, so that inputs
 * stay independent.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdbool.h>

#include "fuzz.h"
#include "fuzz_redfish.h"
#include "events.h"
#include "rf.h"

#define FZ_MAX_REQS	8
#define FZ_URL_MAX	2048
#define FZ_KEEP		(FZ_MAX_REQS * 2)

static const char *const methods[] = { "GET", "POST", "PATCH", "PUT", "DELETE", "HEAD",
				       NULL, "GET" };
static const char *const users[] = { NULL, "ro", "op", "admin" };
static const int errs[] = { -ENODEV, -EBUSY, -EIO, -EOPNOTSUPP, -EACCES, FZ_EPROTO,
			    -ENOENT, -ETIMEDOUT };

struct in {
	const uint8_t *p;
	size_t left;
};

static uint8_t get8(struct in *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static const uint8_t *get(struct in *in, size_t n, size_t *got)
{
	const uint8_t *p = in->p;

	*got = n < in->left ? n : in->left;
	in->p += *got;
	in->left -= *got;
	return p;
}

/* What one input made and must undo, and the last Location's number. */
static struct {
	char tokens[4][RF_TOKEN_LEN + 1];
	char keep[FZ_KEEP][256];	/* task monitors and subscriptions */
	unsigned int nkeep;
	bool undoing;
	char last[16];
} st;

struct req {
	const char *method;
	unsigned int role;
	bool session;
	const char *url;
	const uint8_t *body;
	size_t body_len;
};

static void check_answer(const struct rf_call *c, bool open)
{
	struct json_object *err, *info, *first, *id;
	const char *s;

	FUZZ_CHECK(c->status >= 200 && c->status <= 599, "status %u", c->status);
	FUZZ_CHECK(c->status != 401 || c->role == RF_ROLE_NONE,
		   "401 to an authenticated request (role %u)", c->role);
	FUZZ_CHECK(c->role != RF_ROLE_NONE || open || c->status == 401 || c->status == 404,
		   "status %u without credentials for %s %s", c->status, c->method, c->path);
	FUZZ_CHECK(!c->sse || (c->role && c->status == 200 && !strcmp(c->method, "GET")),
		   "an event stream for %s (role %u)", c->method, c->role);
	if (c->status == 405)
		FUZZ_CHECK(c->allow[0], "405 without Allow");
	if (c->status == 201 || c->status == 202)
		FUZZ_CHECK(c->location[0], "%u without Location", c->status);
	if (c->status < 400) {
		FUZZ_CHECK(c->out || c->text || c->sse || c->status == 204,
			   "%u without a body", c->status);
		FUZZ_CHECK(!c->out || json_object_is_type(c->out, json_type_object),
			   "a body that is not an object");
		return;
	}
	FUZZ_CHECK(c->out && json_object_object_get_ex(c->out, "error", &err) &&
		   json_object_object_get_ex(err, "code", &id) &&
		   json_object_is_type(id, json_type_string) &&
		   json_object_object_get_ex(err, "@Message.ExtendedInfo", &info) &&
		   json_object_is_type(info, json_type_array) &&
		   json_object_array_length(info) >= 1,
		   "%u is not a Redfish error response", c->status);
	first = json_object_array_get_idx(info, 0);
	FUZZ_CHECK(json_object_object_get_ex(first, "MessageId", &id) &&
		   (s = json_object_get_string(id)) && !strncmp(s, RF_BASE_REG ".", 10),
		   "an error whose first message is not a %s one", RF_BASE_REG);
}

/* The request as handle() builds it, answered and serialised. */
static void request(const struct req *r)
{
	struct rf_call c = { 0 };
	char path[1024], canon[1024];
	const char *out;
	bool open = false;
	char *body;

	/* as http.c keeps it: the bytes received and a NUL after them */
	body = malloc(r->body_len + 1);
	FUZZ_CHECK(body, "out of memory");
	memcpy(body, r->body, r->body_len);
	body[r->body_len] = 0;
	/* handle(): "/redfish/v1/" and "/redfish/v1" are one resource */
	snprintf(path, sizeof(path), "%s", r->url);
	while (strlen(path) > 1 && path[strlen(path) - 1] == '/')
		path[strlen(path) - 1] = 0;
	c.method = strcmp(r->method, "HEAD") ? r->method : "GET";
	c.body = body;
	c.body_len = r->body_len;
	c.client = "127.0.0.1";
	snprintf(canon, sizeof(canon), "%s", path);
	c.path = canon;
	if (rf_split_path(&c, path) < 0) {
		rf_not_found(&c);
	} else {
		open = rf_open_resource(&c);
		if (!open && r->role && r->session) {
			/* authenticate(): X-Auth-Token */
			c.session = session_by_token(st.tokens[r->role]);
			if (c.session) {
				c.role = c.session->role;
				c.user = c.session->user;
			}
		} else if (!open && r->role) {
			/* authenticate(): Basic, a good password */
			c.role = r->role;
			c.user = users[r->role];
		}
		fz_broker.role = c.role;
		if (!open && !c.role)
			rf_error(&c, 401, "NoValidSession", NULL);
		else
			rf_dispatch(&c);
	}
	check_answer(&c, open);
	if (c.sse) {
		events_sse_abort(c.sse);
	} else if (c.out) {
		out = json_object_to_json_string_ext(c.out, JSON_C_TO_STRING_PLAIN |
						     JSON_C_TO_STRING_NOSLASHESCAPE);
		FUZZ_CHECK(out && out[0] == '{', "serialised as %s", out ? out : "nothing");
	}
	if (c.location[0] && !st.undoing) {
		const char *n = strrchr(c.location, '/');

		snprintf(st.last, sizeof(st.last), "%s", n ? n + 1 : "0");
		if ((strstr(c.location, "/TaskMonitors/") ||
		     strstr(c.location, "/EventService/Subscriptions/")) && st.nkeep < FZ_KEEP)
			snprintf(st.keep[st.nkeep++], sizeof(st.keep[0]), "%s", c.location);
	}
	json_object_put(c.out);
	free(body);
}

static void event(const uint8_t *p, size_t n)
{
	struct rf_event e = { 0 };

	memcpy(&e, p, n < sizeof(e) ? n : sizeof(e));
	e.magic = RF_EVENT_MAGIC;
	events_feed(&e);
}

/* The path with each 0x01 replaced by the last Location's number. */
static void expand(char *url, const uint8_t *p, size_t n)
{
	size_t i, o = 0, l = strlen(st.last);

	for (i = 0; i < n && p[i] && o < FZ_URL_MAX - 1; i++) {
		if (p[i] == 1 && o + l < FZ_URL_MAX - 1) {
			memcpy(url + o, st.last, l);
			o += l;
		} else if (p[i] != 1) {
			url[o++] = p[i];
		}
	}
	url[o] = 0;
}

/* End what the input started: tasks (their command ends), subscriptions, sessions. */
static void undo(void)
{
	struct req r = { .role = RF_ROLE_ADMIN, .body = (const uint8_t *)"" };
	struct rf_session *s;
	unsigned int i, k;

	memset(&fz_broker, 0, sizeof(fz_broker));
	fz_broker.bg_state = FZ_BG_DONE;
	st.undoing = true;
	for (k = 0; k < st.nkeep; k++) {
		r.url = st.keep[k];
		r.method = strstr(r.url, "/TaskMonitors/") ? "GET" : "DELETE";
		request(&r);
	}
	st.undoing = false;
	i = 0;
	while ((s = session_next(&i)))
		session_end(s);
}

/*
 * The EventService keeps the records of the last 64 events (and push
 * deliveries) from one input to the next, so nearly every input allocates
 * more than it frees, and libFuzzer would run LeakSanitizer after each
 * one: eight times slower.  -detect_leaks=0 unless asked otherwise: a
 * block a handler loses is still reported by LeakSanitizer's check when
 * the run ends (make fuzz fails), only without the input that lost it.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char flag[] = "-detect_leaks=0";
	char **v;
	int i;

	for (i = 1; i < *argc; i++)
		if (!strncmp((*argv)[i], "-detect_leaks=", 14))
			return 0;
	v = calloc(*argc + 2, sizeof(*v));
	FUZZ_CHECK(v, "out of memory");
	memcpy(v, *argv, *argc * sizeof(*v));
	v[(*argc)++] = flag;
	*argv = v;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	const uint8_t *pov = NULL, *vov = NULL, *p;
	size_t plen = 0, vlen = 0, n, got;
	static char url[FZ_URL_MAX];
	unsigned int i, role;
	uint8_t g, m, b, s;
	struct req r;

	g = get8(&in);
	if (g & 0x20) {
		n = get8(&in);
		pov = get(&in, n, &plen);
	}
	if (g & 0x40) {
		n = get8(&in);
		vov = get(&in, n, &vlen);
	}
	fz_switch_reset((g & 7) + 1, (g >> 3) & 3, g & 0x80, pov, plen, vov, vlen);

	memset(&st, 0, sizeof(st));
	strcpy(st.last, "0");
	for (role = RF_ROLE_READONLY; role <= RF_ROLE_ADMIN; role++) {
		struct rf_session *sess = session_new(users[role], role);

		if (sess) {
			snprintf(st.tokens[role], sizeof(st.tokens[0]), "%s", sess->token);
			snprintf(st.last, sizeof(st.last), "%u", sess->id);
		}
	}

	for (i = 0; i < FZ_MAX_REQS && in.left; i++) {
		m = get8(&in) % 8;
		role = get8(&in);
		b = get8(&in);
		s = get8(&in);
		p = in.p;
		for (n = 0; n < in.left && p[n]; n++)
			;
		expand(url, p, n);
		get(&in, n + 1, &got);
		n = get8(&in);
		n |= (size_t)get8(&in) << 8;
		r.body = get(&in, n, &r.body_len);
		if (m == 6) {
			event(r.body, r.body_len);
			continue;
		}
		memset(&fz_broker, 0, sizeof(fz_broker));
		fz_broker.fail_op = b & 15;
		fz_broker.fail_err = errs[(b >> 4) & 7];
		fz_broker.fail_rc = fz_broker.fail_err == -EIO ? CXLFM_RC_BUSY : 0;
		fz_broker.at_once = b & 0x80;
		fz_broker.bg_state = s & 3;
		fz_broker.bg_rc = s >> 2;
		r.method = methods[m];
		r.role = role & 3;
		r.session = role & 4;
		r.url = url;
		request(&r);
	}
	undo();
	return 0;
}
