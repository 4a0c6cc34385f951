// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * cxlfm FM-API codec: event records (reference §4; common header CXL r3.1
 * Table 8-43, FM bodies CXL r3.2 §7.6.8).
 *
 * UUIDs are kept in wire order, which is the order of the textual UUID
 * (the same byte order as Linux's UUID_INIT()).
 */
#include "fmapi_internal.h"

const u8 fmapi_event_uuids[FMAPI_EVENT__MAX][16] = {
	/* General Media fbcd0a77-c260-417f-85a9-088b1621eba6 */
	[FMAPI_EVENT_GEN_MEDIA] = {
		0xfb, 0xcd, 0x0a, 0x77, 0xc2, 0x60, 0x41, 0x7f,
		0x85, 0xa9, 0x08, 0x8b, 0x16, 0x21, 0xeb, 0xa6,
	},
	/* DRAM 601dcbb3-9c06-4eab-b8af-4e9bfb5c9624 */
	[FMAPI_EVENT_DRAM] = {
		0x60, 0x1d, 0xcb, 0xb3, 0x9c, 0x06, 0x4e, 0xab,
		0xb8, 0xaf, 0x4e, 0x9b, 0xfb, 0x5c, 0x96, 0x24,
	},
	/* Memory Module fe927475-dd59-4339-a586-79bab113b774 */
	[FMAPI_EVENT_MEM_MODULE] = {
		0xfe, 0x92, 0x74, 0x75, 0xdd, 0x59, 0x43, 0x39,
		0xa5, 0x86, 0x79, 0xba, 0xb1, 0x13, 0xb7, 0x74,
	},
	/* Memory Sparing e71f3a40-2d29-4092-8a39-4d1c966c7c65 */
	[FMAPI_EVENT_MEM_SPARING] = {
		0xe7, 0x1f, 0x3a, 0x40, 0x2d, 0x29, 0x40, 0x92,
		0x8a, 0x39, 0x4d, 0x1c, 0x96, 0x6c, 0x7c, 0x65,
	},
	/* Physical Switch 77cf9271-9c02-470b-9fe4-bc7b75f2da97 */
	[FMAPI_EVENT_PHYS_SWITCH] = {
		0x77, 0xcf, 0x92, 0x71, 0x9c, 0x02, 0x47, 0x0b,
		0x9f, 0xe4, 0xbc, 0x7b, 0x75, 0xf2, 0xda, 0x97,
	},
	/* Virtual CXL Switch 40d26425-3396-4c4d-a5da-3d47263af425 */
	[FMAPI_EVENT_VIRT_SWITCH] = {
		0x40, 0xd2, 0x64, 0x25, 0x33, 0x96, 0x4c, 0x4d,
		0xa5, 0xda, 0x3d, 0x47, 0x26, 0x3a, 0xf4, 0x25,
	},
	/* MLD Port 8dc44363-0c96-4710-b7bf-04bb99534c3f */
	[FMAPI_EVENT_MLD_PORT] = {
		0x8d, 0xc4, 0x43, 0x63, 0x0c, 0x96, 0x47, 0x10,
		0xb7, 0xbf, 0x04, 0xbb, 0x99, 0x53, 0x4c, 0x3f,
	},
	/* Dynamic Capacity ca95afa7-f183-4018-8c2f-95268e101a2a */
	[FMAPI_EVENT_DCD] = {
		0xca, 0x95, 0xaf, 0xa7, 0xf1, 0x83, 0x40, 0x18,
		0x8c, 0x2f, 0x95, 0x26, 0x8e, 0x10, 0x1a, 0x2a,
	},
};

static const char *const fmapi_event_kind_names[FMAPI_EVENT__MAX] = {
	[FMAPI_EVENT_UNKNOWN]		= "unknown",
	[FMAPI_EVENT_GEN_MEDIA]		= "general_media",
	[FMAPI_EVENT_DRAM]		= "dram",
	[FMAPI_EVENT_MEM_MODULE]	= "memory_module",
	[FMAPI_EVENT_MEM_SPARING]	= "memory_sparing",
	[FMAPI_EVENT_PHYS_SWITCH]	= "physical_switch",
	[FMAPI_EVENT_VIRT_SWITCH]	= "virtual_switch",
	[FMAPI_EVENT_MLD_PORT]		= "mld_port",
	[FMAPI_EVENT_DCD]		= "dynamic_capacity",
};

enum fmapi_event_kind fmapi_event_classify(const u8 *uuid)
{
	unsigned int k;

	if (!uuid)
		return FMAPI_EVENT_UNKNOWN;
	for (k = FMAPI_EVENT_UNKNOWN + 1; k < FMAPI_EVENT__MAX; k++)
		if (!memcmp(uuid, fmapi_event_uuids[k], 16))
			return k;
	return FMAPI_EVENT_UNKNOWN;
}

const char *fmapi_event_kind_name(enum fmapi_event_kind kind)
{
	if ((unsigned int)kind >= FMAPI_EVENT__MAX)
		return "unknown";
	return fmapi_event_kind_names[kind];
}

/* Common header (first 0x30 bytes). Flags are a 24-bit field. */
static const struct fmapi_field event_hdr_f[] = {
	FMAPI_BYTES(event_hdr, uuid, 0x00, 16),
	FMAPI_U8(event_hdr, length, 0x10),
	FMAPI_BITS(event_hdr, flags, 0x11, 3, 0xffffff),
	FMAPI_ALIAS(event_hdr, severity, 0x11, 3, FMAPI_EVT_SEVERITY_MASK),
	FMAPI_U16(event_hdr, handle, 0x14),
	FMAPI_U16(event_hdr, related_handle, 0x16),
	FMAPI_U64(event_hdr, timestamp, 0x18),
	FMAPI_U8(event_hdr, maint_class, 0x20),
	FMAPI_U8(event_hdr, maint_subclass, 0x21),
	FMAPI_U16(event_hdr, ld_id, 0x22),
	FMAPI_U8(event_hdr, head_id, 0x24),
};

/* Each layout spans the whole record: offsets include the header. */
const struct fmapi_layout fmapi_event_hdr_layout = {
	FMAPI_FIXED(event_hdr, FMAPI_EVENT_RECORD_SIZE, event_hdr_f),
};

static const struct fmapi_enum_val ps_evt_vals[] = {
	{ FMAPI_PS_EVT_LINK_STATE, "link_state_change" },
	{ FMAPI_PS_EVT_SLOT_STATUS, "slot_status_updated" },
};

static const struct fmapi_enum ps_evt_enum = {
	"phys_switch_event_type", ARRAY_SIZE(ps_evt_vals), ps_evt_vals,
};

/* Physical Switch Event Record body */
static const struct fmapi_field event_ps_f[] = {
	FMAPI_U8(event_phys_switch, port_id, 0x30),
	FMAPI_ENUM(event_phys_switch, event_type, 0x31, 1, 0, ps_evt_enum),
	FMAPI_U16(event_phys_switch, slot_status, 0x32),
	FMAPI_ENUM(event_phys_switch, config_state, 0x35, 1, 0x0f,
		   fmapi_enum_port_config_state),
	FMAPI_ENUM(event_phys_switch, conn_dev_mode, 0x36, 1, 0x0f,
		   fmapi_enum_conn_dev_mode),
	FMAPI_ENUM(event_phys_switch, conn_dev_type, 0x38, 1, 0,
		   fmapi_enum_conn_dev_type),
	FMAPI_U8(event_phys_switch, supported_cxl_modes, 0x39),
	FMAPI_BITS(event_phys_switch, max_link_width, 0x3a, 1, 0x3f),
	FMAPI_BITS(event_phys_switch, neg_link_width, 0x3b, 1, 0x3f),
	FMAPI_BITS(event_phys_switch, supported_speeds, 0x3c, 1, 0x3f),
	FMAPI_BITS(event_phys_switch, max_link_speed, 0x3d, 1, 0x3f),
	FMAPI_BITS(event_phys_switch, cur_link_speed, 0x3e, 1, 0x3f),
	FMAPI_ENUM(event_phys_switch, ltssm_state, 0x3f, 1, 0,
		   fmapi_enum_ltssm),
	FMAPI_U8(event_phys_switch, first_lane, 0x40),
	FMAPI_BITS(event_phys_switch, link_flags, 0x41, 2,
		   FMAPI_LINK_FLAGS_MASK),
};

const struct fmapi_layout fmapi_event_ps_layout = {
	FMAPI_FIXED(event_phys_switch, FMAPI_EVENT_RECORD_SIZE, event_ps_f),
};

static const struct fmapi_enum_val vcs_evt_vals[] = {
	{ FMAPI_VCS_EVT_BINDING_CHANGE, "binding_change" },
	{ FMAPI_VCS_EVT_SECONDARY_RESET, "secondary_bus_reset" },
	{ FMAPI_VCS_EVT_LINK_CONTROL, "link_control_updated" },
	{ FMAPI_VCS_EVT_SLOT_CONTROL, "slot_control_updated" },
};

static const struct fmapi_enum vcs_evt_enum = {
	"vcs_event_type", ARRAY_SIZE(vcs_evt_vals), vcs_evt_vals,
};

/* Virtual CXL Switch Event Record body */
static const struct fmapi_field event_vcs_f[] = {
	FMAPI_U8(event_vcs, vcs_id, 0x30),
	FMAPI_U8(event_vcs, vppb_id, 0x31),
	FMAPI_ENUM(event_vcs, event_type, 0x32, 1, 0, vcs_evt_enum),
	FMAPI_ENUM(event_vcs, binding_status, 0x33, 1, 0,
		   fmapi_enum_vppb_status),
	FMAPI_U8(event_vcs, bound_port_id, 0x34),
	FMAPI_U8(event_vcs, bound_ld_id, 0x35),
	FMAPI_U16(event_vcs, link_control, 0x36),
	FMAPI_U16(event_vcs, slot_control, 0x38),
};

const struct fmapi_layout fmapi_event_vcs_layout = {
	FMAPI_FIXED(event_vcs, FMAPI_EVENT_RECORD_SIZE, event_vcs_f),
};

static const struct fmapi_enum_val mld_evt_vals[] = {
	{ FMAPI_MLD_EVT_ERR_COR, "err_cor" },
	{ FMAPI_MLD_EVT_ERR_NONFATAL, "err_nonfatal" },
	{ FMAPI_MLD_EVT_ERR_FATAL, "err_fatal" },
};

static const struct fmapi_enum mld_evt_enum = {
	"mld_event_type", ARRAY_SIZE(mld_evt_vals), mld_evt_vals,
};

/* MLD Port Event Record body */
static const struct fmapi_field event_mld_f[] = {
	FMAPI_ENUM(event_mld_port, event_type, 0x30, 1, 0, mld_evt_enum),
	FMAPI_U8(event_mld_port, port_id, 0x31),
	FMAPI_BYTES(event_mld_port, err_msg, 0x34, 8),
};

const struct fmapi_layout fmapi_event_mld_layout = {
	FMAPI_FIXED(event_mld_port, FMAPI_EVENT_RECORD_SIZE, event_mld_f),
};

/* body layout and the record length its defined fields need */
static const struct {
	const struct fmapi_layout *layout;
	u8 body_end;
} fmapi_event_bodies[FMAPI_EVENT__MAX] = {
	[FMAPI_EVENT_PHYS_SWITCH] = { &fmapi_event_ps_layout, 0x43 },
	[FMAPI_EVENT_VIRT_SWITCH] = { &fmapi_event_vcs_layout, 0x3a },
	[FMAPI_EVENT_MLD_PORT]	  = { &fmapi_event_mld_layout, 0x3c },
};

int fmapi_event_decode(const u8 *rec, size_t len, struct fmapi_event *ev,
		       struct fmapi_diag *d)
{
	const struct fmapi_layout *body;
	int ret;

	if (!rec || !ev)
		return fmapi_fail(d, FMAPI_ERR_ARGS, NULL, 0);
	memset(ev, 0, sizeof(*ev));
	ret = fmapi_decode(&fmapi_event_hdr_layout, rec, len, &ev->hdr, d);
	if (ret)
		return ret;
	if (ev->hdr.length < FMAPI_EVENT_HDR_SIZE ||
	    ev->hdr.length > FMAPI_EVENT_RECORD_SIZE)
		return fmapi_fail(d, FMAPI_ERR_RECORD_LEN, "length", 0x10);
	ev->kind = fmapi_event_classify(ev->hdr.uuid);
	body = fmapi_event_bodies[ev->kind].layout;
	if (!body)
		return 0;
	if (ev->hdr.length < fmapi_event_bodies[ev->kind].body_end)
		return fmapi_fail(d, FMAPI_ERR_RECORD_LEN, "length", 0x10);
	switch (ev->kind) {
	case FMAPI_EVENT_PHYS_SWITCH:
		return fmapi_decode(body, rec, len, &ev->ps, d);
	case FMAPI_EVENT_VIRT_SWITCH:
		return fmapi_decode(body, rec, len, &ev->vcs, d);
	default:
		return fmapi_decode(body, rec, len, &ev->mld, d);
	}
}
