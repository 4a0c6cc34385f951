/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the cxlfm_sim kselftests: load cxlfm and cxlfm_sim, create
 * simulated switches, reach their CCI through libcxlfm's raw op and the
 * simulator's debugfs knobs.
 */
#ifndef CXLFM_SELFTEST_SIM_UTIL_H
#define CXLFM_SELFTEST_SIM_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cxlfm/libcxlfm.h>

#include "sysfs_util.h"

#define SIM_BUS		"/sys/bus/cxlfm_sim"
#define SIM_DEBUGFS	"/sys/kernel/debug/cxlfm_sim"

static inline int sim_load_module(const char *rel)
{
	char path[PATH_MAX];
	int fd, rc;

	snprintf(path, sizeof(path), "%s/%s", getenv("CXLFM_KMOD"), rel);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = syscall(SYS_finit_module, fd, "", 0);
	rc = rc && errno != EEXIST ? -errno : 0;
	close(fd);
	return rc;
}

/*
 * Unload module @name, waiting out a command in flight, which holds the
 * module for a moment.  Return: 0 (also when it was not loaded), -EBUSY
 * if it stays held for 5 s, or another negative errno.
 */
static inline int sim_unload_module(const char *name)
{
	int i;

	for (i = 0; i < 500; i++) {
		if (!syscall(SYS_delete_module, name, O_NONBLOCK) ||
		    errno == ENOENT)
			return 0;
		if (errno != EAGAIN && errno != EBUSY && errno != EWOULDBLOCK)
			return -errno;
		usleep(10000);
	}
	return -EBUSY;
}

/* Unload cxlfm_sim.ko, then cxlfm.ko.  Return: 0 or a negative errno. */
static inline int sim_unload(void)
{
	int rc = sim_unload_module("cxlfm_sim");

	return rc ? rc : sim_unload_module("cxlfm");
}

#define EVENT_POLL "/sys/module/cxlfm/parameters/event_poll_ms"

/*
 * Load cxlfm.ko and cxlfm_sim.ko unless they are loaded.  cxlfm's event
 * drain polling is turned off, so that the tests see the simulator's event
 * logs as they left them.
 */
static inline int sim_load(void)
{
	int rc = 0;

	if (!path_exists("/sys/module/cxlfm"))
		rc = sim_load_module("drivers/cxlfm/cxlfm.ko");
	if (!rc && path_exists(EVENT_POLL))
		rc = sysfs_write(EVENT_POLL, "0");
	if (!rc && !path_exists("/sys/module/cxlfm_sim"))
		rc = sim_load_module("tools/testing/cxlfm/sim/cxlfm_sim.ko");
	return rc;
}

/*
 * Create an instance.  cxlfm drains a new CCI's event logs once, from a
 * work item, right after registration: give that drain time to finish so
 * that it does not take the records a test then puts in the logs.
 */
static inline int sim_new(const char *spec)
{
	int rc = sysfs_write(SIM_BUS "/new_device", spec);

	if (!rc)
		usleep(200000);
	return rc;
}

static inline int sim_del(unsigned int id)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", id);
	return sysfs_write(SIM_BUS "/del_device", buf);
}

/* The cxlfm CCI id of simulator instance @id, or -errno. */
static inline int sim_cci(unsigned int id)
{
	char path[PATH_MAX], val[32];
	int rc;

	snprintf(path, sizeof(path), SIM_BUS "/devices/sim%u/cci", id);
	rc = sysfs_read(path, val, sizeof(val));
	if (rc)
		return rc;
	return strncmp(val, "cxlfm", 5) ? -ENODEV : atoi(val + 5);
}

static inline int sim_knob(unsigned int id, const char *knob, const char *val)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), SIM_DEBUGFS "/%u/%s", id, knob);
	return sysfs_write(path, val);
}

static inline int sim_knob_read(unsigned int id, const char *knob, char *buf,
				size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), SIM_DEBUGFS "/%u/%s", id, knob);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/*
 * Run a command on the simulator directly through its debugfs test hook
 * (for the commands cxlfm keeps to itself).  Return: bytes of response, or
 * -errno; *rc receives the return code.
 */
static inline int sim_hook(unsigned int id, uint16_t opcode, const void *in,
			   size_t in_len, uint8_t *out, size_t cap, uint16_t *rc)
{
	uint8_t req[4096], rsp[4098];
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	if (in_len + 2 > sizeof(req))
		return -E2BIG;
	snprintf(path, sizeof(path), SIM_DEBUGFS "/%u/cmd", id);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	req[0] = opcode & 0xff;
	req[1] = opcode >> 8;
	if (in_len)
		memcpy(req + 2, in, in_len);
	n = write(fd, req, in_len + 2);
	if (n >= 0)
		n = read(fd, rsp, sizeof(rsp));
	close(fd);
	if (n < 2)
		return n < 0 ? -errno : -EIO;
	*rc = rsp[0] | rsp[1] << 8;
	n -= 2;
	memcpy(out, rsp + 2, (size_t)n < cap ? (size_t)n : cap);
	return n;
}

/* One raw command through cxlfm; Return: cxlfm_raw()'s result. */
static inline int sim_raw(struct cxlfm_ctx *ctx, int cci, uint16_t opcode,
			  const void *in, size_t in_len, uint8_t *out,
			  size_t cap, size_t *out_len, uint16_t *rc)
{
	struct cxlfm_raw_cmd cmd = {
		.opcode = opcode, .in = in, .in_len = in_len,
		.out = out, .out_cap = cap,
	};
	int ret = cxlfm_raw(ctx, cci, &cmd);

	*out_len = cmd.out_len;
	*rc = cmd.return_code;
	return ret;
}

static inline double sim_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wait up to @ms for /sys/class/cxlfm/cxlfmN/state to read @want. */
static inline int sim_wait_state(int cci, const char *want, int ms)
{
	char path[PATH_MAX], val[32];

	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%d/state", cci);
	for (; ms > 0; ms -= 10) {
		if (!sysfs_read(path, val, sizeof(val)) && !strcmp(val, want))
			return 0;
		usleep(10000);
	}
	return -ETIMEDOUT;
}

#endif /* CXLFM_SELFTEST_SIM_UTIL_H */
