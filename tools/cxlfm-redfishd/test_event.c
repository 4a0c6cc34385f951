// SPDX-License-Identifier: GPL-2.0
/*
 * #EventService.SubmitTestEvent (EventService v1_12_0): an Event made of
 * the caller's message, sent as any other to the SSE streams and the
 * subscriptions their filters let it through to, so that an orchestrator
 * can check its delivery path end to end.  Operator or Administrator
 * (Redfish asks ConfigureManager for it).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "events.h"
#include "rf.h"

#define ACTION		"EventService.SubmitTestEvent"
#define MAX_ARGS	8
#define MAX_TEXT	512

struct test_event {
	char msg_id[128], text[MAX_TEXT], severity[16], origin[256], event_id[64], ts[64];
	char args[MAX_ARGS][128];
	unsigned int nargs;
	int group;
	int has_group;
};

static struct json_object *test_records(unsigned long id, const void *arg)
{
	const struct test_event *t = arg;
	struct json_object *arr = json_object_new_array(), *r = json_object_new_object();
	struct json_object *a = json_object_new_array();
	char buf[32];
	unsigned int i;

	jstr(r, "MemberId", "0");
	snprintf(buf, sizeof(buf), "%lu", id);
	jstr(r, "EventId", t->event_id[0] ? t->event_id : buf);
	jstr(r, "EventTimestamp", t->ts);
	if (t->has_group)
		jint(r, "EventGroupId", t->group);
	jstr(r, "MessageId", t->msg_id);
	jstr(r, "Message", t->text);
	for (i = 0; i < t->nargs; i++)
		json_object_array_add(a, json_object_new_string(t->args[i]));
	jset(r, "MessageArgs", a);
	jstr(r, "MessageSeverity", t->severity);
	if (t->origin[0])
		jset(r, "OriginOfCondition", jlink("%s", t->origin));
	json_object_array_add(arr, r);
	return arr;
}

/* A string parameter of at most @max - 1 bytes into @dst; 0 or answered. */
static int str_param(struct rf_call *c, struct json_object *v, const char *name,
		     char *dst, size_t max)
{
	if (!json_object_is_type(v, json_type_string) ||
	    strlen(json_object_get_string(v)) >= max) {
		rf_error(c, 400, "ActionParameterValueError", name, ACTION, NULL);
		return -1;
	}
	snprintf(dst, max, "%s", json_object_get_string(v));
	return 0;
}

static int args_param(struct rf_call *c, struct json_object *v, struct test_event *t)
{
	size_t i, n;

	if (!json_object_is_type(v, json_type_array) ||
	    (n = json_object_array_length(v)) > MAX_ARGS)
		goto bad;
	for (i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(v, i);

		if (!json_object_is_type(s, json_type_string) ||
		    strlen(json_object_get_string(s)) >= sizeof(t->args[0]))
			goto bad;
		snprintf(t->args[i], sizeof(t->args[0]), "%s", json_object_get_string(s));
	}
	t->nargs = n;
	return 0;
bad:
	rf_error(c, 400, "ActionParameterValueError", "MessageArgs", ACTION, NULL);
	return -1;
}

static int param(struct rf_call *c, const char *k, struct json_object *v, struct test_event *t)
{
	if (!strcmp(k, "MessageId"))
		return str_param(c, v, k, t->msg_id, sizeof(t->msg_id));
	if (!strcmp(k, "Message"))
		return str_param(c, v, k, t->text, sizeof(t->text));
	if (!strcmp(k, "MessageArgs"))
		return args_param(c, v, t);
	if (!strcmp(k, "EventId"))
		return str_param(c, v, k, t->event_id, sizeof(t->event_id));
	if (!strcmp(k, "EventTimestamp"))
		return str_param(c, v, k, t->ts, sizeof(t->ts));
	if (!strcmp(k, "OriginOfCondition")) {
		if (str_param(c, v, k, t->origin, sizeof(t->origin)))
			return -1;
		if (strncmp(t->origin, RF_ROOT, strlen(RF_ROOT)) || strpbrk(t->origin, "\"\\ ")) {
			rf_error(c, 400, "ActionParameterValueError", k, ACTION, NULL);
			return -1;
		}
		return 0;
	}
	if (!strcmp(k, "MessageSeverity")) {
		if (str_param(c, v, k, t->severity, sizeof(t->severity)))
			return -1;
		if (strcmp(t->severity, "OK") && strcmp(t->severity, "Warning") &&
		    strcmp(t->severity, "Critical")) {
			rf_error(c, 400, "ActionParameterValueNotInList", t->severity, k, ACTION,
				 NULL);
			return -1;
		}
		return 0;
	}
	if (!strcmp(k, "EventGroupId")) {
		if (!json_object_is_type(v, json_type_int)) {
			rf_error(c, 400, "ActionParameterValueError", k, ACTION, NULL);
			return -1;
		}
		t->group = json_object_get_int(v);
		t->has_group = 1;
		return 0;
	}
	rf_error(c, 400, "ActionParameterUnknown", ACTION, k, NULL);
	return -1;
}

void submit_test_event(struct rf_call *c)
{
	struct test_event t = { .severity = "OK" };
	struct json_object *b;
	time_t now = time(NULL);
	struct tm tm;

	if (c->role < RF_ROLE_OPERATOR)
		return rf_error(c, 403, "InsufficientPrivilege", NULL);
	b = rf_body(c);
	if (!b)
		return;
	json_object_object_foreach(b, k, v) {
		if (param(c, k, v, &t)) {
			json_object_put(b);
			return;
		}
	}
	json_object_put(b);
	if (!t.msg_id[0])
		return rf_error(c, 400, "ActionParameterMissing", ACTION, "MessageId", NULL);
	if (!t.ts[0]) {
		gmtime_r(&now, &tm);
		strftime(t.ts, sizeof(t.ts), "%Y-%m-%dT%H:%M:%S+00:00", &tm);
	}
	events_post(test_records, &t);
	c->status = 204;
}
