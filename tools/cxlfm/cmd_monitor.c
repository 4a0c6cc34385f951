// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm monitor: one JSON object per event, one a line whatever the
 * flags, until SIGINT or SIGTERM, like cxl monitor and devlink monitor;
 * -s/--switch keeps one CCI's events.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>

#include "cxlfm.h"

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
	[CXLFM_EVENT_HIERARCHY] = "hierarchy",
	[CXLFM_EVENT_BG_DONE] = "bg-done",
};

static void record_json(struct json_object *o, const struct cxlfm_event *e)
{
	const struct cxlfm_event_record *r = &e->record;

	jcci(o, e->cci.id);
	jlog(o, r->log);
	if (e->type == CXLFM_EVENT_LOG_OVERFLOW) {
		jint(o, "overflow_count", r->overflow_count);
		jint(o, "first_overflow", r->first_overflow);
		jint(o, "last_overflow", r->last_overflow);
		return;
	}
	event_record_json(o, r);
}

/*
 * A switch whose CEL lacks Get Event Records sends no records, only its
 * hierarchy and background notifications: say so on stderr (stdout stays
 * one event a line), so that its silence is not taken for a quiet fabric.
 */
static void note_no_event_logs(struct cxlfm_ctx *ctx, const struct opts *op,
			       long only)
{
	struct cxlfm_cci_info *list;
	uint16_t *cel = NULL;
	size_t n, i, nr;
	char why[128];

	if (cxlfm_cci_list(ctx, &list, &n))
		return;
	for (i = 0; i < n; i++) {
		if (!list[i].is_switch || (only >= 0 && list[i].id != only) ||
		    ((op->given & O_SWITCH) && list[i].id != op->sw))
			continue;
		cel_read(ctx, list[i].id, &cel, &nr);
		if (cel_lists(cel, nr, CXLFM_FM_OP_GET_EVENT_RECORDS))
			continue;
		unsupported_why(CXLFM_FM_OP_GET_EVENT_RECORDS, 0, why, sizeof(why));
		fprintf(stderr, "cxlfm: monitor: switch %u: no event records: %s\n",
			list[i].id, why);
	}
	free(cel);
	free(list);
}

int cmd_monitor(int argc, char **argv)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_events *ev;
	struct cxlfm_event e;
	struct pollfd p;
	struct json_object *o;
	struct opts op;
	int rc;

	rc = opts_parse("monitor", argc, argv, O_SWITCH, &op);
	if (rc)
		return rc;
	if (op.first_arg < argc)
		return usage_err("monitor", "unexpected argument '%s'", argv[op.first_arg]);
	ctx = cli_open();
	if (!ctx)
		return 1;
	rc = cxlfm_events_open(ctx, &ev);
	if (rc)
		return fail(ctx, "monitor", rc);
	note_no_event_logs(ctx, &op, -1);
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
		/* an overrun may have lost this CCI's events too: always shown */
		if ((op.given & O_SWITCH) && e.type != CXLFM_EVENT_OVERRUN &&
		    e.cci.id != op.sw)
			continue;
		o = json_object_new_object();
		jstr(o, "event", e.type < sizeof(event_names) / sizeof(event_names[0]) &&
			  event_names[e.type] ? event_names[e.type] : "unknown");
		if (e.type != CXLFM_EVENT_OVERRUN) {
			char inst[24];

			jint(o, "seq", e.seq);
			jint(o, "missed", e.missed);
			/* whose numbering seq is: a CCI registered again starts at 1 */
			snprintf(inst, sizeof(inst), "%#llx",
				 (unsigned long long)cxlfm_events_instance(ev));
			if (cxlfm_events_instance(ev))
				jstr(o, "instance", inst);
		}
		if (e.type == CXLFM_EVENT_CCI_ADDED)
			note_no_event_logs(ctx, &op, e.cci.id);
		if (e.type == CXLFM_EVENT_CCI_ADDED || e.type == CXLFM_EVENT_CCI_REMOVED)
			cci_fields(o, &e.cci);
		else if (e.type == CXLFM_EVENT_HIERARCHY)
			hierarchy_json(o, &e);
		else if (e.type == CXLFM_EVENT_BG_DONE)
			bg_json(o, &e);
		else if (e.type != CXLFM_EVENT_OVERRUN)
			record_json(o, &e);
		print_json_line(o);
	}
	cxlfm_events_close(ev);
	return 0;
}
