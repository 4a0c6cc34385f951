/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the cxlfm libFuzzer targets.
 *
 * A target reports a broken invariant by aborting with a message: libFuzzer
 * then saves the input as a crash reproducer, as it does for a sanitizer
 * report.
 */
#ifndef _CXLFM_FUZZ_H
#define _CXLFM_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: %s: ", __FILE__,	\
				__LINE__, #cond);			\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
			abort();					\
		}							\
	} while (0)

/*
 * An exact-size heap copy of @len bytes (at least one byte allocated), so
 * that ASan's redzone starts right after the last valid byte.
 */
static inline uint8_t *fuzz_dup(const uint8_t *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	if (p && len)
		memcpy(p, src, len);
	return p;
}

#endif /* _CXLFM_FUZZ_H */
