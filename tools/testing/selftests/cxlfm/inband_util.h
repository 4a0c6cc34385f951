/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the in-band hierarchy tests: the QEMU switch's ports, the CXL
 * objects below them, a kernel uevent listener and waiting for cxlfm's
 * notifications.
 */
#ifndef CXLFM_SELFTEST_INBAND_UTIL_H
#define CXLFM_SELFTEST_INBAND_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cxlfm/libcxlfm.h>
#include <linux/cxlfm.h>

#include "caps_util.h"
#include "sim_util.h"

/* QEMU's CXL switch: upstream port 19e5:a128, downstream ports 19e5:a129 */
#define QEMU_USP_ID	"0x19e5:0xa128"
#define QEMU_DSP_ID	"0x19e5:0xa129"

/* dir_find() matcher: a PCI device whose vendor:device reads @arg. */
static inline bool entry_is_pci_id(const char *dir, const char *name, const void *arg)
{
	char path[PATH_MAX], v[16], d[16], both[40];

	snprintf(path, sizeof(path), "%s/%s/vendor", dir, name);
	if (sysfs_read(path, v, sizeof(v)))
		return false;
	snprintf(path, sizeof(path), "%s/%s/device", dir, name);
	if (sysfs_read(path, d, sizeof(d)))
		return false;
	snprintf(both, sizeof(both), "%s:%s", v, d);
	return !strcmp(both, arg);
}

/* The @nth (0 is the first) PCI device with vendor:device @id, in name order. */
static inline int find_pci(const char *id, int nth, char *bdf, size_t len)
{
	return dir_find("/sys/bus/pci/devices", entry_is_pci_id, id, nth, bdf, len);
}

/* How many /sys/bus/cxl/devices entries start with @prefix. */
static inline int cxl_count(const char *prefix)
{
	struct dirent *de;
	DIR *d = opendir("/sys/bus/cxl/devices");
	int n = 0;

	if (!d)
		return -errno;
	while ((de = readdir(d)))
		n += !strncmp(de->d_name, prefix, strlen(prefix));
	closedir(d);
	return n;
}

/*
 * Wait up to @ms for the memdev with @serial to be present (@want) or
 * gone, with as many endpoints as @endpoints.
 */
static inline int wait_cxl(const char *serial, bool want, int endpoints, int ms)
{
	char mem[256];
	bool present;

	for (; ms > 0; ms -= 50) {
		present = !cxl_mem_of(serial, mem, sizeof(mem));
		if (present == want && cxl_count("endpoint") == endpoints)
			return 0;
		usleep(50000);
	}
	return -ETIMEDOUT;
}

/*
 * Wait up to @ms for a PCI device below @dsp to be present (@want: also on
 * the bus, whose link comes after the device's directory) or gone.
 */
static inline int wait_below(const char *dsp, bool want, int ms)
{
	char bdf[256], path[PATH_MAX];
	bool present;

	for (; ms > 0; ms -= 50) {
		present = !pci_below(dsp, bdf, sizeof(bdf));
		if (present) {
			snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", bdf);
			present = path_exists(path);
		}
		if (present == want)
			return 0;
		usleep(50000);
	}
	return -ETIMEDOUT;
}

/* A NETLINK_KOBJECT_UEVENT socket on the kernel's group, non-blocking. */
static inline int uevent_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int bufsz = 4 << 20;
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			NETLINK_KOBJECT_UEVENT);

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bufsz, sizeof(bufsz));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -errno;
	}
	return fd;
}

/*
 * Wait up to @ms for a "change" uevent of /class/cxlfm/cxlfm@cci whose
 * variables include every "KEY=value" of @vars (NULL-terminated).
 */
static inline int uevent_wait(int fd, int cci, const char *const *vars, int ms)
{
	char buf[8192], dev[32];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	unsigned int found, want;
	ssize_t n;
	char *s;
	int i;

	snprintf(dev, sizeof(dev), "/cxlfm%d", cci);
	for (want = 0; vars[want]; want++)
		;
	for (; ms > 0; ms -= 50) {
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0) {
			poll(&p, 1, 50);
			continue;
		}
		buf[n] = '\0';
		if (strncmp(buf, "change@", 7) || !strstr(buf, dev))
			continue;
		found = 0;
		for (s = buf; s < buf + n; s += strlen(s) + 1)
			for (i = 0; vars[i]; i++)
				found += !strcmp(s, vars[i]);
		if (found == want)
			return 0;
	}
	return -ETIMEDOUT;
}

/*
 * The next event of CCI @cci of @type within @ms, skipping other CCIs'.
 * Events of @cci of another type fail the wait (-EPROTO): the tests
 * expect them in a given order.
 */
static inline int next_event(struct cxlfm_events *ev, int cci,
			     enum cxlfm_event_type type, struct cxlfm_event *e,
			     int ms)
{
	struct pollfd p = { .fd = cxlfm_events_fd(ev), .events = POLLIN };
	int rc;

	for (; ms > 0; ms -= 20) {
		rc = cxlfm_events_next(ev, e);
		if (rc == -EAGAIN) {
			poll(&p, 1, 20);
			continue;
		}
		if (rc)
			return rc;
		if ((int)e->cci.id != cci)
			continue;
		/* the end of the bind or unbind itself comes in between */
		if (e->type == CXLFM_EVENT_BG_DONE && type != e->type)
			continue;
		return e->type == type ? 0 : -EPROTO;
	}
	return -ETIMEDOUT;
}

/* Bind (@port >= 0) or unbind vPPB @vppb of VCS 0 through cxlfm's raw op. */
static inline int vppb_set(struct cxlfm_ctx *ctx, int cci, int vppb, int port)
{
	uint8_t bind[6] = { 0, vppb, port, 0, 0xff, 0xff };
	uint8_t unbind[3] = { 0, vppb, 2 };	/* simulated hot-remove */
	struct cxlfm_raw_cmd cmd = {
		.opcode = port >= 0 ? 0x5201 : 0x5202,
		.in = port >= 0 ? bind : unbind,
		.in_len = port >= 0 ? sizeof(bind) : sizeof(unbind),
	};
	int rc = cxlfm_raw(ctx, cci, &cmd);

	if (rc)
		return rc;
	if (cmd.return_code != 1)	/* Background Command Started */
		return -EIO;
	return sim_wait_state(cci, "ready", 10000);
}

#endif /* CXLFM_SELFTEST_INBAND_UTIL_H */
