// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm_sim instances: creation with a topology, rejection of bad ones,
 * registration with cxlfm (what cxlfm learnt from the simulated CCI),
 * several at once, 16 switches of 256 ports, usp= mapping.  Runs in the VM.
 */
#include <dirent.h>

#include "kselftest_harness.h"
#include "sim_util.h"

FIXTURE(sim) {
	struct cxlfm_ctx *ctx;
	uint8_t *buf;
};

FIXTURE_SETUP(sim)
{
	ASSERT_NE(NULL, getenv("CXLFM_KMOD"));
	ASSERT_EQ(0, sim_load());
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	self->buf = calloc(1, 1 << 16);
	ASSERT_NE(NULL, self->buf);
}

FIXTURE_TEARDOWN(sim)
{
	unsigned int id;

	for (id = 0; id < 64; id++)
		sim_del(id);
	cxlfm_unref(self->ctx);
	free(self->buf);
}

TEST_F(sim, create_registers_a_switch_cci)
{
	char path[PATH_MAX], val[512];
	struct cxlfm_cci_info info;
	int cci;

	ASSERT_EQ(0, sim_new("1 ports=12 vcs=2 vppbs=5 payload=4096"));
	cci = sim_cci(1);
	ASSERT_GE(cci, 0);
	ASSERT_EQ(0, cxlfm_cci_get(self->ctx, cci, &info));
	EXPECT_STREQ("sim", info.transport);
	EXPECT_EQ(4096, info.payload_size);
	EXPECT_TRUE(info.is_switch);
	EXPECT_EQ(12, info.num_ports);
	EXPECT_EQ(2, info.num_vcs);
	EXPECT_TRUE(info.has_identity);
	EXPECT_EQ(0x1e98, info.vendor);
	EXPECT_EQ(0xc5f0, info.device);
	EXPECT_EQ(0x5100000000010000ULL, info.serial);
	EXPECT_EQ(24, info.num_commands);

	/* cxlfm read the CEL the simulator built: the same opcodes */
	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%d/supported_opcodes", cci);
	ASSERT_EQ(0, sysfs_read(path, val, sizeof(val)));
	EXPECT_STREQ("0x0001 0x0002 0x0005 0x0100 0x0101 0x0102 0x0103 0x0400 "
		     "0x0401 0x5100 0x5101 0x5102 0x5103 0x5104 0x5105 0x5106 "
		     "0x5107 0x5200 0x5201 0x5202 0x5203 0x5300 0x5301 0x5302", val);
	ASSERT_EQ(0, sysfs_read(SIM_BUS "/devices/sim1/config", val, sizeof(val)));
	EXPECT_STREQ("ports=12 vcs=2 vppbs=5 payload=4096 mld= lds=4 heads=1 "
		     "dc_regions=0 bg_ms=100 irq=1 log_cap=64 event_irq=0 usp=",
		     val);
	ASSERT_EQ(0, sim_del(1));
	EXPECT_EQ(-ENODEV, cxlfm_cci_get(self->ctx, cci, &info));
	EXPECT_FALSE(path_exists(SIM_BUS "/devices/sim1"));
	EXPECT_FALSE(path_exists(SIM_DEBUGFS "/1"));
}

TEST_F(sim, bad_specs_are_rejected)
{
	static const char * const bad[] = {
		"x", "2 ports=0", "2 ports=257", "2 vcs=0", "2 ports=4 vcs=5",
		"2 payload=128", "2 payload=3000", "2 payload=2097152",
		"2 mld=0", "2 ports=4 mld=4", "2 lds=0", "2 lds=17",
		"2 heads=9", "2 dc_regions=9", "2 nosuchkey=1", "2 ports",
		"2 usp=0000:ff:1f.7", "2 usp=junk", "2 vppbs=256",
		/* a command the simulator does not implement, not an opcode */
		"2 cel=0300", "2 cel=0001,", "2 cel=zz", "2 preset=all",
		"2 ltssm=16", "2 link_flags=65536",
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = sim_new(bad[i]);

		EXPECT_TRUE(rc == -EINVAL || rc == -ENODEV) {
			TH_LOG("'%s' gave %d", bad[i], rc);
		}
	}
	EXPECT_FALSE(path_exists(SIM_BUS "/devices/sim2"));
	ASSERT_EQ(0, sim_new("2"));
	EXPECT_EQ(-EEXIST, sim_new("2 ports=4"));
	ASSERT_EQ(0, sim_del(2));
	EXPECT_EQ(-ENOENT, sim_del(2));
	EXPECT_EQ(-EINVAL, sysfs_write(SIM_BUS "/del_device", "x"));
}

/* Several switches at once, each its own CCI answering for itself. */
TEST_F(sim, several_instances_answer_independently)
{
	size_t len;
	uint16_t rc;
	int i, cci;

	for (i = 3; i < 7; i++) {
		char spec[64];

		snprintf(spec, sizeof(spec), "%d ports=%d", i, 4 + i);
		ASSERT_EQ(0, sim_new(spec));
	}
	for (i = 3; i < 7; i++) {
		cci = sim_cci(i);
		ASSERT_GE(cci, 0);
		ASSERT_EQ(0, sim_raw(self->ctx, cci, 0x5100, NULL, 0, self->buf,
				     4096, &len, &rc));
		EXPECT_EQ(0, rc);
		ASSERT_EQ(0x49, len);
		EXPECT_EQ(4 + i, self->buf[2]);
	}
	ASSERT_EQ(0, sim_del(4));
	cci = sim_cci(5);
	ASSERT_EQ(0, sim_raw(self->ctx, cci, 0x0001, NULL, 0, self->buf, 4096,
			     &len, &rc));
	EXPECT_EQ(5, self->buf[6]);	/* subsystem id = instance id */
}

/*
 * Identify Switch Device counts physical ports in one byte (reference
 * §3.3): a 256-port switch (port IDs 0-255) says 255 there, and its
 * active-port bitmask, one bit per port, shows all 256.  257 is refused.
 */
TEST_F(sim, port_count_fits_identify)
{
	size_t len;
	uint16_t rc;
	int i, cci;

	EXPECT_EQ(-EINVAL, sim_new("3 ports=257"));
	ASSERT_EQ(0, sim_new("3 ports=256 vppbs=255"));
	cci = sim_cci(3);
	ASSERT_GE(cci, 0);
	ASSERT_EQ(0, sim_raw(self->ctx, cci, 0x5100, NULL, 0, self->buf, 4096,
			     &len, &rc));
	ASSERT_EQ(0, rc);
	ASSERT_EQ(0x49, len);
	EXPECT_EQ(255, self->buf[2]);
	for (i = 0; i < 32; i++)
		EXPECT_EQ(0xff, self->buf[4 + i]);	/* ports 0-255 */
	EXPECT_EQ(255, self->buf[0x44]);	/* vPPBs */
}

/* Issue 5: 16 switches of 256 ports create, answer a command each, go away. */
TEST_F(sim, sixteen_switches_of_256_ports)
{
	uint8_t in[3] = { 2, 0, 255 };
	struct cxlfm_cci_info *list;
	size_t len, n, i, sims = 0;
	uint16_t rc;
	int id, cci;

	for (id = 10; id < 26; id++) {
		char spec[64];

		snprintf(spec, sizeof(spec), "%d ports=256 vcs=1 vppbs=255", id);
		ASSERT_EQ(0, sim_new(spec));
	}
	ASSERT_EQ(0, cxlfm_cci_list(self->ctx, &list, &n));
	for (i = 0; i < n; i++)
		sims += !strcmp(list[i].transport, "sim");
	free(list);
	EXPECT_EQ(16, sims);
	for (id = 10; id < 26; id++) {
		struct cxlfm_cci_info info;

		cci = sim_cci(id);
		ASSERT_GE(cci, 0);
		ASSERT_EQ(0, cxlfm_cci_get(self->ctx, cci, &info));
		EXPECT_EQ(255, info.num_ports);	/* the byte saturates */
		ASSERT_EQ(0, sim_raw(self->ctx, cci, 0x5101, in, sizeof(in),
				     self->buf, 4096, &len, &rc));
		ASSERT_EQ(0, rc);
		ASSERT_EQ(4 + 2 * 16, len);
		EXPECT_EQ(4, self->buf[4 + 1]);		/* port 0: USP */
		EXPECT_EQ(255, self->buf[4 + 16]);	/* last port */
		EXPECT_EQ(3, self->buf[4 + 16 + 1]);	/* a DSP */
	}
	for (id = 10; id < 26; id++)
		ASSERT_EQ(0, sim_del(id));
	ASSERT_EQ(0, cxlfm_cci_list(self->ctx, &list, &n));
	for (i = 0; i < n; i++)
		EXPECT_STRNE("sim", list[i].transport);
	free(list);
	for (id = 10; id < 26; id++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), SIM_BUS "/devices/sim%d", id);
		EXPECT_FALSE(path_exists(path));
	}
}

/* usp=: vPPB i of VCS 0 stands for the real USP's downstream port i. */
TEST_F(sim, usp_maps_vppbs_to_real_downstream_ports)
{
	char usp[64] = "", spec[128], map[1024], expect[1024] = "", path[PATH_MAX];
	struct dirent **names;
	struct dirent *de;
	int i, n, k = 0;
	DIR *d;

	d = opendir("/sys/bus/pci/devices");
	ASSERT_NE(NULL, d);
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && pcie_type(de->d_name) == 5 &&
		    strlen(de->d_name) < sizeof(usp))	/* upstream port */
			strcpy(usp, de->d_name);
	closedir(d);
	if (!usp[0])
		SKIP(return, "no PCIe switch upstream port in this VM");

	/* its downstream ports, in device/function order */
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", usp);
	n = scandir(path, &names, NULL, alphasort);
	ASSERT_GE(n, 0);
	for (i = 0; i < n; i++) {
		if (strchr(names[i]->d_name, ':') &&
		    pcie_type(names[i]->d_name) == 6)	/* downstream port */
			snprintf(expect + strlen(expect), sizeof(expect) - strlen(expect),
				 "%d %s\n", k++, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	ASSERT_GT(k, 0);

	snprintf(spec, sizeof(spec), "30 ports=8 usp=%s", usp);
	ASSERT_EQ(0, sim_new(spec));
	snprintf(path, sizeof(path), SIM_BUS "/devices/sim30/vppb_map");
	{
		int fd = open(path, O_RDONLY);
		ssize_t r;

		ASSERT_GE(fd, 0);
		r = read(fd, map, sizeof(map) - 1);
		close(fd);
		ASSERT_GE(r, 0);
		map[r] = '\0';
	}
	EXPECT_STREQ(expect, map);
	/* a port that is not an upstream port is refused */
	snprintf(spec, sizeof(spec), "31 usp=%s", "0000:00:00.0");
	EXPECT_EQ(-EINVAL, sim_new(spec));
}

TEST_HARNESS_MAIN
