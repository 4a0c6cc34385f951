/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * cxlfm generic netlink family.  The source of truth is
 * Documentation/netlink/specs/cxlfm.yaml; this header must agree with it.
 */
#ifndef _UAPI_LINUX_CXLFM_H
#define _UAPI_LINUX_CXLFM_H

#define CXLFM_FAMILY_NAME	"cxlfm"
#define CXLFM_FAMILY_VERSION	1

#endif /* _UAPI_LINUX_CXLFM_H */
