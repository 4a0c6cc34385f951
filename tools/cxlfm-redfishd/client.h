/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HTTPS client of cxlfm-redfishd's network process: push deliveries
 * (push.c) and the remote FM's service (remote.c).  One blocking TLS
 * connection (GnuTLS), the peer's certificate checked against the trust
 * store loaded before the privileges were dropped, each connect, send and
 * receive bounded in time, and a whole exchange if the caller asks.  Bodies may come with Content-Length, chunked,
 * or until the peer closes.
 */
#ifndef RF_CLIENT_H
#define RF_CLIENT_H

#include <gnutls/gnutls.h>
#include <stddef.h>
#include <time.h>

#define HC_BUF	16384

struct hc {
	gnutls_session_t s;
	int fd;
	unsigned int timeout_ms;	/* each receive */
	struct timespec deadline;	/* of the whole exchange; 0: none */
	char host[256], port[16];
	/* what the peer sent and was not handed out yet */
	char in[HC_BUF];
	size_t in_off, in_len;
	/* the current response's body */
	int chunked;
	long long left;			/* bytes left in the body or the chunk, -1 until close */
	int body_done;
};

/* https://HOST[:PORT][/PATH] into its parts; [v6] hosts lose the brackets;
 * 0, or -1 for anything else (also credentials in the URL). */
int hc_split_url(const char *url, char *host, size_t hl, char *port, size_t pl,
		 const char **path);

/*
 * Connect to @host:@port and shake hands; 0, or -1 with @why filled.
 * @timeout_ms bounds each connect, send and receive; @total_ms, unless 0,
 * the whole exchange, handshake included (a peer that trickles its
 * answer a byte at a time is cut off).
 */
int hc_open(struct hc *c, const char *host, const char *port,
	    gnutls_certificate_credentials_t cred, unsigned int timeout_ms,
	    unsigned int total_ms, char *why, size_t whylen);
void hc_close(struct hc *c);

/* Send one request; @headers (CRLF-terminated lines, may be "") and @body
 * (may be NULL) as given.  0, or -1. */
int hc_send(struct hc *c, const char *method, const char *path, const char *headers,
	    const char *body);

/* Read a response's status line and headers: its status, or -1. */
int hc_head(struct hc *c);

/* Up to @max bytes of the body (de-chunked): the count, 0 at its end, -1
 * on an error or a time-out. */
long hc_body(struct hc *c, char *buf, size_t max);

/* The whole body into @buf (NUL-terminated, at most @max - 1 bytes): its
 * length, or -1 (also when it does not fit). */
long hc_body_all(struct hc *c, char *buf, size_t max);

#endif
