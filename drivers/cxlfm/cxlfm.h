/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces shared by the files of cxlfm.ko. */
#ifndef CXLFM_H
#define CXLFM_H

#include <linux/pci.h>
#include <net/genetlink.h>

#include "cci.h"
#include "nl_gen.h"
#include "regs.h"

extern unsigned int cxlfm_mbox_ready_timeout;
extern unsigned int cxlfm_bg_poll_ms;

/**
 * struct cxlfm_pci_regs - the mapped CXL device registers of one PCI CCI
 * @base: start of the CXL Device Registers block (CXL r3.1 §8.2.8)
 * @status: Device Status capability (Event Status register)
 * @mbox: Primary Mailbox capability
 * @type_status: type-specific status capability (0x4000), or NULL
 * @payload_size: mailbox payload area in bytes
 */
struct cxlfm_pci_regs {
	void __iomem *base;
	void __iomem *status;
	void __iomem *mbox;
	void __iomem *type_status;
	size_t payload_size;
};

int cxlfm_pci_driver_register(void);
void cxlfm_pci_driver_unregister(void);

/* cci.c */
int cxlfm_class_register(void);
void cxlfm_class_unregister(void);
struct cxlfm_cci *cxlfm_cci_get(u32 id);
struct cxlfm_cci *cxlfm_cci_get_next(u32 id);
void cxlfm_cci_put(struct cxlfm_cci *cci);
unsigned int cxlfm_cci_generation(void);

/* mbox.c */
void cxlfm_mbox_init(struct cxlfm_cci *cci);
void cxlfm_mbox_shutdown(struct cxlfm_cci *cci);
int cxlfm_mbox_send(struct cxlfm_cci *cci, struct cxlfm_mbox_cmd *cmd);
int cxlfm_call(struct cxlfm_cci *cci, u16 opcode, const void *req, void *rsp,
	       void *buf);
bool cxlfm_cci_supports(struct cxlfm_cci *cci, u16 opcode, u16 *effects);
bool cxlfm_bg_running(struct cxlfm_cci *cci, struct cxlfm_bg_status *st);

/* discovery.c */
int cxlfm_discover(struct cxlfm_cci *cci);

/* events.c */
int cxlfm_events_init(struct cxlfm_cci *cci);
void cxlfm_events_start(struct cxlfm_cci *cci);
void cxlfm_events_stop(struct cxlfm_cci *cci);
void cxlfm_events_free(struct cxlfm_cci *cci);

/* netlink.c */
int cxlfm_netlink_register(void);
void cxlfm_netlink_unregister(void);
void cxlfm_nl_notify_cci(struct cxlfm_cci *cci, u8 cmd);
struct cxlfm_cci *cxlfm_nl_cci(struct genl_info *info, int attr);

/* perm.c */
int cxlfm_nl_gate(struct sk_buff *skb, u8 cmd, bool write,
		  struct netlink_ext_ack *extack);
int cxlfm_nl_gate_dump(struct netlink_callback *cb, bool start);
int cxlfm_nl_gate_check(const struct genl_ops *ops, unsigned int n);

/* ntf.c */
struct sk_buff *cxlfm_nl_ntf_start(struct cxlfm_cci *cci, u8 cmd, int id_attr,
				   int seq_attr, void **hdr);
void cxlfm_nl_event_send(struct cxlfm_cci *cci, struct sk_buff *msg, void *hdr);
void cxlfm_nl_ntf_lost(struct cxlfm_cci *cci);

#endif /* CXLFM_H */
