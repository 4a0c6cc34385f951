// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm mhd show: a multi-headed device's LD map and heads (Get
 * Multi-Headed Info, Get Head Info, CXL r3.2 §7.6.7.5), asked of its LD-pool
 * CCI through a tunnel to -p PORT.
 */
#include "cxlfm.h"

#define MHD_MAX_HEADS	32

/* Asked of the LD-pool CCI of the device at -p. */
static int mhd_read(struct cxlfm_ctx *ctx, const struct cxlfm_target *dev,
		    const struct opts *o __attribute__((unused)),
		    struct json_object *out)
{
	struct cxlfm_target pool = *dev;
	uint8_t map[CXLFM_FM_MAX_LDS];
	struct cxlfm_fm_get_mhd_info_req req = { .start_ld_id = 0,
					      .ld_map_limit = CXLFM_FM_MAX_LDS };
	struct cxlfm_fm_get_mhd_info_rsp rsp = { .ld_map = map,
					      .ld_map_cap = CXLFM_FM_MAX_LDS };
	struct cxlfm_fm_head_info heads[MHD_MAX_HEADS];
	struct cxlfm_fm_get_head_info_req hreq = { .start_head = 0 };
	struct cxlfm_fm_get_head_info_rsp hrsp = { .heads = heads,
						.heads_cap = MHD_MAX_HEADS };
	struct json_object *a, *e;
	unsigned int i;
	int rc;

	pool.ld_pool = true;
	rc = cxlfm_get_mhd_info(ctx, &pool, &req, &rsp, 0);
	if (rc)
		return rc;
	jint(out, "num_lds", rsp.num_lds);
	jint(out, "num_heads", rsp.num_heads);
	a = json_object_new_array();
	for (i = 0; i < rsp.ld_map_len; i++) {
		e = json_object_new_object();
		jint(e, "ld", rsp.start_ld_id + i);
		if (map[i] != 0xff)
			jint(e, "head", map[i]);
		json_object_array_add(a, e);
	}
	json_object_object_add(out, "ld_map", a);
	hreq.num_heads = rsp.num_heads < MHD_MAX_HEADS ? rsp.num_heads : MHD_MAX_HEADS;
	if (!hreq.num_heads)
		return 0;
	rc = cxlfm_get_head_info(ctx, &pool, &hreq, &hrsp, 0);
	if (rc)
		return rc;
	a = json_object_new_array();
	for (i = 0; i < hrsp.num_heads; i++) {
		const struct cxlfm_fm_head_info *h = &heads[i];

		e = json_object_new_object();
		jint(e, "head", i);
		jint(e, "port", h->port_id);
		jenum(e, "ltssm_state", CXLFM_FM_ENUM_LTSSM, h->ltssm_state);
		jwidth(e, "max_link_width", h->max_link_width);
		jwidth(e, "link_width", h->neg_link_width);
		jspeed(e, "max_link_speed", h->max_link_speed);
		jspeed(e, "link_speed", h->cur_link_speed);
		jbool(e, "perst_asserted", h->link_flags & 2);
		jbool(e, "lane_reversed", h->link_flags & 1);
		json_object_array_add(a, e);
	}
	json_object_object_add(out, "heads", a);
	return 0;
}

static int mhd_show(int argc, char **argv)
{
	return show_device("mhd show", argc, argv, O_SWITCH | O_PORT,
			   mhd_read);
}

int cmd_mhd(int argc, char **argv)
{
	static const struct subcmd subs[] = {
		{ "show", mhd_show },
		{ }
	};

	return run_subcmd("mhd", subs, argc, argv);
}
