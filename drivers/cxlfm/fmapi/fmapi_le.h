/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * Explicit little-endian accessors on byte buffers.
 *
 * Every multi-byte FM-API field is little-endian (CXL r3.1 §8.2.9). These
 * helpers work byte by byte, so they are alignment and host-endian agnostic
 * and do not depend on <asm/unaligned.h>, whose path differs between the
 * kernels we support.
 */
#ifndef _CXLFM_FMAPI_LE_H
#define _CXLFM_FMAPI_LE_H

#include "fmapi_types.h"

static inline u16 fmapi_get_le16(const u8 *p)
{
	return (u16)(p[0] | (p[1] << 8));
}

static inline u32 fmapi_get_le24(const u8 *p)
{
	return (u32)p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16);
}

static inline u32 fmapi_get_le32(const u8 *p)
{
	return (u32)p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) |
	       ((u32)p[3] << 24);
}

static inline u64 fmapi_get_le64(const u8 *p)
{
	return (u64)fmapi_get_le32(p) | ((u64)fmapi_get_le32(p + 4) << 32);
}

static inline void fmapi_put_le16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static inline void fmapi_put_le24(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
}

static inline void fmapi_put_le32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

static inline void fmapi_put_le64(u8 *p, u64 v)
{
	fmapi_put_le32(p, (u32)v);
	fmapi_put_le32(p + 4, (u32)(v >> 32));
}

#endif /* _CXLFM_FMAPI_LE_H */
