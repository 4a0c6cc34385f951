// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm: command-line front end of libcxlfm.  JSON on stdout (json-c),
 * errors on stderr with the kernel's own message, exit 1 on failure and 2
 * on a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libkmod.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "fmapi/fmapi.h"

#ifndef CXLFM_VERSION
#define CXLFM_VERSION "unknown"
#endif

static int human;	/* -u: units and names for people */

int cmd_events(int argc, char **argv, int human);

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cxlfm [-u] <command> [args]\n"
		"  list                      the CCIs cxlfm owns (JSON)\n"
		"  raw -s ID OPCODE [HEX]    send one command, print the reply\n"
		"  monitor [-s ID]           print one JSON object per event\n"
		"  events [--since SEQ|TIME] [--switch ID] [-j PATH]  cxlfmd's journal\n"
		"  version                   print the version\n"
		"options:\n"
		"  -u, --human               human-readable values\n");
}

static int fail(struct cxlfm_ctx *ctx, const char *what, int rc)
{
	const char *ext = ctx ? cxlfm_last_error(ctx) : "";

	fprintf(stderr, "cxlfm: %s: %s%s%s\n", what, strerror(-rc),
		*ext ? ": " : "", ext);
	return 1;
}

static void kmod_quiet(void *data, int priority, const char *file, int line,
		       const char *fn, const char *format, va_list args)
{
	(void)data, (void)priority, (void)file, (void)line, (void)fn;
	(void)format, (void)args;
}

/* Load cxlfm.ko when the family is missing and we may; we report failure. */
static int load_module(void)
{
	struct kmod_ctx *kctx = kmod_new(NULL, NULL);
	struct kmod_module *mod = NULL;
	int rc = -ENOENT;

	if (kctx)
		kmod_set_log_fn(kctx, kmod_quiet, NULL);
	if (kctx && !kmod_module_new_from_name(kctx, "cxlfm", &mod))
		rc = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
	kmod_module_unref(mod);
	kmod_unref(kctx);
	return rc;
}

static int open_ctx(struct cxlfm_ctx **ctx)
{
	int rc = cxlfm_new(ctx);

	if (rc == -ENOENT && geteuid() == 0 && load_module() == 0)
		rc = cxlfm_new(ctx);
	if (rc == -ENOENT) {
		fprintf(stderr, "cxlfm: the cxlfm kernel module is not loaded%s\n",
			geteuid() ? "; as root run: modprobe cxlfm" :
			" and could not be loaded: is it installed (make install)?");
		return 1;
	}
	if (rc)
		return fail(NULL, "cannot open generic netlink", rc);
	return 0;
}

static struct json_object *cci_json(const struct cxlfm_cci_info *ci)
{
	struct json_object *o = json_object_new_object();
	char buf[32];

	json_object_object_add(o, "id", json_object_new_int(ci->id));
	json_object_object_add(o, "transport", json_object_new_string(ci->transport));
	if (human) {
		snprintf(buf, sizeof(buf), "%u KiB", ci->payload_size / 1024);
		json_object_object_add(o, "payload_size", json_object_new_string(buf));
	} else {
		json_object_object_add(o, "payload_size", json_object_new_int(ci->payload_size));
	}
	json_object_object_add(o, "commands", json_object_new_int(ci->num_commands));
	json_object_object_add(o, "switch", json_object_new_boolean(ci->is_switch));
	if (ci->is_switch) {
		json_object_object_add(o, "ports", json_object_new_int(ci->num_ports));
		json_object_object_add(o, "vcs", json_object_new_int(ci->num_vcs));
	}
	if (ci->has_identity) {
		snprintf(buf, sizeof(buf), "%#06x", ci->vendor);
		json_object_object_add(o, "vendor", json_object_new_string(buf));
		snprintf(buf, sizeof(buf), "%#06x", ci->device);
		json_object_object_add(o, "device", json_object_new_string(buf));
		snprintf(buf, sizeof(buf), "%#llx", (unsigned long long)ci->serial);
		json_object_object_add(o, "serial", json_object_new_string(buf));
	}
	return o;
}

static void print_json(struct json_object *o)
{
	puts(json_object_to_json_string_ext(o, human ? JSON_C_TO_STRING_PRETTY :
					    JSON_C_TO_STRING_PLAIN));
	fflush(stdout);
	json_object_put(o);
}

static int cmd_list(struct cxlfm_ctx *ctx)
{
	struct json_object *arr = json_object_new_array();
	struct cxlfm_cci_info *list;
	size_t n, i;
	int rc;

	rc = cxlfm_cci_list(ctx, &list, &n);
	if (rc) {
		json_object_put(arr);
		return fail(ctx, "list", rc);
	}
	for (i = 0; i < n; i++)
		json_object_array_add(arr, cci_json(&list[i]));
	free(list);
	print_json(arr);
	return 0;
}

static int parse_id(const char *s, unsigned int *id)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s || v > 0xffffffffUL)
		return -EINVAL;
	*id = v;
	return 0;
}

static int parse_hex(const char *s, unsigned char *out, size_t cap, size_t *len)
{
	size_t n = strlen(s), i;
	unsigned int b;

	if (n % 2 || n / 2 > cap)
		return -EINVAL;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1 || !strchr("0123456789abcdefABCDEF", s[2 * i]) ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i + 1]))
			return -EINVAL;
		out[i] = b;
	}
	*len = n / 2;
	return 0;
}

static int cmd_raw(struct cxlfm_ctx *ctx, int argc, char **argv)
{
	static unsigned char in[65536], out[65536];
	struct cxlfm_raw_cmd cmd = { .in = in, .out = out, .out_cap = sizeof(out) };
	struct json_object *o;
	unsigned int id, opcode;
	char *hex;
	size_t i;
	int c, have_id = 0, rc;

	optind = 1;
	while ((c = getopt(argc, argv, "s:")) != -1) {
		if (c != 's' || parse_id(optarg, &id)) {
			fprintf(stderr, "cxlfm: raw: -s needs a CCI id\n");
			return 2;
		}
		have_id = 1;
	}
	if (!have_id || optind >= argc || optind + 2 < argc) {
		fprintf(stderr, "cxlfm: raw: usage: cxlfm raw -s ID OPCODE [HEX]\n");
		return 2;
	}
	if (parse_id(argv[optind], &opcode) || opcode > 0xffff) {
		fprintf(stderr, "cxlfm: raw: '%s' is not an opcode (0x0000-0xffff)\n", argv[optind]);
		return 2;
	}
	cmd.opcode = opcode;
	if (optind + 1 < argc && parse_hex(argv[optind + 1], in, sizeof(in), &cmd.in_len)) {
		fprintf(stderr, "cxlfm: raw: the payload must be an even number of hex digits, at most 64 KiB\n");
		return 2;
	}
	rc = cxlfm_raw(ctx, id, &cmd);
	if (rc)
		return fail(ctx, "raw", rc);

	o = json_object_new_object();
	json_object_object_add(o, "cci", json_object_new_int(id));
	json_object_object_add(o, "opcode", json_object_new_int(opcode));
	json_object_object_add(o, "return_code", json_object_new_int(cmd.return_code));
	json_object_object_add(o, "return_code_name",
			       json_object_new_string(fmapi_rc_name(cmd.return_code) ?: "unknown"));
	json_object_object_add(o, "background", json_object_new_boolean(cmd.background));
	hex = malloc(2 * cmd.out_len + 1);
	if (!hex) {
		json_object_put(o);
		return fail(ctx, "raw", -ENOMEM);
	}
	for (i = 0; i < cmd.out_len && i < cmd.out_cap; i++)
		sprintf(hex + 2 * i, "%02x", out[i]);
	hex[2 * i] = '\0';
	json_object_object_add(o, "payload", json_object_new_string(hex));
	free(hex);
	print_json(o);
	if (cmd.return_code && cmd.return_code != 1) {
		fprintf(stderr, "cxlfm: raw: the device answered %s (%#x): %s\n",
			fmapi_rc_name(cmd.return_code) ?: "unknown", cmd.return_code,
			fmapi_rc_desc(cmd.return_code) ?: "unknown return code");
		return 1;
	}
	return 0;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static const char *const event_names[] = {
	[CXLFM_EVENT_CCI_ADDED] = "cci-added",
	[CXLFM_EVENT_CCI_REMOVED] = "cci-removed",
	[CXLFM_EVENT_OVERRUN] = "overrun",
	[CXLFM_EVENT_RECORD] = "record",
	[CXLFM_EVENT_LOG_OVERFLOW] = "log-overflow",
};

/* The names of enum cxlfm_event_kind, as the YNL spec gives them. */
static const char *const kind_names[] = {
	[CXLFM_EVENT_KIND_UNKNOWN] = "unknown",
	[CXLFM_EVENT_KIND_GENERAL_MEDIA] = "general-media",
	[CXLFM_EVENT_KIND_DRAM] = "dram",
	[CXLFM_EVENT_KIND_MEMORY_MODULE] = "memory-module",
	[CXLFM_EVENT_KIND_MEMORY_SPARING] = "memory-sparing",
	[CXLFM_EVENT_KIND_PHYSICAL_SWITCH] = "physical-switch",
	[CXLFM_EVENT_KIND_VIRTUAL_SWITCH] = "virtual-switch",
	[CXLFM_EVENT_KIND_MLD_PORT] = "mld-port",
	[CXLFM_EVENT_KIND_DYNAMIC_CAPACITY] = "dynamic-capacity",
};

static void add_int(struct json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

static void record_json(struct json_object *o, const struct cxlfm_event *e)
{
	const struct cxlfm_event_record *r = &e->record;

	add_int(o, "cci", e->cci.id);
	add_int(o, "log", r->log);
	if (e->type == CXLFM_EVENT_LOG_OVERFLOW) {
		add_int(o, "overflow_count", r->overflow_count);
		add_int(o, "first_overflow", r->first_overflow);
		add_int(o, "last_overflow", r->last_overflow);
		return;
	}
	json_object_object_add(o, "kind", json_object_new_string(
		r->kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[r->kind] : "unknown"));
	add_int(o, "handle", r->handle);
	add_int(o, "flags", r->flags);
	add_int(o, "timestamp", r->timestamp);
	switch (r->kind) {
	case CXLFM_EVENT_KIND_PHYSICAL_SWITCH:
		add_int(o, "type", r->type);
		add_int(o, "port", r->port_id);
		break;
	case CXLFM_EVENT_KIND_VIRTUAL_SWITCH:
		add_int(o, "type", r->type);
		add_int(o, "vcs", r->vcs_id);
		add_int(o, "vppb", r->vppb_id);
		add_int(o, "binding_status", r->binding_status);
		add_int(o, "bound_port", r->bound_port_id);
		add_int(o, "bound_ld", r->bound_ld_id);
		break;
	case CXLFM_EVENT_KIND_MLD_PORT:
		add_int(o, "type", r->type);
		add_int(o, "port", r->port_id);
		break;
	}
}

static int cmd_monitor(struct cxlfm_ctx *ctx, int argc, char **argv)
{
	struct cxlfm_events *ev;
	struct cxlfm_event e;
	struct pollfd p;
	struct json_object *o;
	unsigned int only = 0;
	int c, filter = 0, rc;

	optind = 1;
	while ((c = getopt(argc, argv, "s:")) != -1) {
		if (c != 's' || parse_id(optarg, &only)) {
			fprintf(stderr, "cxlfm: monitor: -s needs a CCI id\n");
			return 2;
		}
		filter = 1;
	}
	rc = cxlfm_events_open(ctx, &ev);
	if (rc)
		return fail(ctx, "monitor", rc);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	p.fd = cxlfm_events_fd(ev);
	p.events = POLLIN;
	while (!stop) {
		rc = cxlfm_events_next(ev, &e);
		if (rc == -EAGAIN) {
			poll(&p, 1, 500);
			continue;
		}
		if (rc) {
			cxlfm_events_close(ev);
			return fail(ctx, "monitor", rc);
		}
		if (filter && e.type != CXLFM_EVENT_OVERRUN && e.cci.id != only)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "event", json_object_new_string(event_names[e.type]));
		if (e.type != CXLFM_EVENT_OVERRUN) {
			add_int(o, "seq", e.seq);
			add_int(o, "missed", e.missed);
		}
		if (e.type == CXLFM_EVENT_CCI_ADDED || e.type == CXLFM_EVENT_CCI_REMOVED)
			json_object_object_add(o, "cci", cci_json(&e.cci));
		else if (e.type != CXLFM_EVENT_OVERRUN)
			record_json(o, &e);
		print_json(o);
	}
	cxlfm_events_close(ev);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "human", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct cxlfm_ctx *ctx;
	const char *cmd;
	int c, rc;

	while ((c = getopt_long(argc, argv, "+uh", opts, NULL)) != -1) {
		if (c == 'u') {
			human = 1;
		} else {
			usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	if (!strcmp(cmd, "version")) {
		printf("%s\n", CXLFM_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "events"))
		return cmd_events(argc, argv, human);
	if (strcmp(cmd, "list") && strcmp(cmd, "raw") && strcmp(cmd, "monitor")) {
		fprintf(stderr, "cxlfm: unknown command '%s'\n", cmd);
		usage(stderr);
		return 2;
	}
	rc = open_ctx(&ctx);
	if (rc)
		return rc;
	if (!strcmp(cmd, "list"))
		rc = cmd_list(ctx);
	else if (!strcmp(cmd, "raw"))
		rc = cmd_raw(ctx, argc, argv);
	else
		rc = cmd_monitor(ctx, argc, argv);
	cxlfm_unref(ctx);
	return rc;
}
