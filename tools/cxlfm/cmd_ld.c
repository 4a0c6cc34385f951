// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm ld show|alloc and qos get|set: the MLD component commands (CXL
 * r3.2 §7.6.7.4), sent through a tunnel to the MLD at -p PORT.
 */
#include <stdio.h>
#include <string.h>

#include "cxlfm.h"

static int ld_show(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_cci_info ci;
	struct json_object *out;
	struct cxlfm_target t;
	struct opts o;
	int rc;

	rc = opts_parse("ld show", argc, argv, O_SWITCH | O_TUNNEL, &o);
	if (rc || (rc = opts_need("ld show", &o, O_SWITCH | O_PORT)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("ld show", "unexpected argument '%s'", argv[o.first_arg]);
	ctx = cli_open();
	if (!ctx)
		return 1;
	t = opts_target(&o);
	/* the switch's payload size bounds what one tunnelled reply holds */
	rc = cxlfm_cci_get(ctx, o.sw, &ci);
	if (!rc)
		rc = ld_json(ctx, &t, ci.payload_size, &out);
	if (rc)
		return fail(ctx, "ld show", rc);
	jcci(out, o.sw);
	jint(out, "port", o.port);
	print_json(out);
	return 0;
}

static int ld_alloc(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_fm_ld_alloc want, got[1];
	struct cxlfm_fm_set_ld_alloc req = { .num_lds = 1, .allocs = &want,
					  .allocs_cap = 1 };
	struct cxlfm_fm_set_ld_alloc rsp = { .allocs = got, .allocs_cap = 1 };
	struct json_object *out;
	struct cxlfm_target t;
	struct opts o;
	int rc;

	rc = opts_parse("ld alloc", argc, argv, O_SWITCH | O_PORT | O_LD |
			O_RANGE1 | O_RANGE2, &o);
	if (rc || (rc = opts_need("ld alloc", &o, O_SWITCH | O_PORT | O_LD | O_RANGE1)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("ld alloc", "unexpected argument '%s'", argv[o.first_arg]);
	if (o.ld >= CXLFM_FM_MAX_LDS)
		return usage_err("ld alloc", "--ld %u: an MLD has at most %d LDs",
				 o.ld, CXLFM_FM_MAX_LDS);
	ctx = cli_open();
	if (!ctx)
		return 1;
	want.range1_mult = o.range1;
	want.range2_mult = o.range2;
	req.start_ld_id = o.ld;
	/* --ld names the LD to set, not a tunnel level */
	t = CXLFM_TARGET(o.sw);
	t.tunnel_port = o.port;
	rc = cxlfm_set_ld_alloc(ctx, &t, &req, &rsp, 0);
	if (rc < 0)
		return fail(ctx, "ld alloc", rc);
	out = json_object_new_object();
	jcci(out, o.sw);
	jint(out, "port", o.port);
	jint(out, "ld", o.ld);
	if (rsp.num_lds) {
		jint(out, "range1", got[0].range1_mult);
		jint(out, "range2", got[0].range2_mult);
	}
	print_json(out);
	return 0;
}

int cmd_ld(int argc, char **argv)
{
	static const struct subcmd subs[] = {
		{ "show", ld_show },
		{ "alloc", ld_alloc },
		{ }
	};

	return run_subcmd("ld", subs, argc, argv);
}

/* A bandwidth fraction (n/256); with -u as a percentage. */
static void jfractions(struct json_object *o, const char *key,
		       const uint8_t *f, unsigned int n)
{
	struct json_object *a = json_object_new_array();
	char buf[16];
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (human) {
			snprintf(buf, sizeof(buf), "%.1f%%", f[i] * 100.0 / 256);
			json_object_array_add(a, json_object_new_string(buf));
		} else {
			json_object_array_add(a, json_object_new_int(f[i]));
		}
	}
	json_object_object_add(o, key, a);
}

/* QoS Control, QoS Status and both bandwidth lists of every LD. */
static int qos_read(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
		    const struct opts *o __attribute__((unused)),
		    struct json_object *out)
{
	struct cxlfm_fm_get_ld_info_rsp info = {};
	struct cxlfm_fm_qos_ctrl q = {};
	struct cxlfm_fm_qos_status_rsp st = {};
	uint8_t frac[CXLFM_FM_MAX_LDS];
	struct cxlfm_fm_qos_bw_list bw = { .fractions = frac,
					.fractions_cap = CXLFM_FM_MAX_LDS };
	struct cxlfm_fm_ld_list_req win = { .start_ld_id = 0 };
	int rc;

	rc = cxlfm_get_ld_info(ctx, t, &info, 0) ?:
	     cxlfm_get_qos_ctrl(ctx, t, &q, 0) ?:
	     cxlfm_get_qos_status(ctx, t, &st, 0);
	if (rc)
		return rc;
	jbool(out, "egress_congestion", q.egress_cong_enable);
	jbool(out, "temp_throughput_reduction", q.temp_tput_enable);
	jint(out, "egress_moderate_pct", q.egress_moderate_pct);
	jint(out, "egress_severe_pct", q.egress_severe_pct);
	jint(out, "bp_sample_interval", q.bp_sample_interval);
	jint(out, "reqcmp_basis", q.reqcmp_basis);
	jint(out, "completion_interval", q.completion_interval);
	jint(out, "bp_avg_pct", st.bp_avg_pct);
	win.ld_limit = info.ld_count < CXLFM_FM_MAX_LDS ? info.ld_count : CXLFM_FM_MAX_LDS;
	rc = cxlfm_get_qos_alloc_bw(ctx, t, &win, &bw, 0);
	if (rc)
		return rc;
	jfractions(out, "alloc_bw", frac, bw.num_lds);
	rc = cxlfm_get_qos_bw_limit(ctx, t, &win, &bw, 0);
	if (rc)
		return rc;
	jfractions(out, "bw_limit", frac, bw.num_lds);
	return 0;
}

static int qos_get(int argc, char **argv)
{
	return show_device("qos get", argc, argv, O_SWITCH | O_TUNNEL,
			   qos_read);
}

/* The QoS Control settings given on the command line, over @q. */
static void qos_apply(const struct opts *o, struct cxlfm_fm_qos_ctrl *q)
{
	unsigned int g = o->qos_given;

	if (g & (1u << Q_EGRESS_CONG))
		q->egress_cong_enable = o->qos[Q_EGRESS_CONG];
	if (g & (1u << Q_TEMP_TPUT))
		q->temp_tput_enable = o->qos[Q_TEMP_TPUT];
	if (g & (1u << Q_MODERATE))
		q->egress_moderate_pct = o->qos[Q_MODERATE];
	if (g & (1u << Q_SEVERE))
		q->egress_severe_pct = o->qos[Q_SEVERE];
	if (g & (1u << Q_SAMPLE))
		q->bp_sample_interval = o->qos[Q_SAMPLE];
	if (g & (1u << Q_REQCMP))
		q->reqcmp_basis = o->qos[Q_REQCMP];
	if (g & (1u << Q_COMPLETION))
		q->completion_interval = o->qos[Q_COMPLETION];
}

static int qos_set(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_fm_qos_ctrl q = {}, q_rsp = {};
	uint8_t got[CXLFM_FM_MAX_LDS];
	struct cxlfm_fm_qos_bw_list bw = { .start_ld_id = 0 },
		bw_rsp = { .fractions = got, .fractions_cap = CXLFM_FM_MAX_LDS };
	struct cxlfm_target t;
	struct opts o;
	int rc = 0;

	rc = opts_parse("qos set", argc, argv, O_SWITCH | O_TUNNEL | O_QOS_CTRL |
			O_ALLOC_BW | O_BW_LIMIT, &o);
	if (rc || (rc = opts_need("qos set", &o, O_SWITCH | O_PORT)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("qos set", "unexpected argument '%s'", argv[o.first_arg]);
	if (!(o.given & (O_QOS_CTRL | O_ALLOC_BW | O_BW_LIMIT)))
		return usage_err("qos set", "nothing to set: give --egress-cong, --temp-tput, --moderate, --severe, --sample-interval, --reqcmp-basis, --completion-interval, --alloc-bw or --bw-limit");
	ctx = cli_open();
	if (!ctx)
		return 1;
	t = opts_target(&o);
	if (o.given & O_QOS_CTRL) {
		/* read, change what was given, write back */
		rc = cxlfm_get_qos_ctrl(ctx, &t, &q, 0);
		if (rc < 0)
			return fail(ctx, "qos set: Get QoS Control", rc);
		qos_apply(&o, &q);
		rc = cxlfm_set_qos_ctrl(ctx, &t, &q, &q_rsp, 0);
		if (rc < 0)
			return fail(ctx, "qos set: Set QoS Control", rc);
	}
	if (o.given & O_ALLOC_BW) {
		bw.num_lds = o.nr_alloc_bw;
		bw.fractions = o.alloc_bw;
		bw.fractions_cap = o.nr_alloc_bw;
		rc = cxlfm_set_qos_alloc_bw(ctx, &t, &bw, &bw_rsp, 0);
		if (rc < 0)
			return fail(ctx, "qos set: Set QoS Allocated BW", rc);
	}
	if (o.given & O_BW_LIMIT) {
		bw.num_lds = o.nr_bw_limit;
		bw.fractions = o.bw_limit;
		bw.fractions_cap = o.nr_bw_limit;
		rc = cxlfm_set_qos_bw_limit(ctx, &t, &bw, &bw_rsp, 0);
		if (rc < 0)
			return fail(ctx, "qos set: Set QoS BW Limit", rc);
	}
	/* print the state the device now reports */
	return print_device(ctx, "qos set: reading back", &t, &o, qos_read);
}

int cmd_qos(int argc, char **argv)
{
	static const struct subcmd subs[] = {
		{ "get", qos_get },
		{ "set", qos_set },
		{ }
	};

	return run_subcmd("qos", subs, argc, argv);
}
