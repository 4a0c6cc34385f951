// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm list: the CCIs cxlfm owns; with -v each switch's ports and VCSs,
 * with -vv also the LDs of its MLD ports.
 */
#include <errno.h>
#include <stdlib.h>

#include "cxlfm.h"

/*
 * -vv: the LDs behind each MLD port, read through a tunnel.  Without the
 * tunnel in the switch's CEL, or with an MLD that does not answer Get LD
 * Info or Get LD Allocations, "mld" is null and "not_supported" says why.
 */
static int add_lds(struct cxlfm_ctx *ctx, const struct fabric *f,
		   const struct cxlfm_fm_port_info *p, struct json_object *po)
{
	struct cxlfm_target t = CXLFM_TARGET(f->cci);
	struct json_object *lds;
	char why[128];
	int rc;

	if (p->conn_dev_type != CXLFM_FM_DEV_TYPE_CXL_T3_MLD)
		return 0;
	if (!cel_lists(f->cel, f->nr_cel, CXLFM_FM_OP_TUNNEL)) {
		fabric_why(f, CXLFM_FM_OP_TUNNEL, why, sizeof(why));
		jmissing(po, "mld", why);
		return 0;
	}
	t.tunnel_port = p->port_id;
	rc = ld_json(ctx, &t, f->payload, &lds);
	if (rc == -EOPNOTSUPP) {
		snprintf(why, sizeof(why), "the MLD does not support Get LD Info or Get LD Allocations: %s",
			 cxlfm_last_error(ctx));
		jmissing(po, "mld", why);
		return 0;
	}
	if (rc)
		return fail(ctx, "list: LDs of an MLD port", rc);
	json_object_object_add(po, "mld", lds);
	return 0;
}

static int add_switch(struct cxlfm_ctx *ctx, const struct opts *o,
		      struct fabric *f, struct json_object *so)
{
	struct json_object *a = NULL;
	unsigned int i;
	char why[128];
	int rc;

	rc = fabric_ports(ctx, f);
	if (rc == -EOPNOTSUPP) {
		fabric_why(f, CXLFM_FM_OP_GET_PHYS_PORT_STATE, why, sizeof(why));
		jmissing(so, "port_list", why);
	} else if (rc) {
		return fail(ctx, "list: Get Physical Port State", rc);
	} else {
		a = json_object_new_array();
		json_object_object_add(so, "port_list", a);
	}
	for (i = 0; i < f->nr_ports; i++) {
		struct json_object *po;

		if ((o->given & O_PORT) && f->ports[i].port_id != o->port)
			continue;
		po = port_json(&f->ports[i]);
		json_object_array_add(a, po);
		if (verbose > 1 && add_lds(ctx, f, &f->ports[i], po))
			return 1;
	}
	rc = fabric_vcs(ctx, f, o->given & O_VCS ? o->vcs : -1);
	if (rc == -EOPNOTSUPP) {
		fabric_why(f, CXLFM_FM_OP_GET_VCS_INFO, why, sizeof(why));
		jmissing(so, "vcs_list", why);
		return 0;
	}
	if (rc)
		return fail(ctx, "list: Get Virtual CXL Switch Info", rc);
	a = json_object_new_array();
	json_object_object_add(so, "vcs_list", a);
	for (i = 0; i < f->nr_vcs; i++)
		json_object_array_add(a, vcs_json(f, &f->vcs[i]));
	return 0;
}

int cmd_list(int argc, char **argv)
{
	struct json_object *arr, *so;
	struct cxlfm_ctx *ctx;
	struct cxlfm_cci_info *list;
	struct fabric *f = NULL;
	struct opts o;
	size_t n, i;
	int rc;

	rc = opts_parse("list", argc, argv, O_SWITCH | O_PORT | O_VCS, &o);
	if (rc)
		return rc;
	if (o.first_arg < argc)
		return usage_err("list", "unexpected argument '%s'", argv[o.first_arg]);
	ctx = cli_open();
	if (!ctx)
		return 1;
	rc = cxlfm_cci_list(ctx, &list, &n);
	if (rc)
		return fail(ctx, "list", rc);
	if (verbose && !(f = calloc(1, sizeof(*f)))) {
		free(list);
		return fail(NULL, "list", -ENOMEM);
	}
	arr = json_object_new_array();
	for (i = 0; i < n && !rc; i++) {
		if ((o.given & O_SWITCH) && list[i].id != o.sw)
			continue;
		so = cci_json(&list[i]);
		json_object_array_add(arr, so);
		if (verbose && list[i].is_switch) {
			fabric_init(ctx, f, &list[i]);
			rc = add_switch(ctx, &o, f, so);
			fabric_fini(f);
		}
	}
	if ((o.given & O_SWITCH) && !rc && !json_object_array_length(arr)) {
		fprintf(stderr, "cxlfm: list: no CCI with id %u\n", o.sw);
		rc = 1;
	}
	free(list);
	free(f);
	if (rc) {
		json_object_put(arr);
		return rc;
	}
	print_json(arr);
	return 0;
}
