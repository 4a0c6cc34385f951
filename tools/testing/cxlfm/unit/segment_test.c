// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cxlfmd journal's segments (tools/cxlfmd/segment.c, journal.c):
 * rotation keeps entry indices monotonic, retention by size and by age
 * deletes whole old segments (their indices read as retired), a reader
 * catches up across rotations and retention without losing or repeating
 * an entry, a torn tail in the last segment is cut, a half-made segment
 * of an interrupted rotation is ignored and removed, a reader whose
 * journal was replaced is told.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/cxlfm.h>

#include "journal.h"

/* Four entries per segment: the header block and four entry blocks. */
#define SEG_BYTES	(5 * JNL_ENTRY_SIZE)
#define NS		1000000000ull

static int append_seq(struct jnl *j, uint32_t seq, uint64_t time_ns)
{
	struct cxlfm_event ev = { .type = CXLFM_EVENT_RECORD, .seq = seq };
	struct jnl_entry e;

	ev.cci.id = 7;
	jnl_from_event(&e, &ev, 0);
	e.time_ns = time_ns;
	return jnl_append(j, &e);
}

static bool exists(const char *path, uint64_t base)
{
	char name[128];

	if (base)
		snprintf(name, sizeof(name), "%s.%016llx", path, (unsigned long long)base);
	else
		snprintf(name, sizeof(name), "%s", path);
	return !access(name, F_OK);
}

FIXTURE(seg)
{
	char dir[64];
	char path[96];
	struct jnl *j;
};

FIXTURE_SETUP(seg)
{
	struct jnl_limits lim = { .segment_bytes = SEG_BYTES };
	uint32_t seq;

	snprintf(self->dir, sizeof(self->dir), "%s/cxlfm-seg-XXXXXX", P_tmpdir);
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->path, sizeof(self->path), "%s/events.journal", self->dir);
	ASSERT_EQ(0, jnl_open_write(self->path, &self->j, NULL));
	jnl_set_limits(self->j, &lim);
	/* ten records, sequence 1 to 10: segments at 0, 4 and 8 */
	for (seq = 1; seq <= 10; seq++)
		ASSERT_EQ(0, append_seq(self->j, seq, seq * NS));
	ASSERT_EQ(0, jnl_sync(self->j));
}

FIXTURE_TEARDOWN(seg)
{
	struct dirent *d;
	char name[400];
	DIR *dh;

	jnl_close(self->j);
	dh = opendir(self->dir);
	while (dh && (d = readdir(dh))) {
		snprintf(name, sizeof(name), "%s/%s", self->dir, d->d_name);
		if (d->d_name[0] != '.')
			unlink(name);
	}
	if (dh)
		closedir(dh);
	rmdir(self->dir);
}

/* Every entry from @from to @to - 1 reads back once, in order. */
static int read_all(struct __test_metadata *_metadata, struct jnl *r,
		    uint64_t from, uint64_t to)
{
	struct jnl_entry e;
	uint64_t i;

	for (i = from; i < to; i++) {
		EXPECT_EQ(0, jnl_read(r, i, &e)) {
			TH_LOG("entry %llu", (unsigned long long)i);
			return -1;
		}
		EXPECT_EQ(i, e.index);
		EXPECT_EQ(i + 1, e.seq);	/* no start marker here: seq = index + 1 */
	}
	return 0;
}

TEST_F(seg, rotation_keeps_indices_across_segments_and_a_reopen)
{
	struct jnl_limits lim = { .segment_bytes = SEG_BYTES };
	struct jnl_scan sc;
	struct jnl *r;

	EXPECT_TRUE(exists(self->path, 0));
	EXPECT_TRUE(exists(self->path, 4));
	EXPECT_TRUE(exists(self->path, 8));
	EXPECT_FALSE(exists(self->path, 12));
	EXPECT_EQ(10, jnl_count(self->j));

	ASSERT_EQ(0, jnl_open_read(self->path, &r, &sc));
	EXPECT_EQ(10, sc.entries);
	EXPECT_EQ(0, sc.corrupt);
	EXPECT_EQ(0, jnl_first_index(r));
	EXPECT_EQ(10, jnl_count(r));
	EXPECT_EQ(0, read_all(_metadata, r, 0, 10));
	jnl_close(r);

	/* the writer starts again where it was, in the last segment */
	jnl_close(self->j);
	ASSERT_EQ(0, jnl_open_write(self->path, &self->j, &sc));
	EXPECT_EQ(10, sc.entries);
	jnl_set_limits(self->j, &lim);
	ASSERT_EQ(0, append_seq(self->j, 11, 11 * NS));
	ASSERT_EQ(0, append_seq(self->j, 12, 12 * NS));
	ASSERT_EQ(0, append_seq(self->j, 13, 13 * NS));
	EXPECT_TRUE(exists(self->path, 12));
	EXPECT_EQ(0, read_all(_metadata, self->j, 0, 13));
}

TEST_F(seg, retention_by_size_deletes_whole_old_segments)
{
	struct jnl_limits lim = { .segment_bytes = SEG_BYTES, .max_bytes = 2 * SEG_BYTES };
	uint64_t retired = 0;
	struct jnl_entry e;
	struct jnl *r;

	jnl_set_limits(self->j, &lim);
	/* 5 + 5 + 3 blocks: the oldest goes, 8 blocks are within 10 */
	EXPECT_EQ(1, jnl_retain(self->j, 100 * NS, &retired));
	EXPECT_EQ(4, retired);
	EXPECT_FALSE(exists(self->path, 0));
	EXPECT_TRUE(exists(self->path, 4));
	EXPECT_EQ(4, jnl_first_index(self->j));
	EXPECT_EQ(-ESTALE, jnl_read(self->j, 3, &e));
	EXPECT_EQ(0, jnl_retain(self->j, 100 * NS, &retired));

	/* a journal whose first file is gone opens at its first segment */
	ASSERT_EQ(0, jnl_open_read(self->path, &r, NULL));
	EXPECT_EQ(4, jnl_first_index(r));
	EXPECT_EQ(10, jnl_count(r));
	EXPECT_EQ(-ESTALE, jnl_read(r, 0, &e));
	EXPECT_EQ(0, read_all(_metadata, r, 4, 10));
	jnl_close(r);

	/* the segment being written is kept whatever the bound */
	lim.max_bytes = 1;
	jnl_set_limits(self->j, &lim);
	EXPECT_EQ(1, jnl_retain(self->j, 100 * NS, &retired));
	EXPECT_EQ(8, jnl_first_index(self->j));
	EXPECT_TRUE(exists(self->path, 8));
}

TEST_F(seg, retention_by_age_goes_by_the_newest_entry_of_a_segment)
{
	struct jnl_limits lim = { .segment_bytes = SEG_BYTES, .max_age_s = 5 };

	jnl_set_limits(self->j, &lim);
	/* segment 0's newest entry is at 4 s, segment 4's at 8 s */
	EXPECT_EQ(0, jnl_retain(self->j, 9 * NS, NULL));
	EXPECT_EQ(1, jnl_retain(self->j, 9 * NS + 1, NULL));
	EXPECT_EQ(4, jnl_first_index(self->j));
	EXPECT_EQ(0, jnl_retain(self->j, 13 * NS, NULL));
	EXPECT_EQ(1, jnl_retain(self->j, 1000 * NS, NULL));
	EXPECT_EQ(8, jnl_first_index(self->j));
}

TEST_F(seg, reader_catches_up_across_rotation_and_retention)
{
	struct jnl_limits lim = { .segment_bytes = SEG_BYTES, .max_bytes = 3 * SEG_BYTES };
	struct jnl_entry e;
	struct jnl *r;
	uint32_t seq;

	ASSERT_EQ(0, jnl_open_read(self->path, &r, NULL));
	ASSERT_EQ(10, jnl_count(r));
	jnl_set_limits(self->j, &lim);
	for (seq = 11; seq <= 21; seq++)
		ASSERT_EQ(0, append_seq(self->j, seq, seq * NS));
	EXPECT_EQ(10, jnl_count(r));		/* not before a refresh */
	ASSERT_EQ(0, jnl_refresh(r));
	EXPECT_EQ(21, jnl_count(r));
	EXPECT_EQ(0, read_all(_metadata, r, 10, 21));

	/* retention deletes what the reader has not read: it says so */
	EXPECT_EQ(3, jnl_retain(self->j, 100 * NS, NULL));
	for (seq = 22; seq <= 23; seq++)
		ASSERT_EQ(0, append_seq(self->j, seq, seq * NS));
	ASSERT_EQ(0, jnl_refresh(r));
	EXPECT_EQ(12, jnl_first_index(r));
	EXPECT_EQ(23, jnl_count(r));
	EXPECT_EQ(-ESTALE, jnl_read(r, 11, &e));
	EXPECT_EQ(0, read_all(_metadata, r, 12, 23));
	jnl_close(r);
}

TEST_F(seg, reader_of_a_journal_moved_away_is_told)
{
	struct jnl *r;
	char name[128];
	int i;

	ASSERT_EQ(0, jnl_open_read(self->path, &r, NULL));
	jnl_close(self->j);
	self->j = NULL;
	/* an operator moves the journal away; cxlfmd starts a new one */
	for (i = 4; i <= 8; i += 4) {
		snprintf(name, sizeof(name), "%s.%016x", self->path, i);
		ASSERT_EQ(0, unlink(name));
	}
	ASSERT_EQ(0, unlink(self->path));
	ASSERT_EQ(0, jnl_open_write(self->path, &self->j, NULL));
	ASSERT_EQ(0, append_seq(self->j, 1, NS));
	EXPECT_EQ(-ESTALE, jnl_refresh(r));
	EXPECT_EQ(10, jnl_count(r));	/* what it knew is unchanged */
	jnl_close(r);
}

TEST_F(seg, torn_tail_of_the_last_segment)
{
	static const char partial[100] = "half an entry";
	struct jnl_limits lim = { .segment_bytes = SEG_BYTES };
	struct jnl_scan sc;
	struct jnl *r;
	char name[128];
	int fd;

	jnl_close(self->j);
	self->j = NULL;
	snprintf(name, sizeof(name), "%s.%016x", self->path, 8);
	fd = open(name, O_WRONLY | O_APPEND);
	ASSERT_LE(0, fd);
	ASSERT_EQ(sizeof(partial), write(fd, partial, sizeof(partial)));
	close(fd);

	/* a reader waits for the rest of it (it may be being written) */
	ASSERT_EQ(0, jnl_open_read(self->path, &r, &sc));
	EXPECT_EQ(10, sc.entries);
	EXPECT_EQ(0, sc.corrupt);
	EXPECT_EQ(100, sc.cut_bytes);
	EXPECT_EQ(10, jnl_count(r));
	ASSERT_EQ(0, jnl_refresh(r));
	EXPECT_EQ(10, jnl_count(r));

	/* the writer cuts it and goes on at index 10 */
	ASSERT_EQ(0, jnl_open_write(self->path, &self->j, &sc));
	EXPECT_EQ(100, sc.cut_bytes);
	jnl_set_limits(self->j, &lim);
	ASSERT_EQ(0, append_seq(self->j, 11, 11 * NS));
	ASSERT_EQ(0, jnl_refresh(r));
	EXPECT_EQ(11, jnl_count(r));
	EXPECT_EQ(0, read_all(_metadata, r, 0, 11));
	jnl_close(r);
}

TEST_F(seg, half_made_segment_of_an_interrupted_rotation)
{
	char name[128];
	struct jnl *r;
	int fd;

	jnl_close(self->j);
	self->j = NULL;
	snprintf(name, sizeof(name), "%s.%016x.new", self->path, 12);
	fd = open(name, O_WRONLY | O_CREAT, 0640);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, jnl_open_read(self->path, &r, NULL));
	EXPECT_EQ(10, jnl_count(r));
	jnl_close(r);
	ASSERT_EQ(0, jnl_open_write(self->path, &self->j, NULL));
	EXPECT_EQ(10, jnl_count(self->j));
	EXPECT_NE(0, access(name, F_OK));
}

TEST_F(seg, damaged_entry_in_an_earlier_segment_is_corrupt_not_the_end)
{
	struct jnl_entry e;
	struct jnl_scan sc;
	struct jnl *r;
	char name[128];
	unsigned char b = 0xff;
	int fd;

	/* the last entry of segment 4 (index 7): not a torn tail there */
	snprintf(name, sizeof(name), "%s.%016x", self->path, 4);
	fd = open(name, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(1, pwrite(fd, &b, 1, 4 * JNL_ENTRY_SIZE + 50));
	close(fd);
	ASSERT_EQ(0, jnl_open_read(self->path, &r, &sc));
	EXPECT_EQ(9, sc.entries);
	EXPECT_EQ(1, sc.corrupt);
	EXPECT_EQ(0, sc.cut_bytes);
	EXPECT_EQ(10, jnl_count(r));
	EXPECT_EQ(-EBADMSG, jnl_read(r, 7, &e));
	EXPECT_EQ(0, read_all(_metadata, r, 8, 10));
	jnl_close(r);
}

TEST_HARNESS_MAIN
