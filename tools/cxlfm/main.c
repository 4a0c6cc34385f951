// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm: command-line front end of libcxlfm.  Global options, the verb
 * table, and opening the library (loading cxlfm.ko with libkmod when the
 * family is missing and we are root) once a verb has checked its
 * arguments.
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

struct verb {
	const char *name;
	cmd_fn fn;
	const char *help;
};

static int cmd_version(int argc, char **argv)
{
	struct opts o;
	int rc;

	rc = opts_parse("version", argc, argv, 0, &o);
	if (rc)
		return rc;
	if (o.first_arg < argc)
		return usage_err("version", "unexpected argument '%s'", argv[o.first_arg]);
	printf("%s\n", CXLFM_VERSION);
	return 0;
}

/* cmd_events.c keeps its own parser and never opens the library. */
static int run_events(int argc, char **argv)
{
	static char name[] = "cxlfm: events";

	if (completing) {
		/* its options, as its usage lists them (checked by a host test) */
		puts("--since\n-s\n--switch\n-j\n--journal\n-u\n--human\n-n\n--numeric\n-v\n--verbose\n-f\n--follow\n--after\n--cursor\n-h\n--help");
		return 0;
	}
	/*
	 * Its parser reports a bad option through getopt's own message,
	 * which begins with argv[0]: let that read as every other.
	 */
	opterr = 1;
	argv[0] = name;
	return cmd_events(NULL, argc, argv);
}

static const struct verb verbs[] = {
	{ "list", cmd_list,
	  "list [-s ID] [-p N] [--vcs N] [-v|-vv]  switches; -v ports, VCSs; -vv LDs" },
	{ "port", cmd_port,
	  "port show [-s ID] [-p N] | control -s ID -p N reset|perst-assert|perst-deassert [--force]" },
	{ "vcs", cmd_vcs, "vcs show -s ID [--vcs N]" },
	{ "bind", cmd_bind,
	  "bind -s ID --vcs V --vppb B --port P [--ld L] [--wait [--timeout MS]]" },
	{ "unbind", cmd_unbind,
	  "unbind -s ID --vcs V --vppb B [--mode wait|managed|surprise [--force]] [--wait [--timeout MS]]" },
	{ "ld", cmd_ld,
	  "ld show -s ID -p PORT [--ld L|--pool] | alloc -s ID -p PORT --ld L --range1 N [--range2 N]" },
	{ "qos", cmd_qos, "qos get|set -s ID -p PORT [--ld L|--pool] [settings]" },
	{ "mhd", cmd_mhd, "mhd show -s ID -p PORT" },
	{ "dcd", cmd_dcd,
	  "dcd show|extents|add|release -s ID -p PORT [--ld L|--pool] [--host H] ..." },
	{ "bg", cmd_bg, "bg status|abort -s ID [-p PORT [--ld L|--pool]]" },
	{ "log", cmd_log, "log -s ID [-p PORT [--ld L|--pool]] [--cel]" },
	{ "raw", cmd_raw, "raw -s ID OPCODE [HEX]  one command, hex in and out" },
	{ "notify", cmd_notify,
	  "notify -s ID --change bind|unbind|link-up|link-down --vcs V --vppb B [--port P] [--ld L]" },
	{ "inband", cmd_inband,
	  "inband show [-s ID] | set -s ID --policy auto|notify|off|force|remote  in-band policy" },
	{ "monitor", cmd_monitor, "monitor [-s ID]  one JSON object per event" },
	{ "topo", cmd_topo, "topo [-s ID] [--dot|--json]  the fabric as a tree, Graphviz or JSON" },
	{ "events", run_events,
	  "events [--since SEQ|TIME] [-s ID] [-j PATH] [-u] [-n] [-f] [--after N|--cursor F]  cxlfmd's journal" },
	{ "version", cmd_version, "version" },
	{ }
};

static void usage(FILE *f)
{
	const struct verb *v;

	fprintf(f, "usage: cxlfm [-u] [-n] [-v] <command> [args]\n");
	for (v = verbs; v->name; v++)
		fprintf(f, "  %s\n", v->help);
	fprintf(f, "options:\n"
		"  -u, --human     units for sizes, widths and speeds (and pretty-printed JSON)\n"
		"  -n, --numeric   the specification's numbers for enumerations, not names\n"
		"  -v, --verbose   more detail (-vv more still)\n"
		"  -V, --version   the version of the tools\n"
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

static struct cxlfm_ctx *the_ctx;

struct cxlfm_ctx *cli_open(void)
{
	int rc;

	if (the_ctx)
		return the_ctx;
	rc = cxlfm_new(&the_ctx);
	if (rc == -ENOENT && geteuid() == 0 && load_module() == 0)
		rc = cxlfm_new(&the_ctx);
	if (rc == -ENOENT) {
		fprintf(stderr, "cxlfm: the cxlfm kernel module is not loaded%s\n",
			geteuid() ? "; as root run: modprobe cxlfm" :
			" and could not be loaded: is it installed (make install)?");
		the_ctx = NULL;
		return NULL;
	}
	if (rc) {
		fail(NULL, "cannot open generic netlink", rc);
		the_ctx = NULL;
	}
	return the_ctx;
}

static const struct verb *find_verb(const char *name)
{
	const struct verb *v;

	for (v = verbs; v->name; v++)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
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

static const char *const global_opts[] = {
	"-u", "--human", "-n", "--numeric", "-v", "--verbose", "-V", "--version",
	"-h", "--help", NULL,
};

/*
 * cxlfm __complete WORD...: what may follow the words typed after
 * "cxlfm", one candidate a line, for the bash completion.  The verbs,
 * their sub-commands, options and values come from the tables the parser
 * uses, so that the completion offers what the tool takes.
 */
static int complete(int argc, char **argv)
{
	const struct verb *v = NULL;
	char *args[4], name[64];
	int i, n = 0;

	completing = 1;
	for (i = 0; i < argc && argv[i][0] == '-'; i++)
		;
	if (i == argc) {
		for (v = verbs; v->name; v++)
			puts(v->name);
		for (i = 0; global_opts[i]; i++)
			puts(global_opts[i]);
		return 0;
	}
	v = find_verb(argv[i]);
	if (!v)
		return 0;
	args[n++] = argv[i];
	/* the sub-command: the first word after the verb that is no option's */
	for (i++; i < argc; i++) {
		if (argv[i][0] != '-') {
			args[n++] = argv[i];
			break;
		}
		if (opt_takes_value(argv[i]))
			i++;
	}
	snprintf(name, sizeof(name), "%s%s%s", args[0], n > 1 ? " " : "",
		 n > 1 ? args[1] : "");
	if (argc > 1 && complete_value(name, argv[argc - 1]))
		return 0;
	args[n++] = "--help";
	args[n] = NULL;
	return v->fn(n, args);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "human", no_argument, NULL, 'u' },
		{ "numeric", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const struct verb *v;
	int c, rc;

	if (argc > 1 && !strcmp(argv[1], "__complete"))
		return complete(argc - 2, argv + 2);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+unvVh", opts, NULL)) != -1) {
		if (c == 'u') {
			human = 1;
		} else if (c == 'n') {
			numeric = 1;
		} else if (c == 'v') {
			verbose++;
		} else if (c == 'V') {
			printf("%s\n", CXLFM_VERSION);
			return 0;
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
	v = find_verb(argv[optind]);
	if (!v) {
		fprintf(stderr, "cxlfm: unknown command '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	/* a verb's help: its synopsis here, then the verb lists its options */
	if (v->fn != run_events && help_asked(argc - optind, argv + optind))
		printf("usage: cxlfm %s\n", v->help);
	rc = v->fn(argc - optind, argv + optind);
	cxlfm_unref(the_ctx);
	return rc;
}
