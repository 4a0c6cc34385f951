// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm: context handling.
 */
#include <errno.h>
#include <stdlib.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

struct cxlfm_ctx {
	int refcount;
	struct nl_sock *sock;
	int family;
};

int cxlfm_new(struct cxlfm_ctx **out)
{
	struct cxlfm_ctx *ctx;
	int rc;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->refcount = 1;
	ctx->sock = nl_socket_alloc();
	if (!ctx->sock) {
		rc = -ENOMEM;
		goto err;
	}
	rc = genl_connect(ctx->sock);
	if (rc < 0) {
		rc = -ECONNREFUSED;
		goto err;
	}
	ctx->family = genl_ctrl_resolve(ctx->sock, CXLFM_FAMILY_NAME);
	if (ctx->family < 0) {
		rc = -ENOENT;
		goto err;
	}
	*out = ctx;
	return 0;
err:
	cxlfm_unref(ctx);
	return rc;
}

struct cxlfm_ctx *cxlfm_ref(struct cxlfm_ctx *ctx)
{
	ctx->refcount++;
	return ctx;
}

void cxlfm_unref(struct cxlfm_ctx *ctx)
{
	if (!ctx || --ctx->refcount > 0)
		return;
	nl_socket_free(ctx->sock);
	free(ctx);
}

int cxlfm_family_id(struct cxlfm_ctx *ctx)
{
	return ctx->family;
}
