// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm: command-line front end of libcxlfm.  Global options, the verb
 * table, and opening the library (loading cxlfm.ko with libkmod when the
 * family is missing and we are root).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libkmod.h>

#include "cxlfm.h"

#ifndef CXLFM_VERSION
#define CXLFM_VERSION "unknown"
#endif

#define NO_CTX	1	/* the verb does not talk to the kernel */

struct verb {
	const char *name;
	cmd_fn fn;
	unsigned int flags;
	const char *help;
};

static int cmd_version(struct cxlfm_ctx *ctx, int argc, char **argv)
{
	(void)ctx, (void)argc, (void)argv;
	printf("%s\n", CXLFM_VERSION);
	return 0;
}

static const struct verb verbs[] = {
	{ "list", cmd_list, 0,
	  "list [-s ID] [-p N] [--vcs N] [-v|-vv]  switches; -v ports, VCSs; -vv LDs" },
	{ "port", cmd_port, 0,
	  "port show [-s ID] [-p N] | control -s ID -p N reset|perst-assert|perst-deassert" },
	{ "vcs", cmd_vcs, 0, "vcs show -s ID [--vcs N]" },
	{ "bind", cmd_bind, 0,
	  "bind -s ID --vcs V --vppb B --port P [--ld L] [--wait [--timeout MS]]" },
	{ "unbind", cmd_unbind, 0,
	  "unbind -s ID --vcs V --vppb B [--mode wait|managed|surprise] [--wait [--timeout MS]]" },
	{ "ld", cmd_ld, 0,
	  "ld show -s ID -p PORT [--ld L|--pool] | alloc -s ID -p PORT --ld L --range1 N [--range2 N]" },
	{ "qos", cmd_qos, 0, "qos get|set -s ID -p PORT [--ld L|--pool] [settings]" },
	{ "mhd", cmd_mhd, 0, "mhd show -s ID -p PORT" },
	{ "dcd", cmd_dcd, 0,
	  "dcd show|extents|add|release -s ID -p PORT [--ld L|--pool] [--host H] ..." },
	{ "bg", cmd_bg, 0, "bg status|abort -s ID [-p PORT [--ld L|--pool]]" },
	{ "log", cmd_log, 0, "log -s ID [-p PORT [--ld L|--pool]] [--cel]" },
	{ "raw", cmd_raw, 0, "raw -s ID OPCODE [HEX]  one command, hex in and out" },
	{ "notify", cmd_notify, 0,
	  "notify -s ID --change bind|unbind|link-up|link-down --vcs V --vppb B [--port P] [--ld L]" },
	{ "monitor", cmd_monitor, 0, "monitor [-s ID]  one JSON object per event" },
	{ "topo", cmd_topo, 0, "topo [-s ID] [--dot]  the fabric as a tree, or Graphviz" },
	{ "events", cmd_events, NO_CTX,
	  "events [--since SEQ|TIME] [-s ID] [-j PATH] [-u]  cxlfmd's journal" },
	{ "version", cmd_version, NO_CTX, "version" },
	{ }
};

static void usage(FILE *f)
{
	const struct verb *v;

	fprintf(f, "usage: cxlfm [-u] [-v] <command> [args]\n");
	for (v = verbs; v->name; v++)
		fprintf(f, "  %s\n", v->help);
	fprintf(f, "options:\n"
		"  -u, --human     names for enumerations, units for sizes and speeds\n"
		"  -v, --verbose   more detail (-vv more still)\n"
		"  -p PORT [--ld L] [--pool]  on LD-level verbs: tunnel to the MLD at PORT\n");
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

/* -h or --help among a verb's arguments */
static bool help_asked(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "human", no_argument, NULL, 'u' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct cxlfm_ctx *ctx = NULL;
	const struct verb *v;
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+uvh", opts, NULL)) != -1) {
		if (c == 'u') {
			human = 1;
		} else if (c == 'v') {
			verbose++;
		} else if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "cxlfm: unknown option '%s'\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "cxlfm: missing command\n");
		usage(stderr);
		return 2;
	}
	for (v = verbs; v->name; v++)
		if (!strcmp(v->name, argv[optind]))
			break;
	if (!v->name) {
		fprintf(stderr, "cxlfm: unknown command '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	/*
	 * A verb's help needs no module: its synopsis here, then the verb
	 * lists its options as it parses them, before any call.
	 */
	if (!(v->flags & NO_CTX) && help_asked(argc - optind, argv + optind)) {
		printf("usage: cxlfm %s\n", v->help);
	} else if (!(v->flags & NO_CTX)) {
		rc = open_ctx(&ctx);
		if (rc)
			return rc;
	}
	rc = v->fn(ctx, argc - optind, argv + optind);
	cxlfm_unref(ctx);
	return rc;
}
