// SPDX-License-Identifier: GPL-2.0
/*
 * HTTPS through libmicrohttpd (GnuTLS): one internal thread runs every
 * connection (epoll), so the handlers, the sessions and the tasks need no
 * lock.  Each request: rate bound per client address, body bound,
 * authentication (X-Auth-Token or Basic), then the handlers.
 */
#include <microhttpd.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "http.h"
#include "rf.h"

static size_t max_body;

struct rf_conn {
	char *body;
	size_t len;
	bool too_large;
	bool limited;
	unsigned int wait;
};

/* Only these paths answer without credentials (DSP0266 §13.3.1). */
bool rf_open_resource(const struct rf_call *c)
{
	if (!strcmp(c->path, "/redfish") || !strcmp(c->path, "/redfish/v1") ||
	    !strcmp(c->path, "/redfish/v1/odata") || !strcmp(c->path, "/redfish/v1/$metadata"))
		return !strcmp(c->method, "GET");
	return !strcmp(c->method, "POST") &&
	       !strcmp(c->path, "/redfish/v1/SessionService/Sessions");
}

static void authenticate(struct MHD_Connection *con, struct rf_call *c)
{
	const char *token = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "X-Auth-Token");
	char *user, *pass = NULL;

	if (token) {
		c->session = session_by_token(token);
		if (c->session) {
			c->role = c->session->role;
			c->user = c->session->user;
		}
		return;
	}
	user = MHD_basic_auth_get_username_password(con, &pass);
	if (user && pass && strlen(user) < RF_NAME_MAX) {
		static char name[RF_NAME_MAX];

		c->role = auth_check(user, pass);
		if (c->role) {
			snprintf(name, sizeof(name), "%s", user);
			c->user = name;
		}
	}
	if (pass) {
		explicit_bzero(pass, strlen(pass));
		MHD_free(pass);
	}
	if (user)
		MHD_free(user);
}

static void client_addr(struct MHD_Connection *con, char *buf, size_t len)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	buf[0] = 0;
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, len);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, len);
}

/*
 * Split the path below /redfish/v1 into segments, in @buf (c->segs point
 * into it): 0, or -1 if it has more than RF_MAX_SEGS.  A path outside
 * /redfish/v1 has none.
 */
int rf_split_path(struct rf_call *c, char *buf)
{
	char *p, *save;

	if (strncmp(buf, RF_ROOT, strlen(RF_ROOT)) ||
	    (buf[strlen(RF_ROOT)] && buf[strlen(RF_ROOT)] != '/'))
		return 0;
	for (p = strtok_r(buf + strlen(RF_ROOT), "/", &save); p;
	     p = strtok_r(NULL, "/", &save)) {
		if (c->nsegs == RF_MAX_SEGS)
			return -1;
		c->segs[c->nsegs++] = p;
	}
	return 0;
}

static enum MHD_Result send_answer(struct MHD_Connection *con, struct rf_call *c)
{
	struct MHD_Response *r;
	const char *body = "";
	enum MHD_Result ret;
	char buf[16];

	if (c->out)
		body = json_object_to_json_string_ext(c->out, JSON_C_TO_STRING_PLAIN |
						      JSON_C_TO_STRING_NOSLASHESCAPE);
	else if (c->text)
		body = c->text;
	r = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", c->content_type ? c->content_type :
				"application/json; charset=utf-8");
	MHD_add_response_header(r, "OData-Version", "4.0");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (c->location[0])
		MHD_add_response_header(r, "Location", c->location);
	if (c->token[0])
		MHD_add_response_header(r, "X-Auth-Token", c->token);
	if (c->allow[0])
		MHD_add_response_header(r, "Allow", c->allow);
	if (c->retry_after) {
		snprintf(buf, sizeof(buf), "%u", c->retry_after);
		MHD_add_response_header(r, "Retry-After", buf);
	}
	if (c->status == 401)
		MHD_add_response_header(r, "WWW-Authenticate", "Basic realm=\"cxlfm\"");
	ret = MHD_queue_response(con, c->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result answer_now(struct MHD_Connection *con, unsigned int status,
				  const char *msg, const char *arg, unsigned int retry)
{
	struct rf_call c = { .status = status, .retry_after = retry };
	enum MHD_Result ret;

	rf_error(&c, status, msg, arg, NULL);
	ret = send_answer(con, &c);
	json_object_put(c.out);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *con, const char *url,
			      const char *method, const char *version,
			      const char *upload, size_t *upload_size, void **con_cls)
{
	struct rf_conn *rc = *con_cls;
	struct rf_call c = { 0 };
	char path[1024], addr[64], wait[16];
	enum MHD_Result ret;
	const char *cl;

	(void)cls;
	(void)version;
	if (!rc) {
		/* First call: headers only.  Bounds before any body is read. */
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

		rc = calloc(1, sizeof(*rc));
		if (!rc)
			return MHD_NO;
		*con_cls = rc;
		rc->wait = rate_take(ci ? ci->client_addr : NULL);
		rc->limited = rc->wait != 0;
		cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > max_body)
			rc->too_large = true;
		return MHD_YES;
	}
	if (*upload_size) {
		/* Keep reading a body that is too large, keep none of it. */
		if (!rc->too_large && rc->len + *upload_size <= max_body) {
			char *b = realloc(rc->body, rc->len + *upload_size + 1);

			if (!b)
				return MHD_NO;
			rc->body = b;
			memcpy(b + rc->len, upload, *upload_size);
			rc->len += *upload_size;
			b[rc->len] = 0;
		} else {
			rc->too_large = true;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (rc->limited) {
		snprintf(wait, sizeof(wait), "%u", rc->wait);
		return answer_now(con, 429, "ServiceTemporarilyUnavailable", wait, rc->wait);
	}
	if (rc->too_large)
		return answer_now(con, 413, "PayloadTooLarge", NULL, 0);

	snprintf(path, sizeof(path), "%s", url);
	/* "/redfish/v1/" and "/redfish/v1" are one resource. */
	while (strlen(path) > 1 && path[strlen(path) - 1] == '/')
		path[strlen(path) - 1] = 0;
	c.method = strcmp(method, "HEAD") ? method : "GET";
	c.path = url;
	c.body = rc->body ? rc->body : "";
	c.body_len = rc->len;
	client_addr(con, addr, sizeof(addr));
	c.client = addr;
	c.con = con;
	{
		char canon[1024];

		snprintf(canon, sizeof(canon), "%s", path);
		c.path = canon;
		if (rf_split_path(&c, path) < 0) {
			rf_not_found(&c);
		} else {
			if (!rf_open_resource(&c))
				authenticate(con, &c);
			if (!rf_open_resource(&c) && !c.role)
				rf_error(&c, 401, "NoValidSession", NULL);
			else
				rf_dispatch(&c);
		}
		if (c.sse) {
			/* An event stream: answered by events.c's reader from now on. */
			struct MHD_Response *r = events_sse_response(c.sse);

			ret = r ? MHD_queue_response(con, 200, r) : MHD_NO;
			if (r)
				MHD_destroy_response(r);
			else
				events_sse_abort(c.sse);
		} else {
			ret = send_answer(con, &c);
		}
	}
	json_object_put(c.out);
	return ret;
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct rf_conn *rc = *con_cls;

	(void)cls;
	(void)con;
	(void)toe;
	if (rc) {
		free(rc->body);
		free(rc);
	}
	*con_cls = NULL;
}

struct MHD_Daemon *http_start(const struct rf_http_opts *o)
{
	max_body = o->max_body;
	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
				MHD_USE_TLS | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME,
				0, NULL, NULL, handle, NULL,
				MHD_OPTION_LISTEN_SOCKET, o->listen_fd,
				MHD_OPTION_HTTPS_MEM_KEY, o->key_pem,
				MHD_OPTION_HTTPS_MEM_CERT, o->cert_pem,
				MHD_OPTION_CONNECTION_LIMIT, o->max_conns,
				MHD_OPTION_CONNECTION_TIMEOUT, o->conn_timeout,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
				MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
				MHD_OPTION_END);
}

void http_stop(struct MHD_Daemon *d)
{
	MHD_stop_daemon(d);
}
