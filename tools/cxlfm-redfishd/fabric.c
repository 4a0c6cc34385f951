// SPDX-License-Identifier: GPL-2.0
/*
 * The fabric resources: one Fabric (FabricType CXL) per switch CCI, its
 * Switch, Ports, VCSs and vPPBs, Endpoints and Connections.  Every request
 * reads what it shows from the switch through the broker; nothing is kept
 * between requests.
 *
 *   /redfish/v1/Fabrics/CXL<cci>
 *     Switches/Switch<cci>[/Ports/<port>[/Actions/Port.Reset]]
 *     Switches/Switch<cci>/VCSs/<vcs>[/VPPBs/<vppb>]
 *     Endpoints/H<vcs>          the host above a VCS (initiator)
 *     Endpoints/D<port>         the device on a downstream port (target)
 *     Endpoints/D<port>-LD<ld>  a logical device of an MLD (target)
 *     Connections/VCS<vcs>-vPPB<vppb>   a bound vPPB
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf.h"

#define T_FABRIC	"#Fabric.v1_4_0.Fabric"
#define T_FABRIC_COLL	"#FabricCollection.FabricCollection"
#define T_SWITCH	"#Switch.v1_11_0.Switch"
#define T_SWITCH_COLL	"#SwitchCollection.SwitchCollection"
#define T_PORT		"#Port.v1_18_0.Port"
#define T_PORT_COLL	"#PortCollection.PortCollection"
#define T_VCS		"#VirtualCXLSwitch.v1_0_0.VirtualCXLSwitch"
#define T_VCS_COLL	"#VirtualCXLSwitchCollection.VirtualCXLSwitchCollection"
#define T_VPPB		"#VirtualPCI2PCIBridge.v1_0_0.VirtualPCI2PCIBridge"
#define T_VPPB_COLL	"#VirtualPCI2PCIBridgeCollection.VirtualPCI2PCIBridgeCollection"
#define T_EP		"#Endpoint.v1_8_2.Endpoint"
#define T_EP_COLL	"#EndpointCollection.EndpointCollection"
#define T_CONN		"#Connection.v1_4_0.Connection"
#define T_CONN_COLL	"#ConnectionCollection.ConnectionCollection"

/* What one request read of one switch. */
struct fab {
	unsigned int cci;
	char uri[64];				/* the Fabric's URI */
	struct cxlfm_cci_info info;
	struct cxlfm_fm_identify_switch_rsp id;
	struct cxlfm_fm_port_info ports[RF_MAX_PORTS];
	unsigned int nr_ports;
	struct rf_vcs_set vcs;
};

static struct fab fab;	/* one request at a time (http.c) */

/* Redfish names of the FM-API's enumerations (Port.v1_18_0, VirtualPCI2PCIBridge.v1_0_0) */
static const char *const config_states[] = {
	"Disabled", "BindInProgress", "UnbindInProgress", "DSP", "USP", "FabricLink",
};
static const char *const dev_modes[] = {
	"Disconnected", "RCD", "CXL68BFlitAndVH", "Standard256BFlit",
	"CXLLatencyOptimized256BFlit", "PBR",
};
static const char *const dev_types[] = {
	"None", "PCIeDevice", "Type1", "Type2", "Type3SLD", "Type3MLD", "PBRComponent",
};
static const char *const vppb_states[] = {
	"Unbound", "Busy", "BoundPhysicalPort", "BoundLD", "BoundPID",
};
#define NAME(tab, v) ((v) < sizeof(tab) / sizeof(tab[0]) ? tab[v] : NULL)

/* Link speed encoding of Get Physical Port State, in GT/s per lane. */
static double gts(unsigned int code)
{
	static const double v[] = { 0, 2.5, 5, 8, 16, 32, 64 };

	return code < sizeof(v) / sizeof(v[0]) ? v[code] : 0;
}

const void *rf_broker(struct rf_call *c, struct rf_req *req, struct rf_rsp *rsp)
{
	static union {
		struct rf_rsp h;
		uint64_t align;
		unsigned char b[RF_RSP_MAX];
	} buf;
	const void *p;

	req->magic = RF_PROTO_MAGIC;
	req->role = c->role;
	p = broker_call(broker_fd, req, rsp, buf.b);
	if (!p)
		rf_error(c, 500, "InternalError", NULL);
	return p;
}

/* One read from the broker into @dst; 0, or the error answered. */
static int read_op(struct rf_call *c, unsigned int op, void *dst, size_t max,
		   unsigned int *nr)
{
	struct rf_req req = { .op = op, .cci = fab.cci };
	struct rf_rsp rsp;
	const void *p = rf_broker(c, &req, &rsp);

	if (!p)
		return -EIO;
	/*
	 * A switch that lacks the command (QEMU 10.0's has no Get Virtual
	 * CXL Switch Info; some have no Get Physical Port State) has none
	 * of what it would list: empty collections, so that what the
	 * switch does answer is still shown.
	 */
	if (rsp.err == -EOPNOTSUPP && (op == RF_OP_PORTS || op == RF_OP_VCS)) {
		memset(dst, 0, max);
		if (nr)
			*nr = 0;
		return 0;
	}
	if (rsp.err) {
		rf_errno(c, &rsp, rsp.err);
		return rsp.err;
	}
	memcpy(dst, p, rsp.len < max ? rsp.len : max);
	if (nr)
		*nr = rsp.nr;
	return 0;
}

/* "CXL<n>" names a switch CCI of the list; fills fab.info. */
static int find_fabric(struct rf_call *c, const char *name)
{
	static struct cxlfm_cci_info list[RF_MAX_CCIS];
	unsigned int n, i;
	long id;

	if (strncmp(name, "CXL", 3))
		return -ENOENT;
	id = rf_id_num(name + 3, UINT32_MAX);
	if (id < 0)
		return -ENOENT;
	fab.cci = id;
	if (read_op(c, RF_OP_LIST, list, sizeof(list), &n))
		return -EIO;
	for (i = 0; i < n; i++)
		if (list[i].id == id) {
			fab.info = list[i];
			snprintf(fab.uri, sizeof(fab.uri), RF_ROOT "/Fabrics/CXL%ld", id);
			return 0;
		}
	return -ENOENT;
}

static int read_ports(struct rf_call *c)
{
	return read_op(c, RF_OP_PORTS, fab.ports, sizeof(fab.ports), &fab.nr_ports);
}

static int read_vcs(struct rf_call *c)
{
	unsigned int i;

	if (read_op(c, RF_OP_VCS, &fab.vcs, sizeof(fab.vcs), NULL))
		return -EIO;
	/* Every VCS's entries must lie inside the list received. */
	for (i = 0; i < fab.vcs.nr_vcs; i++)
		if (fab.vcs.vcs[i].vppb_first > fab.vcs.nr_vppbs ||
		    fab.vcs.vcs[i].nr_vppb_entries > fab.vcs.nr_vppbs - fab.vcs.vcs[i].vppb_first) {
			rf_error(c, 500, "InternalError", NULL);
			return -EIO;
		}
	return 0;
}

static const struct cxlfm_fm_port_info *port_of(unsigned int id)
{
	unsigned int i;

	for (i = 0; i < fab.nr_ports; i++)
		if (fab.ports[i].port_id == id)
			return &fab.ports[i];
	return NULL;
}

static const struct cxlfm_fm_vcs_info *vcs_of(unsigned int id)
{
	unsigned int i;

	for (i = 0; i < fab.vcs.nr_vcs; i++)
		if (fab.vcs.vcs[i].vcs_id == id)
			return &fab.vcs.vcs[i];
	return NULL;
}

static const struct cxlfm_fm_vppb_info *vppb_of(const struct cxlfm_fm_vcs_info *v,
						unsigned int b)
{
	return b < v->nr_vppb_entries ? &fab.vcs.vppbs[v->vppb_first + b] : NULL;
}

static bool vppb_bound(const struct cxlfm_fm_vppb_info *b)
{
	return b->binding_status == CXLFM_FM_VPPB_BOUND_PORT ||
	       b->binding_status == CXLFM_FM_VPPB_BOUND_LD;
}

/* A device is there when the port is a DSP and something is connected. */
static bool has_device(const struct cxlfm_fm_port_info *p)
{
	return p->config_state == CXLFM_FM_PORT_DSP && p->conn_dev_type != CXLFM_FM_DEV_TYPE_NONE;
}

static unsigned int ld_count(const struct cxlfm_fm_port_info *p)
{
	return p->conn_dev_type == CXLFM_FM_DEV_TYPE_CXL_T3_MLD ? p->supported_ld_count : 0;
}

/* ---- Fabric, Switch ---------------------------------------------------- */

static void fabric_get(struct rf_call *c)
{
	struct json_object *o = jobj(T_FABRIC, "%s", fab.uri);
	char buf[32];

	snprintf(buf, sizeof(buf), "CXL%u", fab.cci);
	jstr(o, "Id", buf);
	snprintf(buf, sizeof(buf), "CXL fabric of switch %u", fab.cci);
	jstr(o, "Name", buf);
	jstr(o, "FabricType", "CXL");
	jset(o, "Status", jstatus("Enabled", "OK"));
	jset(o, "Switches", jlink("%s/Switches", fab.uri));
	jset(o, "Endpoints", jlink("%s/Endpoints", fab.uri));
	jset(o, "Connections", jlink("%s/Connections", fab.uri));
	rf_ok(c, 200, o);
}

static void switch_get(struct rf_call *c)
{
	struct json_object *o = jobj(T_SWITCH, "%s/Switches/Switch%u", fab.uri, fab.cci);
	struct json_object *cxl, *proto, *acts;
	char buf[64];

	if (read_op(c, RF_OP_IDENTIFY, &fab.id, sizeof(fab.id), NULL)) {
		json_object_put(o);
		return;
	}
	snprintf(buf, sizeof(buf), "Switch%u", fab.cci);
	jstr(o, "Id", buf);
	snprintf(buf, sizeof(buf), "CXL switch %u", fab.cci);
	jstr(o, "Name", buf);
	jstr(o, "SwitchType", "CXL");
	proto = json_object_new_array();
	json_object_array_add(proto, json_object_new_string("CXL"));
	jset(o, "SupportedProtocols", proto);
	jset(o, "Enabled", json_object_new_boolean(1));
	jset(o, "Status", jstatus("Enabled", "OK"));
	if (fab.info.has_identity) {
		snprintf(buf, sizeof(buf), "%04x:%04x", fab.info.vendor, fab.info.device);
		jstr(o, "Model", buf);
		snprintf(buf, sizeof(buf), "%016llx", (unsigned long long)fab.info.serial);
		jstr(o, "SerialNumber", buf);
	}
	jset(o, "Ports", jlink("%s/Switches/Switch%u/Ports", fab.uri, fab.cci));
	cxl = json_object_new_object();
	jint(cxl, "MaxVCSsSupported", fab.id.num_vcs);
	jint(cxl, "TotalNumbervPPBs", fab.id.num_vppbs);
	jint(cxl, "NumberOfBoundvPPBs", fab.id.num_bound_vppbs);
	jset(cxl, "VirtualCXLSwitches", jlink("%s/Switches/Switch%u/VCSs", fab.uri, fab.cci));
	jset(o, "CXL", cxl);
	/* The FM-API has no command that resets a whole switch: no #Switch.Reset. */
	acts = json_object_new_object();
	jset(o, "Actions", acts);
	rf_ok(c, 200, o);
}

/* ---- Ports ------------------------------------------------------------- */

static const char *link_status(const struct cxlfm_fm_port_info *p)
{
	switch (p->ltssm_state) {
	case CXLFM_FM_LTSSM_L0:
	case CXLFM_FM_LTSSM_L0S:
	case CXLFM_FM_LTSSM_L1:
		return "LinkUp";
	case CXLFM_FM_LTSSM_POLLING:
	case CXLFM_FM_LTSSM_CONFIGURATION:
	case CXLFM_FM_LTSSM_RECOVERY:
	case CXLFM_FM_LTSSM_HOT_RESET:
	case CXLFM_FM_LTSSM_LOOPBACK:
		return "Training";
	case CXLFM_FM_LTSSM_DETECT:
		return p->conn_dev_type == CXLFM_FM_DEV_TYPE_NONE ? "NoLink" : "LinkDown";
	}
	return "LinkDown";
}

static const char *port_type(const struct cxlfm_fm_port_info *p)
{
	switch (p->config_state) {
	case CXLFM_FM_PORT_USP: return "UpstreamPort";
	case CXLFM_FM_PORT_DSP: return "DownstreamPort";
	case CXLFM_FM_PORT_FABRIC: return "InterswitchPort";
	}
	return "UnconfiguredPort";
}

static void add_str(struct json_object *o, const char *k, const char *v)
{
	jset(o, k, v ? json_object_new_string(v) : NULL);
}

static struct json_object *port_json(const struct cxlfm_fm_port_info *p)
{
	struct json_object *o = jobj(T_PORT, "%s/Switches/Switch%u/Ports/%u", fab.uri, fab.cci,
				     p->port_id);
	struct json_object *cxl, *modes, *links, *eps, *acts, *reset, *vals;
	char buf[128];
	unsigned int i;

	snprintf(buf, sizeof(buf), "%u", p->port_id);
	jstr(o, "Id", buf);
	jstr(o, "PortId", buf);
	snprintf(buf, sizeof(buf), "Port %u", p->port_id);
	jstr(o, "Name", buf);
	jstr(o, "PortProtocol", "CXL");
	jstr(o, "PortType", port_type(p));
	jstr(o, "PortMedium", "Electrical");
	jstr(o, "LinkNetworkTechnology", "PCIe");
	jint(o, "Width", p->max_link_width);
	jint(o, "ActiveWidth", p->neg_link_width);
	jint(o, "FirstLane", p->first_lane);
	/* Signalling rate of all active lanes: GT/s per lane times the width. */
	jset(o, "CurrentSpeedGbps", json_object_new_double(gts(p->cur_link_speed) * p->neg_link_width));
	jset(o, "MaxSpeedGbps", json_object_new_double(gts(p->max_link_speed) * p->max_link_width));
	jstr(o, "LinkState", p->config_state == CXLFM_FM_PORT_DISABLED ? "Disabled" : "Enabled");
	jstr(o, "LinkStatus", link_status(p));
	jset(o, "InterfaceEnabled", json_object_new_boolean(p->config_state != CXLFM_FM_PORT_DISABLED));
	jset(o, "Status", jstatus(p->config_state == CXLFM_FM_PORT_DISABLED ? "Disabled" : "Enabled",
				  "OK"));
	cxl = json_object_new_object();
	add_str(cxl, "CurrentPortConfigurationState", p->config_state == CXLFM_FM_PORT_INVALID_ID ?
		"Reserved" : NAME(config_states, p->config_state));
	add_str(cxl, "ConnectedDeviceMode", NAME(dev_modes, p->conn_dev_mode));
	add_str(cxl, "ConnectedDeviceType", NAME(dev_types, p->conn_dev_type));
	jint(cxl, "MaxLogicalDeviceCount", p->supported_ld_count);
	modes = json_object_new_array();
	for (i = 0; i < 5; i++)
		if (p->supported_cxl_modes & (1u << i))
			json_object_array_add(modes, json_object_new_string(dev_modes[i + 1]));
	jset(cxl, "SupportedCXLModes", modes);
	jset(o, "CXL", cxl);
	links = json_object_new_object();
	eps = json_object_new_array();
	if (has_device(p))
		json_object_array_add(eps, jlink("%s/Endpoints/D%u", fab.uri, p->port_id));
	for (i = 0; i < fab.vcs.nr_vcs; i++)
		if (p->config_state == CXLFM_FM_PORT_USP && fab.vcs.vcs[i].usp_id == p->port_id)
			json_object_array_add(eps, jlink("%s/Endpoints/H%u", fab.uri,
							 fab.vcs.vcs[i].vcs_id));
	jint(links, "AssociatedEndpoints@odata.count", json_object_array_length(eps));
	jset(links, "AssociatedEndpoints", eps);
	jset(o, "Links", links);
	acts = json_object_new_object();
	reset = json_object_new_object();
	snprintf(buf, sizeof(buf), "%s/Switches/Switch%u/Ports/%u/Actions/Port.Reset", fab.uri,
		 fab.cci, p->port_id);
	jstr(reset, "target", buf);
	vals = json_object_new_array();
	json_object_array_add(vals, json_object_new_string("ForceRestart"));
	jset(reset, "ResetType@Redfish.AllowableValues", vals);
	jset(acts, "#Port.Reset", reset);
	jset(o, "Actions", acts);
	return o;
}

/*
 * An operation the switch may run in the background, behind a Task: 202
 * with the Task if the switch started it there, 204 once it is done.
 */
static void run_task(struct rf_call *c, const char *name, struct rf_req *req)
{
	struct rf_task *t = task_new(name, c);
	const struct rf_bg *bg;
	struct rf_rsp rsp;

	if (!t)
		return rf_error(c, 503, "ResourceExhaustion", RF_ROOT "/TaskService/Tasks", NULL);
	bg = rf_broker(c, req, &rsp);
	if (!bg || rsp.err) {
		task_free_last(t);
		if (bg)
			rf_errno(c, &rsp, rsp.err);
		return;
	}
	if (rsp.started) {
		task_started(t, bg);
		return task_accepted(c, t);
	}
	task_done(t, 200, NULL);
	rf_ok(c, 204, NULL);
}

/* POST .../Ports/<p>/Actions/Port.Reset {"ResetType": "ForceRestart"} */
static void port_reset(struct rf_call *c, unsigned int port)
{
	struct rf_req req = { .op = RF_OP_PORT_RESET, .cci = fab.cci, .port = port };
	struct json_object *b, *rt;

	if (c->body_len) {
		b = rf_body(c);
		if (!b)
			return;
		json_object_object_foreach(b, k, v) {
			(void)v;
			if (strcmp(k, "ResetType")) {
				rf_error(c, 400, "ActionParameterUnknown", "Port.Reset", k, NULL);
				json_object_put(b);
				return;
			}
		}
		if (json_object_object_get_ex(b, "ResetType", &rt) &&
		    (!json_object_is_type(rt, json_type_string) ||
		     strcmp(json_object_get_string(rt), "ForceRestart"))) {
			rf_error(c, 400, "ActionParameterValueNotInList",
				 json_object_to_json_string(rt), "ResetType", "Port.Reset", NULL);
			json_object_put(b);
			return;
		}
		json_object_put(b);
	}
	run_task(c, "Port reset", &req);
}

static void ports(struct rf_call *c)
{
	struct json_object *o;
	unsigned int i;
	int p;

	if (read_ports(c) || read_vcs(c))
		return;
	if (c->nsegs == 5) {
		if (strcmp(c->method, "GET"))
			return rf_method(c, "GET");
		o = jcoll(T_PORT_COLL, "Port Collection", "%s/Switches/Switch%u/Ports",
			  fab.uri, fab.cci);
		for (i = 0; i < fab.nr_ports; i++)
			jmember(o, "%s/Switches/Switch%u/Ports/%u", fab.uri, fab.cci,
				fab.ports[i].port_id);
		return rf_ok(c, 200, o);
	}
	p = rf_id_num(c->segs[5], 255);
	if (p < 0 || !port_of(p))
		return rf_not_found(c);
	if (c->nsegs == 6) {
		if (strcmp(c->method, "GET"))
			return rf_method(c, "GET");
		return rf_ok(c, 200, port_json(port_of(p)));
	}
	if (c->nsegs == 8 && !strcmp(c->segs[6], "Actions") && !strcmp(c->segs[7], "Port.Reset")) {
		if (strcmp(c->method, "POST"))
			return rf_method(c, "POST");
		if (c->role < RF_ROLE_OPERATOR)
			return rf_error(c, 403, "InsufficientPrivilege", NULL);
		return port_reset(c, p);
	}
	rf_not_found(c);
}

/* ---- VCSs and vPPBs ---------------------------------------------------- */

static void target_link(struct json_object *arr, const struct cxlfm_fm_vppb_info *b)
{
	if (b->binding_status == CXLFM_FM_VPPB_BOUND_LD)
		json_object_array_add(arr, jlink("%s/Endpoints/D%u-LD%u", fab.uri,
						 b->bound_port_id, b->bound_ld_id));
	else if (b->binding_status == CXLFM_FM_VPPB_BOUND_PORT)
		json_object_array_add(arr, jlink("%s/Endpoints/D%u", fab.uri, b->bound_port_id));
}

static struct json_object *vppb_json(const struct cxlfm_fm_vcs_info *v, unsigned int i)
{
	const struct cxlfm_fm_vppb_info *b = vppb_of(v, i);
	struct json_object *o = jobj(T_VPPB, "%s/Switches/Switch%u/VCSs/%u/VPPBs/%u", fab.uri,
				     fab.cci, v->vcs_id, i);
	struct json_object *links = json_object_new_object(), *eps = json_object_new_array();
	char buf[32];

	snprintf(buf, sizeof(buf), "%u", i);
	jstr(o, "Id", buf);
	jstr(o, "VPPBId", buf);
	snprintf(buf, sizeof(buf), "vPPB %u of VCS %u", i, v->vcs_id);
	jstr(o, "Name", buf);
	add_str(o, "BindingStatus", NAME(vppb_states, b->binding_status));
	if (vppb_bound(b))
		jint(o, "BoundPortId", b->bound_port_id);
	if (b->binding_status == CXLFM_FM_VPPB_BOUND_LD)
		jint(o, "BoundLDId", b->bound_ld_id);
	if (b->binding_status == CXLFM_FM_VPPB_BOUND_PID)
		jint(o, "BoundPBRId", b->bound_pid);
	jset(o, "Status", jstatus("Enabled", "OK"));
	if (vppb_bound(b) && port_of(b->bound_port_id))
		jset(links, "Port", jlink("%s/Switches/Switch%u/Ports/%u", fab.uri, fab.cci,
					  b->bound_port_id));
	target_link(eps, b);
	jint(links, "Endpoints@odata.count", json_object_array_length(eps));
	jset(links, "Endpoints", eps);
	jset(o, "Links", links);
	return o;
}

static struct json_object *vcs_json(const struct cxlfm_fm_vcs_info *v)
{
	struct json_object *o = jobj(T_VCS, "%s/Switches/Switch%u/VCSs/%u", fab.uri, fab.cci,
				     v->vcs_id);
	struct json_object *links = json_object_new_object(), *eps = json_object_new_array();
	char buf[32];

	snprintf(buf, sizeof(buf), "%u", v->vcs_id);
	jstr(o, "Id", buf);
	jstr(o, "VCSId", buf);
	snprintf(buf, sizeof(buf), "VCS %u", v->vcs_id);
	jstr(o, "Name", buf);
	jint(o, "HDMDecoders", fab.id.num_hdm_decoders);
	jset(o, "Status", jstatus(v->vcs_state == CXLFM_FM_VCS_ENABLED ? "Enabled" : "Disabled",
				  "OK"));
	jset(o, "VPPBs", jlink("%s/Switches/Switch%u/VCSs/%u/VPPBs", fab.uri, fab.cci, v->vcs_id));
	if (port_of(v->usp_id))
		jset(links, "Port", jlink("%s/Switches/Switch%u/Ports/%u", fab.uri, fab.cci,
					  v->usp_id));
	json_object_array_add(eps, jlink("%s/Endpoints/H%u", fab.uri, v->vcs_id));
	jint(links, "Endpoints@odata.count", 1);
	jset(links, "Endpoints", eps);
	jset(o, "Links", links);
	return o;
}

static void vcss(struct rf_call *c)
{
	const struct cxlfm_fm_vcs_info *v;
	struct json_object *o;
	unsigned int i;
	int n;

	if (strcmp(c->method, "GET"))
		return rf_method(c, "GET");
	if (read_op(c, RF_OP_IDENTIFY, &fab.id, sizeof(fab.id), NULL) || read_ports(c) ||
	    read_vcs(c))
		return;
	if (c->nsegs == 5) {
		o = jcoll(T_VCS_COLL, "VCS Collection", "%s/Switches/Switch%u/VCSs", fab.uri, fab.cci);
		for (i = 0; i < fab.vcs.nr_vcs; i++)
			jmember(o, "%s/Switches/Switch%u/VCSs/%u", fab.uri, fab.cci,
				fab.vcs.vcs[i].vcs_id);
		return rf_ok(c, 200, o);
	}
	n = rf_id_num(c->segs[5], 255);
	v = n < 0 ? NULL : vcs_of(n);
	if (!v)
		return rf_not_found(c);
	if (c->nsegs == 6)
		return rf_ok(c, 200, vcs_json(v));
	if (strcmp(c->segs[6], "VPPBs") || c->nsegs > 8)
		return rf_not_found(c);
	if (c->nsegs == 7) {
		o = jcoll(T_VPPB_COLL, "vPPB Collection", "%s/Switches/Switch%u/VCSs/%u/VPPBs",
			  fab.uri, fab.cci, v->vcs_id);
		for (i = 0; i < v->nr_vppb_entries; i++)
			jmember(o, "%s/Switches/Switch%u/VCSs/%u/VPPBs/%u", fab.uri, fab.cci,
				v->vcs_id, i);
		return rf_ok(c, 200, o);
	}
	n = rf_id_num(c->segs[7], 255);
	if (n < 0 || !vppb_of(v, n))
		return rf_not_found(c);
	rf_ok(c, 200, vppb_json(v, n));
}

static void switches(struct rf_call *c)
{
	char name[32];

	if (c->nsegs == 3) {
		struct json_object *o;

		if (strcmp(c->method, "GET"))
			return rf_method(c, "GET");
		o = jcoll(T_SWITCH_COLL, "Switch Collection", "%s/Switches", fab.uri);
		jmember(o, "%s/Switches/Switch%u", fab.uri, fab.cci);
		return rf_ok(c, 200, o);
	}
	snprintf(name, sizeof(name), "Switch%u", fab.cci);
	if (strcmp(c->segs[3], name))
		return rf_not_found(c);
	if (c->nsegs == 4) {
		if (strcmp(c->method, "GET"))
			return rf_method(c, "GET");
		return switch_get(c);
	}
	if (!strcmp(c->segs[4], "Ports") && c->nsegs <= 8)
		return ports(c);
	if (!strcmp(c->segs[4], "VCSs") && c->nsegs <= 8)
		return vcss(c);
	if (!strcmp(c->segs[4], "Actions") && c->nsegs == 6 && !strcmp(c->segs[5], "Switch.Reset")) {
		if (strcmp(c->method, "POST"))
			return rf_method(c, "POST");
		return rf_error(c, 400, "ActionNotSupported", "Switch.Reset", NULL);
	}
	rf_not_found(c);
}

/* ---- Endpoints ------------------------------------------------------- */

/* Parse an endpoint id: H<vcs>, D<port> or D<port>-LD<ld>. */
struct ep {
	char kind;		/* 'H' or 'D' */
	unsigned int n;		/* VCS or port */
	int ld;			/* -1: none */
};

static int ep_parse(const char *s, struct ep *e)
{
	char buf[32], *dash;
	int n, ld = -1;

	if (strlen(s) >= sizeof(buf) || (s[0] != 'H' && s[0] != 'D'))
		return -1;
	snprintf(buf, sizeof(buf), "%s", s + 1);
	dash = strchr(buf, '-');
	if (dash) {
		if (s[0] != 'D' || strncmp(dash + 1, "LD", 2))
			return -1;
		*dash = 0;
		ld = rf_id_num(dash + 3, 0xffff);
		if (ld < 0)
			return -1;
	}
	n = rf_id_num(buf, 255);
	if (n < 0)
		return -1;
	e->kind = s[0];
	e->n = n;
	e->ld = ld;
	return 0;
}

/* Whether the endpoint is there now. */
static bool ep_exists(const struct ep *e)
{
	const struct cxlfm_fm_port_info *p;

	if (e->kind == 'H')
		return vcs_of(e->n) != NULL;
	p = port_of(e->n);
	if (!p || !has_device(p))
		return false;
	return e->ld < 0 || (unsigned int)e->ld < ld_count(p);
}

/* Connections whose target is @e (or, for a host, whose VCS is @e's). */
static void ep_connections(struct json_object *arr, const struct ep *e)
{
	unsigned int i, j;

	for (i = 0; i < fab.vcs.nr_vcs; i++) {
		const struct cxlfm_fm_vcs_info *v = &fab.vcs.vcs[i];

		for (j = 0; j < v->nr_vppb_entries; j++) {
			const struct cxlfm_fm_vppb_info *b = vppb_of(v, j);
			bool mine;

			if (!vppb_bound(b))
				continue;
			if (e->kind == 'H')
				mine = v->vcs_id == e->n;
			else
				mine = b->bound_port_id == e->n &&
				       (e->ld < 0 ? b->binding_status == CXLFM_FM_VPPB_BOUND_PORT :
					b->binding_status == CXLFM_FM_VPPB_BOUND_LD &&
					b->bound_ld_id == e->ld);
			if (mine)
				json_object_array_add(arr, jlink("%s/Connections/VCS%u-vPPB%u",
								 fab.uri, v->vcs_id, j));
		}
	}
}

static struct json_object *ep_json(const struct ep *e, const char *id)
{
	struct json_object *o = jobj(T_EP, "%s/Endpoints/%s", fab.uri, id);
	struct json_object *ents = json_object_new_array(), *ent = json_object_new_object();
	struct json_object *links = json_object_new_object(), *ports = json_object_new_array();
	struct json_object *conns = json_object_new_array();
	const struct cxlfm_fm_port_info *p = NULL;
	char buf[64];
	unsigned int port;

	jstr(o, "Id", id);
	if (e->kind == 'H') {
		snprintf(buf, sizeof(buf), "Host of VCS %u", e->n);
		jstr(ent, "EntityType", "RootComplex");
		jstr(ent, "EntityRole", "Initiator");
		port = vcs_of(e->n)->usp_id;
	} else {
		p = port_of(e->n);
		if (e->ld >= 0)
			snprintf(buf, sizeof(buf), "LD %d of the device on port %u", e->ld, e->n);
		else
			snprintf(buf, sizeof(buf), "Device on port %u", e->n);
		jstr(ent, "EntityType", p->conn_dev_type == CXLFM_FM_DEV_TYPE_PCIE ?
			  "Bridge" : "CXLDevice");
		jstr(ent, "EntityRole", "Target");
		port = e->n;
	}
	jstr(o, "Name", buf);
	jstr(o, "EndpointProtocol", p && p->conn_dev_type == CXLFM_FM_DEV_TYPE_PCIE ? "PCIe" : "CXL");
	json_object_array_add(ents, ent);
	jset(o, "ConnectedEntities", ents);
	jset(o, "Status", jstatus("Enabled", "OK"));
	if (port_of(port))
		json_object_array_add(ports, jlink("%s/Switches/Switch%u/Ports/%u", fab.uri,
						   fab.cci, port));
	jint(links, "ConnectedPorts@odata.count", json_object_array_length(ports));
	jset(links, "ConnectedPorts", ports);
	ep_connections(conns, e);
	jint(links, "Connections@odata.count", json_object_array_length(conns));
	jset(links, "Connections", conns);
	jset(o, "Links", links);
	return o;
}

static void endpoints(struct rf_call *c)
{
	struct json_object *o;
	unsigned int i, l;
	struct ep e;

	if (strcmp(c->method, "GET"))
		return rf_method(c, "GET");
	if (read_ports(c) || read_vcs(c))
		return;
	if (c->nsegs == 3) {
		o = jcoll(T_EP_COLL, "Endpoint Collection", "%s/Endpoints", fab.uri);
		for (i = 0; i < fab.vcs.nr_vcs; i++)
			jmember(o, "%s/Endpoints/H%u", fab.uri, fab.vcs.vcs[i].vcs_id);
		for (i = 0; i < fab.nr_ports; i++) {
			if (!has_device(&fab.ports[i]))
				continue;
			jmember(o, "%s/Endpoints/D%u", fab.uri, fab.ports[i].port_id);
			for (l = 0; l < ld_count(&fab.ports[i]); l++)
				jmember(o, "%s/Endpoints/D%u-LD%u", fab.uri, fab.ports[i].port_id, l);
		}
		return rf_ok(c, 200, o);
	}
	if (c->nsegs != 4 || ep_parse(c->segs[3], &e) || !ep_exists(&e))
		return rf_not_found(c);
	rf_ok(c, 200, ep_json(&e, c->segs[3]));
}

/* ---- Connections --------------------------------------------------- */

static struct json_object *conn_json(const struct cxlfm_fm_vcs_info *v, unsigned int i)
{
	const struct cxlfm_fm_vppb_info *b = vppb_of(v, i);
	struct json_object *o = jobj(T_CONN, "%s/Connections/VCS%u-vPPB%u", fab.uri, v->vcs_id, i);
	struct json_object *links = json_object_new_object();
	struct json_object *ini = json_object_new_array(), *tgt = json_object_new_array();
	char buf[64];

	snprintf(buf, sizeof(buf), "VCS%u-vPPB%u", v->vcs_id, i);
	jstr(o, "Id", buf);
	snprintf(buf, sizeof(buf), "vPPB %u of VCS %u", i, v->vcs_id);
	jstr(o, "Name", buf);
	jstr(o, "ConnectionType", "Memory");
	jset(o, "Status", jstatus("Enabled", "OK"));
	json_object_array_add(ini, jlink("%s/Endpoints/H%u", fab.uri, v->vcs_id));
	target_link(tgt, b);
	jint(links, "InitiatorEndpoints@odata.count", 1);
	jset(links, "InitiatorEndpoints", ini);
	jint(links, "TargetEndpoints@odata.count", json_object_array_length(tgt));
	jset(links, "TargetEndpoints", tgt);
	jset(o, "Links", links);
	return o;
}

static int conn_parse(const char *s, unsigned int *vcs, unsigned int *vppb)
{
	char buf[32], *dash;
	int a, b;

	if (strncmp(s, "VCS", 3) || strlen(s) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%s", s + 3);
	dash = strstr(buf, "-vPPB");
	if (!dash)
		return -1;
	*dash = 0;
	a = rf_id_num(buf, 255);
	b = rf_id_num(dash + 5, 255);
	if (a < 0 || b < 0)
		return -1;
	*vcs = a;
	*vppb = b;
	return 0;
}

/* The one endpoint an array of links names, below this fabric. */
static int one_endpoint(struct rf_call *c, struct json_object *links, const char *name,
			struct ep *e)
{
	struct json_object *arr, *l, *id;
	char prop[64];
	size_t n = strlen(fab.uri);
	const char *s;

	snprintf(prop, sizeof(prop), "Links/%s", name);
	if (!json_object_object_get_ex(links, name, &arr)) {
		rf_error(c, 400, "CreateFailedMissingReqProperties", prop, NULL);
		return -1;
	}
	if (!json_object_is_type(arr, json_type_array) || json_object_array_length(arr) != 1 ||
	    !json_object_is_type(l = json_object_array_get_idx(arr, 0), json_type_object) ||
	    !json_object_object_get_ex(l, "@odata.id", &id) ||
	    !json_object_is_type(id, json_type_string)) {
		rf_error(c, 400, "PropertyValueTypeError", json_object_to_json_string(arr), prop, NULL);
		return -1;
	}
	s = json_object_get_string(id);
	if (strncmp(s, fab.uri, n) || strncmp(s + n, "/Endpoints/", 11) ||
	    ep_parse(s + n + 11, e) || !ep_exists(e)) {
		rf_error(c, 400, "PropertyValueNotInList", s, prop, NULL);
		return -1;
	}
	return 0;
}

/*
 * POST .../Connections: bind a vPPB of the initiator's VCS to the target.
 * {"Links": {"InitiatorEndpoints": [{"@odata.id": ".../Endpoints/H<vcs>"}],
 *            "TargetEndpoints": [{"@odata.id": ".../Endpoints/D<port>[-LD<ld>]"}]},
 *  "Oem": {"Cxlfm": {"VPPBId": n}}}   (optional: else the first unbound vPPB)
 */
static void conn_create(struct rf_call *c)
{
	struct json_object *b, *links, *oem, *ours, *vp;
	struct rf_req req = { .op = RF_OP_BIND, .cci = fab.cci };
	const struct cxlfm_fm_vcs_info *v;
	const struct rf_bg *bg;
	struct ep ini, tgt;
	struct rf_task *t;
	struct rf_rsp rsp;
	char uri[256];
	int vppb = -1;
	unsigned int i;

	if (c->role < RF_ROLE_OPERATOR)
		return rf_error(c, 403, "InsufficientPrivilege", NULL);
	b = rf_body(c);
	if (!b)
		return;
	json_object_object_foreach(b, k, val) {
		(void)val;
		if (strcmp(k, "Links") && strcmp(k, "Oem") && strcmp(k, "Name") &&
		    strcmp(k, "ConnectionType")) {
			rf_error(c, 400, "PropertyUnknown", k, NULL);
			goto out;
		}
	}
	if (!json_object_object_get_ex(b, "Links", &links)) {
		rf_error(c, 400, "CreateFailedMissingReqProperties", "Links", NULL);
		goto out;
	}
	if (!json_object_is_type(links, json_type_object)) {
		rf_error(c, 400, "PropertyValueTypeError", json_object_to_json_string(links), "Links", NULL);
		goto out;
	}
	if (json_object_object_get_ex(b, "ConnectionType", &vp) &&
	    (!json_object_is_type(vp, json_type_string) || strcmp(json_object_get_string(vp), "Memory"))) {
		rf_error(c, 400, "PropertyValueNotInList", json_object_to_json_string(vp), "ConnectionType", NULL);
		goto out;
	}
	/* The body is checked before the switch is asked anything. */
	if (read_ports(c) || read_vcs(c))
		goto out;
	if (one_endpoint(c, links, "InitiatorEndpoints", &ini) ||
	    one_endpoint(c, links, "TargetEndpoints", &tgt))
		goto out;
	if (ini.kind != 'H' || tgt.kind != 'D') {
		rf_error(c, 400, "PropertyValueNotInList",
			 ini.kind != 'H' ? "initiator" : "target",
			 ini.kind != 'H' ? "Links/InitiatorEndpoints" : "Links/TargetEndpoints", NULL);
		goto out;
	}
	v = vcs_of(ini.n);
	if (json_object_object_get_ex(b, "Oem", &oem) &&
	    json_object_object_get_ex(oem, "Cxlfm", &ours) &&
	    json_object_object_get_ex(ours, "VPPBId", &vp)) {
		if (!json_object_is_type(vp, json_type_int) || json_object_get_int64(vp) < 0 ||
		    json_object_get_int64(vp) >= v->nr_vppb_entries) {
			rf_error(c, 400, "PropertyValueNotInList", json_object_to_json_string(vp),
				 "Oem/Cxlfm/VPPBId", NULL);
			goto out;
		}
		vppb = json_object_get_int(vp);
		if (vppb_of(v, vppb)->binding_status != CXLFM_FM_VPPB_UNBOUND) {
			rf_error(c, 409, "ResourceInUse", NULL);
			goto out;
		}
	}
	for (i = 0; vppb < 0 && i < v->nr_vppb_entries; i++)
		if (vppb_of(v, i)->binding_status == CXLFM_FM_VPPB_UNBOUND)
			vppb = i;
	if (vppb < 0) {
		snprintf(uri, sizeof(uri), "%s/Switches/Switch%u/VCSs/%u/VPPBs", fab.uri, fab.cci,
			 v->vcs_id);
		rf_error(c, 409, "ResourceExhaustion", uri, NULL);
		goto out;
	}
	req.vcs = v->vcs_id;
	req.vppb = vppb;
	req.port = tgt.n;
	req.ld = tgt.ld < 0 ? CXLFM_FM_LD_ID_NONE : tgt.ld;
	t = task_new("Bind vPPB", c);
	if (!t) {
		rf_error(c, 503, "ResourceExhaustion", RF_ROOT "/TaskService/Tasks", NULL);
		goto out;
	}
	bg = rf_broker(c, &req, &rsp);
	if (!bg || rsp.err) {
		task_free_last(t);
		if (bg)
			rf_errno(c, &rsp, rsp.err);
		goto out;
	}
	snprintf(uri, sizeof(uri), "%s/Connections/VCS%u-vPPB%d", fab.uri, v->vcs_id, vppb);
	task_set_result(t, uri);
	if (rsp.started) {
		task_started(t, bg);
		task_accepted(c, t);
		goto out;
	}
	/* Done at once: 201 with what was created, read back from the switch. */
	task_done(t, 201, uri);
	snprintf(c->location, sizeof(c->location), "%s", uri);
	if (read_vcs(c))
		goto out;
	v = vcs_of(req.vcs);
	if (v && vppb_of(v, vppb) && vppb_bound(vppb_of(v, vppb)))
		rf_ok(c, 201, conn_json(v, vppb));
	else
		task_accepted(c, t);
out:
	json_object_put(b);
}

/* DELETE .../Connections/<id>: unbind, managed hot-remove. */
static void conn_delete(struct rf_call *c, const struct cxlfm_fm_vcs_info *v, unsigned int i)
{
	struct rf_req req = {
		.op = RF_OP_UNBIND, .cci = fab.cci, .vcs = v->vcs_id, .vppb = i,
		.option = CXLFM_FM_UNBIND_MANAGED_HOT_REMOVE,
	};

	if (c->role < RF_ROLE_OPERATOR)
		return rf_error(c, 403, "InsufficientPrivilege", NULL);
	run_task(c, "Unbind vPPB", &req);
}

static void connections(struct rf_call *c)
{
	const struct cxlfm_fm_vcs_info *v;
	unsigned int i, j, vcs, vppb;
	struct json_object *o;

	if (c->nsegs == 3 && !strcmp(c->method, "POST"))
		return conn_create(c);
	if (read_ports(c) || read_vcs(c))
		return;
	if (c->nsegs == 3) {
		if (strcmp(c->method, "GET"))
			return rf_method(c, "GET, POST");
		o = jcoll(T_CONN_COLL, "Connection Collection", "%s/Connections", fab.uri);
		for (i = 0; i < fab.vcs.nr_vcs; i++)
			for (j = 0; j < fab.vcs.vcs[i].nr_vppb_entries; j++)
				if (vppb_bound(vppb_of(&fab.vcs.vcs[i], j)))
					jmember(o, "%s/Connections/VCS%u-vPPB%u", fab.uri,
						fab.vcs.vcs[i].vcs_id, j);
		return rf_ok(c, 200, o);
	}
	if (c->nsegs != 4 || conn_parse(c->segs[3], &vcs, &vppb) || !(v = vcs_of(vcs)) ||
	    !vppb_of(v, vppb) || !vppb_bound(vppb_of(v, vppb)))
		return rf_not_found(c);
	if (!strcmp(c->method, "GET"))
		return rf_ok(c, 200, conn_json(v, vppb));
	if (!strcmp(c->method, "DELETE"))
		return conn_delete(c, v, vppb);
	rf_method(c, "GET, DELETE");
}

void fab_fabrics(struct rf_call *c)
{
	static struct cxlfm_cci_info list[RF_MAX_CCIS];
	struct json_object *o;
	unsigned int n, i;

	if (c->nsegs == 1) {
		if (strcmp(c->method, "GET"))
			return rf_method(c, "GET");
		if (read_op(c, RF_OP_LIST, list, sizeof(list), &n))
			return;
		o = jcoll(T_FABRIC_COLL, "Fabric Collection", RF_ROOT "/Fabrics");
		for (i = 0; i < n; i++)
			jmember(o, RF_ROOT "/Fabrics/CXL%u", list[i].id);
		return rf_ok(c, 200, o);
	}
	memset(&fab, 0, sizeof(fab));
	if (find_fabric(c, c->segs[1])) {
		if (!c->out)
			rf_not_found(c);
		return;
	}
	if (c->nsegs == 2) {
		if (strcmp(c->method, "GET"))
			return rf_method(c, "GET");
		return fabric_get(c);
	}
	if (!strcmp(c->segs[2], "Switches"))
		return switches(c);
	if (!strcmp(c->segs[2], "Endpoints"))
		return endpoints(c);
	if (!strcmp(c->segs[2], "Connections"))
		return connections(c);
	rf_not_found(c);
}
