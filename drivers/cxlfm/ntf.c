// SPDX-License-Identifier: GPL-2.0
/*
 * Notifications of a CCI on the events group: each carries the CCI's next
 * sequence number, assigned as it is sent, so that a listener can tell a
 * loss from a quiet switch.  A notification that cannot be built still
 * takes its number, and so does one sent while nobody listens: a listener
 * always sees the gap.
 *
 * The event drain sends records in batches: as many messages as fit in one
 * skb, multicast once.  A listener then takes a Get Event Records' worth of
 * records in one or two recvmsg() calls, and the kernel clones one skb per
 * listener for them instead of one per record.
 */
#include <net/genetlink.h>
#include <uapi/linux/cxlfm.h>

#include "cxlfm.h"
#include "fm_nl.h"
#include "ntf.h"

static bool cxlfm_ntf_listened(void)
{
	return genl_has_listeners(&cxlfm_family, &init_net, CXLFM_NLGRP_EVENTS);
}

/* The attribute of a notification that carries its sequence number. */
static int cxlfm_ntf_seq_attr(u8 cmd)
{
	switch (cmd) {
	case CXLFM_CMD_CCI_ADD_NTF:
	case CXLFM_CMD_CCI_DEL_NTF:
		return CXLFM_A_CCI_SEQ;
	case CXLFM_CMD_EVENT_NTF:
	case CXLFM_CMD_EVENT_OVERFLOW_NTF:
	case CXLFM_CMD_EVENTS_UNACKED_NTF:
		return CXLFM_A_EVENT_SEQ;
	case CXLFM_CMD_HIERARCHY_NTF:
		return CXLFM_A_FABRIC_SEQ;
	default:
		return CXLFM_A_FM_SEQ;
	}
}

/*
 * Number every message of @skb, take @lost numbers for notifications that
 * never got built, and multicast: under one lock, because notifications of
 * one CCI come from several work items (event drain, background
 * completion, in-band updates) and listeners must see them in the order of
 * their numbers.  Returns the last number taken.
 */
static u32 cxlfm_ntf_send_skb(struct cxlfm_cci *cci, struct sk_buff *skb,
			      unsigned int lost)
{
	struct nlmsghdr *nlh;
	struct nlattr *seq;
	u32 last;
	int rem;

	spin_lock(&cci->ntf_lock);
	if (skb) {
		nlmsg_for_each_msg(nlh, (struct nlmsghdr *)skb->data, skb->len, rem) {
			const struct genlmsghdr *gh = nlmsg_data(nlh);

			seq = nlmsg_find_attr(nlh, GENL_HDRLEN,
					      cxlfm_ntf_seq_attr(gh->cmd));
			if (seq)
				*(u32 *)nla_data(seq) = atomic_inc_return(&cci->seq);
		}
		/* -ESRCH only says that the last listener just left */
		genlmsg_multicast(&cxlfm_family, skb, 0, CXLFM_NLGRP_EVENTS,
				  GFP_ATOMIC);
	}
	last = atomic_add_return(lost, &cci->seq);
	spin_unlock(&cci->ntf_lock);
	return last;
}

/**
 * cxlfm_nl_ntf_lost() - count a notification that could not be sent
 * @cci: the CCI
 */
void cxlfm_nl_ntf_lost(struct cxlfm_cci *cci)
{
	cxlfm_ntf_send_skb(cci, NULL, 1);
}

/*
 * The CCI's instance, which says whose numbering the sequence number is:
 * in the event and fabric sets.  The CCI notifications carry it in their
 * fill; a background completion (the fm set) has none, and a listener
 * knows the CCI's instance from the notifications before it.
 */
static int cxlfm_ntf_put_instance(struct cxlfm_cci *cci, struct sk_buff *skb,
				  u8 cmd)
{
	switch (cmd) {
	case CXLFM_CMD_EVENT_NTF:
	case CXLFM_CMD_EVENT_OVERFLOW_NTF:
	case CXLFM_CMD_EVENTS_UNACKED_NTF:
		return nla_put_u64_64bit(skb, CXLFM_A_EVENT_INSTANCE,
					 cci->instance, CXLFM_A_EVENT_PAD);
	case CXLFM_CMD_HIERARCHY_NTF:
		return nla_put_u64_64bit(skb, CXLFM_A_FABRIC_INSTANCE,
					 cci->instance, CXLFM_A_FABRIC_PAD);
	default:
		return 0;
	}
}

/* Start a message of @cmd in @skb with the CCI's id and a 0 for its number. */
static void *cxlfm_ntf_put(struct cxlfm_cci *cci, struct sk_buff *skb, u8 cmd,
			   int id_attr, int seq_attr)
{
	void *hdr = genlmsg_put(skb, 0, 0, &cxlfm_family, 0, cmd);

	if (hdr && (nla_put_u32(skb, id_attr, cci->id) ||
		    nla_put_u32(skb, seq_attr, 0) ||
		    cxlfm_ntf_put_instance(cci, skb, cmd))) {
		genlmsg_cancel(skb, hdr);
		return NULL;
	}
	return hdr;
}

/**
 * cxlfm_nl_ntf_start() - begin a notification of a CCI
 * @cci: the CCI
 * @cmd: the notification's command
 * @id_attr: the command's attribute for the CCI's id
 * @seq_attr: the command's attribute for the sequence number
 * @hdr: receives the genetlink header, for cxlfm_nl_event_send()
 *
 * Return: a message carrying the CCI's id, or NULL when nobody listens or
 * it cannot be allocated; either way the notification has its number.
 */
struct sk_buff *cxlfm_nl_ntf_start(struct cxlfm_cci *cci, u8 cmd, int id_attr,
				   int seq_attr, void **hdr)
{
	struct sk_buff *msg = NULL;

	if (cxlfm_ntf_listened())
		msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	*hdr = msg ? cxlfm_ntf_put(cci, msg, cmd, id_attr, seq_attr) : NULL;
	if (!*hdr) {
		nlmsg_free(msg);
		cxlfm_nl_ntf_lost(cci);
		return NULL;
	}
	return msg;
}

/**
 * cxlfm_nl_event_send() - number and multicast a CCI's notification
 * @cci: the CCI
 * @msg: from cxlfm_nl_ntf_start(), or with the CCI's sequence attribute
 * @hdr: its genetlink header
 */
void cxlfm_nl_event_send(struct cxlfm_cci *cci, struct sk_buff *msg, void *hdr)
{
	genlmsg_end(msg, hdr);
	cxlfm_ntf_send_skb(cci, msg, 0);
}

/**
 * cxlfm_ntf_batch_flush() - send the batch's messages
 * @b: the batch; empty afterwards, ready for more
 */
void cxlfm_ntf_batch_flush(struct cxlfm_ntf_batch *b)
{
	struct sk_buff *skb = b->skb;

	b->skb = NULL;
	if (skb && !skb->len) {
		nlmsg_free(skb);
		skb = NULL;
	}
	if (skb || b->lost)
		b->last_seq = cxlfm_ntf_send_skb(b->cci, skb, b->lost);
	b->lost = 0;
}

/**
 * cxlfm_ntf_batch_add() - add one event notification to a batch
 * @b: the batch
 * @cmd: the notification's command, of the event attribute set
 * @fill: puts the notification's attributes after the CCI's id and number
 * @arg: for @fill
 *
 * A notification that does not fit in the batch's skb flushes the batch
 * and goes into a new one.
 */
void cxlfm_ntf_batch_add(struct cxlfm_ntf_batch *b, u8 cmd,
			 int (*fill)(struct sk_buff *skb, const void *arg),
			 const void *arg)
{
	void *hdr;
	int tries;

	for (tries = 0; tries < 2; tries++) {
		if (!b->skb && cxlfm_ntf_listened())
			b->skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
		if (!b->skb)
			break;
		hdr = cxlfm_ntf_put(b->cci, b->skb, cmd, CXLFM_A_EVENT_CCI_ID,
				    CXLFM_A_EVENT_SEQ);
		if (hdr && !fill(b->skb, arg)) {
			genlmsg_end(b->skb, hdr);
			return;
		}
		if (hdr)
			genlmsg_cancel(b->skb, hdr);
		/* full: send what is there, try again in a new skb */
		if (!b->skb->len)
			break;
		cxlfm_ntf_batch_flush(b);
	}
	b->lost++;
}
