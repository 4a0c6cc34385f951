// SPDX-License-Identifier: GPL-2.0
/*
 * Tags of dynamic capacity (CXL r3.2 §7.6.7.6.7-§7.6.7.6.9, layouts per
 * reference §3.7): Dynamic Capacity Add Reference, Remove Reference and
 * List Tags.  A tag is listed while an extent carries it or the FM holds a
 * reference on it, so a reference keeps a tag known after its last extent
 * is released.  The null tag means "untagged" and is never listed.
 *
 * A List Tags entry as the simulator fills it: flags bit 0 = the FM holds
 * a reference; reference bitmap bit h = host (LD) h holds an extent with
 * the tag; the pending-reference bitmap stays zero, since the simulator
 * gives capacity to a host at once.  Both bitmaps are valid (validity
 * bits 0 and 1).
 */
#include <linux/string.h>

#include "sim.h"

#define SIM_DC_TAG_LEN		16
#define SIM_DC_TAG_ENTRY_LEN	0x54
#define SIM_DC_TAG_HDR		0x10
#define SIM_DC_TAG_FM_REF	BIT(0)
#define SIM_DC_TAG_VALID	(BIT(0) | BIT(1))

static const u8 sim_null_tag[SIM_DC_TAG_LEN];

static struct sim_dc_tag *sim_dc_tag_find(struct sim_dcd *d, const u8 *tag)
{
	unsigned int i;

	for (i = 0; i < d->nr_tags; i++)
		if (!memcmp(d->tags[i].tag, tag, SIM_DC_TAG_LEN))
			return &d->tags[i];
	return NULL;
}

static bool sim_dc_tag_in_use(const struct sim_dcd *d, const u8 *tag)
{
	unsigned int i;

	for (i = 0; i < d->nr_ext; i++)
		if (!memcmp(d->ext[i].tag, tag, SIM_DC_TAG_LEN))
			return true;
	return false;
}

/* Whether extent @i is the first one with its tag. */
static bool sim_dc_tag_first(const struct sim_dcd *d, unsigned int i)
{
	unsigned int j;

	for (j = 0; j < i; j++)
		if (!memcmp(d->ext[j].tag, d->ext[i].tag, SIM_DC_TAG_LEN))
			return false;
	return true;
}

/**
 * sim_dc_tags_update() - bring the tag list in line with the extents
 * @d: the DCD, after extents were added or released
 *
 * Drops tags that lost their last extent and hold no reference, keeping
 * the order of the rest, then lists the tags of new extents.
 *
 * Return: false, with nothing new listed, if the new tags do not fit;
 * never after a release.
 */
bool sim_dc_tags_update(struct sim_dcd *d)
{
	unsigned int i, n = 0, need = 0;

	for (i = 0; i < d->nr_tags; i++)
		if (d->tags[i].fm_ref || sim_dc_tag_in_use(d, d->tags[i].tag))
			d->tags[n++] = d->tags[i];
	if (n != d->nr_tags)
		d->tag_generation++;
	d->nr_tags = n;
	for (i = 0; i < d->nr_ext; i++)
		need += memcmp(d->ext[i].tag, sim_null_tag, SIM_DC_TAG_LEN) &&
			!sim_dc_tag_find(d, d->ext[i].tag) &&
			sim_dc_tag_first(d, i);
	if (d->nr_tags + need > SIM_MAX_EXTENTS)
		return false;
	for (i = 0; i < d->nr_ext; i++) {
		const u8 *tag = d->ext[i].tag;

		if (!memcmp(tag, sim_null_tag, SIM_DC_TAG_LEN) ||
		    sim_dc_tag_find(d, tag))
			continue;
		d->tags[d->nr_tags] = (struct sim_dc_tag){ .fm_ref = false };
		memcpy(d->tags[d->nr_tags++].tag, tag, SIM_DC_TAG_LEN);
		d->tag_generation++;
	}
	return true;
}

static struct sim_dcd *sim_dc_of(struct sim_req *rq)
{
	return &rq->sd->port[rq->port].mld->dcd;
}

/*
 * Dynamic Capacity Add Reference, CXL r3.2 §7.6.7.6.7: the tag must be
 * listed and not yet referenced.
 */
u16 sim_dc_add_ref(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, SIM_DC_TAG_LEN);
	struct sim_dcd *d = sim_dc_of(rq);
	struct sim_dc_tag *t;

	if (rc)
		return rc;
	t = sim_dc_tag_find(d, rq->in);
	if (!t || t->fm_ref)
		return SIM_RC_INVALID_INPUT;
	t->fm_ref = true;
	d->tag_generation++;
	return SIM_RC_SUCCESS;
}

/* Dynamic Capacity Remove Reference, CXL r3.2 §7.6.7.6.8 */
u16 sim_dc_remove_ref(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, SIM_DC_TAG_LEN);
	struct sim_dcd *d = sim_dc_of(rq);
	struct sim_dc_tag *t;

	if (rc)
		return rc;
	t = sim_dc_tag_find(d, rq->in);
	if (!t || !t->fm_ref)
		return SIM_RC_INVALID_INPUT;
	t->fm_ref = false;
	d->tag_generation++;
	sim_dc_tags_update(d);
	return SIM_RC_SUCCESS;
}

/* Dynamic Capacity List Tags, CXL r3.2 §7.6.7.6.9 */
u16 sim_dc_list_tags(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 8);
	struct sim_dcd *d = sim_dc_of(rq);
	unsigned int start, n, i, j;
	u8 *o;

	if (rc)
		return rc;
	start = sim_get32(rq->in);
	if (start > d->nr_tags)
		return SIM_RC_INVALID_INPUT;
	n = min3(sim_get32(rq->in + 4), d->nr_tags - start,
		 (u32)((rq->out_cap - SIM_DC_TAG_HDR) / SIM_DC_TAG_ENTRY_LEN));
	sim_fits(rq, SIM_DC_TAG_HDR + SIM_DC_TAG_ENTRY_LEN * n);
	sim_put32(rq->out, d->tag_generation);
	sim_put32(rq->out + 0x04, d->nr_tags);
	sim_put32(rq->out + 0x08, n);
	rq->out[0x0c] = SIM_DC_TAG_VALID;
	for (i = 0; i < n; i++) {
		const struct sim_dc_tag *t = &d->tags[start + i];

		o = rq->out + SIM_DC_TAG_HDR + SIM_DC_TAG_ENTRY_LEN * i;
		memcpy(o, t->tag, SIM_DC_TAG_LEN);
		o[0x10] = t->fm_ref ? SIM_DC_TAG_FM_REF : 0;
		for (j = 0; j < d->nr_ext; j++)
			if (!memcmp(d->ext[j].tag, t->tag, SIM_DC_TAG_LEN))
				o[0x14 + d->ext[j].host / 8] |= BIT(d->ext[j].host % 8);
	}
	return SIM_RC_SUCCESS;
}
