// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libcxlfm: the names of the specification's numbers (return codes,
 * commands, enumerated fields, command effects), from the FM-API codec's
 * tables, so that a program names them as the kernel's extack messages and
 * the cxlfm tool do, without a copy of the codec of its own.
 */
#include "fmapi.h"
#include "private.h"

/* libcxlfm.h's return codes are the codec's */
_Static_assert(CXLFM_RC_SUCCESS == FMAPI_RC_SUCCESS &&
	       CXLFM_RC_BACKGROUND == FMAPI_RC_BACKGROUND &&
	       CXLFM_RC_INVALID_INPUT == FMAPI_RC_INVALID_INPUT &&
	       CXLFM_RC_UNSUPPORTED == FMAPI_RC_UNSUPPORTED &&
	       CXLFM_RC_INTERNAL == FMAPI_RC_INTERNAL &&
	       CXLFM_RC_RETRY == FMAPI_RC_RETRY &&
	       CXLFM_RC_BUSY == FMAPI_RC_BUSY &&
	       CXLFM_RC_INVALID_PAYLOAD_LEN == FMAPI_RC_INVALID_PAYLOAD_LEN &&
	       CXLFM_RC_ABORT_UNSUPPORTED == FMAPI_RC_ABORT_UNSUPPORTED,
	       "CXLFM_RC_* differ from the codec's FMAPI_RC_*");

const char *cxlfm_rc_name(uint16_t rc)
{
	return fmapi_rc_name(rc);
}

const char *cxlfm_rc_desc(uint16_t rc)
{
	return fmapi_rc_desc(rc);
}

const char *cxlfm_opcode_name(uint16_t opcode)
{
	const struct fmapi_cmd *c = fmapi_cmd_find(opcode);

	return c ? c->name : NULL;
}

const char *cxlfm_enum_name(enum cxlfm_fm_enum e, uint32_t val)
{
	static const struct fmapi_enum *const tables[] = {
		[CXLFM_FM_ENUM_PORT_CONFIG_STATE] = &fmapi_enum_port_config_state,
		[CXLFM_FM_ENUM_CONN_DEV_MODE] = &fmapi_enum_conn_dev_mode,
		[CXLFM_FM_ENUM_CONN_DEV_TYPE] = &fmapi_enum_conn_dev_type,
		[CXLFM_FM_ENUM_LTSSM] = &fmapi_enum_ltssm,
		[CXLFM_FM_ENUM_VPPB_STATUS] = &fmapi_enum_vppb_status,
		[CXLFM_FM_ENUM_VCS_STATE] = &fmapi_enum_vcs_state,
		[CXLFM_FM_ENUM_EVENT_LOG] = &fmapi_enum_event_log,
	};

	if ((unsigned int)e >= ARRAY_SIZE(tables) || !tables[e])
		return NULL;
	return fmapi_enum_name(tables[e], val);
}

const char *cxlfm_cel_effect_name(unsigned int bit)
{
	return fmapi_cel_effect_name(bit);
}

bool cxlfm_cel_is_read_only(uint16_t effects)
{
	return fmapi_cel_is_read_only(effects);
}
