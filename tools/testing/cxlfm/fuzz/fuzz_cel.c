// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: Command Effects Log parsing (CXL r3.2 §8.2.10.5.2.1,
 * reference §1.10).
 *
 * Input: [capacity][log bytes...]. Checks: a log is accepted only if it is
 * whole entries that fit the caller's (exact-size) array; the entries are
 * the little-endian words of the log, in order; an entry is read-only only
 * if it announces no change.
 */
#include "fmapi.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fmapi_cel_entry *out;
	struct fmapi_diag d = {};
	u32 cap, nr, i;
	size_t len;
	u8 *log;
	int ret;

	if (size < 1)
		return 0;
	cap = data[0];
	len = size - 1;
	log = fuzz_dup(data + 1, len);
	out = malloc(cap ? cap * sizeof(*out) : 1);
	if (!log || !out)
		abort();
	ret = fmapi_cel_parse(log, len, out, cap, &nr, &d);
	if (ret) {
		FUZZ_CHECK(fmapi_err_errno(d.reason) == ret, "parse %d vs %s",
			   ret, fmapi_err_str(d.reason));
		FUZZ_CHECK(len % FMAPI_CEL_ENTRY_SIZE ||
			   len / FMAPI_CEL_ENTRY_SIZE > cap,
			   "refused %zu bytes with room for %u entries", len,
			   cap);
		goto out;
	}
	FUZZ_CHECK(len % FMAPI_CEL_ENTRY_SIZE == 0 &&
		   nr == len / FMAPI_CEL_ENTRY_SIZE && nr <= cap,
		   "accepted %zu bytes as %u entries (cap %u)", len, nr, cap);
	for (i = 0; i < nr; i++) {
		const u8 *e = log + i * FMAPI_CEL_ENTRY_SIZE;

		FUZZ_CHECK(out[i].opcode == (e[0] | e[1] << 8) &&
			   out[i].effects == (e[2] | e[3] << 8),
			   "entry %u differs from the log", i);
		/* read-only means no change bit at all */
		if (fmapi_cel_is_read_only(out[i].effects))
			FUZZ_CHECK(!(out[i].effects & 0x3f),
				   "0x%04x read-only with effects 0x%x",
				   out[i].opcode, out[i].effects);
	}
out:
	free(out);
	free(log);
	return 0;
}
