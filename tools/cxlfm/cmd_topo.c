// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm topo: the fabric as a tree, switch -> VCS -> vPPB -> bound port or
 * LD, with each port's device type and link state (like lspci -tv), or as
 * Graphviz DOT with --dot.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cxlfm.h"

static const char *dev_type(const struct fmapi_port_info *p, char *buf,
			    size_t len)
{
	return enum_name(&fmapi_enum_conn_dev_type, p->conn_dev_type, buf, len);
}

/* "up x16 32 GT/s", "down (detect)", "perst" */
static void link_state(const struct fmapi_port_info *p, char *buf, size_t len)
{
	char speed[24], lt[24];

	if (p->ltssm_state == FMAPI_LTSSM_L0) {
		link_speed(p->cur_link_speed, speed, sizeof(speed));
		snprintf(buf, len, "up x%u %s", p->neg_link_width, speed);
	} else {
		snprintf(buf, len, "down (%s)%s",
			 enum_name(&fmapi_enum_ltssm, p->ltssm_state, lt, sizeof(lt)),
			 fmapi_link_perst_asserted(p->link_flags) ? " perst" : "");
	}
}

static bool port_bound(const struct fabric *f, unsigned int port)
{
	unsigned int v, i;

	for (v = 0; v < f->nr_vcs; v++) {
		const struct fmapi_vcs_info *vi = &f->vcs[v];

		for (i = 0; i < vi->nr_vppb_entries; i++) {
			const struct fmapi_vppb_info *b = &f->vppbs[vi->vppb_first + i];

			if (fmapi_vppb_has_port(b->binding_status) &&
			    b->bound_port_id == port)
				return true;
		}
	}
	return false;
}

static void port_text(const struct fabric *f, unsigned int id, char *buf,
		      size_t len)
{
	const struct fmapi_port_info *p = fabric_port(f, id);
	char type[24], link[48];

	if (!p) {
		snprintf(buf, len, "port %u (not reported)", id);
		return;
	}
	link_state(p, link, sizeof(link));
	if (p->conn_dev_type == FMAPI_DEV_TYPE_NONE)
		snprintf(buf, len, "port %u [%s]", id, link);
	else
		snprintf(buf, len, "port %u %s [%s]", id,
			 dev_type(p, type, sizeof(type)), link);
}

static void tree(const struct cxlfm_cci_info *ci, const struct fabric *f)
{
	unsigned int v, i, nfree = 0;
	char buf[128], st[24];

	for (i = 0; i < f->nr_ports; i++)
		if (f->ports[i].config_state == FMAPI_PORT_DSP &&
		    !port_bound(f, f->ports[i].port_id))
			nfree++;
	printf("switch %u (%s, %u ports, %u VCS)\n", ci->id, ci->transport,
	       f->nr_ports, f->nr_vcs);
	for (v = 0; v < f->nr_vcs; v++) {
		const struct fmapi_vcs_info *vi = &f->vcs[v];
		bool last_vcs = v + 1 == f->nr_vcs && !nfree;
		const char *bar = last_vcs ? " " : "|";

		port_text(f, vi->usp_id, buf, sizeof(buf));
		printf("%s-VCS %u %s, USP %s\n", last_vcs ? "\\" : "+", vi->vcs_id,
		       enum_name(&fmapi_enum_vcs_state, vi->vcs_state, st, sizeof(st)),
		       buf);
		for (i = 0; i < vi->nr_vppb_entries; i++) {
			const struct fmapi_vppb_info *b = &f->vppbs[vi->vppb_first + i];
			const char *br = i + 1 == vi->nr_vppb_entries ? "\\" : "+";

			if (!fmapi_vppb_has_port(b->binding_status)) {
				printf("%s %s-vPPB %u %s\n", bar, br, i,
				       enum_name(&fmapi_enum_vppb_status,
						 b->binding_status, st, sizeof(st)));
				continue;
			}
			port_text(f, b->bound_port_id, buf, sizeof(buf));
			if (fmapi_vppb_has_ld(b->binding_status))
				printf("%s %s-vPPB %u -> LD %u of %s\n", bar, br, i,
				       b->bound_ld_id, buf);
			else
				printf("%s %s-vPPB %u -> %s\n", bar, br, i, buf);
		}
	}
	if (!nfree)
		return;
	printf("\\-unbound downstream ports\n");
	for (i = 0; i < f->nr_ports; i++) {
		const struct fmapi_port_info *p = &f->ports[i];

		if (p->config_state != FMAPI_PORT_DSP || port_bound(f, p->port_id))
			continue;
		port_text(f, p->port_id, buf, sizeof(buf));
		printf("  %s-%s", --nfree ? "+" : "\\", buf);
		if (p->conn_dev_type == FMAPI_DEV_TYPE_CXL_T3_MLD)
			printf(" (%u LDs)", p->supported_ld_count);
		putchar('\n');
	}
}

static void dot_port(unsigned int cci, const struct fmapi_port_info *p)
{
	char type[24], link[48];

	link_state(p, link, sizeof(link));
	printf("\t\"sw%u_p%u\" [label=\"port %u\\n%s%s%s\", color=%s];\n", cci,
	       p->port_id, p->port_id,
	       p->conn_dev_type == FMAPI_DEV_TYPE_NONE ? "" : dev_type(p, type, sizeof(type)),
	       p->conn_dev_type == FMAPI_DEV_TYPE_NONE ? "" : "\\n", link,
	       p->ltssm_state == FMAPI_LTSSM_L0 ? "darkgreen" : "red");
}

static void dot(const struct cxlfm_cci_info *ci, const struct fabric *f)
{
	unsigned int v, i, c = ci->id;
	char st[24];

	printf("\t\"sw%u\" [label=\"switch %u\\n%s\", shape=box3d];\n", c, c,
	       ci->transport);
	for (i = 0; i < f->nr_ports; i++)
		dot_port(c, &f->ports[i]);
	for (v = 0; v < f->nr_vcs; v++) {
		const struct fmapi_vcs_info *vi = &f->vcs[v];

		printf("\t\"sw%u_vcs%u\" [label=\"VCS %u\\n%s\", shape=folder];\n",
		       c, vi->vcs_id, vi->vcs_id,
		       enum_name(&fmapi_enum_vcs_state, vi->vcs_state, st, sizeof(st)));
		printf("\t\"sw%u\" -> \"sw%u_vcs%u\";\n", c, c, vi->vcs_id);
		if (fabric_port(f, vi->usp_id))
			printf("\t\"sw%u_p%u\" -> \"sw%u_vcs%u\" [label=\"USP\", style=bold];\n",
			       c, vi->usp_id, c, vi->vcs_id);
		for (i = 0; i < vi->nr_vppb_entries; i++) {
			const struct fmapi_vppb_info *b = &f->vppbs[vi->vppb_first + i];
			bool to_port = fmapi_vppb_has_port(b->binding_status) &&
				       fabric_port(f, b->bound_port_id);

			printf("\t\"sw%u_vcs%u_vppb%u\" [label=\"vPPB %u\", shape=ellipse%s];\n",
			       c, vi->vcs_id, i, i, to_port ? "" : ", style=dashed");
			printf("\t\"sw%u_vcs%u\" -> \"sw%u_vcs%u_vppb%u\";\n",
			       c, vi->vcs_id, c, vi->vcs_id, i);
			if (!to_port)
				continue;
			if (fmapi_vppb_has_ld(b->binding_status)) {
				printf("\t\"sw%u_p%u_ld%u\" [label=\"LD %u\", shape=component];\n",
				       c, b->bound_port_id, b->bound_ld_id, b->bound_ld_id);
				printf("\t\"sw%u_p%u\" -> \"sw%u_p%u_ld%u\";\n", c,
				       b->bound_port_id, c, b->bound_port_id, b->bound_ld_id);
				printf("\t\"sw%u_vcs%u_vppb%u\" -> \"sw%u_p%u_ld%u\";\n",
				       c, vi->vcs_id, i, c, b->bound_port_id, b->bound_ld_id);
			} else {
				printf("\t\"sw%u_vcs%u_vppb%u\" -> \"sw%u_p%u\";\n",
				       c, vi->vcs_id, i, c, b->bound_port_id);
			}
		}
	}
}

int cmd_topo(struct cxlfm_ctx *ctx, int argc, char **argv)
{
	struct cxlfm_cci_info *list;
	struct fabric *f;
	struct opts o;
	size_t n, i;
	int rc, shown = 0;

	rc = opts_parse("topo", argc, argv, O_SWITCH | O_DOT, &o);
	if (rc)
		return rc;
	if (o.first_arg < argc)
		return usage_err("topo", "unexpected argument '%s'", argv[o.first_arg]);
	rc = cxlfm_cci_list(ctx, &list, &n);
	if (rc)
		return fail(ctx, "topo", rc);
	f = calloc(1, sizeof(*f));
	if (!f) {
		free(list);
		return fail(NULL, "topo", -ENOMEM);
	}
	if (o.given & O_DOT)
		printf("digraph cxlfm {\n\trankdir=TB;\n\tnode [fontname=\"monospace\"];\n");
	for (i = 0; i < n; i++) {
		if (!list[i].is_switch || ((o.given & O_SWITCH) && list[i].id != o.sw))
			continue;
		fabric_init(f, &list[i]);
		rc = fabric_ports(ctx, f);
		if (rc) {
			rc = fail(ctx, "topo: Get Physical Port State", rc);
			break;
		}
		rc = fabric_vcs(ctx, f, -1);
		if (rc) {
			rc = fail(ctx, "topo: Get Virtual CXL Switch Info", rc);
			break;
		}
		if (o.given & O_DOT)
			dot(&list[i], f);
		else
			tree(&list[i], f);
		shown++;
	}
	if (o.given & O_DOT)
		printf("}\n");
	if (!rc && (o.given & O_SWITCH) && !shown) {
		fprintf(stderr, "cxlfm: topo: no switch with id %u\n", o.sw);
		rc = 1;
	}
	free(list);
	free(f);
	return rc;
}
