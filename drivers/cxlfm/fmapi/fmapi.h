/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * cxlfm FM-API codec: public interface.
 *
 * Every command is described once, as data (struct fmapi_cmd): its opcode,
 * name and the layout of its request and response payloads. A layout is a
 * table of fields (stable lowercase name, wire offset, wire size, optional
 * bit mask, offset in a typed C struct, netlink attribute slot) plus at most
 * one variable-length list. One generic engine, fmapi_encode() and
 * fmapi_decode(), turns typed structs into wire bytes and back using those
 * tables, so an offset is written down exactly once.
 *
 * The codec is pure C on byte buffers: no allocation, no locking, no sleeping,
 * no floating point. Lists are decoded into arrays the caller provides, with
 * a capacity. It builds in the kernel and in a host unit test.
 *
 * Wire facts come from FMAPI-REFERENCE.md (sections cited per command in the
 * fmapi_cmds_*.c files).
 */
#ifndef _CXLFM_FMAPI_H
#define _CXLFM_FMAPI_H

#include "fmapi_types.h"

/*
 * Largest payload the codec produces or accepts: 1 MiB, the largest mailbox
 * (MB Capabilities [4:0] = 20). The 21-bit length fields could say more.
 */
#define FMAPI_PAYLOAD_MAX		0x100000
#define FMAPI_CCI_HDR_SIZE		12
#define FMAPI_TUNNEL_HDR_SIZE		4
/* 1 = switch port -> MLD / MHD pool, 2 = switch port -> MLD -> LD. */
#define FMAPI_TUNNEL_MAX_DEPTH		2

/* ------------------------------------------------------------------------ */
/* Diagnostics                                                               */
/* ------------------------------------------------------------------------ */

/**
 * enum fmapi_err - why an encode or decode was refused
 * @FMAPI_ERR_NONE: no error
 * @FMAPI_ERR_ARGS: NULL struct/buffer or NULL list array with a non-zero
 *	count (-EINVAL)
 * @FMAPI_ERR_SHORT: payload shorter than the fixed part, or a field cut in
 *	the middle (-EMSGSIZE)
 * @FMAPI_ERR_LIST_TRUNC: a list count implies more bytes than present
 *	(-EBADMSG)
 * @FMAPI_ERR_LIST_LEN: an implied-length list is not a whole number of
 *	elements (-EBADMSG)
 * @FMAPI_ERR_LIST_MAX: list count above the spec maximum (-ERANGE)
 * @FMAPI_ERR_LIST_CAP: list count above the caller's capacity (-ENOSPC)
 * @FMAPI_ERR_TRAILING: bytes after the end of a payload whose size the spec
 *	defines exactly (-EBADMSG)
 * @FMAPI_ERR_ENUM: reserved or invalid value in a checked enum field (-EINVAL)
 * @FMAPI_ERR_RANGE: encode: value does not fit its wire field (-ERANGE)
 * @FMAPI_ERR_NOSPACE: encode: output buffer too small, or the payload would
 *	exceed FMAPI_PAYLOAD_MAX / a 16-bit length field (-EMSGSIZE)
 * @FMAPI_ERR_MSG_CATEGORY: CCI message is not of the expected category
 *	(-EBADMSG)
 * @FMAPI_ERR_MSG_TAG: CCI response tag differs from the request (-EBADMSG)
 * @FMAPI_ERR_MSG_OPCODE: CCI response opcode differs from the request
 *	(-EBADMSG)
 * @FMAPI_ERR_MSG_LEN: a CCI/tunnel length field disagrees with the bytes
 *	present (-EBADMSG)
 * @FMAPI_ERR_DEPTH: tunnel depth 0 or above FMAPI_TUNNEL_MAX_DEPTH (-EINVAL)
 * @FMAPI_ERR_RECORD_LEN: event record length field outside [0x30, 0x80] or
 *	shorter than the body being decoded (-EBADMSG)
 * @FMAPI_ERR__MAX: number of reasons
 */
enum fmapi_err {
	FMAPI_ERR_NONE,
	FMAPI_ERR_ARGS,
	FMAPI_ERR_SHORT,
	FMAPI_ERR_LIST_TRUNC,
	FMAPI_ERR_LIST_LEN,
	FMAPI_ERR_LIST_MAX,
	FMAPI_ERR_LIST_CAP,
	FMAPI_ERR_TRAILING,
	FMAPI_ERR_ENUM,
	FMAPI_ERR_RANGE,
	FMAPI_ERR_NOSPACE,
	FMAPI_ERR_MSG_CATEGORY,
	FMAPI_ERR_MSG_TAG,
	FMAPI_ERR_MSG_OPCODE,
	FMAPI_ERR_MSG_LEN,
	FMAPI_ERR_DEPTH,
	FMAPI_ERR_RECORD_LEN,
	FMAPI_ERR__MAX,
};

/**
 * struct fmapi_diag - detail of a refused encode/decode
 * @reason: what went wrong
 * @field: name of the offending field or list (static string), or NULL
 * @offset: wire offset at which the problem was found
 *
 * Every codec entry point takes an optional (may be NULL) diag. The netlink
 * layer turns it into an extack message, e.g. "num_ports: list count above
 * capacity".
 */
struct fmapi_diag {
	enum fmapi_err reason;
	const char *field;
	u32 offset;
};

/**
 * fmapi_err_str() - short description of a diagnostic reason
 * @reason: an &enum fmapi_err value
 *
 * Return: a static string, never NULL.
 */
const char *fmapi_err_str(enum fmapi_err reason);

/**
 * fmapi_err_errno() - errno the codec returns for a diagnostic reason
 * @reason: an &enum fmapi_err value
 *
 * Return: a negative errno, or 0 for %FMAPI_ERR_NONE.
 */
int fmapi_err_errno(enum fmapi_err reason);

/* ------------------------------------------------------------------------ */
/* Descriptors                                                              */
/* ------------------------------------------------------------------------ */

/**
 * struct fmapi_enum_val - one named value of an enumerated field
 * @val: the value
 * @name: stable lowercase name
 */
struct fmapi_enum_val {
	u32 val;
	const char *name;
};

/**
 * struct fmapi_enum - the set of defined values of an enumerated field
 * @name: stable lowercase name of the enumeration
 * @nr: number of entries in @vals
 * @vals: the defined values; anything else is reserved
 */
struct fmapi_enum {
	const char *name;
	u8 nr;
	const struct fmapi_enum_val *vals;
};

/**
 * fmapi_enum_name() - name of a value of an enumeration
 * @e: the enumeration
 * @val: the value
 *
 * Return: the value's name, or NULL if @val is reserved.
 */
const char *fmapi_enum_name(const struct fmapi_enum *e, u32 val);

enum fmapi_ftype {
	FMAPI_T_UINT,	/* little-endian unsigned, wire size 1, 2, 3, 4 or 8 */
	FMAPI_T_BYTES,	/* opaque byte array (UUID, bitmap, string), size n */
};

/* Field flags */
#define FMAPI_FF_CHECK	BIT(0)	/* reject values not in ->en (enc+dec) */
#define FMAPI_FF_ALIAS	BIT(1)	/* overlaps another field: decode only */

/* Netlink attribute slot value meaning "not mapped yet". */
#define FMAPI_NL_ATTR_NONE	0

/**
 * struct fmapi_field - one field of a payload layout
 * @name: stable lowercase name (the C member name); used by the netlink
 *	layer and in diagnostics
 * @type: &enum fmapi_ftype
 * @size: wire size in bytes (1/2/3/4/8 for %FMAPI_T_UINT, n for bytes)
 * @off: wire offset, relative to the start of the part the field belongs to
 *	(payload, list element, or end of the list for tail fields)
 * @mask: for sub-byte/bit fields, the mask within the wire integer; the C
 *	value is (wire & mask) >> ffs(mask). 0 = the whole integer.
 * @st_off: offsetof() of the member in the typed C struct
 * @st_size: sizeof() of that member (1/2/4/8 for integers, n for bytes)
 * @flags: FMAPI_FF_*
 * @en: defined values, or NULL (names always; checked if %FMAPI_FF_CHECK)
 * @nl_attr: netlink attribute id the netlink layer maps this field to;
 *	%FMAPI_NL_ATTR_NONE until that layer fills it in
 */
struct fmapi_field {
	const char *name;
	u8 type;
	u8 size;
	u16 off;
	u64 mask;
	u16 st_off;
	u16 st_size;
	u8 flags;
	const struct fmapi_enum *en;
	u16 nl_attr;
};

/* fmapi_list.count_field value: count implied by the payload length */
#define FMAPI_COUNT_IMPLIED	(-1)

/**
 * struct fmapi_list - the variable-length part of a layout
 * @name: stable lowercase name of the list
 * @elem_size: wire bytes per element
 * @count_field: index in the layout's @fields of the element count, or
 *	%FMAPI_COUNT_IMPLIED when the count is (payload length - fixed part -
 *	tail) / @elem_size
 * @max: maximum number of elements the spec allows, 0 = only bounded by the
 *	count field width and the payload size
 * @elem_fields: fields of one element (offsets relative to the element)
 * @nr_elem_fields: entries in @elem_fields
 * @elem_st_size: sizeof() of the C element type
 * @ptr_off: offsetof() of the element-array pointer in the typed struct
 * @cap_off: offsetof() of the u32 capacity (in elements) of that array
 * @nr_off: for implied lists, offsetof() of the u32 element count (decode:
 *	output, encode: input). For counted lists the count field is the
 *	count.
 * @nl_attr: netlink attribute slot for the list (nest), see &fmapi_field
 *
 * The list always starts right after the fixed part (at layout->fixed_len).
 */
struct fmapi_list {
	const char *name;
	u16 elem_size;
	s8 count_field;
	u32 max;
	const struct fmapi_field *elem_fields;
	u8 nr_elem_fields;
	u16 elem_st_size;
	u16 ptr_off;
	u16 cap_off;
	u16 nr_off;
	u16 nl_attr;
};

struct fmapi_layout;

/**
 * struct fmapi_layout_ops - hand-written walker for the rare layout the
 *	table cannot express (only 0x5200's nested vPPB lists)
 * @encode: same contract as fmapi_encode()
 * @decode: same contract as fmapi_decode()
 */
struct fmapi_layout_ops {
	int (*encode)(const struct fmapi_layout *l, const void *s, u8 *buf,
		      size_t bufsz, struct fmapi_diag *d);
	int (*decode)(const struct fmapi_layout *l, const u8 *buf, size_t len,
		      void *s, struct fmapi_diag *d);
};

/* Layout flags */
/*
 * Bytes after the described payload are ignored on decode instead of being
 * refused with FMAPI_ERR_TRAILING. Used only for fixed-size responses that
 * later spec revisions extended or may extend (identify-type responses).
 */
#define FMAPI_LF_EXTENSIBLE	BIT(0)
/* The payload is either empty (all fields decode as 0) or complete. */
#define FMAPI_LF_OPTIONAL	BIT(1)

/**
 * struct fmapi_layout - a request or response payload
 * @fixed_len: wire size of the fixed part (the list starts here)
 * @min_len: shortest acceptable payload; 0 means @fixed_len. Below
 *	@fixed_len only for list-less layouts whose trailing fields are
 *	optional (absent fields decode as 0)
 * @flags: FMAPI_LF_*
 * @st_size: sizeof() the typed C struct
 * @fields: fixed-part fields
 * @nr_fields: entries in @fields
 * @list: the variable-length list, or NULL
 * @tail: fields after the list (offsets relative to the end of the list)
 * @nr_tail: entries in @tail
 * @tail_len: wire size of the tail part
 * @ops: hand-written walker (overrides everything above), or NULL
 */
struct fmapi_layout {
	u16 fixed_len;
	u16 min_len;
	u16 flags;
	u16 st_size;
	const struct fmapi_field *fields;
	u8 nr_fields;
	const struct fmapi_list *list;
	const struct fmapi_field *tail;
	u8 nr_tail;
	u8 tail_len;
	const struct fmapi_layout_ops *ops;
};

/* Command flags */
#define FMAPI_CF_BG		BIT(0)	/* may complete in the background */
#define FMAPI_CF_TUNNEL		BIT(1)	/* 0x5300: payload wraps a CCI message */
#define FMAPI_CF_EVENTS		BIT(2)	/* owned by the driver's event logic */

/**
 * struct fmapi_cmd - description of one FM-API / CCI command
 * @opcode: command set << 8 | command
 * @name: stable lowercase name
 * @flags: FMAPI_CF_*
 * @req: request payload layout; NULL = no payload (any byte is trailing)
 * @rsp: response payload layout; NULL = no payload
 */
struct fmapi_cmd {
	u16 opcode;
	const char *name;
	u16 flags;
	const struct fmapi_layout *req;
	const struct fmapi_layout *rsp;
};

/**
 * fmapi_cmd_find() - look a command up by opcode
 * @opcode: command set << 8 | command
 *
 * Return: the descriptor, or NULL if the codec does not know @opcode.
 */
const struct fmapi_cmd *fmapi_cmd_find(u16 opcode);

/**
 * fmapi_cmd_count() - number of commands the codec describes
 *
 * Return: the count; descriptors are indexed 0..count-1 in opcode order.
 */
unsigned int fmapi_cmd_count(void);

/**
 * fmapi_cmd_at() - command descriptor by index
 * @idx: 0 .. fmapi_cmd_count() - 1
 *
 * Return: the descriptor, or NULL if @idx is out of range. Ascending
 * @idx gives strictly ascending opcodes.
 */
const struct fmapi_cmd *fmapi_cmd_at(unsigned int idx);

/* ------------------------------------------------------------------------ */
/* Engine                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * fmapi_encode() - encode a typed struct into wire bytes
 * @l: payload layout (NULL = empty payload)
 * @s: typed struct matching @l (may be NULL if @l is NULL)
 * @buf: output buffer (reserved bytes are written as zero)
 * @bufsz: size of @buf
 * @d: optional diagnostics
 *
 * Lists are taken from the struct's element pointer with the count in the
 * count field (or the nr member for implied-length lists). Values that do
 * not fit their wire field, and reserved values of checked enum fields, are
 * refused rather than truncated.
 *
 * Return: payload length in bytes (>= 0), or a negative errno
 * (see &enum fmapi_err).
 */
int fmapi_encode(const struct fmapi_layout *l, const void *s, u8 *buf,
		 size_t bufsz, struct fmapi_diag *d);

/**
 * fmapi_decode() - decode wire bytes into a typed struct
 * @l: payload layout (NULL = empty payload)
 * @buf: payload bytes (may be NULL if @len is 0)
 * @len: payload length
 * @s: typed struct; before the call the caller sets each list's element
 *	pointer and capacity (other members are overwritten)
 * @d: optional diagnostics
 *
 * Never reads outside @buf[0..@len) and never writes more than the
 * capacity into a list array. On error @s may be partially written.
 *
 * Return: 0, or a negative errno (see &enum fmapi_err).
 */
int fmapi_decode(const struct fmapi_layout *l, const u8 *buf, size_t len,
		 void *s, struct fmapi_diag *d);

/**
 * fmapi_encoded_len() - size fmapi_encode() would produce
 * @l: payload layout (NULL = empty payload)
 * @s: typed struct (list counts are read from it)
 *
 * Return: the length, or a negative errno if @s is not encodable as is.
 */
int fmapi_encoded_len(const struct fmapi_layout *l, const void *s);

/**
 * fmapi_field_get() - an integer field's value in a typed struct
 * @s: the typed struct
 * @f: one of its layout's fields (%FMAPI_T_UINT)
 *
 * Return: the member's value.
 */
u64 fmapi_field_get(const void *s, const struct fmapi_field *f);

/**
 * fmapi_field_set() - set an integer field's member in a typed struct
 * @s: the typed struct
 * @f: one of its layout's fields (%FMAPI_T_UINT)
 * @v: the value (truncated to the member's size)
 */
void fmapi_field_set(void *s, const struct fmapi_field *f, u64 v);

/**
 * fmapi_field_max() - the largest value a field's wire bits hold
 * @f: the field
 *
 * Return: the maximum.
 */
u64 fmapi_field_max(const struct fmapi_field *f);

/* ------------------------------------------------------------------------ */
/* Return codes (reference §1.9, CXL r3.1 Table 8-34)                       */
/* ------------------------------------------------------------------------ */

#define FMAPI_RC_SUCCESS		0x0000
#define FMAPI_RC_BACKGROUND		0x0001
#define FMAPI_RC_INVALID_INPUT		0x0002
#define FMAPI_RC_UNSUPPORTED		0x0003
#define FMAPI_RC_INTERNAL		0x0004
#define FMAPI_RC_RETRY			0x0005
#define FMAPI_RC_BUSY			0x0006
#define FMAPI_RC_INVALID_PAYLOAD_LEN	0x0016
#define FMAPI_RC_ABORT_UNSUPPORTED	0x0020
#define FMAPI_RC_MAX			0x0020

/**
 * fmapi_rc_name() - stable lowercase name of a CXL command return code
 * @rc: return code (MB Status [47:32] or CCI message bytes 8-9)
 *
 * Return: a static name; "unknown" for values above %FMAPI_RC_MAX.
 */
const char *fmapi_rc_name(u16 rc);

/**
 * fmapi_rc_desc() - human readable description of a return code
 * @rc: return code
 *
 * Return: a static string, never NULL.
 */
const char *fmapi_rc_desc(u16 rc);

/**
 * fmapi_rc_errno() - errno for a CXL command return code
 * @rc: return code
 *
 * Success maps to 0, "background command started" to -EINPROGRESS (not a
 * failure: the caller must track completion), unknown codes to -EIO.
 *
 * Return: 0 or a negative errno.
 */
int fmapi_rc_errno(u16 rc);

/* ------------------------------------------------------------------------ */
/* Command Effects Log (reference §1.10, §2.6)                              */
/* ------------------------------------------------------------------------ */

/* Command effects, spec bit order (CXL r3.2 Table 8-87; reference §1.10). */
#define FMAPI_CEL_COLD_RESET_CFG	BIT(0)	/* config change after cold reset */
#define FMAPI_CEL_IMM_CFG		BIT(1)	/* immediate configuration change */
#define FMAPI_CEL_IMM_DATA		BIT(2)	/* immediate data change */
#define FMAPI_CEL_IMM_POLICY		BIT(3)	/* immediate policy change */
#define FMAPI_CEL_IMM_LOG		BIT(4)	/* immediate log change */
#define FMAPI_CEL_SECURITY		BIT(5)	/* security state change */
#define FMAPI_CEL_BG_OP			BIT(6)	/* background operation */
#define FMAPI_CEL_SECONDARY_MBOX	BIT(7)	/* secondary mailbox supported */
#define FMAPI_CEL_ABORT_BG		BIT(8)	/* request abort BG supported */
#define FMAPI_CEL_RESET_VALID		BIT(9)	/* bits 10-11 are valid */
#define FMAPI_CEL_CONV_RESET_CFG	BIT(10)	/* config change after conv. reset */
#define FMAPI_CEL_CXL_RESET_CFG		BIT(11)	/* config change after CXL reset */
#define FMAPI_CEL_NR_BITS		12

#define FMAPI_CEL_ENTRY_SIZE		4

/* CEL log UUID 0da9c0b5-bf41-4b78-8f79-96b1623b3f17, wire (string) order. */
extern const u8 fmapi_cel_uuid[16];

/**
 * struct fmapi_cel_entry - one Command Effects Log entry
 * @opcode: the command
 * @effects: FMAPI_CEL_* bits
 */
struct fmapi_cel_entry {
	u16 opcode;
	u16 effects;
};

/**
 * fmapi_cel_parse() - parse Command Effects Log bytes (Get Log output)
 * @buf: log bytes
 * @len: length, must be a multiple of %FMAPI_CEL_ENTRY_SIZE
 * @out: caller array
 * @cap: capacity of @out in entries
 * @nr: number of entries written
 * @d: optional diagnostics
 *
 * Return: 0 or a negative errno (-EBADMSG for a partial entry, -ENOSPC if
 * @cap is too small).
 */
int fmapi_cel_parse(const u8 *buf, size_t len, struct fmapi_cel_entry *out,
		    u32 cap, u32 *nr, struct fmapi_diag *d);

/**
 * fmapi_cel_effect_name() - stable name of a command-effects bit
 * @bit: bit number 0 .. %FMAPI_CEL_NR_BITS - 1
 *
 * Return: the name, or NULL for a reserved bit.
 */
const char *fmapi_cel_effect_name(unsigned int bit);

/**
 * fmapi_cel_is_read_only() - true if a command's effects change nothing
 * @effects: FMAPI_CEL_* bits of the command
 *
 * A command is read-only when it announces no configuration, data, policy,
 * log or security change, immediate or after any reset (bits 10-11 count
 * only when bit 9 says they are valid).
 *
 * Return: true if read-only.
 */
bool fmapi_cel_is_read_only(u16 effects);

/* ------------------------------------------------------------------------ */
/* CCI messages and tunnels (reference §5.2, §3.4 0x5300)                    */
/* ------------------------------------------------------------------------ */

#define FMAPI_MSG_REQUEST	0
#define FMAPI_MSG_RESPONSE	1

/**
 * struct fmapi_cci_hdr - CCI message header (12 bytes, reference §5.2)
 * @category: %FMAPI_MSG_REQUEST or %FMAPI_MSG_RESPONSE (byte 0 [3:0])
 * @tag: message tag, echoed in the response
 * @opcode: command set << 8 | command (bytes 3-4)
 * @payload_len: payload length, 21 bits (bytes 5-7 [20:0])
 * @bo: background operation started (byte 7 bit 7)
 * @return_code: return code (0 in requests)
 * @vendor_status: vendor-specific extended status (0 in requests)
 */
struct fmapi_cci_hdr {
	u8 category;
	u8 tag;
	u16 opcode;
	u32 payload_len;
	u8 bo;
	u16 return_code;
	u16 vendor_status;
};

extern const struct fmapi_layout fmapi_cci_hdr_layout;
extern const struct fmapi_layout fmapi_tunnel_req_layout;
extern const struct fmapi_layout fmapi_tunnel_rsp_layout;

/**
 * fmapi_cci_msg_encode() - build a CCI message (header + payload)
 * @h: header; @h->payload_len is overwritten with @payload_len
 * @payload: payload bytes (may be NULL if @payload_len is 0)
 * @payload_len: payload length
 * @buf: output
 * @bufsz: size of @buf
 * @d: optional diagnostics
 *
 * Return: message length, or a negative errno.
 */
int fmapi_cci_msg_encode(struct fmapi_cci_hdr *h, const u8 *payload,
			 size_t payload_len, u8 *buf, size_t bufsz,
			 struct fmapi_diag *d);

/**
 * fmapi_cci_msg_decode() - parse a CCI message
 * @buf: message bytes
 * @len: exact message length
 * @h: decoded header
 * @payload: set to the payload inside @buf
 * @d: optional diagnostics
 *
 * The header's payload length must equal @len - 12 exactly.
 *
 * Return: 0, or a negative errno.
 */
int fmapi_cci_msg_decode(const u8 *buf, size_t len, struct fmapi_cci_hdr *h,
			 const u8 **payload, struct fmapi_diag *d);

/**
 * struct fmapi_tunnel_hop - one level of a 0x5300 tunnel
 * @port_or_ld_id: egress port (switch) or LD ID (MLD)
 * @target_type: 0 = port or LD, 1 = LD-pool CCI of a multi-headed device
 */
struct fmapi_tunnel_hop {
	u8 port_or_ld_id;
	u8 target_type;
};

/**
 * fmapi_tunnel_build() - wrap a request in 1 or 2 levels of 0x5300
 * @hops: @depth hops, outermost first
 * @depth: 1 .. %FMAPI_TUNNEL_MAX_DEPTH
 * @tag: tag for the embedded CCI messages
 * @opcode: opcode of the innermost command
 * @payload: its request payload (may be NULL if @payload_len is 0)
 * @payload_len: its length
 * @buf: output: the payload of the outer 0x5300 request
 * @bufsz: size of @buf
 * @d: optional diagnostics
 *
 * Return: length of the outer 0x5300 payload, or a negative errno.
 */
int fmapi_tunnel_build(const struct fmapi_tunnel_hop *hops, unsigned int depth,
		       u8 tag, u16 opcode, const u8 *payload,
		       size_t payload_len, u8 *buf, size_t bufsz,
		       struct fmapi_diag *d);

/**
 * struct fmapi_tunnel_result - what fmapi_tunnel_unwrap() found
 * @payload: innermost response payload (points into the caller's buffer),
 *	NULL if @level < depth
 * @payload_len: its length
 * @level: level (1 = outermost embedded message) whose @return_code is
 *	reported: the innermost one, or the first level that failed
 * @return_code: CXL return code at @level
 * @vendor_status: vendor extended status at @level
 * @bo: background operation flag at @level
 */
struct fmapi_tunnel_result {
	const u8 *payload;
	size_t payload_len;
	u8 level;
	u16 return_code;
	u16 vendor_status;
	u8 bo;
};

/**
 * fmapi_tunnel_unwrap() - unwrap the response of a 1- or 2-level tunnel
 * @buf: payload of the outer 0x5300 response
 * @len: its length
 * @depth: the depth the request was built with
 * @tag: tag used in fmapi_tunnel_build()
 * @opcode: innermost opcode
 * @res: result
 * @d: optional diagnostics
 *
 * Every level's lengths must be exact, the category a response, tag and
 * opcode (0x5300 for intermediate levels) must match. A non-zero return
 * code at an intermediate level stops the walk and is reported, it is not
 * a decode error.
 *
 * Return: 0 if the wrapping is well formed, or a negative errno.
 */
int fmapi_tunnel_unwrap(const u8 *buf, size_t len, unsigned int depth, u8 tag,
			u16 opcode, struct fmapi_tunnel_result *res,
			struct fmapi_diag *d);

/**
 * fmapi_tunnel_parse_req() - parse one level of a 0x5300 request
 * @buf: 0x5300 request payload
 * @len: its length
 * @hop: the hop (port/LD ID, target type)
 * @inner: header of the embedded request
 * @inner_payload: set to the embedded request's payload inside @buf
 * @d: optional diagnostics
 *
 * For a component (or simulator) receiving a tunnel: call again on
 * @inner_payload when @inner->opcode is 0x5300 again.
 *
 * Return: 0, or a negative errno.
 */
int fmapi_tunnel_parse_req(const u8 *buf, size_t len,
			   struct fmapi_tunnel_hop *hop,
			   struct fmapi_cci_hdr *inner,
			   const u8 **inner_payload, struct fmapi_diag *d);

#include "fmapi_cmds.h"
#include "fmapi_events.h"

#endif /* _CXLFM_FMAPI_H */
