// SPDX-License-Identifier: GPL-2.0
/*
 * Event drain efficiency: records are injected into the four event logs of
 * a simulated switch, cxlfm drains them (Get Event Records, Clear Event
 * Records) and multicasts each one; the simulator counts the mailbox
 * transactions per opcode (debugfs "commands").  Printed: transactions per
 * drained record against the minimum the payload size allows, and whether
 * every record reached a listener.  A Get returns the oldest records still
 * in the log (CXL r3.1 §8.2.9.2.2: records stay until cleared), so the next
 * Get sees new ones only once those are cleared: per log the minimum is
 * ceil(N / records per Get) Gets, each followed by one Clear of its
 * handles (§8.2.9.2.3), however many handles a Clear could carry.
 *
 * With "durable" the listener is a durable consumer: records leave the
 * switch only once it acknowledged them, which it does each time it has
 * taken all the socket holds (as cxlfmd does after its fdatasync()), so the
 * drain waits for it once per Get.
 *
 * usage: drain_bench SIM_ID EVENTS [durable]   (cxlfm and cxlfm_sim
 * loaded, the instance created with log_cap >= EVENTS / 4)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cxlfm/libcxlfm.h>

#include "sim_util.h"

#define LOGS		4
#define GET_HDR		0x20	/* Get Event Records output header */
#define CLEAR_HDR	6	/* Clear Event Records input header */
#define RECORD		0x80

static char knob[256];

/* Transactions of @opcode since the last reset. */
static unsigned long count_of(unsigned int opcode)
{
	char path[512], line[64];
	unsigned int op;
	unsigned long n, found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/commands", knob);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%x %lu", &op, &n) == 2 && op == opcode)
			found = n;
	fclose(f);
	return found;
}

int main(int argc, char **argv)
{
	unsigned long want, got = 0, missed = 0, overruns = 0, gets, clears;
	unsigned long per_log, min_tx, per_get, per_clear;
	struct cxlfm_cci_info info;
	struct cxlfm_events *ev;
	struct cxlfm_ctx *ctx;
	struct cxlfm_event e;
	int sim, cci, rcvbuf = 64 << 20, i, durable;
	char val[32];
	double t0, t1;

	durable = argc == 4 && !strcmp(argv[3], "durable");
	if (argc != 3 && !durable)
		return fprintf(stderr, "usage: %s SIM_ID EVENTS [durable]\n", argv[0]), 2;
	sim = atoi(argv[1]);
	want = strtoul(argv[2], NULL, 0);
	per_log = want / LOGS;
	snprintf(knob, sizeof(knob), "/sys/kernel/debug/cxlfm_sim/%d", sim);
	cci = sim_cci(sim);
	if (cci < 0)
		return fprintf(stderr, "no simulator %d\n", sim), 1;
	if (cxlfm_new(&ctx) || cxlfm_cci_get(ctx, cci, &info) ||
	    cxlfm_events_open(ctx, &ev))
		return fprintf(stderr, "cxlfm: cannot open\n"), 1;
	/* room for every record, so that a loss would be the kernel's */
	setsockopt(cxlfm_events_fd(ev), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		   sizeof(rcvbuf));
	if (durable && cxlfm_events_durable(ev))
		return fprintf(stderr, "cxlfm: cannot register as a durable consumer\n"), 1;

	sim_knob(sim, "commands", "0");
	t0 = sim_now();
	for (i = 0; i < LOGS; i++) {
		snprintf(val, sizeof(val), "%d %lu", i, per_log);
		if (sim_knob(sim, "inject", val))
			return fprintf(stderr, "inject failed\n"), 1;
	}
	while (got < per_log * LOGS && sim_now() - t0 < 300) {
		struct pollfd p = { .fd = cxlfm_events_fd(ev), .events = POLLIN };

		if (cxlfm_events_next(ev, &e)) {
			if (durable)
				cxlfm_events_ack(ev);
			poll(&p, 1, 1000);
			continue;
		}
		if (e.type == CXLFM_EVENT_OVERRUN)
			overruns++;
		if (e.type != CXLFM_EVENT_RECORD || e.cci.id != (unsigned int)cci)
			continue;
		got++;
		missed += e.missed;
	}
	t1 = sim_now();
	if (durable)
		cxlfm_events_ack(ev);
	/* the drain's last Get (no more records) may still be under way */
	usleep(200000);
	gets = count_of(0x0100);
	clears = count_of(0x0101);

	per_get = (info.payload_size - GET_HDR) / RECORD;
	per_clear = (info.payload_size - CLEAR_HDR) / 2;
	if (per_clear > 255)
		per_clear = 255;
	min_tx = LOGS * 2 * ((per_log + per_get - 1) / per_get);
	printf("event drain%s: %lu records in 4 logs, payload %u B (%lu records per Get, %lu handles per Clear)\n",
	       durable ? " to a durable consumer" : "", per_log * LOGS,
	       info.payload_size, per_get, per_clear);
	printf("  received %lu in %.2f s (%.0f records/s), %lu reported missed, %lu overruns\n",
	       got, t1 - t0, got / (t1 - t0), missed, overruns);
	printf("  transactions: %lu Get + %lu Clear = %lu; minimum %lu; ratio %.3f; %.4f per record\n",
	       gets, clears, gets + clears, min_tx,
	       (double)(gets + clears) / min_tx, (double)(gets + clears) / got);
	cxlfm_events_close(ev);
	cxlfm_unref(ctx);
	return got == per_log * LOGS ? 0 : 1;
}
