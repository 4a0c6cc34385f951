// SPDX-License-Identifier: GPL-2.0
/*
 * rf_clients: many concurrent HTTPS clients of cxlfm-redfishd, for
 * tools/testing/cxlfm/host/redfish_clients_test.sh.  Built by that test
 * (cc rf_clients.c $(pkg-config --cflags --libs gnutls)).
 *
 *   rf_clients -p PORT -t TOKEN [-n CLIENTS] [-H HOLD_MS] [-T TIMEOUT_S]
 *
 * Opens CLIENTS TLS connections to 127.0.0.1:PORT at once (non-blocking
 * connects, one thread, epoll) and runs them all to their end.  Client i
 * is, by i % 20:
 *   0-10  open: GET /redfish/v1/ without credentials, 200 expected
 *   11-15 auth: GET /redfish/v1/Fabrics with X-Auth-Token (a broker call
 *         each), 200 expected
 *   16-18 idle: the TLS handshake, then HOLD_MS doing nothing, then GET
 *         /redfish/v1/SessionService with the token, 200 expected
 *   19    sse: GET /redfish/v1/EventService/SSE with the token: 200 and a
 *         text/event-stream held open for HOLD_MS, counting the events
 *         ("data:" lines) received; or 503 when the service's streams are
 *         all taken
 * Each client is then closed.  A client is "answered" when it got the
 * answer expected; "refused" when the service closed or reset the
 * connection before the end of the TLS handshake (libmicrohttpd over its
 * connection limit); "failed" otherwise: another status, a connection
 * closed after the handshake without an answer, a TLS error, or no end
 * within TIMEOUT_S seconds of the start.
 *
 * Prints what it saw, the first failures, and a last line
 *   RESULT clients=N answered=A refused=R failed=F sse_streams=S
 *   sse_with_events=E sse_busy=B seconds=T slowest=T
 * Exit status: 0 if no client failed, 1 if one did, 2 on a usage or set-up
 * error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF		16384
#define MAX_FAIL_SHOWN	10

enum kind { K_OPEN, K_AUTH, K_IDLE, K_SSE, K_NR };
static const char *const kind_name[] = { "open", "auth", "idle", "sse" };

enum state { S_CONNECT, S_HANDSHAKE, S_HOLD, S_SEND, S_RECV, S_STREAM, S_DONE };
static const char *const state_name[] = {
	"connect", "handshake", "hold", "send", "receive", "stream", "done",
};

enum result { R_NONE, R_ANSWERED, R_REFUSED, R_FAILED };

struct client {
	int fd;
	gnutls_session_t s;
	enum kind kind;
	enum state state;
	enum result result;
	bool out_wanted;		/* epoll waits for writability */
	double start, hold_until, end;
	char req[512];
	size_t req_len;
	char buf[BUF];
	size_t len;
	size_t head_len;		/* 0 until the headers are complete */
	long long content_length;	/* -1: none given */
	int status;
	unsigned int events;		/* SSE: "data:" lines seen */
	char tail[4];			/* SSE: the last bytes, for a split "data:" */
	size_t tail_len;
	char why[128];
};

static struct client *cl;
static unsigned int nr_clients, nr_left;
static int ep;
static gnutls_certificate_credentials_t cred;
static double t0;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void watch(struct client *c, bool out)
{
	struct epoll_event ev = { .events = out ? EPOLLOUT : EPOLLIN, .data.ptr = c };

	if (c->out_wanted == out)
		return;
	c->out_wanted = out;
	epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void finish(struct client *c, enum result r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void finish(struct client *c, enum result r, const char *fmt, ...)
{
	va_list ap;

	if (c->state == S_DONE)
		return;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	c->result = r;
	c->state = S_DONE;
	c->end = now();
	if (c->s) {
		/* no wait for the peer's close_notify: the test is about the service */
		if (r == R_ANSWERED)
			gnutls_bye(c->s, GNUTLS_SHUT_WR);
		gnutls_deinit(c->s);
		c->s = NULL;
	}
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
	nr_left--;
}

/* The peer went away before or during the handshake: a refusal. */
static bool peer_gone(int rc)
{
	return rc == GNUTLS_E_PREMATURE_TERMINATION || rc == GNUTLS_E_PULL_ERROR ||
	       rc == GNUTLS_E_PUSH_ERROR || rc == GNUTLS_E_UNEXPECTED_PACKET_LENGTH;
}

static void start_request(struct client *c, const char *path, const char *token, int port)
{
	c->req_len = snprintf(c->req, sizeof(c->req),
			      "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: %s\r\n%s%s%s\r\n",
			      path, port, c->kind == K_SSE ? "text/event-stream" : "application/json",
			      token ? "X-Auth-Token: " : "", token ? token : "", token ? "\r\n" : "");
}

/* Headers complete: the status, and how the body ends. */
static void parse_head(struct client *c)
{
	char *end = memmem(c->buf, c->len, "\r\n\r\n", 4), *p;

	if (!end)
		return;
	c->head_len = end + 4 - c->buf;
	*end = 0;
	if (sscanf(c->buf, "HTTP/1.%*d %d", &c->status) != 1)
		c->status = -1;
	c->content_length = -1;
	for (p = strstr(c->buf, "\r\n"); p; p = strstr(p + 2, "\r\n"))
		if (!strncasecmp(p + 2, "Content-Length:", 15))
			c->content_length = strtoll(p + 17, NULL, 10);
	if (c->kind == K_SSE && c->status == 200) {
		if (!strcasestr(c->buf, "\r\ncontent-type: text/event-stream"))
			c->status = -2;
		else
			c->state = S_STREAM;
	}
	*end = '\r';
}

/* "data:" lines in a stream's bytes, also one split between two reads. */
static void count_events(struct client *c, const char *p, size_t n)
{
	char join[2 * sizeof(c->tail)];
	size_t i, t = c->tail_len, h = n < sizeof(c->tail) ? n : sizeof(c->tail);

	/* the previous read's last bytes (too few to hold one) and the first of this one */
	memcpy(join, c->tail, t);
	memcpy(join + t, p, h);
	for (i = 0; i < t && i + 5 <= t + h; i++)
		c->events += !memcmp(join + i, "data:", 5);
	for (i = 0; i + 5 <= n; i++)
		c->events += !memcmp(p + i, "data:", 5);
	if (n >= sizeof(c->tail)) {
		memcpy(c->tail, p + n - sizeof(c->tail), sizeof(c->tail));
		c->tail_len = sizeof(c->tail);
	} else {
		/* keep the last sizeof(tail) bytes of the tail and these */
		memcpy(join, c->tail, t);
		memcpy(join + t, p, n);
		t += n;
		h = t < sizeof(c->tail) ? t : sizeof(c->tail);
		memcpy(c->tail, join + t - h, h);
		c->tail_len = h;
	}
}

static void step(struct client *c, double hold_ms);

static void on_event(struct client *c, uint32_t events, double hold_ms)
{
	int err = 0;
	socklen_t l = sizeof(err);

	if (c->state == S_CONNECT) {
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l) || err) {
			finish(c, R_REFUSED, "connect: %s", strerror(err ? err : errno));
			return;
		}
		if (!(events & EPOLLOUT))
			return;
		c->state = S_HANDSHAKE;
	}
	step(c, hold_ms);
}

/* Run the client as far as it goes without waiting. */
static void step(struct client *c, double hold_ms)
{
	ssize_t n;
	int rc;

	for (;;) {
		switch (c->state) {
		case S_CONNECT:
		case S_DONE:
			return;
		case S_HANDSHAKE:
			rc = gnutls_handshake(c->s);
			if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) {
				watch(c, gnutls_record_get_direction(c->s));
				return;
			}
			if (rc < 0) {
				finish(c, peer_gone(rc) ? R_REFUSED : R_FAILED, "handshake: %s",
				       gnutls_strerror(rc));
				return;
			}
			if (c->kind == K_IDLE) {
				c->state = S_HOLD;
				c->hold_until = now() + hold_ms / 1000;
				watch(c, false);
				return;
			}
			c->state = S_SEND;
			break;
		case S_HOLD:
			/* the service has nothing to say: a ticket at most, or its close */
			n = gnutls_record_recv(c->s, c->buf, sizeof(c->buf));
			if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
				return;
			if (n > 0)
				finish(c, R_FAILED, "%zd bytes while idle", n);
			else
				finish(c, R_FAILED, "closed while idle: %s",
				       n ? gnutls_strerror(n) : "end of stream");
			return;
		case S_SEND:
			n = gnutls_record_send(c->s, c->req, c->req_len);
			if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
				watch(c, gnutls_record_get_direction(c->s));
				return;
			}
			if (n < 0 || (size_t)n != c->req_len) {
				finish(c, R_FAILED, "send: %s", n < 0 ? gnutls_strerror(n) : "short");
				return;
			}
			c->state = S_RECV;
			watch(c, false);
			break;
		case S_RECV:
		case S_STREAM:
			if (c->len == sizeof(c->buf)) {
				if (c->state == S_RECV) {
					finish(c, R_FAILED, "an answer larger than %d bytes", BUF);
					return;
				}
				c->len = c->head_len = 0;	/* a stream: only counted */
			}
			n = gnutls_record_recv(c->s, c->buf + c->len, sizeof(c->buf) - c->len);
			if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
				watch(c, gnutls_record_get_direction(c->s));
				return;
			}
			if (n <= 0) {
				finish(c, R_FAILED, "%s without %s: %s", state_name[c->state],
				       c->state == S_STREAM ? "its hold" : "an answer",
				       n ? gnutls_strerror(n) : "closed");
				return;
			}
			if (c->state == S_STREAM) {
				count_events(c, c->buf + c->len, n);
				c->len += n;
				break;
			}
			c->len += n;
			if (!c->head_len) {
				parse_head(c);
				if (c->state == S_STREAM) {
					c->hold_until = now() + hold_ms / 1000;
					count_events(c, c->buf + c->head_len, c->len - c->head_len);
					break;
				}
			}
			if (c->head_len && c->content_length >= 0 &&
			    c->len >= c->head_len + c->content_length) {
				bool ok = c->status == 200 || (c->kind == K_SSE && c->status == 503);

				if (ok)
					finish(c, R_ANSWERED, "answered");
				else
					finish(c, R_FAILED, "status %d", c->status);
				return;
			}
			break;
		}
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: rf_clients -p PORT -t TOKEN [-n CLIENTS] [-H HOLD_MS] [-T TIMEOUT_S]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned int n = 1000, i, kinds[K_NR] = { 0 }, shown = 0;
	unsigned int answered = 0, refused = 0, failed = 0, sse_streams = 0, sse_events = 0;
	unsigned int sse_busy = 0;
	double hold_ms = 2000, timeout = 30, slowest = 0, t;
	const char *token = NULL;
	struct epoll_event evs[256];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct rlimit rl;
	int port = 0, o, k;

	while ((o = getopt(argc, argv, "p:t:n:H:T:")) != -1) {
		switch (o) {
		case 'p': port = atoi(optarg); break;
		case 't': token = optarg; break;
		case 'n': n = strtoul(optarg, NULL, 10); break;
		case 'H': hold_ms = atof(optarg); break;
		case 'T': timeout = atof(optarg); break;
		default: usage();
		}
	}
	/* a send to a connection the service closed is an error, not a signal */
	signal(SIGPIPE, SIG_IGN);
	if (optind != argc || port <= 0 || port > 65535 || !token || !n || n > 100000)
		usage();
	/* every client's socket at once, and the standard ones */
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < n + 16) {
		rl.rlim_cur = rl.rlim_max < n + 16 ? rl.rlim_max : n + 16;
		setrlimit(RLIMIT_NOFILE, &rl);
		if (rl.rlim_cur < n + 16) {
			fprintf(stderr, "rf_clients: %u clients need %u descriptors, the limit is %lu\n",
				n, n + 16, (unsigned long)rl.rlim_cur);
			return 2;
		}
	}
	cl = calloc(n, sizeof(*cl));
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (!cl || ep < 0 || gnutls_certificate_allocate_credentials(&cred)) {
		fprintf(stderr, "rf_clients: set-up failed\n");
		return 2;
	}
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	nr_clients = nr_left = n;
	t0 = now();

	/* all the connects first, then the event loop: every client at once */
	for (i = 0; i < n; i++) {
		struct client *c = &cl[i];
		struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = c };
		static const char *const paths[K_NR] = {
			"/redfish/v1/", "/redfish/v1/Fabrics", "/redfish/v1/SessionService",
			"/redfish/v1/EventService/SSE",
		};

		k = i % 20;
		c->kind = k <= 10 ? K_OPEN : k <= 15 ? K_AUTH : k <= 18 ? K_IDLE : K_SSE;
		kinds[c->kind]++;
		c->start = t0;
		c->out_wanted = true;
		start_request(c, paths[c->kind], c->kind == K_OPEN ? NULL : token, port);
		c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (c->fd < 0 || gnutls_init(&c->s, GNUTLS_CLIENT | GNUTLS_NONBLOCK) ||
		    gnutls_set_default_priority(c->s) ||
		    gnutls_credentials_set(c->s, GNUTLS_CRD_CERTIFICATE, cred)) {
			fprintf(stderr, "rf_clients: client %u: set-up failed: %s\n", i,
				strerror(errno));
			return 2;
		}
		gnutls_transport_set_int(c->s, c->fd);
		gnutls_handshake_set_timeout(c->s, 0);
		c->state = S_CONNECT;
		if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) && errno != EINPROGRESS) {
			epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
			finish(c, R_REFUSED, "connect: %s", strerror(errno));
			continue;
		}
		epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
	}

	while (nr_left) {
		int nev = epoll_wait(ep, evs, 256, 10);

		for (k = 0; k < nev; k++)
			on_event(evs[k].data.ptr, evs[k].events, hold_ms);
		t = now();
		for (i = 0; i < n; i++) {
			struct client *c = &cl[i];

			if (c->state == S_DONE)
				continue;
			if ((c->state == S_HOLD || c->state == S_STREAM) && t >= c->hold_until) {
				if (c->state == S_STREAM) {
					finish(c, R_ANSWERED, "answered");
					continue;
				}
				c->state = S_SEND;
				step(c, hold_ms);
			}
			if (c->state != S_DONE && t - c->start > timeout)
				finish(c, R_FAILED, "no end after %.0f s (in %s)", timeout,
				       state_name[c->state]);
		}
	}
	t = now() - t0;

	for (i = 0; i < n; i++) {
		struct client *c = &cl[i];

		if (c->end - c->start > slowest && c->result == R_ANSWERED)
			slowest = c->end - c->start;
		switch (c->result) {
		case R_ANSWERED:
			answered++;
			if (c->kind == K_SSE && c->status == 200) {
				sse_streams++;
				sse_events += c->events > 0;
			} else if (c->kind == K_SSE) {
				sse_busy++;
			}
			break;
		case R_REFUSED:
			refused++;
			break;
		default:
			failed++;
			if (shown++ < MAX_FAIL_SHOWN)
				printf("client %u (%s) failed: %s\n", i, kind_name[c->kind], c->why);
		}
	}
	printf("%u clients (%u open, %u auth, %u idle %.0f ms, %u sse) at once to 127.0.0.1:%d: "
	       "all ended in %.2f s\n", n, kinds[K_OPEN], kinds[K_AUTH], kinds[K_IDLE], hold_ms,
	       kinds[K_SSE], port, t);
	printf("answered %u (sse: %u streams, %u of them with events, %u busy 503), refused %u, "
	       "failed %u; slowest answer %.2f s\n", answered, sse_streams, sse_events, sse_busy,
	       refused, failed, slowest);
	printf("RESULT clients=%u answered=%u refused=%u failed=%u sse_streams=%u "
	       "sse_with_events=%u sse_busy=%u seconds=%.2f slowest=%.2f\n", n, answered, refused,
	       failed, sse_streams, sse_events, sse_busy, t, slowest);
	gnutls_certificate_free_credentials(cred);
	free(cl);
	return failed ? 1 : 0;
}
