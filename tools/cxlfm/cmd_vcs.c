// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm vcs show, bind, unbind: Get Virtual CXL Switch Info, Bind vPPB and
 * Unbind vPPB (CXL r3.2 §7.6.7.2.1-3).  Bind and unbind run in the
 * background; --wait follows Background Operation Status (§8.2.10.1.2)
 * until it ends, showing the percentage on a terminal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cxlfm.h"

static int vcs_show(struct cxlfm_ctx *ctx, int argc, char **argv)
{
	struct json_object *arr;
	struct fabric *f;
	struct opts o;
	unsigned int i;
	int rc;

	rc = opts_parse("vcs show", argc, argv, O_SWITCH | O_VCS, &o);
	if (rc || (rc = opts_need("vcs show", &o, O_SWITCH)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("vcs show", "unexpected argument '%s'", argv[o.first_arg]);
	f = calloc(1, sizeof(*f));
	if (!f)
		return fail(NULL, "vcs show", -ENOMEM);
	f->cci = o.sw;
	rc = fabric_vcs(ctx, f, o.given & O_VCS ? o.vcs : -1);
	if (rc) {
		free(f);
		return fail(ctx, "vcs show", rc);
	}
	arr = json_object_new_array();
	for (i = 0; i < f->nr_vcs; i++)
		json_object_array_add(arr, vcs_json(f, &f->vcs[i]));
	free(f);
	print_json(arr);
	return 0;
}

int cmd_vcs(struct cxlfm_ctx *ctx, int argc, char **argv)
{
	static const struct subcmd subs[] = {
		{ "show", vcs_show },
		{ }
	};

	return run_subcmd(ctx, "vcs", subs, argc, argv);
}

/*
 * Follow the background command @opcode started on switch @o->sw until it
 * ends or --timeout passes.  Return: 0, or the exit status after saying why.
 */
static int bg_follow(struct cxlfm_ctx *ctx, const char *verb,
		     const struct opts *o, uint16_t opcode)
{
	const struct timespec tick = { .tv_nsec = 50 * 1000 * 1000 };
	const struct cxlfm_target t = CXLFM_TARGET(o->sw);
	struct fmapi_bg_op_status_rsp st;
	bool tty = isatty(STDERR_FILENO);
	unsigned int waited = 0;
	int rc;

	for (;;) {
		rc = cxlfm_bg_op_status(ctx, &t, &st, 0);
		if (rc < 0)
			return fail(ctx, verb, rc);
		if (tty)
			fprintf(stderr, "\r%s: %3u%%", verb, st.running ? st.percent : 100);
		if (!st.running)
			break;
		if (waited >= o->timeout_ms) {
			if (tty)
				fputc('\n', stderr);
			fprintf(stderr, "cxlfm: %s: still running after %u ms (at %u%%)\n",
				verb, waited, st.percent);
			return 1;
		}
		nanosleep(&tick, NULL);
		waited += 50;
	}
	if (tty)
		fputc('\n', stderr);
	if (st.opcode != opcode) {
		fprintf(stderr, "cxlfm: %s: the switch reports command %#x as its last background operation, not %#x\n",
			verb, st.opcode, opcode);
		return 1;
	}
	return st.return_code ? bg_fail(verb, &st) : 0;
}

static int vppb_done(struct cxlfm_ctx *ctx, const char *verb,
		     const struct opts *o, int rc, uint16_t opcode)
{
	struct json_object *out;

	if (rc < 0)
		return fail(ctx, verb, rc);
	if (rc == 1 && (o->given & O_WAIT)) {
		rc = bg_follow(ctx, verb, o, opcode);
		if (rc)
			return rc;
	}
	out = json_object_new_object();
	jint(out, "switch", o->sw);
	jint(out, "vcs", o->vcs);
	jint(out, "vppb", o->vppb);
	if (o->given & O_PORT)
		jint(out, "port", o->port);
	if (o->given & O_LD)
		jint(out, "ld", o->ld);
	jstr(out, "status", rc == 1 ? "started" : "done");
	print_json(out);
	return 0;
}

int cmd_bind(struct cxlfm_ctx *ctx, int argc, char **argv)
{
	struct fmapi_bind_vppb_req req;
	struct cxlfm_target t;
	struct opts o;
	int rc;

	rc = opts_parse("bind", argc, argv, O_SWITCH | O_VCS | O_VPPB | O_PORT |
			O_LD | O_WAIT | O_TIMEOUT, &o);
	if (rc || (rc = opts_need("bind", &o, O_SWITCH | O_VCS | O_VPPB | O_PORT)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("bind", "unexpected argument '%s'", argv[o.first_arg]);
	req.vcs_id = o.vcs;
	req.vppb_id = o.vppb;
	req.port_id = o.port;
	req.ld_id = o.given & O_LD ? o.ld : FMAPI_LD_ID_NONE;
	t = CXLFM_TARGET(o.sw);
	rc = cxlfm_bind_vppb(ctx, &t, &req, 0);
	return vppb_done(ctx, "bind", &o, rc, FMAPI_OP_BIND_VPPB);
}

int cmd_unbind(struct cxlfm_ctx *ctx, int argc, char **argv)
{
	struct fmapi_unbind_vppb_req req;
	struct cxlfm_target t;
	struct opts o;
	int rc;

	rc = opts_parse("unbind", argc, argv, O_SWITCH | O_VCS | O_VPPB |
			O_MODE | O_WAIT | O_TIMEOUT, &o);
	if (rc || (rc = opts_need("unbind", &o, O_SWITCH | O_VCS | O_VPPB)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("unbind", "unexpected argument '%s'", argv[o.first_arg]);
	req.vcs_id = o.vcs;
	req.vppb_id = o.vppb;
	req.option = o.mode;
	t = CXLFM_TARGET(o.sw);
	rc = cxlfm_unbind_vppb(ctx, &t, &req, 0);
	return vppb_done(ctx, "unbind", &o, rc, FMAPI_OP_UNBIND_VPPB);
}
