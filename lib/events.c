// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm: the events group.  Its own socket, so that events never mix
 * with request replies; losses are reported, never hidden.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "private.h"

struct cxlfm_events {
	struct cxlfm_ctx *ctx;
	struct nl_sock *sock;
	uint32_t *last_seq;	/* per CCI id: last sequence number seen, 0 none */
	size_t nr_seq;
};

int cxlfm_events_open(struct cxlfm_ctx *ctx, struct cxlfm_events **out)
{
	struct cxlfm_events *ev;
	int grp, rc;

	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	ev->ctx = cxlfm_ref(ctx);
	ev->sock = nl_socket_alloc();
	if (!ev->sock) {
		rc = -ENOMEM;
		goto err;
	}
	/* Notifications carry no request sequence number. */
	nl_socket_disable_seq_check(ev->sock);
	if (genl_connect(ev->sock)) {
		rc = -ECONNREFUSED;
		goto err;
	}
	grp = genl_ctrl_resolve_grp(ev->sock, CXLFM_FAMILY_NAME, CXLFM_MCGRP_EVENTS);
	if (grp < 0) {
		rc = -ENOENT;
		goto err;
	}
	rc = nl_socket_add_membership(ev->sock, grp);
	if (rc) {
		rc = rc == -NLE_PERM ? -EPERM : -EIO;
		goto err;
	}
	nl_socket_set_nonblocking(ev->sock);
	*out = ev;
	return 0;
err:
	cxlfm_events_close(ev);
	return rc;
}

int cxlfm_events_fd(struct cxlfm_events *ev)
{
	return nl_socket_get_fd(ev->sock);
}

/* Record @seq for CCI @id; return how many events of it were skipped. */
static uint32_t track_seq(struct cxlfm_events *ev, unsigned int id,
			  uint32_t seq, int removed)
{
	uint32_t last, missed = 0;

	if (id >= ev->nr_seq) {
		size_t n = id + 16;
		uint32_t *v = realloc(ev->last_seq, n * sizeof(*v));

		if (!v)
			return 0;
		memset(v + ev->nr_seq, 0, (n - ev->nr_seq) * sizeof(*v));
		ev->last_seq = v;
		ev->nr_seq = n;
	}
	last = ev->last_seq[id];
	/* Sequence 1 starts a new CCI, which may reuse a removed one's id. */
	if (last && seq != 1 && seq != last + 1)
		missed = seq - last - 1;
	ev->last_seq[id] = removed ? 0 : seq;
	return missed;
}

int cxlfm_events_next(struct cxlfm_events *ev, struct cxlfm_event *event)
{
	struct nlattr *tb[CXLFM_A_CCI_MAX + 1];
	struct sockaddr_nl peer;
	unsigned char *buf;
	struct nlmsghdr *nlh;
	struct genlmsghdr *gh;
	int n;

	for (;;) {
		n = nl_recv(ev->sock, &peer, &buf, NULL);
		if (n == -NLE_AGAIN || n == 0)
			return -EAGAIN;
		if (n == -NLE_NOMEM) {	/* libnl's name for ENOBUFS */
			memset(event, 0, sizeof(*event));
			event->type = CXLFM_EVENT_OVERRUN;
			return 0;
		}
		if (n < 0)
			return -EIO;
		nlh = (struct nlmsghdr *)buf;
		if (!nlmsg_ok(nlh, n) || nlh->nlmsg_type != ev->ctx->family ||
		    genlmsg_parse(nlh, 0, tb, CXLFM_A_CCI_MAX, NULL) < 0) {
			free(buf);
			continue;
		}
		gh = nlmsg_data(nlh);
		memset(event, 0, sizeof(*event));
		switch (gh->cmd) {
		case CXLFM_CMD_CCI_ADD_NTF:
			event->type = CXLFM_EVENT_CCI_ADDED;
			break;
		case CXLFM_CMD_CCI_DEL_NTF:
			event->type = CXLFM_EVENT_CCI_REMOVED;
			break;
		default:
			free(buf);
			continue;
		}
		cxlfm_parse_cci(tb, &event->cci);
		if (tb[CXLFM_A_CCI_SEQ])
			event->seq = nla_get_u32(tb[CXLFM_A_CCI_SEQ]);
		event->missed = track_seq(ev, event->cci.id, event->seq,
					  event->type == CXLFM_EVENT_CCI_REMOVED);
		free(buf);
		return 0;
	}
}

void cxlfm_events_close(struct cxlfm_events *ev)
{
	if (!ev)
		return;
	nl_socket_free(ev->sock);
	cxlfm_unref(ev->ctx);
	free(ev->last_seq);
	free(ev);
}
