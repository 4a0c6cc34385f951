// SPDX-License-Identifier: GPL-2.0
/*
 * Segment files of the cxlfmd journal: names, listing, creation, the
 * writer's lock.  What is in the files is journal.c's business.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "segment.h"

#define HEX_DIGITS	16
#define NEW_SUFFIX	".new"

char *seg_name(const char *path, uint64_t base)
{
	char *name;

	if (!base)
		return strdup(path);
	if (asprintf(&name, "%s.%0*llx", path, HEX_DIGITS, (unsigned long long)base) < 0)
		return NULL;
	return name;
}

/* Split @path into its directory (malloc'd) and its last component. */
static char *split(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	*base = slash ? slash + 1 : path;
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, slash - path);
}

/* The base of directory entry @d of journal @stem, or 0 if it is none. */
static uint64_t parse(const char *name, const char *stem, size_t len, bool *tmp)
{
	const char *p = name + len + 1;
	uint64_t v = 0;
	int i;

	if (strncmp(name, stem, len) || name[len] != '.')
		return 0;
	for (i = 0; i < HEX_DIGITS; i++, p++) {
		if (*p >= '0' && *p <= '9')
			v = v << 4 | (*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			v = v << 4 | (*p - 'a' + 10);
		else
			return 0;
	}
	*tmp = !strcmp(p, NEW_SUFFIX);
	return *p && !*tmp ? 0 : v;
}

static int by_base(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

int seg_list(const char *path, bool cleanup, struct seg **out, size_t *nr)
{
	const char *stem;
	char *dir = split(path, &stem), *name;
	size_t len = strlen(stem), n = 0;
	struct seg *segs = NULL, *s;
	struct dirent *d;
	uint64_t base;
	bool tmp;
	DIR *dh;
	int rc = 0;

	if (!dir)
		return -ENOMEM;
	dh = opendir(dir);
	if (!dh) {
		rc = -errno;
		free(dir);
		return rc;
	}
	while ((d = readdir(dh))) {
		if (!strcmp(d->d_name, stem))
			base = 0;
		else if (!(base = parse(d->d_name, stem, len, &tmp)))
			continue;	/* not ours (base 0 is only ever PATH) */
		else if (tmp) {
			/* a rotation interrupted before its rename: never used */
			if (cleanup && asprintf(&name, "%s/%s", dir, d->d_name) >= 0) {
				unlink(name);
				free(name);
			}
			continue;
		}
		s = realloc(segs, (n + 1) * sizeof(*s));
		if (!s) {
			rc = -ENOMEM;
			break;
		}
		segs = s;
		segs[n].base = base;
		segs[n++].slots = 0;
	}
	closedir(dh);
	free(dir);
	if (rc) {
		free(segs);
		return rc;
	}
	if (n)
		qsort(segs, n, sizeof(*segs), by_base);
	*out = segs;
	*nr = n;
	return 0;
}

void seg_sync_dir(const char *path)
{
	const char *stem;
	char *dir = split(path, &stem);
	int fd;

	if (!dir)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int seg_create(const char *path, uint64_t base, const void *hdr, size_t len)
{
	char *name = seg_name(path, base), *tmp = NULL;
	int fd = -1, rc;

	if (!name || asprintf(&tmp, "%s" NEW_SUFFIX, name) < 0) {
		free(name);
		return -ENOMEM;
	}
	/*
	 * Header first, under a name no reader lists, then the rename: a
	 * segment is never seen without a valid header, even after a crash.
	 */
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0 || pwrite(fd, hdr, len, 0) != (ssize_t)len || fdatasync(fd) ||
	    rename(tmp, name)) {
		rc = -errno;
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		fd = rc ? rc : -EIO;
	} else {
		seg_sync_dir(path);
	}
	free(tmp);
	free(name);
	return fd;
}

int seg_lock(const char *path)
{
	char *name;
	int fd, rc;

	if (asprintf(&name, "%s.lock", path) < 0)
		return -ENOMEM;
	fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	rc = fd < 0 ? -errno : 0;
	free(name);
	if (rc)
		return rc;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		rc = errno == EWOULDBLOCK ? -EBUSY : -errno;
		close(fd);
		return rc;
	}
	return fd;
}
