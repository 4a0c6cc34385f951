/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * cxlfm FM-API codec: helpers shared by the descriptor tables and the
 * engine. Not part of the public API.
 */
#ifndef _CXLFM_FMAPI_INTERNAL_H
#define _CXLFM_FMAPI_INTERNAL_H

#include "fmapi.h"

/*
 * Field table entries. @st is the struct name without the "fmapi_" prefix,
 * @m the member, whose name is also the field's stable name.
 */
#define FMAPI_F(_name, _type, _st, _m, _off, _size, _mask, _en, _flags)	\
	{								\
		.name = (_name),					\
		.type = (_type),					\
		.size = (_size),					\
		.off = (_off),						\
		.mask = (_mask),					\
		.st_off = offsetof(struct fmapi_##_st, _m),		\
		.st_size = sizeof_field(struct fmapi_##_st, _m),	\
		.flags = (_flags),					\
		.en = (_en),						\
	}

#define FMAPI_U8(st, m, off)	FMAPI_F(#m, FMAPI_T_UINT, st, m, off, 1, 0, NULL, 0)
#define FMAPI_U16(st, m, off)	FMAPI_F(#m, FMAPI_T_UINT, st, m, off, 2, 0, NULL, 0)
#define FMAPI_U32(st, m, off)	FMAPI_F(#m, FMAPI_T_UINT, st, m, off, 4, 0, NULL, 0)
#define FMAPI_U64(st, m, off)	FMAPI_F(#m, FMAPI_T_UINT, st, m, off, 8, 0, NULL, 0)
#define FMAPI_BYTES(st, m, off, len)					\
	FMAPI_F(#m, FMAPI_T_BYTES, st, m, off, len, 0, NULL, 0)
/* Bits @mask of the @size-byte little-endian integer at @off */
#define FMAPI_BITS(st, m, off, size, mask)				\
	FMAPI_F(#m, FMAPI_T_UINT, st, m, off, size, mask, NULL, 0)
/* Enumerated field: names only, any value accepted */
#define FMAPI_ENUM(st, m, off, size, mask, en)				\
	FMAPI_F(#m, FMAPI_T_UINT, st, m, off, size, mask, &(en), 0)
/* Enumerated field: reserved values refused on encode and decode */
#define FMAPI_CHECKED(st, m, off, size, mask, en)			\
	FMAPI_F(#m, FMAPI_T_UINT, st, m, off, size, mask, &(en), FMAPI_FF_CHECK)
/* Decode-only view of bits another field also covers */
#define FMAPI_ALIAS(st, m, off, size, mask)				\
	FMAPI_F(#m, FMAPI_T_UINT, st, m, off, size, mask, NULL, FMAPI_FF_ALIAS)
/* Explicitly named field (array members) */
#define FMAPI_NAMED(name, st, m, off, size)				\
	FMAPI_F(name, FMAPI_T_UINT, st, m, off, size, 0, NULL, 0)

/* Element that is a bare integer (u8 or u16 array) */
#define FMAPI_SCALAR_U8(_name)						\
	{ .name = (_name), .type = FMAPI_T_UINT, .size = 1, .st_size = 1 }
#define FMAPI_SCALAR_U16(_name)						\
	{ .name = (_name), .type = FMAPI_T_UINT, .size = 2, .st_size = 2 }

/*
 * A list of @ptr elements counted by fields[@count_idx]; the capacity member
 * is @ptr##_cap. @max = spec maximum (0 = none).
 */
#define FMAPI_LIST(_st, _ptr, _count_idx, _esize, _efields, _etype, _max) \
	{								\
		.name = #_ptr,						\
		.elem_size = (_esize),					\
		.count_field = (_count_idx),				\
		.max = (_max),						\
		.elem_fields = (_efields),				\
		.nr_elem_fields = ARRAY_SIZE(_efields),			\
		.elem_st_size = sizeof(_etype),				\
		.ptr_off = offsetof(struct fmapi_##_st, _ptr),		\
		.cap_off = offsetof(struct fmapi_##_st, _ptr##_cap),	\
	}

/* A list whose count is implied by the payload length; count in nr_@ptr */
#define FMAPI_LIST_IMPLIED(_st, _ptr, _esize, _efields, _etype, _max)	\
	{								\
		.name = #_ptr,						\
		.elem_size = (_esize),					\
		.count_field = FMAPI_COUNT_IMPLIED,			\
		.max = (_max),						\
		.elem_fields = (_efields),				\
		.nr_elem_fields = ARRAY_SIZE(_efields),			\
		.elem_st_size = sizeof(_etype),				\
		.ptr_off = offsetof(struct fmapi_##_st, _ptr),		\
		.cap_off = offsetof(struct fmapi_##_st, _ptr##_cap),	\
		.nr_off = offsetof(struct fmapi_##_st, nr_##_ptr),	\
	}

/* Fixed part of exactly @len bytes described by @f */
#define FMAPI_FIXED(_st, _len, _f)					\
	.fixed_len = (_len),						\
	.st_size = sizeof(struct fmapi_##_st),				\
	.fields = (_f),							\
	.nr_fields = ARRAY_SIZE(_f)

/* Same, but payloads down to @min bytes are accepted (optional fields) */
#define FMAPI_FIXED_MIN(_st, _len, _min, _f)				\
	FMAPI_FIXED(_st, _len, _f),					\
	.min_len = (_min)

/* A command-set table, sorted by opcode */
struct fmapi_cmd_set {
	const struct fmapi_cmd *cmds;
	unsigned int nr;
};

extern const struct fmapi_cmd_set fmapi_cmds_generic;
extern const struct fmapi_cmd_set fmapi_cmds_switch;
extern const struct fmapi_cmd_set fmapi_cmds_mld;
extern const struct fmapi_cmd_set fmapi_cmds_dcd;

extern const struct fmapi_layout_ops fmapi_vcs_info_rsp_ops;
extern const struct fmapi_layout fmapi_cfg_rsp_layout;

/* Engine pieces reused by the hand-written walkers */
int fmapi_fail(struct fmapi_diag *d, enum fmapi_err reason, const char *field,
	       size_t offset);
int fmapi_fields_decode(const struct fmapi_field *f, unsigned int nr,
			const u8 *buf, size_t len, void *s,
			struct fmapi_diag *d, size_t base);
int fmapi_fields_encode(const struct fmapi_field *f, unsigned int nr,
			const void *s, u8 *buf, struct fmapi_diag *d,
			size_t base);

#endif /* _CXLFM_FMAPI_INTERNAL_H */
