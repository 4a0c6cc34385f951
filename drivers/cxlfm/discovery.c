// SPDX-License-Identifier: GPL-2.0
/*
 * What a CCI supports and who it is, read once at registration: the Command
 * Effects Log (CXL r3.1 §8.2.9.5.2.1) through Get Supported Logs and Get
 * Log, then Identify and Identify Switch Device when the CEL lists them.
 */
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "cxlfm.h"
#include "fmapi/fmapi.h"
#include "fmapi/fmapi_cmds.h"

static u32 cxlfm_cel_size(struct cxlfm_cci *cci, void *buf)
{
	struct fmapi_log_entry *logs;
	struct fmapi_get_supported_logs_rsp rsp = {};
	u32 i, size = 0;
	int rc;

	rsp.entries_cap = cci->payload_size / sizeof(*logs);
	logs = kvcalloc(rsp.entries_cap, sizeof(*logs), GFP_KERNEL);
	if (!logs)
		return 0;
	rsp.entries = logs;
	rc = cxlfm_call(cci, FMAPI_OP_GET_SUPPORTED_LOGS, NULL, &rsp, buf);
	for (i = 0; !rc && i < rsp.nr_entries; i++)
		if (!memcmp(logs[i].uuid, fmapi_cel_uuid, sizeof(fmapi_cel_uuid)))
			size = logs[i].size;
	kvfree(logs);
	return size;
}

static int cmp_cel(const void *a, const void *b)
{
	return (int)((const struct fmapi_cel_entry *)a)->opcode -
	       (int)((const struct fmapi_cel_entry *)b)->opcode;
}

/* Read the whole CEL in payload-sized pieces and keep it sorted. */
static int cxlfm_read_cel(struct cxlfm_cci *cci, void *buf, u32 size)
{
	struct fmapi_get_log_req req = { .offset = 0 };
	struct fmapi_cel_entry *ents;
	struct fmapi_bytes chunk = {};
	u32 nr = 0, got, i;
	u8 *cel;
	int rc;

	/* one entry per opcode at most, whatever size the device claims */
	if (size > (U16_MAX + 1) * FMAPI_CEL_ENTRY_SIZE) {
		dev_warn(&cci->dev, "CEL of %u bytes: reading one entry per opcode at most\n",
			 size);
		size = (U16_MAX + 1) * FMAPI_CEL_ENTRY_SIZE;
	}
	size = rounddown(size, FMAPI_CEL_ENTRY_SIZE);
	cel = kvmalloc(size, GFP_KERNEL);
	ents = kvcalloc(size / FMAPI_CEL_ENTRY_SIZE, sizeof(*ents), GFP_KERNEL);
	if (!cel || !ents) {
		rc = -ENOMEM;
		goto out;
	}
	memcpy(req.uuid, fmapi_cel_uuid, sizeof(req.uuid));
	while (req.offset < size) {
		req.length = min_t(u32, size - req.offset, cci->payload_size);
		chunk.data = cel + req.offset;
		chunk.data_cap = req.length;
		rc = cxlfm_call(cci, FMAPI_OP_GET_LOG, &req, &chunk, buf);
		if (rc)
			goto out;
		got = chunk.nr_data;
		if (!got)
			break;	/* the log is shorter than announced */
		req.offset += got;
	}
	rc = fmapi_cel_parse(cel, rounddown(req.offset, FMAPI_CEL_ENTRY_SIZE),
			     ents, size / FMAPI_CEL_ENTRY_SIZE, &nr, NULL);
	if (rc)
		goto out;
	sort(ents, nr, sizeof(*ents), cmp_cel, NULL);

	/* up to 64 Ki opcodes from the device's CEL */
	cci->cel.opcode = kvcalloc(nr, sizeof(u16), GFP_KERNEL);
	cci->cel.effects = kvcalloc(nr, sizeof(u16), GFP_KERNEL);
	if (!cci->cel.opcode || !cci->cel.effects) {
		rc = -ENOMEM;
		goto out;
	}
	for (i = 0; i < nr; i++) {
		/* A duplicate would break the binary search; keep the first. */
		if (cci->cel.nr && cci->cel.opcode[cci->cel.nr - 1] == ents[i].opcode)
			continue;
		cci->cel.opcode[cci->cel.nr] = ents[i].opcode;
		cci->cel.effects[cci->cel.nr] = ents[i].effects;
		cci->cel.nr++;
	}
out:
	kvfree(ents);
	kvfree(cel);
	return rc;
}

static int cxlfm_read_identity(struct cxlfm_cci *cci, void *buf)
{
	struct fmapi_identify_switch_rsp sw;
	unsigned int i;
	struct cxlfm_mbox_cmd cmd = {
		.opcode = FMAPI_OP_IDENTIFY,
		.payload_out = buf,
		.size_out = cci->payload_size,
	};
	int rc;

	if (cxlfm_cci_supports(cci, FMAPI_OP_IDENTIFY, NULL)) {
		rc = cxlfm_mbox_send(cci, &cmd);
		if (rc)
			return rc;
		cci->identify = kmemdup(buf, cmd.size_out, GFP_KERNEL);
		if (!cci->identify)
			return -ENOMEM;
		cci->identify_len = cmd.size_out;
	}
	if (cxlfm_cci_supports(cci, FMAPI_OP_IDENTIFY_SWITCH, NULL)) {
		rc = cxlfm_call(cci, FMAPI_OP_IDENTIFY_SWITCH, NULL, &sw, buf);
		if (rc)
			return rc;
		cci->is_switch = true;
		cci->num_ports = sw.num_phys_ports;
		cci->num_vcs = sw.num_vcs;
		cci->num_vppbs = sw.num_vppbs;
		/* CXL r3.1 Table 7-22: bit n of the bitmask is port n */
		for (i = 0; i < 256; i++)
			if (sw.active_ports[i / 8] & BIT(i % 8))
				__set_bit(i, cci->active_ports);
		cci->ingress_port = sw.ingress_port_id;
	}
	return 0;
}

/**
 * cxlfm_discover() - learn a new CCI's commands and identity
 * @cci: the CCI, not yet visible to anyone
 *
 * Return: 0, or a negative errno if the CCI cannot be used.
 */
int cxlfm_discover(struct cxlfm_cci *cci)
{
	void *buf = kvmalloc(cci->payload_size, GFP_KERNEL);
	u32 size;
	int rc;

	if (!buf)
		return -ENOMEM;
	size = cxlfm_cel_size(cci, buf);
	if (size < FMAPI_CEL_ENTRY_SIZE) {
		dev_err(cci->dev.parent, "CCI has no Command Effects Log\n");
		rc = -ENXIO;
		goto out;
	}
	rc = cxlfm_read_cel(cci, buf, size);
	if (rc) {
		dev_err(cci->dev.parent, "cannot read the CEL: %d\n", rc);
		goto out;
	}
	rc = cxlfm_read_identity(cci, buf);
	if (rc)
		dev_err(cci->dev.parent, "cannot identify the CCI: %d\n", rc);
out:
	kvfree(buf);
	return rc;
}
