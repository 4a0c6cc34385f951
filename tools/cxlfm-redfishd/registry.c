// SPDX-License-Identifier: GPL-2.0
/*
 * The message registry of our own, CXLFabric.1.0.0: one message per fabric
 * event the FM-API defines (Physical Switch, Virtual CXL Switch and MLD
 * Port event records, CXL r3.1 §7.6.8 / FMAPI-REFERENCE.md §4.4) and per
 * event cxlfm itself reports (a background command's end, a CCI added or
 * removed, a host hierarchy change, events lost).  Events that change a
 * resource also carry ResourceEvent's ResourceChanged, as Redfish clients
 * watch for it to refresh what they read.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "events.h"
#include "rf.h"

#define REG_PREFIX	"CXLFabric"
#define REG_VERSION	"1.0.0"
#define REG_ID		REG_PREFIX ".1.0"	/* MessageId prefix: major.minor */

struct reg_msg {
	const char *id;
	const char *severity;
	const char *text;
	unsigned int nargs;
	const char *description;
};

static const struct reg_msg reg[] = {
	{ "PortLinkStateChanged", "OK",
	  "The link of port %1 of switch %2 changed; its LTSSM state is %3.", 3,
	  "A Physical Switch event record: link state change." },
	{ "PortSlotStatusChanged", "OK",
	  "The PCIe Slot Status register of port %1 of switch %2 was updated.", 2,
	  "A Physical Switch event record: slot status register updated." },
	{ "VPPBBindingChanged", "OK",
	  "vPPB %1 of VCS %2 of switch %3 changed its binding status to %4.", 4,
	  "A Virtual CXL Switch event record: binding change." },
	{ "VPPBSecondaryBusReset", "Warning",
	  "vPPB %1 of VCS %2 of switch %3 was reset through its secondary bus reset.", 3,
	  "A Virtual CXL Switch event record: secondary bus reset." },
	{ "VPPBLinkControlUpdated", "OK",
	  "The Link Control register of vPPB %1 of VCS %2 of switch %3 was updated.", 3,
	  "A Virtual CXL Switch event record: Link Control register updated." },
	{ "VPPBSlotControlUpdated", "OK",
	  "The Slot Control register of vPPB %1 of VCS %2 of switch %3 was updated.", 3,
	  "A Virtual CXL Switch event record: Slot Control register updated." },
	{ "MLDPortCorrectableError", "Warning",
	  "MLD port %1 of switch %2 received ERR_COR.", 2,
	  "An MLD Port event record: correctable error message received." },
	{ "MLDPortUncorrectableError", "Critical",
	  "MLD port %1 of switch %2 received %3.", 3,
	  "An MLD Port event record: ERR_NONFATAL or ERR_FATAL received." },
	{ "EventRecord", "OK",
	  "Switch %1 logged an event record of kind %2 in its %3 log.", 3,
	  "An event record of another kind than the FM-API's three." },
	{ "EventLogOverflow", "Warning",
	  "The %1 event log of switch %2 overflowed; the switch dropped %3 records.", 3,
	  "The switch's event log overflowed." },
	{ "BackgroundCommandCompleted", "OK",
	  "Background command %1 on switch %2 completed with CXL return code %3.", 3,
	  "A background command (bind, unbind, port control) ended." },
	{ "SwitchAdded", "OK", "Switch %1 is managed by cxlfm.", 1,
	  "A switch CCI was registered with cxlfm." },
	{ "SwitchRemoved", "Warning", "Switch %1 is no longer managed by cxlfm.", 1,
	  "A switch CCI went away." },
	{ "HostHierarchyChanged", "OK",
	  "A %1 under vPPB %2 of VCS %3 of switch %4 reached this host, which %5.", 5,
	  "The in-band engine applied a fabric change to this host's PCI hierarchy." },
	{ "EventsLost", "Warning",
	  "%1 fabric events were lost; read the fabric again.", 1,
	  "Events were lost between the switch and this service." },
};

static const struct reg_msg *reg_find(const char *id)
{
	unsigned int i;

	for (i = 0; i < sizeof(reg) / sizeof(reg[0]); i++)
		if (!strcmp(reg[i].id, id))
			return &reg[i];
	return NULL;
}

static void fill_text(char *out, size_t len, const char *text, const char *const *a,
		      unsigned int n)
{
	size_t o = 0;
	const char *p;

	for (p = text; *p && o < len - 1; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9' && (unsigned int)(p[1] - '1') < n) {
			o += snprintf(out + o, len - o, "%s", a[p[1] - '1']);
			if (o >= len)
				o = len - 1;
			p++;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = 0;
}

static struct json_object *record(unsigned long id, unsigned int member, const char *msg_id,
				  const char *severity, const char *text,
				  const char *const *args, unsigned int n, const char *origin)
{
	struct json_object *r = json_object_new_object(), *a = json_object_new_array();
	char buf[512], ts[40];
	struct tm tm;
	time_t now = time(NULL);
	unsigned int i;

	snprintf(buf, sizeof(buf), "%u", member);
	jstr(r, "MemberId", buf);
	snprintf(buf, sizeof(buf), "%lu", id);
	jstr(r, "EventId", buf);
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S+00:00", &tm);
	jstr(r, "EventTimestamp", ts);
	jstr(r, "MessageId", msg_id);
	fill_text(buf, sizeof(buf), text, args, n);
	jstr(r, "Message", buf);
	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(args[i]));
	jset(r, "MessageArgs", a);
	jstr(r, "MessageSeverity", severity);
	jset(r, "OriginOfCondition", jlink("%s", origin));
	return r;
}

static void add(struct json_object *arr, unsigned long id, const char *name,
		const char *const *args, const char *origin)
{
	const struct reg_msg *m = reg_find(name);
	char mid[96];

	snprintf(mid, sizeof(mid), REG_ID ".%s", m->id);
	json_object_array_add(arr, record(id, json_object_array_length(arr), mid, m->severity,
					  m->text, args, m->nargs, origin));
}

/* ResourceEvent.1.4 ResourceChanged (DMTF): no arguments, severity OK. */
static void changed(struct json_object *arr, unsigned long id, const char *origin)
{
	json_object_array_add(arr, record(id, json_object_array_length(arr),
					  "ResourceEvent.1.4.ResourceChanged", "OK",
					  "One or more resource properties have changed.",
					  NULL, 0, origin));
}

static const char *const logs[] = { "Informational", "Warning", "Failure", "Fatal" };

static const char *ltssm_name(unsigned int s)
{
	static const char *const n[] = {
		"Detect", "Polling", "Configuration", "Recovery", "L0", "L0s", "L1", "L2",
		"Disabled", "Loopback", "Hot Reset",
	};

	return s < sizeof(n) / sizeof(n[0]) ? n[s] : "Reserved";
}

static const char *binding_name(unsigned int b)
{
	static const char *const n[] = {
		"Unbound", "Bind or unbind in progress", "Bound to a physical port",
		"Bound to an LD",
	};

	return b < sizeof(n) / sizeof(n[0]) ? n[b] : "Reserved";
}

static const char *change_name(unsigned int c)
{
	static const char *const n[] = {
		"change", "bind", "unbind", "link up", "link down", "binding change",
		"link change",
	};

	return c < sizeof(n) / sizeof(n[0]) ? n[c] : "change";
}

static const char *action_name(unsigned int a)
{
	static const char *const n[] = {
		"did nothing", "notified", "removed the devices below it",
		"rescanned below it",
	};

	return a < sizeof(n) / sizeof(n[0]) ? n[a] : "did nothing";
}

struct json_object *registry_records(const struct rf_event *e, unsigned long id)
{
	struct json_object *arr = json_object_new_array();
	char sw[16], port[8], vcs[8], vppb[8], x[64], y[64], fab[64], psw[96], uri[160];
	const char *a[5];

	snprintf(sw, sizeof(sw), "%u", e->cci);
	snprintf(port, sizeof(port), "%u", e->port);
	snprintf(vcs, sizeof(vcs), "%u", e->vcs);
	snprintf(vppb, sizeof(vppb), "%u", e->vppb);
	snprintf(fab, sizeof(fab), RF_ROOT "/Fabrics/CXL%u", e->cci);
	snprintf(psw, sizeof(psw), "%s/Switches/Switch%u", fab, e->cci);
	if (e->lost) {
		snprintf(x, sizeof(x), "%u", e->lost);
		a[0] = x;
		add(arr, id, "EventsLost", a, RF_ROOT "/Fabrics");
	}
	switch (e->type) {
	case CXLFM_EVENT_RECORD:
		if (e->kind == CXLFM_EVENT_KIND_PHYSICAL_SWITCH) {
			snprintf(uri, sizeof(uri), "%s/Ports/%u", psw, e->port);
			a[0] = port;
			a[1] = sw;
			a[2] = ltssm_name(e->ltssm);
			add(arr, id, e->ev_type == 0 ? "PortLinkStateChanged" : "PortSlotStatusChanged",
			    a, uri);
			if (e->ev_type == 0)
				changed(arr, id, uri);
		} else if (e->kind == CXLFM_EVENT_KIND_VIRTUAL_SWITCH) {
			static const char *const names[] = {
				"VPPBBindingChanged", "VPPBSecondaryBusReset",
				"VPPBLinkControlUpdated", "VPPBSlotControlUpdated",
			};

			snprintf(uri, sizeof(uri), "%s/VCSs/%u/VPPBs/%u", psw, e->vcs, e->vppb);
			a[0] = vppb;
			a[1] = vcs;
			a[2] = sw;
			a[3] = binding_name(e->binding);
			add(arr, id, e->ev_type < 4 ? names[e->ev_type] : "VPPBBindingChanged", a, uri);
			if (e->ev_type == 0) {
				changed(arr, id, uri);
				snprintf(uri, sizeof(uri), "%s/Connections", fab);
				changed(arr, id, uri);
			}
		} else if (e->kind == CXLFM_EVENT_KIND_MLD_PORT) {
			snprintf(uri, sizeof(uri), "%s/Ports/%u", psw, e->port);
			a[0] = port;
			a[1] = sw;
			a[2] = e->ev_type == 2 ? "ERR_FATAL" : "ERR_NONFATAL";
			add(arr, id, e->ev_type == 0 ? "MLDPortCorrectableError" :
				     "MLDPortUncorrectableError", a, uri);
		} else {
			snprintf(x, sizeof(x), "%u", e->kind);
			a[0] = sw;
			a[1] = x;
			a[2] = logs[e->log & 3];
			add(arr, id, "EventRecord", a, psw);
		}
		break;
	case CXLFM_EVENT_LOG_OVERFLOW:
		snprintf(x, sizeof(x), "%u", e->count);
		a[0] = logs[e->log & 3];
		a[1] = sw;
		a[2] = x;
		add(arr, id, "EventLogOverflow", a, psw);
		break;
	case CXLFM_EVENT_BG_DONE:
		snprintf(x, sizeof(x), "%04Xh", e->opcode);
		snprintf(y, sizeof(y), "%#x (%s)", e->return_code, cxlfm_rc_name(e->return_code));
		a[0] = x;
		a[1] = sw;
		a[2] = y;
		add(arr, id, "BackgroundCommandCompleted", a, psw);
		/* Bind and unbind change the Connections; Physical Port Control a port. */
		if (!e->return_code && (e->opcode == 0x5201 || e->opcode == 0x5202)) {
			snprintf(uri, sizeof(uri), "%s/Connections", fab);
			changed(arr, id, uri);
		}
		break;
	case CXLFM_EVENT_CCI_ADDED:
	case CXLFM_EVENT_CCI_REMOVED:
		a[0] = sw;
		add(arr, id, e->type == CXLFM_EVENT_CCI_ADDED ? "SwitchAdded" : "SwitchRemoved",
		    a, fab);
		changed(arr, id, RF_ROOT "/Fabrics");
		break;
	case CXLFM_EVENT_HIERARCHY:
		snprintf(uri, sizeof(uri), "%s/VCSs/%u/VPPBs/%u", psw, e->vcs, e->vppb);
		a[0] = change_name(e->change);
		a[1] = vppb;
		a[2] = vcs;
		a[3] = sw;
		a[4] = action_name(e->action);
		add(arr, id, "HostHierarchyChanged", a, uri);
		changed(arr, id, uri);
		break;
	case CXLFM_EVENT_OVERRUN:
	case CXLFM_EVENT_FAMILY_GONE:
	case CXLFM_EVENT_FAMILY_BACK:
	case CXLFM_EVENT_UNACKED:
		if (!e->lost) {
			a[0] = "An unknown number of";
			add(arr, id, "EventsLost", a, RF_ROOT "/Fabrics");
		}
		changed(arr, id, RF_ROOT "/Fabrics");
		break;
	}
	return arr;
}

/* ---- /redfish/v1/Registries ---------------------------------------------- */

static struct json_object *registry_json(void)
{
	struct json_object *o = json_object_new_object(), *msgs = json_object_new_object(), *m, *pt;
	unsigned int i, k;

	jstr(o, "@odata.type", "#MessageRegistry.v1_7_0.MessageRegistry");
	jstr(o, "Id", REG_PREFIX "." REG_VERSION);
	jstr(o, "Name", "CXL Fabric Message Registry");
	jstr(o, "Language", "en");
	jstr(o, "Description", "Events of CXL switches managed through the FM-API by cxlfm.");
	jstr(o, "RegistryPrefix", REG_PREFIX);
	jstr(o, "RegistryVersion", REG_VERSION);
	jstr(o, "OwningEntity", "cxlfm");
	for (i = 0; i < sizeof(reg) / sizeof(reg[0]); i++) {
		m = json_object_new_object();
		jstr(m, "Description", reg[i].description);
		jstr(m, "Message", reg[i].text);
		jint(m, "NumberOfArgs", reg[i].nargs);
		pt = json_object_new_array();
		for (k = 0; k < reg[i].nargs; k++)
			json_object_array_add(pt, json_object_new_string("string"));
		jset(m, "ParamTypes", pt);
		jstr(m, "MessageSeverity", reg[i].severity);
		/* deprecated, and what older clients (sushy 4.3) read */
		jstr(m, "Severity", reg[i].severity);
		jstr(m, "Resolution", "None.");
		jset(msgs, reg[i].id, m);
	}
	jset(o, "Messages", msgs);
	return o;
}

void svc_registries(struct rf_call *c)
{
	struct json_object *o, *loc, *l;

	if (strcmp(c->method, "GET"))
		return rf_method(c, "GET");
	if (c->nsegs == 1) {
		o = jcoll("#MessageRegistryFileCollection.MessageRegistryFileCollection",
			  "Message Registry File Collection", RF_ROOT "/Registries");
		jmember(o, RF_ROOT "/Registries/" REG_PREFIX);
		return rf_ok(c, 200, o);
	}
	if (strcmp(c->segs[1], REG_PREFIX))
		return rf_not_found(c);
	if (c->nsegs == 2) {
		o = jobj("#MessageRegistryFile.v1_1_5.MessageRegistryFile",
			 RF_ROOT "/Registries/" REG_PREFIX);
		jstr(o, "Id", REG_PREFIX);
		jstr(o, "Name", "CXL Fabric Message Registry File");
		jstr(o, "Registry", REG_ID);
		l = json_object_new_array();
		json_object_array_add(l, json_object_new_string("en"));
		jset(o, "Languages", l);
		loc = json_object_new_object();
		jstr(loc, "Language", "en");
		jstr(loc, "Uri", RF_ROOT "/Registries/" REG_PREFIX "/" REG_PREFIX "." REG_VERSION ".json");
		l = json_object_new_array();
		json_object_array_add(l, loc);
		jset(o, "Location", l);
		return rf_ok(c, 200, o);
	}
	if (c->nsegs == 3 && !strcmp(c->segs[2], REG_PREFIX "." REG_VERSION ".json"))
		return rf_ok(c, 200, registry_json());
	rf_not_found(c);
}
