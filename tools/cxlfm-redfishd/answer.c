// SPDX-License-Identifier: GPL-2.0
/*
 * Redfish answers: resources as JSON, and the error response of DSP0266
 * ("error" with code, message and @Message.ExtendedInfo) built from the
 * messages of the DMTF Base registry this service uses (RF_BASE_REG).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rf.h"

struct rf_msg {
	const char *id;
	const char *severity;
	const char *text;	/* %1, %2 ... as in the registry */
	const char *resolution;
};

/* Texts copied from the DMTF Base message registry (Base.1.22.x). */
static const struct rf_msg msgs[] = {
	{ "GeneralError", "Critical", "A general error has occurred.  See Resolution for information on how to resolve the error, or @Message.ExtendedInfo if Resolution is not provided.", "None." },
	{ "MalformedJSON", "Critical", "The request body submitted was malformed JSON and could not be parsed by the receiving service.", "Ensure that the request body is valid JSON and resubmit the request." },
	{ "PropertyValueTypeError", "Warning", "The value '%1' for the property %2 is not a type that the property can accept.", "Correct the value for the property in the request body and resubmit the request if the operation failed." },
	{ "PropertyValueNotInList", "Warning", "The value '%1' for the property %2 is not in the list of acceptable values.", "Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed." },
	{ "PropertyUnknown", "Warning", "The property %1 is not in the list of valid properties for the resource.", "Remove the unknown property from the request body and resubmit the request if the operation failed." },
	{ "ResourceMissingAtURI", "Critical", "The resource at the URI '%1' was not found.", "Place a valid resource at the URI or correct the URI and resubmit the request." },
	{ "InsufficientPrivilege", "Critical", "There are insufficient privileges for the account or credentials associated with the current session to perform the requested operation.", "Either abandon the operation or change the associated access rights and resubmit the request if the operation failed." },
	{ "NoValidSession", "Critical", "There is no valid session established with the implementation.", "Establish a session before attempting any operations." },
	{ "ActionNotSupported", "Critical", "The action %1 is not supported by the resource.", "Check the Actions property in the resource for the supported actions." },
	{ "ActionParameterMissing", "Critical", "The action %1 requires the parameter %2 to be present in the request body.", "Supply the action with the required parameter in the request body when the request is resubmitted." },
	{ "ActionParameterValueNotInList", "Warning", "The value '%1' for the parameter %2 in the action %3 is not in the list of acceptable values.", "Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed." },
	{ "ActionParameterUnknown", "Warning", "The action %1 was submitted with the invalid parameter %2.", "Correct the invalid action parameter and resubmit the request if the operation failed." },
	{ "OperationNotAllowed", "Critical", "The HTTP method is not allowed on this resource.", "None." },
	{ "InternalError", "Critical", "The request failed due to an internal service error.  The service is still operational.", "Resubmit the request.  If the problem persists, consider resetting the service." },
	{ "ServiceTemporarilyUnavailable", "Critical", "The service is temporarily unavailable.  Retry in %1 seconds.", "Wait for the indicated retry duration and retry the operation." },
	{ "PayloadTooLarge", "Critical", "The supplied payload exceeds the maximum size supported by the service.", "Check that the supplied payload is correct and supported by this service." },
	{ "ResourceInUse", "Warning", "The change to the requested resource failed because the resource is in use or in transition.", "Remove the condition and resubmit the request if the operation failed." },
	{ "CreateFailedMissingReqProperties", "Critical", "The create operation failed because the required property %1 was missing from the request.", "Correct the body to include the required property with a valid value and resubmit the request if the operation failed." },
	{ "ResourceExhaustion", "Critical", "The resource '%1' was unable to satisfy the request due to unavailability of resources.", "Ensure that the resources are available and resubmit the request." },
	{ "OperationFailed", "Warning", "An error occurred internal to the service as part of the overall request.  Partial results may have been returned.", "Resubmit the request.  If the problem persists, consider resetting the service or provider." },
	{ "PropertyValueFormatError", "Warning", "The value '%1' for the property %2 is not a format that the property can accept.", "Correct the value for the property in the request body and resubmit the request if the operation failed." },
	{ "EventSubscriptionLimitExceeded", "Critical", "The event subscription failed due to the number of simultaneous subscriptions exceeding the limit of the implementation.", "Reduce the number of other subscriptions before trying to establish the event subscription or increase the limit of simultaneous subscriptions, if supported." },
	{ "ActionParameterValueError", "Warning", "The value for the parameter %1 in the action %2 is invalid.", "Correct the value for the parameter in the request body and resubmit the request if the operation failed." },
};

static const struct rf_msg *msg_find(const char *id)
{
	unsigned int i;

	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (!strcmp(msgs[i].id, id))
			return &msgs[i];
	return &msgs[0];
}

/* @msg_id then as many string arguments as its text has %n, NULL-ended. */
void rf_error(struct rf_call *c, unsigned int status, const char *msg_id, ...)
{
	const struct rf_msg *m = msg_find(msg_id);
	struct json_object *err, *info, *ext, *args;
	const char *a[4] = { 0 }, *p;
	char text[1024], id[96];
	unsigned int n = 0, k;
	size_t len = 0;
	va_list ap;

	va_start(ap, msg_id);
	while (n < 4 && (a[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	args = json_object_new_array();
	for (k = 0; k < n; k++)
		json_object_array_add(args, json_object_new_string(a[k]));
	/* The registry's text with its %1..%4 replaced by the arguments. */
	for (p = m->text; *p && len < sizeof(text) - 1; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '4') {
			const char *v = a[p[1] - '1'] ? a[p[1] - '1'] : "";

			len += snprintf(text + len, sizeof(text) - len, "%s", v);
			if (len >= sizeof(text))
				len = sizeof(text) - 1;
			p++;
		} else {
			text[len++] = *p;
		}
	}
	text[len] = 0;
	snprintf(id, sizeof(id), "%s.%s", RF_BASE_REG, m->id);
	info = json_object_new_object();
	jstr(info, "@odata.type", "#Message.v1_2_1.Message");
	jstr(info, "MessageId", id);
	jstr(info, "Message", text);
	jset(info, "MessageArgs", args);
	jstr(info, "MessageSeverity", m->severity);
	jstr(info, "Severity", m->severity);
	jstr(info, "Resolution", m->resolution);
	ext = json_object_new_array();
	json_object_array_add(ext, info);
	err = json_object_new_object();
	snprintf(id, sizeof(id), "%s.%s", RF_BASE_REG, "GeneralError");
	jstr(err, "code", id);
	jstr(err, "message", msg_find("GeneralError")->text);
	jset(err, "@Message.ExtendedInfo", ext);
	json_object_put(c->out);
	c->out = json_object_new_object();
	jset(c->out, "error", err);
	c->status = status;
}

/*
 * The URI asked for, as the message's argument: bytes outside printable
 * ASCII percent-encoded again (libmicrohttpd decoded them), so that the
 * answer stays valid UTF-8 JSON whatever the client sent.
 */
void rf_not_found(struct rf_call *c)
{
	char uri[1024];
	size_t n = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)c->path; *p && n < sizeof(uri) - 4; p++) {
		if (*p < 0x20 || *p >= 0x7f || *p == '%')
			n += snprintf(uri + n, sizeof(uri) - n, "%%%02X", *p);
		else
			uri[n++] = *p;
	}
	uri[n] = 0;
	rf_error(c, 404, "ResourceMissingAtURI", uri, NULL);
}

void rf_method(struct rf_call *c, const char *allow)
{
	snprintf(c->allow, sizeof(c->allow), "%s", allow);
	rf_error(c, 405, "OperationNotAllowed", NULL);
}

/* A failed broker call as the HTTP status and message it stands for. */
void rf_errno(struct rf_call *c, const struct rf_rsp *rsp, int err)
{
	char why[160];

	switch (err) {
	case -ENODEV:
	case -ENOENT:
		rf_not_found(c);
		return;
	case -EPERM:
	case -EACCES:
		rf_error(c, 403, "InsufficientPrivilege", NULL);
		return;
	case -EBUSY:
	case -EAGAIN:
		c->retry_after = 1;
		rf_error(c, 409, "ResourceInUse", NULL);
		return;
	case -EOPNOTSUPP:
		rf_error(c, 400, "ActionNotSupported", c->path, NULL);
		return;
	}
	snprintf(why, sizeof(why), "%s (CXL return code %#x: %s)", strerror(-err),
		 rsp ? rsp->return_code : 0, cxlfm_rc_name(rsp ? rsp->return_code : 0));
	if (rsp && rsp->return_code) {
		struct json_object *ext, *oem, *ours;

		rf_error(c, 400, "OperationFailed", NULL);
		/* The device's own reason, in the message's Oem (a Message
		 * object is all that @Message.ExtendedInfo may hold). */
		ext = json_object_object_get(json_object_object_get(c->out, "error"),
					     "@Message.ExtendedInfo");
		oem = json_object_new_object();
		ours = json_object_new_object();
		jstr(ours, "Reason", why);
		jint(ours, "ReturnCode", rsp->return_code);
		jset(oem, "Cxlfm", ours);
		jset(json_object_array_get_idx(ext, 0), "Oem", oem);
		return;
	}
	rf_error(c, 500, "InternalError", NULL);
}

long rf_id_num(const char *s, unsigned long max)
{
	unsigned long v = 0;

	if (!*s || (s[0] == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return v;
}

void rf_ok(struct rf_call *c, unsigned int status, struct json_object *o)
{
	json_object_put(c->out);
	c->out = o;
	c->status = status;
}

struct json_object *rf_body(struct rf_call *c)
{
	struct json_tokener *tok;
	struct json_object *o;
	size_t end;

	if (!c->body_len) {
		rf_error(c, 400, "MalformedJSON", NULL);
		return NULL;
	}
	/* A body with a NUL in it is not JSON text. */
	if (strlen(c->body) != c->body_len) {
		rf_error(c, 400, "MalformedJSON", NULL);
		return NULL;
	}
	tok = json_tokener_new_ex(16);
	if (!tok) {
		rf_error(c, 500, "InternalError", NULL);
		return NULL;
	}
	o = json_tokener_parse_ex(tok, c->body, c->body_len);
	end = tok->char_offset;
	if (json_tokener_get_error(tok) != json_tokener_success || !o) {
		json_tokener_free(tok);
		json_object_put(o);
		rf_error(c, 400, "MalformedJSON", NULL);
		return NULL;
	}
	json_tokener_free(tok);
	while (end < c->body_len && strchr(" \t\r\n", c->body[end]))
		end++;
	if (end != c->body_len || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		rf_error(c, 400, "MalformedJSON", NULL);
		return NULL;
	}
	return o;
}

/* ---- json-c shorthands ---------------------------------------------- */

void jset(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

void jstr(struct json_object *o, const char *k, const char *v)
{
	jset(o, k, json_object_new_string(v));
}

void jint(struct json_object *o, const char *k, int64_t v)
{
	jset(o, k, json_object_new_int64(v));
}

/* A resource: @odata.id from the format, @odata.type @type. */
struct json_object *jobj(const char *type, const char *fmt_id, ...)
{
	struct json_object *o = json_object_new_object();
	char id[512];
	va_list ap;

	va_start(ap, fmt_id);
	vsnprintf(id, sizeof(id), fmt_id, ap);
	va_end(ap);
	jstr(o, "@odata.id", id);
	jstr(o, "@odata.type", type);
	return o;
}

struct json_object *jlink(const char *fmt, ...)
{
	struct json_object *o = json_object_new_object();
	char id[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(id, sizeof(id), fmt, ap);
	va_end(ap);
	jstr(o, "@odata.id", id);
	return o;
}

/* A collection with no members yet (jmember() adds them). */
struct json_object *jcoll(const char *type, const char *name, const char *fmt, ...)
{
	struct json_object *o = json_object_new_object();
	char id[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(id, sizeof(id), fmt, ap);
	va_end(ap);
	jstr(o, "@odata.id", id);
	jstr(o, "@odata.type", type);
	jstr(o, "Name", name);
	jset(o, "Members", json_object_new_array());
	jint(o, "Members@odata.count", 0);
	return o;
}

void jmember(struct json_object *coll, const char *fmt, ...)
{
	struct json_object *m = json_object_object_get(coll, "Members");
	struct json_object *l = json_object_new_object();
	char id[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(id, sizeof(id), fmt, ap);
	va_end(ap);
	jstr(l, "@odata.id", id);
	json_object_array_add(m, l);
	jint(coll, "Members@odata.count", json_object_array_length(m));
}

struct json_object *jstatus(const char *state, const char *health)
{
	struct json_object *s = json_object_new_object();

	jstr(s, "State", state);
	if (health)
		jstr(s, "Health", health);
	return s;
}
