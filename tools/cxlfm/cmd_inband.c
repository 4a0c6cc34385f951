// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm inband show|set: what the host does when the fabric changes under
 * its switch (the CCI's in-band policy: cxlfm_cci_set_inband_policy(),
 * sysfs inband_policy), and what it does in fact (sysfs inband_effective).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxlfm.h"

/* sysfs inband_effective: "auto", or "notify no-vcs-info"; "" if unread */
static void read_effective(unsigned int id, char *buf, size_t len)
{
	const char *root = getenv("CXLFM_SYSFS_ROOT");
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/class/cxlfm/cxlfm%u/inband_effective",
		 root ? root : "/sys", id);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(buf, len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

static struct json_object *inband_json(const struct cxlfm_cci_info *ci)
{
	struct json_object *o = json_object_new_object();
	char eff[64], *reason;

	jcci(o, ci->id);
	if (numeric)
		jint(o, "policy", ci->inband_policy);
	else if (ci->inband_policy <= CXLFM_INBAND_POLICY_REMOTE)
		jstr(o, "policy", inband_policies[ci->inband_policy]);
	read_effective(ci->id, eff, sizeof(eff));
	if (!eff[0]) {
		jmissing(o, "effective", "sysfs inband_effective could not be read");
		return o;
	}
	reason = strchr(eff, ' ');
	if (reason)
		*reason++ = '\0';
	jstr(o, "effective", eff);
	if (reason)
		jstr(o, "reason", reason);
	return o;
}

static int inband_show(int argc, char **argv)
{
	struct cxlfm_cci_info *list;
	struct cxlfm_ctx *ctx;
	struct json_object *arr;
	struct opts o;
	size_t n, i;
	int rc;

	rc = opts_parse("inband show", argc, argv, O_SWITCH, &o);
	if (rc)
		return rc;
	if (o.first_arg < argc)
		return usage_err("inband show", "unexpected argument '%s'",
				 argv[o.first_arg]);
	ctx = cli_open();
	if (!ctx)
		return 1;
	rc = cxlfm_cci_list(ctx, &list, &n);
	if (rc)
		return fail(ctx, "inband show", rc);
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		if (list[i].is_switch && (!(o.given & O_SWITCH) || list[i].id == o.sw))
			json_object_array_add(arr, inband_json(&list[i]));
	free(list);
	if ((o.given & O_SWITCH) && !json_object_array_length(arr)) {
		json_object_put(arr);
		fprintf(stderr, "cxlfm: inband show: no switch CCI with id %u\n", o.sw);
		return 1;
	}
	print_json(arr);
	return 0;
}

static int inband_set(int argc, char **argv)
{
	struct cxlfm_cci_info ci;
	struct cxlfm_ctx *ctx;
	struct opts o;
	int rc;

	rc = opts_parse("inband set", argc, argv, O_SWITCH | O_POLICY, &o);
	if (rc || (rc = opts_need("inband set", &o, O_SWITCH | O_POLICY)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("inband set", "unexpected argument '%s'",
				 argv[o.first_arg]);
	ctx = cli_open();
	if (!ctx)
		return 1;
	rc = cxlfm_cci_set_inband_policy(ctx, o.sw, o.policy);
	if (!rc)
		rc = cxlfm_cci_get(ctx, o.sw, &ci);
	if (rc)
		return fail(ctx, "inband set", rc);
	/* what the kernel now reports */
	print_json(inband_json(&ci));
	return 0;
}

int cmd_inband(int argc, char **argv)
{
	static const struct subcmd subs[] = {
		{ "show", inband_show },
		{ "set", inband_set },
		{ }
	};

	return run_subcmd("inband", subs, argc, argv);
}
