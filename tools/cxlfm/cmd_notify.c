// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm notify: report a change a remote FM made to the fabric, so that
 * this host's kernel updates its hierarchy as it would for its own switch's
 * event (cxlfm_fabric_notify(), CXLFM_CMD_FABRIC_NOTIFY).
 */
#include "cxlfm.h"

static const char *const change_names[] = {
	[CXLFM_FABRIC_CHANGE_BIND] = "bind",
	[CXLFM_FABRIC_CHANGE_UNBIND] = "unbind",
	[CXLFM_FABRIC_CHANGE_LINK_UP] = "link-up",
	[CXLFM_FABRIC_CHANGE_LINK_DOWN] = "link-down",
};

int cmd_notify(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_fabric_report rep = {};
	struct json_object *out;
	struct opts o;
	int rc;

	rc = opts_parse("notify", argc, argv, O_SWITCH | O_CHANGE | O_VCS |
			O_VPPB | O_PORT | O_LD, &o);
	if (rc || (rc = opts_need("notify", &o, O_SWITCH | O_CHANGE | O_VCS | O_VPPB)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("notify", "unexpected argument '%s'", argv[o.first_arg]);
	if (o.change == CXLFM_FABRIC_CHANGE_BIND && !(o.given & O_PORT))
		return usage_err("notify", "a bind needs --port P");
	ctx = cli_open();
	if (!ctx)
		return 1;
	rep.change = o.change;
	rep.vcs_id = o.vcs;
	rep.vppb_id = o.vppb;
	rep.has_port = o.given & O_PORT;
	rep.port_id = o.port;
	rep.has_ld = o.given & O_LD;
	rep.ld_id = o.ld;
	rc = cxlfm_fabric_notify(ctx, o.sw, &rep);
	if (rc < 0)
		return fail(ctx, "notify", rc);
	out = json_object_new_object();
	jcci(out, o.sw);
	jstr(out, "change", change_names[o.change]);
	jint(out, "vcs", o.vcs);
	jint(out, "vppb", o.vppb);
	if (o.given & O_PORT)
		jint(out, "port", o.port);
	if (o.given & O_LD)
		jint(out, "ld", o.ld);
	jstr(out, "status", "reported");
	print_json(out);
	return 0;
}
