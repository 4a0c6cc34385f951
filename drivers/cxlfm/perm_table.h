/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every op of the cxlfm family needs: the one table perm.c enforces,
 * Documentation/design.md shows ("Permissions") and the permission and
 * lockdown kselftests check the kernel and that document against.  Plain
 * tokens, no kernel types, so that the tests can include it too.
 *
 * CXLFM_PERM(op, form, caps, lockdown, taint, no_rawio, locked)
 *   op        the command: CXLFM_CMD_<op>
 *   form      ANY: the op has one form; READ and WRITE: the two forms of
 *             an op that can write (raw: a command on the driver's
 *             read-only list that the CEL says changes nothing, or any
 *             other; CXL.io requests: "write" clear or set)
 *   caps      ADMIN: CAP_SYS_ADMIN; RAWIO: CAP_SYS_ADMIN and CAP_SYS_RAWIO
 *   lockdown  NONE, or the enum lockdown_reason (without LOCKDOWN_) that
 *             refuses the op; reasons below LOCKDOWN_INTEGRITY_MAX refuse
 *             it at "integrity", the others at "confidentiality" only
 *   taint     1: the kernel is tainted (TAINT_USER) once the op passes
 *   no_rawio  the extack message when CAP_SYS_RAWIO is missing, or NULL
 *   locked    the extack message when lockdown refuses the op, or NULL
 *             (CAP_SYS_ADMIN missing: "cxlfm needs CAP_SYS_ADMIN")
 *
 * Every op the family registers has a row (cxlfm_nl_gate_check() refuses
 * to register it otherwise).  The reasons: design.md.
 */
CXLFM_PERM(CCI_GET, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(RAW, READ, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(RAW, WRITE, RAWIO, PCI_ACCESS, 1,
	   "a raw command that may change the fabric needs CAP_SYS_RAWIO",
	   "a raw command that may change the fabric is refused under kernel lockdown")
CXLFM_PERM(CCI_SET, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(FABRIC_NOTIFY, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(EVENTS_DURABLE, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(EVENTS_ACK, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(IDENTIFY, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(BG_OP_STATUS, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(REQUEST_ABORT_BG_OP, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_SUPPORTED_LOGS, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_LOG, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_LOG_CAPS, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(IDENTIFY_SWITCH, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_PHYS_PORT_STATE, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(PHYS_PORT_CONTROL, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(SEND_PPB_CXLIO_CFG, READ, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(SEND_PPB_CXLIO_CFG, WRITE, RAWIO, PCI_ACCESS, 1,
	   "a CXL.io write needs CAP_SYS_RAWIO",
	   "a CXL.io write is refused under kernel lockdown")
CXLFM_PERM(GET_DV_SV_STATE, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(SET_DV_SV, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_VCS_DV_SV_STATE, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_DV_SV, ANY, RAWIO, XFRM_SECRET, 0,
	   "reading a domain validation secret needs CAP_SYS_RAWIO",
	   "reading a domain validation secret is refused under kernel lockdown")
CXLFM_PERM(GET_VCS_INFO, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(BIND_VPPB, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(UNBIND_VPPB, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GEN_AER_EVENT, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(SEND_LD_CXLIO_CFG, READ, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(SEND_LD_CXLIO_CFG, WRITE, RAWIO, PCI_ACCESS, 1,
	   "a CXL.io write needs CAP_SYS_RAWIO",
	   "a CXL.io write is refused under kernel lockdown")
CXLFM_PERM(SEND_LD_CXLIO_MEM, READ, RAWIO, KCORE, 0,
	   "reading LD memory needs CAP_SYS_RAWIO",
	   "reading LD memory is refused under kernel lockdown")
CXLFM_PERM(SEND_LD_CXLIO_MEM, WRITE, RAWIO, PCI_ACCESS, 1,
	   "a CXL.io write needs CAP_SYS_RAWIO",
	   "a CXL.io write is refused under kernel lockdown")
CXLFM_PERM(GET_LD_INFO, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_LD_ALLOC, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(SET_LD_ALLOC, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_QOS_CTRL, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(SET_QOS_CTRL, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_QOS_STATUS, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_QOS_ALLOC_BW, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(SET_QOS_ALLOC_BW, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_QOS_BW_LIMIT, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(SET_QOS_BW_LIMIT, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_MHD_INFO, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_HEAD_INFO, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_DCD_INFO, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_HOST_DC_REGION_CFG, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(SET_DC_REGION_CFG, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(GET_DC_REGION_EXTENTS, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(INITIATE_DC_ADD, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(INITIATE_DC_RELEASE, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(DC_ADD_REFERENCE, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(DC_REMOVE_REFERENCE, ANY, ADMIN, NONE, 0, NULL, NULL)
CXLFM_PERM(DC_LIST_TAGS, ANY, ADMIN, NONE, 0, NULL, NULL)
