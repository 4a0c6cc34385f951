// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: event record decode (CXL r3.2 §8.2.10.2.1, reference
 * §2.3), the whole input being one record.
 *
 * Checks: only a full-size record is accepted; the kind is the one the
 * UUID names; the header and the FM body re-encode into a record that
 * decodes to the same values.
 */
#include "fmapi.h"
#include "fuzz.h"

/* Encode @st with @l into @rec (the layouts span the whole record). */
static void encode_into(const struct fmapi_layout *l, const void *st, u8 *rec)
{
	u8 part[FMAPI_EVENT_RECORD_SIZE];
	int n, i;

	n = fmapi_encode(l, st, part, sizeof(part), NULL);
	FUZZ_CHECK(n == FMAPI_EVENT_RECORD_SIZE, "encoded %d bytes", n);
	/* layouts write zeros outside their fields: merge, don't overwrite */
	for (i = 0; i < n; i++)
		rec[i] |= part[i];
}

static void encode_record(const struct fmapi_event *ev, u8 *rec)
{
	memset(rec, 0, FMAPI_EVENT_RECORD_SIZE);
	encode_into(&fmapi_event_hdr_layout, &ev->hdr, rec);
	switch (ev->kind) {
	case FMAPI_EVENT_PHYS_SWITCH:
		encode_into(&fmapi_event_ps_layout, &ev->ps, rec);
		break;
	case FMAPI_EVENT_VIRT_SWITCH:
		encode_into(&fmapi_event_vcs_layout, &ev->vcs, rec);
		break;
	case FMAPI_EVENT_MLD_PORT:
		encode_into(&fmapi_event_mld_layout, &ev->mld, rec);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 again[FMAPI_EVENT_RECORD_SIZE];
	struct fmapi_event ev, ev2;
	struct fmapi_diag d = {};
	u8 *rec = fuzz_dup(data, size);
	int ret;

	if (!rec)
		return 0;
	/* zeroed, padding included: decoded events are compared bytewise */
	memset(&ev, 0, sizeof(ev));
	ret = fmapi_event_decode(rec, size, &ev, &d);
	if (ret) {
		FUZZ_CHECK(fmapi_err_errno(d.reason) == ret, "decode %d vs %s",
			   ret, fmapi_err_str(d.reason));
		goto out;
	}
	FUZZ_CHECK(size == FMAPI_EVENT_RECORD_SIZE, "accepted %zu bytes", size);
	FUZZ_CHECK(ev.kind == fmapi_event_classify(rec), "kind %d, uuid says %d",
		   ev.kind, fmapi_event_classify(rec));
	FUZZ_CHECK(ev.hdr.length >= FMAPI_EVENT_HDR_SIZE &&
		   ev.hdr.length <= FMAPI_EVENT_RECORD_SIZE,
		   "length 0x%x accepted", ev.hdr.length);

	encode_record(&ev, again);
	memset(&ev2, 0, sizeof(ev2));
	ret = fmapi_event_decode(again, sizeof(again), &ev2, &d);
	FUZZ_CHECK(ret == 0, "re-encoded record refused: %s %s",
		   fmapi_err_str(d.reason), d.field ? d.field : "");
	FUZZ_CHECK(!memcmp(&ev, &ev2, sizeof(ev)),
		   "record differs after re-encoding (kind %s)",
		   fmapi_event_kind_name(ev.kind));
out:
	free(rec);
	return 0;
}
