// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm: the events group.  Its own socket, so that events never mix
 * with request replies; losses are reported, never hidden.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "private.h"

/* Notifications use several attribute sets; parse with room for each. */
#define MAX2(a, b) ((int)(a) > (int)(b) ? (int)(a) : (int)(b))
#define MAX_ATTR MAX2(MAX2(MAX2(CXLFM_A_CCI_MAX, CXLFM_A_EVENT_MAX), \
			   CXLFM_A_FABRIC_MAX), CXLFM_A_FM_MAX)

/*
 * The kernel sends a batch of event records as several messages in one
 * datagram of at most 8 KiB (NLMSG_GOODSIZE); a dump-sized buffer holds
 * any notification datagram whole.
 */
#define RECV_BUF	32768

struct cxlfm_events {
	struct cxlfm_ctx *ctx;
	struct nl_sock *sock;
	uint32_t *last_seq;	/* per CCI id: last sequence number seen, 0 none */
	size_t nr_seq;
	unsigned char *buf;	/* the last datagram received */
	struct nlmsghdr *next;	/* its next message not yet handed out */
	int left;		/* bytes from @next to the datagram's end */
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
	ev->buf = malloc(RECV_BUF);
	if (!ev->sock || !ev->buf) {
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

/*
 * CCI ids come from the kernel's IDA, lowest free first, so they stay below
 * the number of CCIs present at once; an id past this bound cannot be one
 * and is not tracked (rather than sizing the table by it).
 */
#define SEQ_IDS_MAX	65536

/* Record @seq for CCI @id; return how many events of it were skipped. */
static uint32_t track_seq(struct cxlfm_events *ev, unsigned int id,
			  uint32_t seq, int removed)
{
	uint32_t last, missed = 0;

	if (id >= SEQ_IDS_MAX)
		return 0;
	if (id >= ev->nr_seq) {
		size_t n = (size_t)id + 16;
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

#define GET_U8(tb, a, dst)  do { if (tb[a]) (dst) = nla_get_u8(tb[a]); } while (0)
#define GET_U16(tb, a, dst) do { if (tb[a]) (dst) = nla_get_u16(tb[a]); } while (0)
#define GET_U32(tb, a, dst) do { if (tb[a]) (dst) = nla_get_u32(tb[a]); } while (0)
#define GET_U64(tb, a, dst) do { if (tb[a]) (dst) = nla_get_u64(tb[a]); } while (0)

static void parse_record(struct nlattr **tb, struct cxlfm_event *e)
{
	struct cxlfm_event_record *r = &e->record;

	GET_U32(tb, CXLFM_A_EVENT_CCI_ID, e->cci.id);
	GET_U32(tb, CXLFM_A_EVENT_SEQ, e->seq);
	GET_U8(tb, CXLFM_A_EVENT_LOG, r->log);
	GET_U8(tb, CXLFM_A_EVENT_KIND, r->kind);
	GET_U16(tb, CXLFM_A_EVENT_HANDLE, r->handle);
	GET_U32(tb, CXLFM_A_EVENT_FLAGS, r->flags);
	GET_U64(tb, CXLFM_A_EVENT_TIMESTAMP, r->timestamp);
	if (tb[CXLFM_A_EVENT_RECORD] && nla_len(tb[CXLFM_A_EVENT_RECORD]) == sizeof(r->raw))
		memcpy(r->raw, nla_data(tb[CXLFM_A_EVENT_RECORD]), sizeof(r->raw));
	GET_U8(tb, CXLFM_A_EVENT_TYPE, r->type);
	GET_U8(tb, CXLFM_A_EVENT_PORT_ID, r->port_id);
	GET_U8(tb, CXLFM_A_EVENT_VCS_ID, r->vcs_id);
	GET_U8(tb, CXLFM_A_EVENT_VPPB_ID, r->vppb_id);
	GET_U8(tb, CXLFM_A_EVENT_BINDING_STATUS, r->binding_status);
	GET_U8(tb, CXLFM_A_EVENT_BOUND_PORT_ID, r->bound_port_id);
	GET_U8(tb, CXLFM_A_EVENT_BOUND_LD_ID, r->bound_ld_id);
	GET_U16(tb, CXLFM_A_EVENT_OVERFLOW_COUNT, r->overflow_count);
	GET_U64(tb, CXLFM_A_EVENT_FIRST_OVERFLOW, r->first_overflow);
	GET_U64(tb, CXLFM_A_EVENT_LAST_OVERFLOW, r->last_overflow);
}

static void parse_hierarchy(struct nlattr **tb, struct cxlfm_event *e)
{
	struct cxlfm_hierarchy_change *h = &e->hierarchy;

	GET_U32(tb, CXLFM_A_FABRIC_CCI_ID, e->cci.id);
	GET_U32(tb, CXLFM_A_FABRIC_SEQ, e->seq);
	GET_U8(tb, CXLFM_A_FABRIC_CHANGE, h->change);
	GET_U8(tb, CXLFM_A_FABRIC_SOURCE, h->source);
	h->has_vppb = tb[CXLFM_A_FABRIC_VPPB_ID] != NULL;
	GET_U8(tb, CXLFM_A_FABRIC_VCS_ID, h->vcs_id);
	GET_U8(tb, CXLFM_A_FABRIC_VPPB_ID, h->vppb_id);
	GET_U8(tb, CXLFM_A_FABRIC_PORT_ID, h->port_id);
	GET_U16(tb, CXLFM_A_FABRIC_LD_ID, h->ld_id);
	GET_U8(tb, CXLFM_A_FABRIC_ACTION, h->action);
	GET_U8(tb, CXLFM_A_FABRIC_REASON, h->reason);
	if (tb[CXLFM_A_FABRIC_PCI_DEV])
		snprintf(h->pci_dev, sizeof(h->pci_dev), "%s",
			 nla_get_string(tb[CXLFM_A_FABRIC_PCI_DEV]));
}

/*
 * The next message of the current datagram, or of a new one.  Return: 0 with
 * *@nlh set, -EAGAIN, -ENOBUFS on a socket overrun, or -EIO.
 */
static int next_message(struct cxlfm_events *ev, struct nlmsghdr **nlh)
{
	struct sockaddr_nl peer;
	socklen_t plen = sizeof(peer);
	ssize_t n;

	while (!ev->next || !nlmsg_ok(ev->next, ev->left)) {
		n = recvfrom(nl_socket_get_fd(ev->sock), ev->buf, RECV_BUF,
			     MSG_TRUNC, (struct sockaddr *)&peer, &plen);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? -EAGAIN :
			       errno == ENOBUFS ? -ENOBUFS :
			       errno == EINTR ? -EINTR : -EIO;
		/* only the kernel sends to the group; a cut datagram is not read */
		if (n == 0 || peer.nl_pid != 0 || n > RECV_BUF)
			continue;
		ev->next = (struct nlmsghdr *)ev->buf;
		ev->left = (int)n;
	}
	*nlh = ev->next;
	ev->next = nlmsg_next(ev->next, &ev->left);
	return 0;
}

int cxlfm_events_next(struct cxlfm_events *ev, struct cxlfm_event *event)
{
	struct nlattr *tb[MAX_ATTR + 1];
	struct nlmsghdr *nlh;
	struct genlmsghdr *gh;
	int rc;

	for (;;) {
		rc = next_message(ev, &nlh);
		if (rc == -ENOBUFS) {
			memset(event, 0, sizeof(*event));
			event->type = CXLFM_EVENT_OVERRUN;
			return 0;
		}
		if (rc)
			return rc == -EIO ? -EIO : -EAGAIN;
		if (nlh->nlmsg_type != ev->ctx->family ||
		    cxlfm_genl_parse(nlh, -1, tb, MAX_ATTR) < 0)
			continue;
		gh = nlmsg_data(nlh);
		memset(event, 0, sizeof(*event));
		switch (gh->cmd) {
		case CXLFM_CMD_CCI_ADD_NTF:
			event->type = CXLFM_EVENT_CCI_ADDED;
			break;
		case CXLFM_CMD_CCI_DEL_NTF:
			event->type = CXLFM_EVENT_CCI_REMOVED;
			break;
		case CXLFM_CMD_EVENT_NTF:
		case CXLFM_CMD_EVENT_OVERFLOW_NTF:
			event->type = gh->cmd == CXLFM_CMD_EVENT_NTF ?
				      CXLFM_EVENT_RECORD : CXLFM_EVENT_LOG_OVERFLOW;
			parse_record(tb, event);
			event->missed = track_seq(ev, event->cci.id, event->seq, 0);
			return 0;
		case CXLFM_CMD_BG_DONE_NTF:
			event->type = CXLFM_EVENT_BG_DONE;
			GET_U32(tb, CXLFM_A_FM_CCI_ID, event->cci.id);
			GET_U32(tb, CXLFM_A_FM_SEQ, event->seq);
			GET_U16(tb, CXLFM_A_FM_OPCODE, event->bg.opcode);
			GET_U32(tb, CXLFM_A_FM_BG_SEQ, event->bg.bg_seq);
			GET_U8(tb, CXLFM_A_FM_PERCENT, event->bg.percent);
			GET_U16(tb, CXLFM_A_FM_RETURN_CODE, event->bg.return_code);
			GET_U16(tb, CXLFM_A_FM_VENDOR_STATUS,
				event->bg.vendor_status);
			event->missed = track_seq(ev, event->cci.id, event->seq, 0);
			return 0;
		case CXLFM_CMD_HIERARCHY_NTF:
			event->type = CXLFM_EVENT_HIERARCHY;
			parse_hierarchy(tb, event);
			event->missed = track_seq(ev, event->cci.id, event->seq, 0);
			return 0;
		default:
			continue;
		}
		cxlfm_parse_cci(tb, &event->cci);
		if (tb[CXLFM_A_CCI_SEQ])
			event->seq = nla_get_u32(tb[CXLFM_A_CCI_SEQ]);
		event->missed = track_seq(ev, event->cci.id, event->seq,
					  event->type == CXLFM_EVENT_CCI_REMOVED);
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
	free(ev->buf);
	free(ev);
}
