/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Segment files of a cxlfmd journal (internal to journal.c).  A journal
 * named PATH is the file PATH, holding the entries from index 0, followed
 * by files PATH.<16 hex digits>, each holding the entries from the index
 * its name gives.  Each one is a complete v1 journal file whose entries
 * carry their global index.  Retention deletes whole segments from the
 * front, so PATH itself may be gone.
 */
#ifndef CXLFM_SEGMENT_H
#define CXLFM_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * struct seg - one segment file
 * @base: index of its first entry
 * @slots: entry slots known (valid or corrupt)
 */
struct seg {
	uint64_t base;
	uint64_t slots;
};

/* The file name of the segment starting at @base (malloc'd). */
char *seg_name(const char *path, uint64_t base);
/*
 * The segments of journal @path, sorted by base.  @cleanup (the writer):
 * remove the half-made segment a crash during a rotation left behind.
 */
int seg_list(const char *path, bool cleanup, struct seg **out, size_t *nr);
/*
 * Make the segment starting at @base with header @hdr durable under its
 * final name, and return its fd open for writing (or a negative errno).
 */
int seg_create(const char *path, uint64_t base, const void *hdr, size_t len);
/* The one writer: flock of PATH.lock, which outlives every segment. */
int seg_lock(const char *path);
/* fsync the directory holding @path: a new or renamed name is durable. */
void seg_sync_dir(const char *path);

#endif /* CXLFM_SEGMENT_H */
