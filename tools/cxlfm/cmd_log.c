// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm log: the logs a CCI supports (Get Supported Logs, CXL r3.2
 * §8.2.10.5.1) and, with --cel, its Command Effects Log decoded: each
 * command by name from the FM-API codec and its effects in words.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cxlfm.h"

#define LOG_MAX_ENTRIES	32
#define CEL_MAX		65536

static const uint8_t cel_uuid[16] = CXLFM_CEL_UUID_INIT;

static struct json_object *effects_json(uint16_t effects)
{
	struct json_object *a = json_object_new_array();
	unsigned int b;
	const char *n;

	for (b = 0; b < 16; b++) {
		if (!(effects & (1u << b)))
			continue;
		n = cxlfm_cel_effect_name(b);
		json_object_array_add(a, json_object_new_string(n ?: "reserved"));
	}
	return a;
}

/*
 * Read the CEL in pieces that fit the mailbox (less the tunnel headers)
 * and decode it.
 */
static int cel_json(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
		    const struct cxlfm_fm_log_entry *log, struct json_object *out)
{
	struct cxlfm_fm_get_log_req req;
	struct cxlfm_fm_bytes got;
	struct cxlfm_cci_info ci;
	uint32_t size = log->size < CEL_MAX ? log->size : CEL_MAX, chunk, nr, i;
	struct json_object *a, *e;
	uint8_t *buf;
	int rc;

	rc = cxlfm_cci_get(ctx, t->cci, &ci);
	if (rc)
		return rc;
	chunk = ci.payload_size > 192 ? (ci.payload_size - 64) & ~3u : 128;
	buf = malloc(size ?: 1);
	if (!buf) {
		rc = -ENOMEM;
		goto out;
	}
	memcpy(req.uuid, log->uuid, sizeof(req.uuid));
	for (req.offset = 0; req.offset < size; req.offset += got.nr_data) {
		req.length = size - req.offset < chunk ? size - req.offset : chunk;
		got = (struct cxlfm_fm_bytes){ .data = buf + req.offset,
					    .data_cap = req.length };
		rc = cxlfm_get_log(ctx, t, &req, &got, 0);
		if (rc)
			goto out;
		if (!got.nr_data)
			break;
	}
	/* entries of 4 bytes: opcode and effects, little-endian */
	if (req.offset % CXLFM_CEL_ENTRY_SIZE) {
		rc = -EBADMSG;
		goto out;
	}
	nr = req.offset / CXLFM_CEL_ENTRY_SIZE;
	a = json_object_new_array();
	for (i = 0; i < nr; i++) {
		const uint8_t *p = buf + i * CXLFM_CEL_ENTRY_SIZE;
		uint16_t opcode = p[0] | p[1] << 8, effects = p[2] | p[3] << 8;
		const char *c = cxlfm_opcode_name(opcode);

		e = json_object_new_object();
		jint(e, "opcode", opcode);
		jstr(e, "command", c ? c : "unknown");
		jint(e, "effects", effects);
		json_object_object_add(e, "effect_names", effects_json(effects));
		jbool(e, "read_only", cxlfm_cel_is_read_only(effects));
		json_object_array_add(a, e);
	}
	json_object_object_add(out, "cel", a);
out:
	free(buf);
	return rc;
}

int cmd_log(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_fm_log_entry logs[LOG_MAX_ENTRIES];
	struct cxlfm_fm_get_supported_logs_rsp sl = { .entries = logs,
						   .entries_cap = LOG_MAX_ENTRIES };
	const struct cxlfm_fm_log_entry *cel = NULL;
	struct json_object *out, *a, *e;
	struct cxlfm_target t;
	struct opts o;
	unsigned int i;
	int rc;

	rc = opts_parse("log", argc, argv, O_SWITCH | O_CEL | O_TUNNEL, &o);
	if (rc || (rc = opts_need("log", &o, O_SWITCH)))
		return rc;
	if (o.first_arg < argc)
		return usage_err("log", "unexpected argument '%s'", argv[o.first_arg]);
	ctx = cli_open();
	if (!ctx)
		return 1;
	t = opts_target(&o);
	rc = cxlfm_get_supported_logs(ctx, &t, &sl, 0);
	if (rc < 0)
		return fail(ctx, "log: Get Supported Logs", rc);
	out = json_object_new_object();
	jcci(out, o.sw);
	a = json_object_new_array();
	for (i = 0; i < sl.nr_entries && i < LOG_MAX_ENTRIES; i++) {
		bool is_cel = !memcmp(logs[i].uuid, cel_uuid, 16);

		e = json_object_new_object();
		jhex(e, "uuid", logs[i].uuid, 16);
		jstr(e, "name", is_cel ? "cel" : "unknown");
		jsize(e, "size", logs[i].size);
		json_object_array_add(a, e);
		if (is_cel)
			cel = &logs[i];
	}
	json_object_object_add(out, "logs", a);
	if (o.given & O_CEL) {
		if (!cel) {
			json_object_put(out);
			fprintf(stderr, "cxlfm: log: the CCI lists no Command Effects Log\n");
			return 1;
		}
		rc = cel_json(ctx, &t, cel, out);
		if (rc) {
			json_object_put(out);
			return fail(ctx, rc == -EBADMSG ? "log: a malformed CEL" : "log: Get Log",
				    rc);
		}
	}
	print_json(out);
	return 0;
}
