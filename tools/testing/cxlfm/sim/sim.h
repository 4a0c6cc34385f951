/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cxlfm_sim: a simulated CXL switch whose Switch Mailbox CCI speaks the
 * FM-API byte by byte.  Everything here is the simulator's own reading of
 * the specification; none of it is shared with cxlfm's codec, so that a
 * misunderstanding on either side shows up as a test failure.
 */
#ifndef CXLFM_SIM_H
#define CXLFM_SIM_H

#include <linux/bitmap.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "cci.h"

/*
 * struct bus_type, const where the driver core takes it const (Linux 6.4
 * on, in struct device and in bus attribute callbacks alike).
 */
#define SIM_BUS_TYPE typeof(*((struct device *)NULL)->bus)

/*
 * Port IDs are one byte, so a switch has at most 256 ports.  Identify
 * Switch Device counts them in one byte too (CXL r3.2 Table 7-16): a
 * 256-port switch reports 255 there, and its Active Port Bitmask, one bit
 * per port, is what tells the whole truth.
 */
#define SIM_MAX_PORTS		256
#define SIM_MAX_LDS		16
#define SIM_MAX_HEADS		8
#define SIM_MAX_DC_REGIONS	8
#define SIM_MAX_EXTENTS		64
#define SIM_MAX_FAULTS		8
#define SIM_CEL_ALL		U32_MAX	/* every command the switch implements */
#define SIM_MAX_COUNTED		32	/* opcodes the "commands" knob tells apart */
#define SIM_PAYLOAD_MIN		256
#define SIM_PAYLOAD_MAX		(1024 * 1024)
#define SIM_VENDOR_LOG_MAX	(16 * 1024 * 1024)	/* vendor_log= bytes */
#define SIM_CFG_DWORDS		16	/* emulated PPB config header */
#define SIM_LD_NONE		0xffff	/* "not an LD" in Bind vPPB */
/* CXL r3.1 §8.2.8.4: a command not done in 2 s has timed out. */
#define SIM_TIMEOUT_MS		2000

/* Return codes, CXL r3.1 §8.2.8.4.5.1 (reference §1.9). */
enum sim_rc {
	SIM_RC_SUCCESS		= 0x0000,
	SIM_RC_BACKGROUND	= 0x0001,
	SIM_RC_INVALID_INPUT	= 0x0002,
	SIM_RC_UNSUPPORTED	= 0x0003,
	SIM_RC_INTERNAL		= 0x0004,
	SIM_RC_BUSY		= 0x0006,
	SIM_RC_INVALID_HANDLE	= 0x000e,
	SIM_RC_ABORTED		= 0x0012,
	SIM_RC_INVALID_PAYLOAD	= 0x0016,
	SIM_RC_INVALID_LOG	= 0x0017,
	SIM_RC_EXHAUSTED	= 0x001d,
	SIM_RC_INVALID_EXTENTS	= 0x001e,
};

/* Command effects, spec bit order (reference §1.10, CXL r3.1 §8.2.9.5.2.1). */
#define SIM_FX_COLD_RESET	BIT(0)
#define SIM_FX_IMM_CFG		BIT(1)
#define SIM_FX_IMM_DATA		BIT(2)
#define SIM_FX_IMM_POLICY	BIT(3)
#define SIM_FX_IMM_LOG		BIT(4)
#define SIM_FX_BG		BIT(6)
#define SIM_FX_ABORT_BG		BIT(8)
#define SIM_FX_RESET_VALID	BIT(9)
#define SIM_FX_CONV_RESET	BIT(10)
#define SIM_FX_CXL_RESET	BIT(11)
#define SIM_FX_RESETS		(SIM_FX_COLD_RESET | SIM_FX_RESET_VALID | \
				 SIM_FX_CONV_RESET | SIM_FX_CXL_RESET)

/* Little-endian field access on payload bytes. */
static inline u16 sim_get16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static inline u32 sim_get32(const u8 *p)
{
	return sim_get16(p) | (u32)sim_get16(p + 2) << 16;
}

static inline u64 sim_get64(const u8 *p)
{
	return sim_get32(p) | (u64)sim_get32(p + 4) << 32;
}

static inline void sim_put16(u8 *p, u16 v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

static inline void sim_put32(u8 *p, u32 v)
{
	sim_put16(p, v & 0xffff);
	sim_put16(p + 2, v >> 16);
}

static inline void sim_put64(u8 *p, u64 v)
{
	sim_put32(p, lower_32_bits(v));
	sim_put32(p + 4, upper_32_bits(v));
}

/* Event logs, CXL r3.1 §8.2.9.2 (reference §4.1). */
enum sim_log {
	SIM_LOG_INFO,
	SIM_LOG_WARN,
	SIM_LOG_FAIL,
	SIM_LOG_FATAL,
	SIM_NR_LOGS
};

#define SIM_EVENT_SIZE		0x80

/**
 * struct sim_event_log - one event log
 * @rec: ring of @cap records of %SIM_EVENT_SIZE bytes
 * @cap: capacity in records
 * @head: index of the oldest record
 * @nr: records held
 * @next_handle: handle of the next record (never 0)
 * @overflow: records were dropped since the log was last emptied
 * @overflow_count: how many (saturating)
 * @first_overflow: timestamp of the first dropped record
 * @last_overflow: timestamp of the last dropped record
 * @logged: records ever added, dropped ones included
 * @dropped: records ever dropped because the log was full
 */
struct sim_event_log {
	u8 *rec;
	unsigned int cap;
	unsigned int head;
	unsigned int nr;
	u16 next_handle;
	bool overflow;
	u16 overflow_count;
	u64 first_overflow;
	u64 last_overflow;
	u64 logged;
	u64 dropped;
};

/**
 * struct sim_dc_extent - one dynamic capacity extent given to a host
 * @host: the host (LD)
 * @dpa: start device physical address
 * @len: length in bytes
 * @tag: tag
 */
struct sim_dc_extent {
	u16 host;
	u64 dpa;
	u64 len;
	u8 tag[16];
};

/**
 * struct sim_dc_tag - a tag of dynamic capacity
 * @tag: the tag
 * @fm_ref: the FM holds a reference on it (0x5606)
 */
struct sim_dc_tag {
	u8 tag[16];
	bool fm_ref;
};

/**
 * struct sim_dcd - dynamic capacity of the device below an MLD port
 * @nr_regions: DC regions (0 = not a DCD)
 * @block_size: per region configured block size
 * @sanitize: per region sanitize-on-release
 * @ext: extents currently added
 * @nr_ext: how many
 * @generation: bumped on every extent list change
 * @tags: tags listed by 0x5608, in the order they appeared
 * @nr_tags: how many
 * @tag_generation: bumped on every change of @tags
 */
struct sim_dcd {
	u8 nr_regions;
	u64 block_size[SIM_MAX_DC_REGIONS];
	bool sanitize[SIM_MAX_DC_REGIONS];
	struct sim_dc_extent ext[SIM_MAX_EXTENTS];
	unsigned int nr_ext;
	u32 generation;
	struct sim_dc_tag tags[SIM_MAX_EXTENTS];
	unsigned int nr_tags;
	u32 tag_generation;
};

/**
 * struct sim_mld - the MLD below a port and its FM-owned LD
 * @lds: logical devices
 * @heads: heads of the multi-headed device (1 = not an MHD)
 * @range: per-LD allocation multipliers, range 1 and range 2
 * @qos_ctrl: QoS control, the 7 bytes of Get/Set QoS Control
 * @alloc_bw: per-LD allocated bandwidth fraction
 * @bw_limit: per-LD bandwidth limit fraction
 * @ld_cfg: per-LD configuration header (0x5301)
 * @ld_mmio: per-LD memory BAR contents, @lds windows (0x5302)
 * @dcd: dynamic capacity
 */
struct sim_mld {
	u8 lds;
	u8 heads;
	u64 range[SIM_MAX_LDS][2];
	u8 qos_ctrl[7];
	u8 alloc_bw[SIM_MAX_LDS];
	u8 bw_limit[SIM_MAX_LDS];
	u32 ld_cfg[SIM_MAX_LDS][SIM_CFG_DWORDS];
	u8 *ld_mmio;
	struct sim_dcd dcd;
};

/**
 * struct sim_port - one physical port
 * @state: current port configuration state (0x5101 enum A)
 * @dev_type: connected device type when the link is up (enum C)
 * @link_up: the link is up
 * @perst: PERST# is asserted
 * @ld_bound: for an MLD port, bitmap of LDs bound to a vPPB
 * @bound: for an SLD port, bound to a vPPB
 * @cfg: emulated config header of the PPB (0x5103)
 * @mld: the MLD below, or NULL
 */
struct sim_port {
	u8 state;
	u8 dev_type;
	bool link_up;
	bool perst;
	u16 ld_bound;
	bool bound;
	u32 cfg[SIM_CFG_DWORDS];
	struct sim_mld *mld;
};

/* vPPB binding status, 0x5200 (CXL r3.2 §7.6.7.2.1) */
enum sim_vppb_status {
	SIM_VPPB_UNBOUND,
	SIM_VPPB_IN_PROGRESS,
	SIM_VPPB_BOUND_PORT,
	SIM_VPPB_BOUND_LD,
};

/**
 * struct sim_vppb - one downstream vPPB of a virtual CXL switch
 * @status: binding status
 * @port: bound (or being bound) physical port
 * @ld: bound LD, %SIM_LD_NONE if none
 * @aer: AER events generated on it (0x5203)
 */
struct sim_vppb {
	u8 status;
	u8 port;
	u16 ld;
	unsigned int aer;
};

/**
 * struct sim_dv - the Domain Validation secret value of one VCS
 * @set: the host has set it (it can be set once)
 * @sv: the secret
 */
struct sim_dv {
	bool set;
	u8 sv[16];
};

/**
 * struct sim_bg - the background operation
 * @running: one is in progress
 * @opcode: its opcode
 * @rc: its return code once done
 * @percent: completion once done or aborted
 * @start: jiffies when it started
 * @vcs: target of the bind/unbind
 * @vppb: target of the bind/unbind
 * @prev: the vPPB before the operation, restored on abort
 * @next: the vPPB after it
 */
struct sim_bg {
	bool running;
	u16 opcode;
	u16 rc;
	u8 percent;
	unsigned long start;
	u8 vcs;
	u8 vppb;
	struct sim_vppb prev;
	struct sim_vppb next;
};

enum sim_fault_kind {
	SIM_FAULT_FAIL,
	SIM_FAULT_TIMEOUT,
	SIM_FAULT_SHORT,
	SIM_FAULT_LONG,
	SIM_FAULT_COUNT,
	SIM_FAULT_EVENTS,
};

/**
 * struct sim_fault - a fault armed for the next commands of an opcode
 * @kind: what to do
 * @any: applies to every opcode
 * @opcode: else the opcode it applies to
 * @count: commands left
 * @rc: return code for %SIM_FAULT_FAIL
 */
struct sim_fault {
	enum sim_fault_kind kind;
	bool any;
	u16 opcode;
	unsigned int count;
	u16 rc;
};

/**
 * struct sim_config - the topology asked for in new_device
 * @ports: physical ports
 * @vcs: virtual CXL switches (their USPs are ports 0 .. @vcs - 1)
 * @vppbs: downstream vPPBs per VCS
 * @payload: mailbox payload size
 * @mld: ports holding an MLD
 * @lds: LDs per MLD
 * @heads: heads per MLD (more than one: multi-headed)
 * @dc_regions: dynamic capacity regions per MLD
 * @bg_ms: duration of a bind or unbind
 * @irq: signal background completion by interrupt
 * @log_cap: capacity of each event log
 * @event_irq: signal new event records by interrupt where the event
 *	interrupt policy asks for MSI/MSI-X
 * @usp: real switch upstream port the instance stands for, or ""
 * @cel: bit i set: the Switch Mailbox CCI lists (and answers) entry i of its
 *	command table; the others are Unsupported and not in its CEL
 * @ltssm: LTSSM state reported for ports whose link is up, or -1 for L0
 * @link_flags: link state flags reported for every port, or -1 for the
 *	port's own (PERST#, PRSNT#)
 */
struct sim_config {
	unsigned int ports;
	unsigned int vcs;
	unsigned int vppbs;
	unsigned int payload;
	DECLARE_BITMAP(mld, SIM_MAX_PORTS);
	unsigned int lds;
	unsigned int heads;
	unsigned int dc_regions;
	unsigned int bg_ms;
	bool irq;
	unsigned int log_cap;
	bool event_irq;
	unsigned int vendor_log;
	char usp[16];
	u32 cel;
	int ltssm;
	int link_flags;
};

/**
 * struct sim_dev - one simulated switch
 * @dev: the device on the cxlfm_sim bus
 * @id: instance id (new_device)
 * @cfg: topology
 * @reg_lock: serialises registering and removing the CCI
 * @cci: the CCI registered with cxlfm, or NULL; changes under @lock
 * @removing: the CCI is being removed: fail and wake every command
 * @wq: woken when @removing is set
 * @lock: protects the switch state below, the event logs and the faults
 * @in_buf: copy of the request being executed
 * @out_buf: the response being built
 * @port: physical ports
 * @vppb: vPPBs, @cfg.vppbs per VCS
 * @dv: Domain Validation secret values, one per VCS
 * @log: event logs
 * @event_policy: Set Event Interrupt Policy bytes (four logs and DC)
 * @faults: armed faults
 * @busy: answer every command with Busy
 * @latency_ms: delay before every command
 * @timeout_ms: how long a "timeout" fault holds its command
 * @bg_hang: background operations never complete
 * @bg_lock: protects @bg (read by bg_status concurrently with commands)
 * @bg: the background operation
 * @bg_work: completes it
 * @outside_cel: commands cxlfm sent that the CEL of the CCI they reach
 *	does not list (debugfs "outside_cel")
 * @dsp: for usp=, names of the real downstream ports in device order
 * @nr_dsp: how many
 * @debugfs: debugfs directory
 */
/* Mailbox transactions of one opcode (debugfs "commands"). */
struct sim_op_count {
	u16 opcode;
	u32 n;
};

struct sim_dev {
	struct device dev;
	unsigned int id;
	struct sim_config cfg;

	struct mutex reg_lock;		/* registering/removing the CCI */
	struct cxlfm_cci *cci;
	bool removing;
	wait_queue_head_t wq;

	struct mutex lock;		/* switch state, logs, faults */
	u8 *in_buf;
	u8 *out_buf;
	struct sim_port *port;
	struct sim_vppb *vppb;
	struct sim_dv *dv;
	struct sim_event_log log[SIM_NR_LOGS];
	u8 event_policy[5];
	struct sim_fault faults[SIM_MAX_FAULTS];
	struct sim_op_count op_count[SIM_MAX_COUNTED];
	bool busy;
	u32 latency_ms;
	u32 timeout_ms;
	bool bg_hang;
	u32 outside_cel;

	spinlock_t bg_lock;		/* protects @bg */
	struct sim_bg bg;
	struct delayed_work bg_work;

	char (*dsp)[16];
	unsigned int nr_dsp;
	struct dentry *debugfs;
};

/* Where a request goes. */
enum sim_target {
	SIM_TARGET_SWITCH,	/* the Switch Mailbox CCI */
	SIM_TARGET_FM_LD,	/* an MLD's FM-owned LD, through 0x5300 */
	SIM_TARGET_LD,		/* one LD of an MLD, through two tunnels */
	SIM_TARGET_POOL,	/* an MHD's LD-pool CCI, tunnel target type 1 */
};

/**
 * struct sim_req - one command being executed
 * @sd: the switch
 * @opcode: the command
 * @in: request payload
 * @in_len: its length
 * @out: response payload
 * @out_cap: room in @out (the payload area)
 * @out_len: bytes of response
 * @port: for commands on an MLD's CCI, the MLD's port
 * @ld: for an LD's CCI reached through the FM-owned LD, the LD
 * @target: which CCI executes it
 * @from_fm: cxlfm sent it (not the test hook)
 */
struct sim_req {
	struct sim_dev *sd;
	u16 opcode;
	const u8 *in;
	size_t in_len;
	u8 *out;
	size_t out_cap;
	size_t out_len;
	u8 port;
	u16 ld;
	enum sim_target target;
	bool from_fm;
};

/**
 * struct sim_cmd - one command a simulated CCI implements
 * @opcode: the command
 * @effects: its command effects (CEL)
 * @fn: the handler; returns a return code
 */
struct sim_cmd {
	u16 opcode;
	u16 effects;
	u16 (*fn)(struct sim_req *rq);
};

/**
 * struct sim_cci_desc - the commands of one kind of simulated CCI
 * @cmds: sorted by opcode
 * @nr: how many
 * @component: component type reported by Identify
 */
struct sim_cci_desc {
	const struct sim_cmd *cmds;
	unsigned int nr;
	u8 component;
};

/* Identify (CXL r3.1 §8.2.9.1.1) values of the simulated components */
#define SIM_VENDOR		0x1e98	/* no product uses the CXL DVSEC id */
#define SIM_DEVICE_SWITCH	0xc5f0
#define SIM_DEVICE_TYPE3	0xc5f3

/* Identify component types, CXL r3.1 §8.2.9.1.1 */
#define SIM_COMPONENT_SWITCH	0x00
#define SIM_COMPONENT_TYPE3	0x03

/* sim_bus.c */
struct sim_dev *to_sim(struct device *dev);

/* sim_cci.c */
extern const struct cxlfm_transport_ops sim_cci_ops;
u16 sim_exec(struct sim_req *rq, enum sim_target target);
u16 sim_run(struct sim_dev *sd, u16 opcode, const void *in, size_t in_len,
	    size_t *out_len, bool from_fm);
bool sim_lists(struct sim_req *rq, enum sim_target target);
int sim_cci_add(struct sim_dev *sd);
int sim_cel_parse(const char *list, u32 *cel);
int sim_cel_format(u32 cel, char *buf, size_t len);
bool sim_cel_lists(const struct sim_dev *sd, u16 opcode);
void sim_cci_remove(struct sim_dev *sd);
u16 sim_check_len(const struct sim_req *rq, size_t len);
u16 sim_check_min_len(const struct sim_req *rq, size_t len);
bool sim_fits(struct sim_req *rq, size_t len);

/* sim_events.c */
int sim_events_init(struct sim_dev *sd);
void sim_events_free(struct sim_dev *sd);
void sim_event_add(struct sim_dev *sd, enum sim_log log, const u8 *uuid,
		   const u8 *body, size_t body_len);
void sim_event_inject(struct sim_dev *sd, enum sim_log log,
		      unsigned int count);
void sim_event_garble(struct sim_req *rq);
void sim_events_debugfs(struct sim_dev *sd);
extern const u8 sim_uuid_phys_switch[16];
u16 sim_get_event_records(struct sim_req *rq);
u16 sim_clear_event_records(struct sim_req *rq);
u16 sim_get_event_policy(struct sim_req *rq);
u16 sim_set_event_policy(struct sim_req *rq);

/* sim_switch.c */
int sim_switch_init(struct sim_dev *sd);
void sim_switch_free(struct sim_dev *sd);
void sim_port_set_link(struct sim_dev *sd, unsigned int port, bool up);
void sim_ltssm_record(struct sim_dev *sd, unsigned int id, u8 ltssm);
void sim_binding_record(struct sim_dev *sd, unsigned int vppb, u8 status);
void sim_port_block(struct sim_dev *sd, unsigned int id, u8 *b);
u8 sim_bg_percent(struct sim_dev *sd);
u16 sim_bg_abort(struct sim_dev *sd);
u16 sim_identify_switch(struct sim_req *rq);
u16 sim_get_port_state(struct sim_req *rq);
u16 sim_port_control(struct sim_req *rq);
u16 sim_ppb_config(struct sim_req *rq);
u16 sim_get_vcs_info(struct sim_req *rq);
u16 sim_bind_vppb(struct sim_req *rq);
u16 sim_unbind_vppb(struct sim_req *rq);
u16 sim_generate_aer(struct sim_req *rq);

/* sim_dv.c */
u16 sim_get_dv_sv_state(struct sim_req *rq);
u16 sim_set_dv_sv(struct sim_req *rq);
u16 sim_get_vcs_dv_sv_state(struct sim_req *rq);
u16 sim_get_dv_sv(struct sim_req *rq);

/* sim_ldio.c */
u16 sim_cfg_request(struct sim_req *rq, u32 field, u32 wdata, u32 *cfg,
		    const u32 *wmask);
int sim_ldio_init(struct sim_mld *m);
void sim_ldio_free(struct sim_mld *m);
u16 sim_ld_config(struct sim_req *rq);
u16 sim_ld_memory(struct sim_req *rq);

/* sim_mld.c */
u16 sim_tunnel(struct sim_req *rq);
u16 sim_get_ld_info(struct sim_req *rq);
u16 sim_get_ld_alloc(struct sim_req *rq);
u16 sim_set_ld_alloc(struct sim_req *rq);
u16 sim_get_qos_ctrl(struct sim_req *rq);
u16 sim_set_qos_ctrl(struct sim_req *rq);
u16 sim_get_qos_status(struct sim_req *rq);
u16 sim_get_qos_bw(struct sim_req *rq);
u16 sim_set_qos_bw(struct sim_req *rq);
u16 sim_get_mhd_info(struct sim_req *rq);
u16 sim_get_head_info(struct sim_req *rq);

/* sim_dcd.c */
u16 sim_get_dcd_info(struct sim_req *rq);
u16 sim_get_dc_region_cfg(struct sim_req *rq);
u16 sim_set_dc_region_cfg(struct sim_req *rq);
u16 sim_get_dc_extents(struct sim_req *rq);
u16 sim_dc_add(struct sim_req *rq);
u16 sim_dc_release(struct sim_req *rq);

/* sim_dctag.c */
bool sim_dc_tags_update(struct sim_dcd *d);
u16 sim_dc_add_ref(struct sim_req *rq);
u16 sim_dc_remove_ref(struct sim_req *rq);
u16 sim_dc_list_tags(struct sim_req *rq);

/* sim_faults.c */
void sim_count_cmd(struct sim_dev *sd, u16 opcode);
int sim_fault_take(struct sim_dev *sd, u16 opcode, enum sim_fault_kind kind,
		   u16 *rc);
void sim_inflate_count(struct sim_req *rq);
void sim_faults_debugfs(struct sim_dev *sd);

#endif /* CXLFM_SIM_H */
