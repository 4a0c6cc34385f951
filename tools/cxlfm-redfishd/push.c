// SPDX-License-Identifier: GPL-2.0
/*
 * One push delivery: an HTTP/1.1 POST over TLS (GnuTLS) to a subscription's
 * https Destination, the certificate checked against the trust store the
 * daemon loaded before it dropped its privileges.  Blocking, with 5 s
 * bounds on connect, send and receive and 10 s on the whole delivery: it
 * runs on the push workers only, never on the thread that reads events or
 * serves requests.
 */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "events.h"

#define PUSH_TIMEOUT_MS	5000	/* each connect, send and receive */
#define PUSH_TOTAL_MS	10000	/* the whole delivery */

int push_url_valid(const char *url)
{
	char host[256], port[16];
	const char *path;

	return hc_split_url(url, host, sizeof(host), port, sizeof(port), &path) == 0 &&
	       !strpbrk(url, " \t\r\n\"<>\\^`{|}");
}

int push_post(const char *url, const char *body, gnutls_certificate_credentials_t cred,
	      char *why, size_t whylen)
{
	char host[256], port[16];
	const char *path;
	struct hc c;
	int status;

	if (hc_split_url(url, host, sizeof(host), port, sizeof(port), &path)) {
		snprintf(why, whylen, "bad destination");
		return -1;
	}
	if (hc_open(&c, host, port, cred, PUSH_TIMEOUT_MS, PUSH_TOTAL_MS, why, whylen))
		return -1;
	if (hc_send(&c, "POST", path, "Content-Type: application/json\r\nConnection: close\r\n",
		    body)) {
		snprintf(why, whylen, "send failed");
		hc_close(&c);
		return -1;
	}
	/* The status line is all that is read. */
	status = hc_head(&c);
	hc_close(&c);
	if (status < 0) {
		snprintf(why, whylen, "no HTTP answer");
		return -1;
	}
	snprintf(why, whylen, "HTTP %d", status);
	return status >= 200 && status < 300 ? 0 : -1;
}
