/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cxlfm CLI: opcodes as the user writes them.  On its own (no json-c, no
 * libcxlfm) so that the host unit tests build it alone.
 */
#ifndef CXLFM_CLI_OPCODE_H
#define CXLFM_CLI_OPCODE_H

#include <stdint.h>

int parse_opcode(const char *s, uint16_t *opcode);

#endif /* CXLFM_CLI_OPCODE_H */
