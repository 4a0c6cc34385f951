// SPDX-License-Identifier: GPL-2.0
/*
 * The event subscriptions' file (--subscriptions): what an orchestrator
 * subscribed outlives a restart of the daemon.
 *
 * The network process, which holds the subscriptions, runs unprivileged
 * and cannot create files where a service keeps its state; so the root
 * part opens the file before dropping privileges and hands over the
 * descriptor, and the file is never renamed.  To survive a crash or power
 * loss during a write it has two slots, each a header (magic, sequence
 * number, length, FNV-1a hash of the text) and the subscriptions as JSON:
 * a save writes the slot not holding the newest copy and syncs it, a load
 * takes the valid slot with the higher sequence number.  A torn write
 * costs only the save being written.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "subs_store.h"

#define SLOT_MAGIC	0x52465331u	/* "RFS1" */
#define SLOT_SIZE	(64 * 1024)

struct slot_hdr {
	uint32_t magic;
	uint32_t len;		/* bytes of JSON after the header */
	uint64_t seq;		/* higher: newer */
	uint64_t hash;		/* FNV-1a 64 of the JSON */
};

static uint64_t seq_last;	/* of the newest slot, read or written */
static int slot_last = -1;
static char *text_read;		/* the newest copy subs_store_open() read */

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (n--) {
		h ^= (unsigned char)*p++;
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Slot @i's JSON, NUL-terminated (malloc'd), if the slot is whole. */
static char *slot_read(int fd, int i, uint64_t *seq)
{
	struct slot_hdr h;
	char *text;

	if (pread(fd, &h, sizeof(h), (off_t)i * SLOT_SIZE) != sizeof(h) ||
	    h.magic != SLOT_MAGIC || h.len > SLOT_SIZE - sizeof(h))
		return NULL;
	text = malloc(h.len + 1);
	if (!text)
		return NULL;
	if (pread(fd, text, h.len, (off_t)i * SLOT_SIZE + sizeof(h)) != (ssize_t)h.len ||
	    fnv1a(text, h.len) != h.hash) {
		free(text);
		return NULL;
	}
	text[h.len] = 0;
	*seq = h.seq;
	return text;
}

/* Whether slot @i's header was never written (zeros, or past the end). */
static bool slot_blank(int fd, int i)
{
	static const struct slot_hdr zero;
	struct slot_hdr h;
	ssize_t n = pread(fd, &h, sizeof(h), (off_t)i * SLOT_SIZE);

	return n <= 0 || !memcmp(&h, &zero, n);
}

/* The newer whole slot's text and sequence number, or NULL if neither is whole. */
static char *newest_slot(int fd, uint64_t *seq_out, int *slot_out)
{
	uint64_t seq[2] = { 0, 0 };
	char *text[2];
	int newest;

	text[0] = slot_read(fd, 0, &seq[0]);
	text[1] = slot_read(fd, 1, &seq[1]);
	if (!text[0] && !text[1])
		return NULL;
	newest = !text[0] || (text[1] && seq[1] > seq[0]);
	free(text[!newest]);
	*seq_out = seq[newest];
	*slot_out = newest;
	return text[newest];
}

int subs_store_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	struct stat st;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	text_read = newest_slot(fd, &seq_last, &slot_last);
	/*
	 * A file that is not ours is never written over: one with neither a
	 * whole slot nor blank headers (a first save that never finished
	 * leaves its header blank) is refused.
	 */
	if (!text_read && !(slot_blank(fd, 0) && slot_blank(fd, 1))) {
		close(fd);
		errno = EILSEQ;
		return -1;
	}
	return fd;
}

char *subs_store_load(void)
{
	char *text = text_read;

	text_read = NULL;
	return text;
}

int subs_store_save(int fd, const char *json)
{
	struct slot_hdr h = { .magic = SLOT_MAGIC, .len = strlen(json) };
	int slot = slot_last == 0;	/* the other one; slot 0 at first */
	off_t off = (off_t)slot * SLOT_SIZE;

	if (h.len > SLOT_SIZE - sizeof(h)) {
		errno = EFBIG;
		return -1;
	}
	h.seq = seq_last + 1;
	h.hash = fnv1a(json, h.len);
	/* The text first, then its header: a header is never ahead of it. */
	if (pwrite(fd, json, h.len, off + sizeof(h)) != (ssize_t)h.len || fdatasync(fd) ||
	    pwrite(fd, &h, sizeof(h), off) != sizeof(h) || fdatasync(fd))
		return -1;
	seq_last = h.seq;
	slot_last = slot;
	return 0;
}
