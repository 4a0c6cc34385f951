// SPDX-License-Identifier: GPL-2.0
/*
 * CXL.io requests to the LDs of an MLD: Send LD CXL.io Configuration
 * Request and Send LD CXL.io Memory Request (CXL r3.2 §7.6.7.3.2-3,
 * reference §3.4), and the configuration access they share with Send PPB
 * CXL.io Configuration Request (§7.6.7.1.4).  Each LD has a type 0
 * configuration header and a 4 KiB memory BAR whose contents are plain RAM,
 * so that a read returns what a write stored.  Only LDs not bound to a vPPB
 * are reachable: a bound LD belongs to its host.
 */
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sim.h"

/* The 24-bit request field at bytes 1-3 (CXL r3.2 Tables 7-21, 7-39, 7-41) */
#define SIM_IO_WRITE		BIT(23)
#define SIM_IO_REG(f)		((f) & 0xfff)	/* register, extended register */
#define SIM_IO_FIRST_BE(f)	(((f) >> 12) & 0xf)
#define SIM_IO_LAST_BE(f)	(((f) >> 16) & 0xf)

/* The LD's function: a CXL memory device (class 05 02 10) */
#define SIM_LD_CLASS		0x050210
#define SIM_LD_CMD_MSE		BIT(1)
#define SIM_LD_CMD_MASK		0x00000546	/* mem, master, parity, SERR, INTx */
#define SIM_LD_BAR0		4
#define SIM_LD_BAR0_MASK	(~(u32)(SIM_LD_MMIO - 1))	/* 32-bit memory */
#define SIM_LD_MMIO		SZ_4K	/* BAR 0 */
#define SIM_LD_MEM_HDR		0x10
#define SIM_LD_MEM_MAX		SZ_4K	/* CXL r3.2 Table 7-41 */

/* Writable bits of the LD's header, per dword */
static const u32 sim_ld_wmask[SIM_CFG_DWORDS] = {
	[1] = SIM_LD_CMD_MASK,
	[SIM_LD_BAR0] = SIM_LD_BAR0_MASK,
};

/**
 * sim_cfg_request() - one CXL.io configuration request on an emulated header
 * @rq: the request; the 4-byte read data is its response
 * @field: the 24-bit register / byte-enable / type field
 * @wdata: write data
 * @cfg: the header, %SIM_CFG_DWORDS dwords
 * @wmask: its writable bits
 *
 * Registers past the header read 0 and ignore writes; a write changes the
 * enabled bytes' writable bits only and reads back 0.
 *
 * Return: Success, or Internal Error if the response does not fit.
 */
u16 sim_cfg_request(struct sim_req *rq, u32 field, u32 wdata, u32 *cfg,
		    const u32 *wmask)
{
	unsigned int reg = SIM_IO_REG(field), i;
	u32 mask = 0;

	if (!sim_fits(rq, 4))
		return SIM_RC_INTERNAL;
	if (reg >= SIM_CFG_DWORDS)
		return SIM_RC_SUCCESS;
	if (!(field & SIM_IO_WRITE)) {
		sim_put32(rq->out, cfg[reg]);
		return SIM_RC_SUCCESS;
	}
	for (i = 0; i < 4; i++)
		if (SIM_IO_FIRST_BE(field) & BIT(i))
			mask |= 0xffU << (8 * i);
	mask &= wmask[reg];
	cfg[reg] = (cfg[reg] & ~mask) | (wdata & mask);
	return SIM_RC_SUCCESS;
}

/**
 * sim_ldio_init() - the LDs' configuration headers and memory after reset
 * @m: the MLD, with its LD count set
 *
 * Return: 0 or -ENOMEM.
 */
int sim_ldio_init(struct sim_mld *m)
{
	unsigned int l;

	m->ld_mmio = kvcalloc(m->lds, SIM_LD_MMIO, GFP_KERNEL);
	if (!m->ld_mmio)
		return -ENOMEM;
	for (l = 0; l < m->lds; l++) {
		m->ld_cfg[l][0] = SIM_DEVICE_TYPE3 << 16 | SIM_VENDOR;
		m->ld_cfg[l][2] = SIM_LD_CLASS << 8;
	}
	return 0;
}

/**
 * sim_ldio_free() - free what sim_ldio_init() allocated
 * @m: the MLD
 */
void sim_ldio_free(struct sim_mld *m)
{
	kvfree(m->ld_mmio);
}

/*
 * The MLD and LD a request names: Invalid Input for a port or LD that does
 * not exist or an LD bound to a host, Unsupported for a port without an
 * MLD (nothing there has LDs).
 */
static u16 sim_ldio_target(struct sim_req *rq, u8 port, u16 ld,
			   struct sim_mld **m)
{
	const struct sim_port *p;

	if (port >= rq->sd->cfg.ports)
		return SIM_RC_INVALID_INPUT;
	p = &rq->sd->port[port];
	if (!p->mld)
		return SIM_RC_UNSUPPORTED;
	if (ld >= p->mld->lds || p->ld_bound & BIT(ld))
		return SIM_RC_INVALID_INPUT;
	*m = p->mld;
	return SIM_RC_SUCCESS;
}

/* Send LD CXL.io Configuration Request, CXL r3.2 §7.6.7.3.2 */
u16 sim_ld_config(struct sim_req *rq)
{
	u16 rc = sim_check_len(rq, 12), ld;
	struct sim_mld *m;

	if (rc)
		return rc;
	ld = sim_get16(rq->in + 4);
	rc = sim_ldio_target(rq, rq->in[0], ld, &m);
	if (rc)
		return rc;
	return sim_cfg_request(rq, rq->in[1] | rq->in[2] << 8 | rq->in[3] << 16,
			       sim_get32(rq->in + 8), m->ld_cfg[ld],
			       sim_ld_wmask);
}

/* The byte enables of byte @i of a transfer of @len bytes. */
static bool sim_mem_enabled(u32 field, unsigned int i, unsigned int len)
{
	unsigned int dw = i / 4, be = 0xf;

	if (dw == 0)
		be = SIM_IO_FIRST_BE(field);
	else if (dw == len / 4 - 1)
		be = SIM_IO_LAST_BE(field);
	return be & BIT(i % 4);
}

/*
 * Send LD CXL.io Memory Request, CXL r3.2 §7.6.7.3.3.  As in a PCIe memory
 * request the address and length are dword multiples, the first-DW byte
 * enables apply to the first dword and the last-DW ones to the last, which
 * must be 0 for a one-dword transfer.  The transfer must fall in BAR 0 with
 * memory decoding enabled.
 */
u16 sim_ld_memory(struct sim_req *rq)
{
	u16 rc = sim_check_min_len(rq, SIM_LD_MEM_HDR), ld;
	unsigned int len, i;
	struct sim_mld *m;
	u32 field, *cfg;
	u64 addr, base;
	bool write;
	u8 *mem;

	if (rc)
		return rc;
	field = rq->in[1] | rq->in[2] << 8 | rq->in[3] << 16;
	write = field & SIM_IO_WRITE;
	len = sim_get16(rq->in + 6);
	rc = sim_check_len(rq, SIM_LD_MEM_HDR + (write ? len : 0));
	if (rc)
		return rc;
	ld = sim_get16(rq->in + 4);
	rc = sim_ldio_target(rq, rq->in[0], ld, &m);
	if (rc)
		return rc;
	cfg = m->ld_cfg[ld];
	addr = sim_get64(rq->in + 8);
	base = cfg[SIM_LD_BAR0] & SIM_LD_BAR0_MASK;
	if (!len || len > SIM_LD_MEM_MAX || (len | addr) & 3 ||
	    (len == 4 && SIM_IO_LAST_BE(field)) || !(cfg[1] & SIM_LD_CMD_MSE) ||
	    addr < base || addr - base > SIM_LD_MMIO - len ||
	    !sim_fits(rq, 4 + (write ? 0 : len)))
		return SIM_RC_INVALID_INPUT;
	mem = m->ld_mmio + ld * SIM_LD_MMIO + (addr - base);
	for (i = 0; write && i < len; i++)
		if (sim_mem_enabled(field, i, len))
			mem[i] = rq->in[SIM_LD_MEM_HDR + i];
	if (!write)
		memcpy(rq->out + 4, mem, len);
	sim_put16(rq->out, len);
	return SIM_RC_SUCCESS;
}
