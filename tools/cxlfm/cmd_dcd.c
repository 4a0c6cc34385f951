// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm dcd show|extents|add|release: Dynamic Capacity Device management
 * (CXL r3.2 §7.6.7.6) of the DCD at -p PORT, through a tunnel.
 */
#include <string.h>

#include "cxlfm.h"

#define DCD_PAGE	16	/* extents per Get DC Region Extents */

static int dcd_read(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
		    const struct opts *o, struct json_object *out)
{
	struct cxlfm_fm_get_dcd_info_rsp info = {};
	struct cxlfm_fm_dc_region regions[CXLFM_FM_DC_MAX_REGIONS];
	struct cxlfm_fm_get_host_dc_region_cfg_req rq = {
		.host_id = o->host, .start_region = 0,
	};
	struct cxlfm_fm_get_host_dc_region_cfg_rsp cfg = {
		.regions = regions, .regions_cap = CXLFM_FM_DC_MAX_REGIONS,
	};
	struct json_object *a, *e;
	unsigned int i;
	int rc;

	rc = cxlfm_get_dcd_info(ctx, t, &info, 0);
	if (rc)
		return rc;
	jint(out, "num_hosts", info.num_hosts);
	jint(out, "num_regions", info.num_regions);
	jnames(out, "add_policies", info.add_policies, dc_add_policies, 4);
	jnames(out, "release_policies", info.release_policies,
	       dc_release_policies, 2);
	jint(out, "sanitize_mask", info.sanitize_mask);
	/* Total Dynamic Capacity is in 256 MiB units */
	jsize(out, "total_capacity", info.total_capacity << 28);
	rq.region_count = info.num_regions < CXLFM_FM_DC_MAX_REGIONS ?
			  info.num_regions : CXLFM_FM_DC_MAX_REGIONS;
	if (!rq.region_count)
		return 0;
	rc = cxlfm_get_host_dc_region_cfg(ctx, t, &rq, &cfg, 0);
	if (rc)
		return rc;
	jint(out, "host", cfg.host_id);
	jint(out, "extents_supported", cfg.extents_supported);
	jint(out, "extents_available", cfg.extents_available);
	jint(out, "tags_supported", cfg.tags_supported);
	jint(out, "tags_available", cfg.tags_available);
	a = json_object_new_array();
	for (i = 0; i < cfg.regions_returned; i++) {
		e = json_object_new_object();
		jint(e, "region", i);
		jint(e, "base", regions[i].base);
		/* the decode length is in 256 MiB units */
		jsize(e, "decode_length", regions[i].decode_len << 28);
		jsize(e, "length", regions[i].region_len);
		jsize(e, "block_size", regions[i].block_size);
		jint(e, "flags", regions[i].flags);
		jbool(e, "sanitize_on_release", regions[i].sanitize_on_release);
		json_object_array_add(a, e);
	}
	json_object_object_add(out, "regions", a);
	return 0;
}

static int dcd_show(int argc, char **argv)
{
	return show_device("dcd show", argc, argv,
			   O_SWITCH | O_TUNNEL | O_HOST, dcd_read);
}

static int extents_read(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
			const struct opts *o, struct json_object *out)
{
	struct cxlfm_fm_dc_extent ext[DCD_PAGE];
	struct cxlfm_fm_get_dc_extents_req req = { .host_id = o->host,
						.extent_count = DCD_PAGE };
	struct cxlfm_fm_get_dc_extents_rsp rsp;
	struct json_object *a = json_object_new_array(), *e;
	unsigned int i;
	int rc;

	json_object_object_add(out, "extents", a);
	do {
		rsp = (struct cxlfm_fm_get_dc_extents_rsp){ .extents = ext,
							 .extents_cap = DCD_PAGE };
		rc = cxlfm_get_dc_region_extents(ctx, t, &req, &rsp, 0);
		if (rc)
			return rc;
		for (i = 0; i < rsp.extents_returned && i < DCD_PAGE; i++) {
			e = json_object_new_object();
			jint(e, "dpa", ext[i].dpa);
			jsize(e, "length", ext[i].length);
			jhex(e, "tag", ext[i].tag, sizeof(ext[i].tag));
			jint(e, "shared_seq", ext[i].shared_seq);
			json_object_array_add(a, e);
		}
		req.start_index += rsp.extents_returned;
	} while (rsp.extents_returned && req.start_index < rsp.total_extents);
	jint(out, "host", o->host);
	jint(out, "total_extents", rsp.total_extents);
	jint(out, "generation", rsp.generation);
	return 0;
}

static int dcd_extents(int argc, char **argv)
{
	return show_device("dcd extents", argc, argv,
			   O_SWITCH | O_TUNNEL | O_HOST, extents_read);
}

static int dcd_started(const struct opts *o, const char *policy, int rc)
{
	struct json_object *out = json_object_new_object();

	jcci(out, o->sw);
	jint(out, "port", o->port);
	jint(out, "host", o->host);
	jstr(out, "policy", policy);
	jstr(out, "status", rc == 1 ? "started" : "done");
	print_json(out);
	return 0;
}

static int dcd_add(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_fm_dc_add_req req = {};
	struct cxlfm_target t;
	struct opts o;
	int rc, pol;

	rc = opts_parse("dcd add", argc, argv, O_SWITCH | O_TUNNEL | O_HOST |
			O_REGION | O_LENGTH | O_POLICY | O_EXTENT | O_TAG, &o);
	if (rc || (rc = opts_need("dcd add", &o, O_SWITCH | O_PORT)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("dcd add", "unexpected argument '%s'", argv[o.first_arg]);
	if (o.given & O_POLICY)
		pol = o.policy;
	else
		pol = o.nr_ext ? CXLFM_FM_DC_ADD_PRESCRIPTIVE : CXLFM_FM_DC_ADD_FREE;
	if (pol == CXLFM_FM_DC_ADD_PRESCRIPTIVE && !o.nr_ext)
		return usage_err("dcd add", "the prescriptive policy needs --extent DPA:LEN");
	if (pol != CXLFM_FM_DC_ADD_PRESCRIPTIVE && !(o.given & O_LENGTH))
		return usage_err("dcd add", "missing --length BYTES");
	ctx = cli_open();
	if (!ctx)
		return 1;
	req.host_id = o.host;
	req.policy = pol;
	req.region = o.region;
	req.length = o.length;
	memcpy(req.tag, o.tag, sizeof(req.tag));
	req.extent_count = o.nr_ext;
	req.extents = o.ext;
	req.extents_cap = o.nr_ext;
	t = opts_target(&o);
	rc = cxlfm_initiate_dc_add(ctx, &t, &req, 0);
	if (rc < 0)
		return fail(ctx, "dcd add", rc);
	return dcd_started(&o, dc_add_policies[pol], rc);
}

static int dcd_release(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_fm_dc_release_req req = {};
	struct cxlfm_target t;
	struct opts o;
	int rc, pol;

	rc = opts_parse("dcd release", argc, argv, O_SWITCH | O_TUNNEL | O_HOST |
			O_LENGTH | O_POLICY | O_EXTENT | O_TAG | O_FORCED |
			O_SANITIZE, &o);
	if (rc || (rc = opts_need("dcd release", &o, O_SWITCH | O_PORT)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("dcd release", "unexpected argument '%s'", argv[o.first_arg]);
	if (o.given & O_POLICY)
		pol = o.policy;
	else
		pol = o.nr_ext ? CXLFM_FM_DC_RELEASE_PRESCRIPTIVE : CXLFM_FM_DC_RELEASE_TAG;
	if (pol == CXLFM_FM_DC_RELEASE_PRESCRIPTIVE && !o.nr_ext)
		return usage_err("dcd release", "the prescriptive policy needs --extent DPA:LEN");
	if (pol == CXLFM_FM_DC_RELEASE_TAG && !(o.given & O_TAG))
		return usage_err("dcd release", "missing --extent DPA:LEN or --tag HEX");
	ctx = cli_open();
	if (!ctx)
		return 1;
	req.host_id = o.host;
	req.policy = pol;
	req.forced = !!(o.given & O_FORCED);
	req.sanitize = !!(o.given & O_SANITIZE);
	req.length = o.length;
	memcpy(req.tag, o.tag, sizeof(req.tag));
	req.extent_count = o.nr_ext;
	req.extents = o.ext;
	req.extents_cap = o.nr_ext;
	t = opts_target(&o);
	rc = cxlfm_initiate_dc_release(ctx, &t, &req, 0);
	if (rc < 0)
		return fail(ctx, "dcd release", rc);
	return dcd_started(&o, dc_release_policies[pol], rc);
}

int cmd_dcd(int argc, char **argv)
{
	static const struct subcmd subs[] = {
		{ "show", dcd_show },
		{ "extents", dcd_extents },
		{ "add", dcd_add },
		{ "release", dcd_release },
		{ }
	};

	return run_subcmd("dcd", subs, argc, argv);
}
