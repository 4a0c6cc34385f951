// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm-redfishd's broker against forged REPORT requests: the requests a
 * compromised network process could send.  The real broker (broker.c,
 * feed.c, the --map table of remote.c) runs in a thread on a socketpair;
 * libcxlfm's cxlfm_new(), cxlfm_events_open() and
 * cxlfm_fabric_notify_sized() are replaced by the linker's --wrap, so the
 * test sees every fabric report that would have reached the kernel.
 * Checked: a mapped vPPB's bind and unbind are reported as asked; a vPPB,
 * VCS or CCI that no --map names is refused with EACCES and nothing is
 * reported; a ReadOnly role gets EPERM, an unknown change EINVAL; a
 * malformed request ends the broker.  Prints TAP.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cxlfm/libcxlfm.h>

#include "proto.h"
#include "remote.h"

/* ---- libcxlfm, as far as the broker's REPORT reaches it ------------------- */

static struct {
	unsigned int calls;
	unsigned int cci;
	struct cxlfm_fabric_report rep;
} seen;
static char fake_ctx;

int __wrap_cxlfm_new(struct cxlfm_ctx **ctx);
int __wrap_cxlfm_new(struct cxlfm_ctx **ctx)
{
	*ctx = (struct cxlfm_ctx *)&fake_ctx;
	return 0;
}

void __wrap_cxlfm_unref(struct cxlfm_ctx *ctx);
void __wrap_cxlfm_unref(struct cxlfm_ctx *ctx)
{
	(void)ctx;
}

/* No events group: the broker's feed stays closed. */
int __wrap_cxlfm_events_open(struct cxlfm_ctx *ctx, struct cxlfm_events **ev);
int __wrap_cxlfm_events_open(struct cxlfm_ctx *ctx, struct cxlfm_events **ev)
{
	(void)ctx;
	*ev = NULL;
	return -ENOENT;
}

int __wrap_cxlfm_fabric_notify_sized(struct cxlfm_ctx *ctx, unsigned int id,
				     const struct cxlfm_fabric_report *c, size_t size);
int __wrap_cxlfm_fabric_notify_sized(struct cxlfm_ctx *ctx, unsigned int id,
				     const struct cxlfm_fabric_report *c, size_t size)
{
	(void)ctx;
	seen.calls++;
	seen.cci = id;
	memcpy(&seen.rep, c, size < sizeof(seen.rep) ? size : sizeof(seen.rep));
	return 0;
}

uint16_t __wrap_cxlfm_last_return_code(struct cxlfm_ctx *ctx);
uint16_t __wrap_cxlfm_last_return_code(struct cxlfm_ctx *ctx)
{
	(void)ctx;
	return 0;
}

/* ---- the test ---------------------------------------------------------------- */

int broker_fd = -1;	/* the network process's end, main.c's: unused here */
static int sv[2], ev[2], checks, failed;

static void result(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", ok ? "" : "not ", ++checks);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failed += !ok;
}

static void *broker(void *arg)
{
	(void)arg;
	broker_run(sv[0], ev[0], NULL);
	close(sv[0]);
	return NULL;
}

/* One REPORT; the broker's errno (0 or negative), or 1 if no answer. */
static int report(enum rf_role role, unsigned int cci, unsigned int vcs, unsigned int vppb,
		  unsigned int change, unsigned int port)
{
	struct rf_req r = {
		.magic = RF_PROTO_MAGIC, .op = RF_OP_REPORT, .role = role, .cci = cci,
		.vcs = vcs, .vppb = vppb, .option = change, .port = port,
		.ld = CXLFM_FM_LD_ID_NONE,
	};
	struct rf_rsp rsp;

	memset(&seen, 0, sizeof(seen));
	if (send(sv[1], &r, sizeof(r), 0) != sizeof(r) ||
	    recv(sv[1], &rsp, sizeof(rsp), 0) < (ssize_t)sizeof(rsp))
		return 1;
	return rsp.err;
}

static void refused(int want, int rc, const char *what)
{
	result(rc == want && !seen.calls, "%s: %s, nothing reported (got %d, %u reports)",
	       what, strerror(-want), rc, seen.calls);
}

int main(void)
{
	static const char *const maps[] = { "CXL9/Switch0/1/0=5/1/0", "CXL9/Switch0/2=5/2" };
	struct rf_req bad = { .magic = 0x12345678, .op = RF_OP_REPORT };
	pthread_t t;
	char err[256], c;
	unsigned int i;
	int rc;

	printf("TAP version 13\n1..10\n");
	for (i = 0; i < 2; i++)
		if (remote_map_parse(maps[i], err, sizeof(err)))
			printf("# %s\n", err);
	result(rf_nr_maps == 2, "--map %s --map %s: %u maps", maps[0], maps[1], rf_nr_maps);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) || socketpair(AF_UNIX, SOCK_SEQPACKET, 0, ev) ||
	    pthread_create(&t, NULL, broker, NULL)) {
		perror("broker_report");
		return 1;
	}

	rc = report(RF_ROLE_OPERATOR, 5, 1, 0, CXLFM_FABRIC_CHANGE_BIND, 3);
	result(!rc && seen.calls == 1 && seen.cci == 5 &&
	       seen.rep.change == CXLFM_FABRIC_CHANGE_BIND && seen.rep.vcs_id == 1 &&
	       !seen.rep.vppb_id && seen.rep.has_port && seen.rep.port_id == 3 && !seen.rep.has_ld,
	       "a bind of mapped CCI 5 VCS 1 vPPB 0 to port 3 is reported as asked (got %d, %u reports)",
	       rc, seen.calls);
	rc = report(RF_ROLE_OPERATOR, 5, 1, 0, CXLFM_FABRIC_CHANGE_UNBIND, 3);
	result(!rc && seen.calls == 1 && seen.rep.change == CXLFM_FABRIC_CHANGE_UNBIND &&
	       !seen.rep.has_port, "its unbind is reported, with no port (got %d, %u reports)",
	       rc, seen.calls);
	rc = report(RF_ROLE_OPERATOR, 5, 2, 7, CXLFM_FABRIC_CHANGE_BIND, 4);
	result(!rc && seen.calls == 1 && seen.rep.vcs_id == 2 && seen.rep.vppb_id == 7,
	       "a whole mapped VCS: vPPB 7 of VCS 2 is reported (got %d, %u reports)", rc, seen.calls);
	refused(-EACCES, report(RF_ROLE_ADMIN, 5, 1, 1, CXLFM_FABRIC_CHANGE_BIND, 3),
		"a vPPB its VCS's map does not name (VCS 1 vPPB 1), even as Administrator");
	refused(-EACCES, report(RF_ROLE_OPERATOR, 5, 3, 0, CXLFM_FABRIC_CHANGE_UNBIND, 0),
		"a VCS no map names (VCS 3)");
	refused(-EACCES, report(RF_ROLE_OPERATOR, 6, 1, 0, CXLFM_FABRIC_CHANGE_BIND, 3),
		"another CCI (6)");
	refused(-EPERM, report(RF_ROLE_READONLY, 5, 1, 0, CXLFM_FABRIC_CHANGE_BIND, 3),
		"a ReadOnly role");
	refused(-EINVAL, report(RF_ROLE_OPERATOR, 5, 1, 0, 99, 3), "an unknown change (99)");

	send(sv[1], &bad, sizeof(bad), 0);
	result(recv(sv[1], &c, 1, 0) == 0 && !seen.calls,
	       "a request with a bad magic ends the broker: its socket closes, nothing reported");
	pthread_join(t, NULL);
	printf("# %d checks, %d failed\n", checks, failed);
	return failed ? 1 : 0;
}
