// SPDX-License-Identifier: GPL-2.0
/*
 * The network side of the broker protocol: one request, one answer, the
 * answer checked against what was asked before any of it is used.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>

#include "proto.h"

/* The payload each op may answer with: element size and maximum count. */
static int shape_ok(const struct rf_req *req, const struct rf_rsp *h)
{
	size_t elem, max;

	if (h->err)
		return h->len == 0 && h->nr == 0 && h->err < 0;
	switch (req->op) {
	case RF_OP_LIST: elem = sizeof(struct cxlfm_cci_info); max = RF_MAX_CCIS; break;
	case RF_OP_IDENTIFY: elem = sizeof(struct cxlfm_fm_identify_switch_rsp); max = 1; break;
	case RF_OP_PORTS: elem = sizeof(struct cxlfm_fm_port_info); max = RF_MAX_PORTS; break;
	case RF_OP_VCS: elem = sizeof(struct rf_vcs_set); max = 1; break;
	case RF_OP_BIND:
	case RF_OP_UNBIND:
	case RF_OP_PORT_RESET:
	case RF_OP_BG_STATUS: elem = sizeof(struct rf_bg); max = 1; break;
	case RF_OP_REPORT: elem = 1; max = 0; break;
	default: return 0;
	}
	return h->nr <= max && h->len == h->nr * elem;
}

/* The HTTP thread and the remote FM's thread share the socket: one
 * request and its answer at a time. */
static pthread_mutex_t broker_lock = PTHREAD_MUTEX_INITIALIZER;

static ssize_t exchange(int fd, const struct rf_req *req, void *buf)
{
	ssize_t n = -1;

	pthread_mutex_lock(&broker_lock);
	if (send(fd, req, sizeof(*req), 0) == (ssize_t)sizeof(*req)) {
		do
			n = recv(fd, buf, RF_RSP_MAX, MSG_TRUNC);
		while (n < 0 && errno == EINTR);
	}
	pthread_mutex_unlock(&broker_lock);
	return n;
}

const void *broker_call(int fd, const struct rf_req *req, struct rf_rsp *rsp,
			void *buf)
{
	ssize_t n = exchange(fd, req, buf);

	if (n < 0)
		return NULL;
	if ((size_t)n < sizeof(*rsp) || (size_t)n > RF_RSP_MAX) {
		errno = EPROTO;
		return NULL;
	}
	memcpy(rsp, buf, sizeof(*rsp));
	if (rsp->magic != RF_PROTO_MAGIC || rsp->op != req->op ||
	    (size_t)n != sizeof(*rsp) + rsp->len || !shape_ok(req, rsp)) {
		errno = EPROTO;
		return NULL;
	}
	if (rsp->op == RF_OP_VCS && !rsp->err) {
		const struct rf_vcs_set *s = (const void *)((char *)buf + sizeof(*rsp));

		if (s->nr_vcs > RF_MAX_VCS || s->nr_vppbs > RF_MAX_VPPBS) {
			errno = EPROTO;
			return NULL;
		}
	}
	return (char *)buf + sizeof(*rsp);
}
