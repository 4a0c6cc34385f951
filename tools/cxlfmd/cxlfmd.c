// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfmd: journals every cxlfm event durably.  An event counts as received
 * only once fdatasync() of the journal returned after it was written; what
 * arrived together is synced together, then acknowledged to the kernel,
 * which clears a switch's records only once they are (durable delivery).
 * Records the switch sends again are journaled as replays, never twice.
 * Losses (sequence gaps, socket overruns, device log overflows, the window
 * while cxlfmd was down, records cleared without its acknowledgement) are
 * journaled as gaps with their size.  It follows the module across reloads.
 * See Documentation/cxlfmd.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <cxlfm/libcxlfm.h>

#include "journal.h"
#include "replay.h"
#include "sdjournal.h"
#include "sdnotify.h"

#ifndef CXLFM_VERSION
#define CXLFM_VERSION "unknown"
#endif

/* Events taken off the socket before one fdatasync covers them all. */
#define BATCH		256
/* Socket buffer: room for a drained event log burst while we sync. */
#define RCVBUF		(8 << 20)

/* Without a watchdog, how often the age bound is checked when idle (ms). */
#define RETAIN_MS	60000

static int foreground, verbose, prio_prefix;
static volatile sig_atomic_t stop, hup;

static void say(int prio, const char *fmt, ...)
{
	va_list ap;

	if (prio == LOG_DEBUG && !verbose)
		return;
	va_start(ap, fmt);
	if (foreground) {
		/* under systemd: the "<N>" prefix gives journald the priority */
		if (prio_prefix)
			fprintf(stderr, "<%d>", prio);
		fputs("cxlfmd: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		vsyslog(prio, fmt, ap);
	}
	va_end(ap);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cxlfmd [-f] [-v] [-j PATH] [-p PIDFILE] [--segment-size BYTES]\n"
		"              [--max-size BYTES] [--max-age AGE] [--journald[=SOCKET]]\n"
		"  -f, --foreground     stay in the foreground, log to stderr\n"
		"  -v, --verbose        log every durable batch (\"acked\" lines)\n"
		"  -j, --journal PATH   the journal (default " JNL_DEFAULT_PATH ")\n"
		"  -p, --pidfile PATH   write the daemon's pid there\n"
		"  --segment-size BYTES start a new segment file at this size\n"
		"                       (K, M, G suffixes; default 8M)\n"
		"  --max-size BYTES     delete the oldest segments beyond this total\n"
		"  --max-age AGE        delete segments whose newest entry is older\n"
		"                       (s, m, h, d suffixes; seconds without)\n"
		"  --journald[=SOCKET]  also send each entry to the systemd journal\n"
		"                       (default " SDJ_SOCKET ")\n"
		"  -V, --version        print the version\n"
		"  -h, --help           print this\n");
}

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		hup = 1;
	else
		stop = 1;
}

/* Create the journal's directory (one level), as the default one may not be. */
static void make_parent(const char *path)
{
	char *dir = strdup(path), *slash;

	if (!dir)
		return;
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0750);
	}
	free(dir);
}

static int daemonize(const char *pidfile)
{
	pid_t pid = fork();
	FILE *f;
	int fd;

	if (pid < 0)
		return -errno;
	if (pid > 0)
		_exit(0);
	setsid();
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0)
		_exit(0);
	if (chdir("/"))
		return -errno;
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	if (pidfile) {
		f = fopen(pidfile, "w");
		if (!f)
			return -errno;
		fprintf(f, "%d\n", getpid());
		fclose(f);
	}
	return 0;
}

struct daemon {
	struct jnl *j;
	struct cxlfm_ctx *ctx;
	struct cxlfm_events *ev;
	struct replay *seen;	/* records journaled, to recognise replays */
	bool durable;		/* a durable consumer: acknowledges */
	uint64_t session;	/* index of this run's start entry */
	uint64_t events;	/* acknowledged this run */
	uint64_t replays;	/* records the switch sent again, this run */
	const char *path;
	struct jnl_limits lim;
	struct sdj *sdj;	/* --journald */
	uint64_t forwarded;	/* index of the next entry to send there */
	uint64_t unsent;	/* entries journald did not take */
	uint64_t wd_usec;	/* the watchdog's interval, 0: none */
	uint64_t next_ping, next_retain;	/* CLOCK_MONOTONIC, us */
};

static int append_marker(struct daemon *d, uint8_t type)
{
	struct jnl_entry e = { .type = type };
	int rc = jnl_append(d->j, &e);

	if (!rc)
		rc = jnl_sync(d->j);
	if (!rc && type == JNL_START)
		d->session = e.index;
	return rc;
}

/*
 * A switch whose CEL lacks Get Event Records has no event logs to drain:
 * only its hierarchy and background notifications will be journalled.  Say
 * so, so that its silence is not taken for a quiet fabric.
 */
static void note_no_event_logs(struct cxlfm_ctx *ctx, unsigned int id)
{
	struct cxlfm_cci_info ci;
	uint16_t *cel;
	size_t nr, i;
	bool listed = false;

	if (cxlfm_cci_get(ctx, id, &ci) || !ci.is_switch ||
	    cxlfm_cci_opcodes(ctx, id, &cel, &nr))
		return;
	for (i = 0; i < nr; i++)
		listed |= cel[i] == CXLFM_FM_OP_GET_EVENT_RECORDS;
	free(cel);
	if (!listed)
		say(LOG_NOTICE, "CCI %u: no event records: Get Event Records (0x0100) is not in the switch's Command Effects Log",
		    id);
}

static void note_switches(struct cxlfm_ctx *ctx)
{
	struct cxlfm_cci_info *list;
	size_t n, i;

	if (cxlfm_cci_list(ctx, &list, &n))
		return;
	for (i = 0; i < n; i++)
		note_no_event_logs(ctx, list[i].id);
	free(list);
}

/* Learn the records the journal holds, to recognise them when replayed. */
static int load_seen(struct daemon *d)
{
	struct jnl_entry e;
	uint64_t i, n = jnl_count(d->j);
	int rc;

	for (i = 0; i < n; i++) {
		if (jnl_read(d->j, i, &e) || e.type != JNL_RECORD)
			continue;
		rc = replay_note(d->seen, e.cci, e.ev.record.log,
				 e.ev.record.handle, e.ev.record.timestamp);
		if (rc)
			return rc;
	}
	return 0;
}

/* The module went away or came back: say it, and what it means. */
static void family_change(struct daemon *d, const struct cxlfm_event *ev)
{
	if (ev->type == CXLFM_EVENT_FAMILY_GONE) {
		say(LOG_WARNING, "cxlfm went away (module unloaded): waiting for it to come back");
		return;
	}
	say(LOG_NOTICE, "cxlfm is back: subscribed again%s",
	    d->durable ? " as a durable consumer" : "");
	note_switches(d->ctx);
}

/* Journal one event, preceded by the gap in front of it if there is one. */
static int journal_event(struct daemon *d, const struct cxlfm_event *ev)
{
	bool family = ev->type == CXLFM_EVENT_FAMILY_GONE ||
		      ev->type == CXLFM_EVENT_FAMILY_BACK;
	uint64_t instance = family ? 0 : cxlfm_events_instance(d->ev);
	const struct cxlfm_event_record *r = &ev->record;
	struct jnl_entry e;
	int rc;

	if (jnl_gap_before(d->j, ev, instance, d->session, &e)) {
		/* a durable consumer's records are not lost: the switch kept them */
		if (e.gap == JNL_GAP_RESTART && d->durable)
			say(LOG_NOTICE, "CCI %u: %u notifications before sequence %u were sent while cxlfmd was not running; the records among them waited in the switch and come again",
			    e.cci, e.size, ev->seq);
		else
			say(LOG_WARNING, "CCI %u: %u events lost before sequence %u (%s)",
			    e.cci, e.size, ev->seq,
			    e.gap == JNL_GAP_RESTART ? "while cxlfmd was not running" :
			    "sequence gap");
		rc = jnl_append(d->j, &e);
		if (rc)
			return rc;
	}
	jnl_from_event(&e, ev, instance);
	if (family)
		family_change(d, ev);
	if (ev->type == CXLFM_EVENT_UNACKED)
		say(LOG_WARNING, "CCI %u: %u records cleared by the kernel before cxlfmd acknowledged them",
		    ev->cci.id, ev->missed);
	if (ev->type == CXLFM_EVENT_RECORD) {
		if (replay_seen(d->seen, ev->cci.id, r->log, r->handle,
				r->timestamp)) {
			e.type = JNL_REPLAYED;
			d->replays++;
		} else {
			rc = replay_note(d->seen, ev->cci.id, r->log, r->handle,
					 r->timestamp);
			if (rc)
				return rc;
		}
	}
	if (ev->type == CXLFM_EVENT_CCI_ADDED)
		note_no_event_logs(d->ctx, ev->cci.id);
	if (e.type == JNL_GAP)
		say(LOG_WARNING, "event socket overrun: events lost, see the next gaps");
	else if (e.type == JNL_LOG_OVERFLOW)
		say(LOG_WARNING, "CCI %u: event log %u overflowed, %u records dropped by the device",
		    e.cci, ev->record.log, e.size);
	return jnl_append(d->j, &e);
}

/*
 * Take what the socket holds (up to BATCH events), journal it, make it
 * durable with one fdatasync(), and only then acknowledge it.
 */
static int drain(struct daemon *d)
{
	struct cxlfm_event ev;
	uint32_t last_cci = 0, last_seq = 0;
	int n = 0, rc = 0, n_rc;

	while (n < BATCH) {
		rc = cxlfm_events_next(d->ev, &ev);
		if (rc == -EAGAIN) {
			rc = 0;
			break;
		}
		if (rc)
			break;
		rc = journal_event(d, &ev);
		if (rc)
			break;
		n++;
		last_cci = ev.cci.id;
		last_seq = ev.seq;
	}
	if (!n)
		return rc;
	/* Whatever was appended, even before an error, is synced. */
	n_rc = jnl_sync(d->j);
	if (!rc)
		rc = n_rc;
	if (rc)
		return rc;
	/* durable now: the switch may forget them */
	if (d->durable) {
		rc = cxlfm_events_ack(d->ev);
		if (rc)
			return rc;
	}
	d->events += n;
	say(LOG_DEBUG, "acked %d events, total %llu, journal %llu entries, last cci %u seq %u, replays %llu",
	    n, (unsigned long long)d->events, (unsigned long long)jnl_count(d->j),
	    last_cci, last_seq, (unsigned long long)d->replays);
	return n;
}

static uint64_t now_us(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000ull + ts.tv_nsec / 1000;
}

/* Send what became durable since the last call to the systemd journal. */
static void forward(struct daemon *d)
{
	uint64_t end = jnl_count(d->j), unsent = 0;
	struct jnl_entry e;
	int rc;

	if (!d->sdj)
		return;
	for (; d->forwarded < end; d->forwarded++) {
		rc = jnl_read(d->j, d->forwarded, &e);
		if (!rc)
			rc = sdj_send(d->sdj, &e);
		if (rc == -EAGAIN) {
			/* journald is stuck: do not wait once per entry */
			unsent += end - d->forwarded;
			d->forwarded = end;
			break;
		}
		unsent += !!rc;
	}
	if (unsent)
		say(LOG_WARNING, "systemd journal: %llu entries not sent (all are in the cxlfmd journal)",
		    (unsigned long long)unsent);
	d->unsent += unsent;
}

/* Delete the segments beyond the size and age bounds. */
static void retain(struct daemon *d)
{
	uint64_t retired = 0;
	int n = jnl_retain(d->j, now_us(CLOCK_REALTIME) * 1000, &retired);

	if (n < 0)
		say(LOG_ERR, "journal %s: retention: %s", d->path, strerror(-n));
	else if (n)
		say(LOG_INFO, "journal %s: deleted %d old segments (%llu entries), first index now %llu",
		    d->path, n, (unsigned long long)retired,
		    (unsigned long long)jnl_first_index(d->j));
	d->next_retain = now_us(CLOCK_MONOTONIC) + RETAIN_MS * 1000ull;
}

/* SIGHUP: close the segment files and open them again, as an operator asks. */
static int reopen(struct daemon *d)
{
	struct jnl_scan sc;
	int rc;

	sdn_notify("RELOADING=1\nMONOTONIC_USEC=%llu",
		   (unsigned long long)now_us(CLOCK_MONOTONIC));
	jnl_close(d->j);
	d->j = NULL;
	rc = jnl_open_write(d->path, &d->j, &sc);
	if (rc) {
		say(LOG_ERR, "journal %s: reopening: %s", d->path, strerror(-rc));
		return rc;
	}
	jnl_set_limits(d->j, &d->lim);
	/* moved away: a new journal starts at 0, forward it from there */
	if (d->forwarded > jnl_count(d->j))
		d->forwarded = jnl_count(d->j);
	say(LOG_NOTICE, "journal %s reopened on SIGHUP: entries %llu to %llu, %llu corrupt, %llu bytes cut",
	    d->path, (unsigned long long)jnl_first_index(d->j),
	    (unsigned long long)jnl_count(d->j), (unsigned long long)sc.corrupt,
	    (unsigned long long)sc.cut_bytes);
	sdn_notify("READY=1");
	return 0;
}

/* Once per turn of the main loop: signals, the watchdog, the age bound. */
static int tick(struct daemon *d)
{
	uint64_t now = now_us(CLOCK_MONOTONIC);
	int rc;

	if (hup) {
		hup = 0;
		rc = reopen(d);
		if (rc)
			return rc;
	}
	if (d->wd_usec && now >= d->next_ping) {
		sdn_notify("WATCHDOG=1");
		d->next_ping = now + d->wd_usec / 2;
	}
	if (d->lim.max_age_s && now >= d->next_retain)
		retain(d);
	return 0;
}

/* How long the main loop may sleep: until the next tick() has work (ms). */
static int tick_timeout(const struct daemon *d)
{
	uint64_t now = now_us(CLOCK_MONOTONIC), next = UINT64_MAX;

	if (d->wd_usec)
		next = d->next_ping;
	if (d->lim.max_age_s && d->next_retain < next)
		next = d->next_retain;
	if (next == UINT64_MAX)
		return -1;
	return next <= now ? 0 : (int)((next - now + 999) / 1000);
}

static int run(struct daemon *d)
{
	struct pollfd p = { .fd = cxlfm_events_fd(d->ev), .events = POLLIN };
	int rc;

	forward(d);	/* the start entry */
	while (!stop) {
		rc = tick(d);
		if (rc)
			return rc;
		rc = drain(d);
		if (rc < 0)
			return rc;
		if (rc > 0) {
			forward(d);
			retain(d);
		}
		if (rc == BATCH)
			continue;
		if (poll(&p, 1, tick_timeout(d)) < 0 && errno != EINTR)
			return -errno;
	}
	sdn_notify("STOPPING=1");
	/* Stopping: what is already queued is journaled too. */
	while ((rc = drain(d)) > 0)
		forward(d);
	return rc;
}

/*
 * A durable consumer, so that the switches keep what cxlfmd has not stored;
 * a module without durable delivery is followed all the same.
 */
static int subscribe_durable(struct daemon *d)
{
	int rc = cxlfm_events_durable(d->ev);

	if (!rc) {
		d->durable = true;
		return 0;
	}
	if (rc != -EOPNOTSUPP) {
		say(LOG_ERR, "cannot register as a durable consumer: %s", strerror(-rc));
		return rc;
	}
	say(LOG_WARNING, "the cxlfm module has no durable delivery: records are cleared whether or not they were journaled");
	rc = cxlfm_events_follow(d->ev);
	if (rc)
		say(LOG_ERR, "cannot follow the cxlfm module: %s", strerror(-rc));
	return rc;
}

/*
 * A number with an optional unit suffix (@units: letters, @mult: their
 * factors); 0 for a bad one, which no option accepts.
 */
static uint64_t parse_unit(const char *arg, const char *units, const uint64_t *mult)
{
	unsigned long long v;
	const char *u;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || end == arg || *arg == '-')
		return 0;
	if (!*end)
		return v;
	u = strchr(units, *end);
	if (!u || end[1] || v > UINT64_MAX / mult[u - units])
		return 0;
	return v * mult[u - units];
}

static uint64_t parse_size(const char *arg)
{
	static const uint64_t m[] = { 1ull << 10, 1ull << 20, 1ull << 30 };

	return parse_unit(arg, "KMG", m);
}

static uint64_t parse_age(const char *arg)
{
	static const uint64_t m[] = { 1, 60, 3600, 86400 };

	return parse_unit(arg, "smhd", m);
}

static void grow_rcvbuf(int fd)
{
	int sz = RCVBUF;

	/* FORCE passes rmem_max as root; the plain one is capped by it. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "journal", required_argument, NULL, 'j' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "segment-size", required_argument, NULL, 'S' },
		{ "max-size", required_argument, NULL, 'M' },
		{ "max-age", required_argument, NULL, 'A' },
		{ "journald", optional_argument, NULL, 'J' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *path = JNL_DEFAULT_PATH, *pidfile = NULL, *journald = NULL;
	struct daemon d = { .lim.segment_bytes = 8 << 20 };
	struct cxlfm_ctx *ctx = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	struct jnl_scan sc;
	int c, rc;

	while ((c = getopt_long(argc, argv, "fvj:p:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			foreground = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'j':
			path = optarg;
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'S':
			d.lim.segment_bytes = parse_size(optarg);
			/* a header and at least one entry */
			if (d.lim.segment_bytes < 2 * JNL_ENTRY_SIZE) {
				fprintf(stderr, "cxlfmd: --segment-size '%s': need a size of at least 512 bytes (K, M, G suffixes)\n",
					optarg);
				return 2;
			}
			break;
		case 'M':
			d.lim.max_bytes = parse_size(optarg);
			if (!d.lim.max_bytes) {
				fprintf(stderr, "cxlfmd: --max-size '%s': need a size in bytes (K, M, G suffixes)\n",
					optarg);
				return 2;
			}
			break;
		case 'A':
			d.lim.max_age_s = parse_age(optarg);
			if (!d.lim.max_age_s) {
				fprintf(stderr, "cxlfmd: --max-age '%s': need a duration above 0 (s, m, h, d suffixes)\n",
					optarg);
				return 2;
			}
			break;
		case 'J':
			journald = optarg ? optarg : SDJ_SOCKET;
			break;
		case 'V':
			printf("%s\n", CXLFM_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	/* the segment being written is always kept: a smaller bound is a mistake */
	if (d.lim.max_bytes && d.lim.max_bytes < 2 * d.lim.segment_bytes) {
		fprintf(stderr, "cxlfmd: --max-size %llu is less than two segments of --segment-size %llu\n",
			(unsigned long long)d.lim.max_bytes,
			(unsigned long long)d.lim.segment_bytes);
		return 2;
	}
	if (!foreground)
		openlog("cxlfmd", LOG_PID, LOG_DAEMON);
	prio_prefix = foreground && sdn_stderr_is_journal();
	d.path = path;

	make_parent(path);
	rc = jnl_open_write(path, &d.j, &sc);
	if (rc) {
		say(LOG_ERR, "journal %s: %s", path,
		    rc == -EBUSY ? "in use by another cxlfmd" :
		    rc == -EBADMSG ? "not a cxlfmd journal (bad header)" : strerror(-rc));
		return 1;
	}
	if (sc.cut_bytes)
		say(LOG_WARNING, "journal %s: cut a torn tail of %llu bytes", path,
		    (unsigned long long)sc.cut_bytes);
	if (sc.corrupt)
		say(LOG_WARNING, "journal %s: %llu corrupt entries kept in place", path,
		    (unsigned long long)sc.corrupt);
	jnl_set_limits(d.j, &d.lim);
	if (journald) {
		rc = sdj_open(journald, &d.sdj);
		if (rc) {
			say(LOG_ERR, "--journald %s: %s", journald, strerror(-rc));
			goto out;
		}
	}

	rc = replay_new(&d.seen);
	if (!rc)
		rc = load_seen(&d);
	if (rc) {
		say(LOG_ERR, "journal %s: %s", path, strerror(-rc));
		goto out;
	}
	rc = cxlfm_new(&ctx);
	if (!rc)
		rc = cxlfm_events_open(ctx, &d.ev);
	if (rc) {
		say(LOG_ERR, "cannot subscribe to cxlfm events: %s%s", strerror(-rc),
		    rc == -ENOENT ? " (is the cxlfm module loaded?)" : "");
		goto out;
	}
	grow_rcvbuf(cxlfm_events_fd(d.ev));
	rc = subscribe_durable(&d);
	if (rc)
		goto out;
	d.ctx = ctx;
	note_switches(ctx);

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (!foreground) {
		rc = daemonize(pidfile);
		if (rc)
			goto out;
	}
	d.forwarded = jnl_count(d.j);
	rc = append_marker(&d, JNL_START);
	if (rc)
		goto out;
	say(LOG_INFO, "journaling to %s (%llu entries)", path,
	    (unsigned long long)jnl_count(d.j));
	retain(&d);
	d.wd_usec = sdn_watchdog_usec();
	sdn_notify("READY=1\nSTATUS=journaling to %s", path);

	rc = run(&d);
	if (rc)
		say(LOG_ERR, "stopping: %s", strerror(-rc));
	else
		rc = append_marker(&d, JNL_STOP);
	forward(&d);
	if (!rc)
		say(LOG_INFO, "stopped cleanly after %llu events",
		    (unsigned long long)d.events);
	if (d.unsent)
		say(LOG_WARNING, "systemd journal: %llu entries not sent in this run",
		    (unsigned long long)d.unsent);
out:
	cxlfm_events_close(d.ev);
	cxlfm_unref(ctx);
	replay_free(d.seen);
	sdj_close(d.sdj);
	jnl_close(d.j);
	if (pidfile && !foreground)
		unlink(pidfile);
	return rc ? 1 : 0;
}
