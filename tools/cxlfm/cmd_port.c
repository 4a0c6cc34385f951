// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm port show|control: Get Physical Port State of every switch's ports
 * (one dump), Physical Port Control (CXL r3.2 §7.6.7.1.2-3).
 */
#include <stdlib.h>

#include "cxlfm.h"

struct port_walk {
	const struct opts *o;
	struct json_object *arr;
};

static int port_one(struct cxlfm_ctx *ctx, unsigned int cci, void *rsp,
		    void *arg)
{
	const struct cxlfm_fm_get_phys_port_state_rsp *r = rsp;
	struct port_walk *w = arg;
	struct json_object *po;
	unsigned int i;

	(void)ctx;
	for (i = 0; i < r->num_ports; i++) {
		if ((w->o->given & O_PORT) && r->ports[i].port_id != w->o->port)
			continue;
		po = port_json(&r->ports[i]);
		jcci(po, cci);
		json_object_array_add(w->arr, po);
	}
	return 0;
}

/*
 * The dump leaves out the switches whose CEL lacks Get Physical Port
 * State: name them.  Return: how many there were.
 */
static int port_show_missing(struct cxlfm_ctx *ctx, const struct opts *o)
{
	struct cxlfm_cci_info *list;
	uint16_t *cel = NULL;
	size_t n, i, nr;
	int missing = 0;
	char why[128];

	if (cxlfm_cci_list(ctx, &list, &n))
		return 0;	/* the dump said all it could */
	for (i = 0; i < n; i++) {
		if (!list[i].is_switch || ((o->given & O_SWITCH) && list[i].id != o->sw))
			continue;
		cel_read(ctx, list[i].id, &cel, &nr);
		if (cel_lists(cel, nr, CXLFM_FM_OP_GET_PHYS_PORT_STATE))
			continue;
		unsupported_why(CXLFM_FM_OP_GET_PHYS_PORT_STATE, 0, why, sizeof(why));
		fprintf(stderr, "cxlfm: port show: switch %u: ports not shown: %s\n",
			list[i].id, why);
		missing++;
	}
	free(cel);
	free(list);
	return missing;
}

static int port_show(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_fm_port_info port;
	struct cxlfm_fm_get_phys_port_state_rsp rsp = { .ports = &port,
						     .ports_cap = 1 };
	struct port_walk w;
	struct opts o;
	int rc, tries = 0;

	rc = opts_parse("port show", argc, argv, O_SWITCH | O_PORT, &o);
	if (rc)
		return rc;
	if (o.first_arg < argc)
		return usage_err("port show", "unexpected argument '%s'",
				 argv[o.first_arg]);
	ctx = cli_open();
	if (!ctx)
		return 1;
	w.o = &o;
	/* a switch that came or went during the dump: read them all again */
	do {
		if (tries)
			json_object_put(w.arr);
		w.arr = json_object_new_array();
		rc = cxlfm_get_phys_port_state_dump(ctx, o.given & O_SWITCH ?
						    (long)o.sw : -1, &rsp,
						    port_one, &w);
	} while (rc == -EINTR && ++tries < 3);
	if (rc) {
		json_object_put(w.arr);
		return fail(ctx, "port show", rc);
	}
	/* a port not found may be on a switch left out: not an error */
	if (!port_show_missing(ctx, &o) && (o.given & O_PORT) &&
	    !json_object_array_length(w.arr)) {
		json_object_put(w.arr);
		fprintf(stderr, "cxlfm: port show: no port %u%s\n", o.port,
			o.given & O_SWITCH ? " on this switch" : " on any switch");
		return 1;
	}
	print_json(w.arr);
	return 0;
}

/*
 * Physical Port Control (port_ops[]): a reset or PERST# cuts the device on
 * the port off from its host, so it asks for --force or a confirmation.
 */
static int port_control(int argc, char **argv)
{
	struct cxlfm_fm_phys_port_control_req req;
	struct cxlfm_ctx *ctx;
	struct cxlfm_target t;
	struct json_object *out;
	struct opts o;
	unsigned int i;
	int rc;

	rc = opts_parse("port control", argc, argv, O_SWITCH | O_PORT | O_FORCE, &o);
	if (rc || (rc = opts_need("port control", &o, O_SWITCH | O_PORT)) ||
	    (rc = opts_one_arg("port control", argc, argv, &o)))
		return rc;
	i = o.arg;
	if (i == CXLFM_FM_PORT_OP_RESET_PPB)
		rc = confirm("port control", &o, "reset port %u of switch %u", o.port, o.sw);
	else if (i == CXLFM_FM_PORT_OP_ASSERT_PERST)
		rc = confirm("port control", &o, "assert PERST# on port %u of switch %u",
			     o.port, o.sw);
	if (rc)
		return rc;
	ctx = cli_open();
	if (!ctx)
		return 1;
	req.ppb_id = o.port;
	req.port_op = i;
	t = CXLFM_TARGET(o.sw);
	rc = cxlfm_phys_port_control(ctx, &t, &req, 0);
	if (rc < 0)
		return fail(ctx, "port control", rc);
	out = json_object_new_object();
	jcci(out, o.sw);
	jint(out, "port", o.port);
	jstr(out, "operation", port_ops[i]);
	jstr(out, "status", rc ? "started" : "done");
	print_json(out);
	return 0;
}

int cmd_port(int argc, char **argv)
{
	static const struct subcmd subs[] = {
		{ "show", port_show },
		{ "control", port_control },
		{ }
	};

	return run_subcmd("port", subs, argc, argv);
}
