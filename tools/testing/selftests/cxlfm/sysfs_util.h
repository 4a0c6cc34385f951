/* SPDX-License-Identifier: GPL-2.0 */
/* Small sysfs helpers for the cxlfm kselftests. */
#ifndef CXLFM_SELFTEST_SYSFS_UTIL_H
#define CXLFM_SELFTEST_SYSFS_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline bool path_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Load the cxlfm.ko built for this kernel ($CXLFM_KMOD) with @params. */
static inline int cxlfm_load(const char *params)
{
	char path[PATH_MAX];
	int fd, rc;

	snprintf(path, sizeof(path), "%s/drivers/cxlfm/cxlfm.ko", getenv("CXLFM_KMOD"));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = syscall(SYS_finit_module, fd, params, 0) ? -errno : 0;
	close(fd);
	return rc;
}

/* Read a sysfs attribute without its trailing newline. */
static inline int sysfs_read(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static inline int sysfs_write(const char *path, const char *val)
{
	ssize_t n;
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	close(fd);
	return n < 0 ? -errno : 0;
}

/*
 * Whether entry @name of directory @dir is the one looked for; @arg is
 * the looker's.
 */
typedef bool (*dir_match_fn)(const char *dir, const char *name, const void *arg);

/*
 * Of the entries of @dir that @match accepts, the @nth (0 is the first) in
 * name order: its name into @name.  Return: 0, -ENODEV if fewer match,
 * -ENAMETOOLONG, or -errno.
 */
static inline int dir_find(const char *dir, dir_match_fn match, const void *arg,
			   int nth, char *name, size_t len)
{
	struct dirent **names;
	int i, n, rc = -ENODEV;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		const char *entry = names[i]->d_name;

		if (rc == -ENODEV && entry[0] != '.' && match(dir, entry, arg) && !nth--)
			rc = snprintf(name, len, "%s", entry) < (int)len ? 0 : -ENAMETOOLONG;
		free(names[i]);
	}
	free(names);
	return rc;
}

/* dir_find() matcher: attribute @arg->attr of entry @name reads @arg->val. */
struct attr_is {
	const char *attr;
	const char *val;
};

static inline bool entry_attr_is(const char *dir, const char *name, const void *arg)
{
	const struct attr_is *want = arg;
	char path[PATH_MAX], val[64];

	snprintf(path, sizeof(path), "%s/%s/%s", dir, name, want->attr);
	return !sysfs_read(path, val, sizeof(val)) && !strcmp(val, want->val);
}

/* dir_find() matcher: @name starts with the string @arg. */
static inline bool entry_has_prefix(const char *dir, const char *name, const void *arg)
{
	(void)dir;
	return !strncmp(name, arg, strlen(arg));
}

/* dir_find() matcher: a CXL memory device whose serial number reads @arg. */
static inline bool entry_is_memdev_with_serial(const char *dir, const char *name,
					       const void *arg)
{
	const struct attr_is serial = { "serial", arg };

	return entry_has_prefix(dir, name, "mem") && entry_attr_is(dir, name, &serial);
}

/* dir_find() matcher: a PCI function's name, "dddd:bb:dd.f" (not a port service's). */
static inline bool entry_is_bdf(const char *dir, const char *name, const void *arg)
{
	unsigned int dom, bus, dev, fn;
	char end;

	(void)dir;
	(void)arg;
	return strlen(name) == 12 &&
	       sscanf(name, "%4x:%2x:%2x.%1x%c", &dom, &bus, &dev, &fn, &end) == 4;
}

/* The memN of the CXL memory device with serial number @serial. */
static inline int cxl_mem_of(const char *serial, char *mem, size_t len)
{
	return dir_find("/sys/bus/cxl/devices", entry_is_memdev_with_serial, serial, 0,
			mem, len);
}

/* The PCI address of the CXL memory device with this serial number. */
static inline int find_type3_by_serial(const char *serial, char *bdf, size_t len)
{
	char path[PATH_MAX], mem[64], real[PATH_MAX];
	int rc = cxl_mem_of(serial, mem, sizeof(mem));

	if (rc)
		return rc;
	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/..", mem);
	if (!realpath(path, real))
		return -errno;
	return snprintf(bdf, len, "%s", basename(real)) < (int)len ? 0 : -ENAMETOOLONG;
}

/* The first PCI function below bridge @bdf (a downstream port's device). */
static inline int pci_below(const char *bdf, char *below, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", bdf);
	return dir_find(path, entry_is_bdf, NULL, 0, below, len);
}

/*
 * Read the first 256 bytes of @bdf's config space into @cfg and find its
 * PCI Express capability (id 0x10) there.  Return: its offset, whole
 * through Slot Capabilities (+0x17), or -errno.
 */
static inline int pcie_cap(const char *bdf, unsigned char cfg[256])
{
	char path[PATH_MAX];
	int fd, pos, n, hops;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, cfg, 256);
	close(fd);
	if (n < 64)
		return -EIO;
	for (pos = cfg[0x34] & ~3, hops = 0; pos && pos + 0x18 <= n && hops < 48; hops++) {
		if (cfg[pos] == 0x10)
			return pos;
		pos = cfg[pos + 1] & ~3;
	}
	return -ENOENT;
}

/* PCIe device/port type (PCI Express Capability, flags bits 7:4), or -errno. */
static inline int pcie_type(const char *bdf)
{
	unsigned char cfg[256];
	int pos = pcie_cap(bdf, cfg);

	return pos < 0 ? pos : (cfg[pos + 2] >> 4) & 0xf;
}

/* dir_find() matcher: a CXL memory device (class 0x050210) below a root port. */
static inline bool entry_is_direct_type3(const char *dir, const char *name, const void *arg)
{
	const struct attr_is type3 = { "class", "0x050210" };
	char path[PATH_MAX], real[PATH_MAX];

	(void)arg;
	if (!entry_attr_is(dir, name, &type3))
		return false;
	snprintf(path, sizeof(path), "%s/%s/..", dir, name);
	return realpath(path, real) &&
	       pcie_type(basename(real)) == 4;	/* PCI_EXP_TYPE_ROOT_PORT */
}

/*
 * The CXL memory device attached directly to a root port, whatever driver
 * it is bound to.
 */
static inline int find_direct_type3(char *bdf, size_t len)
{
	return dir_find("/sys/bus/pci/devices", entry_is_direct_type3, NULL, 0, bdf, len);
}

/* The name of the driver bound to a PCI device, or "" if none. */
static inline int pci_driver_of(const char *bdf, char *name, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", bdf);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0) {
		name[0] = '\0';
		return errno == ENOENT ? 0 : -errno;
	}
	target[n] = '\0';
	snprintf(name, len, "%s", basename(target));
	return 0;
}

/*
 * Unbind a PCI device from whatever driver has it and bind it to @driver,
 * waiting up to 10 s for the bind (cxl_pci probes asynchronously).
 */
static inline int pci_rebind(const char *bdf, const char *driver)
{
	char path[PATH_MAX], cur[64];
	int rc, i;

	rc = pci_driver_of(bdf, cur, sizeof(cur));
	if (rc)
		return rc;
	if (cur[0]) {
		snprintf(path, sizeof(path), "/sys/bus/pci/drivers/%s/unbind", cur);
		rc = sysfs_write(path, bdf);
		if (rc)
			return rc;
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", bdf);
	rc = sysfs_write(path, driver);
	if (rc)
		return rc;
	rc = sysfs_write("/sys/bus/pci/drivers_probe", bdf);
	if (rc)
		return rc;
	for (i = 0; i < 1000; i++) {
		rc = pci_driver_of(bdf, cur, sizeof(cur));
		if (rc || !strcmp(cur, driver))
			return rc;
		usleep(10000);
	}
	return -ETIMEDOUT;
}

/* The id of the CCI cxlfm registered for PCI function @bdf, or -errno. */
static inline int cci_id_of(const char *bdf)
{
	char path[PATH_MAX], name[64];
	struct dirent *de;
	DIR *d;
	int id = -ENODEV;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/cxlfm", bdf);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d)))
		if (sscanf(de->d_name, "cxlfm%63s", name) == 1)
			id = atoi(name);
	closedir(d);
	return id;
}

/*
 * /proc/irq/N/cxlfm entries: one for each interrupt vector cxlfm has a
 * handler on, and one left behind by a handler freed after its vector.
 */
static inline int cxlfm_irq_entries(void)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir("/proc/irq");
	int n = 0;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		snprintf(path, sizeof(path), "/proc/irq/%s/cxlfm", de->d_name);
		n += path_exists(path);
	}
	closedir(d);
	return n;
}

/* Of the /proc/irq/N/cxlfm entries, those on @bdf's MSI/MSI-X vectors. */
static inline int device_irq_entries(const char *bdf)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/msi_irqs", bdf);
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		snprintf(path, sizeof(path), "/proc/irq/%s/cxlfm", de->d_name);
		n += de->d_name[0] != '.' && path_exists(path);
	}
	closedir(d);
	return n;
}

/* /dev/kmsg from now on: the records the kernel logs after this call. */
static inline int kmsg_from_now(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

/*
 * Of the records logged since kmsg_from_now() gave @fd, how many hold
 * @needle; the first of them into @first.
 */
static inline int kmsg_count(int fd, const char *needle, char *first, size_t len)
{
	char rec[2048];
	ssize_t n;
	int found = 0;

	if (len)
		first[0] = '\0';
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)	/* overwritten before we read it */
			continue;
		if (n <= 0)
			break;
		rec[n] = '\0';
		if (!strstr(rec, needle))
			continue;
		if (!found++ && len) {	/* as much as fits */
			n = (size_t)n < len - 1 ? n : (ssize_t)len - 1;
			memcpy(first, rec, n);
			first[n] = '\0';
		}
	}
	return found;
}

#endif /* CXLFM_SELFTEST_SYSFS_UTIL_H */
