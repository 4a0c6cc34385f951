// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm bg status|abort: Background Operation Status and Request Abort
 * Background Operation (CXL r3.2 §8.2.10.1.2, §8.2.10.1.5).
 */
#include "cxlfm.h"

static int bg_status(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_fm_bg_op_status_rsp st;
	const char *c;
	struct json_object *out;
	struct cxlfm_target t;
	struct opts o;
	int rc;

	rc = opts_parse("bg status", argc, argv, O_SWITCH | O_TUNNEL, &o);
	if (rc || (rc = opts_need("bg status", &o, O_SWITCH)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("bg status", "unexpected argument '%s'", argv[o.first_arg]);
	ctx = cli_open();
	if (!ctx)
		return 1;
	t = opts_target(&o);
	rc = cxlfm_bg_op_status(ctx, &t, &st, 0);
	if (rc < 0)
		return fail(ctx, "bg status", rc);
	c = cxlfm_opcode_name(st.opcode);
	out = json_object_new_object();
	jcci(out, o.sw);
	jbool(out, "running", st.running);
	jint(out, "percent", st.percent);
	jint(out, "opcode", st.opcode);
	if (c)
		jstr(out, "command", c);
	jrc(out, "return_code", st.return_code);
	jint(out, "vendor_status", st.vendor_status);
	print_json(out);
	return 0;
}

static int bg_abort(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct json_object *out;
	struct cxlfm_target t;
	struct opts o;
	int rc;

	rc = opts_parse("bg abort", argc, argv, O_SWITCH | O_TUNNEL, &o);
	if (rc || (rc = opts_need("bg abort", &o, O_SWITCH)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("bg abort", "unexpected argument '%s'", argv[o.first_arg]);
	ctx = cli_open();
	if (!ctx)
		return 1;
	t = opts_target(&o);
	rc = cxlfm_request_abort_bg_op(ctx, &t, 0);
	if (rc < 0)
		return fail(ctx, "bg abort", rc);
	out = json_object_new_object();
	jcci(out, o.sw);
	jstr(out, "status", "abort requested");
	print_json(out);
	return 0;
}

int cmd_bg(int argc, char **argv)
{
	static const struct subcmd subs[] = {
		{ "status", bg_status },
		{ "abort", bg_abort },
		{ }
	};

	return run_subcmd("bg", subs, argc, argv);
}
