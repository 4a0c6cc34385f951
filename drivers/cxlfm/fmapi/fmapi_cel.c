// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * cxlfm FM-API codec: Command Effects Log (reference §1.10, §2.6).
 *
 * Bit order follows the spec (CXL r3.2 Table 8-87): QEMU's cxl_mailbox.h
 * and Linux's uAPI name bits 7-12 differently (shifted by one from bit 7);
 * see reference §1.10 and §7 item 1.
 */
#include "fmapi_internal.h"

/* 0da9c0b5-bf41-4b78-8f79-96b1623b3f17 */
const u8 fmapi_cel_uuid[16] = {
	0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
	0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
};

static const char *const fmapi_cel_effect_names[FMAPI_CEL_NR_BITS] = {
	"cold_reset_config_change",
	"immediate_config_change",
	"immediate_data_change",
	"immediate_policy_change",
	"immediate_log_change",
	"security_state_change",
	"background_operation",
	"secondary_mailbox_supported",
	"request_abort_bg_supported",
	"reset_effects_valid",
	"conventional_reset_config_change",
	"cxl_reset_config_change",
};

const char *fmapi_cel_effect_name(unsigned int bit)
{
	return bit < FMAPI_CEL_NR_BITS ? fmapi_cel_effect_names[bit] : NULL;
}

bool fmapi_cel_is_read_only(u16 effects)
{
	u16 change = FMAPI_CEL_COLD_RESET_CFG | FMAPI_CEL_IMM_CFG |
		     FMAPI_CEL_IMM_DATA | FMAPI_CEL_IMM_POLICY |
		     FMAPI_CEL_IMM_LOG | FMAPI_CEL_SECURITY;

	if (effects & FMAPI_CEL_RESET_VALID)
		change |= FMAPI_CEL_CONV_RESET_CFG | FMAPI_CEL_CXL_RESET_CFG;
	return !(effects & change);
}

/* The CEL as a layout: no fixed part, a list of 4-byte entries. */
struct fmapi_cel_log {
	struct fmapi_cel_entry *entries;
	u32 entries_cap;
	u32 nr_entries;
};

static const struct fmapi_field cel_entry_f[] = {
	FMAPI_U16(cel_entry, opcode, 0x0),
	FMAPI_U16(cel_entry, effects, 0x2),
};

static const struct fmapi_list cel_log_l =
	FMAPI_LIST_IMPLIED(cel_log, entries, FMAPI_CEL_ENTRY_SIZE, cel_entry_f,
			   struct fmapi_cel_entry, 0);

static const struct fmapi_layout cel_log = {
	.st_size = sizeof(struct fmapi_cel_log),
	.list = &cel_log_l,
};

int fmapi_cel_parse(const u8 *buf, size_t len, struct fmapi_cel_entry *out,
		    u32 cap, u32 *nr, struct fmapi_diag *d)
{
	struct fmapi_cel_log log = { .entries = out, .entries_cap = cap };
	int ret;

	if (!nr)
		return fmapi_fail(d, FMAPI_ERR_ARGS, NULL, 0);
	*nr = 0;
	ret = fmapi_decode(&cel_log, buf, len, &log, d);
	if (!ret)
		*nr = log.nr_entries;
	return ret;
}
