/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * How the typed FM-API netlink ops carry the codec's fields: for every op,
 * the netlink attribute of each field of its request and response layout.
 * The tables (fmapi_nl.c) are generated from the codec by
 * tools/testing/cxlfm/gen/gen_fm_netlink.py and shared by cxlfm.ko (which
 * builds replies and parses requests) and libcxlfm (which does the
 * reverse), so both ends read the same map.
 */
#ifndef _CXLFM_FMAPI_NL_H
#define _CXLFM_FMAPI_NL_H

#include "fmapi.h"
#ifdef __KERNEL__
#include <uapi/linux/cxlfm.h>
#else
#include <linux/cxlfm.h>
#endif

/* Netlink type of an attribute of the "fm" set */
enum fmapi_nl_type {
	FMAPI_NL_PAD,
	FMAPI_NL_U8,
	FMAPI_NL_U16,
	FMAPI_NL_U32,
	FMAPI_NL_U64,
	FMAPI_NL_BINARY,
	FMAPI_NL_NEST,
	FMAPI_NL_FLAG,
};

/**
 * struct fmapi_nl_attr - one attribute of the "fm" set
 * @name: YNL name (the codec field name, '-' for '_')
 * @type: &enum fmapi_nl_type
 */
struct fmapi_nl_attr {
	const char *name;
	u8 type;
};

/**
 * struct fmapi_nl_part - attributes of one payload layout
 * @fields: attribute of each fixed-part field, 0 where the field is not
 *	carried (a request's list count or a field the kernel fills itself)
 * @list: attribute of the list: one nest per element, or a binary
 *	attribute for a list of bytes (@elem NULL); 0 = no list
 * @elem: attribute of each element field
 * @sub: 0x5200 only: the nest of a vPPB inside a VCS nest
 * @sub_elem: attribute of each vPPB field
 * @tail: attribute of each field after the list
 */
struct fmapi_nl_part {
	const u16 *fields;
	u16 list;
	const u16 *elem;
	u16 sub;
	const u16 *sub_elem;
	const u16 *tail;
};

/**
 * struct fmapi_nl_default - a request attribute that may be left out
 * @attr: the attribute (0 ends a table)
 * @val: the field's value when it is absent (lists: empty)
 */
struct fmapi_nl_default {
	u16 attr;
	u64 val;
};

#define FMAPI_NL_OP_BG		BIT(0)	/* may run in the background */
#define FMAPI_NL_OP_DUMP	BIT(1)	/* also dumps across switches */
#define FMAPI_NL_OP_TUNNEL	BIT(2)	/* may be tunnelled to an LD / LD pool */

/**
 * struct fmapi_nl_op - one typed FM-API op
 * @cmd: the genetlink command (CXLFM_CMD_*)
 * @opcode: the FM-API command it sends
 * @flags: FMAPI_NL_OP_*
 * @req: attributes of the request layout (codec: fmapi_cmd_find()->req)
 * @rsp: attributes of the response layout
 * @optional: request attributes that may be absent, or NULL: every
 *	carried request field is required
 */
struct fmapi_nl_op {
	u8 cmd;
	u16 opcode;
	u8 flags;
	struct fmapi_nl_part req;
	struct fmapi_nl_part rsp;
	const struct fmapi_nl_default *optional;
};

extern const struct fmapi_nl_attr fmapi_nl_attrs[CXLFM_A_FM_MAX + 1];
extern const struct fmapi_nl_op fmapi_nl_ops[];
extern const unsigned int fmapi_nl_nr_ops;

/**
 * fmapi_nl_op_find() - the typed op of a genetlink command
 * @cmd: CXLFM_CMD_*
 *
 * Return: the op, or NULL if @cmd is not a typed FM-API op.
 */
const struct fmapi_nl_op *fmapi_nl_op_find(u8 cmd);

/**
 * fmapi_nl_optional() - whether a request attribute may be absent
 * @op: the op
 * @attr: the attribute
 * @val: receives the value to use when it is absent
 *
 * Return: true if @attr is optional in @op's request.
 */
bool fmapi_nl_optional(const struct fmapi_nl_op *op, u16 attr, u64 *val);

#endif /* _CXLFM_FMAPI_NL_H */
