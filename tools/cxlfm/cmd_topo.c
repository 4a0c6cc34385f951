// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm topo: the fabric as a tree, switch -> VCS -> vPPB -> bound port or
 * LD, with each port's device type and link state (like lspci -tv), as
 * Graphviz DOT with --dot, or as JSON with --json.  What a switch does not
 * support (its ports or its VCSs) is left out with a line saying why.
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxlfm.h"

static const char *dev_type(const struct cxlfm_fm_port_info *p, char *buf,
			    size_t len)
{
	return enum_name(CXLFM_FM_ENUM_CONN_DEV_TYPE, p->conn_dev_type, buf, len);
}

/*
 * "up x16 32 GT/s", "down (detect)", "perst"; a link in another LTSSM
 * state with a negotiated width, such as the L2 some switches report on
 * healthy links, by its state: "l2 x16 32 GT/s".
 */
static void link_state(const struct cxlfm_fm_port_info *p, char *buf, size_t len)
{
	char speed[24], lt[24];

	link_speed(p->cur_link_speed, speed, sizeof(speed));
	if (p->ltssm_state == CXLFM_FM_LTSSM_L0) {
		snprintf(buf, len, "up x%u %s", p->neg_link_width, speed);
	} else if (p->neg_link_width) {
		snprintf(buf, len, "%s x%u %s",
			 enum_name(CXLFM_FM_ENUM_LTSSM, p->ltssm_state, lt, sizeof(lt)),
			 p->neg_link_width, speed);
	} else {
		snprintf(buf, len, "down (%s)%s",
			 enum_name(CXLFM_FM_ENUM_LTSSM, p->ltssm_state, lt, sizeof(lt)),
			 cxlfm_fm_link_perst_asserted(p->link_flags) ? " perst" : "");
	}
}

static bool port_bound(const struct fabric *f, unsigned int port)
{
	unsigned int v, i;

	for (v = 0; v < f->nr_vcs; v++) {
		const struct cxlfm_fm_vcs_info *vi = &f->vcs[v];

		for (i = 0; i < vi->nr_vppb_entries; i++) {
			const struct cxlfm_fm_vppb_info *b = &f->vppbs[vi->vppb_first + i];

			if (cxlfm_fm_vppb_has_port(b->binding_status) &&
			    b->bound_port_id == port)
				return true;
		}
	}
	return false;
}

static void port_text(const struct fabric *f, unsigned int id, char *buf,
		      size_t len)
{
	const struct cxlfm_fm_port_info *p = fabric_port(f, id);
	char type[24], link[48];

	if (!p) {
		snprintf(buf, len, "port %u (not reported)", id);
		return;
	}
	link_state(p, link, sizeof(link));
	if (p->conn_dev_type == CXLFM_FM_DEV_TYPE_NONE)
		snprintf(buf, len, "port %u [%s]", id, link);
	else
		snprintf(buf, len, "port %u %s [%s]", id,
			 dev_type(p, type, sizeof(type)), link);
}

/* What a switch could not tell: "" where it did. */
struct topo_missing {
	char ports[128];
	char vcs[128];
};

static void tree(const struct cxlfm_cci_info *ci, const struct fabric *f,
		 const struct topo_missing *m)
{
	unsigned int v, i, nfree = 0;
	char buf[128], st[24];

	for (i = 0; i < f->nr_ports; i++)
		if (f->ports[i].config_state == CXLFM_FM_PORT_DSP &&
		    !port_bound(f, f->ports[i].port_id))
			nfree++;
	printf("switch %u (%s, ", ci->id, ci->transport);
	if (*m->ports)
		printf("ports unknown, ");
	else
		printf("%u ports, ", f->nr_ports);
	if (*m->vcs)
		printf("VCSs unknown)\n");
	else
		printf("%u VCS)\n", f->nr_vcs);
	if (*m->ports)
		printf("%s-ports not shown: %s\n",
		       f->nr_vcs || *m->vcs ? "+" : "\\", m->ports);
	if (*m->vcs)
		printf("%s-VCSs not shown: %s\n", nfree ? "+" : "\\", m->vcs);
	for (v = 0; v < f->nr_vcs; v++) {
		const struct cxlfm_fm_vcs_info *vi = &f->vcs[v];
		bool last_vcs = v + 1 == f->nr_vcs && !nfree;
		const char *bar = last_vcs ? " " : "|";

		port_text(f, vi->usp_id, buf, sizeof(buf));
		printf("%s-VCS %u %s, USP %s\n", last_vcs ? "\\" : "+", vi->vcs_id,
		       enum_name(CXLFM_FM_ENUM_VCS_STATE, vi->vcs_state, st, sizeof(st)),
		       buf);
		for (i = 0; i < vi->nr_vppb_entries; i++) {
			const struct cxlfm_fm_vppb_info *b = &f->vppbs[vi->vppb_first + i];
			const char *br = i + 1 == vi->nr_vppb_entries ? "\\" : "+";

			if (!cxlfm_fm_vppb_has_port(b->binding_status)) {
				printf("%s %s-vPPB %u %s\n", bar, br, i,
				       enum_name(CXLFM_FM_ENUM_VPPB_STATUS,
						 b->binding_status, st, sizeof(st)));
				continue;
			}
			port_text(f, b->bound_port_id, buf, sizeof(buf));
			if (cxlfm_fm_vppb_has_ld(b->binding_status))
				printf("%s %s-vPPB %u -> LD %u of %s\n", bar, br, i,
				       b->bound_ld_id, buf);
			else
				printf("%s %s-vPPB %u -> %s\n", bar, br, i, buf);
		}
	}
	if (!nfree)
		return;
	/* without the VCSs, which port is bound is not known */
	printf("\\-%s\n", *m->vcs ? "downstream ports (bindings unknown)" :
				     "unbound downstream ports");
	for (i = 0; i < f->nr_ports; i++) {
		const struct cxlfm_fm_port_info *p = &f->ports[i];

		if (p->config_state != CXLFM_FM_PORT_DSP || port_bound(f, p->port_id))
			continue;
		port_text(f, p->port_id, buf, sizeof(buf));
		printf("  %s-%s", --nfree ? "+" : "\\", buf);
		if (p->conn_dev_type == CXLFM_FM_DEV_TYPE_CXL_T3_MLD)
			printf(" (%u LDs)", p->supported_ld_count);
		putchar('\n');
	}
}

static void dot_port(unsigned int cci, const struct cxlfm_fm_port_info *p)
{
	char type[24], link[48];

	link_state(p, link, sizeof(link));
	printf("\t\"sw%u_p%u\" [label=\"port %u\\n%s%s%s\", color=%s];\n", cci,
	       p->port_id, p->port_id,
	       p->conn_dev_type == CXLFM_FM_DEV_TYPE_NONE ? "" : dev_type(p, type, sizeof(type)),
	       p->conn_dev_type == CXLFM_FM_DEV_TYPE_NONE ? "" : "\\n", link,
	       p->ltssm_state == CXLFM_FM_LTSSM_L0 ? "darkgreen" :
	       p->neg_link_width ? "orange" : "red");
}

/* A note hanging from the switch: what it did not tell, and why. */
static void dot_missing(unsigned int cci, const char *what, const char *why)
{
	printf("\t\"sw%u_no_%s\" [label=\"%s not shown:\\n%s\", shape=note];\n",
	       cci, what, what, why);
	printf("\t\"sw%u\" -> \"sw%u_no_%s\" [style=dotted];\n", cci, cci, what);
}

static void dot(const struct cxlfm_cci_info *ci, const struct fabric *f,
		const struct topo_missing *m)
{
	unsigned int v, i, c = ci->id;
	char st[24];

	printf("\t\"sw%u\" [label=\"switch %u\\n%s\", shape=box3d];\n", c, c,
	       ci->transport);
	if (*m->ports)
		dot_missing(c, "ports", m->ports);
	if (*m->vcs)
		dot_missing(c, "VCSs", m->vcs);
	for (i = 0; i < f->nr_ports; i++) {
		dot_port(c, &f->ports[i]);
		/* no VCS holds them: hang them from the switch itself */
		if (*m->vcs)
			printf("\t\"sw%u\" -> \"sw%u_p%u\" [style=dotted];\n",
			       c, c, f->ports[i].port_id);
	}
	for (v = 0; v < f->nr_vcs; v++) {
		const struct cxlfm_fm_vcs_info *vi = &f->vcs[v];

		printf("\t\"sw%u_vcs%u\" [label=\"VCS %u\\n%s\", shape=folder];\n",
		       c, vi->vcs_id, vi->vcs_id,
		       enum_name(CXLFM_FM_ENUM_VCS_STATE, vi->vcs_state, st, sizeof(st)));
		printf("\t\"sw%u\" -> \"sw%u_vcs%u\";\n", c, c, vi->vcs_id);
		if (fabric_port(f, vi->usp_id))
			printf("\t\"sw%u_p%u\" -> \"sw%u_vcs%u\" [label=\"USP\", style=bold];\n",
			       c, vi->usp_id, c, vi->vcs_id);
		for (i = 0; i < vi->nr_vppb_entries; i++) {
			const struct cxlfm_fm_vppb_info *b = &f->vppbs[vi->vppb_first + i];
			bool to_port = cxlfm_fm_vppb_has_port(b->binding_status) &&
				       fabric_port(f, b->bound_port_id);

			printf("\t\"sw%u_vcs%u_vppb%u\" [label=\"vPPB %u\", shape=ellipse%s];\n",
			       c, vi->vcs_id, i, i, to_port ? "" : ", style=dashed");
			printf("\t\"sw%u_vcs%u\" -> \"sw%u_vcs%u_vppb%u\";\n",
			       c, vi->vcs_id, c, vi->vcs_id, i);
			if (!to_port)
				continue;
			if (cxlfm_fm_vppb_has_ld(b->binding_status)) {
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

/* The vPPBs bound to port @id (several for an MLD's LDs). */
static struct json_object *bound_json(const struct fabric *f, unsigned int id)
{
	struct json_object *a = json_object_new_array(), *e;
	unsigned int v, i;

	for (v = 0; v < f->nr_vcs; v++) {
		const struct cxlfm_fm_vcs_info *vi = &f->vcs[v];

		for (i = 0; i < vi->nr_vppb_entries; i++) {
			const struct cxlfm_fm_vppb_info *b = &f->vppbs[vi->vppb_first + i];

			if (!cxlfm_fm_vppb_has_port(b->binding_status) ||
			    b->bound_port_id != id)
				continue;
			e = json_object_new_object();
			jint(e, "vcs", vi->vcs_id);
			jint(e, "vppb", i);
			if (cxlfm_fm_vppb_has_ld(b->binding_status))
				jint(e, "ld", b->bound_ld_id);
			json_object_array_add(a, e);
		}
	}
	return a;
}

#define BDF_LEN	16	/* "0000:00:00.0" */

/*
 * This host's side of a switch, from sysfs: the PCI address of the
 * switch's upstream port above which the host sits, and the downstream
 * ports below it in device/function order.  The kernel maps vPPB i of the
 * host's VCS to the i-th of them (Documentation/design.md); the host's
 * VCS is the enabled one whose USP is the port Identify Switch Device
 * came in on.
 */
struct host_side {
	char usp[BDF_LEN];
	char dsp[FAB_MAX_PORTS][BDF_LEN];
	unsigned int nr_dsp;
	int vcs;		/* -1: unknown */
};

static const char *sysfs_root(void)
{
	const char *root = getenv("CXLFM_SYSFS_ROOT");

	return root ? root : "/sys";
}

/* Whether @name is a PCI address and @dir/@name a bridge (class 0x0604). */
static bool pci_bridge(const char *dir, const char *name)
{
	unsigned int d, b, s, f, class = 0;
	char path[PATH_MAX];
	FILE *fp;

	if (sscanf(name, "%x:%x:%x.%x", &d, &b, &s, &f) != 4 ||
	    strlen(name) != 12)
		return false;
	snprintf(path, sizeof(path), "%s/%s/class", dir, name);
	fp = fopen(path, "r");
	if (!fp)
		return false;
	if (fscanf(fp, "%x", &class) != 1)
		class = 0;
	fclose(fp);
	return class >> 8 == 0x0604;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * The upstream port of CCI @id: for a PCI mailbox, the bridge function of
 * its own device (where the kernel finds it, drivers/cxlfm/pci.c); for the
 * simulator, the usp= it was created with.
 */
static bool host_usp(unsigned int id, char *usp)
{
	char dev[PATH_MAX], path[PATH_MAX + 32], sub[PATH_MAX], buf[512];
	char *slot, *u;
	struct dirent *d;
	ssize_t n;
	DIR *dir;
	FILE *fp;
	bool found = false;

	snprintf(path, sizeof(path), "%s/class/cxlfm/cxlfm%u/device", sysfs_root(), id);
	if (!realpath(path, dev))
		return false;
	snprintf(path, sizeof(path), "%s/subsystem", dev);
	n = readlink(path, sub, sizeof(sub) - 1);
	if (n <= 0)
		return false;
	sub[n] = '\0';
	if (!strcmp(basename(sub), "cxlfm_sim")) {
		snprintf(path, sizeof(path), "%s/config", dev);
		fp = fopen(path, "r");
		if (!fp)
			return false;
		if (!fgets(buf, sizeof(buf), fp))
			buf[0] = '\0';
		fclose(fp);
		u = strstr(buf, " usp=");
		return u && sscanf(u + 5, "%15[0-9a-fA-F:.]", usp) == 1;
	}
	if (strcmp(basename(sub), "pci"))
		return false;
	/* "0000:0c:00.1": the functions of device "0000:0c:00." */
	slot = basename(dev);
	if (strlen(slot) != 12)
		return false;
	snprintf(buf, sizeof(buf), "%.11s", slot);
	snprintf(path, sizeof(path), "%s", dev);
	dir = opendir(dirname(path));
	while (dir && (d = readdir(dir)) && !found) {
		if (strncmp(d->d_name, buf, 11) || !pci_bridge(path, d->d_name))
			continue;
		snprintf(usp, BDF_LEN, "%.15s", d->d_name);
		found = true;
	}
	if (dir)
		closedir(dir);
	return found;
}

static void host_side(const struct cxlfm_cci_info *ci, const struct fabric *f,
		      struct host_side *h)
{
	char path[PATH_MAX];
	struct dirent *d;
	unsigned int v;
	DIR *dir;

	h->nr_dsp = 0;
	h->vcs = -1;
	if (!host_usp(ci->id, h->usp)) {
		h->usp[0] = '\0';
		return;
	}
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s", sysfs_root(), h->usp);
	dir = opendir(path);
	while (dir && (d = readdir(dir)) && h->nr_dsp < FAB_MAX_PORTS)
		if (pci_bridge(path, d->d_name))
			snprintf(h->dsp[h->nr_dsp++], BDF_LEN, "%.15s", d->d_name);
	if (dir)
		closedir(dir);
	qsort(h->dsp, h->nr_dsp, BDF_LEN, cmp_name);
	for (v = 0; f->have_id && v < f->nr_vcs; v++)
		if (f->vcs[v].vcs_state == CXLFM_FM_VCS_ENABLED &&
		    f->vcs[v].usp_id == f->id.ingress_port_id)
			h->vcs = f->vcs[v].vcs_id;
}

/* The host's bridge for port @id: its USP, or the DSP of a host vPPB. */
static const char *host_bridge(const struct fabric *f, const struct host_side *h,
			       unsigned int id)
{
	unsigned int v, i;

	if (!h->usp[0])
		return NULL;
	if (f->have_id && id == f->id.ingress_port_id)
		return h->usp;
	for (v = 0; v < f->nr_vcs; v++) {
		const struct cxlfm_fm_vcs_info *vi = &f->vcs[v];

		if ((int)vi->vcs_id != h->vcs)
			continue;
		for (i = 0; i < vi->nr_vppb_entries && i < h->nr_dsp; i++) {
			const struct cxlfm_fm_vppb_info *b = &f->vppbs[vi->vppb_first + i];

			if (cxlfm_fm_vppb_has_port(b->binding_status) &&
			    b->bound_port_id == id)
				return h->dsp[i];
		}
	}
	return NULL;
}

/*
 * --json: per switch its "ports" (the objects port show prints, each with
 * the vPPBs it is "bound_to") and its "vcs_list" (those of vcs show); what
 * the switch does not support is null, and "not_supported" says why.  On
 * the host behind the switch, "host" names its upstream port and VCS, and
 * each local port, and each vPPB of the host's VCS, has the "pci_dev" of
 * the host's bridge for it.
 */
static struct json_object *topo_json(const struct cxlfm_cci_info *ci,
				     const struct fabric *f,
				     const struct topo_missing *m,
				     struct host_side *h)
{
	struct json_object *o = json_object_new_object(), *a, *po, *ho, *vo, *b;
	const char *bdf;
	unsigned int i, k;

	jcci(o, ci->id);
	jstr(o, "transport", ci->transport);
	host_side(ci, f, h);
	if (h->usp[0]) {
		ho = json_object_new_object();
		jstr(ho, "usp", h->usp);
		if (h->vcs >= 0)
			jint(ho, "vcs", h->vcs);
		json_object_object_add(o, "host", ho);
	}
	if (*m->ports) {
		jmissing(o, "ports", m->ports);
	} else {
		a = json_object_new_array();
		for (i = 0; i < f->nr_ports; i++) {
			po = port_json(&f->ports[i]);
			bdf = host_bridge(f, h, f->ports[i].port_id);
			if (bdf)
				jstr(po, "pci_dev", bdf);
			if (!*m->vcs)
				json_object_object_add(po, "bound_to",
						       bound_json(f, f->ports[i].port_id));
			json_object_array_add(a, po);
		}
		json_object_object_add(o, "ports", a);
	}
	if (*m->vcs) {
		jmissing(o, "vcs_list", m->vcs);
	} else {
		a = json_object_new_array();
		for (i = 0; i < f->nr_vcs; i++) {
			vo = vcs_json(f, &f->vcs[i]);
			json_object_array_add(a, vo);
			if ((int)f->vcs[i].vcs_id != h->vcs ||
			    !json_object_object_get_ex(vo, "vppbs", &b))
				continue;
			for (k = 0; k < json_object_array_length(b) && k < h->nr_dsp; k++)
				jstr(json_object_array_get_idx(b, k), "pci_dev", h->dsp[k]);
		}
		json_object_object_add(o, "vcs_list", a);
	}
	return o;
}

/*
 * Read switch @ci into @f; what it does not support goes into @m.
 * Return: 0, or the exit status after saying what failed.
 */
static int topo_read(struct cxlfm_ctx *ctx, const struct cxlfm_cci_info *ci,
		     struct fabric *f, struct topo_missing *m)
{
	int rc;

	*m = (struct topo_missing){};
	fabric_init(ctx, f, ci);
	rc = fabric_ports(ctx, f);
	if (rc == -EOPNOTSUPP)
		fabric_why(f, CXLFM_FM_OP_GET_PHYS_PORT_STATE, m->ports,
			   sizeof(m->ports));
	else if (rc)
		return fail(ctx, "topo: Get Physical Port State", rc);
	rc = fabric_vcs(ctx, f, -1);
	if (rc == -EOPNOTSUPP)
		fabric_why(f, CXLFM_FM_OP_GET_VCS_INFO, m->vcs, sizeof(m->vcs));
	else if (rc)
		return fail(ctx, "topo: Get Virtual CXL Switch Info", rc);
	return 0;
}

int cmd_topo(int argc, char **argv)
{
	struct json_object *arr = NULL;
	struct host_side *h = NULL;
	struct cxlfm_ctx *ctx;
	struct cxlfm_cci_info *list;
	struct topo_missing m;
	struct fabric *f;
	struct opts o;
	size_t n, i;
	int rc, shown = 0;

	rc = opts_parse("topo", argc, argv, O_SWITCH | O_DOT | O_JSON, &o);
	if (rc)
		return rc;
	if (o.first_arg < argc)
		return usage_err("topo", "unexpected argument '%s'", argv[o.first_arg]);
	if ((o.given & O_DOT) && (o.given & O_JSON))
		return usage_err("topo", "--dot and --json are two forms: choose one");
	ctx = cli_open();
	if (!ctx)
		return 1;
	rc = cxlfm_cci_list(ctx, &list, &n);
	if (rc)
		return fail(ctx, "topo", rc);
	f = calloc(1, sizeof(*f));
	if (o.given & O_JSON)
		h = calloc(1, sizeof(*h));
	if (!f || ((o.given & O_JSON) && !h)) {
		free(f);
		free(list);
		return fail(NULL, "topo", -ENOMEM);
	}
	if (o.given & O_DOT)
		printf("digraph cxlfm {\n\trankdir=TB;\n\tnode [fontname=\"monospace\"];\n");
	if (o.given & O_JSON)
		arr = json_object_new_array();
	for (i = 0; i < n && !rc; i++) {
		if (!list[i].is_switch || ((o.given & O_SWITCH) && list[i].id != o.sw))
			continue;
		rc = topo_read(ctx, &list[i], f, &m);
		if (!rc && (o.given & O_DOT))
			dot(&list[i], f, &m);
		else if (!rc && (o.given & O_JSON))
			json_object_array_add(arr, topo_json(&list[i], f, &m, h));
		else if (!rc)
			tree(&list[i], f, &m);
		fabric_fini(f);
		shown++;
	}
	if (o.given & O_DOT)
		printf("}\n");
	if (!rc && (o.given & O_SWITCH) && !shown) {
		fprintf(stderr, "cxlfm: topo: no switch with id %u\n", o.sw);
		rc = 1;
	}
	if (arr && !rc)
		print_json(arr);
	else if (arr)
		json_object_put(arr);
	free(list);
	free(f);
	free(h);
	return rc;
}
