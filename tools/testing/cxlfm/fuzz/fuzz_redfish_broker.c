// SPDX-License-Identifier: GPL-2.0
/*
 * The broker of cxlfm-redfishd's fuzz targets: broker_call() (proto.h)
 * answered in the process, in place of tools/cxlfm-redfishd/broker_call.c
 * and the privileged broker behind it, by a small switch:
 *
 *   LIST        one switch CCI (FZ_CCI)
 *   IDENTIFY    its ports, VCSs and vPPBs
 *   PORTS       up to 8 ports: 2 USPs, DSPs with an SLD, an MLD of 4 LDs,
 *               a PCIe device and nothing, a disabled port, a fabric link
 *   VCS         up to 3 VCSs of 4 vPPBs: bound to a port, to an LD, to a
 *               PID, unbound, in progress
 *   BIND, UNBIND, PORT_RESET  a background command started (or ended at
 *               once), the switch's state changed when it ends
 *   BG_STATUS   the last command: done, running, failed or lost
 *   REPORT      accepted
 *
 * Each answer has the shape the real broker_call() accepts (it refuses
 * any other with EPROTO, which FZ_EPROTO stands for).  The requests are
 * checked as the real broker checks them, and more strictly: a request
 * the network process should never send (a bad magic or op, a role other
 * than the caller's, a change asked below Operator, a report for a vPPB
 * no --map names) aborts, so that libFuzzer keeps the input.
 *
 * FUZZ_REDFISH_TRACE=1 in the environment prints each call (to replay one
 * input and see what the network process asked).
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_redfish.h"
#include "remote.h"

int broker_fd = -1;
struct fz_broker fz_broker;
static int trace = -1;

static struct {
	struct cxlfm_cci_info cci;
	struct cxlfm_fm_identify_switch_rsp id;
	struct cxlfm_fm_port_info ports[FZ_MAX_PORTS];
	unsigned int nr_ports;
	struct rf_vcs_set vcs;
	/* the last background command, and the change it makes when it ends */
	struct rf_bg bg;
	bool pending;
	struct rf_req change;
} sw;

static const struct cxlfm_fm_port_info port_tmpl[FZ_MAX_PORTS] = {
	{ .port_id = 0, .config_state = CXLFM_FM_PORT_USP, .max_link_width = 16,
	  .neg_link_width = 16, .max_link_speed = 5, .cur_link_speed = 5,
	  .ltssm_state = CXLFM_FM_LTSSM_L0, .supported_cxl_modes = 0x1f },
	{ .port_id = 1, .config_state = CXLFM_FM_PORT_USP, .max_link_width = 8,
	  .neg_link_width = 4, .max_link_speed = 5, .cur_link_speed = 4,
	  .ltssm_state = CXLFM_FM_LTSSM_L1, .first_lane = 16 },
	{ .port_id = 2, .config_state = CXLFM_FM_PORT_DSP, .conn_dev_mode = 2,
	  .conn_dev_type = CXLFM_FM_DEV_TYPE_CXL_T3_SLD, .max_link_width = 8,
	  .neg_link_width = 8, .max_link_speed = 6, .cur_link_speed = 5,
	  .ltssm_state = CXLFM_FM_LTSSM_L0, .supported_cxl_modes = 0x03 },
	{ .port_id = 3, .config_state = CXLFM_FM_PORT_DSP, .conn_dev_mode = 3,
	  .conn_dev_type = CXLFM_FM_DEV_TYPE_CXL_T3_MLD, .max_link_width = 8,
	  .neg_link_width = 8, .max_link_speed = 5, .cur_link_speed = 5,
	  .ltssm_state = CXLFM_FM_LTSSM_L0S, .supported_ld_count = 4 },
	{ .port_id = 4, .config_state = CXLFM_FM_PORT_DSP, .conn_dev_mode = 1,
	  .conn_dev_type = CXLFM_FM_DEV_TYPE_PCIE, .max_link_width = 4,
	  .neg_link_width = 2, .max_link_speed = 4, .cur_link_speed = 1,
	  .ltssm_state = CXLFM_FM_LTSSM_POLLING },
	{ .port_id = 5, .config_state = CXLFM_FM_PORT_DSP,
	  .conn_dev_type = CXLFM_FM_DEV_TYPE_NONE, .max_link_width = 4,
	  .ltssm_state = CXLFM_FM_LTSSM_DETECT },
	{ .port_id = 6, .config_state = CXLFM_FM_PORT_DISABLED,
	  .ltssm_state = CXLFM_FM_LTSSM_DISABLED },
	{ .port_id = 7, .config_state = CXLFM_FM_PORT_FABRIC, .max_link_width = 16,
	  .neg_link_width = 16, .max_link_speed = 6, .cur_link_speed = 6,
	  .ltssm_state = CXLFM_FM_LTSSM_RECOVERY },
};

static const struct cxlfm_fm_vppb_info vppb_tmpl[FZ_MAX_VCS][FZ_VPPBS] = {
	{ { .binding_status = CXLFM_FM_VPPB_BOUND_PORT, .bound_port_id = 2 },
	  { .binding_status = CXLFM_FM_VPPB_BOUND_LD, .bound_port_id = 3, .bound_ld_id = 1 },
	  { .binding_status = CXLFM_FM_VPPB_UNBOUND },
	  { .binding_status = CXLFM_FM_VPPB_IN_PROGRESS } },
	{ { .binding_status = CXLFM_FM_VPPB_BOUND_PID, .bound_pid = 0x123 },
	  { .binding_status = CXLFM_FM_VPPB_UNBOUND },
	  { .binding_status = CXLFM_FM_VPPB_UNBOUND },
	  { .binding_status = CXLFM_FM_VPPB_BOUND_LD, .bound_port_id = 3, .bound_ld_id = 0 } },
	{ { .binding_status = CXLFM_FM_VPPB_UNBOUND },
	  { .binding_status = CXLFM_FM_VPPB_UNBOUND },
	  { .binding_status = CXLFM_FM_VPPB_UNBOUND },
	  { .binding_status = CXLFM_FM_VPPB_UNBOUND } },
};

void fz_switch_reset(unsigned int nports, unsigned int nvcs, bool identity,
		     const uint8_t *port_ov, size_t port_len,
		     const uint8_t *vcs_ov, size_t vcs_len)
{
	unsigned int i, bound = 0;

	if (nports < 1 || nports > FZ_MAX_PORTS)
		nports = FZ_MAX_PORTS;
	if (nvcs > FZ_MAX_VCS)
		nvcs = FZ_MAX_VCS;
	memset(&sw.cci, 0, sizeof(sw.cci));
	sw.cci.id = FZ_CCI;
	strcpy(sw.cci.transport, "mailbox");
	sw.cci.payload_size = 4096;
	sw.cci.num_commands = 42;
	sw.cci.is_switch = true;
	sw.cci.num_ports = nports;
	sw.cci.num_vcs = nvcs;
	sw.cci.has_identity = identity;
	sw.cci.vendor = 0x1af4;
	sw.cci.device = 0x1337;
	sw.cci.serial = 0x0123456789abcdefull;

	memcpy(sw.ports, port_tmpl, sizeof(sw.ports));
	sw.nr_ports = nports;

	/* Only the header and the first blocks: the rest stays as zeroes. */
	memset(&sw.vcs, 0, offsetof(struct rf_vcs_set, vppbs[FZ_MAX_VCS * FZ_VPPBS]));
	sw.vcs.nr_vcs = nvcs;
	sw.vcs.nr_vppbs = nvcs * FZ_VPPBS;
	for (i = 0; i < nvcs; i++) {
		sw.vcs.vcs[i].vcs_id = i;
		sw.vcs.vcs[i].vcs_state = CXLFM_FM_VCS_ENABLED;
		sw.vcs.vcs[i].usp_id = i;
		sw.vcs.vcs[i].num_vppbs = FZ_VPPBS;
		sw.vcs.vcs[i].vppb_first = i * FZ_VPPBS;
		sw.vcs.vcs[i].nr_vppb_entries = FZ_VPPBS;
		memcpy(&sw.vcs.vppbs[i * FZ_VPPBS], vppb_tmpl[i], sizeof(vppb_tmpl[i]));
	}
	/* What the input writes over them: any value a device could report. */
	if (port_len > sizeof(sw.ports))
		port_len = sizeof(sw.ports);
	if (port_len)
		memcpy(sw.ports, port_ov, port_len);
	if (vcs_len > offsetof(struct rf_vcs_set, vppbs[FZ_MAX_VCS * FZ_VPPBS]))
		vcs_len = offsetof(struct rf_vcs_set, vppbs[FZ_MAX_VCS * FZ_VPPBS]);
	if (vcs_len)
		memcpy(&sw.vcs, vcs_ov, vcs_len);

	for (i = 0; i < sw.vcs.nr_vppbs && i < RF_MAX_VPPBS; i++)
		bound += cxlfm_fm_vppb_is_bound(sw.vcs.vppbs[i].binding_status);
	memset(&sw.id, 0, sizeof(sw.id));
	sw.id.num_phys_ports = nports;
	sw.id.num_vcs = nvcs;
	for (i = 0; i < nports; i++)
		sw.id.active_ports[sw.ports[i].port_id / 8] |= 1u << (sw.ports[i].port_id % 8);
	for (i = 0; i < nvcs; i++)
		sw.id.active_vcs[i / 8] |= 1u << (i % 8);
	sw.id.num_vppbs = sw.vcs.nr_vppbs;
	sw.id.num_bound_vppbs = bound;
	sw.id.num_hdm_decoders = 4;

	memset(&sw.bg, 0, sizeof(sw.bg));
	sw.pending = false;
}

static struct cxlfm_fm_vppb_info *vppb_at(unsigned int vcs, unsigned int vppb)
{
	unsigned int i;

	if (sw.vcs.nr_vcs > RF_MAX_VCS || sw.vcs.nr_vppbs > RF_MAX_VPPBS)
		return NULL;
	for (i = 0; i < sw.vcs.nr_vcs; i++) {
		const struct cxlfm_fm_vcs_info *v = &sw.vcs.vcs[i];

		if (v->vcs_id != vcs)
			continue;
		if (vppb >= v->nr_vppb_entries || v->vppb_first > sw.vcs.nr_vppbs ||
		    v->nr_vppb_entries > sw.vcs.nr_vppbs - v->vppb_first)
			return NULL;
		return &sw.vcs.vppbs[v->vppb_first + vppb];
	}
	return NULL;
}

/* The change a bind or unbind makes, once the switch has run it. */
static void apply(const struct rf_req *req)
{
	struct cxlfm_fm_vppb_info *b = vppb_at(req->vcs, req->vppb);

	if (!b)
		return;
	if (req->op == RF_OP_UNBIND) {
		b->binding_status = CXLFM_FM_VPPB_UNBOUND;
		return;
	}
	if (req->op != RF_OP_BIND)
		return;
	b->bound_port_id = req->port;
	if (req->ld == CXLFM_FM_LD_ID_NONE) {
		b->binding_status = CXLFM_FM_VPPB_BOUND_PORT;
	} else {
		b->binding_status = CXLFM_FM_VPPB_BOUND_LD;
		b->bound_ld_id = req->ld;
	}
}

static const struct cxlfm_fm_port_info *port_at(unsigned int id)
{
	unsigned int i;

	for (i = 0; i < sw.nr_ports; i++)
		if (sw.ports[i].port_id == id)
			return &sw.ports[i];
	return NULL;
}

/* BIND, UNBIND, PORT_RESET: the switch's checks, then a background command. */
static int start(const struct rf_req *req, struct rf_rsp *rsp, struct rf_bg *bg)
{
	static const uint16_t opcodes[] = {
		[RF_OP_BIND] = 0x5201, [RF_OP_UNBIND] = 0x5202, [RF_OP_PORT_RESET] = 0x5102,
	};
	const struct cxlfm_fm_vppb_info *b = NULL;
	bool ok;

	if (req->op == RF_OP_PORT_RESET) {
		ok = port_at(req->port) != NULL;
	} else {
		b = vppb_at(req->vcs, req->vppb);
		ok = b && (req->op == RF_OP_BIND ?
			   b->binding_status == CXLFM_FM_VPPB_UNBOUND && port_at(req->port) :
			   cxlfm_fm_vppb_is_bound(b->binding_status));
	}
	if (!ok) {
		rsp->return_code = CXLFM_RC_INVALID_INPUT;
		return -EIO;
	}
	memset(&sw.bg, 0, sizeof(sw.bg));
	sw.bg.cmd.cci = req->cci;
	sw.bg.cmd.opcode = opcodes[req->op];
	sw.bg.cmd.seq++;
	sw.change = *req;
	if (fz_broker.at_once) {
		apply(req);
		sw.pending = false;
		return 0;
	}
	sw.pending = true;
	sw.bg.running = 1;
	rsp->started = 1;
	*bg = sw.bg;
	rsp->nr = 1;
	rsp->len = sizeof(*bg);
	return 0;
}

static void bg_status(const struct rf_req *req, struct rf_rsp *rsp, struct rf_bg *bg)
{
	*bg = sw.bg;
	rsp->nr = 1;
	rsp->len = sizeof(*bg);
	if (req->opcode != sw.bg.cmd.opcode || req->seq != sw.bg.cmd.seq ||
	    fz_broker.bg_state == FZ_BG_LOST) {
		/* a newer command ran since: this one's result is gone */
		bg->running = 0;
		bg->err = -ESTALE;
		return;
	}
	switch (fz_broker.bg_state) {
	case FZ_BG_RUNNING:
		bg->running = 1;
		bg->percent = 50;
		return;
	case FZ_BG_RC:
		bg->running = 0;
		bg->return_code = fz_broker.bg_rc;
		sw.pending = false;
		return;
	}
	bg->running = 0;
	bg->percent = 100;
	if (sw.pending)
		apply(&sw.change);
	sw.pending = false;
}

const void *broker_call(int fd, const struct rf_req *req, struct rf_rsp *rsp, void *buf)
{
	struct rf_rsp *h = buf;
	void *p = (char *)buf + sizeof(*h);
	int err = 0;

	FUZZ_CHECK(fd == broker_fd, "fd %d", fd);
	FUZZ_CHECK(req->magic == RF_PROTO_MAGIC, "magic %#x", req->magic);
	FUZZ_CHECK(req->op >= RF_OP_LIST && req->op < RF_OP_MAX, "op %u", req->op);
	/* The caller's own role, never another; a change needs Operator. */
	FUZZ_CHECK(req->role == fz_broker.role, "role %u for a caller of role %u",
		   req->role, fz_broker.role);
	FUZZ_CHECK(req->role >= RF_ROLE_READONLY && req->role <= RF_ROLE_ADMIN, "role %u",
		   req->role);
	FUZZ_CHECK(!rf_op_mutates(req->op) || req->role >= RF_ROLE_OPERATOR,
		   "op %u asked with role %u", req->op, req->role);
	FUZZ_CHECK(!fz_broker.report_only || req->op == RF_OP_REPORT, "op %u", req->op);
	fz_broker.calls++;
	if (trace < 0)
		trace = getenv("FUZZ_REDFISH_TRACE") != NULL;
	if (trace)
		fprintf(stderr, "broker: op %u role %u cci %u vcs %u vppb %u port %u ld %#x "
			"option %u opcode %#x seq %u\n", req->op, req->role, req->cci, req->vcs,
			req->vppb, req->port, req->ld, req->option, req->opcode, req->seq);

	memset(h, 0, sizeof(*h));
	h->magic = RF_PROTO_MAGIC;
	h->op = req->op;
	if (fz_broker.fail_op == 15 || fz_broker.fail_op == req->op) {
		if (fz_broker.fail_err == FZ_EPROTO) {
			errno = EPROTO;
			return NULL;
		}
		h->err = fz_broker.fail_err;
		h->return_code = fz_broker.fail_rc;
		goto out;
	}
	switch (req->op) {
	case RF_OP_LIST:
		memcpy(p, &sw.cci, sizeof(sw.cci));
		h->nr = 1;
		h->len = sizeof(sw.cci);
		break;
	case RF_OP_IDENTIFY:
	case RF_OP_PORTS:
	case RF_OP_VCS:
		if (req->cci != FZ_CCI) {
			err = -ENODEV;
			break;
		}
		if (req->op == RF_OP_IDENTIFY) {
			memcpy(p, &sw.id, sizeof(sw.id));
			h->nr = 1;
			h->len = sizeof(sw.id);
		} else if (req->op == RF_OP_PORTS) {
			memcpy(p, sw.ports, sw.nr_ports * sizeof(sw.ports[0]));
			h->nr = sw.nr_ports;
			h->len = sw.nr_ports * sizeof(sw.ports[0]);
		} else {
			/* broker_call() refuses counts beyond the protocol's limits */
			if (sw.vcs.nr_vcs > RF_MAX_VCS || sw.vcs.nr_vppbs > RF_MAX_VPPBS) {
				errno = EPROTO;
				return NULL;
			}
			memcpy(p, &sw.vcs, sizeof(sw.vcs));
			h->nr = 1;
			h->len = sizeof(sw.vcs);
		}
		break;
	case RF_OP_BIND:
	case RF_OP_UNBIND:
	case RF_OP_PORT_RESET:
		err = req->cci == FZ_CCI ? start(req, h, p) : -ENODEV;
		break;
	case RF_OP_BG_STATUS:
		if (req->cci != FZ_CCI)
			err = -ENODEV;
		else
			bg_status(req, h, p);
		break;
	case RF_OP_REPORT:
		/* the broker reports only what a --map names */
		FUZZ_CHECK(req->option == CXLFM_FABRIC_CHANGE_BIND ||
			   req->option == CXLFM_FABRIC_CHANGE_UNBIND, "change %u", req->option);
		FUZZ_CHECK(remote_map_allows(req->cci, req->vcs, req->vppb),
			   "a report for CCI %u VCS %u vPPB %u, which no map names",
			   req->cci, req->vcs, req->vppb);
		break;
	}
	if (err) {
		h->err = err;
		h->nr = 0;
		h->len = 0;
		h->started = 0;
	}
out:
	memcpy(rsp, h, sizeof(*rsp));
	return p;
}
