/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * cxlfm generic netlink family.  The source of truth is
 * Documentation/netlink/specs/cxlfm.yaml; this header must agree with it.
 */
#ifndef _UAPI_LINUX_CXLFM_H
#define _UAPI_LINUX_CXLFM_H

#define CXLFM_FAMILY_NAME	"cxlfm"
#define CXLFM_FAMILY_VERSION	1

/* Attributes of a CCI (CXLFM_CMD_CCI_GET). */
enum {
	CXLFM_A_CCI_ID = 1,		/* u32: stable id, /sys/class/cxlfm/cxlfmID */
	CXLFM_A_CCI_PAD,
	CXLFM_A_CCI_TRANSPORT,		/* string: "pci", "sim", ... */
	CXLFM_A_CCI_PAYLOAD_SIZE,	/* u32: mailbox payload area in bytes */
	CXLFM_A_CCI_IS_SWITCH,		/* flag: answers Identify Switch Device */
	CXLFM_A_CCI_NUM_PORTS,		/* u8: physical ports (switch) */
	CXLFM_A_CCI_NUM_VCS,		/* u8: virtual CXL switches (switch) */
	CXLFM_A_CCI_VENDOR,		/* u16: PCI vendor id from Identify */
	CXLFM_A_CCI_DEVICE,		/* u16: PCI device id from Identify */
	CXLFM_A_CCI_SERIAL,		/* u64: serial number from Identify */
	CXLFM_A_CCI_NUM_COMMANDS,	/* u32: commands in the CEL */
	CXLFM_A_CCI_SEQ,		/* u32: the CCI's notification sequence number */
	CXLFM_A_CCI_INBAND_POLICY,	/* u8: enum cxlfm_inband_policy */

	__CXLFM_A_CCI_MAX,
	CXLFM_A_CCI_MAX = __CXLFM_A_CCI_MAX - 1
};

/* Attributes of a raw CCI command (CXLFM_CMD_RAW). */
enum {
	CXLFM_A_RAW_CCI_ID = 1,		/* u32: target CCI */
	CXLFM_A_RAW_OPCODE,		/* u16: command set << 8 | command */
	CXLFM_A_RAW_PAYLOAD,		/* binary: input (request), output (reply) */
	CXLFM_A_RAW_RETURN_CODE,	/* u16: CXL return code (reply) */
	CXLFM_A_RAW_VENDOR_STATUS,	/* u16: vendor extended status (reply) */
	CXLFM_A_RAW_BACKGROUND,		/* flag: started in the background (reply) */

	__CXLFM_A_RAW_MAX,
	CXLFM_A_RAW_MAX = __CXLFM_A_RAW_MAX - 1
};

/* Attributes of a switch event record (CXLFM_CMD_EVENT_NTF, _OVERFLOW_NTF). */
enum {
	CXLFM_A_EVENT_CCI_ID = 1,	/* u32: the CCI whose log held the record */
	CXLFM_A_EVENT_PAD,
	CXLFM_A_EVENT_SEQ,		/* u32: the CCI's notification sequence number */
	CXLFM_A_EVENT_LOG,		/* u8: 0 info, 1 warning, 2 failure, 3 fatal */
	CXLFM_A_EVENT_KIND,		/* u8: enum cxlfm_event_kind */
	CXLFM_A_EVENT_HANDLE,		/* u16: record handle */
	CXLFM_A_EVENT_FLAGS,		/* u32: record flags (severity in [1:0]) */
	CXLFM_A_EVENT_TIMESTAMP,	/* u64: ns since 1970, 0 if unknown */
	CXLFM_A_EVENT_RECORD,		/* binary: the whole 128-byte record */
	CXLFM_A_EVENT_TYPE,		/* u8: record-specific event type */
	CXLFM_A_EVENT_PORT_ID,		/* u8: physical port (switch, MLD port) */
	CXLFM_A_EVENT_VCS_ID,		/* u8: virtual CXL switch */
	CXLFM_A_EVENT_VPPB_ID,		/* u8: vPPB */
	CXLFM_A_EVENT_BINDING_STATUS,	/* u8: vPPB binding status */
	CXLFM_A_EVENT_BOUND_PORT_ID,	/* u8: port the vPPB is bound to */
	CXLFM_A_EVENT_BOUND_LD_ID,	/* u8: LD the vPPB is bound to */
	CXLFM_A_EVENT_LTSSM,		/* u8: LTSSM state */
	CXLFM_A_EVENT_LINK_FLAGS,	/* u16: link state flags */
	CXLFM_A_EVENT_SLOT_STATUS,	/* u16: PCIe Slot Status register */
	CXLFM_A_EVENT_OVERFLOW_COUNT,	/* u16: records the device dropped */
	CXLFM_A_EVENT_FIRST_OVERFLOW,	/* u64: time of the first dropped record */
	CXLFM_A_EVENT_LAST_OVERFLOW,	/* u64: time of the last dropped record */

	__CXLFM_A_EVENT_MAX,
	CXLFM_A_EVENT_MAX = __CXLFM_A_EVENT_MAX - 1
};

/* Kinds of event records (CXL r3.1 §8.2.9.2.1), from their format UUID. */
enum cxlfm_event_kind {
	CXLFM_EVENT_KIND_UNKNOWN,
	CXLFM_EVENT_KIND_GENERAL_MEDIA,
	CXLFM_EVENT_KIND_DRAM,
	CXLFM_EVENT_KIND_MEMORY_MODULE,
	CXLFM_EVENT_KIND_MEMORY_SPARING,
	CXLFM_EVENT_KIND_PHYSICAL_SWITCH,
	CXLFM_EVENT_KIND_VIRTUAL_SWITCH,
	CXLFM_EVENT_KIND_MLD_PORT,
	CXLFM_EVENT_KIND_DYNAMIC_CAPACITY,
};

/*
 * What the host does when the fabric changes under one of its switch's
 * vPPBs (CXLFM_A_CCI_INBAND_POLICY).
 */
enum cxlfm_inband_policy {
	CXLFM_INBAND_POLICY_AUTO,	/* remove/rescan, except pciehp-owned ports */
	CXLFM_INBAND_POLICY_NOTIFY,	/* notify (netlink, uevent) only */
	CXLFM_INBAND_POLICY_OFF,	/* neither */
	CXLFM_INBAND_POLICY_FORCE,	/* remove/rescan, pciehp-owned ports too */
};

/* A change of the fabric under a vPPB (CXLFM_A_FABRIC_CHANGE). */
enum cxlfm_fabric_change {
	CXLFM_FABRIC_CHANGE_BIND = 1,	/* a port or LD was bound to the vPPB */
	CXLFM_FABRIC_CHANGE_UNBIND,	/* the vPPB was unbound */
	CXLFM_FABRIC_CHANGE_LINK_UP,	/* the link below the vPPB came up */
	CXLFM_FABRIC_CHANGE_LINK_DOWN,	/* the link below the vPPB went down */
};

/* Where a fabric change was learnt (CXLFM_A_FABRIC_SOURCE). */
enum cxlfm_fabric_source {
	CXLFM_FABRIC_SOURCE_EVENT,	/* the switch's event log */
	CXLFM_FABRIC_SOURCE_REPORT,	/* CXLFM_CMD_FABRIC_NOTIFY from userspace */
};

/* What the host did about a fabric change (CXLFM_A_FABRIC_ACTION). */
enum cxlfm_fabric_action {
	CXLFM_FABRIC_ACTION_NONE,	/* not a vPPB of this host, or policy off */
	CXLFM_FABRIC_ACTION_NOTIFIED,	/* notified only (policy or pciehp) */
	CXLFM_FABRIC_ACTION_REMOVED,	/* devices below the port removed */
	CXLFM_FABRIC_ACTION_RESCANNED,	/* the port rescanned */
};

/* Attributes of a fabric change (CXLFM_CMD_FABRIC_NOTIFY, _HIERARCHY_NTF). */
enum {
	CXLFM_A_FABRIC_CCI_ID = 1,	/* u32: the switch's CCI */
	CXLFM_A_FABRIC_SEQ,		/* u32: the CCI's notification sequence number */
	CXLFM_A_FABRIC_CHANGE,		/* u8: enum cxlfm_fabric_change */
	CXLFM_A_FABRIC_SOURCE,		/* u8: enum cxlfm_fabric_source */
	CXLFM_A_FABRIC_VCS_ID,		/* u8: virtual CXL switch */
	CXLFM_A_FABRIC_VPPB_ID,		/* u8: vPPB of that VCS */
	CXLFM_A_FABRIC_PORT_ID,		/* u8: physical port bound (bind) */
	CXLFM_A_FABRIC_LD_ID,		/* u16: LD bound (bind to an MLD) */
	CXLFM_A_FABRIC_ACTION,		/* u8: enum cxlfm_fabric_action */
	CXLFM_A_FABRIC_PCI_DEV,		/* string: the host's bridge for the vPPB */

	__CXLFM_A_FABRIC_MAX,
	CXLFM_A_FABRIC_MAX = __CXLFM_A_FABRIC_MAX - 1
};

enum {
	CXLFM_CMD_CCI_GET = 1,	/* do: one CCI by id; dump: all CCIs */
	CXLFM_CMD_RAW,		/* do: send one command to a CCI */
	CXLFM_CMD_CCI_ADD_NTF,	/* notification: a CCI was registered */
	CXLFM_CMD_CCI_DEL_NTF,	/* notification: a CCI is going away */
	CXLFM_CMD_EVENT_NTF,	/* notification: a record from a CCI's event log */
	CXLFM_CMD_EVENT_OVERFLOW_NTF,	/* notification: an event log overflowed */
	CXLFM_CMD_CCI_SET,	/* do: change a CCI's settings (in-band policy) */
	CXLFM_CMD_FABRIC_NOTIFY,	/* do: a remote FM reports a fabric change */
	CXLFM_CMD_HIERARCHY_NTF,	/* notification: a fabric change and what the host did */

	__CXLFM_CMD_MAX,
	CXLFM_CMD_MAX = __CXLFM_CMD_MAX - 1
};

/* Multicast group for notifications; joining it needs CAP_SYS_ADMIN. */
#define CXLFM_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_CXLFM_H */
