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

enum {
	CXLFM_CMD_CCI_GET = 1,	/* do: one CCI by id; dump: all CCIs */
	CXLFM_CMD_RAW,		/* do: send one command to a CCI */
	CXLFM_CMD_CCI_ADD_NTF,	/* notification: a CCI was registered */
	CXLFM_CMD_CCI_DEL_NTF,	/* notification: a CCI is going away */

	__CXLFM_CMD_MAX,
	CXLFM_CMD_MAX = __CXLFM_CMD_MAX - 1
};

/* Multicast group for notifications; joining it needs CAP_SYS_ADMIN. */
#define CXLFM_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_CXLFM_H */
