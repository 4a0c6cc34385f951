// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * cxlfm FM-API codec: command lookup and the shared enumerations.
 *
 * Command descriptors live with their command set (fmapi_cmds_*.c); each
 * set is sorted by opcode and the sets are listed here in opcode order, so
 * index order is opcode order over the whole codec.
 */
#include "fmapi_internal.h"

/* CXL r3.2 Table 7-19 (reference §3.3), enum A */
static const struct fmapi_enum_val port_config_state_vals[] = {
	{ FMAPI_PORT_DISABLED, "disabled" },
	{ FMAPI_PORT_BIND_IN_PROGRESS, "bind_in_progress" },
	{ FMAPI_PORT_UNBIND_IN_PROGRESS, "unbind_in_progress" },
	{ FMAPI_PORT_DSP, "dsp" },
	{ FMAPI_PORT_USP, "usp" },
	{ FMAPI_PORT_FABRIC, "fabric_port" },
	{ FMAPI_PORT_INVALID_ID, "invalid_port_id" },
};

const struct fmapi_enum fmapi_enum_port_config_state = {
	"port_config_state", ARRAY_SIZE(port_config_state_vals),
	port_config_state_vals,
};

/* enum B (r3.1+ meaning; CXL 2.0 called it "connected device CXL version") */
static const struct fmapi_enum_val conn_dev_mode_vals[] = {
	{ FMAPI_DEV_MODE_NOT_CXL, "not_cxl" },
	{ FMAPI_DEV_MODE_RCD, "rcd" },
	{ FMAPI_DEV_MODE_68B_VH, "68b_flit_vh" },
	{ FMAPI_DEV_MODE_256B, "256b_flit" },
	{ FMAPI_DEV_MODE_256B_LO, "256b_flit_lo" },
	{ FMAPI_DEV_MODE_PBR, "pbr" },
};

const struct fmapi_enum fmapi_enum_conn_dev_mode = {
	"conn_dev_mode", ARRAY_SIZE(conn_dev_mode_vals), conn_dev_mode_vals,
};

/* enum C */
static const struct fmapi_enum_val conn_dev_type_vals[] = {
	{ FMAPI_DEV_TYPE_NONE, "none" },
	{ FMAPI_DEV_TYPE_PCIE, "pcie" },
	{ FMAPI_DEV_TYPE_CXL_T1, "cxl_type1" },
	{ FMAPI_DEV_TYPE_CXL_T2, "cxl_type2" },
	{ FMAPI_DEV_TYPE_CXL_T3_SLD, "cxl_type3_sld" },
	{ FMAPI_DEV_TYPE_CXL_T3_MLD, "cxl_type3_mld" },
	{ FMAPI_DEV_TYPE_PBR, "pbr_component" },
};

const struct fmapi_enum fmapi_enum_conn_dev_type = {
	"conn_dev_type", ARRAY_SIZE(conn_dev_type_vals), conn_dev_type_vals,
};

/* enum E */
static const struct fmapi_enum_val ltssm_vals[] = {
	{ FMAPI_LTSSM_DETECT, "detect" },
	{ FMAPI_LTSSM_POLLING, "polling" },
	{ FMAPI_LTSSM_CONFIGURATION, "configuration" },
	{ FMAPI_LTSSM_RECOVERY, "recovery" },
	{ FMAPI_LTSSM_L0, "l0" },
	{ FMAPI_LTSSM_L0S, "l0s" },
	{ FMAPI_LTSSM_L1, "l1" },
	{ FMAPI_LTSSM_L2, "l2" },
	{ FMAPI_LTSSM_DISABLED, "disabled" },
	{ FMAPI_LTSSM_LOOPBACK, "loopback" },
	{ FMAPI_LTSSM_HOT_RESET, "hot_reset" },
};

const struct fmapi_enum fmapi_enum_ltssm = {
	"ltssm_state", ARRAY_SIZE(ltssm_vals), ltssm_vals,
};

/* 0x5200 vPPB binding status (CXL r3.2 Table 7-32) */
static const struct fmapi_enum_val vppb_status_vals[] = {
	{ FMAPI_VPPB_UNBOUND, "unbound" },
	{ FMAPI_VPPB_IN_PROGRESS, "in_progress" },
	{ FMAPI_VPPB_BOUND_PORT, "bound_port" },
	{ FMAPI_VPPB_BOUND_LD, "bound_ld" },
	{ FMAPI_VPPB_BOUND_PID, "bound_pid" },
};

const struct fmapi_enum fmapi_enum_vppb_status = {
	"vppb_status", ARRAY_SIZE(vppb_status_vals), vppb_status_vals,
};

static const struct fmapi_enum_val vcs_state_vals[] = {
	{ FMAPI_VCS_DISABLED, "disabled" },
	{ FMAPI_VCS_ENABLED, "enabled" },
	{ FMAPI_VCS_INVALID_ID, "invalid_vcs_id" },
};

const struct fmapi_enum fmapi_enum_vcs_state = {
	"vcs_state", ARRAY_SIZE(vcs_state_vals), vcs_state_vals,
};

/* reference §4.1 */
static const struct fmapi_enum_val event_log_vals[] = {
	{ FMAPI_LOG_INFO, "info" },
	{ FMAPI_LOG_WARN, "warn" },
	{ FMAPI_LOG_FAIL, "fail" },
	{ FMAPI_LOG_FATAL, "fatal" },
	{ FMAPI_LOG_DCD, "dcd" },
};

const struct fmapi_enum fmapi_enum_event_log = {
	"event_log", ARRAY_SIZE(event_log_vals), event_log_vals,
};

/* In opcode order */
static const struct fmapi_cmd_set *const fmapi_sets[] = {
	&fmapi_cmds_generic,
	&fmapi_cmds_switch,
	&fmapi_cmds_mld,
	&fmapi_cmds_dcd,
};

unsigned int fmapi_cmd_count(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(fmapi_sets); i++)
		n += fmapi_sets[i]->nr;
	return n;
}

const struct fmapi_cmd *fmapi_cmd_at(unsigned int idx)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fmapi_sets); i++) {
		if (idx < fmapi_sets[i]->nr)
			return &fmapi_sets[i]->cmds[idx];
		idx -= fmapi_sets[i]->nr;
	}
	return NULL;
}

const struct fmapi_cmd *fmapi_cmd_find(u16 opcode)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fmapi_sets); i++) {
		const struct fmapi_cmd *c = fmapi_sets[i]->cmds;
		unsigned int lo = 0, hi = fmapi_sets[i]->nr;

		/* binary search in a sorted set */
		while (lo < hi) {
			unsigned int mid = lo + (hi - lo) / 2;

			if (c[mid].opcode == opcode)
				return &c[mid];
			if (c[mid].opcode < opcode)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return NULL;
}
