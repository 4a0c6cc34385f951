/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records the switch sends again.  A durable consumer's records stay in the
 * switch's log until it acknowledges them, so after a restart, a CCI
 * registered again or another consumer's registration they come again,
 * with new sequence numbers.  A record is the same when its CCI, log,
 * handle and timestamp are: a log's handles are unique among the records
 * it holds, and a handle used again comes with a later timestamp.
 */
#ifndef CXLFM_REPLAY_H
#define CXLFM_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

struct replay;

int replay_new(struct replay **r);
void replay_free(struct replay *r);
/* Remember that the record was journaled; Return: 0 or -ENOMEM. */
int replay_note(struct replay *r, uint32_t cci, uint8_t log, uint16_t handle,
		uint64_t timestamp);
/*
 * Whether the record was journaled already.  A record without a timestamp
 * (0: the device does not know the time) cannot be told from a later one
 * with the same handle and is never taken for one seen.
 */
bool replay_seen(const struct replay *r, uint32_t cci, uint8_t log,
		 uint16_t handle, uint64_t timestamp);

#endif /* CXLFM_REPLAY_H */
