/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * cxlfm FM-API codec: event records (reference §4). Include "fmapi.h".
 */
#ifndef _CXLFM_FMAPI_EVENTS_H
#define _CXLFM_FMAPI_EVENTS_H

#include "fmapi_types.h"

#define FMAPI_EVENT_HDR_SIZE		0x30

/**
 * enum fmapi_event_kind - record format, from the record's UUID (§4.3)
 * @FMAPI_EVENT_UNKNOWN: UUID not known to the codec
 * @FMAPI_EVENT_GEN_MEDIA: General Media
 * @FMAPI_EVENT_DRAM: DRAM
 * @FMAPI_EVENT_MEM_MODULE: Memory Module
 * @FMAPI_EVENT_MEM_SPARING: Memory Sparing (r3.1+)
 * @FMAPI_EVENT_PHYS_SWITCH: Physical Switch (body decoded)
 * @FMAPI_EVENT_VIRT_SWITCH: Virtual CXL Switch (body decoded)
 * @FMAPI_EVENT_MLD_PORT: MLD Port (body decoded)
 * @FMAPI_EVENT_DCD: Dynamic Capacity
 * @FMAPI_EVENT__MAX: number of kinds
 */
enum fmapi_event_kind {
	FMAPI_EVENT_UNKNOWN,
	FMAPI_EVENT_GEN_MEDIA,
	FMAPI_EVENT_DRAM,
	FMAPI_EVENT_MEM_MODULE,
	FMAPI_EVENT_MEM_SPARING,
	FMAPI_EVENT_PHYS_SWITCH,
	FMAPI_EVENT_VIRT_SWITCH,
	FMAPI_EVENT_MLD_PORT,
	FMAPI_EVENT_DCD,
	FMAPI_EVENT__MAX,
};

/* Record UUIDs in wire (string) order, indexed by enum fmapi_event_kind. */
extern const u8 fmapi_event_uuids[FMAPI_EVENT__MAX][16];

/* Common header flags (bytes 0x11-0x13) */
#define FMAPI_EVT_SEVERITY_MASK		GENMASK(1, 0)
#define FMAPI_EVT_PERMANENT		BIT(2)
#define FMAPI_EVT_MAINT_NEEDED		BIT(3)
#define FMAPI_EVT_PERF_DEGRADED		BIT(4)
#define FMAPI_EVT_HW_REPLACE		BIT(5)
#define FMAPI_EVT_MAINT_SUBCLASS_VALID	BIT(6)

/**
 * struct fmapi_event_hdr - common event record header (reference §4.2)
 * @uuid: record format UUID
 * @length: valid bytes in the record, including the header
 * @flags: 24-bit flags, FMAPI_EVT_*
 * @severity: flags [1:0], 0 info .. 3 fatal
 * @handle: record handle (for Clear Event Records)
 * @related_handle: related record handle, 0 = none
 * @timestamp: ns since 1970-01-01 UTC, 0 = unknown
 * @maint_class: maintenance operation class
 * @maint_subclass: maintenance operation subclass (r3.1)
 * @ld_id: LD ID (r3.2 per libcxlmi only; reserved in r3.1)
 * @head_id: head ID (r3.2 per libcxlmi only; reserved in r3.1)
 */
struct fmapi_event_hdr {
	u8 uuid[16];
	u8 length;
	u32 flags;
	u8 severity;
	u16 handle;
	u16 related_handle;
	u64 timestamp;
	u8 maint_class;
	u8 maint_subclass;
	u16 ld_id;
	u8 head_id;
};

/* Physical Switch event types (record byte 0x31) */
#define FMAPI_PS_EVT_LINK_STATE		0
#define FMAPI_PS_EVT_SLOT_STATUS	1

/**
 * struct fmapi_event_phys_switch - Physical Switch event body (§4.4)
 * @port_id: physical port generating the event
 * @event_type: FMAPI_PS_EVT_*
 * @slot_status: PCIe Slot Status register
 * @config_state: enum fmapi_port_config_state
 * @conn_dev_mode: enum fmapi_conn_dev_mode
 * @conn_dev_type: enum fmapi_conn_dev_type
 * @supported_cxl_modes: FMAPI_CXL_MODE_*
 * @max_link_width: [5:0]
 * @neg_link_width: [5:0]
 * @supported_speeds: [5:0]
 * @max_link_speed: [5:0]
 * @cur_link_speed: [5:0]
 * @ltssm_state: enum fmapi_ltssm
 * @first_lane: first negotiated lane
 * @link_flags: FMAPI_LINK_*
 */
struct fmapi_event_phys_switch {
	u8 port_id;
	u8 event_type;
	u16 slot_status;
	u8 config_state;
	u8 conn_dev_mode;
	u8 conn_dev_type;
	u8 supported_cxl_modes;
	u8 max_link_width;
	u8 neg_link_width;
	u8 supported_speeds;
	u8 max_link_speed;
	u8 cur_link_speed;
	u8 ltssm_state;
	u8 first_lane;
	u16 link_flags;
};

/* Virtual CXL Switch event types (record byte 0x32) */
#define FMAPI_VCS_EVT_BINDING_CHANGE	0
#define FMAPI_VCS_EVT_SECONDARY_RESET	1
#define FMAPI_VCS_EVT_LINK_CONTROL	2
#define FMAPI_VCS_EVT_SLOT_CONTROL	3

/**
 * struct fmapi_event_vcs - Virtual CXL Switch event body (§4.4)
 * @vcs_id: VCS
 * @vppb_id: vPPB
 * @event_type: FMAPI_VCS_EVT_*
 * @binding_status: enum fmapi_vppb_status
 * @bound_port_id: bound physical port
 * @bound_ld_id: bound LD
 * @link_control: PCIe Link Control register
 * @slot_control: PCIe Slot Control register
 */
struct fmapi_event_vcs {
	u8 vcs_id;
	u8 vppb_id;
	u8 event_type;
	u8 binding_status;
	u8 bound_port_id;
	u8 bound_ld_id;
	u16 link_control;
	u16 slot_control;
};

/* MLD Port event types (record byte 0x30) */
#define FMAPI_MLD_EVT_ERR_COR		0
#define FMAPI_MLD_EVT_ERR_NONFATAL	1
#define FMAPI_MLD_EVT_ERR_FATAL		2

/**
 * struct fmapi_event_mld_port - MLD Port event body (§4.4)
 * @event_type: FMAPI_MLD_EVT_*
 * @port_id: MLD port
 * @err_msg: first 8 bytes of the received PCIe error message
 */
struct fmapi_event_mld_port {
	u8 event_type;
	u8 port_id;
	u8 err_msg[8];
};

/**
 * struct fmapi_event - a decoded event record
 * @kind: classification from the UUID
 * @hdr: common header
 * @ps: body, valid if @kind is %FMAPI_EVENT_PHYS_SWITCH
 * @vcs: body, valid if @kind is %FMAPI_EVENT_VIRT_SWITCH
 * @mld: body, valid if @kind is %FMAPI_EVENT_MLD_PORT
 *
 * Other kinds keep only the header; the caller has the raw bytes.
 */
struct fmapi_event {
	enum fmapi_event_kind kind;
	struct fmapi_event_hdr hdr;
	union {
		struct fmapi_event_phys_switch ps;
		struct fmapi_event_vcs vcs;
		struct fmapi_event_mld_port mld;
	};
};

/* Layouts over the whole 0x80-byte record (offsets include the header). */
extern const struct fmapi_layout fmapi_event_hdr_layout;
extern const struct fmapi_layout fmapi_event_ps_layout;
extern const struct fmapi_layout fmapi_event_vcs_layout;
extern const struct fmapi_layout fmapi_event_mld_layout;

/**
 * fmapi_event_classify() - record kind from a record-format UUID
 * @uuid: 16 bytes, wire order
 *
 * Return: the kind, %FMAPI_EVENT_UNKNOWN if not recognised.
 */
enum fmapi_event_kind fmapi_event_classify(const u8 *uuid);

/**
 * fmapi_event_kind_name() - stable name of a record kind
 * @kind: the kind
 *
 * Return: a static string, never NULL.
 */
const char *fmapi_event_kind_name(enum fmapi_event_kind kind);

/**
 * fmapi_event_decode() - decode one event record
 * @rec: record bytes
 * @len: must be %FMAPI_EVENT_RECORD_SIZE
 * @ev: decoded record
 * @d: optional diagnostics
 *
 * The header is always decoded; the body only for the FM kinds. The
 * header's length field must lie in [0x30, 0x80] and, for FM kinds, cover
 * the body's defined fields.
 *
 * Return: 0 or a negative errno.
 */
int fmapi_event_decode(const u8 *rec, size_t len, struct fmapi_event *ev,
		       struct fmapi_diag *d);

#endif /* _CXLFM_FMAPI_EVENTS_H */
