// SPDX-License-Identifier: GPL-2.0
/*
 * One push delivery: an HTTP/1.1 POST over TLS (GnuTLS) to a subscription's
 * https Destination, the certificate checked against the trust store the
 * daemon loaded before it dropped its privileges.  Blocking, with 5 s
 * bounds on connect, send and receive: it runs on the push thread only,
 * never on the thread that reads events or serves requests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "events.h"

#define PUSH_TIMEOUT_MS	5000

/* https://HOST[:PORT][/PATH] into its parts; [v6] hosts keep no brackets. */
static int split_url(const char *url, char *host, size_t hl, char *port, size_t pl,
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
	} else {
		snprintf(port, pl, "443");
	}
	return strchr(host, '@') ? -1 : 0;	/* no credentials in the URL */
}

int push_url_valid(const char *url)
{
	char host[256], port[16];
	const char *path;

	return split_url(url, host, sizeof(host), port, sizeof(port), &path) == 0 &&
	       strspn(port, "0123456789") == strlen(port) &&
	       !strpbrk(url, " \t\r\n\"<>\\^`{|}");
}

static int connect_to(const char *host, const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *a;
	struct timeval tv = { .tv_sec = PUSH_TIMEOUT_MS / 1000 };
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
		if (poll(&p, 1, PUSH_TIMEOUT_MS) != 1 ||
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

static int send_all(gnutls_session_t s, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = gnutls_record_send(s, p, n);
		if (w == GNUTLS_E_INTERRUPTED)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

int push_post(const char *url, const char *body, gnutls_certificate_credentials_t cred,
	      char *why, size_t whylen)
{
	char host[256], port[16], head[1024], ans[512];
	gnutls_session_t s = NULL;
	const char *path;
	int fd, rc, status = 0;
	ssize_t n;
	size_t got = 0;
	time_t deadline;

	if (split_url(url, host, sizeof(host), port, sizeof(port), &path)) {
		snprintf(why, whylen, "bad destination");
		return -1;
	}
	fd = connect_to(host, port);
	if (fd < 0) {
		snprintf(why, whylen, "cannot connect to %s:%s", host, port);
		return -1;
	}
	if (gnutls_init(&s, GNUTLS_CLIENT) || gnutls_set_default_priority(s) ||
	    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred)) {
		snprintf(why, whylen, "TLS setup failed");
		goto out;
	}
	/* SNI only for names; the certificate is checked against @host either way. */
	if (!strpbrk(host, ":") && strspn(host, "0123456789.") != strlen(host))
		gnutls_server_name_set(s, GNUTLS_NAME_DNS, host, strlen(host));
	gnutls_session_set_verify_cert(s, host, 0);
	gnutls_transport_set_int(s, fd);
	do
		rc = gnutls_handshake(s);
	while (rc < 0 && !gnutls_error_is_fatal(rc) && rc != GNUTLS_E_AGAIN);
	if (rc < 0) {
		snprintf(why, whylen, "TLS handshake: %s", gnutls_strerror(rc));
		goto out;
	}
	snprintf(head, sizeof(head),
		 "POST %s HTTP/1.1\r\nHost: %s%s%s:%s\r\nContent-Type: application/json\r\n"
		 "OData-Version: 4.0\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
		 path, strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "", port,
		 strlen(body));
	if (send_all(s, head, strlen(head)) || send_all(s, body, strlen(body))) {
		snprintf(why, whylen, "send failed");
		goto out;
	}
	/* The status line is all that is read.  GnuTLS answers AGAIN after
	 * a TLS 1.3 session ticket as after a timeout: the deadline decides. */
	deadline = time(NULL) + PUSH_TIMEOUT_MS / 1000;
	while (got < sizeof(ans) - 1 && !memchr(ans, '\n', got)) {
		n = gnutls_record_recv(s, ans + got, sizeof(ans) - 1 - got);
		if (n == GNUTLS_E_INTERRUPTED || (n == GNUTLS_E_AGAIN && time(NULL) < deadline))
			continue;
		if (n <= 0) {
			rc = n;
			break;
		}
		got += n;
	}
	ans[got] = 0;
	if (sscanf(ans, "HTTP/1.%*d %d", &status) != 1) {
		snprintf(why, whylen, "no HTTP answer (%s)", rc < 0 ? gnutls_strerror(rc) : "closed");
		goto out;
	}
	snprintf(why, whylen, "HTTP %d", status);
	gnutls_bye(s, GNUTLS_SHUT_WR);
out:
	if (s)
		gnutls_deinit(s);
	close(fd);
	return status >= 200 && status < 300 ? 0 : -1;
}
