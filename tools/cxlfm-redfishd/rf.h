/* SPDX-License-Identifier: GPL-2.0 */
/* cxlfm-redfishd's network process: one request as the handlers see it. */
#ifndef RF_H
#define RF_H

#include <json-c/json.h>
#include <stdbool.h>

#include "auth.h"
#include "proto.h"

#define RF_ROOT		"/redfish/v1"
#define RF_MAX_SEGS	12
#define RF_BASE_REG	"Base.1.22"	/* the Base message registry followed */

struct MHD_Connection;

struct rf_call {
	/* request */
	const char *method;		/* GET (also for HEAD), POST, DELETE, ... */
	const char *path;		/* without the query */
	char *segs[RF_MAX_SEGS];	/* path below /redfish/v1, split at '/' */
	unsigned int nsegs;
	const char *body;		/* the request body, NUL-terminated */
	size_t body_len;
	enum rf_role role;		/* RF_ROLE_NONE: not authenticated */
	struct rf_session *session;	/* when authenticated by X-Auth-Token */
	const char *user;
	const char *client;		/* client address, for Session */
	struct MHD_Connection *con;	/* the request's connection (SSE) */
	/* answer */
	unsigned int status;
	struct json_object *out;	/* JSON body, or NULL */
	const char *text;		/* other body ($metadata) */
	const char *content_type;
	char location[256];
	char token[RF_TOKEN_LEN + 1];	/* X-Auth-Token to send */
	char allow[64];			/* Allow, with 405 */
	unsigned int retry_after;
	void *sse;			/* answer with this event stream */
};

/* The broker's descriptor, and one call to it with the caller's role. */
extern int broker_fd;
const void *rf_broker(struct rf_call *c, struct rf_req *req, struct rf_rsp *rsp);

/* Answers */
void rf_error(struct rf_call *c, unsigned int status, const char *msg_id, ...);
void rf_errno(struct rf_call *c, const struct rf_rsp *rsp, int err);
void rf_ok(struct rf_call *c, unsigned int status, struct json_object *o);
void rf_not_found(struct rf_call *c);
void rf_method(struct rf_call *c, const char *allow);
/*
 * A resource id that is a number, in the one spelling the service links to
 * (decimal, no sign, no leading zero, no space): its value up to @max, or
 * -1.  "01", "+1" or " 1" would name the resource under a URI other than
 * its @odata.id.
 */
long rf_id_num(const char *s, unsigned long max);
/* The request body as a JSON object, or NULL after answering with the error. */
struct json_object *rf_body(struct rf_call *c);

/* json-c shorthands */
struct json_object *jobj(const char *type, const char *fmt_id, ...)
	__attribute__((format(printf, 2, 3)));
void jset(struct json_object *o, const char *k, struct json_object *v);
void jstr(struct json_object *o, const char *k, const char *v);
void jint(struct json_object *o, const char *k, int64_t v);
struct json_object *jlink(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
struct json_object *jcoll(const char *type, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void jmember(struct json_object *coll, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct json_object *jstatus(const char *state, const char *health);

/* http.c: the path below RF_ROOT (in @buf, modified) into c->segs; 0 or -1 */
int rf_split_path(struct rf_call *c, char *buf);

/* Handlers: service.c (root, sessions, tasks), fabric.c (the switches) */
void rf_dispatch(struct rf_call *c);
bool rf_open_resource(const struct rf_call *c);
void svc_service(struct rf_call *c);
void svc_sessions(struct rf_call *c);
void svc_tasks(struct rf_call *c);
void fab_fabrics(struct rf_call *c);

/* tasks.c: background FM-API commands as Redfish tasks */
struct rf_task;
struct rf_task *task_new(const char *name, const struct rf_call *c);
void task_started(struct rf_task *t, const struct rf_bg *bg);
void task_set_result(struct rf_task *t, const char *uri);
void task_done(struct rf_task *t, unsigned int status, const char *result_uri);
void task_accepted(struct rf_call *c, struct rf_task *t);
void task_free_last(struct rf_task *t);

#endif
