// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cxlfmd journal (tools/cxlfmd/journal.c): entries survive a reopen
 * field for field, a torn or corrupt tail is cut when the writer opens it,
 * a damaged entry in the middle is reported and kept, gaps are computed
 * from the journaled sequence numbers (across a restart too), and the
 * `cxlfm events --since` queries select the right entries.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/cxlfm.h>

#include "journal.h"

static void record_event(struct cxlfm_event *ev, uint32_t cci, uint32_t seq)
{
	unsigned int i;

	memset(ev, 0, sizeof(*ev));
	ev->type = CXLFM_EVENT_RECORD;
	ev->cci.id = cci;
	ev->seq = seq;
	ev->record.log = 2;
	ev->record.kind = CXLFM_EVENT_KIND_VIRTUAL_SWITCH;
	ev->record.handle = 0x1000 + seq;
	ev->record.flags = 0x11223344;
	ev->record.timestamp = 0x0123456789abcdefull;
	ev->record.vcs_id = 3;
	ev->record.vppb_id = 4;
	ev->record.binding_status = 2;
	ev->record.bound_port_id = 5;
	ev->record.bound_ld_id = 6;
	for (i = 0; i < sizeof(ev->record.raw); i++)
		ev->record.raw[i] = i ^ seq;
}

static int append_event(struct jnl *j, const struct cxlfm_event *ev)
{
	struct jnl_entry e;

	jnl_from_event(&e, ev, 0);
	return jnl_append(j, &e);
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : st.st_size;
}

/* Flip one byte of entry @index (0 = first entry after the header). */
static void damage(const char *path, uint64_t index, unsigned int off)
{
	int fd = open(path, O_RDWR);
	unsigned char b;

	pread(fd, &b, 1, (index + 1) * JNL_ENTRY_SIZE + off);
	b ^= 0x40;
	pwrite(fd, &b, 1, (index + 1) * JNL_ENTRY_SIZE + off);
	close(fd);
}

FIXTURE(jnl)
{
	char path[64];
	struct jnl *j;
};

FIXTURE_SETUP(jnl)
{
	struct jnl_scan sc;
	struct cxlfm_event ev;
	uint32_t seq;

	snprintf(self->path, sizeof(self->path), "%s/cxlfm-journal-XXXXXX", P_tmpdir);
	close(mkstemp(self->path));
	unlink(self->path);
	ASSERT_EQ(0, jnl_open_write(self->path, &self->j, &sc));
	ASSERT_EQ(0, sc.entries);
	/* Five records of CCI 7, sequence 1 to 5 */
	for (seq = 1; seq <= 5; seq++) {
		record_event(&ev, 7, seq);
		ASSERT_EQ(0, append_event(self->j, &ev));
	}
	ASSERT_EQ(0, jnl_sync(self->j));
	ASSERT_EQ(6 * JNL_ENTRY_SIZE, file_size(self->path));
}

/* The writer's lock file, which outlives the journal's segments. */
static void unlink_lock(const char *path)
{
	char name[80];

	snprintf(name, sizeof(name), "%s.lock", path);
	unlink(name);
}

FIXTURE_TEARDOWN(jnl)
{
	jnl_close(self->j);
	unlink(self->path);
	unlink_lock(self->path);
}

TEST_F(jnl, append_and_reopen_field_for_field)
{
	struct cxlfm_event ev = { .type = CXLFM_EVENT_CCI_ADDED, .seq = 1 };
	struct jnl_entry e, want;
	struct jnl_scan sc;
	struct jnl *r;

	ev.cci.id = 9;
	strcpy(ev.cci.transport, "sim");
	ev.cci.payload_size = 4096;
	ev.cci.num_commands = 40;
	ev.cci.is_switch = true;
	ev.cci.num_ports = 8;
	ev.cci.num_vcs = 2;
	ev.cci.has_identity = true;
	ev.cci.vendor = 0x1af4;
	ev.cci.device = 0xcafe;
	ev.cci.serial = 0x1122334455667788ull;
	ASSERT_EQ(0, append_event(self->j, &ev));
	ASSERT_EQ(0, jnl_sync(self->j));

	ASSERT_EQ(0, jnl_open_read(self->path, &r, &sc));
	EXPECT_EQ(6, sc.entries);
	EXPECT_EQ(0, sc.corrupt);
	EXPECT_EQ(0, sc.cut_bytes);
	ASSERT_EQ(6, jnl_count(r));

	record_event(&ev, 7, 3);
	jnl_from_event(&want, &ev, 0);
	ASSERT_EQ(0, jnl_read(r, 2, &e));
	EXPECT_EQ(2, e.index);
	EXPECT_EQ(JNL_RECORD, e.type);
	EXPECT_EQ(7, e.cci);
	EXPECT_EQ(3, e.seq);
	EXPECT_NE(0, e.time_ns);
	EXPECT_EQ(CXLFM_EVENT_RECORD, e.ev.type);
	EXPECT_EQ(0, memcmp(&want.ev.record, &e.ev.record, sizeof(e.ev.record)));

	ASSERT_EQ(0, jnl_read(r, 5, &e));
	EXPECT_EQ(JNL_CCI_ADDED, e.type);
	EXPECT_EQ(9, e.cci);
	EXPECT_STREQ("sim", e.ev.cci.transport);
	EXPECT_EQ(4096, e.ev.cci.payload_size);
	EXPECT_EQ(40, e.ev.cci.num_commands);
	EXPECT_TRUE(e.ev.cci.is_switch);
	EXPECT_EQ(8, e.ev.cci.num_ports);
	EXPECT_EQ(2, e.ev.cci.num_vcs);
	EXPECT_TRUE(e.ev.cci.has_identity);
	EXPECT_EQ(0x1af4, e.ev.cci.vendor);
	EXPECT_EQ(0xcafe, e.ev.cci.device);
	EXPECT_EQ(0x1122334455667788ull, e.ev.cci.serial);
	EXPECT_EQ(-ENODATA, jnl_read(r, 6, &e));
	jnl_close(r);
}

TEST_F(jnl, one_writer_at_a_time)
{
	struct jnl *w2;

	EXPECT_EQ(-EBUSY, jnl_open_write(self->path, &w2, NULL));
}

TEST_F(jnl, torn_tail_is_cut_by_the_writer_only)
{
	static const char partial[100] = "a write that stopped half way";
	struct cxlfm_event ev;
	struct jnl_entry e;
	struct jnl_scan sc;
	struct jnl *r;
	int fd;

	jnl_close(self->j);
	fd = open(self->path, O_WRONLY | O_APPEND);
	ASSERT_EQ(sizeof(partial), write(fd, partial, sizeof(partial)));
	close(fd);

	ASSERT_EQ(0, jnl_open_read(self->path, &r, &sc));
	EXPECT_EQ(5, sc.entries);
	EXPECT_EQ(100, sc.cut_bytes);
	jnl_close(r);
	EXPECT_EQ(6 * JNL_ENTRY_SIZE + 100, file_size(self->path));

	ASSERT_EQ(0, jnl_open_write(self->path, &self->j, &sc));
	EXPECT_EQ(5, sc.entries);
	EXPECT_EQ(100, sc.cut_bytes);
	EXPECT_EQ(6 * JNL_ENTRY_SIZE, file_size(self->path));
	/* Appending goes on right after the last whole entry. */
	record_event(&ev, 7, 6);
	ASSERT_EQ(0, append_event(self->j, &ev));
	ASSERT_EQ(0, jnl_read(self->j, 5, &e));
	EXPECT_EQ(6, e.seq);
}

TEST_F(jnl, corrupt_last_entry_is_a_torn_tail)
{
	struct jnl_scan sc;

	jnl_close(self->j);
	damage(self->path, 4, 100);
	ASSERT_EQ(0, jnl_open_write(self->path, &self->j, &sc));
	EXPECT_EQ(4, sc.entries);
	EXPECT_EQ(0, sc.corrupt);
	EXPECT_EQ(JNL_ENTRY_SIZE, sc.cut_bytes);
	EXPECT_EQ(5 * JNL_ENTRY_SIZE, file_size(self->path));
	EXPECT_EQ(4, jnl_count(self->j));
}

TEST_F(jnl, checksum_mismatch_in_the_middle_is_reported_and_kept)
{
	struct jnl_entry e;
	struct jnl_scan sc;

	jnl_close(self->j);
	damage(self->path, 2, 40);		/* in the record's body */
	ASSERT_EQ(0, jnl_open_write(self->path, &self->j, &sc));
	EXPECT_EQ(4, sc.entries);
	EXPECT_EQ(1, sc.corrupt);
	EXPECT_EQ(0, sc.cut_bytes);
	EXPECT_EQ(5, jnl_count(self->j));
	EXPECT_EQ(-EBADMSG, jnl_read(self->j, 2, &e));
	ASSERT_EQ(0, jnl_read(self->j, 3, &e));
	EXPECT_EQ(4, e.seq);
}

TEST_F(jnl, entry_in_the_wrong_place_is_invalid)
{
	unsigned char b[JNL_ENTRY_SIZE];
	struct jnl_entry e;
	int fd;

	/* Entry 1's bytes copied over entry 3: valid CRC, wrong index. */
	fd = open(self->path, O_RDWR);
	ASSERT_EQ(JNL_ENTRY_SIZE, pread(fd, b, sizeof(b), 2 * JNL_ENTRY_SIZE));
	ASSERT_EQ(JNL_ENTRY_SIZE, pwrite(fd, b, sizeof(b), 4 * JNL_ENTRY_SIZE));
	close(fd);
	EXPECT_EQ(-EBADMSG, jnl_read(self->j, 3, &e));
}

TEST(not_a_journal_is_refused)
{
	struct jnl *j;
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "%s/cxlfm-journal-XXXXXX", P_tmpdir);
	fd = mkstemp(path);
	ASSERT_GT(write(fd, "#!/bin/sh\n", 10), 0);
	close(fd);
	EXPECT_EQ(-EBADMSG, jnl_open_write(path, &j, NULL));
	EXPECT_EQ(-EBADMSG, jnl_open_read(path, &j, NULL));
	unlink(path);
	unlink_lock(path);
	EXPECT_EQ(-ENOENT, jnl_open_read(path, &j, NULL));
}

TEST_F(jnl, gaps_from_sequence_numbers_across_a_restart)
{
	struct cxlfm_event ev;
	struct jnl_entry gap, start = { .type = JNL_START };
	struct jnl_scan sc;

	/* The same run: 6 follows 5, 9 after 6 leaves 7 and 8 out. */
	record_event(&ev, 7, 6);
	EXPECT_EQ(0, jnl_gap_before(self->j, &ev, 0, 0, &gap));
	ASSERT_EQ(0, append_event(self->j, &ev));
	record_event(&ev, 7, 9);
	ASSERT_EQ(1, jnl_gap_before(self->j, &ev, 0, 0, &gap));
	EXPECT_EQ(JNL_GAP, gap.type);
	EXPECT_EQ(JNL_GAP_SEQ, gap.gap);
	EXPECT_EQ(7, gap.cci);
	EXPECT_EQ(7, gap.seq);
	EXPECT_EQ(2, gap.size);
	ASSERT_EQ(0, jnl_append(self->j, &gap));
	ASSERT_EQ(0, append_event(self->j, &ev));
	ASSERT_EQ(0, jnl_sync(self->j));

	/* A restart: the journal knows 9 was last; 20 comes first. */
	jnl_close(self->j);
	ASSERT_EQ(0, jnl_open_write(self->path, &self->j, &sc));
	EXPECT_EQ(8, sc.entries);
	ASSERT_EQ(0, jnl_append(self->j, &start));
	record_event(&ev, 7, 20);
	ASSERT_EQ(1, jnl_gap_before(self->j, &ev, 0, start.index, &gap));
	EXPECT_EQ(JNL_GAP_RESTART, gap.gap);
	EXPECT_EQ(10, gap.seq);
	EXPECT_EQ(10, gap.size);
	ASSERT_EQ(0, append_event(self->j, &ev));

	/* A CCI the journal never saw: nothing can be said. */
	record_event(&ev, 8, 50);
	EXPECT_EQ(0, jnl_gap_before(self->j, &ev, 0, start.index, &gap));

	/* A lower number: the id now names a new CCI, which began at 1. */
	record_event(&ev, 7, 4);
	ASSERT_EQ(1, jnl_gap_before(self->j, &ev, 0, start.index, &gap));
	EXPECT_EQ(1, gap.seq);
	EXPECT_EQ(3, gap.size);

	/* Removed, then a new CCI of that id: its first events were missed. */
	ev.type = CXLFM_EVENT_CCI_REMOVED;
	ev.seq = 21;
	ASSERT_EQ(0, append_event(self->j, &ev));
	record_event(&ev, 7, 3);
	ASSERT_EQ(1, jnl_gap_before(self->j, &ev, 0, start.index, &gap));
	EXPECT_EQ(JNL_GAP_SEQ, gap.gap);
	EXPECT_EQ(1, gap.seq);
	EXPECT_EQ(2, gap.size);
	ev.type = CXLFM_EVENT_CCI_ADDED;
	ev.seq = 1;
	EXPECT_EQ(0, jnl_gap_before(self->j, &ev, 0, start.index, &gap));
}

TEST_F(jnl, overrun_and_overflow_entries)
{
	struct cxlfm_event ev = { .type = CXLFM_EVENT_OVERRUN };
	struct jnl_entry e;

	jnl_from_event(&e, &ev, 0);
	EXPECT_EQ(JNL_GAP, e.type);
	EXPECT_EQ(JNL_GAP_OVERRUN, e.gap);
	EXPECT_EQ(0, e.size);
	EXPECT_EQ(0, jnl_gap_before(self->j, &ev, 0, 0, &e));

	memset(&ev, 0, sizeof(ev));
	ev.type = CXLFM_EVENT_LOG_OVERFLOW;
	ev.cci.id = 7;
	ev.seq = 6;
	ev.record.log = 1;
	ev.record.overflow_count = 4;
	ev.record.first_overflow = 111;
	ev.record.last_overflow = 222;
	ASSERT_EQ(0, append_event(self->j, &ev));
	ASSERT_EQ(0, jnl_read(self->j, 5, &e));
	EXPECT_EQ(JNL_LOG_OVERFLOW, e.type);
	EXPECT_EQ(4, e.size);
	EXPECT_EQ(1, e.ev.record.log);
	EXPECT_EQ(111, e.ev.record.first_overflow);
	EXPECT_EQ(222, e.ev.record.last_overflow);
	EXPECT_STREQ("log-overflow", jnl_type_name(&e));
}

/* The indexes @q selects among the journal's entries, as a string. */
static void selection(struct jnl *j, struct jnl_query *q, char *out, size_t cap)
{
	struct jnl_entry e;
	uint64_t i;
	size_t n = 0;

	out[0] = '\0';
	for (i = 0; i < jnl_count(j) && n < cap; i++)
		if (!jnl_read(j, i, &e) && jnl_query_match(q, &e))
			n += snprintf(out + n, cap - n, "%llu ", (unsigned long long)i);
}

TEST_F(jnl, since_queries)
{
	struct jnl_entry gap = { .type = JNL_GAP, .gap = JNL_GAP_SEQ, .cci = 7,
				 .seq = 6, .size = 3 };
	struct jnl_entry over = { .type = JNL_GAP, .gap = JNL_GAP_OVERRUN };
	struct jnl_entry stop = { .type = JNL_STOP, .time_ns = 2000000000000000000ull };
	struct cxlfm_event ev;
	struct jnl_query q;
	char sel[256];

	/* 0-4: CCI 7 seq 1-5; 5: overrun; 6: gap 6-8; 7: seq 9; 8: CCI 8 seq 1; 9: stop */
	ASSERT_EQ(0, jnl_append(self->j, &over));
	ASSERT_EQ(0, jnl_append(self->j, &gap));
	record_event(&ev, 7, 9);
	ASSERT_EQ(0, append_event(self->j, &ev));
	record_event(&ev, 8, 1);
	ASSERT_EQ(0, append_event(self->j, &ev));
	ASSERT_EQ(0, jnl_append(self->j, &stop));

	memset(&q, 0, sizeof(q));
	selection(self->j, &q, sel, sizeof(sel));
	EXPECT_STREQ("0 1 2 3 4 5 6 7 8 9 ", sel);

	memset(&q, 0, sizeof(q));
	ASSERT_EQ(0, jnl_query_since(&q, "3"));
	selection(self->j, &q, sel, sizeof(sel));
	EXPECT_STREQ("3 4 5 6 7 9 ", sel);	/* CCI 8's seq 1 is not above 3 */

	/* The gap 6-8 reaches above 7; the overrun precedes anything selected. */
	memset(&q, 0, sizeof(q));
	ASSERT_EQ(0, jnl_query_since(&q, "7"));
	q.by_cci = true;
	q.cci = 7;
	selection(self->j, &q, sel, sizeof(sel));
	EXPECT_STREQ("6 7 9 ", sel);

	memset(&q, 0, sizeof(q));
	ASSERT_EQ(0, jnl_query_since(&q, "0"));
	q.by_cci = true;
	q.cci = 8;
	selection(self->j, &q, sel, sizeof(sel));
	EXPECT_STREQ("8 9 ", sel);	/* the overrun came before */

	/* Time: only the stop entry was stamped in 2033. */
	memset(&q, 0, sizeof(q));
	ASSERT_EQ(0, jnl_query_since(&q, "2033-05-18T03:33:20Z"));
	EXPECT_EQ(2000000000000000000ull, q.time_ns);
	selection(self->j, &q, sel, sizeof(sel));
	EXPECT_STREQ("9 ", sel);
	memset(&q, 0, sizeof(q));
	ASSERT_EQ(0, jnl_query_since(&q, "@2000000001"));
	selection(self->j, &q, sel, sizeof(sel));
	EXPECT_STREQ("", sel);
	memset(&q, 0, sizeof(q));
	ASSERT_EQ(0, jnl_query_since(&q, "2001-01-01"));
	selection(self->j, &q, sel, sizeof(sel));
	EXPECT_STREQ("0 1 2 3 4 5 6 7 8 9 ", sel);

	EXPECT_EQ(-EINVAL, jnl_query_since(&q, "yesterday"));
	EXPECT_EQ(-EINVAL, jnl_query_since(&q, "12x"));
	EXPECT_EQ(-EINVAL, jnl_query_since(&q, "@"));
	EXPECT_EQ(-EINVAL, jnl_query_since(&q, "99999999999"));
}

/* Hierarchy changes and background completions: kept, numbered, read back. */
TEST_F(jnl, hierarchy_and_background_entries)
{
	struct cxlfm_event ev;
	struct jnl_entry gap, e;

	memset(&ev, 0, sizeof(ev));
	ev.type = CXLFM_EVENT_BG_DONE;
	ev.cci.id = 7;
	ev.seq = 6;
	ev.bg.opcode = 0x5202;
	ev.bg.return_code = 0x0002;
	ev.bg.vendor_status = 0xbeef;
	EXPECT_EQ(0, jnl_gap_before(self->j, &ev, 0, 0, &gap));
	ASSERT_EQ(0, append_event(self->j, &ev));

	memset(&ev, 0, sizeof(ev));
	ev.type = CXLFM_EVENT_HIERARCHY;
	ev.cci.id = 7;
	ev.seq = 7;
	ev.hierarchy.change = CXLFM_FABRIC_CHANGE_UNBIND;
	ev.hierarchy.source = CXLFM_FABRIC_SOURCE_REPORT;
	ev.hierarchy.has_vppb = true;
	ev.hierarchy.vcs_id = 1;
	ev.hierarchy.vppb_id = 2;
	ev.hierarchy.port_id = 3;
	ev.hierarchy.ld_id = 0x1234;
	ev.hierarchy.action = CXLFM_FABRIC_ACTION_REMOVED;
	strcpy(ev.hierarchy.pci_dev, "0000:0e:00.0");
	/* 7 follows the background completion's 6: no gap */
	EXPECT_EQ(0, jnl_gap_before(self->j, &ev, 0, 0, &gap));
	ASSERT_EQ(0, append_event(self->j, &ev));
	ASSERT_EQ(0, jnl_sync(self->j));

	ASSERT_EQ(0, jnl_read(self->j, 5, &e));
	EXPECT_EQ(JNL_BG_DONE, e.type);
	EXPECT_EQ(CXLFM_EVENT_BG_DONE, e.ev.type);
	EXPECT_EQ(6, e.seq);
	EXPECT_EQ(0x5202, e.ev.bg.opcode);
	EXPECT_EQ(0x0002, e.ev.bg.return_code);
	EXPECT_EQ(0xbeef, e.ev.bg.vendor_status);
	ASSERT_EQ(0, jnl_read(self->j, 6, &e));
	EXPECT_EQ(JNL_HIERARCHY, e.type);
	EXPECT_EQ(CXLFM_EVENT_HIERARCHY, e.ev.type);
	EXPECT_EQ(7, e.ev.cci.id);
	EXPECT_EQ(CXLFM_FABRIC_CHANGE_UNBIND, e.ev.hierarchy.change);
	EXPECT_EQ(CXLFM_FABRIC_SOURCE_REPORT, e.ev.hierarchy.source);
	EXPECT_TRUE(e.ev.hierarchy.has_vppb);
	EXPECT_EQ(2, e.ev.hierarchy.vppb_id);
	EXPECT_EQ(0x1234, e.ev.hierarchy.ld_id);
	EXPECT_EQ(CXLFM_FABRIC_ACTION_REMOVED, e.ev.hierarchy.action);
	EXPECT_STREQ("0000:0e:00.0", e.ev.hierarchy.pci_dev);
	EXPECT_STREQ("hierarchy", jnl_type_name(&e));
}

TEST(crc32c_check_value)
{
	/* The CRC-32C check value (RFC 3720 B.4 gives the same polynomial) */
	EXPECT_EQ(0xe3069283u, jnl_crc32c("123456789", 9));
}

TEST_HARNESS_MAIN
