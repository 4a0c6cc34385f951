// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * cxlfm FM-API codec: the table-driven encode/decode engine.
 *
 * Wire layout of a payload: [fixed part][list elements][tail]. The fixed
 * part and the tail are tables of fields, the list is count x element
 * (another table of fields). See struct fmapi_layout in fmapi.h.
 */
#include "fmapi_internal.h"
#include "fmapi_le.h"

static const struct {
	const char *str;
	int err;
} fmapi_errs[FMAPI_ERR__MAX] = {
	[FMAPI_ERR_NONE]	 = { "no error", 0 },
	[FMAPI_ERR_ARGS]	 = { "missing struct, buffer or list array", -EINVAL },
	[FMAPI_ERR_SHORT]	 = { "payload shorter than its fixed part", -EMSGSIZE },
	[FMAPI_ERR_LIST_TRUNC]	 = { "list count implies more bytes than present", -EBADMSG },
	[FMAPI_ERR_LIST_LEN]	 = { "list length is not a whole number of elements", -EBADMSG },
	[FMAPI_ERR_LIST_MAX]	 = { "list count above the spec maximum", -ERANGE },
	[FMAPI_ERR_LIST_CAP]	 = { "list count above the caller's capacity", -ENOSPC },
	[FMAPI_ERR_TRAILING]	 = { "trailing bytes after the payload", -EBADMSG },
	[FMAPI_ERR_ENUM]	 = { "reserved or invalid value", -EINVAL },
	[FMAPI_ERR_RANGE]	 = { "value does not fit its field", -ERANGE },
	[FMAPI_ERR_NOSPACE]	 = { "payload does not fit the output buffer", -EMSGSIZE },
	[FMAPI_ERR_MSG_CATEGORY] = { "unexpected CCI message category", -EBADMSG },
	[FMAPI_ERR_MSG_TAG]	 = { "CCI message tag mismatch", -EBADMSG },
	[FMAPI_ERR_MSG_OPCODE]	 = { "CCI message opcode mismatch", -EBADMSG },
	[FMAPI_ERR_MSG_LEN]	 = { "CCI message length mismatch", -EBADMSG },
	[FMAPI_ERR_DEPTH]	 = { "unsupported tunnel depth", -EINVAL },
	[FMAPI_ERR_RECORD_LEN]	 = { "invalid event record length", -EBADMSG },
};

const char *fmapi_err_str(enum fmapi_err reason)
{
	if ((unsigned int)reason >= FMAPI_ERR__MAX)
		return "unknown error";
	return fmapi_errs[reason].str;
}

int fmapi_err_errno(enum fmapi_err reason)
{
	if ((unsigned int)reason >= FMAPI_ERR__MAX)
		return -EINVAL;
	return fmapi_errs[reason].err;
}

int fmapi_fail(struct fmapi_diag *d, enum fmapi_err reason, const char *field,
	       size_t offset)
{
	if (d) {
		d->reason = reason;
		d->field = field;
		d->offset = (u32)offset;
	}
	return fmapi_err_errno(reason);
}

static void diag_clear(struct fmapi_diag *d)
{
	if (d) {
		d->reason = FMAPI_ERR_NONE;
		d->field = NULL;
		d->offset = 0;
	}
}

const char *fmapi_enum_name(const struct fmapi_enum *e, u32 val)
{
	unsigned int i;

	if (!e)
		return NULL;
	for (i = 0; i < e->nr; i++)
		if (e->vals[i].val == val)
			return e->vals[i].name;
	return NULL;
}

/* ---- scalar access ---- */

static u64 wire_get(const u8 *p, unsigned int size)
{
	switch (size) {
	case 1:
		return p[0];
	case 2:
		return fmapi_get_le16(p);
	case 3:
		return fmapi_get_le24(p);
	case 4:
		return fmapi_get_le32(p);
	default:
		return fmapi_get_le64(p);
	}
}

static void wire_put(u8 *p, unsigned int size, u64 v)
{
	switch (size) {
	case 1:
		p[0] = (u8)v;
		break;
	case 2:
		fmapi_put_le16(p, (u16)v);
		break;
	case 3:
		fmapi_put_le24(p, (u32)v);
		break;
	case 4:
		fmapi_put_le32(p, (u32)v);
		break;
	default:
		fmapi_put_le64(p, v);
		break;
	}
}

/* Struct members are read and written with memcpy: no alignment games. */
static u64 st_get(const void *s, unsigned int off, unsigned int size)
{
	const u8 *p = (const u8 *)s + off;
	u8 v8;
	u16 v16;
	u32 v32;
	u64 v64;

	switch (size) {
	case 1:
		memcpy(&v8, p, 1);
		return v8;
	case 2:
		memcpy(&v16, p, 2);
		return v16;
	case 4:
		memcpy(&v32, p, 4);
		return v32;
	default:
		memcpy(&v64, p, 8);
		return v64;
	}
}

static void st_put(void *s, unsigned int off, unsigned int size, u64 v)
{
	u8 *p = (u8 *)s + off;
	u8 v8 = (u8)v;
	u16 v16 = (u16)v;
	u32 v32 = (u32)v;

	switch (size) {
	case 1:
		memcpy(p, &v8, 1);
		break;
	case 2:
		memcpy(p, &v16, 2);
		break;
	case 4:
		memcpy(p, &v32, 4);
		break;
	default:
		memcpy(p, &v, 8);
		break;
	}
}

u64 fmapi_field_get(const void *s, const struct fmapi_field *f)
{
	return st_get(s, f->st_off, f->st_size);
}

void fmapi_field_set(void *s, const struct fmapi_field *f, u64 v)
{
	st_put(s, f->st_off, f->st_size, v);
}

u64 fmapi_field_max(const struct fmapi_field *f)
{
	u64 m = f->mask;

	if (!m)
		return f->size >= 8 ? ~0ULL : (1ULL << (8 * f->size)) - 1;
	while (!(m & 1))
		m >>= 1;
	return m;
}

static void *st_get_ptr(const void *s, unsigned int off)
{
	void *p;

	memcpy(&p, (const u8 *)s + off, sizeof(p));
	return p;
}

static unsigned int mask_shift(u64 mask)
{
	return mask ? (unsigned int)__builtin_ctzll(mask) : 0;
}

static bool enum_ok(const struct fmapi_field *f, u64 v)
{
	if (!(f->flags & FMAPI_FF_CHECK) || !f->en)
		return true;
	return v <= 0xffffffffULL && fmapi_enum_name(f->en, (u32)v);
}

/* ---- field tables ---- */

/*
 * Decode @nr fields from @buf (@len bytes available). A field entirely
 * beyond @len decodes as 0 (optional trailing fields, see min_len); a field
 * cut by @len is an error. @base is @buf's offset in the payload.
 */
int fmapi_fields_decode(const struct fmapi_field *f, unsigned int nr,
			const u8 *buf, size_t len, void *s,
			struct fmapi_diag *d, size_t base)
{
	unsigned int i;

	for (i = 0; i < nr; i++, f++) {
		u8 *dst = (u8 *)s + f->st_off;
		u64 v;

		if ((size_t)f->off + f->size > len) {
			if (f->off < len)
				return fmapi_fail(d, FMAPI_ERR_SHORT, f->name,
						  base + len);
			if (f->type == FMAPI_T_BYTES)
				memset(dst, 0, f->st_size);
			else
				st_put(s, f->st_off, f->st_size, 0);
			continue;
		}
		if (f->type == FMAPI_T_BYTES) {
			memcpy(dst, buf + f->off, f->size);
			continue;
		}
		v = wire_get(buf + f->off, f->size);
		if (f->mask)
			v = (v & f->mask) >> mask_shift(f->mask);
		if (!enum_ok(f, v))
			return fmapi_fail(d, FMAPI_ERR_ENUM, f->name,
					  base + f->off);
		st_put(s, f->st_off, f->st_size, v);
	}
	return 0;
}

/*
 * Encode @nr fields into @buf, which the caller has zeroed and sized. Masked
 * fields are merged into the bytes other fields share.
 */
int fmapi_fields_encode(const struct fmapi_field *f, unsigned int nr,
			const void *s, u8 *buf, struct fmapi_diag *d,
			size_t base)
{
	unsigned int i;

	for (i = 0; i < nr; i++, f++) {
		u64 v, w, lim;
		unsigned int sh;

		if (f->flags & FMAPI_FF_ALIAS)
			continue;
		if (f->type == FMAPI_T_BYTES) {
			memcpy(buf + f->off, (const u8 *)s + f->st_off, f->size);
			continue;
		}
		v = st_get(s, f->st_off, f->st_size);
		if (!enum_ok(f, v))
			return fmapi_fail(d, FMAPI_ERR_ENUM, f->name,
					  base + f->off);
		if (f->mask) {
			sh = mask_shift(f->mask);
			lim = f->mask >> sh;
		} else {
			sh = 0;
			lim = f->size >= 8 ? ~0ULL : (1ULL << (8 * f->size)) - 1;
		}
		if (v > lim)
			return fmapi_fail(d, FMAPI_ERR_RANGE, f->name,
					  base + f->off);
		if (f->mask) {
			w = wire_get(buf + f->off, f->size);
			v = (w & ~f->mask) | (v << sh);
		}
		wire_put(buf + f->off, f->size, v);
	}
	return 0;
}

/* ---- lists ---- */

/* Single opaque byte-sized element mapped 1:1: copy in bulk. */
static bool list_is_flat(const struct fmapi_list *li)
{
	const struct fmapi_field *ef = li->elem_fields;

	return li->nr_elem_fields == 1 && !ef->mask && ef->off == 0 &&
	       ef->st_off == 0 && li->elem_st_size == li->elem_size &&
	       ef->size == li->elem_size &&
	       (ef->type == FMAPI_T_BYTES || ef->size == 1);
}

static u64 list_count(const struct fmapi_layout *l, const void *s)
{
	const struct fmapi_list *li = l->list;
	const struct fmapi_field *cf;

	if (li->count_field == FMAPI_COUNT_IMPLIED)
		return st_get(s, li->nr_off, 4);
	cf = &l->fields[li->count_field];
	return st_get(s, cf->st_off, cf->st_size);
}

static int list_decode(const struct fmapi_layout *l, const u8 *buf,
		       size_t len, void *s, struct fmapi_diag *d, size_t *end)
{
	const struct fmapi_list *li = l->list;
	size_t start = l->fixed_len, avail, i;
	u64 count;
	u8 *elems;

	/* the fixed part was checked by the caller: len >= fixed_len */
	avail = len - start;
	if (li->count_field == FMAPI_COUNT_IMPLIED) {
		if (avail < l->tail_len)
			return fmapi_fail(d, FMAPI_ERR_SHORT, li->name, len);
		if ((avail - l->tail_len) % li->elem_size)
			return fmapi_fail(d, FMAPI_ERR_LIST_LEN, li->name, len);
		count = (avail - l->tail_len) / li->elem_size;
	} else {
		count = list_count(l, s);
	}
	if (li->max && count > li->max)
		return fmapi_fail(d, FMAPI_ERR_LIST_MAX, li->name, start);
	/* a missing tail is reported as SHORT by the caller */
	if (count * li->elem_size > avail)
		return fmapi_fail(d, FMAPI_ERR_LIST_TRUNC, li->name, start);
	if (count > st_get(s, li->cap_off, 4))
		return fmapi_fail(d, FMAPI_ERR_LIST_CAP, li->name, start);
	elems = st_get_ptr(s, li->ptr_off);
	if (count && !elems)
		return fmapi_fail(d, FMAPI_ERR_ARGS, li->name, start);

	if (list_is_flat(li)) {
		if (count)
			memcpy(elems, buf + start, count * li->elem_size);
	} else {
		for (i = 0; i < count; i++) {
			size_t at = start + i * li->elem_size;
			int ret;

			ret = fmapi_fields_decode(li->elem_fields,
						  li->nr_elem_fields, buf + at,
						  li->elem_size,
						  elems + i * li->elem_st_size,
						  d, at);
			if (ret)
				return ret;
		}
	}
	if (li->count_field == FMAPI_COUNT_IMPLIED)
		st_put(s, li->nr_off, 4, count);
	*end = start + count * li->elem_size;
	return 0;
}

static int list_encode(const struct fmapi_layout *l, const void *s, u8 *buf,
		       u64 count, struct fmapi_diag *d)
{
	const struct fmapi_list *li = l->list;
	size_t start = l->fixed_len, i;
	const u8 *elems = st_get_ptr(s, li->ptr_off);

	if (!count)
		return 0;
	if (!elems)
		return fmapi_fail(d, FMAPI_ERR_ARGS, li->name, start);
	if (list_is_flat(li)) {
		memcpy(buf + start, elems, count * li->elem_size);
		return 0;
	}
	for (i = 0; i < count; i++) {
		size_t at = start + i * li->elem_size;
		int ret;

		ret = fmapi_fields_encode(li->elem_fields, li->nr_elem_fields,
					  elems + i * li->elem_st_size,
					  buf + at, d, at);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- layouts ---- */

int fmapi_decode(const struct fmapi_layout *l, const u8 *buf, size_t len,
		 void *s, struct fmapi_diag *d)
{
	size_t end, min;
	int ret;

	diag_clear(d);
	if (!l)
		return len ? fmapi_fail(d, FMAPI_ERR_TRAILING, NULL, 0) : 0;
	if (l->ops)
		return l->ops->decode(l, buf, len, s, d);
	if (!s || (len && !buf))
		return fmapi_fail(d, FMAPI_ERR_ARGS, NULL, 0);
	min = l->min_len ? l->min_len : l->fixed_len;
	if (len < min && !(len == 0 && (l->flags & FMAPI_LF_OPTIONAL)))
		return fmapi_fail(d, FMAPI_ERR_SHORT, NULL, len);
	/* min_len < fixed_len only for list-less layouts: fields may be absent */
	ret = fmapi_fields_decode(l->fields, l->nr_fields, buf, len, s, d, 0);
	if (ret)
		return ret;
	end = l->fixed_len;
	if (l->list) {
		ret = list_decode(l, buf, len, s, d, &end);
		if (ret)
			return ret;
	}
	if (l->nr_tail) {
		if (len - end < l->tail_len)
			return fmapi_fail(d, FMAPI_ERR_SHORT, l->tail->name, len);
		ret = fmapi_fields_decode(l->tail, l->nr_tail, buf + end,
					  l->tail_len, s, d, end);
		if (ret)
			return ret;
		end += l->tail_len;
	}
	if (len > end && !(l->flags & FMAPI_LF_EXTENSIBLE))
		return fmapi_fail(d, FMAPI_ERR_TRAILING, NULL, end);
	return 0;
}

static int encoded_len(const struct fmapi_layout *l, const void *s,
		       u64 *countp, struct fmapi_diag *d)
{
	u64 count = 0, total;

	if (l->list) {
		count = list_count(l, s);
		if (l->list->max && count > l->list->max)
			return fmapi_fail(d, FMAPI_ERR_LIST_MAX, l->list->name,
					  l->fixed_len);
	}
	total = l->fixed_len + count * (l->list ? l->list->elem_size : 0) +
		l->tail_len;
	if (total > FMAPI_PAYLOAD_MAX)
		return fmapi_fail(d, FMAPI_ERR_NOSPACE, NULL, FMAPI_PAYLOAD_MAX);
	*countp = count;
	return (int)total;
}

int fmapi_encoded_len(const struct fmapi_layout *l, const void *s)
{
	u64 count;

	if (!l)
		return 0;
	if (!s)
		return -EINVAL;
	if (l->ops)
		return l->ops->encode(l, s, NULL, 0, NULL);
	return encoded_len(l, s, &count, NULL);
}

int fmapi_encode(const struct fmapi_layout *l, const void *s, u8 *buf,
		 size_t bufsz, struct fmapi_diag *d)
{
	u64 count;
	int total, ret;

	diag_clear(d);
	if (!l)
		return 0;
	if (!s)
		return fmapi_fail(d, FMAPI_ERR_ARGS, NULL, 0);
	if (l->ops) {
		if (!buf)
			return fmapi_fail(d, FMAPI_ERR_ARGS, NULL, 0);
		return l->ops->encode(l, s, buf, bufsz, d);
	}
	total = encoded_len(l, s, &count, d);
	if (total < 0)
		return total;
	if ((size_t)total > bufsz || (total && !buf))
		return fmapi_fail(d, FMAPI_ERR_NOSPACE, NULL, bufsz);
	memset(buf, 0, total);
	ret = fmapi_fields_encode(l->fields, l->nr_fields, s, buf, d, 0);
	if (ret)
		return ret;
	if (l->list) {
		ret = list_encode(l, s, buf, count, d);
		if (ret)
			return ret;
	}
	if (l->nr_tail) {
		size_t end = total - l->tail_len;

		ret = fmapi_fields_encode(l->tail, l->nr_tail, s, buf + end, d,
					  end);
		if (ret)
			return ret;
	}
	return total;
}
