// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm: command-line front end of libcxlfm.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cxlfm/libcxlfm.h>

#ifndef CXLFM_VERSION
#define CXLFM_VERSION "unknown"
#endif

static void usage(FILE *f)
{
	fprintf(f, "usage: cxlfm <command>\n"
		"  version    print the version\n"
		"  status     say whether the cxlfm kernel module answers\n");
}

static int cmd_status(void)
{
	struct cxlfm_ctx *ctx;
	int rc = cxlfm_new(&ctx);

	if (rc == -ENOENT) {
		fprintf(stderr, "cxlfm: the cxlfm kernel module is not loaded; run 'modprobe cxlfm' as root\n");
		return 1;
	}
	if (rc) {
		fprintf(stderr, "cxlfm: cannot open generic netlink: %s\n", strerror(-rc));
		return 1;
	}
	printf("{\"family\":\"cxlfm\",\"id\":%d}\n", cxlfm_family_id(ctx));
	cxlfm_unref(ctx);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "version")) {
		printf("%s\n", CXLFM_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "status"))
		return cmd_status();
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "cxlfm: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
