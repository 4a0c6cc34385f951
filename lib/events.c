// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm: the events group.  Its own socket, so that events never mix
 * with request replies; losses are reported, never hidden.
 */
#include <errno.h>
#include <poll.h>
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

/*
 * What the subscription knows of one CCI id: the registration (instance)
 * whose events it saw last, the last sequence number seen (0: none, or
 * the CCI was removed), the last handed out and the last acknowledged.
 */
struct cci_track {
	uint64_t instance;
	uint32_t seen;
	uint32_t handed;
	uint32_t acked;
};

/* A datagram read while waiting for an answer, kept for cxlfm_events_next(). */
struct dgram {
	struct dgram *next;
	int len;
	unsigned char data[];
};

struct cxlfm_events {
	struct cxlfm_ctx *ctx;
	struct nl_sock *sock;
	struct cci_track *ccis;	/* per CCI id */
	size_t nr_ccis;
	unsigned char *buf;	/* the last datagram received */
	struct nlmsghdr *next;	/* its next message not yet handed out */
	int left;		/* bytes from @next to the datagram's end */
	struct dgram *backlog;	/* datagrams read ahead, oldest first */
	struct dgram **backlog_tail;
	bool overrun;		/* ENOBUFS while reading ahead: report it */
	bool follow;		/* report and survive module reloads */
	bool durable;		/* registered as a durable consumer */
	uint32_t req_seq;	/* of our last request on this socket */
	uint64_t instance;	/* of the last event's CCI */
	uint32_t carried;	/* a gap before a notification not handed out */
};

/* A socket of its own for look-ups, so that none reads our events. */
static int resolve_group(const char *family, const char *group, int *family_id)
{
	struct nl_sock *sk = nl_socket_alloc();
	int grp = -ENOMEM, rc;

	if (!sk)
		return grp;
	rc = cxlfm_connect(sk);
	if (!rc)
		rc = cxlfm_resolve(nl_socket_get_fd(sk), family, group, family_id,
				   &grp);
	nl_socket_free(sk);
	return rc ? rc : grp;
}

static int join(struct cxlfm_events *ev, int grp)
{
	return cxlfm_nl_errno(nl_socket_add_membership(ev->sock, grp));
}

int cxlfm_events_open(struct cxlfm_ctx *ctx, struct cxlfm_events **out)
{
	struct cxlfm_events *ev;
	int grp, rc;

	cxlfm_call_begin(ctx);
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	ev->ctx = cxlfm_ref(ctx);
	ev->backlog_tail = &ev->backlog;
	ev->sock = nl_socket_alloc();
	ev->buf = malloc(RECV_BUF);
	if (!ev->sock || !ev->buf) {
		rc = -ENOMEM;
		goto err;
	}
	/* Notifications carry no request sequence number. */
	nl_socket_disable_seq_check(ev->sock);
	rc = cxlfm_connect(ev->sock);
	if (rc)
		goto err;
	/* in no group yet: the answer is all the socket can read */
	rc = cxlfm_resolve(nl_socket_get_fd(ev->sock), CXLFM_FAMILY_NAME,
			   CXLFM_MCGRP_EVENTS, NULL, &grp);
	if (rc)
		goto err;
	rc = join(ev, grp);
	if (rc)
		goto err;
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

static struct cci_track *find_track(struct cxlfm_events *ev, unsigned int id)
{
	if (id >= SEQ_IDS_MAX)
		return NULL;
	if (id >= ev->nr_ccis) {
		size_t n = (size_t)id + 16;
		struct cci_track *v = realloc(ev->ccis, n * sizeof(*v));

		if (!v)
			return NULL;
		memset(v + ev->nr_ccis, 0, (n - ev->nr_ccis) * sizeof(*v));
		ev->ccis = v;
		ev->nr_ccis = n;
	}
	return &ev->ccis[id];
}

/*
 * Record event @seq of CCI @id's registration @instance (0: the message
 * does not say, it is the last one seen); return how many events of that
 * registration were skipped.
 */
static uint32_t track_seq(struct cxlfm_events *ev, unsigned int id,
			  uint64_t instance, uint32_t seq, int removed)
{
	struct cci_track *t = find_track(ev, id);
	uint32_t missed = ev->carried;

	ev->carried = 0;
	ev->instance = instance;
	if (!t)
		return missed;
	if (!instance)
		instance = t->instance;
	ev->instance = instance;
	if (t->instance && instance != t->instance) {
		/* another registration, numbered from 1: no loss of the old */
		missed += seq - 1;
		t->acked = 0;
	} else if (t->seen && seq != 1 && seq != t->seen + 1) {
		/* without instances, sequence 1 starts a new CCI on a reused id */
		missed += seq - t->seen - 1;
	}
	t->instance = instance;
	t->seen = removed ? 0 : seq;
	t->handed = seq;
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
 * One datagram from the kernel into @buf.  Return: its length, -EAGAIN,
 * -ENOBUFS on a socket overrun, or the errno of recvfrom().
 */
static int recv_dgram(struct cxlfm_events *ev, unsigned char *buf)
{
	struct sockaddr_nl peer;
	socklen_t plen;
	ssize_t n;

	for (;;) {
		plen = sizeof(peer);
		n = recvfrom(nl_socket_get_fd(ev->sock), buf, RECV_BUF, MSG_TRUNC,
			     (struct sockaddr *)&peer, &plen);
		if (n < 0)
			return -errno;	/* -EAGAIN (EWOULDBLOCK): nothing pending */
		/* only the kernel sends to the group; a cut datagram is not read */
		if (n > 0 && peer.nl_pid == 0 && n <= RECV_BUF)
			return (int)n;
	}
}

/*
 * The next message of the current datagram, or of a new one: read ahead
 * first.  Return: 0 with *@nlh set, -EAGAIN, -ENOBUFS on a socket overrun,
 * or the errno of recvfrom().
 */
static int next_message(struct cxlfm_events *ev, struct nlmsghdr **nlh)
{
	struct dgram *d;
	int n;

	while (!ev->next || !nlmsg_ok(ev->next, ev->left)) {
		if (ev->overrun) {
			ev->overrun = false;
			return -ENOBUFS;
		}
		d = ev->backlog;
		if (d) {
			ev->backlog = d->next;
			if (!ev->backlog)
				ev->backlog_tail = &ev->backlog;
			memcpy(ev->buf, d->data, d->len);
			n = d->len;
			free(d);
		} else {
			n = recv_dgram(ev, ev->buf);
			if (n < 0)
				return n;
		}
		ev->next = (struct nlmsghdr *)ev->buf;
		ev->left = n;
	}
	*nlh = ev->next;
	ev->next = nlmsg_next(ev->next, &ev->left);
	return 0;
}

/* Keep a datagram read while waiting for an answer. */
static int keep_dgram(struct cxlfm_events *ev, const unsigned char *buf, int n)
{
	struct dgram *d = malloc(sizeof(*d) + n);

	if (!d)
		return -ENOMEM;
	d->next = NULL;
	d->len = n;
	memcpy(d->data, buf, n);
	*ev->backlog_tail = d;
	ev->backlog_tail = &d->next;
	return 0;
}

/* The answer to request @seq in datagram @buf: 1 with *@err set, or 0. */
static int find_answer(const unsigned char *buf, int n, uint32_t seq, int *err)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	for (; nlmsg_ok(nlh, n); nlh = nlmsg_next(nlh, &n)) {
		if (nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_seq != seq ||
		    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr)))
			continue;
		*err = ((struct nlmsgerr *)nlmsg_data(nlh))->error;
		return 1;
	}
	return 0;
}

/* How long to wait for the kernel's answer on the event socket. */
#define ANSWER_TIMEOUT_MS	10000

/*
 * Send a request on the event socket and wait for its acknowledgement; the
 * notifications read meanwhile are kept, in order, for cxlfm_events_next().
 */
static int request(struct cxlfm_events *ev, struct nl_msg *msg)
{
	struct nlmsghdr *hdr = nlmsg_hdr(msg);
	struct pollfd p = { .fd = nl_socket_get_fd(ev->sock), .events = POLLIN };
	unsigned char *buf = malloc(RECV_BUF);
	int n, err = 0, rc;

	if (!buf)
		return -ENOMEM;
	hdr->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	hdr->nlmsg_seq = ++ev->req_seq;
	rc = nl_sendto(ev->sock, hdr, hdr->nlmsg_len);
	if (rc < 0) {
		rc = cxlfm_nl_errno(rc);
		goto out;
	}
	for (;;) {
		n = recv_dgram(ev, buf);
		if (n == -EAGAIN || n == -EINTR) {
			rc = poll(&p, 1, ANSWER_TIMEOUT_MS);
			if (rc == 0) {
				rc = -ETIMEDOUT;
				goto out;
			}
			continue;
		}
		if (n == -ENOBUFS) {
			ev->overrun = true;
			continue;
		}
		if (n < 0) {
			rc = n;
			goto out;
		}
		if (find_answer(buf, n, hdr->nlmsg_seq, &err)) {
			/* an op the module does not have is refused -EOPNOTSUPP */
			rc = err;
			goto out;
		}
		rc = keep_dgram(ev, buf, n);
		if (rc)
			goto out;
	}
out:
	free(buf);
	return rc;
}

static int register_durable(struct cxlfm_events *ev)
{
	struct nl_msg *msg = cxlfm_msg(ev->ctx, CXLFM_CMD_EVENTS_DURABLE, 0, 0);
	int rc;

	if (!msg)
		return -ENOMEM;
	rc = request(ev, msg);
	nlmsg_free(msg);
	return rc;
}

int cxlfm_events_follow(struct cxlfm_events *ev)
{
	int grp, rc;

	if (ev->follow)
		return 0;
	grp = resolve_group("nlctrl", "notify", NULL);
	if (grp < 0)
		return grp;
	rc = join(ev, grp);
	if (!rc)
		ev->follow = true;
	return rc;
}

int cxlfm_events_durable(struct cxlfm_events *ev)
{
	int rc;

	if (ev->durable)
		return -EALREADY;
	rc = cxlfm_events_follow(ev);
	if (!rc)
		rc = register_durable(ev);
	if (!rc)
		ev->durable = true;
	return rc;
}

int cxlfm_events_ack(struct cxlfm_events *ev)
{
	struct cci_track *t;
	struct nl_msg *msg;
	size_t id;
	int rc = 0;

	if (!ev->durable)
		return -EINVAL;
	for (id = 0; id < ev->nr_ccis; id++) {
		t = &ev->ccis[id];
		if (!t->instance || !t->handed || t->handed == t->acked)
			continue;
		msg = cxlfm_msg(ev->ctx, CXLFM_CMD_EVENTS_ACK, 0, 0);
		if (!msg)
			return -ENOMEM;
		/* no answer asked for: an error (the CCI is gone) changes nothing */
		nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_REQUEST;
		if (nla_put_u32(msg, CXLFM_A_EVENT_CCI_ID, id) ||
		    nla_put_u64(msg, CXLFM_A_EVENT_INSTANCE, t->instance) ||
		    nla_put_u32(msg, CXLFM_A_EVENT_SEQ, t->handed))
			rc = -EMSGSIZE;
		else if ((rc = nl_sendto(ev->sock, nlmsg_hdr(msg),
					 nlmsg_hdr(msg)->nlmsg_len)) > 0)
			rc = 0;
		else
			rc = cxlfm_nl_errno(rc);
		nlmsg_free(msg);
		if (rc)
			return rc;
		t->acked = t->handed;
	}
	return 0;
}

uint64_t cxlfm_events_instance(const struct cxlfm_events *ev)
{
	return ev->instance;
}

/*
 * An nlctrl notification about the cxlfm family: the module went away or
 * came back.  Return: 1 with @event filled, 0 to skip, or a negative errno.
 */
static int family_change(struct cxlfm_events *ev, struct nlmsghdr *nlh,
			 struct cxlfm_event *event)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlh);
	int grp, family, rc;

	if (!ev->follow || genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) ||
	    !tb[CTRL_ATTR_FAMILY_NAME] ||
	    strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), CXLFM_FAMILY_NAME))
		return 0;
	memset(event, 0, sizeof(*event));
	if (gh->cmd == CTRL_CMD_DELFAMILY) {
		/* every CCI went with it; the next ones are new registrations */
		memset(ev->ccis, 0, ev->nr_ccis * sizeof(*ev->ccis));
		event->type = CXLFM_EVENT_FAMILY_GONE;
		return 1;
	}
	if (gh->cmd != CTRL_CMD_NEWFAMILY)
		return 0;
	grp = resolve_group(CXLFM_FAMILY_NAME, CXLFM_MCGRP_EVENTS, &family);
	if (grp < 0)
		return grp;
	ev->ctx->family = family;
	rc = join(ev, grp);
	if (!rc && ev->durable)
		rc = register_durable(ev);
	if (rc)
		return rc;
	event->type = CXLFM_EVENT_FAMILY_BACK;
	return 1;
}

/* A stalled durable consumer's loss, if it is ours: Return 1, else 0. */
static int unacked(struct cxlfm_events *ev, struct nlattr **tb,
		   struct cxlfm_event *event)
{
	uint32_t consumer = 0;

	GET_U32(tb, CXLFM_A_EVENT_CONSUMER, consumer);
	if (!ev->durable || consumer != nl_socket_get_local_port(ev->sock))
		return 0;
	event->type = CXLFM_EVENT_UNACKED;
	GET_U32(tb, CXLFM_A_EVENT_UNACKED, event->missed);
	return 1;
}

int cxlfm_events_next_native(struct cxlfm_events *ev, struct cxlfm_event *event)
{
	struct nlattr *tb[MAX_ATTR + 1];
	struct nlmsghdr *nlh;
	struct genlmsghdr *gh;
	uint64_t instance = 0;
	int rc;

	for (;;) {
		rc = next_message(ev, &nlh);
		if (rc == -ENOBUFS) {
			memset(event, 0, sizeof(*event));
			event->type = CXLFM_EVENT_OVERRUN;
			return 0;
		}
		/* a signal during a non-blocking read: nothing was read */
		if (rc)
			return rc == -EINTR ? -EAGAIN : rc;
		if (nlh->nlmsg_type == GENL_ID_CTRL) {
			rc = family_change(ev, nlh, event);
			if (rc)
				return rc < 0 ? rc : 0;
			continue;
		}
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
			GET_U64(tb, CXLFM_A_EVENT_INSTANCE, instance);
			event->missed = track_seq(ev, event->cci.id, instance,
						  event->seq, 0);
			return 0;
		case CXLFM_CMD_EVENTS_UNACKED_NTF:
			GET_U32(tb, CXLFM_A_EVENT_CCI_ID, event->cci.id);
			GET_U32(tb, CXLFM_A_EVENT_SEQ, event->seq);
			GET_U64(tb, CXLFM_A_EVENT_INSTANCE, instance);
			/*
			 * Numbered for every listener, shown to its consumer
			 * only, with the loss it reports in @missed: a gap
			 * before it goes with the next event.
			 */
			ev->carried = track_seq(ev, event->cci.id, instance,
						event->seq, 0);
			if (unacked(ev, tb, event))
				return 0;
			continue;
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
			event->missed = track_seq(ev, event->cci.id, 0, event->seq, 0);
			return 0;
		case CXLFM_CMD_HIERARCHY_NTF:
			event->type = CXLFM_EVENT_HIERARCHY;
			parse_hierarchy(tb, event);
			GET_U64(tb, CXLFM_A_FABRIC_INSTANCE, instance);
			event->missed = track_seq(ev, event->cci.id, instance,
						  event->seq, 0);
			return 0;
		default:
			continue;
		}
		cxlfm_parse_cci(tb, &event->cci);
		if (tb[CXLFM_A_CCI_SEQ])
			event->seq = nla_get_u32(tb[CXLFM_A_CCI_SEQ]);
		GET_U64(tb, CXLFM_A_CCI_INSTANCE, instance);
		event->missed = track_seq(ev, event->cci.id, instance, event->seq,
					  event->type == CXLFM_EVENT_CCI_REMOVED);
		return 0;
	}
}

void cxlfm_events_close(struct cxlfm_events *ev)
{
	struct dgram *d;

	if (!ev)
		return;
	while ((d = ev->backlog)) {
		ev->backlog = d->next;
		free(d);
	}
	nl_socket_free(ev->sock);
	cxlfm_unref(ev->ctx);
	free(ev->ccis);
	free(ev->buf);
	free(ev);
}
