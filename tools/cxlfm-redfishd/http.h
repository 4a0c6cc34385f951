/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RF_HTTP_H
#define RF_HTTP_H

#include <stddef.h>

struct rf_http_opts {
	int listen_fd;			/* bound and listening */
	const char *cert_pem, *key_pem;	/* TLS, in memory */
	size_t max_body;		/* bytes */
	unsigned int max_conns;
	unsigned int conn_timeout;	/* seconds */
};

struct MHD_Daemon;
struct MHD_Daemon *http_start(const struct rf_http_opts *o);
void http_stop(struct MHD_Daemon *d);

#endif
