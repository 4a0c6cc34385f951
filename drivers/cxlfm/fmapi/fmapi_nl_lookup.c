// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * Lookups over the generated typed-op tables (fmapi_nl.c).
 */
#include "fmapi_nl.h"

const struct fmapi_nl_op *fmapi_nl_op_find(u8 cmd)
{
	unsigned int i;

	/* the generated table is in command order, from the first typed op */
	i = cmd - fmapi_nl_ops[0].cmd;
	if (cmd < fmapi_nl_ops[0].cmd || i >= fmapi_nl_nr_ops)
		return NULL;
	return &fmapi_nl_ops[i];
}

bool fmapi_nl_optional(const struct fmapi_nl_op *op, u16 attr, u64 *val)
{
	const struct fmapi_nl_default *d;

	for (d = op->optional; d && d->attr; d++) {
		if (d->attr == attr) {
			*val = d->val;
			return true;
		}
	}
	return false;
}
