/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcxlfm: C interface to the cxlfm generic netlink family.
 */
#ifndef LIBCXLFM_H
#define LIBCXLFM_H

#ifdef __cplusplus
extern "C" {
#endif

struct cxlfm_ctx;

/**
 * cxlfm_new() - open a library context
 * @ctx: where to store the new context (reference count 1)
 *
 * Opens a generic netlink socket and resolves the cxlfm family.
 *
 * Return: 0, -ENOENT if the cxlfm kernel module is not loaded, or another
 * negative errno.
 */
int cxlfm_new(struct cxlfm_ctx **ctx);

/**
 * cxlfm_ref() - take a reference on a context
 * @ctx: the context
 *
 * Return: @ctx
 */
struct cxlfm_ctx *cxlfm_ref(struct cxlfm_ctx *ctx);

/**
 * cxlfm_unref() - drop a reference; the last one closes the context
 * @ctx: the context, or NULL
 */
void cxlfm_unref(struct cxlfm_ctx *ctx);

/**
 * cxlfm_family_id() - the generic netlink id of the cxlfm family
 * @ctx: the context
 *
 * Return: the family id resolved when @ctx was opened
 */
int cxlfm_family_id(struct cxlfm_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif /* LIBCXLFM_H */
