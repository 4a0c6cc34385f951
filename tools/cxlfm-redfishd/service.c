// SPDX-License-Identifier: GPL-2.0
/*
 * The service's own resources: /redfish, the service root, the OData
 * service document, $metadata and the SessionService; and the dispatch of
 * a request to its handler.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "events.h"
#include "rf.h"

/* Schema versions this service follows (Documentation/redfish.md). */
#define T_SERVICE_ROOT	"#ServiceRoot.v1_20_0.ServiceRoot"
#define T_SESSION_SVC	"#SessionService.v1_2_0.SessionService"
#define T_SESSION	"#Session.v1_8_0.Session"
#define T_SESSION_COLL	"#SessionCollection.SessionCollection"

static char service_uuid[37];

/* A UUID for the service, new at each start, in the RFC 4122 form. */
static const char *uuid(void)
{
	FILE *f;

	if (service_uuid[0])
		return service_uuid;
	f = fopen("/proc/sys/kernel/random/uuid", "re");
	if (f && fgets(service_uuid, sizeof(service_uuid), f)) {
		fclose(f);
		return service_uuid;
	}
	if (f)
		fclose(f);
	snprintf(service_uuid, sizeof(service_uuid), "00000000-0000-4000-8000-000000000000");
	return service_uuid;
}

static void service_root(struct rf_call *c)
{
	struct json_object *o = jobj(T_SERVICE_ROOT, RF_ROOT "/"), *l, *pf;

	jstr(o, "Id", "RootService");
	jstr(o, "Name", "cxlfm Redfish Service");
	jstr(o, "RedfishVersion", "1.21.0");
	jstr(o, "UUID", uuid());
	jstr(o, "Vendor", "cxlfm");
	jstr(o, "Product", "cxlfm-redfishd");
	jset(o, "Fabrics", jlink(RF_ROOT "/Fabrics"));
	jset(o, "SessionService", jlink(RF_ROOT "/SessionService"));
	jset(o, "Tasks", jlink(RF_ROOT "/TaskService"));
	jset(o, "EventService", jlink(RF_ROOT "/EventService"));
	jset(o, "Registries", jlink(RF_ROOT "/Registries"));
	l = json_object_new_object();
	jset(l, "Sessions", jlink(RF_ROOT "/SessionService/Sessions"));
	jset(o, "Links", l);
	pf = json_object_new_object();
	jset(pf, "FilterQuery", json_object_new_boolean(0));
	jset(pf, "SelectQuery", json_object_new_boolean(0));
	jset(pf, "OnlyMemberQuery", json_object_new_boolean(0));
	jset(pf, "ExcerptQuery", json_object_new_boolean(0));
	jset(o, "ProtocolFeaturesSupported", pf);
	rf_ok(c, 200, o);
}

/* The OData service document: the service root's top-level resources. */
static void odata(struct rf_call *c)
{
	static const char *const names[][2] = {
		{ "Service", RF_ROOT "/" },
		{ "Fabrics", RF_ROOT "/Fabrics" },
		{ "SessionService", RF_ROOT "/SessionService" },
		{ "Sessions", RF_ROOT "/SessionService/Sessions" },
		{ "TaskService", RF_ROOT "/TaskService" },
		{ "EventService", RF_ROOT "/EventService" },
		{ "Registries", RF_ROOT "/Registries" },
	};
	struct json_object *o = json_object_new_object(), *v = json_object_new_array(), *e;
	unsigned int i;

	jstr(o, "@odata.context", RF_ROOT "/$metadata");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		e = json_object_new_object();
		jstr(e, "name", names[i][0]);
		jstr(e, "kind", "Singleton");
		jstr(e, "url", names[i][1]);
		json_object_array_add(v, e);
	}
	jset(o, "value", v);
	rf_ok(c, 200, o);
}

/* CSDL: a reference to each DMTF schema the service serves. */
static const char metadata[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n"
#define REF(ns, ver) \
	"  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/v1/" ns "_v" ver ".xml\">\n" \
	"    <edmx:Include Namespace=\"" ns "\"/>\n" \
	"    <edmx:Include Namespace=\"" ns ".v" ver "\"/>\n" \
	"  </edmx:Reference>\n"
#define REFC(ns) \
	"  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/v1/" ns "_v1.xml\">\n" \
	"    <edmx:Include Namespace=\"" ns "\"/>\n" \
	"  </edmx:Reference>\n"
	REF("ServiceRoot", "1_20_0")
	REF("Fabric", "1_4_0") REFC("FabricCollection")
	REF("Switch", "1_11_0") REFC("SwitchCollection")
	REF("Port", "1_18_0") REFC("PortCollection")
	REF("Endpoint", "1_8_2") REFC("EndpointCollection")
	REF("Connection", "1_4_0") REFC("ConnectionCollection")
	REF("VirtualCXLSwitch", "1_0_0") REFC("VirtualCXLSwitchCollection")
	REF("VirtualPCI2PCIBridge", "1_0_0") REFC("VirtualPCI2PCIBridgeCollection")
	REF("SessionService", "1_2_0")
	REF("Session", "1_8_0") REFC("SessionCollection")
	REF("TaskService", "1_3_0")
	REF("Task", "1_7_4") REFC("TaskCollection")
	REF("EventService", "1_12_0") REF("Event", "1_13_0")
	REF("EventDestination", "1_16_0") REFC("EventDestinationCollection")
	REF("MessageRegistryFile", "1_1_5") REFC("MessageRegistryFileCollection")
	"  <edmx:DataServices>\n"
	"    <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"Service\">\n"
	"      <EntityContainer Name=\"Service\" Extends=\"ServiceRoot.v1_20_0.ServiceContainer\"/>\n"
	"    </Schema>\n"
	"  </edmx:DataServices>\n"
	"</edmx:Edmx>\n";

static void fmt_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
}

static struct json_object *session_json(const struct rf_session *s)
{
	struct json_object *o = jobj(T_SESSION, RF_ROOT "/SessionService/Sessions/%u", s->id);
	char buf[40];

	snprintf(buf, sizeof(buf), "%u", s->id);
	jstr(o, "Id", buf);
	jstr(o, "Name", "User Session");
	jstr(o, "UserName", s->user);
	jstr(o, "SessionType", "Redfish");
	fmt_time(s->created, buf, sizeof(buf));
	jstr(o, "CreatedTime", buf);
	/* The password and the token are never shown. */
	jset(o, "Password", NULL);
	jset(o, "Token", NULL);
	return o;
}

/* POST .../Sessions: {"UserName", "Password"} in, X-Auth-Token out. */
static void login(struct rf_call *c)
{
	struct json_object *b = rf_body(c), *u, *p;
	struct rf_session *s;
	enum rf_role role;

	if (!b)
		return;
	json_object_object_foreach(b, k, v) {
		(void)v;
		if (strcmp(k, "UserName") && strcmp(k, "Password") && strcmp(k, "Context")) {
			rf_error(c, 400, "PropertyUnknown", k, NULL);
			goto out;
		}
	}
	if (!json_object_object_get_ex(b, "UserName", &u)) {
		rf_error(c, 400, "CreateFailedMissingReqProperties", "UserName", NULL);
		goto out;
	}
	if (!json_object_object_get_ex(b, "Password", &p)) {
		rf_error(c, 400, "CreateFailedMissingReqProperties", "Password", NULL);
		goto out;
	}
	if (!json_object_is_type(u, json_type_string)) {
		rf_error(c, 400, "PropertyValueTypeError", json_object_to_json_string(u), "UserName", NULL);
		goto out;
	}
	if (!json_object_is_type(p, json_type_string)) {
		rf_error(c, 400, "PropertyValueTypeError", "<hidden>", "Password", NULL);
		goto out;
	}
	role = strlen(json_object_get_string(u)) < RF_NAME_MAX ?
	       auth_check(json_object_get_string(u), json_object_get_string(p)) : RF_ROLE_NONE;
	if (!role) {
		rf_error(c, 401, "NoValidSession", NULL);
		goto out;
	}
	s = session_new(json_object_get_string(u), role);
	if (!s) {
		rf_error(c, 503, "ResourceExhaustion", RF_ROOT "/SessionService/Sessions", NULL);
		goto out;
	}
	snprintf(c->token, sizeof(c->token), "%s", s->token);
	snprintf(c->location, sizeof(c->location), RF_ROOT "/SessionService/Sessions/%u", s->id);
	rf_ok(c, 201, session_json(s));
out:
	json_object_put(b);
}

/* SessionService, Sessions, Sessions/{id} */
void svc_sessions(struct rf_call *c)
{
	struct rf_session *s;
	unsigned int i = 0;
	long id;

	if (c->nsegs == 1) {
		struct json_object *o;

		if (strcmp(c->method, "GET"))
			return rf_method(c, "GET");
		o = jobj(T_SESSION_SVC, RF_ROOT "/SessionService");
		jstr(o, "Id", "SessionService");
		jstr(o, "Name", "Session Service");
		jset(o, "ServiceEnabled", json_object_new_boolean(1));
		jint(o, "SessionTimeout", session_timeout);
		jset(o, "Status", jstatus("Enabled", "OK"));
		jset(o, "Sessions", jlink(RF_ROOT "/SessionService/Sessions"));
		return rf_ok(c, 200, o);
	}
	if (strcmp(c->segs[1], "Sessions"))
		return rf_not_found(c);
	if (c->nsegs == 2) {
		struct json_object *o;

		if (!strcmp(c->method, "POST"))
			return login(c);
		if (strcmp(c->method, "GET"))
			return rf_method(c, "GET, POST");
		o = jcoll(T_SESSION_COLL, "Session Collection", RF_ROOT "/SessionService/Sessions");
		/* Others' sessions are an Administrator's to see. */
		while ((s = session_next(&i)))
			if (c->role == RF_ROLE_ADMIN || (c->user && !strcmp(s->user, c->user)))
				jmember(o, RF_ROOT "/SessionService/Sessions/%u", s->id);
		return rf_ok(c, 200, o);
	}
	if (c->nsegs != 3)
		return rf_not_found(c);
	id = rf_id_num(c->segs[2], UINT32_MAX);
	s = id < 0 ? NULL : session_by_id(id);
	if (!s || (c->role != RF_ROLE_ADMIN && (!c->user || strcmp(s->user, c->user))))
		return rf_not_found(c);
	if (!strcmp(c->method, "GET"))
		return rf_ok(c, 200, session_json(s));
	if (!strcmp(c->method, "DELETE")) {
		session_end(s);
		return rf_ok(c, 204, NULL);
	}
	rf_method(c, "GET, DELETE");
}

void svc_service(struct rf_call *c)
{
	if (strcmp(c->method, "GET"))
		return rf_method(c, "GET");
	if (!strcmp(c->path, "/redfish")) {
		struct json_object *o = json_object_new_object();

		jstr(o, "v1", RF_ROOT "/");
		return rf_ok(c, 200, o);
	}
	if (!c->nsegs)
		return service_root(c);
	if (!strcmp(c->segs[0], "odata"))
		return odata(c);
	c->text = metadata;
	c->content_type = "application/xml";
	c->status = 200;
}

void rf_dispatch(struct rf_call *c)
{
	if (!strcmp(c->path, "/redfish") || !strcmp(c->path, RF_ROOT) ||
	    !strcmp(c->path, RF_ROOT "/odata") || !strcmp(c->path, RF_ROOT "/$metadata"))
		return svc_service(c);
	if (strncmp(c->path, RF_ROOT "/", strlen(RF_ROOT) + 1) || !c->nsegs)
		return rf_not_found(c);
	if (!strcmp(c->segs[0], "SessionService"))
		return svc_sessions(c);
	if (!strcmp(c->segs[0], "TaskService"))
		return svc_tasks(c);
	if (!strcmp(c->segs[0], "Fabrics"))
		return fab_fabrics(c);
	if (!strcmp(c->segs[0], "EventService"))
		return svc_events(c);
	if (!strcmp(c->segs[0], "Registries"))
		return svc_registries(c);
	rf_not_found(c);
}
