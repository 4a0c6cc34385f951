/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzz targets of cxlfm-redfishd's network process (fuzz_redfish,
 * fuzz_redfish_remote) and the fake broker they share
 * (fuzz_redfish_broker.c): broker_call() answered in the process by a
 * small switch, as the privileged broker would answer, with errors when
 * the input asks for them.
 */
#ifndef _CXLFM_FUZZ_REDFISH_H
#define _CXLFM_FUZZ_REDFISH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto.h"

#define FZ_CCI		0	/* the switch's CCI id: /redfish/v1/Fabrics/CXL0 */
#define FZ_MAX_PORTS	8
#define FZ_MAX_VCS	3
#define FZ_VPPBS	4	/* per VCS */

/* What the fake broker does with the next calls (set before each request). */
struct fz_broker {
	unsigned int fail_op;	/* op answered with the error below; 0 none, 15 all */
	int fail_err;		/* a negative errno, or FZ_EPROTO */
	uint16_t fail_rc;	/* CXL return code with the error */
	bool at_once;		/* background commands end before the answer */
	unsigned int bg_state;	/* BG_STATUS: enum fz_bg */
	uint16_t bg_rc;		/* its return code for FZ_BG_RC */
	enum rf_role role;	/* the role the caller must send */
	bool report_only;	/* only REPORT is expected (the remote FM's side) */
	unsigned long calls;
};

#define FZ_EPROTO	1	/* broker_call() fails: the answer was malformed */

enum fz_bg {
	FZ_BG_DONE,		/* ended with success */
	FZ_BG_RUNNING,		/* still runs, 50% */
	FZ_BG_RC,		/* ended with bg_rc */
	FZ_BG_LOST,		/* its result was lost to a newer command */
};

extern struct fz_broker fz_broker;

/*
 * A new switch for the next input: @nports physical ports (1..8) and
 * @nvcs VCSs (0..3) of 4 vPPBs, some bound; then @port_ov and @vcs_ov
 * bytes written over the raw port array and the raw struct rf_vcs_set,
 * so that an input can give the switch's answers any value.
 */
void fz_switch_reset(unsigned int nports, unsigned int nvcs, bool identity,
		     const uint8_t *port_ov, size_t port_len,
		     const uint8_t *vcs_ov, size_t vcs_len);

#endif /* _CXLFM_FUZZ_REDFISH_H */
