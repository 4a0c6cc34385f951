// SPDX-License-Identifier: GPL-2.0
/*
 * Durable event consumers.  A socket that sends events-durable asks that no
 * event record of any CCI be cleared from the switch before it has
 * acknowledged the notification that carried it (events-ack, cumulative per
 * CCI instance).  The registration lasts as long as the socket: its release
 * (NETLINK_URELEASE) ends it, so a consumer that crashes holds nothing back
 * and the records it had not acknowledged wait in the switch's log, where
 * the CCI's retention policy leaves them (events.c).
 *
 * A consumer that lets the head of a log stand for event_hold_ms is left
 * behind: the drain clears without it, counts what it clears and announces
 * it (events-unacked-ntf), so a stuck consumer never stalls the drain and
 * its loss is never silent.  Its next acknowledgment takes it back.
 */
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <uapi/linux/cxlfm.h>

#include "cxlfm.h"
#include "durable.h"

/* A registered consumer: its socket's port id. */
struct cxlfm_consumer {
	struct list_head node;
	u32 portid;
};

/**
 * struct cxlfm_consumer_ack - a consumer's progress on one CCI
 * @node: in &cxlfm_cci.durable
 * @portid: the consumer's socket
 * @acked: the last notification number it acknowledged, if @any
 * @any: it acknowledged something of this CCI instance
 * @stalled: left behind after event_hold_ms; records are cleared without it
 */
struct cxlfm_consumer_ack {
	struct list_head node;
	u32 portid;
	u32 acked;
	bool any;
	bool stalled;
};

static LIST_HEAD(cxlfm_consumers);
/* Registration, release and CCI registration see the same consumer list. */
static DEFINE_MUTEX(cxlfm_consumers_lock);
static unsigned int cxlfm_nr_consumers;

/* Sequence numbers wrap: @a is at or before @b. */
static bool cxlfm_seq_le(u32 a, u32 b)
{
	return (s32)(a - b) <= 0;
}

static struct cxlfm_consumer_ack *cxlfm_ack_find(struct cxlfm_cci *cci,
						 u32 portid)
{
	struct cxlfm_consumer_ack *a;

	lockdep_assert_held(&cci->durable_lock);
	list_for_each_entry(a, &cci->durable, node)
		if (a->portid == portid)
			return a;
	return NULL;
}

/* Start waiting for @portid on @cci: nothing acknowledged yet. */
static int cxlfm_ack_add(struct cxlfm_cci *cci, u32 portid)
{
	struct cxlfm_consumer_ack *a = kzalloc(sizeof(*a), GFP_KERNEL);

	if (!a)
		return -ENOMEM;
	a->portid = portid;
	mutex_lock(&cci->durable_lock);
	if (cxlfm_ack_find(cci, portid)) {
		kfree(a);
	} else {
		list_add_tail(&a->node, &cci->durable);
		cci->nr_durable++;
	}
	mutex_unlock(&cci->durable_lock);
	return 0;
}

static void cxlfm_ack_del(struct cxlfm_cci *cci, u32 portid)
{
	struct cxlfm_consumer_ack *a;

	mutex_lock(&cci->durable_lock);
	a = cxlfm_ack_find(cci, portid);
	if (a) {
		list_del(&a->node);
		cci->nr_durable--;
		kfree(a);
	}
	mutex_unlock(&cci->durable_lock);
}

/**
 * cxlfm_durable_cci_add() - wait for the registered consumers on a new CCI
 * @cci: the CCI, already visible to cxlfm_cci_get_next()
 *
 * A consumer registering at the same time adds itself as well; both check
 * for the other, so it is added once.
 */
void cxlfm_durable_cci_add(struct cxlfm_cci *cci)
{
	struct cxlfm_consumer *c;

	mutex_lock(&cxlfm_consumers_lock);
	list_for_each_entry(c, &cxlfm_consumers, node)
		if (cxlfm_ack_add(cci, c->portid))
			dev_warn(&cci->dev, "out of memory: durable consumer %u is not waited for\n",
				 c->portid);
	mutex_unlock(&cxlfm_consumers_lock);
}

/* The CCI is released: nobody looks at its consumers any more. */
void cxlfm_durable_cci_free(struct cxlfm_cci *cci)
{
	struct cxlfm_consumer_ack *a, *tmp;

	list_for_each_entry_safe(a, tmp, &cci->durable, node)
		kfree(a);
}

/* End @portid's registration, if it has one. */
static void cxlfm_durable_forget(u32 portid)
{
	struct cxlfm_consumer *c, *found = NULL;
	struct cxlfm_cci *cci, *next;

	mutex_lock(&cxlfm_consumers_lock);
	list_for_each_entry(c, &cxlfm_consumers, node)
		if (c->portid == portid)
			found = c;
	if (!found)
		goto out;
	list_del(&found->node);
	WRITE_ONCE(cxlfm_nr_consumers, cxlfm_nr_consumers - 1);
	kfree(found);
	for (cci = cxlfm_cci_get_next(0); cci; cci = next) {
		cxlfm_ack_del(cci, portid);
		/* what only this consumer held back may go now */
		cxlfm_events_acked(cci);
		next = cxlfm_cci_get_next(cci->id + 1);
		cxlfm_cci_put(cci);
	}
out:
	mutex_unlock(&cxlfm_consumers_lock);
}

static int cxlfm_durable_sock_event(struct notifier_block *nb,
				    unsigned long state, void *ptr)
{
	const struct netlink_notify *n = ptr;

	if (state != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net))
		return NOTIFY_DONE;
	/* every genetlink socket of the system ends here: be quick */
	if (READ_ONCE(cxlfm_nr_consumers))
		cxlfm_durable_forget(n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block cxlfm_durable_nb = {
	.notifier_call = cxlfm_durable_sock_event,
};

int cxlfm_durable_init(void)
{
	return netlink_register_notifier(&cxlfm_durable_nb);
}

void cxlfm_durable_exit(void)
{
	struct cxlfm_consumer *c, *tmp;

	netlink_unregister_notifier(&cxlfm_durable_nb);
	/* the CCIs are gone; the family too, and with it every socket's use */
	list_for_each_entry_safe(c, tmp, &cxlfm_consumers, node)
		kfree(c);
}

static void cxlfm_durable_announce(struct cxlfm_cci *cci, u32 portid, u32 lost)
{
	struct sk_buff *msg;
	void *hdr;

	dev_warn_ratelimited(&cci->dev, "%u event records cleared without durable consumer %u's acknowledgment\n",
			     lost, portid);
	msg = cxlfm_nl_ntf_start(cci, CXLFM_CMD_EVENTS_UNACKED_NTF,
				 CXLFM_A_EVENT_CCI_ID, CXLFM_A_EVENT_SEQ, &hdr);
	if (!msg)
		return;
	if (nla_put_u32(msg, CXLFM_A_EVENT_CONSUMER, portid) ||
	    nla_put_u32(msg, CXLFM_A_EVENT_UNACKED, lost)) {
		nlmsg_free(msg);
		cxlfm_nl_ntf_lost(cci);
		return;
	}
	cxlfm_nl_event_send(cci, msg, hdr);
}

/* How many of the @nr oldest held records @a has acknowledged. */
static unsigned int cxlfm_acked_prefix(const struct cxlfm_consumer_ack *a,
				       const u32 *seq, unsigned int nr)
{
	unsigned int i;

	if (!a->any)
		return 0;
	for (i = 0; i < nr; i++)
		if (!cxlfm_seq_le(seq[i], a->acked))
			break;
	return i;
}

/**
 * cxlfm_durable_clearable() - how many held records may be cleared now
 * @cci: the CCI
 * @seq: the numbers each of the oldest held records waits for, in log order
 * @nr: how many
 *
 * With no consumer registered the CCI's retention policy decides; with
 * some, every consumer not left behind must have acknowledged a record.
 * What is cleared while a consumer left behind had not acknowledged it is
 * counted and announced.
 *
 * Return: the number of leading records to clear.
 */
unsigned int cxlfm_durable_clearable(struct cxlfm_cci *cci, const u32 *seq,
				     unsigned int nr)
{
	struct cxlfm_consumer_ack *a;
	unsigned int n = nr, lost;

	mutex_lock(&cci->durable_lock);
	if (!cci->nr_durable) {
		if (READ_ONCE(cci->event_retention) != CXLFM_EVENT_RETENTION_CLEAR)
			n = 0;
		goto out;
	}
	list_for_each_entry(a, &cci->durable, node)
		if (!a->stalled)
			n = min(n, cxlfm_acked_prefix(a, seq, n));
	list_for_each_entry(a, &cci->durable, node) {
		if (!a->stalled || !n)
			continue;
		lost = n - cxlfm_acked_prefix(a, seq, n);
		if (!lost)
			continue;
		atomic64_add(lost, &cci->events_unacked);
		cxlfm_durable_announce(cci, a->portid, lost);
	}
out:
	mutex_unlock(&cci->durable_lock);
	return n;
}

/**
 * cxlfm_durable_hold_expired() - a log's head stood for event_hold_ms
 * @cci: the CCI
 * @seq: the number its oldest held record waits for
 *
 * Every consumer that has not acknowledged it is left behind.
 */
void cxlfm_durable_hold_expired(struct cxlfm_cci *cci, u32 seq)
{
	struct cxlfm_consumer_ack *a;

	mutex_lock(&cci->durable_lock);
	list_for_each_entry(a, &cci->durable, node) {
		if (a->stalled || (a->any && cxlfm_seq_le(seq, a->acked)))
			continue;
		a->stalled = true;
		dev_warn(&cci->dev, "durable consumer %u acknowledged nothing for %u ms: event records are cleared without it\n",
			 a->portid, READ_ONCE(cxlfm_event_hold_ms));
	}
	mutex_unlock(&cci->durable_lock);
}

/**
 * cxlfm_durable_waiting() - whether the drain waits for a consumer
 * @cci: the CCI
 *
 * Return: true if a consumer not left behind is registered.
 */
bool cxlfm_durable_waiting(struct cxlfm_cci *cci)
{
	struct cxlfm_consumer_ack *a;
	bool waiting = false;

	mutex_lock(&cci->durable_lock);
	list_for_each_entry(a, &cci->durable, node)
		waiting |= !a->stalled;
	mutex_unlock(&cci->durable_lock);
	return waiting;
}

int cxlfm_nl_events_durable_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cxlfm_consumer *c;
	struct cxlfm_cci *cci, *next;
	u32 portid = info->snd_portid;
	bool added = false;
	int rc;

	rc = cxlfm_nl_gate(skb, CXLFM_CMD_EVENTS_DURABLE, false, info->extack);
	if (rc)
		return rc;
	mutex_lock(&cxlfm_consumers_lock);
	list_for_each_entry(c, &cxlfm_consumers, node) {
		if (c->portid == portid) {
			NL_SET_ERR_MSG(info->extack,
				       "this socket is a durable consumer already");
			rc = -EALREADY;
			goto out;
		}
	}
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c) {
		rc = -ENOMEM;
		goto out;
	}
	c->portid = portid;
	list_add_tail(&c->node, &cxlfm_consumers);
	added = true;
	WRITE_ONCE(cxlfm_nr_consumers, cxlfm_nr_consumers + 1);
	for (cci = cxlfm_cci_get_next(0); cci; cci = next) {
		if (!rc)
			rc = cxlfm_ack_add(cci, portid);
		/* what the switch still holds goes out again, for this one */
		if (!rc)
			cxlfm_events_replay(cci);
		next = cxlfm_cci_get_next(cci->id + 1);
		cxlfm_cci_put(cci);
	}
out:
	mutex_unlock(&cxlfm_consumers_lock);
	/* out of memory for one CCI's state: no registration at all */
	if (rc && added)
		cxlfm_durable_forget(portid);
	return rc;
}

int cxlfm_nl_events_ack_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct cxlfm_consumer_ack *a;
	struct cxlfm_cci *cci;
	u32 seq;
	int rc;

	rc = cxlfm_nl_gate(skb, CXLFM_CMD_EVENTS_ACK, false, info->extack);
	if (rc)
		return rc;
	if (!tb[CXLFM_A_EVENT_INSTANCE] || !tb[CXLFM_A_EVENT_SEQ]) {
		NL_SET_ERR_MSG(info->extack,
			       "an acknowledgment needs cci-id, instance and seq");
		return -EINVAL;
	}
	cci = cxlfm_nl_cci(info, CXLFM_A_EVENT_CCI_ID);
	if (IS_ERR(cci))
		return PTR_ERR(cci);
	seq = nla_get_u32(tb[CXLFM_A_EVENT_SEQ]);
	if (nla_get_u64(tb[CXLFM_A_EVENT_INSTANCE]) != cci->instance) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[CXLFM_A_EVENT_INSTANCE],
				    "that instance of the CCI is gone; what it did not clear is sent again by this one");
		rc = -ESTALE;
		goto out;
	}
	if (!cxlfm_seq_le(seq, atomic_read(&cci->seq))) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[CXLFM_A_EVENT_SEQ],
				    "acknowledges a notification not sent yet");
		rc = -EINVAL;
		goto out;
	}
	mutex_lock(&cci->durable_lock);
	a = cxlfm_ack_find(cci, info->snd_portid);
	if (!a) {
		NL_SET_ERR_MSG(info->extack,
			       "this socket is not a durable consumer (events-durable)");
		rc = -ENOENT;
	} else {
		if (!a->any || !cxlfm_seq_le(seq, a->acked))
			a->acked = seq;
		a->any = true;
		if (a->stalled)
			dev_info(&cci->dev, "durable consumer %u acknowledges again\n",
				 a->portid);
		a->stalled = false;
	}
	mutex_unlock(&cci->durable_lock);
	if (!rc)
		cxlfm_events_acked(cci);
out:
	cxlfm_cci_put(cci);
	return rc;
}
