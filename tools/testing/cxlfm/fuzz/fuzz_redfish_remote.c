// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: what cxlfm-redfishd's network process reads from a
 * remote FM's Redfish service (--remote): the Server-Sent Event stream,
 * the Event JSON in it, the VPPBs collection and the vPPBs read on a
 * change (tools/cxlfm-redfishd/remote.c), and the HTTPS client under them
 * (client.c: status line, headers, Content-Length, chunked and
 * close-framed bodies).  The fuzzer's bytes are what the remote sends.
 *
 * remote.c is compiled into this file unchanged so that its static
 * functions can be driven: follow() is one life of the event stream, as
 * its thread runs it, without the thread and its sleeps.  Two names are
 * redirected for it: hc_open() makes a connection to no network (it
 * hands out one of the two fake TLS sessions below), and its messages go
 * to /dev/null.  client.c is linked unchanged; the GnuTLS calls it makes
 * on a session (gnutls_record_recv, _send, gnutls_bye, gnutls_deinit) are
 * defined here (a definition in the program takes precedence over the
 * shared library's), so that a session's "received" bytes come from the
 * input.  Reports go to the fake broker (fuzz_redfish_broker.c), which
 * aborts on one for a vPPB no --map names.
 *
 * The maps: CXL0/Switch0/0=0/0 (every vPPB of remote VCS 0, read from
 * its VPPBs collection) and CXL0/Switch0/1/2=0/1/3.
 *
 * Input:
 *   [f] bit 0 the event stream cannot be opened the first time, bit 1 a
 *       second life of the stream (a reconnect), bit 2 the broker refuses
 *       reports, bit 3 a stream ends with a TLS error rather than a close,
 *       bits 4-6 the most bytes one receive returns (1, 3, 16, 100, 512,
 *       4096, 16384, all)
 *   [u16 le n][n bytes] the event stream's connection, first life
 *   [u16 le n][n bytes] second life (if bit 1)
 *   then [u16 le n][n bytes] for each request on the keep-alive
 *   connection for reads, in the order they are sent, up to the end
 */
#define _GNU_SOURCE
#include <stdio.h>

#include <gnutls/gnutls.h>

#include "fuzz.h"
#include "fuzz_redfish.h"

static FILE *fz_quiet;

#undef stderr
#define stderr fz_quiet
#define hc_open fz_hc_open
#include "remote.c"
#undef hc_open
#undef stderr

struct fz_input {
	const uint8_t *p;
	size_t left;
};

/* A fake TLS session: what its peer sends, as a stream of bytes. */
struct fz_sess {
	const uint8_t *p;
	size_t left;
};

static struct fz_input in;
static struct fz_sess sse_sess, q_sess;
static struct fz_sess lives[2];	/* the event stream's, one per life */
static size_t chunk;
static bool end_error, sse_fail_once;
static unsigned int nlives, next_life;

static const uint8_t *segment(size_t *len)
{
	size_t n;

	if (in.left < 2) {
		in.left = 0;
		*len = 0;
		return in.p;
	}
	n = in.p[0] | (size_t)in.p[1] << 8;
	in.p += 2;
	in.left -= 2;
	*len = n < in.left ? n : in.left;
	in.p += *len;
	in.left -= *len;
	return in.p - *len;
}

int fz_hc_open(struct hc *c, const char *host, const char *port,
	       gnutls_certificate_credentials_t cred, unsigned int timeout_ms,
	       unsigned int total_ms, char *why, size_t whylen)
{
	(void)cred;
	(void)total_ms;
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->timeout_ms = timeout_ms;
	snprintf(c->host, sizeof(c->host), "%s", host);
	snprintf(c->port, sizeof(c->port), "%s", port);
	if (c == &r.q) {
		/* each request gets the next segment (gnutls_record_send) */
		q_sess.left = 0;
		c->s = (gnutls_session_t)(void *)&q_sess;
		return 0;
	}
	if (sse_fail_once || next_life == nlives) {
		sse_fail_once = false;
		snprintf(why, whylen, "cannot connect to %s:%s", host, port);
		return -1;
	}
	sse_sess = lives[next_life++];
	c->s = (gnutls_session_t)(void *)&sse_sess;
	return 0;
}

ssize_t gnutls_record_recv(gnutls_session_t session, void *data, size_t data_size)
{
	struct fz_sess *s = (struct fz_sess *)(void *)session;
	size_t n = data_size;

	FUZZ_CHECK(s == &sse_sess || s == &q_sess, "a session not handed out");
	if (!s->left)
		return end_error ? GNUTLS_E_DECRYPTION_FAILED : 0;
	if (n > s->left)
		n = s->left;
	if (n > chunk)
		n = chunk;
	memcpy(data, s->p, n);
	s->p += n;
	s->left -= n;
	return n;
}

ssize_t gnutls_record_send(gnutls_session_t session, const void *data, size_t data_size)
{
	struct fz_sess *s = (struct fz_sess *)(void *)session;

	FUZZ_CHECK(s == &sse_sess || s == &q_sess, "a session not handed out");
	/* a new request on the reads' connection: its answer is the next segment */
	if (s == &q_sess && data_size >= 4 && !memcmp(data, "GET ", 4))
		q_sess.p = segment(&q_sess.left);
	return data_size;
}

int gnutls_bye(gnutls_session_t session, gnutls_close_request_t how)
{
	(void)session;
	(void)how;
	return 0;
}

void gnutls_deinit(gnutls_session_t session)
{
	(void)session;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const maps[] = { "CXL0/Switch0/0=0/0", "CXL0/Switch0/1/2=0/1/3" };
	char err[256];
	unsigned int i;

	(void)argc;
	(void)argv;
	fz_quiet = fopen("/dev/null", "w");
	FUZZ_CHECK(fz_quiet, "/dev/null");
	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		FUZZ_CHECK(!remote_map_parse(maps[i], err, sizeof(err)), "%s", err);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = { 1, 3, 16, 100, 512, 4096, 16384, SIZE_MAX };
	uint8_t f = size ? data[0] : 0;
	unsigned int i;

	in.p = data + !!size;
	in.left = size - !!size;
	sse_fail_once = f & 1;
	nlives = f & 2 ? 2 : 1;
	next_life = 0;
	for (i = 0; i < nlives; i++)
		lives[i].p = segment(&lives[i].left);
	end_error = f & 8;
	chunk = chunks[(f >> 4) & 7];
	memset(&fz_broker, 0, sizeof(fz_broker));
	fz_broker.role = RF_ROLE_OPERATOR;
	fz_broker.report_only = true;
	if (f & 4)
		fz_broker.fail_op = RF_OP_REPORT;
	fz_broker.fail_err = -EACCES;

	/* remote_start(), without the thread */
	r.nw = 0;
	r.built = 0;
	r.q_open = 0;
	r.ev_len = 0;
	snprintf(r.host, sizeof(r.host), "fm.example");
	snprintf(r.port, sizeof(r.port), "8443");
	r.auth = "Authorization: Basic Zm06Zm0tcHc=\r\n";
	r.cred = NULL;
	/* remote_thread(): one life of the stream each time, no sleep */
	for (i = 0; i < nlives + (f & 1); i++) {
		follow();
		if (r.q_open) {
			hc_close(&r.q);
			r.q_open = 0;
		}
	}
	FUZZ_CHECK(r.nw <= REMOTE_MAX_WATCH, "%u watches", r.nw);
	return 0;
}
