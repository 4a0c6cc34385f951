// SPDX-License-Identifier: GPL-2.0
/*
 * The sanitizer build's leak check in kselftest cases, tested on itself
 * (asan/selftest.sh): one case leaks on purpose, one does not.
 */
#include <stdlib.h>

#include "kselftest_harness.h"

static void *volatile sink;

TEST(leaks_77_bytes)
{
	sink = malloc(77);
	ASSERT_NE(NULL, sink);
	sink = NULL;
}

TEST(frees_what_it_takes)
{
	sink = malloc(77);
	ASSERT_NE(NULL, sink);
	free(sink);
	sink = NULL;
}

TEST_HARNESS_MAIN
