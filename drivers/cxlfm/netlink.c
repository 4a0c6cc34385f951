// SPDX-License-Identifier: GPL-2.0
/*
 * The cxlfm generic netlink family (Documentation/netlink/specs/cxlfm.yaml).
 * What each op needs is perm.c's to say: every doit here and the start of
 * every dump ask cxlfm_nl_gate() first.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <uapi/linux/cxlfm.h>

#include "cxlfm.h"
#include "fmapi/fmapi.h"
#include "fmapi/fmapi_cmds.h"
#include "durable.h"
#include "fm_nl.h"
#include "raw.h"

/* Look up the CCI an op names; the caller drops it with cxlfm_cci_put(). */
struct cxlfm_cci *cxlfm_nl_cci(struct genl_info *info, int attr)
{
	struct cxlfm_cci *cci;

	if (GENL_REQ_ATTR_CHECK(info, attr)) {
		NL_SET_ERR_MSG(info->extack, "the request names no CCI");
		return ERR_PTR(-EINVAL);
	}
	cci = cxlfm_cci_get(nla_get_u32(info->attrs[attr]));
	if (!cci) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[attr],
				    "no CCI with this id");
		return ERR_PTR(-ENODEV);
	}
	return cci;
}

/* Fills a CCI_GET reply and the CCI notifications alike. */
static int cxlfm_cci_fill(struct sk_buff *skb, struct cxlfm_cci *cci, u32 seq)
{
	const u8 *id = cci->identify;

	if (nla_put_u32(skb, CXLFM_A_CCI_ID, cci->id) ||
	    nla_put_u32(skb, CXLFM_A_CCI_SEQ, seq) ||
	    nla_put_string(skb, CXLFM_A_CCI_TRANSPORT, cci->ops->name) ||
	    nla_put_u32(skb, CXLFM_A_CCI_PAYLOAD_SIZE, cci->payload_size) ||
	    nla_put_u32(skb, CXLFM_A_CCI_NUM_COMMANDS, cci->cel.nr) ||
	    nla_put_u8(skb, CXLFM_A_CCI_INBAND_POLICY, READ_ONCE(cci->inband_policy)) ||
	    nla_put_u64_64bit(skb, CXLFM_A_CCI_INSTANCE, cci->instance,
			      CXLFM_A_CCI_PAD) ||
	    nla_put_u8(skb, CXLFM_A_CCI_EVENT_RETENTION,
		       READ_ONCE(cci->event_retention)) ||
	    nla_put_u32(skb, CXLFM_A_CCI_DURABLE_CONSUMERS,
			READ_ONCE(cci->nr_durable)) ||
	    nla_put_u64_64bit(skb, CXLFM_A_CCI_EVENTS_UNACKED,
			      atomic64_read(&cci->events_unacked),
			      CXLFM_A_CCI_PAD))
		return -EMSGSIZE;
	if (cci->is_switch &&
	    (nla_put_flag(skb, CXLFM_A_CCI_IS_SWITCH) ||
	     nla_put_u8(skb, CXLFM_A_CCI_NUM_PORTS, cci->num_ports) ||
	     nla_put_u8(skb, CXLFM_A_CCI_NUM_VCS, cci->num_vcs)))
		return -EMSGSIZE;
	/* Identify, CXL r3.1 §8.2.9.1.1: vendor 0x00, device 0x02, serial 0x08 */
	if (cci->identify_len >= 0x10 &&
	    (nla_put_u16(skb, CXLFM_A_CCI_VENDOR, id[0] | id[1] << 8) ||
	     nla_put_u16(skb, CXLFM_A_CCI_DEVICE, id[2] | id[3] << 8) ||
	     nla_put_u64_64bit(skb, CXLFM_A_CCI_SERIAL,
			       le64_to_cpup((const __le64 *)(id + 8)),
			       CXLFM_A_CCI_PAD)))
		return -EMSGSIZE;
	return 0;
}

/*
 * The CCI's Command Effects Log, so that userspace can leave out what the
 * CCI does not support instead of asking and being refused.  Only the
 * reply to a get of one CCI has it, sized for it: a CEL may be long.
 */
static int cxlfm_cci_fill_cel(struct sk_buff *skb, struct cxlfm_cci *cci)
{
	unsigned int i;

	for (i = 0; i < cci->cel.nr; i++)
		if (nla_put_u16(skb, CXLFM_A_CCI_OPCODE, cci->cel.opcode[i]))
			return -EMSGSIZE;
	return 0;
}

int cxlfm_nl_cci_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cxlfm_cci *cci;
	struct sk_buff *msg;
	void *hdr;
	int rc;

	rc = cxlfm_nl_gate(skb, CXLFM_CMD_CCI_GET, false, info->extack);
	if (rc)
		return rc;
	cci = cxlfm_nl_cci(info, CXLFM_A_CCI_ID);
	if (IS_ERR(cci))
		return PTR_ERR(cci);
	rc = -ENOMEM;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE +
			  cci->cel.nr * nla_total_size(sizeof(u16)), GFP_KERNEL);
	if (!msg)
		goto out;
	hdr = genlmsg_put_reply(msg, info, &cxlfm_family, 0, CXLFM_CMD_CCI_GET);
	if (!hdr || cxlfm_cci_fill(msg, cci, atomic_read(&cci->seq)) ||
	    cxlfm_cci_fill_cel(msg, cci)) {
		nlmsg_free(msg);
		rc = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(msg, hdr);
	rc = genlmsg_reply(msg, info);
out:
	cxlfm_cci_put(cci);
	return rc;
}

/* Dump cursor, kept in netlink_callback::ctx. */
struct cxlfm_dump_ctx {
	u32 next_id;
};

/* Checked when the dump starts, so a refusal is a plain error reply. */
static int cxlfm_cci_get_start(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct cxlfm_dump_ctx) > sizeof(cb->ctx));
	return cxlfm_nl_gate_dump(cb, true);
}

int cxlfm_nl_cci_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cxlfm_dump_ctx *ctx = (void *)cb->ctx;
	struct cxlfm_cci *cci;
	void *hdr;
	int rc;

	rc = cxlfm_nl_gate_dump(cb, false);
	if (rc)
		return rc;
	cb->seq = cxlfm_cci_generation();
	while ((cci = cxlfm_cci_get_next(ctx->next_id))) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &cxlfm_family, NLM_F_MULTI,
				  CXLFM_CMD_CCI_GET);
		if (!hdr) {
			cxlfm_cci_put(cci);
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		if (cxlfm_cci_fill(skb, cci, atomic_read(&cci->seq))) {
			genlmsg_cancel(skb, hdr);
			cxlfm_cci_put(cci);
			break;
		}
		genlmsg_end(skb, hdr);
		ctx->next_id = cci->id + 1;
		cxlfm_cci_put(cci);
	}
	return skb->len;
}

/*
 * Raw commands: which form of the raw op a command is.  Read-only commands
 * on the driver's own list are the read form, unless the device's CEL says
 * they change something; anything else is the write form, gated as
 * perm_table.h says.  Commands cxlfm owns are never passed through.
 */
static int cxlfm_raw_permitted(struct sk_buff *skb, struct genl_info *info,
			       struct cxlfm_cci *cci, u16 opcode)
{
	struct nlattr *attr = info->attrs[CXLFM_A_RAW_OPCODE];
	u16 effects = 0;
	int rc;

	if (cxlfm_raw_driver_owned(opcode)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "command is owned by the cxlfm driver");
		return -EACCES;
	}
	if (!cxlfm_cci_supports(cci, opcode, &effects)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "command not in the CCI's Command Effects Log");
		return -EOPNOTSUPP;
	}
	if (cxlfm_raw_read_only(opcode) && fmapi_cel_is_read_only(effects))
		return 0;
	rc = cxlfm_nl_gate(skb, CXLFM_CMD_RAW, true, info->extack);
	if (rc)
		NL_SET_BAD_ATTR(info->extack, attr);
	return rc;
}

/* The raw reply's attributes but the payload: id, opcode, codes, flag, number */
#define CXLFM_RAW_REPLY_ATTRS	(2 * nla_total_size(sizeof(u32)) +	\
				 3 * nla_total_size(sizeof(u16)) +	\
				 nla_total_size(0))

int cxlfm_nl_raw_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cxlfm_mbox_cmd cmd = {};
	struct cxlfm_cci *cci;
	struct sk_buff *msg = NULL;
	struct nlattr *payload, *out;
	void *hdr;
	int rc;

	rc = cxlfm_nl_gate(skb, CXLFM_CMD_RAW, false, info->extack);
	if (rc)
		return rc;
	if (GENL_REQ_ATTR_CHECK(info, CXLFM_A_RAW_OPCODE))
		return -EINVAL;
	cci = cxlfm_nl_cci(info, CXLFM_A_RAW_CCI_ID);
	if (IS_ERR(cci))
		return PTR_ERR(cci);

	cmd.opcode = nla_get_u16(info->attrs[CXLFM_A_RAW_OPCODE]);
	rc = cxlfm_raw_permitted(skb, info, cci, cmd.opcode);
	if (rc)
		goto out;

	payload = info->attrs[CXLFM_A_RAW_PAYLOAD];
	if (payload && nla_len(payload) > cci->payload_size) {
		NL_SET_ERR_MSG_ATTR(info->extack, payload,
				    "payload larger than the CCI's payload area");
		rc = -E2BIG;
		goto out;
	}
	if (payload) {
		cmd.payload_in = nla_data(payload);
		cmd.size_in = nla_len(payload);
	}
	/*
	 * The device writes its answer straight into the reply's payload
	 * attribute, which is then cut to the length it returned.  The reply
	 * must fit one netlink attribute as well as the mailbox.
	 */
	cmd.size_out = min_t(size_t, cci->payload_size, U16_MAX - NLA_HDRLEN);
	msg = genlmsg_new(CXLFM_RAW_REPLY_ATTRS + nla_total_size(cmd.size_out),
			  GFP_KERNEL);
	rc = -ENOMEM;
	if (!msg)
		goto out;
	hdr = genlmsg_put_reply(msg, info, &cxlfm_family, 0, CXLFM_CMD_RAW);
	out = hdr ? nla_reserve(msg, CXLFM_A_RAW_PAYLOAD, cmd.size_out) : NULL;
	rc = -EMSGSIZE;
	if (!out)
		goto out;
	cmd.payload_out = nla_data(out);

	rc = cxlfm_mbox_send(cci, &cmd);
	if (rc == -EBUSY && !cmd.return_code)
		NL_SET_ERR_MSG(info->extack,
			       "a background command is running on this CCI");
	/* A device return code is an answer, not a failure of this op. */
	if (rc && (rc != -EINPROGRESS && !cmd.return_code))
		goto out;
	/*
	 * Never a reply cut short that says success: an answer longer than
	 * one netlink attribute (a mailbox may be 1 MiB) is refused.  The
	 * command has run; a read can ask for less (Get Log takes a length).
	 */
	if (cmd.size_answered > cmd.size_out) {
		NL_SET_ERR_MSG(info->extack,
			       "the CCI's answer is longer than a netlink attribute carries (64 KiB); the command ran");
		rc = -EMSGSIZE;
		goto out;
	}

	/* cut the attribute to the answer; its alignment padding is zeroed */
	out->nla_len = nla_attr_size(cmd.size_out);
	memset(nla_data(out) + cmd.size_out, 0, nla_padlen(cmd.size_out));
	nlmsg_trim(msg, (u8 *)out + nla_total_size(cmd.size_out));
	rc = -EMSGSIZE;
	if (nla_put_u32(msg, CXLFM_A_RAW_CCI_ID, cci->id) ||
	    nla_put_u16(msg, CXLFM_A_RAW_OPCODE, cmd.opcode) ||
	    nla_put_u16(msg, CXLFM_A_RAW_RETURN_CODE, cmd.return_code) ||
	    nla_put_u16(msg, CXLFM_A_RAW_VENDOR_STATUS, cmd.vendor_status) ||
	    (cmd.return_code == FMAPI_RC_BACKGROUND &&
	     (nla_put_flag(msg, CXLFM_A_RAW_BACKGROUND) ||
	      nla_put_u32(msg, CXLFM_A_RAW_BG_SEQ, cmd.bg_seq))))
		goto out;
	genlmsg_end(msg, hdr);
	rc = genlmsg_reply(msg, info);
	msg = NULL;
out:
	nlmsg_free(msg);
	cxlfm_cci_put(cci);
	return rc;
}

/**
 * cxlfm_nl_notify_cci() - tell listeners a CCI came or is going
 * @cci: the CCI
 * @cmd: %CXLFM_CMD_CCI_ADD_NTF or %CXLFM_CMD_CCI_DEL_NTF
 *
 * Built by the same fill function as the CCI_GET reply, with the CCI's next
 * sequence number, and sent only when someone listens.
 */
void cxlfm_nl_notify_cci(struct cxlfm_cci *cci, u8 cmd)
{
	struct sk_buff *msg;
	void *hdr;

	/* numbered even when nobody listens: a later listener sees the gap */
	if (!genl_has_listeners(&cxlfm_family, &init_net, CXLFM_NLGRP_EVENTS)) {
		cxlfm_nl_ntf_lost(cci);
		return;
	}
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	hdr = msg ? genlmsg_put(msg, 0, 0, &cxlfm_family, 0, cmd) : NULL;
	/* the sequence number is filled in as it is sent */
	if (!hdr || cxlfm_cci_fill(msg, cci, 0)) {
		nlmsg_free(msg);
		cxlfm_nl_ntf_lost(cci);
		return;
	}
	cxlfm_nl_event_send(cci, msg, hdr);
}

/*
 * ynl_gen_c writes a table of the groups as well, for the family struct it
 * writes for genetlink families only (not genetlink-legacy ones), and
 * without flags: joining needs CAP_SYS_ADMIN here, which its spec schema
 * cannot say (Documentation/netlink/uapi.md).
 */
static const struct genl_multicast_group cxlfm_mcgrps[] = {
	[CXLFM_NLGRP_EVENTS] = {
		.name = CXLFM_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_SYS_ADMIN,
	},
};

struct genl_family cxlfm_family __ro_after_init = {
	.name = CXLFM_FAMILY_NAME,
	.version = CXLFM_FAMILY_VERSION,
	.module = THIS_MODULE,
	.mcgrps = cxlfm_mcgrps,
	.n_mcgrps = ARRAY_SIZE(cxlfm_mcgrps),
	.resv_start_op = 0,	/* strict validation of every op */
	.parallel_ops = true,	/* per-CCI locking; never the genl mutex */
};

static struct genl_ops *cxlfm_ops;

int __init cxlfm_netlink_register(void)
{
	size_t n = ARRAY_SIZE(cxlfm_nl_ops), i;
	int rc;

	/*
	 * The ops table is ynl_gen_c's (nl_gen.c), from the spec.  A per-op
	 * table as it writes one has no start callback, where cxlfm asks the
	 * gate of a dump (cxlfm_nl_gate_dump()): a copy gets them.
	 */
	cxlfm_ops = kmemdup(cxlfm_nl_ops, sizeof(cxlfm_nl_ops), GFP_KERNEL);
	if (!cxlfm_ops)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (!cxlfm_ops[i].dumpit)
			continue;
		cxlfm_ops[i].start = cxlfm_ops[i].cmd == CXLFM_CMD_CCI_GET ?
				     cxlfm_cci_get_start : cxlfm_fm_dump_start;
	}
	cxlfm_family.ops = cxlfm_ops;
	cxlfm_family.n_ops = n;
	rc = cxlfm_nl_gate_check(cxlfm_ops, cxlfm_family.n_ops);
	if (!rc)
		rc = genl_register_family(&cxlfm_family);
	if (rc)
		kfree(cxlfm_ops);
	return rc;
}

void cxlfm_netlink_unregister(void)
{
	genl_unregister_family(&cxlfm_family);
	kfree(cxlfm_ops);
}
