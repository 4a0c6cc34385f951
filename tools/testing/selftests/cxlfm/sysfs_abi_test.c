// SPDX-License-Identifier: GPL-2.0
/*
 * Every attribute of /sys/class/cxlfm/cxlfmN is documented in the tree's
 * Documentation/ABI/testing/sysfs-class-cxlfm, and everything documented
 * there exists: checked on a simulated switch (which shows every attribute)
 * and on QEMU's type-3 mailbox bound to cxlfm over PCI (which hides the
 * identity and switch ones).  Each attribute reads as one whole line.
 * The document is read from the tree the guest sees (CXLFM_TREE).
 */
#include <dirent.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define ID		90
#define ABI_DOC		"Documentation/ABI/testing/sysfs-class-cxlfm"
#define CLASS		"/sys/class/cxlfm/"
#define MAX_WHAT	64

FIXTURE(abi)
{
	char what[MAX_WHAT][128];	/* attribute names documented */
	int nr_what;
	char bdf[32];			/* the type-3 bound to cxlfm, or "" */
	int sim_cci, pci_cci;
};

/*
 * The attribute names of the "What:" lines naming a file of cxlfmN, in the
 * order of the document; the directory's own entry has none.
 */
static int read_doc(struct _test_data_abi *self)
{
	const char *tree = getenv("CXLFM_TREE");
	char path[PATH_MAX], line[512], *name;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tree ? tree : ".", ABI_DOC);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "What:", 5))
			continue;
		name = strstr(line, CLASS "cxlfmN/");
		if (!name)
			continue;
		name += strlen(CLASS "cxlfmN/");
		name[strcspn(name, " \t\n")] = '\0';
		if (!*name || self->nr_what == MAX_WHAT)
			continue;
		snprintf(self->what[self->nr_what++], sizeof(self->what[0]), "%s", name);
	}
	fclose(f);
	return 0;
}

static bool documented(struct _test_data_abi *self, const char *name)
{
	int i;

	for (i = 0; i < self->nr_what; i++)
		if (!strcmp(self->what[i], name))
			return true;
	return false;
}

FIXTURE_SETUP(abi)
{
	char spec[64];

	ASSERT_EQ(0, read_doc(self)) TH_LOG("cannot read %s", ABI_DOC);
	ASSERT_LT(0, self->nr_what) TH_LOG("no attribute documented in %s", ABI_DOC);
	ASSERT_EQ(0, sim_load());
	snprintf(spec, sizeof(spec), "%d ports=4 vcs=1 vppbs=2", ID);
	ASSERT_EQ(0, sim_new(spec));
	self->sim_cci = sim_cci(ID);
	ASSERT_LE(0, self->sim_cci);
	self->pci_cci = -1;
	if (!find_direct_type3(self->bdf, sizeof(self->bdf))) {
		ASSERT_EQ(0, pci_rebind(self->bdf, "cxlfm"));
		self->pci_cci = cci_id_of(self->bdf);
		ASSERT_LE(0, self->pci_cci);
	} else {
		self->bdf[0] = '\0';
	}
}

FIXTURE_TEARDOWN(abi)
{
	sim_del(ID);
	if (self->bdf[0])
		pci_rebind(self->bdf, "cxl_pci");
}

/* @name of CCI @cci reads as one line: text, then one newline at the end. */
static void check_one_line(struct __test_metadata *_metadata, int cci,
			   const char *name)
{
	char path[PATH_MAX], buf[8192];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), CLASS "cxlfm%d/%s", cci, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("open %s: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ASSERT_LT(0, n) TH_LOG("read %s: %s", path, n < 0 ? strerror(errno) : "empty");
	buf[n] = '\0';
	EXPECT_EQ('\n', buf[n - 1]) TH_LOG("%s does not end its line: \"%s\"", path, buf);
	EXPECT_EQ(n - 1, (ssize_t)strcspn(buf, "\n"))
		TH_LOG("%s holds more than one line: \"%s\"", path, buf);
}

/*
 * Every file of cxlfm@cci is documented, but the driver core's uevent
 * (Documentation/ABI/testing/sysfs-uevent); the only directory is the
 * driver core's power/.  Return: the attributes seen.
 */
static int check_cci(struct __test_metadata *_metadata,
		     struct _test_data_abi *self, int cci)
{
	char path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	int seen = 0;
	DIR *d;

	snprintf(path, sizeof(path), CLASS "cxlfm%d", cci);
	d = opendir(path);
	EXPECT_NE(NULL, d) TH_LOG("%s: %s", path, strerror(errno));
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "uevent"))
			continue;
		snprintf(path, sizeof(path), CLASS "cxlfm%d/%s", cci, de->d_name);
		if (lstat(path, &st))
			continue;
		if (S_ISLNK(st.st_mode))
			continue;
		if (S_ISDIR(st.st_mode)) {
			EXPECT_STREQ("power", de->d_name)
				TH_LOG("directory %s is not documented", path);
			continue;
		}
		EXPECT_TRUE(documented(self, de->d_name))
			TH_LOG("%s is not in %s", path, ABI_DOC);
		check_one_line(_metadata, cci, de->d_name);
		seen++;
	}
	closedir(d);
	return seen;
}

TEST_F(abi, every_attribute_is_documented)
{
	struct dirent *de;
	int cci, n;
	DIR *d;

	/* every CCI there is: the two of the fixture and any other */
	d = opendir(CLASS);
	ASSERT_NE(NULL, d);
	while ((de = readdir(d))) {
		if (sscanf(de->d_name, "cxlfm%d", &cci) != 1)
			continue;
		n = check_cci(_metadata, self, cci);
		TH_LOG("cxlfm%d%s: %d attributes", cci,
		       cci == self->sim_cci ? " (sim)" : cci == self->pci_cci ? " (pci)" : "",
		       n);
	}
	closedir(d);
}

/* A simulated switch shows every attribute: nothing documented is stale. */
TEST_F(abi, everything_documented_exists)
{
	char path[PATH_MAX];
	int i;

	for (i = 0; i < self->nr_what; i++) {
		snprintf(path, sizeof(path), CLASS "cxlfm%d/%s", self->sim_cci,
			 self->what[i]);
		EXPECT_TRUE(path_exists(path))
			TH_LOG("%s documents %s, which a switch CCI does not have",
			       ABI_DOC, self->what[i]);
	}
}

TEST_HARNESS_MAIN
