/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * Basic types for the cxlfm FM-API codec.
 *
 * The codec is built twice: into cxlfm.ko and into a host unit test. This
 * header is the only place that knows the difference.
 */
#ifndef _CXLFM_FMAPI_TYPES_H
#define _CXLFM_FMAPI_TYPES_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;

#ifndef BIT
#define BIT(nr)			(1UL << (nr))
#endif
#ifndef GENMASK
#define GENMASK(h, l)		((~0UL << (l)) & (~0UL >> (63 - (h))))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]))
#endif
#ifndef sizeof_field
#define sizeof_field(TYPE, MEMBER)	sizeof(((TYPE *)0)[0].MEMBER)
#endif
#endif /* __KERNEL__ */

#endif /* _CXLFM_FMAPI_TYPES_H */
