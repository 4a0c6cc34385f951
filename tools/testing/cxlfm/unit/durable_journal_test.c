// SPDX-License-Identifier: GPL-2.0-only
/*
 * cxlfmd's side of durable delivery: journal entries keep the CCI instance
 * their sequence number belongs to; a new instance numbers from 1, so a
 * jump between instances is no gap while a jump within one is; a record
 * the switch sends again is recognised by its CCI, log, handle and
 * timestamp (tools/cxlfmd/replay.c), and journaled as a replay; the
 * kernel's report of records cleared unacknowledged is a gap of its size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/cxlfm.h>

#include "journal.h"
#include "replay.h"

static void record(struct cxlfm_event *ev, uint32_t cci, uint32_t seq,
		   uint16_t handle, uint64_t ts)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = CXLFM_EVENT_RECORD;
	ev->cci.id = cci;
	ev->seq = seq;
	ev->record.log = 1;
	ev->record.handle = handle;
	ev->record.timestamp = ts;
}

FIXTURE(dj)
{
	char path[64];
	struct jnl *j;
};

FIXTURE_SETUP(dj)
{
	int fd;

	snprintf(self->path, sizeof(self->path), "%s/cxlfm-dj-XXXXXX", P_tmpdir);
	fd = mkstemp(self->path);
	ASSERT_LE(0, fd);
	close(fd);
	unlink(self->path);
	ASSERT_EQ(0, jnl_open_write(self->path, &self->j, NULL));
}

FIXTURE_TEARDOWN(dj)
{
	jnl_close(self->j);
	unlink(self->path);
}

static int append(struct jnl *j, const struct cxlfm_event *ev, uint64_t inst)
{
	struct jnl_entry e;

	jnl_from_event(&e, ev, inst);
	return jnl_append(j, &e);
}

TEST_F(dj, instance_survives_a_reopen)
{
	struct cxlfm_event ev;
	struct jnl_entry e;

	record(&ev, 3, 1, 7, 100);
	ASSERT_EQ(0, append(self->j, &ev, 0xfedcba9876543210ull));
	ASSERT_EQ(0, jnl_sync(self->j));
	jnl_close(self->j);
	ASSERT_EQ(0, jnl_open_read(self->path, &self->j, NULL));
	ASSERT_EQ(0, jnl_read(self->j, 0, &e));
	EXPECT_EQ(0xfedcba9876543210ull, e.instance);
	EXPECT_EQ(JNL_RECORD, e.type);
	EXPECT_EQ(7, e.ev.record.handle);
}

TEST_F(dj, a_new_instance_is_no_gap)
{
	struct cxlfm_event ev;
	struct jnl_entry gap;

	record(&ev, 3, 40, 1, 100);
	ASSERT_EQ(0, append(self->j, &ev, 111));
	/* within the instance: 41 follows, 45 leaves three out */
	record(&ev, 3, 41, 2, 101);
	EXPECT_EQ(0, jnl_gap_before(self->j, &ev, 111, 0, &gap));
	ASSERT_EQ(0, append(self->j, &ev, 111));
	record(&ev, 3, 45, 3, 102);
	ASSERT_EQ(1, jnl_gap_before(self->j, &ev, 111, 0, &gap));
	EXPECT_EQ(42, gap.seq);
	EXPECT_EQ(3, gap.size);
	EXPECT_EQ(111, gap.instance);
	/* another instance numbers from 1: its 1 is no gap, its 3 misses two */
	ev.type = CXLFM_EVENT_CCI_ADDED;
	ev.seq = 1;
	EXPECT_EQ(0, jnl_gap_before(self->j, &ev, 222, 0, &gap));
	record(&ev, 3, 3, 3, 102);
	ASSERT_EQ(1, jnl_gap_before(self->j, &ev, 222, 0, &gap));
	EXPECT_EQ(1, gap.seq);
	EXPECT_EQ(2, gap.size);
	/* even above the old instance's last number */
	record(&ev, 3, 41, 3, 102);
	ASSERT_EQ(1, jnl_gap_before(self->j, &ev, 222, 0, &gap));
	EXPECT_EQ(1, gap.seq);
	EXPECT_EQ(40, gap.size);
}

TEST_F(dj, unacked_and_family_entries)
{
	struct cxlfm_event ev = { .type = CXLFM_EVENT_UNACKED };
	struct jnl_entry e, back;

	ev.cci.id = 4;
	ev.seq = 90;
	ev.missed = 17;
	jnl_from_event(&e, &ev, 333);
	EXPECT_EQ(JNL_GAP, e.type);
	EXPECT_EQ(JNL_GAP_UNACKED, e.gap);
	EXPECT_EQ(17, e.size);
	EXPECT_EQ(90, e.seq);
	ASSERT_EQ(0, jnl_append(self->j, &e));
	ASSERT_EQ(0, jnl_read(self->j, e.index, &back));
	EXPECT_EQ(JNL_GAP_UNACKED, back.gap);
	EXPECT_EQ(333, back.instance);
	/* it is numbered: the next event of the CCI follows it */
	memset(&ev, 0, sizeof(ev));
	ev.type = CXLFM_EVENT_RECORD;
	ev.cci.id = 4;
	ev.seq = 91;
	EXPECT_EQ(0, jnl_gap_before(self->j, &ev, 333, 0, &e));

	memset(&ev, 0, sizeof(ev));
	ev.type = CXLFM_EVENT_FAMILY_GONE;
	EXPECT_EQ(0, jnl_gap_before(self->j, &ev, 0, 0, &e));
	jnl_from_event(&e, &ev, 0);
	EXPECT_EQ(JNL_FAMILY_GONE, e.type);
	EXPECT_STREQ("cxlfm-gone", jnl_type_name(&e));
	ev.type = CXLFM_EVENT_FAMILY_BACK;
	jnl_from_event(&e, &ev, 0);
	EXPECT_EQ(JNL_FAMILY_BACK, e.type);
	EXPECT_STREQ("cxlfm-back", jnl_type_name(&e));
}

TEST_F(dj, a_replay_round_trips_and_counts_for_gaps)
{
	struct cxlfm_event ev;
	struct jnl_entry e, back;

	record(&ev, 5, 10, 0x44, 999);
	jnl_from_event(&e, &ev, 7);
	e.type = JNL_REPLAYED;
	ASSERT_EQ(0, jnl_append(self->j, &e));
	ASSERT_EQ(0, jnl_read(self->j, e.index, &back));
	EXPECT_EQ(JNL_REPLAYED, back.type);
	EXPECT_STREQ("replayed", jnl_type_name(&back));
	EXPECT_EQ(0x44, back.ev.record.handle);
	EXPECT_EQ(999, back.ev.record.timestamp);
	record(&ev, 5, 11, 0x45, 1000);
	EXPECT_EQ(0, jnl_gap_before(self->j, &ev, 7, 0, &e));
}

TEST(replay_recognises_a_record_by_cci_log_handle_and_time)
{
	struct replay *r;

	ASSERT_EQ(0, replay_new(&r));
	EXPECT_FALSE(replay_seen(r, 1, 2, 0x10, 500));
	ASSERT_EQ(0, replay_note(r, 1, 2, 0x10, 500));
	EXPECT_TRUE(replay_seen(r, 1, 2, 0x10, 500));
	/* another CCI, log, handle or time is another record */
	EXPECT_FALSE(replay_seen(r, 2, 2, 0x10, 500));
	EXPECT_FALSE(replay_seen(r, 1, 3, 0x10, 500));
	EXPECT_FALSE(replay_seen(r, 1, 2, 0x11, 500));
	EXPECT_FALSE(replay_seen(r, 1, 2, 0x10, 501));
	/* a handle used again, later: the newer record replaces the older */
	ASSERT_EQ(0, replay_note(r, 1, 2, 0x10, 900));
	EXPECT_TRUE(replay_seen(r, 1, 2, 0x10, 900));
	EXPECT_FALSE(replay_seen(r, 1, 2, 0x10, 500));
	/* without a timestamp nothing can be told apart: never "seen" */
	ASSERT_EQ(0, replay_note(r, 1, 2, 0xffff, 0));
	EXPECT_FALSE(replay_seen(r, 1, 2, 0xffff, 0));
	replay_free(r);
}

TEST_HARNESS_MAIN
