// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm raw: one command to a CCI as it is, hex in and hex out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cxlfm.h"
#include "opcode.h"

int cmd_raw(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	static unsigned char in[65536], out[65536];
	struct cxlfm_raw_cmd cmd = { .in = in, .out = out, .out_cap = sizeof(out) };
	struct json_object *o;
	struct opts op;
	uint16_t opcode;
	char *hex;
	size_t i;
	int rc, a;

	rc = opts_parse("raw", argc, argv, O_SWITCH, &op);
	if (rc || (rc = opts_need("raw", &op, O_SWITCH)))
		return rc;
	a = op.first_arg;
	if (a >= argc || a + 2 < argc)
		return usage_err("raw", "usage: cxlfm raw -s ID OPCODE [HEX]");
	if (parse_opcode(argv[a], &opcode))
		return usage_err("raw", "'%s' is not an opcode (hexadecimal, 0x0000-0xffff; the 0x is optional)",
				 argv[a]);
	cmd.opcode = opcode;
	if (a + 1 < argc && parse_hex(argv[a + 1], in, sizeof(in), &cmd.in_len))
		return usage_err("raw", "the payload must be an even number of hex digits, at most 64 KiB");
	ctx = cli_open();
	if (!ctx)
		return 1;
	rc = cxlfm_raw(ctx, op.sw, &cmd);
	if (rc)
		return fail(ctx, "raw", rc);

	o = json_object_new_object();
	jcci(o, op.sw);
	jint(o, "opcode", opcode);
	jrc(o, "return_code", cmd.return_code);
	jbool(o, "background", cmd.background);
	hex = malloc(2 * cmd.out_len + 1);
	if (!hex) {
		json_object_put(o);
		return fail(ctx, "raw", -ENOMEM);
	}
	for (i = 0; i < cmd.out_len && i < cmd.out_cap; i++)
		sprintf(hex + 2 * i, "%02x", out[i]);
	hex[2 * i] = '\0';
	jstr(o, "payload", hex);
	free(hex);
	print_json(o);
	if (cmd.return_code && cmd.return_code != CXLFM_RC_BACKGROUND) {
		fprintf(stderr, "cxlfm: raw: the device answered %s (%#x): %s\n",
			cxlfm_rc_name(cmd.return_code), cmd.return_code,
			cxlfm_rc_desc(cmd.return_code));
		return 1;
	}
	return 0;
}
