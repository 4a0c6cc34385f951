/* SPDX-License-Identifier: GPL-2.0 */
/* Differences between the kernels cxlfm builds for, tested by feature. */
#ifndef CXLFM_COMPAT_H
#define CXLFM_COMPAT_H

#include <linux/module.h>

/*
 * Importing a symbol namespace: up to Linux 6.12 MODULE_IMPORT_NS() takes a
 * bare identifier that it stringifies (MODULE_IMPORT_NS(CXL)); from 6.13 it
 * takes the string ("CXL"), and a bare CXL no longer builds.  Both end as
 * the same modinfo tag, so write the tag itself, which builds on either.
 */
#define CXLFM_IMPORT_NS_CXL	MODULE_INFO(import_ns, "CXL")

#endif /* CXLFM_COMPAT_H */
