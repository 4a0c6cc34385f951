/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host side of a remote FM (Documentation/redfish.md, "Remote FM"):
 * the network process follows a remote Redfish service's Server-Sent
 * Events, reads the vPPBs the maps name when they change, and has the
 * broker report each change of binding to the kernel as a fabric report
 * (cxlfm_fabric_notify()), so the in-band engine acts as on a local event.
 */
#ifndef RF_REMOTE_H
#define RF_REMOTE_H

#include <gnutls/gnutls.h>
#include <stdint.h>

#define RF_MAX_MAPS	16

/*
 * One --map: the remote vPPB(s) FABRIC/SWITCH/VCS[/VPPB] stand for this
 * host's CCI/VCS[/VPPB].  Without a vPPB, every vPPB of the remote VCS
 * maps to the local vPPB of the same number.
 */
struct rf_map {
	char fabric[64], sw[64];	/* the remote Fabric's and Switch's Id */
	unsigned int vcs;		/* remote VCS */
	int vppb;			/* remote vPPB, -1: every one */
	unsigned int cci;		/* this host's switch CCI */
	unsigned int lvcs;		/* this host's VCS on it */
	int lvppb;			/* local vPPB, -1 with vppb -1 */
};

extern struct rf_map rf_maps[RF_MAX_MAPS];
extern unsigned int rf_nr_maps;

/* Parse one --map argument into the next slot; 0, or -1 with @err filled. */
int remote_map_parse(const char *arg, char *err, size_t errlen);

/* Whether a report for the local @cci/@vcs/@vppb is one a map allows (broker). */
int remote_map_allows(unsigned int cci, unsigned int vcs, unsigned int vppb);

/*
 * Start the thread that follows @url (https://HOST[:PORT]) with
 * @auth_header ("Authorization: Basic ...\r\n") and the trust store @cred.
 * 0, or -1.
 */
int remote_start(const char *url, const char *auth_header,
		 gnutls_certificate_credentials_t cred);

#endif
