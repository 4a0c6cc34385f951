// SPDX-License-Identifier: GPL-2.0
/*
 * A small blocking HTTPS/1.1 client (client.h): enough for a push
 * delivery's POST and for reading a remote Redfish service, its event
 * stream included.  Not a general one: no redirects, no proxies, no
 * compression, headers read only for the body's framing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

int hc_split_url(const char *url, char *host, size_t hl, char *port, size_t pl,
		 const char **path)
{
	const char *h = url + strlen("https://"), *end, *colon;
	size_t n;

	if (strncmp(url, "https://", 8))
		return -1;
	end = h + strcspn(h, "/?#");
	*path = *end == '/' ? end : "/";
	if (*h == '[') {
		const char *rb = memchr(h, ']', end - h);

		if (!rb)
			return -1;
		n = rb - h - 1;
		if (!n || n >= hl)
			return -1;
		memcpy(host, h + 1, n);
		host[n] = 0;
		colon = rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(h, ':', end - h);
		n = (colon ? colon : end) - h;
		if (!n || n >= hl)
			return -1;
		memcpy(host, h, n);
		host[n] = 0;
	}
	if (colon) {
		n = end - colon - 1;
		if (!n || n >= pl)
			return -1;
		memcpy(port, colon + 1, n);
		port[n] = 0;
		if (strspn(port, "0123456789") != n || n > 5 || !atoi(port) ||
		    atoi(port) > 65535)
			return -1;	/* a TCP port: 1 to 65535 */
	} else {
		snprintf(port, pl, "443");
	}
	return strchr(host, '@') ? -1 : 0;	/* no credentials in the URL */
}

static int connect_to(const char *host, const char *port, unsigned int ms)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *a;
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000 };
	int fd = -1, err;
	socklen_t len;

	if (getaddrinfo(host, port, &hints, &ai))
		return -1;
	for (a = ai; a; a = a->ai_next) {
		struct pollfd p;

		fd = socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0)
			continue;
		if (connect(fd, a->ai_addr, a->ai_addrlen) && errno != EINPROGRESS)
			goto next;
		p.fd = fd;
		p.events = POLLOUT;
		len = sizeof(err);
		if (poll(&p, 1, ms) != 1 ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) || err)
			goto next;
		/* Blocking from here on, each send and receive bounded. */
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		break;
next:
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

int hc_open(struct hc *c, const char *host, const char *port,
	    gnutls_certificate_credentials_t cred, unsigned int timeout_ms,
	    unsigned int total_ms, char *why, size_t whylen)
{
	int rc;

	memset(c, 0, sizeof(*c));
	c->timeout_ms = timeout_ms;
	if (total_ms) {
		clock_gettime(CLOCK_MONOTONIC, &c->deadline);
		c->deadline.tv_sec += total_ms / 1000;
		c->deadline.tv_nsec += total_ms % 1000 * 1000000L;
		if (c->deadline.tv_nsec >= 1000000000L) {
			c->deadline.tv_sec++;
			c->deadline.tv_nsec -= 1000000000L;
		}
	}
	snprintf(c->host, sizeof(c->host), "%s", host);
	snprintf(c->port, sizeof(c->port), "%s", port);
	c->fd = connect_to(host, port, timeout_ms);
	if (c->fd < 0) {
		snprintf(why, whylen, "cannot connect to %s:%s", host, port);
		return -1;
	}
	if (gnutls_init(&c->s, GNUTLS_CLIENT) || gnutls_set_default_priority(c->s) ||
	    gnutls_credentials_set(c->s, GNUTLS_CRD_CERTIFICATE, cred)) {
		snprintf(why, whylen, "TLS setup failed");
		goto fail;
	}
	/* SNI only for names; the certificate is checked against @host either way. */
	if (!strchr(host, ':') && strspn(host, "0123456789.") != strlen(host))
		gnutls_server_name_set(c->s, GNUTLS_NAME_DNS, host, strlen(host));
	gnutls_session_set_verify_cert(c->s, host, 0);
	gnutls_transport_set_int(c->s, c->fd);
	if (total_ms)
		gnutls_handshake_set_timeout(c->s, total_ms);
	do
		rc = gnutls_handshake(c->s);
	while (rc < 0 && !gnutls_error_is_fatal(rc) && rc != GNUTLS_E_AGAIN);
	if (rc < 0) {
		snprintf(why, whylen, "TLS handshake with %s:%s: %s", host, port,
			 gnutls_strerror(rc));
		goto fail;
	}
	return 0;
fail:
	hc_close(c);
	return -1;
}

void hc_close(struct hc *c)
{
	if (c->s) {
		gnutls_bye(c->s, GNUTLS_SHUT_WR);
		gnutls_deinit(c->s);
	}
	if (c->fd >= 0)
		close(c->fd);
	c->s = NULL;
	c->fd = -1;
}

/* Whether the exchange's deadline (hc_open()'s @total_ms) has passed. */
static bool past_deadline(const struct hc *c)
{
	struct timespec now;

	if (!c->deadline.tv_sec)
		return false;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > c->deadline.tv_sec ||
	       (now.tv_sec == c->deadline.tv_sec && now.tv_nsec >= c->deadline.tv_nsec);
}

static int send_all(struct hc *c, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		if (past_deadline(c))
			return -1;
		w = gnutls_record_send(c->s, p, n);
		if (w == GNUTLS_E_INTERRUPTED)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

int hc_send(struct hc *c, const char *method, const char *path, const char *headers,
	    const char *body)
{
	char head[1536];
	int n;

	n = snprintf(head, sizeof(head),
		     "%s %s HTTP/1.1\r\nHost: %s%s%s:%s\r\nOData-Version: 4.0\r\n%s"
		     "Content-Length: %zu\r\n\r\n",
		     method, path, strchr(c->host, ':') ? "[" : "", c->host,
		     strchr(c->host, ':') ? "]" : "", c->port, headers,
		     body ? strlen(body) : 0);
	if (n < 0 || (size_t)n >= sizeof(head))
		return -1;
	c->in_off = c->in_len = 0;
	return send_all(c, head, n) || (body && send_all(c, body, strlen(body))) ? -1 : 0;
}

/*
 * More bytes from the peer into the buffer.  GnuTLS answers AGAIN after a
 * TLS 1.3 session ticket as after a time-out: a deadline tells them apart.
 * Return: bytes added, 0 when the peer closed, -1 on an error or time-out.
 */
static long fill(struct hc *c)
{
	struct timespec t0, t;
	ssize_t n;

	if (c->in_off == c->in_len)
		c->in_off = c->in_len = 0;
	if (c->in_off && c->in_len == sizeof(c->in)) {
		memmove(c->in, c->in + c->in_off, c->in_len - c->in_off);
		c->in_len -= c->in_off;
		c->in_off = 0;
	}
	if (c->in_len == sizeof(c->in))
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (past_deadline(c))
			return -1;
		n = gnutls_record_recv(c->s, c->in + c->in_len, sizeof(c->in) - c->in_len);
		if (n > 0) {
			c->in_len += n;
			return n;
		}
		if (n == 0 || n == GNUTLS_E_PREMATURE_TERMINATION)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((n == GNUTLS_E_INTERRUPTED || n == GNUTLS_E_AGAIN) &&
		    (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 <
		    (long)c->timeout_ms)
			continue;
		return -1;
	}
}

/* One line (without CRLF) into @line; 0, or -1. */
static int read_line(struct hc *c, char *line, size_t max)
{
	char *nl;
	size_t n;

	for (;;) {
		nl = memchr(c->in + c->in_off, '\n', c->in_len - c->in_off);
		if (nl)
			break;
		if (fill(c) <= 0)
			return -1;
	}
	n = nl - (c->in + c->in_off);
	if (n && nl[-1] == '\r')
		n--;
	if (n >= max)
		return -1;
	memcpy(line, c->in + c->in_off, n);
	line[n] = 0;
	c->in_off = nl + 1 - c->in;
	return 0;
}

int hc_head(struct hc *c)
{
	char line[1024];
	int status;

	if (read_line(c, line, sizeof(line)) ||
	    sscanf(line, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	c->chunked = 0;
	c->left = -1;
	c->body_done = 0;
	for (;;) {
		if (read_line(c, line, sizeof(line)))
			return -1;
		if (!*line)
			break;
		if (!strncasecmp(line, "Content-Length:", 15))
			c->left = strtoll(line + 15, NULL, 10);
		else if (!strncasecmp(line, "Transfer-Encoding:", 18) &&
			 strcasestr(line + 18, "chunked"))
			c->chunked = 1;
	}
	if (c->chunked)
		c->left = 0;	/* no chunk begun */
	else if (c->left == 0 || status == 204 || status == 304)
		c->body_done = 1;
	return status;
}

long hc_body(struct hc *c, char *buf, size_t max)
{
	char line[64];
	size_t n;

	if (c->body_done)
		return 0;
	if (c->chunked && c->left == 0) {
		/* the next chunk's size line: hex, extensions ignored */
		if (read_line(c, line, sizeof(line)))
			return -1;
		c->left = strtoll(line, NULL, 16);
		if (c->left < 0)
			return -1;
		if (c->left == 0) {
			/* trailers, up to the empty line */
			do {
				if (read_line(c, line, sizeof(line)))
					return -1;
			} while (*line);
			c->body_done = 1;
			return 0;
		}
	}
	if (c->in_off == c->in_len) {
		long got = fill(c);

		if (got < 0)
			return -1;
		if (got == 0) {
			/* closed: the end only of a body framed by the close */
			if (c->left >= 0)
				return -1;
			c->body_done = 1;
			return 0;
		}
	}
	n = c->in_len - c->in_off;
	if (n > max)
		n = max;
	if (c->left >= 0 && (long long)n > c->left)
		n = c->left;
	memcpy(buf, c->in + c->in_off, n);
	c->in_off += n;
	if (c->left > 0) {
		c->left -= n;
		if (!c->left) {
			if (!c->chunked)
				c->body_done = 1;
			else if (read_line(c, line, sizeof(line)) || *line)
				return -1;	/* the CRLF after a chunk */
		}
	}
	return n;
}

long hc_body_all(struct hc *c, char *buf, size_t max)
{
	size_t len = 0;
	long n;

	while ((n = hc_body(c, buf + len, max - 1 - len)) > 0) {
		len += n;
		if (len == max - 1 && !c->body_done)
			return -1;
	}
	if (n < 0)
		return -1;
	buf[len] = 0;
	return len;
}
