/* SPDX-License-Identifier: GPL-2.0 */
/* Batched notifications of one CCI (ntf.c). */
#ifndef CXLFM_NTF_H
#define CXLFM_NTF_H

#include <linux/skbuff.h>

struct cxlfm_cci;

/**
 * struct cxlfm_ntf_batch - event notifications of one CCI sent in one skb
 * @cci: the CCI
 * @skb: messages built and not yet sent, or NULL
 * @lost: notifications that could not be built; they take their sequence
 *	  numbers when the batch is flushed, so listeners see the gap
 * @last_seq: the last number a flush of the batch took, 0 before one
 */
struct cxlfm_ntf_batch {
	struct cxlfm_cci *cci;
	struct sk_buff *skb;
	unsigned int lost;
	u32 last_seq;
};

void cxlfm_ntf_batch_add(struct cxlfm_ntf_batch *b, u8 cmd,
			 int (*fill)(struct sk_buff *skb, const void *arg),
			 const void *arg);
void cxlfm_ntf_batch_flush(struct cxlfm_ntf_batch *b);

#endif /* CXLFM_NTF_H */
