// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm CLI: reading a switch's ports, VCSs and LDs, and their JSON form,
 * shared by list, port, vcs, ld and topo.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxlfm.h"

/*
 * Start reading the switch @ci, and learn what its Command Effects Log
 * lists: a switch may implement only part of the FM-API, and what it
 * lacks is left out (and said so) rather than asked for.
 */
void fabric_init(struct cxlfm_ctx *ctx, struct fabric *f,
		 const struct cxlfm_cci_info *ci)
{
	f->cci = ci->id;
	f->payload = ci->payload_size;
	f->have_id = false;
	f->nr_ports = 0;
	f->nr_vcs = 0;
	cel_read(ctx, ci->id, &f->cel, &f->nr_cel);
}

void fabric_fini(struct fabric *f)
{
	free(f->cel);
	f->cel = NULL;
	f->nr_cel = 0;
}

/*
 * The CEL of CCI @id into @cel (NULL if the kernel does not say: then
 * every command is asked for, and the kernel refuses what is not there).
 */
void cel_read(struct cxlfm_ctx *ctx, unsigned int id, uint16_t **cel,
	      size_t *nr)
{
	free(*cel);
	if (cxlfm_cci_opcodes(ctx, id, cel, nr)) {
		*cel = NULL;
		*nr = 0;
	}
}

static int cmp_u16(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

/* Whether @cel lists @op; an unknown CEL (NULL) lists everything. */
bool cel_lists(const uint16_t *cel, size_t nr, uint16_t op)
{
	return !cel || bsearch(&op, cel, nr, sizeof(*cel), cmp_u16);
}

/* The readers' commands by their names in the specification. */
static const struct {
	uint16_t op;
	const char *name;
} cmd_names[] = {
	{ CXLFM_FM_OP_GET_EVENT_RECORDS, "Get Event Records" },
	{ CXLFM_FM_OP_IDENTIFY_SWITCH, "Identify Switch Device" },
	{ CXLFM_FM_OP_GET_PHYS_PORT_STATE, "Get Physical Port State" },
	{ CXLFM_FM_OP_GET_VCS_INFO, "Get Virtual CXL Switch Info" },
	{ CXLFM_FM_OP_TUNNEL, "Tunnel Management Command" },
	{ CXLFM_FM_OP_GET_LD_INFO, "Get LD Info" },
	{ CXLFM_FM_OP_GET_LD_ALLOC, "Get LD Allocations" },
};

/*
 * What is shown in place of what @op would have read: not in the CEL
 * (@rc 0, nothing was asked), or refused as unsupported when asked.
 */
void unsupported_why(uint16_t op, int rc, char *buf, size_t len)
{
	const char *name = cxlfm_opcode_name(op) ?: "command";
	unsigned int i;

	for (i = 0; i < sizeof(cmd_names) / sizeof(cmd_names[0]); i++)
		if (cmd_names[i].op == op)
			name = cmd_names[i].name;
	snprintf(buf, len, rc ? "%s (%#06x) was refused as unsupported" :
		 "%s (%#06x) is not in the switch's Command Effects Log",
		 name, op);
}

/*
 * Why @op of the switch read into @f gave -EOPNOTSUPP: not in its CEL, or
 * refused although listed.
 */
void fabric_why(const struct fabric *f, uint16_t op, char *buf, size_t len)
{
	unsupported_why(op, cel_lists(f->cel, f->nr_cel, op) ? -EOPNOTSUPP : 0,
			buf, len);
}

/* @key of @o is null, and the object's "not_supported" says why. */
void jmissing(struct json_object *o, const char *key, const char *why)
{
	struct json_object *ns;

	json_object_object_add(o, key, NULL);
	if (!json_object_object_get_ex(o, "not_supported", &ns)) {
		ns = json_object_new_object();
		json_object_object_add(o, "not_supported", ns);
	}
	jstr(ns, key, why);
}

/* Identify Switch Device, once per switch: ports and VCSs both use it. */
static int fabric_identify(struct cxlfm_ctx *ctx, struct fabric *f)
{
	const struct cxlfm_target t = CXLFM_TARGET(f->cci);
	int rc;

	if (f->have_id)
		return 0;
	rc = cxlfm_identify_switch(ctx, &t, &f->id, 0);
	f->have_id = !rc;
	return rc;
}

/*
 * Every active port.  A request names as many ports as one command's
 * response holds (CXL r3.2 §7.6.7.1.2: a 4-byte header, 16 bytes per port;
 * the count is a byte), so that the kernel sends one command for each and
 * a 256-port switch needs no reply that counts 256 ports.
 */
int fabric_ports(struct cxlfm_ctx *ctx, struct fabric *f)
{
	const struct cxlfm_target t = CXLFM_TARGET(f->cci);
	unsigned int p, n = 0, done, k, per;
	uint8_t ids[FAB_MAX_PORTS];
	int rc;

	f->nr_ports = 0;
	if (!cel_lists(f->cel, f->nr_cel, CXLFM_FM_OP_GET_PHYS_PORT_STATE))
		return -EOPNOTSUPP;
	rc = fabric_identify(ctx, f);
	if (rc)
		return rc;
	for (p = 0; p < FAB_MAX_PORTS; p++)
		if (f->id.active_ports[p / 8] & (1u << (p % 8)))
			ids[n++] = p;
	per = f->payload > 4 ? (f->payload - 4) / 16 : 0;
	if (per > 255)
		per = 255;
	if (!per)
		return -EINVAL;
	for (done = 0; done < n; done += k) {
		struct cxlfm_fm_get_phys_port_state_req req = {
			.port_ids = ids + done,
		};
		struct cxlfm_fm_get_phys_port_state_rsp rsp = {
			.ports = f->ports + f->nr_ports,
			.ports_cap = FAB_MAX_PORTS - f->nr_ports,
		};

		k = n - done < per ? n - done : per;
		req.num_ports = k;
		req.port_ids_cap = k;
		rc = cxlfm_get_phys_port_state(ctx, &t, &req, &rsp, 0);
		if (rc) {
			f->nr_ports = 0;
			return rc;
		}
		f->nr_ports += rsp.num_ports;
	}
	return 0;
}

const struct cxlfm_fm_port_info *fabric_port(const struct fabric *f,
					  unsigned int id)
{
	unsigned int i;

	for (i = 0; i < f->nr_ports; i++)
		if (f->ports[i].port_id == id)
			return &f->ports[i];
	return NULL;
}

/* Every active VCS with all its vPPBs, or only @only_vcs (>= 0). */
int fabric_vcs(struct cxlfm_ctx *ctx, struct fabric *f, int only_vcs)
{
	const struct cxlfm_target t = CXLFM_TARGET(f->cci);
	uint8_t ids[FAB_MAX_VCS];
	struct cxlfm_fm_get_vcs_info_req req = { .vcs_ids = ids,
					      .vcs_ids_cap = FAB_MAX_VCS };
	struct cxlfm_fm_get_vcs_info_rsp rsp = {
		.vcs = f->vcs, .vcs_cap = FAB_MAX_VCS,
		.vppbs = f->vppbs, .vppbs_cap = FAB_MAX_VPPBS,
	};
	unsigned int v;
	int rc;

	f->nr_vcs = 0;
	if (!cel_lists(f->cel, f->nr_cel, CXLFM_FM_OP_GET_VCS_INFO))
		return -EOPNOTSUPP;
	rc = fabric_identify(ctx, f);
	if (rc)
		return rc;
	if (only_vcs >= 0) {
		ids[req.num_vcs++] = only_vcs;
	} else {
		for (v = 0; v < FAB_MAX_VCS; v++)
			if (f->id.active_vcs[v / 8] & (1u << (v % 8)))
				ids[req.num_vcs++] = v;
		if (!req.num_vcs)
			return 0;
	}
	rc = cxlfm_get_vcs_info(ctx, &t, &req, &rsp, 0);
	if (!rc)
		f->nr_vcs = rsp.num_vcs;
	return rc;
}

/*
 * A CCI's fields as list prints them: its id is "cci", as in every object
 * that names a CCI, so that a cci-added event carries them as they are.
 */
void cci_fields(struct json_object *o, const struct cxlfm_cci_info *ci)
{
	char buf[32];

	jcci(o, ci->id);
	jstr(o, "transport", ci->transport);
	if (human) {
		snprintf(buf, sizeof(buf), "%u KiB", ci->payload_size / 1024);
		jstr(o, "payload_size", buf);
	} else {
		jint(o, "payload_size", ci->payload_size);
	}
	jint(o, "commands", ci->num_commands);
	jbool(o, "switch", ci->is_switch);
	if (ci->is_switch) {
		jint(o, "ports", ci->num_ports);
		jint(o, "vcs", ci->num_vcs);
	}
	if (ci->has_identity) {
		snprintf(buf, sizeof(buf), "%#06x", ci->vendor);
		jstr(o, "vendor", buf);
		snprintf(buf, sizeof(buf), "%#06x", ci->device);
		jstr(o, "device", buf);
		snprintf(buf, sizeof(buf), "%#llx", (unsigned long long)ci->serial);
		jstr(o, "serial", buf);
	}
}

struct json_object *cci_json(const struct cxlfm_cci_info *ci)
{
	struct json_object *o = json_object_new_object();

	cci_fields(o, ci);
	return o;
}

/* PCIe Link Speed encoding (Link Capabilities / Link Status). */
static const char *const speeds[] = {
	NULL, "2.5 GT/s", "5 GT/s", "8 GT/s", "16 GT/s", "32 GT/s", "64 GT/s",
};

void link_speed(uint8_t code, char *buf, size_t len)
{
	if (code && code < sizeof(speeds) / sizeof(speeds[0]))
		snprintf(buf, len, "%s", speeds[code]);
	else
		snprintf(buf, len, code ? "reserved_%u" : "none", code);
}

/* GT/s of each Link Speed code, times 10 (2.5 GT/s is 25) */
static const unsigned int speed_x10[] = { 0, 25, 50, 80, 160, 320, 640 };

static struct json_object *speed_value(uint8_t code)
{
	char buf[24];

	if (numeric && !human)
		return json_object_new_int(code);
	if (human) {
		link_speed(code, buf, sizeof(buf));
		return json_object_new_string(buf);
	}
	if (code >= sizeof(speed_x10) / sizeof(speed_x10[0]))
		return NULL;	/* a reserved code: -n shows it */
	if (speed_x10[code] % 10)
		return json_object_new_double(speed_x10[code] / 10.0);
	return json_object_new_int(speed_x10[code] / 10);
}

/*
 * A link speed in GT/s (a number, 0 without a link, null for a reserved
 * code); with -u as "32 GT/s"; with -n the specification's Link Speed
 * code.
 */
void jspeed(struct json_object *o, const char *key, uint8_t code)
{
	json_object_object_add(o, key, speed_value(code));
}

/* Supported Link Speeds Vector: each speed set, as jspeed() writes it. */
static void jspeeds(struct json_object *o, const char *key, uint8_t v)
{
	struct json_object *a;
	unsigned int b;

	if (numeric && !human) {
		jint(o, key, v);
		return;
	}
	a = json_object_new_array();
	for (b = 0; b < 8; b++)
		if (v & (1u << b))
			json_object_array_add(a, speed_value(b + 1));
	json_object_object_add(o, key, a);
}

void jwidth(struct json_object *o, const char *key, uint8_t w)
{
	char buf[8];

	if (!human) {
		jint(o, key, w);
		return;
	}
	snprintf(buf, sizeof(buf), "x%u", w);
	jstr(o, key, buf);
}

/* CXLFM_FM_CXL_MODE_* bits (CXL r3.2 Table 7-19 D) */
static const char *const cxl_modes[] = {
	"rcd", "68b_flit_vh", "256b_flit", "256b_flit_lo", "pbr",
};

struct json_object *port_json(const struct cxlfm_fm_port_info *p)
{
	struct json_object *o = json_object_new_object();

	jint(o, "port", p->port_id);
	jenum(o, "config_state", CXLFM_FM_ENUM_PORT_CONFIG_STATE, p->config_state);
	jenum(o, "device_type", CXLFM_FM_ENUM_CONN_DEV_TYPE, p->conn_dev_type);
	jenum(o, "device_mode", CXLFM_FM_ENUM_CONN_DEV_MODE, p->conn_dev_mode);
	jenum(o, "ltssm_state", CXLFM_FM_ENUM_LTSSM, p->ltssm_state);
	jbool(o, "present", cxlfm_fm_link_present(p->link_flags));
	jbool(o, "perst_asserted", cxlfm_fm_link_perst_asserted(p->link_flags));
	jbool(o, "lane_reversed", cxlfm_fm_link_lane_reversed(p->link_flags));
	jbool(o, "powered_off", cxlfm_fm_link_powered_off(p->link_flags));
	jwidth(o, "max_link_width", p->max_link_width);
	jwidth(o, "link_width", p->neg_link_width);
	jspeed(o, "max_link_speed", p->max_link_speed);
	jspeed(o, "link_speed", p->cur_link_speed);
	jspeeds(o, "supported_speeds", p->supported_speeds);
	jnames(o, "supported_cxl_modes", p->supported_cxl_modes, cxl_modes, 5);
	jint(o, "first_lane", p->first_lane);
	jint(o, "supported_lds", p->supported_ld_count);
	jbool(o, "gae_support", p->gae_support);
	return o;
}

struct json_object *vcs_json(const struct fabric *f,
			     const struct cxlfm_fm_vcs_info *v)
{
	struct json_object *o = json_object_new_object(), *a, *e;
	unsigned int i;

	jint(o, "vcs", v->vcs_id);
	jenum(o, "state", CXLFM_FM_ENUM_VCS_STATE, v->vcs_state);
	jint(o, "usp", v->usp_id);
	jint(o, "num_vppbs", v->num_vppbs);
	a = json_object_new_array();
	for (i = 0; i < v->nr_vppb_entries; i++) {
		const struct cxlfm_fm_vppb_info *b = &f->vppbs[v->vppb_first + i];

		e = json_object_new_object();
		jint(e, "vppb", i);
		jenum(e, "status", CXLFM_FM_ENUM_VPPB_STATUS, b->binding_status);
		if (cxlfm_fm_vppb_has_port(b->binding_status))
			jint(e, "port", b->bound_port_id);
		if (cxlfm_fm_vppb_has_ld(b->binding_status))
			jint(e, "ld", b->bound_ld_id);
		if (b->binding_status == CXLFM_FM_VPPB_BOUND_PID)
			jint(e, "pid", b->bound_pid);
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "vppbs", a);
	return o;
}

/* Memory granularity of Get LD Allocations (CXL r3.2 §7.6.7.4.2) */
static uint64_t ld_granularity(uint8_t g)
{
	return g <= 2 ? (256ULL << 20) << g : 0;
}

/*
 * LD entries per Get LD Allocations (CXL r3.2 §7.6.7.4.2: a 4-byte header,
 * 16 bytes per LD) through one tunnel level of a switch of @payload bytes:
 * the tunnel takes 4 + 12 bytes of it (§7.6.7.3.1), and the FM-owned LD's
 * own payload area, which the FM cannot know, is at least 256 bytes.
 */
static unsigned int ld_page(unsigned int payload)
{
	unsigned int inner = payload > 16 + 256 ? 256 : payload - 16;

	return (inner - 4) / 16;
}

/* An MLD's LDs (Get LD Info, Get LD Allocations) through the tunnel @t. */
int ld_json(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
	    unsigned int payload, struct json_object **out)
{
	const unsigned int per = ld_page(payload);
	struct cxlfm_fm_get_ld_info_rsp info = {};
	struct cxlfm_fm_ld_alloc allocs[CXLFM_FM_MAX_LDS];
	struct cxlfm_fm_get_ld_alloc_rsp got;
	struct cxlfm_fm_ld_list_req win;
	struct json_object *o, *a, *e;
	unsigned int i, start = 0;
	uint64_t gran = 0;
	int rc;

	rc = cxlfm_get_ld_info(ctx, t, &info, 0);
	if (rc)
		return rc;
	o = json_object_new_object();
	a = json_object_new_array();
	jsize(o, "memory_size", info.memory_size);
	jint(o, "ld_count", info.ld_count);
	/* QoS telemetry capabilities, not settings (qos get has those) */
	jbool(o, "egress_congestion_supported", info.qos_egress_cong);
	jbool(o, "temp_throughput_reduction_supported", info.qos_temp_tput_reduction);
	while (start < info.ld_count && start < CXLFM_FM_MAX_LDS) {
		win.start_ld_id = start;
		win.ld_limit = per;
		got = (struct cxlfm_fm_get_ld_alloc_rsp){ .allocs = allocs,
						       .allocs_cap = per };
		rc = cxlfm_get_ld_alloc(ctx, t, &win, &got, 0);
		if (rc)
			break;
		gran = ld_granularity(got.granularity);
		for (i = 0; i < got.list_len; i++) {
			e = json_object_new_object();
			jint(e, "ld", start + i);
			jint(e, "range1", allocs[i].range1_mult);
			jint(e, "range2", allocs[i].range2_mult);
			jsize(e, "range1_size", allocs[i].range1_mult * gran);
			jsize(e, "range2_size", allocs[i].range2_mult * gran);
			json_object_array_add(a, e);
		}
		if (!got.list_len)
			break;
		start += got.list_len;
	}
	if (rc) {
		json_object_put(o);
		json_object_put(a);
		return rc;
	}
	jsize(o, "granularity", gran);
	json_object_object_add(o, "lds", a);
	*out = o;
	return 0;
}
