// SPDX-License-Identifier: GPL-2.0
/*
 * The simulator fault campaign: every fault knob of cxlfm_sim that applies
 * to a command, armed for the opcode of every typed FM-API op in turn,
 * while the op runs with a valid request.  Each cell checks cxlfm's
 * reaction: the errno and CXL return code the knob calls for, an extack
 * message with every failure, no wait past the bound the knob sets, the
 * fault used by this op's command, and the CCI answering Identify after.
 * Prints the matrix of outcomes (ops x knobs) and the counts per knob.
 *
 * The ops are those of the generated uapi enum (CXLFM_FM_CMD_FIRST to
 * CXLFM_FM_CMD_LAST, fm_ops.h): an op without a request builder here fails the test, as
 * does a knob whose expectation does not cover every op.  Runs in the VM;
 * the runner fails the run on any kernel warning or sanitizer report
 * (slub_debug on 6.1, KFENCE on 6.12, KASAN on the debug leg).
 */
#include <pthread.h>

#include "kselftest_harness.h"
#include "sim_util.h"

/* The switch of fm_ops_test: an MLD with DC regions on port 9. */
#define SW	71
#define SW_SPEC	"71 ports=12 vcs=2 vppbs=4 payload=256 mld=9 lds=4 dc_regions=2 bg_ms=20"
#define MHD	72
#define MHD_SPEC "72 ports=6 vcs=1 mld=4 lds=4 heads=2"
/* Domain validation can be set once per switch: one switch per cell. */
#define DV	73
#define DV_SPEC	"73 ports=4 vcs=1 vppbs=2"
#define MLD_PORT 9
#define TUNNEL_OPCODE 0x5300

/* A timeout fault holds its command this long (the sim's timeout_ms). */
#define SHORT_TIMEOUT_MS 200
#define MBOX_TIMEOUT_MS	2000	/* CXL r3.1 8.2.8.4, the simulator's default */
#define HOLD_MS		10000	/* a command held until the CCI goes away */
#define LATENCY_MS	100
/*
 * No cell may take longer than its knob's delay plus this: far less than
 * a hang, with room for a TCG guest on a loaded host, which stalls for a
 * second or two at times.  The slowest cell of each knob is printed.
 */
#define CELL_SLACK_S	5.0

enum target { T_SW, T_MLD, T_POOL, T_DV };

struct camp {
	struct cxlfm_ctx *ctx;
	struct cxlfm_target t[4];
	uint8_t cel_uuid[16];
	uint8_t tag[16];
};

/* Op flags */
#define OP_BG		1	/* a background command: called with WAIT */
#define OP_NOT_IN_SIM	2	/* not in the simulator's CEL: refused unsent */

struct op {
	int cmd;
	uint16_t opcode;
	const char *name;
	enum target target;
	unsigned int flags;
	int (*call)(struct camp *c, unsigned int flags);
	void (*prep)(struct camp *c);	/* make the request valid again */
};

static const struct cxlfm_target *tg(struct camp *c, enum target t)
{
	return &c->t[t];
}

static int sim_of(enum target t)
{
	return t == T_POOL ? MHD : t == T_DV ? DV : SW;
}

static int sim_knob_u32(unsigned int id, const char *knob, unsigned int v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", v);
	return sim_knob(id, knob, buf);
}

/* ---- request builders, one per op ---------------------------------- */

static int do_identify(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_identify_rsp r;

	return cxlfm_identify(c->ctx, tg(c, T_SW), &r, fl);
}

static int do_bg_op_status(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_bg_op_status_rsp r;

	return cxlfm_bg_op_status(c->ctx, tg(c, T_SW), &r, fl);
}

static int do_abort_bg(struct camp *c, unsigned int fl)
{
	return cxlfm_request_abort_bg_op(c->ctx, tg(c, T_SW), fl);
}

static int do_supported_logs(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_log_entry e[8];
	struct cxlfm_fm_get_supported_logs_rsp r = { .entries = e,
						  .entries_cap = 8 };

	return cxlfm_get_supported_logs(c->ctx, tg(c, T_SW), &r, fl);
}

static int do_get_log(struct camp *c, unsigned int fl)
{
	uint8_t buf[64];
	struct cxlfm_fm_get_log_req q = { .offset = 0, .length = sizeof(buf) };
	struct cxlfm_fm_bytes r = { .data = buf, .data_cap = sizeof(buf) };

	memcpy(q.uuid, c->cel_uuid, 16);
	return cxlfm_get_log(c->ctx, tg(c, T_SW), &q, &r, fl);
}

static int do_get_log_caps(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_log_uuid q;
	struct cxlfm_fm_get_log_caps_rsp r;

	memcpy(q.uuid, c->cel_uuid, 16);
	return cxlfm_get_log_caps(c->ctx, tg(c, T_SW), &q, &r, fl);
}

static int do_identify_switch(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_identify_switch_rsp r;

	return cxlfm_identify_switch(c->ctx, tg(c, T_SW), &r, fl);
}

static int do_port_state(struct camp *c, unsigned int fl)
{
	uint8_t ids[] = { 2, 3, 9 };
	struct cxlfm_fm_port_info p[4];
	struct cxlfm_fm_get_phys_port_state_req q = {
		.num_ports = 3, .port_ids = ids, .port_ids_cap = 3,
	};
	struct cxlfm_fm_get_phys_port_state_rsp r = { .ports = p,
						   .ports_cap = 4 };

	return cxlfm_get_phys_port_state(c->ctx, tg(c, T_SW), &q, &r, fl);
}

static int do_port_control(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_phys_port_control_req q = { .ppb_id = 5, .port_op = 1 };

	return cxlfm_phys_port_control(c->ctx, tg(c, T_SW), &q, fl);
}

static int do_ppb_cfg(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_ppb_cfg_req q = { .ppb_id = 5, .first_be = 0xf };
	struct cxlfm_fm_cfg_rsp r;

	return cxlfm_send_ppb_cxlio_cfg(c->ctx, tg(c, T_SW), &q, &r, fl);
}

static int do_dv_sv_state(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_dv_sv_state r;

	return cxlfm_get_dv_sv_state(c->ctx, tg(c, T_SW), &r, fl);
}

static int do_set_dv_sv(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_dv_sv q = { .secret = { 1, 2, 3, 4, 5, 6, 7, 8 } };

	return cxlfm_set_dv_sv(c->ctx, tg(c, T_DV), &q, fl);
}

static int do_vcs_dv_sv_state(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_vcs_id q = { .vcs_id = 0 };
	struct cxlfm_fm_dv_sv_state r;

	return cxlfm_get_vcs_dv_sv_state(c->ctx, tg(c, T_SW), &q, &r, fl);
}

static int do_get_dv_sv(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_vcs_id q = { .vcs_id = 0 };
	struct cxlfm_fm_dv_sv r;

	return cxlfm_get_dv_sv(c->ctx, tg(c, T_SW), &q, &r, fl);
}

static int do_vcs_info(struct camp *c, unsigned int fl)
{
	uint8_t ids[] = { 0 };
	struct cxlfm_fm_vppb_info v[8];
	struct cxlfm_fm_vcs_info vcs[1];
	struct cxlfm_fm_get_vcs_info_req q = {
		.num_vcs = 1, .vcs_ids = ids, .vcs_ids_cap = 1,
	};
	struct cxlfm_fm_get_vcs_info_rsp r = {
		.vcs = vcs, .vcs_cap = 1, .vppbs = v, .vppbs_cap = 8,
	};

	return cxlfm_get_vcs_info(c->ctx, tg(c, T_SW), &q, &r, fl);
}

/* vPPB 1 of VCS 0 is bound to port 3 when the switch is made. */
static const struct cxlfm_fm_bind_vppb_req bind_req = {
	.vcs_id = 0, .vppb_id = 1, .port_id = 3, .ld_id = CXLFM_FM_LD_ID_NONE,
};
static const struct cxlfm_fm_unbind_vppb_req unbind_req = {
	.vcs_id = 0, .vppb_id = 1,
};

static int do_bind(struct camp *c, unsigned int fl)
{
	return cxlfm_bind_vppb(c->ctx, tg(c, T_SW), &bind_req, fl);
}

static int do_unbind(struct camp *c, unsigned int fl)
{
	return cxlfm_unbind_vppb(c->ctx, tg(c, T_SW), &unbind_req, fl);
}

/* Unbound (for a bind) or bound (for an unbind), whatever it was. */
static void prep_bind(struct camp *c)
{
	do_unbind(c, CXLFM_CALL_WAIT);
}

static void prep_unbind(struct camp *c)
{
	do_bind(c, CXLFM_CALL_WAIT);
}

static int do_aer(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_gen_aer_event_req q = { .vcs_id = 0, .vppb_instance = 0,
					     .error_bit = 4 };

	return cxlfm_gen_aer_event(c->ctx, tg(c, T_SW), &q, fl);
}

static int do_ld_cfg(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_ld_cfg_req q = { .ppb_id = MLD_PORT, .ld_id = 1,
				      .first_be = 0xf };
	struct cxlfm_fm_cfg_rsp r;

	return cxlfm_send_ld_cxlio_cfg(c->ctx, tg(c, T_SW), &q, &r, fl);
}

/* A read of 8 bytes of LD 1's BAR 0 (set up by the fixture). */
static int do_ld_mem(struct camp *c, unsigned int fl)
{
	uint8_t back[8];
	struct cxlfm_fm_ld_mem_req q = {
		.port_id = MLD_PORT, .ld_id = 1, .first_be = 0xf,
		.last_be = 0xf, .length = 8, .address = 0x10000000,
	};
	struct cxlfm_fm_ld_mem_rsp r = { .data = back, .data_cap = 8 };

	return cxlfm_send_ld_cxlio_mem(c->ctx, tg(c, T_SW), &q, &r, fl);
}

static int do_ld_info(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_get_ld_info_rsp r;

	return cxlfm_get_ld_info(c->ctx, tg(c, T_MLD), &r, fl);
}

static const struct cxlfm_fm_ld_list_req ld_win = { .start_ld_id = 0,
						 .ld_limit = 4 };

static int do_get_ld_alloc(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_ld_alloc a[4];
	struct cxlfm_fm_get_ld_alloc_rsp r = { .allocs = a, .allocs_cap = 4 };

	return cxlfm_get_ld_alloc(c->ctx, tg(c, T_MLD), &ld_win, &r, fl);
}

static int do_set_ld_alloc(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_ld_alloc a[2] = { { 1, 0 }, { 2, 0 } }, got[4];
	struct cxlfm_fm_set_ld_alloc q = {
		.num_lds = 2, .start_ld_id = 1, .allocs = a, .allocs_cap = 2,
	}, r = { .allocs = got, .allocs_cap = 4 };

	return cxlfm_set_ld_alloc(c->ctx, tg(c, T_MLD), &q, &r, fl);
}

static int do_get_qos_ctrl(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_qos_ctrl r;

	return cxlfm_get_qos_ctrl(c->ctx, tg(c, T_MLD), &r, fl);
}

static int do_set_qos_ctrl(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_qos_ctrl q = {
		.egress_cong_enable = 1, .egress_moderate_pct = 40,
		.egress_severe_pct = 80, .bp_sample_interval = 5,
		.reqcmp_basis = 300, .completion_interval = 10,
	}, r;

	return cxlfm_set_qos_ctrl(c->ctx, tg(c, T_MLD), &q, &r, fl);
}

static int do_qos_status(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_qos_status_rsp r;

	return cxlfm_get_qos_status(c->ctx, tg(c, T_MLD), &r, fl);
}

static uint8_t qos_frac[4] = { 10, 20, 30, 40 };

#define QOS_LISTS(q, r, got)						\
	uint8_t got[8];							\
	struct cxlfm_fm_qos_bw_list q = {					\
		.num_lds = 4, .start_ld_id = 0, .fractions = qos_frac,	\
		.fractions_cap = 4,					\
	}, r = { .fractions = got, .fractions_cap = 8 }

static int do_get_qos_alloc_bw(struct camp *c, unsigned int fl)
{
	QOS_LISTS(q, r, got);

	(void)q;
	return cxlfm_get_qos_alloc_bw(c->ctx, tg(c, T_MLD), &ld_win, &r, fl);
}

static int do_set_qos_alloc_bw(struct camp *c, unsigned int fl)
{
	QOS_LISTS(q, r, got);

	return cxlfm_set_qos_alloc_bw(c->ctx, tg(c, T_MLD), &q, &r, fl);
}

static int do_get_qos_bw_limit(struct camp *c, unsigned int fl)
{
	QOS_LISTS(q, r, got);

	(void)q;
	return cxlfm_get_qos_bw_limit(c->ctx, tg(c, T_MLD), &ld_win, &r, fl);
}

static int do_set_qos_bw_limit(struct camp *c, unsigned int fl)
{
	QOS_LISTS(q, r, got);

	return cxlfm_set_qos_bw_limit(c->ctx, tg(c, T_MLD), &q, &r, fl);
}

static int do_mhd_info(struct camp *c, unsigned int fl)
{
	uint8_t map[8];
	struct cxlfm_fm_get_mhd_info_req q = { .start_ld_id = 0,
					    .ld_map_limit = 8 };
	struct cxlfm_fm_get_mhd_info_rsp r = { .ld_map = map, .ld_map_cap = 8 };

	return cxlfm_get_mhd_info(c->ctx, tg(c, T_POOL), &q, &r, fl);
}

static int do_head_info(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_head_info h[4];
	struct cxlfm_fm_get_head_info_req q = { .start_head = 0, .num_heads = 2 };
	struct cxlfm_fm_get_head_info_rsp r = { .heads = h, .heads_cap = 4 };

	return cxlfm_get_head_info(c->ctx, tg(c, T_POOL), &q, &r, fl);
}

static int do_dcd_info(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_get_dcd_info_rsp r;

	return cxlfm_get_dcd_info(c->ctx, tg(c, T_MLD), &r, fl);
}

static int do_dc_region_cfg(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_dc_region reg[4];
	struct cxlfm_fm_get_host_dc_region_cfg_req q = {
		.host_id = 1, .region_count = 4, .start_region = 0,
	};
	struct cxlfm_fm_get_host_dc_region_cfg_rsp r = { .regions = reg,
						      .regions_cap = 4 };

	return cxlfm_get_host_dc_region_cfg(c->ctx, tg(c, T_MLD), &q, &r, fl);
}

/* Region 1 holds no extent, so its block size may be set again. */
static int do_set_dc_region_cfg(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_set_dc_region_cfg q = { .region_id = 1,
					     .block_size = 2 << 20 }, r;

	return cxlfm_set_dc_region_cfg(c->ctx, tg(c, T_MLD), &q, &r, fl);
}

static int do_dc_extents(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_dc_extent e[4];
	struct cxlfm_fm_get_dc_extents_req q = { .host_id = 1, .extent_count = 4 };
	struct cxlfm_fm_get_dc_extents_rsp r = { .extents = e, .extents_cap = 4 };

	return cxlfm_get_dc_region_extents(c->ctx, tg(c, T_MLD), &q, &r, fl);
}

/* 128 MiB at DPA 0, untagged; the tagged extent of the fixture is above. */
static struct cxlfm_fm_dc_extent dc_ext = { .dpa = 0, .length = 128 << 20 };

static int do_dc_add(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_dc_add_req q = {
		.host_id = 1, .policy = 2, .extent_count = 1,
		.extents = &dc_ext, .extents_cap = 1,
	};

	return cxlfm_initiate_dc_add(c->ctx, tg(c, T_MLD), &q, fl);
}

static int do_dc_release(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_dc_release_req q = {
		.host_id = 1, .policy = 1, .extent_count = 1,
		.extents = &dc_ext, .extents_cap = 1,
	};

	return cxlfm_initiate_dc_release(c->ctx, tg(c, T_MLD), &q, fl);
}

static void prep_dc_add(struct camp *c)
{
	do_dc_release(c, 0);
}

static void prep_dc_release(struct camp *c)
{
	do_dc_add(c, 0);
}

static int do_dc_add_ref(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_dc_tag q;

	memcpy(q.tag, c->tag, 16);
	return cxlfm_dc_add_reference(c->ctx, tg(c, T_MLD), &q, fl);
}

static int do_dc_remove_ref(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_dc_tag q;

	memcpy(q.tag, c->tag, 16);
	return cxlfm_dc_remove_reference(c->ctx, tg(c, T_MLD), &q, fl);
}

static void prep_dc_add_ref(struct camp *c)
{
	do_dc_remove_ref(c, 0);
}

static void prep_dc_remove_ref(struct camp *c)
{
	do_dc_add_ref(c, 0);
}

static int do_dc_list_tags(struct camp *c, unsigned int fl)
{
	struct cxlfm_fm_dc_tag_entry e[4];
	struct cxlfm_fm_dc_list_tags_req q = { .start_index = 0, .tag_count = 4 };
	struct cxlfm_fm_dc_list_tags_rsp r = { .tags = e, .tags_cap = 4 };

	return cxlfm_dc_list_tags(c->ctx, tg(c, T_MLD), &q, &r, fl);
}

static void prep_fresh_dv(struct camp *c)
{
	sim_del(DV);
	if (!sim_new(DV_SPEC)) {
		c->t[T_DV].cci = sim_cci(DV);
		sim_knob_u32(DV, "timeout_ms", SHORT_TIMEOUT_MS);
	}
}

#define OP(c, opc, tgt, fl, fn, pr) \
	{ CXLFM_CMD_##c, opc, #c, tgt, fl, fn, pr }

static const struct op ops[] = {
	OP(IDENTIFY, 0x0001, T_SW, 0, do_identify, NULL),
	OP(BG_OP_STATUS, 0x0002, T_SW, 0, do_bg_op_status, NULL),
	OP(REQUEST_ABORT_BG_OP, 0x0005, T_SW, 0, do_abort_bg, NULL),
	OP(GET_SUPPORTED_LOGS, 0x0400, T_SW, 0, do_supported_logs, NULL),
	OP(GET_LOG, 0x0401, T_SW, 0, do_get_log, NULL),
	OP(GET_LOG_CAPS, 0x0402, T_SW, OP_NOT_IN_SIM, do_get_log_caps, NULL),
	OP(IDENTIFY_SWITCH, 0x5100, T_SW, 0, do_identify_switch, NULL),
	OP(GET_PHYS_PORT_STATE, 0x5101, T_SW, 0, do_port_state, NULL),
	OP(PHYS_PORT_CONTROL, 0x5102, T_SW, 0, do_port_control, NULL),
	OP(SEND_PPB_CXLIO_CFG, 0x5103, T_SW, 0, do_ppb_cfg, NULL),
	OP(GET_DV_SV_STATE, 0x5104, T_SW, 0, do_dv_sv_state, NULL),
	OP(SET_DV_SV, 0x5105, T_DV, 0, do_set_dv_sv, prep_fresh_dv),
	OP(GET_VCS_DV_SV_STATE, 0x5106, T_SW, 0, do_vcs_dv_sv_state, NULL),
	OP(GET_DV_SV, 0x5107, T_SW, 0, do_get_dv_sv, NULL),
	OP(GET_VCS_INFO, 0x5200, T_SW, 0, do_vcs_info, NULL),
	OP(BIND_VPPB, 0x5201, T_SW, OP_BG, do_bind, prep_bind),
	OP(UNBIND_VPPB, 0x5202, T_SW, OP_BG, do_unbind, prep_unbind),
	OP(GEN_AER_EVENT, 0x5203, T_SW, 0, do_aer, NULL),
	OP(SEND_LD_CXLIO_CFG, 0x5301, T_SW, 0, do_ld_cfg, NULL),
	OP(SEND_LD_CXLIO_MEM, 0x5302, T_SW, 0, do_ld_mem, NULL),
	OP(GET_LD_INFO, 0x5400, T_MLD, 0, do_ld_info, NULL),
	OP(GET_LD_ALLOC, 0x5401, T_MLD, 0, do_get_ld_alloc, NULL),
	OP(SET_LD_ALLOC, 0x5402, T_MLD, 0, do_set_ld_alloc, NULL),
	OP(GET_QOS_CTRL, 0x5403, T_MLD, 0, do_get_qos_ctrl, NULL),
	OP(SET_QOS_CTRL, 0x5404, T_MLD, 0, do_set_qos_ctrl, NULL),
	OP(GET_QOS_STATUS, 0x5405, T_MLD, 0, do_qos_status, NULL),
	OP(GET_QOS_ALLOC_BW, 0x5406, T_MLD, 0, do_get_qos_alloc_bw, NULL),
	OP(SET_QOS_ALLOC_BW, 0x5407, T_MLD, 0, do_set_qos_alloc_bw, NULL),
	OP(GET_QOS_BW_LIMIT, 0x5408, T_MLD, 0, do_get_qos_bw_limit, NULL),
	OP(SET_QOS_BW_LIMIT, 0x5409, T_MLD, 0, do_set_qos_bw_limit, NULL),
	OP(GET_MHD_INFO, 0x5500, T_POOL, 0, do_mhd_info, NULL),
	OP(GET_HEAD_INFO, 0x5501, T_POOL, 0, do_head_info, NULL),
	OP(GET_DCD_INFO, 0x5600, T_MLD, 0, do_dcd_info, NULL),
	OP(GET_HOST_DC_REGION_CFG, 0x5601, T_MLD, 0, do_dc_region_cfg, NULL),
	OP(SET_DC_REGION_CFG, 0x5602, T_MLD, 0, do_set_dc_region_cfg, NULL),
	OP(GET_DC_REGION_EXTENTS, 0x5603, T_MLD, 0, do_dc_extents, NULL),
	OP(INITIATE_DC_ADD, 0x5604, T_MLD, 0, do_dc_add, prep_dc_add),
	OP(INITIATE_DC_RELEASE, 0x5605, T_MLD, 0, do_dc_release,
	   prep_dc_release),
	OP(DC_ADD_REFERENCE, 0x5606, T_MLD, 0, do_dc_add_ref, prep_dc_add_ref),
	OP(DC_REMOVE_REFERENCE, 0x5607, T_MLD, 0, do_dc_remove_ref,
	   prep_dc_remove_ref),
	OP(DC_LIST_TAGS, 0x5608, T_MLD, 0, do_dc_list_tags, NULL),
};

static const struct op *op_of(int cmd)
{
	unsigned int i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].cmd == cmd)
			return &ops[i];
	return NULL;
}

/* The opcode that reaches the switch's mailbox: a tunnel's is 0x5300. */
static uint16_t wire_opcode(const struct op *op)
{
	return op->target == T_MLD || op->target == T_POOL ? TUNNEL_OPCODE :
							      op->opcode;
}

/* ---- knobs ----------------------------------------------------------- */

enum knob {
	K_FAIL, K_BUSY, K_TIMEOUT, K_LATENCY, K_SHORT, K_LONG, K_COUNT,
	K_BG_HANG, K_REMOVE, NR_KNOBS
};

static const char * const knob_names[NR_KNOBS] = {
	[K_FAIL] = "fail", [K_BUSY] = "busy", [K_TIMEOUT] = "timeout",
	[K_LATENCY] = "latency", [K_SHORT] = "short", [K_LONG] = "long",
	[K_COUNT] = "count", [K_BG_HANG] = "bg_hang", [K_REMOVE] = "remove",
};

/*
 * The responses whose count or length field the "count" fault inflates
 * (sim_faults.c): those of 0x0400, 0x5101, 0x5200 and of every tunnel.
 */
static bool has_count_field(uint16_t wire)
{
	return wire == 0x0400 || wire == 0x5101 || wire == 0x5200 ||
	       wire == TUNNEL_OPCODE;
}

static bool knob_applies(enum knob k, const struct op *op)
{
	if (op->flags & OP_NOT_IN_SIM)
		return false;
	switch (k) {
	case K_COUNT:
		return has_count_field(wire_opcode(op));
	case K_BG_HANG:
		return op->flags & OP_BG;
	default:
		return true;
	}
}

#define NR_OUTCOMES 16
struct tally {
	char outcome[NR_OUTCOMES][12];
	unsigned int n[NR_OUTCOMES];
	double slowest;
};

static void count_outcome(struct tally *t, const char *o)
{
	unsigned int i;

	for (i = 0; i < NR_OUTCOMES && t->outcome[i][0]; i++)
		if (!strcmp(t->outcome[i], o))
			break;
	if (i == NR_OUTCOMES)
		return;
	snprintf(t->outcome[i], sizeof(t->outcome[i]), "%s", o);
	t->n[i]++;
}

static const char *errname(int rc)
{
	static char buf[16];

	switch (rc) {
	case 0: return "ok";
	case 1: return "bg";
	case -EIO: return "EIO";
	case -EBUSY: return "EBUSY";
	case -ETIMEDOUT: return "ETIMEDOUT";
	case -EBADMSG: return "EBADMSG";
	case -ENODEV: return "ENODEV";
	case -EINVAL: return "EINVAL";
	case -EOPNOTSUPP: return "EOPNOTSUPP";
	case -EMSGSIZE: return "EMSGSIZE";
	case -EPROTO: return "EPROTO";
	}
	snprintf(buf, sizeof(buf), "%d", rc);
	return buf;
}

FIXTURE(camp) {
	struct camp c;
};

static void refresh_ccis(struct camp *c)
{
	c->t[T_SW] = CXLFM_TARGET(sim_cci(SW));
	c->t[T_MLD] = c->t[T_SW];
	c->t[T_MLD].tunnel_port = MLD_PORT;
	c->t[T_POOL] = CXLFM_TARGET(sim_cci(MHD));
	c->t[T_POOL].tunnel_port = 4;
	c->t[T_POOL].ld_pool = true;
	c->t[T_DV] = CXLFM_TARGET(sim_cci(DV));
}

FIXTURE_SETUP(camp)
{
	struct camp *c = &self->c;
	struct cxlfm_fm_log_entry logs[4];
	struct cxlfm_fm_get_supported_logs_rsp sl = { .entries = logs,
						   .entries_cap = 4 };
	struct cxlfm_fm_ld_cfg_req bar = { .ppb_id = MLD_PORT, .ld_id = 1,
					.first_be = 0xf, .write = 1 };
	struct cxlfm_fm_dc_extent tagged = { .dpa = 512 << 20,
					  .length = 128 << 20 };
	struct cxlfm_fm_dc_add_req add = {
		.host_id = 2, .policy = 2, .extent_count = 1,
		.extents = &tagged, .extents_cap = 1,
	};
	struct cxlfm_fm_dv_sv sv = { .secret = { 9, 8, 7 } };
	struct cxlfm_fm_cfg_rsp val;

	ASSERT_NE(NULL, getenv("CXLFM_KMOD"));
	ASSERT_EQ(0, sim_load());
	sim_del(SW);
	sim_del(MHD);
	sim_del(DV);
	ASSERT_EQ(0, sim_new(SW_SPEC));
	ASSERT_EQ(0, sim_new(MHD_SPEC));
	ASSERT_EQ(0, sim_new(DV_SPEC));
	ASSERT_EQ(0, cxlfm_new(&c->ctx));
	refresh_ccis(c);
	ASSERT_EQ(0, sim_knob_u32(SW, "timeout_ms", SHORT_TIMEOUT_MS));
	ASSERT_EQ(0, sim_knob_u32(MHD, "timeout_ms", SHORT_TIMEOUT_MS));
	ASSERT_EQ(0, sim_knob_u32(DV, "timeout_ms", SHORT_TIMEOUT_MS));

	ASSERT_EQ(0, cxlfm_get_supported_logs(c->ctx, &c->t[T_SW], &sl, 0));
	ASSERT_LE(1, sl.nr_entries);
	memcpy(c->cel_uuid, logs[0].uuid, 16);
	/* LD 1's BAR 0 at 256 MiB, memory decoding on, for 0x5302 */
	bar.reg_num = 4;
	bar.write_data = 0x10000000;
	ASSERT_EQ(0, cxlfm_send_ld_cxlio_cfg(c->ctx, &c->t[T_SW], &bar, &val, 0));
	bar.reg_num = 1;
	bar.write_data = 0x2;
	ASSERT_EQ(0, cxlfm_send_ld_cxlio_cfg(c->ctx, &c->t[T_SW], &bar, &val, 0));
	/* a secret to read back (the Set is tried on its own switch) */
	ASSERT_EQ(0, cxlfm_set_dv_sv(c->ctx, &c->t[T_SW], &sv, 0));
	/* a tag for the reference ops, carried by an extent of host 2 */
	memset(c->tag, 0x7a, sizeof(c->tag));
	memcpy(tagged.tag, c->tag, 16);
	ASSERT_EQ(0, cxlfm_initiate_dc_add(c->ctx, &c->t[T_MLD], &add, 0));
}

FIXTURE_TEARDOWN(camp)
{
	cxlfm_unref(self->c.ctx);
	sim_del(SW);
	sim_del(MHD);
	sim_del(DV);
}

TEST_F(camp, every_typed_op_has_a_request_builder)
{
	int cmd;

	for (cmd = CXLFM_FM_CMD_FIRST; cmd <= CXLFM_FM_CMD_LAST; cmd++)
		EXPECT_NE(NULL, op_of(cmd)) TH_LOG("op %d has no request builder: add one", cmd);
	EXPECT_EQ(CXLFM_FM_CMD_LAST - CXLFM_FM_CMD_FIRST + 1,
		  (int)(sizeof(ops) / sizeof(ops[0])));
}

/* The faults armed on a switch, "" once every one was used. */
static void armed(unsigned int id, char *buf, size_t len)
{
	if (sim_knob_read(id, "faults", buf, len))
		snprintf(buf, len, "?");
}

struct remover {
	unsigned int id;
	uint16_t wire;
};

/*
 * Take the CCI away once the command is held in the simulator (counted,
 * then held by a timeout fault), so that the removal lands mid-command
 * however slowly the guest runs.
 */
static void *remove_cci(void *arg)
{
	struct remover *r = arg;
	char cmds[512], want[16];
	int i;

	snprintf(want, sizeof(want), "%#06x ", r->wire);
	for (i = 0; i < 1000; i++) {
		if (!sim_knob_read(r->id, "commands", cmds, sizeof(cmds)) &&
		    strstr(cmds, want))
			break;
		usleep(5000);
	}
	sim_knob(r->id, "cci", "remove");
	return NULL;
}

/*
 * One cell: arm @k for @op, call it, disarm, judge.  Returns the outcome
 * for the matrix; failures are reported through the harness.
 */
static const char *run_cell(struct __test_metadata *_metadata,
			    struct camp *c, const struct op *op, enum knob k,
			    double *slowest)
{
	unsigned int id = sim_of(op->target);
	uint16_t wire = wire_opcode(op);
	unsigned int flags = op->flags & OP_BG ? CXLFM_CALL_WAIT : 0;
	struct cxlfm_fm_bg_op_status_rsp st;
	struct remover rm = { id, wire };
	pthread_t th;
	char arm[64], left[256];
	const char *msg;
	double t, bound = CELL_SLACK_S;
	int rc, rc2;

	if (op->prep)
		op->prep(c);
	switch (k) {
	case K_FAIL:
		snprintf(arm, sizeof(arm), "fail %#x 1 0x4", wire);
		break;
	case K_TIMEOUT:
		snprintf(arm, sizeof(arm), "timeout %#x 1", wire);
		bound += SHORT_TIMEOUT_MS / 1000.0;
		break;
	case K_REMOVE:
		/* held for HOLD_MS unless the removal ends it */
		snprintf(arm, sizeof(arm), "timeout %#x 1", wire);
		EXPECT_EQ(0, sim_knob_u32(id, "timeout_ms", HOLD_MS));
		EXPECT_EQ(0, sim_knob(id, "commands", "0"));
		break;
	case K_SHORT:
		snprintf(arm, sizeof(arm), "short %#x 1", wire);
		break;
	case K_LONG:
		snprintf(arm, sizeof(arm), "long %#x 1", wire);
		break;
	case K_COUNT:
		snprintf(arm, sizeof(arm), "count %#x 1", wire);
		break;
	default:
		arm[0] = '\0';
	}
	if (arm[0])
		EXPECT_EQ(0, sim_knob(id, "faults", arm));
	if (k == K_BUSY)
		EXPECT_EQ(0, sim_knob(id, "busy", "1"));
	if (k == K_LATENCY) {
		EXPECT_EQ(0, sim_knob_u32(id, "latency_ms", LATENCY_MS));
		bound += LATENCY_MS / 1000.0;
	}
	if (k == K_BG_HANG) {
		EXPECT_EQ(0, sim_knob(id, "bg_hang", "1"));
		flags = 0;
	}
	if (k == K_REMOVE)
		EXPECT_EQ(0, pthread_create(&th, NULL, remove_cci, &rm));

	t = sim_now();
	rc = op->call(c, flags);
	t = sim_now() - t;
	msg = cxlfm_last_error(c->ctx);

	if (k == K_REMOVE)
		pthread_join(th, NULL);
	sim_knob(id, "busy", "0");
	sim_knob(id, "latency_ms", "0");
	armed(id, left, sizeof(left));
	sim_knob(id, "faults", "clear");

	if (t > *slowest)
		*slowest = t;
	EXPECT_GT(bound, t) TH_LOG("%s/%s: %.2f s", op->name, knob_names[k], t);
	if (rc < 0)
		EXPECT_NE(0, strlen(msg)) TH_LOG("%s/%s: %s without a message",
						 op->name, knob_names[k], errname(rc));
	/* a fault armed for the op's opcode was used by its command */
	if (arm[0])
		EXPECT_STREQ("", left) TH_LOG("%s/%s: not used", op->name,
					      knob_names[k]);

	switch (k) {
	case K_FAIL:
		EXPECT_EQ(-EIO, rc) TH_LOG("%s: %s", op->name, errname(rc));
		EXPECT_EQ(4, cxlfm_last_return_code(c->ctx));
		break;
	case K_BUSY:
		EXPECT_EQ(-EBUSY, rc) TH_LOG("%s: %s", op->name, errname(rc));
		EXPECT_EQ(6, cxlfm_last_return_code(c->ctx));
		break;
	case K_TIMEOUT:
		EXPECT_EQ(-ETIMEDOUT, rc) TH_LOG("%s: %s", op->name, errname(rc));
		EXPECT_STREQ("the CCI did not answer in time", msg);
		break;
	case K_LATENCY:
		/*
		 * Answered all the same.  (How much later is not asked: the
		 * guest's jiffies, which time the simulator's sleep, and its
		 * monotonic clock drift apart under a loaded TCG host.)
		 */
		EXPECT_EQ(0, rc) TH_LOG("%s: %s \"%s\"", op->name, errname(rc), msg);
		break;
	case K_SHORT:
	case K_LONG:
		/* what still decodes is accepted; the rest is refused */
		EXPECT_TRUE(rc == 0 || rc == -EBADMSG)
			TH_LOG("%s/%s: %s \"%s\"", op->name, knob_names[k],
			       errname(rc), msg);
		if (rc == -EBADMSG)
			EXPECT_NE(NULL, strstr(msg, "malformed"));
		break;
	case K_COUNT:
		EXPECT_EQ(-EBADMSG, rc) TH_LOG("%s: %s \"%s\"", op->name,
					       errname(rc), msg);
		break;
	case K_BG_HANG:
		/* started, held at 50 %, another one refused, then done */
		EXPECT_EQ(1, rc) TH_LOG("%s: %s", op->name, errname(rc));
		usleep(100000);
		EXPECT_EQ(0, cxlfm_bg_op_status(c->ctx, tg(c, T_SW), &st, 0));
		EXPECT_EQ(1, st.running);
		EXPECT_EQ(50, st.percent);
		rc2 = op->call(c, 0);
		EXPECT_EQ(-EBUSY, rc2);
		EXPECT_STREQ("a background command is running on this CCI",
			     cxlfm_last_error(c->ctx));
		EXPECT_EQ(0, sim_knob(id, "bg_hang", "0"));
		EXPECT_EQ(0, cxlfm_bg_wait(c->ctx, c->t[T_SW].cci, 5000, &st));
		EXPECT_EQ(0, st.return_code);
		EXPECT_EQ(wire, st.opcode);
		break;
	case K_REMOVE:
		EXPECT_EQ(-ENODEV, rc) TH_LOG("%s: %s", op->name, errname(rc));
		EXPECT_STREQ("the CCI is going away", msg);
		EXPECT_EQ(0, sim_knob(id, "cci", "add"));
		EXPECT_EQ(0, sim_knob_u32(id, "timeout_ms", SHORT_TIMEOUT_MS));
		refresh_ccis(c);
		break;
	case NR_KNOBS:
		break;
	}

	/* the CCI is usable: Identify on it and through the op's tunnel */
	if (op->flags & OP_BG)
		EXPECT_EQ(0, cxlfm_bg_wait(c->ctx, c->t[T_SW].cci, 5000, &st));
	{
		struct cxlfm_fm_identify_rsp idr;

		EXPECT_EQ(0, cxlfm_identify(c->ctx, tg(c, op->target), &idr, 0))
			TH_LOG("%s/%s: Identify after: \"%s\"", op->name,
			       knob_names[k], cxlfm_last_error(c->ctx));
	}
	return errname(rc);
}

TEST_F_TIMEOUT(camp, every_knob_on_every_op, 900)
{
	struct camp *c = &self->c;
	struct tally tally[NR_KNOBS] = {};
	char row[256], cmds[512];
	unsigned int i, k, cells = 0;
	double t0 = sim_now();
	int cmd, rc;

	printf("# %-24s", "op \\ knob");
	for (k = 0; k < NR_KNOBS; k++)
		printf(" %-9s", knob_names[k]);
	printf("\n");
	for (cmd = CXLFM_FM_CMD_FIRST; cmd <= CXLFM_FM_CMD_LAST; cmd++) {
		const struct op *op = op_of(cmd);
		int n = 0;

		ASSERT_NE(NULL, op) TH_LOG("op %d has no request builder", cmd);
		if (op->flags & OP_NOT_IN_SIM) {
			/* refused before the mailbox: nothing to fault */
			sim_knob(SW, "commands", "0");
			rc = op->call(c, 0);
			EXPECT_EQ(-EOPNOTSUPP, rc);
			EXPECT_STREQ("command not in the CCI's Command Effects Log",
				     cxlfm_last_error(c->ctx));
			EXPECT_EQ(0, sim_knob_read(SW, "commands", cmds,
						   sizeof(cmds)));
			EXPECT_STREQ("", cmds);
		}
		n += snprintf(row + n, sizeof(row) - n, "%-24s", op->name);
		for (k = 0; k < NR_KNOBS; k++) {
			const char *o = "-";

			if (knob_applies(k, op)) {
				o = run_cell(_metadata, c, op, k,
					     &tally[k].slowest);
				cells++;
			} else if (op->flags & OP_NOT_IN_SIM) {
				o = "notsent";
			}
			count_outcome(&tally[k], o);
			n += snprintf(row + n, sizeof(row) - n, " %-9s", o);
		}
		printf("# %s\n", row);
		fflush(stdout);
	}
	for (k = 0; k < NR_KNOBS; k++) {
		printf("# %-8s", knob_names[k]);
		for (i = 0; i < NR_OUTCOMES && tally[k].outcome[i][0]; i++)
			printf(" %s %u", tally[k].outcome[i], tally[k].n[i]);
		printf(" (slowest cell %.2f s)\n", tally[k].slowest);
	}
	printf("# %u cells over %d ops x %d knobs in %.1f s\n", cells,
	       CXLFM_FM_CMD_LAST - CXLFM_FM_CMD_FIRST + 1, NR_KNOBS,
	       sim_now() - t0);
}

/*
 * At the real mailbox timeout (2 s), on one op of each kind: the switch's
 * own CCI, a tunnel to an LD, a background command.  Each fails after the
 * timeout, not much later, and the CCI answers after.
 */
TEST_F(camp, timeout_at_the_mailbox_timeout)
{
	static const int subset[] = { CXLFM_CMD_IDENTIFY_SWITCH,
				      CXLFM_CMD_GET_LD_INFO,
				      CXLFM_CMD_BIND_VPPB };
	struct camp *c = &self->c;
	struct cxlfm_fm_identify_rsp idr;
	unsigned int i;
	char arm[64];
	double t;
	int rc;

	ASSERT_EQ(0, sim_knob_u32(SW, "timeout_ms", MBOX_TIMEOUT_MS));
	for (i = 0; i < sizeof(subset) / sizeof(subset[0]); i++) {
		const struct op *op = op_of(subset[i]);

		ASSERT_NE(NULL, op);
		if (op->prep)
			op->prep(c);
		snprintf(arm, sizeof(arm), "timeout %#x 1", wire_opcode(op));
		ASSERT_EQ(0, sim_knob(SW, "faults", arm));
		t = sim_now();
		rc = op->call(c, op->flags & OP_BG ? CXLFM_CALL_WAIT : 0);
		t = sim_now() - t;
		printf("# %s: %s after %.2f s\n", op->name, errname(rc), t);
		EXPECT_EQ(-ETIMEDOUT, rc);
		EXPECT_STREQ("the CCI did not answer in time",
			     cxlfm_last_error(c->ctx));
		/* after the timeout (give or take the guest's clock drift) */
		EXPECT_LE(MBOX_TIMEOUT_MS * 0.75 / 1000, t);
		EXPECT_GT(MBOX_TIMEOUT_MS / 1000.0 + CELL_SLACK_S, t);
		EXPECT_EQ(0, cxlfm_identify(c->ctx, tg(c, op->target), &idr, 0));
	}
}

TEST_HARNESS_MAIN
