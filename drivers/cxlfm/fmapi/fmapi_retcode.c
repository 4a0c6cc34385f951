// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * cxlfm FM-API codec: CXL command return codes (reference §1.9, CXL r3.1
 * Table 8-34), their stable names and errno mapping.
 */
#include "fmapi_internal.h"

static const struct {
	const char *name;
	const char *desc;
	int err;
} fmapi_rcs[FMAPI_RC_MAX + 1] = {
	[0x00] = { "success", "success", 0 },
	[0x01] = { "background_started", "background command started",
		   -EINPROGRESS },
	[0x02] = { "invalid_input", "invalid input", -EINVAL },
	[0x03] = { "unsupported", "unsupported command", -EOPNOTSUPP },
	[0x04] = { "internal_error", "internal device error", -EIO },
	[0x05] = { "retry_required", "retry required", -EAGAIN },
	[0x06] = { "busy", "busy: a background operation is running", -EBUSY },
	[0x07] = { "media_disabled", "media disabled", -ENXIO },
	[0x08] = { "fw_transfer_in_progress", "FW transfer in progress",
		   -EBUSY },
	[0x09] = { "fw_transfer_out_of_order", "FW transfer out of order",
		   -EPROTO },
	[0x0a] = { "fw_verification_failed", "FW verification failed",
		   -EBADMSG },
	[0x0b] = { "invalid_slot", "invalid FW slot", -EINVAL },
	[0x0c] = { "activation_failed_rolled_back",
		   "FW activation failed, FW rolled back", -EIO },
	[0x0d] = { "activation_failed_cold_reset",
		   "FW activation failed, cold reset required", -EIO },
	[0x0e] = { "invalid_handle", "invalid event record handle", -EINVAL },
	[0x0f] = { "invalid_physical_address", "invalid physical address",
		   -ERANGE },
	[0x10] = { "inject_poison_limit", "inject poison limit reached",
		   -ENOSPC },
	[0x11] = { "permanent_media_failure", "permanent media failure",
		   -EIO },
	[0x12] = { "aborted", "aborted", -ECANCELED },
	[0x13] = { "invalid_security_state", "invalid security state",
		   -EACCES },
	[0x14] = { "incorrect_passphrase", "incorrect passphrase", -EACCES },
	[0x15] = { "unsupported_mailbox", "unsupported mailbox or CCI",
		   -EOPNOTSUPP },
	[0x16] = { "invalid_payload_length", "invalid payload length",
		   -EMSGSIZE },
	[0x17] = { "invalid_log", "invalid log", -ENOENT },
	/*
	 * Not -EINTR: a netlink doit that returns -EINTR gets no ack
	 * (netlink_rcv_skb() skips it), and the caller would wait forever.
	 * The command did not complete because of an asynchronous event,
	 * which is what -ECANCELED says.
	 */
	[0x18] = { "interrupted", "interrupted by an asynchronous event",
		   -ECANCELED },
	[0x19] = { "unsupported_feature_version",
		   "unsupported feature version", -EOPNOTSUPP },
	[0x1a] = { "unsupported_feature_selection",
		   "unsupported feature selection value", -EOPNOTSUPP },
	[0x1b] = { "feature_transfer_in_progress",
		   "feature transfer in progress", -EBUSY },
	[0x1c] = { "feature_transfer_out_of_order",
		   "feature transfer out of order", -EPROTO },
	[0x1d] = { "resources_exhausted", "resources exhausted", -ENOSPC },
	[0x1e] = { "invalid_extent_list", "invalid extent list", -EINVAL },
	[0x1f] = { "transfer_out_of_order", "transfer out of order",
		   -EPROTO },
	[0x20] = { "abort_not_supported",
		   "request abort not supported by the background operation",
		   -EOPNOTSUPP },
};

const char *fmapi_rc_name(u16 rc)
{
	return rc <= FMAPI_RC_MAX ? fmapi_rcs[rc].name : "unknown";
}

const char *fmapi_rc_desc(u16 rc)
{
	return rc <= FMAPI_RC_MAX ? fmapi_rcs[rc].desc : "unknown return code";
}

int fmapi_rc_errno(u16 rc)
{
	return rc <= FMAPI_RC_MAX ? fmapi_rcs[rc].err : -EIO;
}
