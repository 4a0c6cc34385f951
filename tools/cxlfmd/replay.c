// SPDX-License-Identifier: GPL-2.0
/*
 * Records the switch sends again (replay.h): per CCI and log, the timestamp
 * of the last record journaled under each of the 65536 handles.  512 KiB
 * per log in use, allocated when its first record comes; a lookup is one
 * array read, whatever the journal's size.
 */
#include <errno.h>
#include <stdlib.h>

#include "replay.h"

#define HANDLES		65536

struct log_seen {
	uint32_t cci;
	uint8_t log;
	uint64_t *ts;		/* by handle */
};

struct replay {
	struct log_seen *logs;
	size_t nr;
};

int replay_new(struct replay **r)
{
	*r = calloc(1, sizeof(**r));
	return *r ? 0 : -ENOMEM;
}

void replay_free(struct replay *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nr; i++)
		free(r->logs[i].ts);
	free(r->logs);
	free(r);
}

static struct log_seen *find(const struct replay *r, uint32_t cci, uint8_t log)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		if (r->logs[i].cci == cci && r->logs[i].log == log)
			return &r->logs[i];
	return NULL;
}

int replay_note(struct replay *r, uint32_t cci, uint8_t log, uint16_t handle,
		uint64_t timestamp)
{
	struct log_seen *l = find(r, cci, log);

	if (!l) {
		l = realloc(r->logs, (r->nr + 1) * sizeof(*l));
		if (!l)
			return -ENOMEM;
		r->logs = l;
		l += r->nr;
		l->ts = calloc(HANDLES, sizeof(*l->ts));
		if (!l->ts)
			return -ENOMEM;
		l->cci = cci;
		l->log = log;
		r->nr++;
	}
	l->ts[handle] = timestamp;
	return 0;
}

bool replay_seen(const struct replay *r, uint32_t cci, uint8_t log,
		 uint16_t handle, uint64_t timestamp)
{
	const struct log_seen *l = find(r, cci, log);

	return timestamp && l && l->ts[handle] == timestamp;
}
