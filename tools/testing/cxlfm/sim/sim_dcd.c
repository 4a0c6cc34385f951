// SPDX-License-Identifier: GPL-2.0
/*
 * Dynamic capacity of the device below an MLD port: the DCD Management
 * command set (CXL r3.2 §7.6.7.6) on its FM-owned LD.  Region r spans
 * 1 GiB from DPA r GiB; each LD is a host (LD-FAM).  Capacity is added by
 * the free, contiguous or prescriptive selection policy and released by
 * tag or prescriptively; no region is sharable, so the enable-shared-access
 * policy is not offered.
 */
#include <linux/log2.h>
#include <linux/string.h>

#include "sim.h"

#define SIM_DC_REGION_SIZE	BIT_ULL(30)
#define SIM_DC_UNIT		(256ULL << 20)	/* totals are in 256 MB units */
#define SIM_DC_BLOCK_SIZES	(BIT_ULL(21) | BIT_ULL(28))	/* 2M, 256M */
#define SIM_DC_REGION_LEN	0x28
#define SIM_DC_EXTENT_LEN	0x28
/* Selection policies of Initiate Dynamic Capacity Add (Table 7-69) */
#define SIM_DC_ADD_FREE		0
#define SIM_DC_ADD_CONTIGUOUS	1
#define SIM_DC_ADD_PRESCRIPTIVE	2
#define SIM_DC_ADD_SHARED	3
#define SIM_DC_ADD_POLICIES	(BIT(SIM_DC_ADD_FREE) | BIT(SIM_DC_ADD_CONTIGUOUS) | \
				 BIT(SIM_DC_ADD_PRESCRIPTIVE))
/* Removal policies of Initiate Dynamic Capacity Release (Table 7-70) */
#define SIM_DC_REL_TAG		0
#define SIM_DC_REL_PRESCRIPTIVE	1
#define SIM_DC_REL_POLICIES	(BIT(SIM_DC_REL_TAG) | BIT(SIM_DC_REL_PRESCRIPTIVE))

static struct sim_mld *sim_dc_mld(struct sim_req *rq)
{
	return rq->sd->port[rq->port].mld;
}

/* Get DCD Info, CXL r3.2 §7.6.7.6.1 */
u16 sim_get_dcd_info(struct sim_req *rq)
{
	const struct sim_mld *m = sim_dc_mld(rq);
	u16 rc = sim_check_len(rq, 0);
	unsigned int r;
	u8 *o = rq->out;

	if (rc)
		return rc;
	sim_fits(rq, 0x54);
	o[0x00] = m->lds;
	o[0x01] = m->dcd.nr_regions;
	sim_put16(o + 0x04, SIM_DC_ADD_POLICIES);
	sim_put16(o + 0x08, SIM_DC_REL_POLICIES);
	o[0x0a] = BIT(m->dcd.nr_regions) - 1;
	sim_put64(o + 0x0c, m->dcd.nr_regions * SIM_DC_REGION_SIZE / SIM_DC_UNIT);
	for (r = 0; r < m->dcd.nr_regions; r++)
		sim_put64(o + 0x14 + 8 * r, SIM_DC_BLOCK_SIZES);
	return SIM_RC_SUCCESS;
}

static unsigned int sim_dc_nr_ext(const struct sim_dcd *d, u16 host)
{
	unsigned int i, n = 0;

	for (i = 0; i < d->nr_ext; i++)
		n += d->ext[i].host == host;
	return n;
}

/* Get Host DC Region Configuration, CXL r3.2 §7.6.7.6.2 */
u16 sim_get_dc_region_cfg(struct sim_req *rq)
{
	const struct sim_mld *m = sim_dc_mld(rq);
	const struct sim_dcd *d = &m->dcd;
	u16 rc = sim_check_len(rq, 4), host;
	unsigned int start, n, i;
	u8 *o;

	if (rc)
		return rc;
	host = sim_get16(rq->in);
	start = rq->in[3];
	if (host >= m->lds || start >= d->nr_regions)
		return SIM_RC_INVALID_INPUT;
	n = min_t(unsigned int, rq->in[2], d->nr_regions - start);
	if (!sim_fits(rq, 4 + SIM_DC_REGION_LEN * n + 16))
		return SIM_RC_INVALID_INPUT;
	sim_put16(rq->out, host);
	rq->out[2] = d->nr_regions;
	rq->out[3] = n;
	for (i = 0; i < n; i++) {
		o = rq->out + 4 + SIM_DC_REGION_LEN * i;
		sim_put64(o + 0x00, (start + i) * SIM_DC_REGION_SIZE);
		sim_put64(o + 0x08, SIM_DC_REGION_SIZE / SIM_DC_UNIT);
		sim_put64(o + 0x10, SIM_DC_REGION_SIZE);
		sim_put64(o + 0x18, d->block_size[start + i]);
		o[0x24] = d->sanitize[start + i];
	}
	o = rq->out + 4 + SIM_DC_REGION_LEN * n;
	sim_put32(o, SIM_MAX_EXTENTS);
	sim_put32(o + 4, SIM_MAX_EXTENTS - d->nr_ext);
	sim_put32(o + 8, SIM_MAX_EXTENTS);
	sim_put32(o + 12, SIM_MAX_EXTENTS - d->nr_tags);
	return SIM_RC_SUCCESS;
}

/* Set DC Region Configuration, CXL r3.2 §7.6.7.6.3 */
u16 sim_set_dc_region_cfg(struct sim_req *rq)
{
	struct sim_dcd *d = &sim_dc_mld(rq)->dcd;
	u16 rc = sim_check_len(rq, 16);
	unsigned int r, i;
	u64 bs;

	if (rc)
		return rc;
	r = rq->in[0];
	bs = sim_get64(rq->in + 4);
	if (r >= d->nr_regions || !is_power_of_2(bs) ||
	    !(SIM_DC_BLOCK_SIZES & bs) || rq->in[0xc] & ~1)
		return SIM_RC_INVALID_INPUT;
	/* no reconfiguration while capacity of the region is given out */
	for (i = 0; i < d->nr_ext; i++)
		if (d->ext[i].dpa / SIM_DC_REGION_SIZE == r)
			return SIM_RC_UNSUPPORTED;
	d->block_size[r] = bs;
	d->sanitize[r] = rq->in[0xc] & 1;
	return SIM_RC_SUCCESS;
}

/* Get DC Region Extent Lists, CXL r3.2 §7.6.7.6.4 */
u16 sim_get_dc_extents(struct sim_req *rq)
{
	const struct sim_mld *m = sim_dc_mld(rq);
	const struct sim_dcd *d = &m->dcd;
	u16 rc = sim_check_len(rq, 12), host;
	unsigned int want, start, total, i, n = 0, seen = 0;
	u8 *o;

	if (rc)
		return rc;
	host = sim_get16(rq->in);
	want = sim_get32(rq->in + 4);
	start = sim_get32(rq->in + 8);
	total = host < m->lds ? sim_dc_nr_ext(d, host) : 0;
	if (host >= m->lds || start > total)
		return SIM_RC_INVALID_INPUT;
	want = min3(want, total - start,
		    (unsigned int)((rq->out_cap - 0x18) / SIM_DC_EXTENT_LEN));
	sim_fits(rq, 0x18 + SIM_DC_EXTENT_LEN * want);
	for (i = 0; i < d->nr_ext && n < want; i++) {
		if (d->ext[i].host != host || seen++ < start)
			continue;
		o = rq->out + 0x18 + SIM_DC_EXTENT_LEN * n++;
		sim_put64(o, d->ext[i].dpa);
		sim_put64(o + 8, d->ext[i].len);
		memcpy(o + 0x10, d->ext[i].tag, 16);
	}
	sim_put16(rq->out, host);
	sim_put32(rq->out + 0x04, start);
	sim_put32(rq->out + 0x08, n);
	sim_put32(rq->out + 0x0c, total);
	sim_put32(rq->out + 0x10, d->generation);
	return SIM_RC_SUCCESS;
}

/* Check the extent list of an add or release request; Return: its count. */
static u16 sim_dc_extent_list(struct sim_req *rq, u32 *count)
{
	u16 rc = sim_check_min_len(rq, 0x20);

	if (rc)
		return rc;
	*count = sim_get32(rq->in + 0x1c);
	if (*count > SIM_MAX_EXTENTS)
		return SIM_RC_INVALID_EXTENTS;
	return sim_check_len(rq, 0x20 + SIM_DC_EXTENT_LEN * *count);
}

/* Whether [dpa, dpa + len) overlaps an extent given out or one of @nr in @req. */
static bool sim_dc_overlaps(const struct sim_dcd *d, u64 dpa, u64 len,
			    const u8 *req, unsigned int nr)
{
	unsigned int i;
	u64 s;

	for (i = 0; i < d->nr_ext; i++)
		if (dpa < d->ext[i].dpa + d->ext[i].len &&
		    d->ext[i].dpa < dpa + len)
			return true;
	for (i = 0; i < nr; i++) {
		s = sim_get64(req + SIM_DC_EXTENT_LEN * i);
		if (dpa < s + sim_get64(req + SIM_DC_EXTENT_LEN * i + 8) &&
		    s < dpa + len)
			return true;
	}
	return false;
}

/* Add the @count extents a prescriptive request lists, after checking them. */
static u16 sim_dc_add_listed(struct sim_req *rq, struct sim_dcd *d, u16 host,
			     u8 r, u32 count)
{
	u64 base = r * SIM_DC_REGION_SIZE;
	const u8 *e;
	u32 i;

	if (!count)
		return SIM_RC_INVALID_INPUT;
	if (d->nr_ext + count > SIM_MAX_EXTENTS)
		return SIM_RC_EXHAUSTED;
	for (i = 0; i < count; i++) {
		u64 dpa, len;

		e = rq->in + 0x20 + SIM_DC_EXTENT_LEN * i;
		dpa = sim_get64(e);
		len = sim_get64(e + 8);
		if (!len || dpa < base || len > SIM_DC_REGION_SIZE ||
		    dpa - base > SIM_DC_REGION_SIZE - len ||
		    !IS_ALIGNED(dpa | len, d->block_size[r]) ||
		    sim_dc_overlaps(d, dpa, len, rq->in + 0x20, i))
			return SIM_RC_INVALID_EXTENTS;
	}
	for (i = 0; i < count; i++) {
		e = rq->in + 0x20 + SIM_DC_EXTENT_LEN * i;
		d->ext[d->nr_ext] = (struct sim_dc_extent){
			.host = host, .dpa = sim_get64(e),
			.len = sim_get64(e + 8) };
		memcpy(d->ext[d->nr_ext++].tag, e + 0x10, 16);
	}
	return SIM_RC_SUCCESS;
}

/*
 * The device selects @len bytes of region @r for the free policy (the
 * lowest free blocks, as few extents as they make) or the contiguous one
 * (the lowest free run long enough, one extent).  Extents are appended as
 * blocks are taken and dropped again if the capacity is not there.
 */
static u16 sim_dc_add_selected(struct sim_dcd *d, u16 host, u8 r, u64 len,
			       const u8 *tag, bool contiguous)
{
	u64 bs = d->block_size[r], base = r * SIM_DC_REGION_SIZE, dpa, got = 0;
	unsigned int first = d->nr_ext;
	struct sim_dc_extent *last;

	if (!len || !IS_ALIGNED(len, bs))
		return SIM_RC_INVALID_INPUT;
	for (dpa = base; dpa < base + SIM_DC_REGION_SIZE && got < len; dpa += bs) {
		if (sim_dc_overlaps(d, dpa, bs, NULL, 0)) {
			if (contiguous) {
				d->nr_ext = first;
				got = 0;
			}
			continue;
		}
		last = d->nr_ext > first ? &d->ext[d->nr_ext - 1] : NULL;
		if (last && last->dpa + last->len == dpa) {
			last->len += bs;
		} else {
			if (d->nr_ext == SIM_MAX_EXTENTS)
				break;
			d->ext[d->nr_ext] = (struct sim_dc_extent){
				.host = host, .dpa = dpa, .len = bs };
			memcpy(d->ext[d->nr_ext++].tag, tag, 16);
		}
		got += bs;
	}
	if (got < len) {
		d->nr_ext = first;
		return SIM_RC_EXHAUSTED;
	}
	return SIM_RC_SUCCESS;
}

/*
 * Initiate Dynamic Capacity Add, CXL r3.2 §7.6.7.6.5.  Only the
 * prescriptive policy takes an extent list; the others take a length in
 * blocks of the region's block size.
 */
u16 sim_dc_add(struct sim_req *rq)
{
	const struct sim_mld *m = sim_dc_mld(rq);
	struct sim_dcd *d = &sim_dc_mld(rq)->dcd;
	unsigned int first;
	u8 policy, r;
	u32 count;
	u16 rc = sim_dc_extent_list(rq, &count), host;

	if (rc)
		return rc;
	host = sim_get16(rq->in);
	policy = rq->in[2] & 0xf;
	r = rq->in[3];
	if (host >= m->lds || r >= d->nr_regions)
		return SIM_RC_INVALID_INPUT;
	first = d->nr_ext;
	switch (policy) {
	case SIM_DC_ADD_PRESCRIPTIVE:
		rc = sim_dc_add_listed(rq, d, host, r, count);
		break;
	case SIM_DC_ADD_FREE:
	case SIM_DC_ADD_CONTIGUOUS:
		if (count)
			return SIM_RC_INVALID_INPUT;
		rc = sim_dc_add_selected(d, host, r, sim_get64(rq->in + 4),
					 rq->in + 0x0c,
					 policy == SIM_DC_ADD_CONTIGUOUS);
		break;
	case SIM_DC_ADD_SHARED:
		return SIM_RC_UNSUPPORTED;	/* no sharable region */
	default:
		return SIM_RC_INVALID_INPUT;
	}
	if (rc)
		return rc;
	/* new extents go at the end: take them back if their tags do not fit */
	if (!sim_dc_tags_update(d)) {
		d->nr_ext = first;
		return SIM_RC_EXHAUSTED;
	}
	d->generation++;
	return SIM_RC_SUCCESS;
}

/* Drop extent @j of @d. */
static void sim_dc_drop(struct sim_dcd *d, unsigned int j)
{
	d->ext[j] = d->ext[--d->nr_ext];
}

/* Release every extent of @host whose tag is @tag; they must add up to @len. */
static u16 sim_dc_release_tag(struct sim_dcd *d, u16 host, u64 len,
			      const u8 *tag)
{
	unsigned int j;
	u64 total = 0;

	for (j = 0; j < d->nr_ext; j++)
		if (d->ext[j].host == host && !memcmp(d->ext[j].tag, tag, 16))
			total += d->ext[j].len;
	if (!total || total != len)
		return SIM_RC_INVALID_INPUT;
	for (j = d->nr_ext; j--;)
		if (d->ext[j].host == host && !memcmp(d->ext[j].tag, tag, 16))
			sim_dc_drop(d, j);
	return SIM_RC_SUCCESS;
}

/* Release the @count extents a prescriptive request lists, exactly as held. */
static u16 sim_dc_release_listed(struct sim_req *rq, struct sim_dcd *d,
				 u16 host, u32 count)
{
	const u8 *e;
	u32 i, j;

	if (!count)
		return SIM_RC_INVALID_INPUT;
	for (i = 0; i < count; i++) {
		e = rq->in + 0x20 + SIM_DC_EXTENT_LEN * i;
		for (j = 0; j < d->nr_ext; j++)
			if (d->ext[j].host == host &&
			    d->ext[j].dpa == sim_get64(e) &&
			    d->ext[j].len == sim_get64(e + 8))
				break;
		if (j == d->nr_ext)
			return SIM_RC_INVALID_EXTENTS;
	}
	for (i = 0; i < count; i++) {
		e = rq->in + 0x20 + SIM_DC_EXTENT_LEN * i;
		for (j = 0; j < d->nr_ext; j++)
			if (d->ext[j].host == host && d->ext[j].dpa == sim_get64(e))
				break;
		if (j < d->nr_ext)
			sim_dc_drop(d, j);
	}
	return SIM_RC_SUCCESS;
}

/*
 * Initiate Dynamic Capacity Release, CXL r3.2 §7.6.7.6.6: by tag (every
 * extent of the host with the tag, adding up to the length given) or
 * prescriptive (the listed extents).  Forced removal and sanitize are
 * accepted; the simulated capacity holds no data to sanitize.
 */
u16 sim_dc_release(struct sim_req *rq)
{
	const struct sim_mld *m = sim_dc_mld(rq);
	struct sim_dcd *d = &sim_dc_mld(rq)->dcd;
	u32 count;
	u16 rc = sim_dc_extent_list(rq, &count), host;

	if (rc)
		return rc;
	host = sim_get16(rq->in);
	if (host >= m->lds)
		return SIM_RC_INVALID_INPUT;
	switch (rq->in[2] & 0xf) {
	case SIM_DC_REL_TAG:
		rc = count ? SIM_RC_INVALID_INPUT :
		     sim_dc_release_tag(d, host, sim_get64(rq->in + 4),
					rq->in + 0x0c);
		break;
	case SIM_DC_REL_PRESCRIPTIVE:
		rc = sim_dc_release_listed(rq, d, host, count);
		break;
	default:
		return SIM_RC_INVALID_INPUT;
	}
	if (rc == SIM_RC_SUCCESS) {
		d->generation++;
		sim_dc_tags_update(d);
	}
	return rc;
}
