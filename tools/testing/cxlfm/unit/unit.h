/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the cxlfm FM-API codec unit tests.
 */
#ifndef _CXLFM_UNIT_H
#define _CXLFM_UNIT_H

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fmapi.h"

/* compare as unsigned long long: no signedness warnings, readable output */
#define CHK(expected, seen)						\
	EXPECT_EQ((unsigned long long)(expected), (unsigned long long)(seen))
#define ACHK(expected, seen)						\
	ASSERT_EQ((unsigned long long)(expected), (unsigned long long)(seen))

/*
 * Copy @len bytes so that they end exactly at a PROT_NONE page: any read
 * past the end faults (the harness reports it as a failed test). Freed with
 * guard_free().
 */
static inline u8 *guard_copy(const void *src, size_t len)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t span = (len + pg - 1) / pg * pg + pg;
	u8 *base;

	if (!span)
		return NULL;
	base = mmap(NULL, span, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	if (mprotect(base + span - pg, pg, PROT_NONE))
		return NULL;
	if (len)
		memcpy(base + span - pg - len, src, len);
	return base + span - pg - len;
}

static inline void guard_free(u8 *p, size_t len)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t span = (len + pg - 1) / pg * pg + pg;

	munmap(p + len + pg - span, span);
}

/* Decode @wire from a guarded copy (catches over-reads as a fault). */
static inline int decode_guarded(const struct fmapi_layout *l, const u8 *wire,
				 size_t len, void *s, struct fmapi_diag *d)
{
	u8 *g = guard_copy(wire, len);
	int ret;

	if (!g)
		return -ENOMEM;
	ret = fmapi_decode(l, g, len, s, d);
	guard_free(g, len);
	return ret;
}

static inline const struct fmapi_layout *req_of(u16 opcode)
{
	const struct fmapi_cmd *c = fmapi_cmd_find(opcode);

	return c ? c->req : NULL;
}

static inline const struct fmapi_layout *rsp_of(u16 opcode)
{
	const struct fmapi_cmd *c = fmapi_cmd_find(opcode);

	return c ? c->rsp : NULL;
}

#endif /* _CXLFM_UNIT_H */
