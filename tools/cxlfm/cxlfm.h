/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cxlfm CLI: what the verb files share.  JSON on stdout (json-c), errors on
 * stderr naming the problem; exit 1 on failure, 2 on a usage error.
 */
#ifndef CXLFM_CLI_H
#define CXLFM_CLI_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

/* Set by -u, -n and -v (before or after the verb). */
extern int human;	/* units for sizes, widths and speeds */
extern int numeric;	/* the specification's numbers for enumerations */
extern int verbose;	/* -v, -vv: detail levels */
/* cxlfm __complete: verbs list their sub-commands and options, no more. */
extern int completing;

/* ------------------------------------------------------------------ */
/* Verbs                                                               */
/* ------------------------------------------------------------------ */

/*
 * A verb gets argv[0] = its own name.  It checks every argument first and
 * only then opens the library (cli_open()): a usage error opens nothing.
 * It returns the exit status: 0, 1 on a failed operation, 2 on a usage
 * error.
 */
typedef int (*cmd_fn)(int argc, char **argv);

/* The library context, opened once (main.c); NULL after saying why. */
struct cxlfm_ctx *cli_open(void);

/* Sub-verbs of a verb ("port show", "qos set", ...). */
struct subcmd {
	const char *name;
	cmd_fn fn;
};

int run_subcmd(const char *verb, const struct subcmd *subs, int argc,
	       char **argv);

int cmd_list(int argc, char **argv);
int cmd_port(int argc, char **argv);
int cmd_vcs(int argc, char **argv);
int cmd_bind(int argc, char **argv);
int cmd_unbind(int argc, char **argv);
int cmd_ld(int argc, char **argv);
int cmd_qos(int argc, char **argv);
int cmd_mhd(int argc, char **argv);
int cmd_dcd(int argc, char **argv);
int cmd_bg(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_raw(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_topo(int argc, char **argv);
int cmd_notify(int argc, char **argv);
int cmd_inband(int argc, char **argv);
/* cmd_events.c: reads the cxlfmd journal, not the kernel: ctx is NULL. */
int cmd_events(struct cxlfm_ctx *ctx, int argc, char **argv);

/* ------------------------------------------------------------------ */
/* Options (util.c)                                                    */
/* ------------------------------------------------------------------ */

/* One bit per option; a verb says which it takes. */
enum {
	O_SWITCH	= 1u << 0,	/* -s, --switch ID */
	O_PORT		= 1u << 1,	/* -p, --port N */
	O_VCS		= 1u << 2,	/* --vcs N */
	O_VPPB		= 1u << 3,	/* --vppb N */
	O_LD		= 1u << 4,	/* --ld N */
	O_POOL		= 1u << 5,	/* --pool */
	O_WAIT		= 1u << 6,	/* --wait */
	O_MODE		= 1u << 7,	/* --mode wait|managed|surprise */
	O_RANGE1	= 1u << 8,	/* --range1 N */
	O_RANGE2	= 1u << 9,	/* --range2 N */
	O_CEL		= 1u << 10,	/* --cel */
	O_DOT		= 1u << 11,	/* --dot */
	O_HOST		= 1u << 12,	/* --host N */
	O_REGION	= 1u << 13,	/* --region N */
	O_LENGTH	= 1u << 14,	/* --length BYTES */
	O_POLICY	= 1u << 15,	/* --policy NAME */
	O_EXTENT	= 1u << 16,	/* --extent DPA:LEN (repeatable) */
	O_TAG		= 1u << 17,	/* --tag 32 hex digits */
	O_FORCED	= 1u << 18,	/* --forced */
	O_SANITIZE	= 1u << 19,	/* --sanitize */
	O_QOS_CTRL	= 1u << 20,	/* --egress-cong, --temp-tput, ... */
	O_ALLOC_BW	= 1u << 21,	/* --alloc-bw F,F,... */
	O_BW_LIMIT	= 1u << 22,	/* --bw-limit F,F,... */
	O_CHANGE	= 1u << 23,	/* --change NAME */
	O_TIMEOUT	= 1u << 24,	/* --timeout MS */
	O_JSON		= 1u << 25,	/* --json */
	O_FORCE		= 1u << 26,	/* --force */
	O_TUNNEL	= O_PORT | O_LD | O_POOL,
};

/* QoS Control settings given on the command line (--egress-cong ...). */
enum {
	Q_EGRESS_CONG, Q_TEMP_TPUT, Q_MODERATE, Q_SEVERE, Q_SAMPLE,
	Q_REQCMP, Q_COMPLETION, Q__NR,
};

#define OPT_MAX_EXTENTS	8

struct opts {
	unsigned int given;		/* O_* seen */
	unsigned int sw;
	uint8_t port, vcs, vppb;
	uint16_t ld;
	uint8_t mode;			/* enum cxlfm_fm_unbind_option */
	uint64_t range1, range2;
	uint16_t host;
	uint8_t region;
	uint64_t length;
	int policy;			/* index in the verb's policy_names() */
	int arg;			/* index of the positional in verb_args() */
	struct cxlfm_fm_dc_extent ext[OPT_MAX_EXTENTS];
	unsigned int nr_ext;
	uint8_t tag[16];
	unsigned int qos_given;		/* 1 << Q_* */
	uint32_t qos[Q__NR];
	uint8_t alloc_bw[CXLFM_FM_MAX_LDS], bw_limit[CXLFM_FM_MAX_LDS];
	unsigned int nr_alloc_bw, nr_bw_limit;
	int change;			/* enum cxlfm_fabric_change */
	unsigned int timeout_ms;
	int first_arg;			/* index of the first positional */
};

int opts_parse(const char *verb, int argc, char **argv, unsigned int allowed,
	       struct opts *o);
int opts_one_arg(const char *verb, int argc, char **argv, struct opts *o);
const char *const *verb_args(const char *verb);
extern const char *const dc_add_policies[], *const dc_release_policies[];
extern const char *const inband_policies[], *const port_ops[];
int confirm(const char *verb, const struct opts *o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool opt_takes_value(const char *opt);
bool complete_value(const char *verb, const char *opt);
const char *const *policy_names(const char *verb);
int opts_need(const char *verb, const struct opts *o, unsigned int need);
struct cxlfm_target opts_target(const struct opts *o);

/* Reads one device's state, reached through @t, into @out. */
typedef int (*device_reader)(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
			     const struct opts *o, struct json_object *out);
int print_device(struct cxlfm_ctx *ctx, const char *what,
		 const struct cxlfm_target *t, const struct opts *o,
		 device_reader read);
int show_device(const char *verb, int argc, char **argv, unsigned int allowed,
		device_reader read);

int parse_num(const char *verb, const char *what, const char *s,
	      uint64_t max, uint64_t *v);
int parse_hex(const char *s, unsigned char *out, size_t cap, size_t *len);
int usage_err(const char *verb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ */
/* Output (util.c)                                                     */
/* ------------------------------------------------------------------ */

int fail(struct cxlfm_ctx *ctx, const char *what, int rc);
int bg_fail(const char *what, const struct cxlfm_fm_bg_op_status_rsp *st);
void print_json(struct json_object *o);
void print_json_line(struct json_object *o);

void jint(struct json_object *o, const char *key, int64_t v);
void jstr(struct json_object *o, const char *key, const char *v);
void jcci(struct json_object *o, unsigned int id);
void jrc(struct json_object *o, const char *key, uint16_t rc);
void jlog(struct json_object *o, uint8_t log);
void jnames(struct json_object *o, const char *key, uint32_t v,
	    const char *const *names, unsigned int nr);
void event_record_json(struct json_object *o,
		       const struct cxlfm_event_record *r);
void hierarchy_json(struct json_object *o, const struct cxlfm_event *e);
void bg_json(struct json_object *o, const struct cxlfm_event *e);
void jbool(struct json_object *o, const char *key, bool v);
void jenum(struct json_object *o, const char *key,
	   enum cxlfm_fm_enum e, uint32_t v);
void jsize(struct json_object *o, const char *key, uint64_t bytes);
void jhex(struct json_object *o, const char *key, const uint8_t *b, size_t n);
const char *enum_name(enum cxlfm_fm_enum e, uint32_t v, char *buf,
		      size_t len);

/* ------------------------------------------------------------------ */
/* The fabric, read once per command (fabric.c)                        */
/* ------------------------------------------------------------------ */

#define FAB_MAX_PORTS	256
#define FAB_MAX_VCS	256
/* a VCS counts its vPPBs in one byte (CXL r3.2 Table 7-31) */
#define FAB_MAX_VPPBS	(FAB_MAX_VCS * 255)

struct fabric {
	unsigned int cci;
	unsigned int payload;
	bool have_id;
	struct cxlfm_fm_identify_switch_rsp id;
	struct cxlfm_fm_port_info ports[FAB_MAX_PORTS];
	unsigned int nr_ports;
	struct cxlfm_fm_vcs_info vcs[FAB_MAX_VCS];
	struct cxlfm_fm_vppb_info vppbs[FAB_MAX_VPPBS];
	unsigned int nr_vcs;
	uint16_t *cel;		/* the switch's CEL, NULL if unknown */
	size_t nr_cel;
};

/*
 * A switch may implement only part of the FM-API.  The readers ask only
 * for what its Command Effects Log lists (fabric_ports() and fabric_vcs()
 * return -EOPNOTSUPP for the rest without asking) and show what is
 * missing as a null key with a reason in "not_supported" (jmissing()).
 */
void fabric_init(struct cxlfm_ctx *ctx, struct fabric *f,
		 const struct cxlfm_cci_info *ci);
void fabric_fini(struct fabric *f);
void fabric_why(const struct fabric *f, uint16_t op, char *buf, size_t len);
void cel_read(struct cxlfm_ctx *ctx, unsigned int id, uint16_t **cel,
	      size_t *nr);
bool cel_lists(const uint16_t *cel, size_t nr, uint16_t op);
void unsupported_why(uint16_t op, int rc, char *buf, size_t len);
void jmissing(struct json_object *o, const char *key, const char *why);
int fabric_ports(struct cxlfm_ctx *ctx, struct fabric *f);
int fabric_vcs(struct cxlfm_ctx *ctx, struct fabric *f, int only_vcs);
const struct cxlfm_fm_port_info *fabric_port(const struct fabric *f,
					  unsigned int id);

struct json_object *cci_json(const struct cxlfm_cci_info *ci);
void cci_fields(struct json_object *o, const struct cxlfm_cci_info *ci);
struct json_object *port_json(const struct cxlfm_fm_port_info *p);
struct json_object *vcs_json(const struct fabric *f,
			     const struct cxlfm_fm_vcs_info *v);
int ld_json(struct cxlfm_ctx *ctx, const struct cxlfm_target *t,
	    unsigned int payload, struct json_object **out);

void link_speed(uint8_t code, char *buf, size_t len);
void jspeed(struct json_object *o, const char *key, uint8_t code);
void jwidth(struct json_object *o, const char *key, uint8_t w);

#endif /* CXLFM_CLI_H */
