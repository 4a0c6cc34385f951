// SPDX-License-Identifier: GPL-2.0
/*
 * Print the FM-API codec's command descriptors as JSON, for
 * gen_fm_netlink.py: the netlink attributes and ops of the typed FM-API
 * family are derived from the same tables the codec encodes and decodes
 * with, so the two cannot drift apart.
 */
#include <stdio.h>

#include "fmapi.h"

static void print_fields(const char *key, const struct fmapi_field *f,
			 unsigned int nr)
{
	unsigned int i;

	printf("\"%s\": [", key);
	for (i = 0; i < nr; i++)
		printf("%s{\"name\": \"%s\", \"bytes\": %s, \"size\": %u, \"st_size\": %u, \"mask\": %llu, \"alias\": %s}",
		       i ? ", " : "", f[i].name,
		       f[i].type == FMAPI_T_BYTES ? "true" : "false",
		       f[i].size, f[i].st_size, f[i].mask,
		       f[i].flags & FMAPI_FF_ALIAS ? "true" : "false");
	printf("]");
}

static void print_layout(const struct fmapi_layout *l, int vcs_info)
{
	if (!l) {
		printf("null");
		return;
	}
	printf("{");
	print_fields("fields", l->fields, l->nr_fields);
	printf(", \"list\": ");
	if (l->list) {
		printf("{\"name\": \"%s\", \"count_field\": %d, ",
		       l->list->name, l->list->count_field);
		print_fields("elem", l->list->elem_fields,
			     l->list->nr_elem_fields);
		if (vcs_info) {
			printf(", \"sublist\": {\"name\": \"vppbs\", ");
			print_fields("elem", fmapi_vppb_info_fields,
				     fmapi_nr_vppb_info_fields);
			printf("}");
		}
		printf("}");
	} else {
		printf("null");
	}
	printf(", ");
	print_fields("tail", l->tail, l->nr_tail);
	printf("}");
}

int main(void)
{
	unsigned int i, n = fmapi_cmd_count();

	printf("[\n");
	for (i = 0; i < n; i++) {
		const struct fmapi_cmd *c = fmapi_cmd_at(i);

		printf("{\"opcode\": %u, \"name\": \"%s\", \"bg\": %s, \"req\": ",
		       c->opcode, c->name, c->flags & FMAPI_CF_BG ? "true" : "false");
		print_layout(c->req, 0);
		printf(", \"rsp\": ");
		print_layout(c->rsp, c->opcode == FMAPI_OP_GET_VCS_INFO);
		printf("}%s\n", i + 1 < n ? "," : "");
	}
	printf("]\n");
	return 0;
}
