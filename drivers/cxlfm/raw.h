/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CXLFM_RAW_H
#define CXLFM_RAW_H

#include <linux/types.h>

bool cxlfm_raw_read_only(u16 opcode);
bool cxlfm_raw_driver_owned(u16 opcode);

#endif /* CXLFM_RAW_H */
