// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CLI's opcode parser (tools/cxlfm/opcode.c): an opcode is hexadecimal
 * with or without 0x, as the CXL specification and `cxlfm log cel` write
 * it; `cxlfm raw -s 0 5300` is Get Virtual CXL Switch Info (0x5300), not
 * 5300 decimal (0x14b4).
 */
#include <stdint.h>

#include "kselftest_harness.h"

#include "opcode.h"

TEST(hex_with_or_without_prefix)
{
	static const struct {
		const char *s;
		uint16_t want;
	} ok[] = {
		{ "5300", 0x5300 }, { "0x5300", 0x5300 }, { "0X5300", 0x5300 },
		{ "0400", 0x0400 }, { "400", 0x0400 }, { "0x0400", 0x0400 },
		{ "0", 0 }, { "0x0", 0 }, { "ffff", 0xffff }, { "FFFF", 0xffff },
		{ "0xFfFf", 0xffff }, { "5A0b", 0x5a0b }, { "1", 1 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		uint16_t op = 0xdead;

		EXPECT_EQ(0, parse_opcode(ok[i].s, &op))
			TH_LOG("'%s' refused", ok[i].s);
		EXPECT_EQ(ok[i].want, op)
			TH_LOG("'%s' read as %#x, want %#x", ok[i].s, op, ok[i].want);
	}
}

TEST(not_an_opcode)
{
	static const char *const bad[] = {
		"", "0x", "0X", "12345", "0x12345", "0x10000", "-1", "+5300",
		" 5300", "5300 ", "53g0", "0x 5300", "x5300", "5300h", "0o17",
		"0x0x10", "00000",
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint16_t op = 0xbeef;

		EXPECT_EQ(-EINVAL, parse_opcode(bad[i], &op))
			TH_LOG("'%s' taken as %#x", bad[i], op);
		EXPECT_EQ(0xbeef, op)
			TH_LOG("'%s' changed the result on failure", bad[i]);
	}
}

TEST_HARNESS_MAIN
