// SPDX-License-Identifier: MIT
/*
 * list-switches: the CXL switches cxlfm manages, one line each.  An example
 * of a program built outside the cxlfm tree against an installed libcxlfm:
 *
 *   cc -o list-switches list-switches.c $(pkg-config --cflags --libs libcxlfm)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cxlfm/libcxlfm.h>

int main(int argc, char **argv)
{
	struct cxlfm_cci_info *list;
	struct cxlfm_ctx *ctx;
	size_t n, i;
	int rc;

	if (argc > 1) {
		printf("usage: %s\n"
		       "List the CXL switches the cxlfm kernel module manages:\n"
		       "CCI id, active ports, virtual CXL switches, bound vPPBs,\n"
		       "transport.\n", argv[0]);
		return strcmp(argv[1], "--help") ? 2 : 0;
	}
	rc = cxlfm_new(&ctx);
	if (rc) {
		fprintf(stderr, "%s: %s\n", argv[0], rc == -ENOENT ?
			"the cxlfm kernel module is not loaded" : strerror(-rc));
		return 1;
	}
	rc = cxlfm_cci_list(ctx, &list, &n);
	if (rc) {
		fprintf(stderr, "%s: %s %s\n", argv[0], strerror(-rc), cxlfm_last_error(ctx));
		cxlfm_unref(ctx);
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct cxlfm_target sw = CXLFM_TARGET(list[i].id);
		struct cxlfm_fm_identify_switch_rsp id;
		unsigned int p, active = 0;

		if (!list[i].is_switch)
			continue;
		/* a typed FM-API call: Identify Switch Device */
		if (cxlfm_identify_switch(ctx, &sw, &id, 0) < 0) {
			fprintf(stderr, "cxlfm%u: %s\n", list[i].id,
				cxlfm_last_error(ctx));
			continue;
		}
		for (p = 0; p < 256; p++)
			active += id.active_ports[p / 8] >> (p % 8) & 1;
		printf("cxlfm%u: %u active ports, %u VCS, %u vPPBs bound, %s\n",
		       list[i].id, active, id.num_vcs, id.num_bound_vppbs,
		       list[i].transport);
	}
	free(list);
	cxlfm_unref(ctx);
	return 0;
}
