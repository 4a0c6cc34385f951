// SPDX-License-Identifier: GPL-2.0
/*
 * The privileged part of cxlfm-redfishd: the only caller of libcxlfm.  It
 * reads one struct rf_req per message from the network process, checks it
 * strictly (size, magic, op, role), runs the one FM-API command it names
 * and answers.  Nothing is cached: each request reads the switch.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include "proto.h"
#include "remote.h"

static union {
	struct rf_rsp hdr;
	unsigned char bytes[RF_RSP_MAX];
} out;

static void *payload(void)
{
	return out.bytes + sizeof(struct rf_rsp);
}

static int do_list(struct cxlfm_ctx *ctx)
{
	struct cxlfm_cci_info *list = NULL, *dst = payload();
	size_t n = 0, i;
	int rc;

	rc = cxlfm_cci_list(ctx, &list, &n);
	if (rc)
		return rc;
	for (i = 0; i < n && out.hdr.nr < RF_MAX_CCIS; i++)
		if (list[i].is_switch)
			dst[out.hdr.nr++] = list[i];
	free(list);
	out.hdr.len = out.hdr.nr * sizeof(*dst);
	return 0;
}

static int do_identify(struct cxlfm_ctx *ctx, const struct rf_req *r)
{
	const struct cxlfm_target t = CXLFM_TARGET(r->cci);
	int rc = cxlfm_identify_switch(ctx, &t, payload(), 0);

	if (!rc) {
		out.hdr.nr = 1;
		out.hdr.len = sizeof(struct cxlfm_fm_identify_switch_rsp);
	}
	return rc;
}

/* No port ids: the kernel reads every port (libcxlfm.h, cxlfm_fm_call()). */
static int do_ports(struct cxlfm_ctx *ctx, const struct rf_req *r)
{
	const struct cxlfm_target t = CXLFM_TARGET(r->cci);
	struct cxlfm_fm_get_phys_port_state_req req = { 0 };
	struct cxlfm_fm_get_phys_port_state_rsp rsp = {
		.ports = payload(), .ports_cap = RF_MAX_PORTS,
	};
	int rc = cxlfm_get_phys_port_state(ctx, &t, &req, &rsp, 0);

	if (!rc) {
		out.hdr.nr = rsp.num_ports;
		out.hdr.len = rsp.num_ports * sizeof(struct cxlfm_fm_port_info);
	}
	return rc;
}

static int do_vcs(struct cxlfm_ctx *ctx, const struct rf_req *r)
{
	const struct cxlfm_target t = CXLFM_TARGET(r->cci);
	struct cxlfm_fm_identify_switch_rsp id;
	struct rf_vcs_set *set = payload();
	uint8_t ids[256];
	struct cxlfm_fm_get_vcs_info_req req = { .vcs_ids = ids, .vcs_ids_cap = 256 };
	struct cxlfm_fm_get_vcs_info_rsp rsp = {
		.vcs = set->vcs, .vcs_cap = RF_MAX_VCS,
		.vppbs = set->vppbs, .vppbs_cap = RF_MAX_VPPBS,
	};
	unsigned int v;
	int rc;

	rc = cxlfm_identify_switch(ctx, &t, &id, 0);
	if (rc)
		return rc;
	for (v = 0; v < 256; v++)
		if (id.active_vcs[v / 8] & (1u << (v % 8)))
			ids[req.num_vcs++] = v;
	if (req.num_vcs > RF_MAX_VCS)
		return -E2BIG;
	set->nr_vcs = set->nr_vppbs = 0;
	if (req.num_vcs) {
		rc = cxlfm_get_vcs_info(ctx, &t, &req, &rsp, 0);
		if (rc)
			return rc;
		set->nr_vcs = rsp.num_vcs;
		set->nr_vppbs = rsp.nr_vppbs;
	}
	out.hdr.nr = 1;
	out.hdr.len = sizeof(*set);
	return 0;
}

/* A background command started: say which, so its task can follow it. */
static int started(struct cxlfm_ctx *ctx, int rc)
{
	struct rf_bg *bg = payload();

	if (rc != 1)
		return rc;
	memset(bg, 0, sizeof(*bg));
	rc = cxlfm_last_bg_cmd(ctx, &bg->cmd);
	if (rc)
		return rc;
	bg->running = 1;
	out.hdr.started = 1;
	out.hdr.nr = 1;
	out.hdr.len = sizeof(*bg);
	return 0;
}

static int do_bind(struct cxlfm_ctx *ctx, const struct rf_req *r)
{
	const struct cxlfm_target t = CXLFM_TARGET(r->cci);
	struct cxlfm_fm_bind_vppb_req req = {
		.vcs_id = r->vcs, .vppb_id = r->vppb, .port_id = r->port,
		.ld_id = r->ld,
	};

	return started(ctx, cxlfm_bind_vppb(ctx, &t, &req, 0));
}

static int do_unbind(struct cxlfm_ctx *ctx, const struct rf_req *r)
{
	const struct cxlfm_target t = CXLFM_TARGET(r->cci);
	struct cxlfm_fm_unbind_vppb_req req = {
		.vcs_id = r->vcs, .vppb_id = r->vppb, .option = r->option,
	};

	if (r->option > CXLFM_FM_UNBIND_SURPRISE_HOT_REMOVE)
		return -EINVAL;
	return started(ctx, cxlfm_unbind_vppb(ctx, &t, &req, 0));
}

static int do_port_reset(struct cxlfm_ctx *ctx, const struct rf_req *r)
{
	const struct cxlfm_target t = CXLFM_TARGET(r->cci);
	struct cxlfm_fm_phys_port_control_req req = {
		.ppb_id = r->port, .port_op = CXLFM_FM_PORT_OP_RESET_PPB,
	};

	return started(ctx, cxlfm_phys_port_control(ctx, &t, &req, 0));
}

/*
 * Whether one background command ended, asked without blocking the
 * broker: a wait of 1 ms reads the status when the command's own
 * notification is not there (libcxlfm.h, cxlfm_bg_wait_cmd()).
 */
static int do_bg_status(struct cxlfm_ctx *ctx, const struct rf_req *r)
{
	struct cxlfm_fm_bg_op_status_rsp st = { 0 };
	struct rf_bg *bg = payload();
	int rc;

	memset(bg, 0, sizeof(*bg));
	bg->cmd.cci = r->cci;
	bg->cmd.opcode = r->opcode;
	bg->cmd.seq = r->seq;
	rc = cxlfm_bg_wait_cmd(ctx, NULL, &bg->cmd, 1, &st);
	if (rc == -ETIMEDOUT) {
		bg->running = 1;
		bg->percent = st.percent;
	} else if (rc == 0) {
		bg->percent = 100;
		bg->return_code = st.return_code;
	} else if (rc == -ESTALE) {
		bg->err = rc;
	} else {
		return rc;
	}
	out.hdr.nr = 1;
	out.hdr.len = sizeof(*bg);
	return 0;
}

/*
 * A remote FM's change under a vPPB of this host (remote.c): only for a
 * vPPB a --map names, so that a network process taken over cannot have
 * the host remove devices below any other.
 */
static int do_report(struct cxlfm_ctx *ctx, const struct rf_req *r)
{
	struct cxlfm_fabric_report rep = {
		.change = r->option, .vcs_id = r->vcs, .vppb_id = r->vppb,
	};

	if (!remote_map_allows(r->cci, r->vcs, r->vppb))
		return -EACCES;
	if (r->option == CXLFM_FABRIC_CHANGE_BIND) {
		rep.has_port = true;
		rep.port_id = r->port;
		rep.has_ld = r->ld != CXLFM_FM_LD_ID_NONE;
		rep.ld_id = r->ld;
	} else if (r->option != CXLFM_FABRIC_CHANGE_UNBIND) {
		return -EINVAL;
	}
	return cxlfm_fabric_notify(ctx, r->cci, &rep);
}

/* The request's shape: a bad one ends the broker (its peer is broken). */
static int req_valid(const struct rf_req *r, ssize_t n)
{
	if (n != (ssize_t)sizeof(*r) || r->magic != RF_PROTO_MAGIC)
		return 0;
	if (r->op < RF_OP_LIST || r->op >= RF_OP_MAX)
		return 0;
	if (r->role < RF_ROLE_READONLY || r->role > RF_ROLE_ADMIN)
		return 0;
	return 1;
}

static int serve(struct cxlfm_ctx *ctx, const struct rf_req *r)
{
	if (rf_op_mutates(r->op) && r->role < RF_ROLE_OPERATOR)
		return -EPERM;
	switch (r->op) {
	case RF_OP_LIST: return do_list(ctx);
	case RF_OP_IDENTIFY: return do_identify(ctx, r);
	case RF_OP_PORTS: return do_ports(ctx, r);
	case RF_OP_VCS: return do_vcs(ctx, r);
	case RF_OP_BIND: return do_bind(ctx, r);
	case RF_OP_UNBIND: return do_unbind(ctx, r);
	case RF_OP_PORT_RESET: return do_port_reset(ctx, r);
	case RF_OP_BG_STATUS: return do_bg_status(ctx, r);
	case RF_OP_REPORT: return do_report(ctx, r);
	}
	return -EINVAL;
}

int broker_run(int fd, int evfd, const char *feed)
{
	struct rf_feed *f = feed_open(feed);
	struct cxlfm_ctx *ctx = NULL;
	struct pollfd p[2];
	time_t last_try = time(NULL);
	struct rf_req r;
	ssize_t n;
	int rc;

	for (;;) {
		/* Requests and events; every 5 s a try at the events group if
		 * the module was not there. */
		p[0].fd = fd;
		p[0].events = POLLIN;
		p[1].fd = feed_fd(f);
		p[1].events = POLLIN;
		rc = poll(p, 2, 5000);
		if (rc < 0 && errno != EINTR)
			break;
		/* By the clock, not only when idle: requests may never stop. */
		if (p[1].fd < 0 && time(NULL) - last_try >= 5) {
			feed_retry(f);
			last_try = time(NULL);
		}
		if (rc <= 0)
			continue;
		if (p[1].revents)
			feed_pump(f, evfd);
		if (!p[0].revents)
			continue;
		n = recv(fd, &r, sizeof(r), MSG_TRUNC);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("cxlfm-redfishd: broker: recv");
			break;
		}
		if (!req_valid(&r, n)) {
			fprintf(stderr, "cxlfm-redfishd: broker: malformed request, closing\n");
			break;
		}
		memset(&out.hdr, 0, sizeof(out.hdr));
		out.hdr.magic = RF_PROTO_MAGIC;
		out.hdr.op = r.op;
		/* A context per connection to the family: reopened after a reload. */
		if (!ctx && (rc = cxlfm_new(&ctx)))
			ctx = NULL;
		else
			rc = serve(ctx, &r);
		/* No cxlfm module: no switch, rather than an error. */
		if (rc == -ENOENT && r.op == RF_OP_LIST)
			rc = 0;
		if (rc < 0) {
			out.hdr.err = rc;
			out.hdr.nr = 0;
			out.hdr.len = 0;
			out.hdr.started = 0;
			if (ctx)
				out.hdr.return_code = cxlfm_last_return_code(ctx);
			if (rc == -ENOENT || rc == -ESHUTDOWN) {
				cxlfm_unref(ctx);
				ctx = NULL;
			}
		}
		if (send(fd, out.bytes, sizeof(out.hdr) + out.hdr.len, 0) < 0) {
			perror("cxlfm-redfishd: broker: send");
			break;
		}
	}
	cxlfm_unref(ctx);
	feed_close(f);
	return 0;
}
