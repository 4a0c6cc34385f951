/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The protocol between cxlfm-redfishd's network process and its privileged
 * broker: one fixed-size request per SOCK_SEQPACKET message, one answer
 * (a header and an op-specific payload) per message.  Both ends are the
 * same binary, so the payloads are libcxlfm's own structs; the receiver
 * still checks every size and count before it reads one.
 *
 * The op set is closed and small on purpose: a compromised network
 * process can ask for these FM-API commands and nothing else (no raw
 * passthrough, no opcode of its choosing, no other CCI setting).
 */
#ifndef RF_PROTO_H
#define RF_PROTO_H

#include <stdint.h>
#include <cxlfm/libcxlfm.h>

#define RF_PROTO_MAGIC		0x52464d31u	/* "RFM1" */

enum rf_op {
	RF_OP_LIST = 1,		/* every switch CCI: cxlfm_cci_info[] */
	RF_OP_IDENTIFY,		/* Identify Switch Device */
	RF_OP_PORTS,		/* Get Physical Port State, every port */
	RF_OP_VCS,		/* Get VCS Info of every active VCS */
	RF_OP_BIND,		/* Bind vPPB (background) */
	RF_OP_UNBIND,		/* Unbind vPPB (background) */
	RF_OP_PORT_RESET,	/* Physical Port Control: reset PPB */
	RF_OP_BG_STATUS,	/* state of one background command */
	RF_OP_REPORT,		/* a remote FM's change, for a mapped vPPB only */
	RF_OP_MAX,
};

/* The only roles; the front end sends the caller's, the broker re-checks. */
enum rf_role {
	RF_ROLE_NONE = 0,
	RF_ROLE_READONLY,
	RF_ROLE_OPERATOR,
	RF_ROLE_ADMIN,
};

struct rf_req {
	uint32_t magic;
	uint16_t op;		/* enum rf_op */
	uint16_t role;		/* enum rf_role of the authenticated caller */
	uint32_t cci;
	uint8_t vcs;
	uint8_t vppb;
	uint8_t port;
	uint8_t option;		/* unbind option; REPORT: enum cxlfm_fabric_change */
	uint16_t ld;		/* CXLFM_FM_LD_ID_NONE if no LD */
	uint16_t opcode;	/* BG_STATUS: the command's opcode */
	uint32_t seq;		/* BG_STATUS: the kernel's bg-seq */
};

struct rf_rsp {
	uint32_t magic;
	uint16_t op;		/* echoes the request */
	uint16_t nr;		/* elements in the payload */
	int32_t err;		/* 0 or a negative errno */
	uint16_t return_code;	/* the device's CXL return code, if any */
	uint8_t started;	/* a background command was started */
	uint8_t pad;
	uint32_t len;		/* payload bytes after this header */
};

/* Limits of one answer: a switch beyond them is refused with -E2BIG. */
#define RF_MAX_CCIS	64
#define RF_MAX_PORTS	256
#define RF_MAX_VCS	64
#define RF_MAX_VPPBS	4096

struct rf_vcs_set {
	uint32_t nr_vcs;
	uint32_t nr_vppbs;
	struct cxlfm_fm_vcs_info vcs[RF_MAX_VCS];
	struct cxlfm_fm_vppb_info vppbs[RF_MAX_VPPBS];
};

/* BG_STATUS's answer and BIND/UNBIND's when started (@started set) */
struct rf_bg {
	struct cxlfm_bg_cmd cmd;
	uint8_t running;	/* still runs */
	uint8_t percent;
	uint16_t return_code;	/* its result once it ended */
	int32_t err;		/* -ESTALE: result lost to a newer command */
};

#define RF_RSP_MAX	(sizeof(struct rf_rsp) + sizeof(struct rf_vcs_set))

/*
 * Events: the broker reads the cxlfm events group (joining it needs
 * CAP_SYS_ADMIN, which the network process has not) and sends each event,
 * reduced to this fixed struct, one per message, on a second socketpair
 * that only goes from the broker to the network process.  It never waits
 * for the reader: an event that does not fit is dropped and counted in
 * @lost of the next one sent.
 */
#define RF_EVENT_MAGIC		0x52464531u	/* "RFE1" */

struct rf_event {
	uint32_t magic;
	uint16_t type;		/* enum cxlfm_event_type */
	uint8_t kind;		/* enum cxlfm_event_kind of a record */
	uint8_t log;		/* the record's event log, 0..3 */
	uint32_t cci;
	uint32_t lost;		/* events dropped before this one */
	uint8_t ev_type;	/* the record's event type */
	uint8_t port;		/* physical port (switch and MLD records, hierarchy) */
	uint8_t vcs;
	uint8_t vppb;
	uint8_t binding;	/* vPPB binding status */
	uint8_t ltssm;		/* physical switch record: LTSSM state */
	uint8_t change;		/* hierarchy: enum cxlfm_fabric_change */
	uint8_t action;		/* hierarchy: enum cxlfm_fabric_action */
	uint16_t ld;		/* bound LD, 0xffff none */
	uint16_t opcode;	/* background command */
	uint16_t return_code;
	uint16_t count;		/* overflow: records dropped by the device */
};

/* Privileged side: serve requests on @fd until it closes; returns exit status.
 * Events go to @evfd; @feed, if not NULL, is a file of test events
 * (feed.c) read instead of the events group. */
int broker_run(int fd, int evfd, const char *feed);

/* feed.c, in the broker: the event source. */
struct rf_feed;
struct rf_feed *feed_open(const char *test_file);
int feed_fd(struct rf_feed *f);		/* to poll, -1 while none */
void feed_pump(struct rf_feed *f, int evfd);	/* read what is there, send it */
void feed_retry(struct rf_feed *f);	/* reopen after a module load */
void feed_close(struct rf_feed *f);

/*
 * Network side: send @req, receive the answer into @buf (RF_RSP_MAX bytes)
 * and check it against @req and the op's payload shape.
 * Return: the payload (inside @buf) with @rsp filled, or NULL with errno.
 */
const void *broker_call(int fd, const struct rf_req *req, struct rf_rsp *rsp,
			void *buf);

/* Whether @op changes the fabric or the host (needs RF_ROLE_OPERATOR or more). */
static inline int rf_op_mutates(unsigned int op)
{
	return op == RF_OP_BIND || op == RF_OP_UNBIND || op == RF_OP_PORT_RESET ||
	       op == RF_OP_REPORT;
}

#endif
