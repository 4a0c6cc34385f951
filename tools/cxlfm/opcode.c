// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm CLI: an FM-API opcode as the user writes it.
 */
#include <errno.h>
#include <stdint.h>

#include "opcode.h"

/*
 * @s as an opcode: hexadecimal with or without 0x, as the specification and
 * `cxlfm log cel` write them (5300 is Get Virtual CXL Switch Info, 0x5300,
 * not 0x14b4), 1 to 4 digits.  Nothing else: no sign, no space, no decimal.
 */
int parse_opcode(const char *s, uint16_t *opcode)
{
	unsigned int v = 0;
	int n = 0, d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++, n++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (n == 4)
			return -EINVAL;
		v = v << 4 | d;
	}
	if (!n)
		return -EINVAL;
	*opcode = v;
	return 0;
}
