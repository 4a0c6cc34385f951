// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm vcs show, bind, unbind: Get Virtual CXL Switch Info, Bind vPPB and
 * Unbind vPPB (CXL r3.2 §7.6.7.2.1-3).  Bind and unbind run in the
 * background; --wait waits for that command's completion notification
 * (subscribed before the command is sent), reading Background Operation
 * Status (§8.2.10.1.2) only if the notification does not come.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cxlfm.h"

static int vcs_show(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
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
	ctx = cli_open();
	if (!ctx)
		return 1;
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

int cmd_vcs(int argc, char **argv)
{
	static const struct subcmd subs[] = {
		{ "show", vcs_show },
		{ }
	};

	return run_subcmd("vcs", subs, argc, argv);
}

/*
 * Wait for the background command just started on switch @o->sw to end,
 * or --timeout to pass; @ev was subscribed before it was sent.
 * Return: 0, or the exit status after saying why.
 */
static int bg_follow(struct cxlfm_ctx *ctx, struct cxlfm_events *ev,
		     const char *verb, const struct opts *o)
{
	struct cxlfm_fm_bg_op_status_rsp st;
	struct cxlfm_bg_cmd cmd;
	int rc;

	rc = cxlfm_last_bg_cmd(ctx, &cmd);
	if (rc) {
		fprintf(stderr, "cxlfm: %s: the kernel did not say which background command started\n",
			verb);
		return 1;
	}
	rc = cxlfm_bg_wait_cmd(ctx, ev, &cmd, o->timeout_ms, &st);
	if (rc == -ETIMEDOUT || rc == -EINTR) {
		fprintf(stderr, "cxlfm: %s: still running after %s%u ms (at %u%%)\n",
			verb, rc == -EINTR ? "a signal, before " : "",
			o->timeout_ms, st.percent);
		return 1;
	}
	if (rc)
		return fail(ctx, verb, rc);
	return st.return_code ? bg_fail(verb, &st) : 0;
}

/*
 * With --wait, subscribe to the completion notifications before the
 * command is sent: its end cannot pass unseen.  Return: 0 or exit status.
 */
static int bg_subscribe(struct cxlfm_ctx *ctx, const char *verb,
			const struct opts *o, struct cxlfm_events **ev)
{
	int rc;

	*ev = NULL;
	if (!(o->given & O_WAIT))
		return 0;
	rc = cxlfm_events_open(ctx, ev);
	return rc ? fail(ctx, verb, rc) : 0;
}

static int vppb_done(struct cxlfm_ctx *ctx, struct cxlfm_events *ev,
		     const char *verb, const struct opts *o, int rc)
{
	const char *status = rc == 1 ? "started" : "done";
	struct json_object *out;

	if (rc < 0) {
		rc = fail(ctx, verb, rc);
	} else if (rc == 1 && ev) {
		rc = bg_follow(ctx, ev, verb, o);
		status = "done";
	} else {
		rc = 0;
	}
	cxlfm_events_close(ev);
	if (rc)
		return rc;
	out = json_object_new_object();
	jcci(out, o->sw);
	jint(out, "vcs", o->vcs);
	jint(out, "vppb", o->vppb);
	if (o->given & O_PORT)
		jint(out, "port", o->port);
	if (o->given & O_LD)
		jint(out, "ld", o->ld);
	jstr(out, "status", status);
	print_json(out);
	return 0;
}

int cmd_bind(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_fm_bind_vppb_req req;
	struct cxlfm_events *ev;
	struct cxlfm_target t;
	struct opts o;
	int rc;

	rc = opts_parse("bind", argc, argv, O_SWITCH | O_VCS | O_VPPB | O_PORT |
			O_LD | O_WAIT | O_TIMEOUT, &o);
	if (rc || (rc = opts_need("bind", &o, O_SWITCH | O_VCS | O_VPPB | O_PORT)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("bind", "unexpected argument '%s'", argv[o.first_arg]);
	ctx = cli_open();
	if (!ctx)
		return 1;
	req.vcs_id = o.vcs;
	req.vppb_id = o.vppb;
	req.port_id = o.port;
	req.ld_id = o.given & O_LD ? o.ld : CXLFM_FM_LD_ID_NONE;
	t = CXLFM_TARGET(o.sw);
	rc = bg_subscribe(ctx, "bind", &o, &ev);
	if (rc)
		return rc;
	rc = cxlfm_bind_vppb(ctx, &t, &req, 0);
	return vppb_done(ctx, ev, "bind", &o, rc);
}

/*
 * A surprise unbind takes the device away from its host without warning:
 * it asks for --force or a confirmation.
 */
int cmd_unbind(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_fm_unbind_vppb_req req;
	struct cxlfm_events *ev;
	struct cxlfm_target t;
	struct opts o;
	int rc;

	rc = opts_parse("unbind", argc, argv, O_SWITCH | O_VCS | O_VPPB |
			O_MODE | O_WAIT | O_TIMEOUT | O_FORCE, &o);
	if (rc || (rc = opts_need("unbind", &o, O_SWITCH | O_VCS | O_VPPB)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("unbind", "unexpected argument '%s'", argv[o.first_arg]);
	if (o.mode == CXLFM_FM_UNBIND_SURPRISE_HOT_REMOVE) {
		rc = confirm("unbind", &o, "surprise-remove vPPB %u of VCS %u of switch %u",
			     o.vppb, o.vcs, o.sw);
		if (rc)
			return rc;
	}
	ctx = cli_open();
	if (!ctx)
		return 1;
	req.vcs_id = o.vcs;
	req.vppb_id = o.vppb;
	req.option = o.mode;
	t = CXLFM_TARGET(o.sw);
	rc = bg_subscribe(ctx, "unbind", &o, &ev);
	if (rc)
		return rc;
	rc = cxlfm_unbind_vppb(ctx, &t, &req, 0);
	return vppb_done(ctx, ev, "unbind", &o, rc);
}
