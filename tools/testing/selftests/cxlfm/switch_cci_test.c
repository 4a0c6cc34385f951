// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm against a Switch Mailbox CCI nobody here wrote: QEMU 10.0's
 * cxl-switch-mailbox-cci (class 0x0C0B00), function 1 of the switch's
 * upstream port.  What the CCI answers is checked against what PCI shows
 * of the same switch: its ports' numbers (Link Capabilities), the type-3
 * behind each downstream port and that device's serial number.
 *
 * On a leg whose QEMU has no such device (7.2, CXLFM_SWITCH_CCI=0) every
 * test is skipped; on the others a missing CCI fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cxlfm/libcxlfm.h>

#include "kselftest_harness.h"
#include "sysfs_util.h"

#define SWCCI_CLASS	"0x0c0b00"
#define MAX_DSPS	8
#define EXP_TYPE_UPSTREAM	0x5	/* PCI Express Capability port types */
#define EXP_TYPE_DOWNSTREAM	0x6

/* The Port Number of a PCIe port: Link Capabilities [31:24], or -errno. */
static int port_number(const char *bdf)
{
	unsigned char cfg[256];
	int pos = pcie_cap(bdf, cfg);

	return pos < 0 ? pos : cfg[pos + 0x0f];	/* +0x0c PCI_EXP_LNKCAP */
}

/* The serial number cxl_pci shows for the memory device at PCI @bdf. */
static int memdev_serial(const char *bdf, unsigned long long *serial)
{
	char path[PATH_MAX], mem[64], val[64];
	int rc;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", bdf);
	rc = dir_find(path, entry_has_prefix, "mem", 0, mem, sizeof(mem));
	if (rc)
		return rc;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s/serial", bdf, mem);
	rc = sysfs_read(path, val, sizeof(val));
	if (!rc)
		*serial = strtoull(val, NULL, 0);
	return rc;
}

FIXTURE(swcci)
{
	char bdf[32];		/* the switch CCI */
	char usp[32];		/* function 0 of its slot: the upstream port */
	int id;
	int nr_dsps;
	int dsp_port[MAX_DSPS];
	unsigned long long dsp_serial[MAX_DSPS];	/* of the type-3 below */
	struct cxlfm_ctx *ctx;
};

FIXTURE_SETUP(swcci)
{
	const struct attr_is swcci_class = { "class", SWCCI_CLASS };
	char path[PATH_MAX], child[32];
	struct dirent *de;
	const char *want = getenv("CXLFM_SWITCH_CCI");
	DIR *d;
	int i;

	if (!want || strcmp(want, "1"))
		SKIP(return, "QEMU %s has no switch mailbox CCI",
		     getenv("CXLFM_QEMU_VERSION") ?: "(unknown)");
	ASSERT_EQ(0, dir_find("/sys/bus/pci/devices", entry_attr_is, &swcci_class, 0,
			      self->bdf, sizeof(self->bdf)));
	snprintf(self->usp, sizeof(self->usp), "%.*s0", (int)strlen(self->bdf) - 1, self->bdf);
	ASSERT_EQ(EXP_TYPE_UPSTREAM, pcie_type(self->usp));
	if (!path_exists("/sys/module/cxlfm"))
		ASSERT_EQ(0, cxlfm_load(""));
	for (i = 0; i < 500 && cci_id_of(self->bdf) < 0; i++)
		usleep(10000);
	self->id = cci_id_of(self->bdf);
	ASSERT_LE(0, self->id) TH_LOG("cxlfm did not take %s", self->bdf);

	/* The downstream ports: the USP's children that are bridges. */
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", self->usp);
	d = opendir(path);
	ASSERT_NE(NULL, d);
	while ((de = readdir(d))) {
		if (!entry_is_bdf(path, de->d_name, NULL) ||
		    pcie_type(de->d_name) != EXP_TYPE_DOWNSTREAM)
			continue;
		ASSERT_GT(MAX_DSPS, self->nr_dsps);
		i = self->nr_dsps++;
		self->dsp_port[i] = port_number(de->d_name);
		ASSERT_LE(0, self->dsp_port[i]);
		ASSERT_EQ(0, pci_below(de->d_name, child, sizeof(child)));
		ASSERT_EQ(0, memdev_serial(child, &self->dsp_serial[i]))
			TH_LOG("no cxl_pci memdev under %s (%s)", de->d_name, child);
	}
	closedir(d);
	ASSERT_LT(0, self->nr_dsps);
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
}

FIXTURE_TEARDOWN(swcci)
{
	if (self->ctx)
		cxlfm_unref(self->ctx);
}

TEST_F(swcci, bound_by_class_without_driver_override)
{
	char path[PATH_MAX], val[64];

	ASSERT_EQ(0, pci_driver_of(self->bdf, val, sizeof(val)));
	EXPECT_STREQ("cxlfm", val);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", self->bdf);
	ASSERT_EQ(0, sysfs_read(path, val, sizeof(val)));
	EXPECT_STREQ("(null)", val);
	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%d/transport", self->id);
	ASSERT_EQ(0, sysfs_read(path, val, sizeof(val)));
	EXPECT_STREQ("pci", val);
}

TEST_F(swcci, identify_switch_matches_pci)
{
	const struct cxlfm_target t = CXLFM_TARGET(self->id);
	struct cxlfm_fm_identify_switch_rsp sw = {};
	char path[PATH_MAX], val[64];
	int i, usp_port = port_number(self->usp);

	ASSERT_EQ(0, cxlfm_identify_switch(self->ctx, &t, &sw, 0))
		TH_LOG("%s", cxlfm_last_error(self->ctx));
	TH_LOG("ingress port %u, %u ports, %u VCS, %u vPPBs (%u bound), %u HDM decoders",
	       sw.ingress_port_id, sw.num_phys_ports, sw.num_vcs, sw.num_vppbs,
	       sw.num_bound_vppbs, sw.num_hdm_decoders);
	EXPECT_EQ(self->nr_dsps + 1, sw.num_phys_ports);
	EXPECT_EQ(1, sw.num_vcs);
	for (i = 0; i < self->nr_dsps; i++)
		EXPECT_TRUE(sw.active_ports[self->dsp_port[i] / 8] & 1 << self->dsp_port[i] % 8)
			TH_LOG("port %d is not active", self->dsp_port[i]);
	ASSERT_LE(0, usp_port);
	EXPECT_TRUE(sw.active_ports[usp_port / 8] & 1 << usp_port % 8);
	EXPECT_TRUE(sw.active_vcs[0] & 1);
	/* what sysfs shows is what the switch answered at registration */
	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%d/num_ports", self->id);
	ASSERT_EQ(0, sysfs_read(path, val, sizeof(val)));
	EXPECT_EQ(sw.num_phys_ports, atoi(val));
}

TEST_F(swcci, port_state_matches_pci)
{
	const struct cxlfm_target t = CXLFM_TARGET(self->id);
	struct cxlfm_fm_port_info ports[16];
	struct cxlfm_fm_get_phys_port_state_rsp rsp = { .ports = ports, .ports_cap = 16 };
	struct cxlfm_fm_get_phys_port_state_req req = {};
	int i, j, usp_port = port_number(self->usp), seen_usp = 0;

	ASSERT_EQ(0, cxlfm_get_phys_port_state(self->ctx, &t, &req, &rsp, 0))
		TH_LOG("%s", cxlfm_last_error(self->ctx));
	EXPECT_EQ(self->nr_dsps + 1, rsp.num_ports);
	for (j = 0; j < rsp.num_ports; j++) {
		if (ports[j].port_id == usp_port) {
			seen_usp++;
			EXPECT_EQ(CXLFM_FM_PORT_USP, ports[j].config_state);
			continue;
		}
		for (i = 0; i < self->nr_dsps && self->dsp_port[i] != ports[j].port_id; i++)
			;
		ASSERT_GT(self->nr_dsps, i) TH_LOG("port %u is no downstream port PCI shows",
						   ports[j].port_id);
		EXPECT_EQ(CXLFM_FM_PORT_DSP, ports[j].config_state);
		/*
		 * A type-3 is below every downstream port.  QEMU 10.0 calls
		 * each an MLD, single-LD ones too
		 * (Documentation/testing/simulator.md): either is a type-3.
		 */
		EXPECT_TRUE(ports[j].conn_dev_type == CXLFM_FM_DEV_TYPE_CXL_T3_SLD ||
			    ports[j].conn_dev_type == CXLFM_FM_DEV_TYPE_CXL_T3_MLD)
			TH_LOG("port %u: connected device type %u", ports[j].port_id,
			       ports[j].conn_dev_type);
	}
	EXPECT_EQ(1, seen_usp);
}

/* Identify (0x0001) tunnelled to the type-3 behind each downstream port. */
TEST_F(swcci, tunnel_reaches_each_type3)
{
	int i;

	for (i = 0; i < self->nr_dsps; i++) {
		struct cxlfm_target t = CXLFM_TARGET(self->id);
		struct cxlfm_fm_identify_rsp id = {};

		t.tunnel_port = self->dsp_port[i];
		ASSERT_EQ(0, cxlfm_identify(self->ctx, &t, &id, 0))
			TH_LOG("port %d: %s", self->dsp_port[i], cxlfm_last_error(self->ctx));
		EXPECT_EQ(self->dsp_serial[i], id.serial_num)
			TH_LOG("port %d: serial 0x%llx, PCI shows 0x%llx", self->dsp_port[i],
			       (unsigned long long)id.serial_num, self->dsp_serial[i]);
		EXPECT_EQ(3, id.component_type);	/* type 3 */
	}
}

/* The opcodes sysfs lists are the CEL the switch returns, entry for entry. */
TEST_F(swcci, cel_is_what_sysfs_lists)
{
	static const unsigned char cel_uuid[16] = {
		0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
		0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
	};
	const struct cxlfm_target t = CXLFM_TARGET(self->id);
	struct cxlfm_fm_log_entry logs[8];
	struct cxlfm_fm_get_supported_logs_rsp sup = { .entries = logs, .entries_cap = 8 };
	struct cxlfm_fm_get_log_req req = {};
	unsigned char buf[1024];
	struct cxlfm_fm_bytes cel = { .data = buf, .data_cap = sizeof(buf) };
	char path[PATH_MAX], list[4096], op[8], *tok, *save;
	unsigned int i, n;

	ASSERT_EQ(0, cxlfm_get_supported_logs(self->ctx, &t, &sup, 0))
		TH_LOG("%s", cxlfm_last_error(self->ctx));
	for (i = 0; i < sup.nr_entries && memcmp(logs[i].uuid, cel_uuid, 16); i++)
		;
	ASSERT_GT(sup.nr_entries, i) TH_LOG("no CEL among %u logs", sup.nr_entries);
	/* CXL r3.1 §8.2.9.5.2.1: 4 bytes an entry, the opcode first */
	ASSERT_EQ(0, logs[i].size % 4);
	ASSERT_GE(sizeof(buf), logs[i].size);
	memcpy(req.uuid, cel_uuid, 16);
	req.length = logs[i].size;
	ASSERT_EQ(0, cxlfm_get_log(self->ctx, &t, &req, &cel, 0))
		TH_LOG("%s", cxlfm_last_error(self->ctx));
	ASSERT_EQ(logs[i].size, cel.nr_data);
	n = cel.nr_data / 4;
	ASSERT_LT(0, n);
	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%d/supported_opcodes", self->id);
	ASSERT_EQ(0, sysfs_read(path, list, sizeof(list)));
	TH_LOG("CEL of %u commands: %s", n, list);
	for (i = 0; i < n; i++) {
		snprintf(op, sizeof(op), "0x%04x", buf[4 * i] | buf[4 * i + 1] << 8);
		EXPECT_NE(NULL, strstr(list, op)) TH_LOG("CEL has %s, sysfs: %s", op, list);
	}
	/* and nothing more: one opcode a CEL entry */
	for (i = 0, tok = strtok_r(list, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
		i++;
	EXPECT_EQ(n, i);
}

/*
 * A command the CEL does not declare is refused by cxlfm, with a message,
 * before it reaches the device: no CXL return code comes back with it.
 */
TEST_F(swcci, undeclared_command_is_refused_unsent)
{
	const struct cxlfm_target t = CXLFM_TARGET(self->id);
	struct cxlfm_fm_bind_vppb_req bind = { .vcs_id = 0, .vppb_id = 0,
					       .port_id = (uint8_t)self->dsp_port[0],
					       .ld_id = CXLFM_FM_LD_ID_NONE };
	char path[PATH_MAX], list[4096];

	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%d/supported_opcodes", self->id);
	ASSERT_EQ(0, sysfs_read(path, list, sizeof(list)));
	if (strstr(list, "0x5201"))
		SKIP(return, "this switch declares Bind vPPB");
	EXPECT_EQ(-EOPNOTSUPP, cxlfm_bind_vppb(self->ctx, &t, &bind, 0));
	TH_LOG("refused: %s", cxlfm_last_error(self->ctx));
	EXPECT_NE(NULL, strstr(cxlfm_last_error(self->ctx), "Command Effects Log"));
	EXPECT_EQ(0, cxlfm_last_return_code(self->ctx));
}

/* Unbind and bind again by class, 50 times: no handler left behind. */
TEST_F(swcci, unbind_rebind_50_times)
{
	const char *unbind = "/sys/bus/pci/drivers/cxlfm/unbind";
	struct cxlfm_fm_identify_switch_rsp sw = {};
	struct cxlfm_target t = CXLFM_TARGET(self->id);
	int i, irqs = cxlfm_irq_entries(), kmsg = kmsg_from_now();
	char warning[512];

	ASSERT_LE(0, irqs);
	ASSERT_LE(0, kmsg);
	TH_LOG("%d cxlfm interrupt handler(s) on the CCI's vectors",
	       device_irq_entries(self->bdf));
	for (i = 0; i < 50; i++) {
		ASSERT_EQ(0, sysfs_write(unbind, self->bdf));
		ASSERT_EQ(-ENODEV, cxlfm_identify_switch(self->ctx, &t, &sw, 0));
		ASSERT_EQ(0, sysfs_write("/sys/bus/pci/drivers_probe", self->bdf));
		self->id = cci_id_of(self->bdf);
		ASSERT_LE(0, self->id);
		t.cci = self->id;
		ASSERT_EQ(0, cxlfm_identify_switch(self->ctx, &t, &sw, 0))
			TH_LOG("cycle %d: %s", i, cxlfm_last_error(self->ctx));
		ASSERT_EQ(irqs, cxlfm_irq_entries()) TH_LOG("cycle %d", i);
	}
	EXPECT_EQ(self->nr_dsps + 1, sw.num_phys_ports);
	EXPECT_EQ(0, kmsg_count(kmsg, "WARNING:", warning, sizeof(warning)))
		TH_LOG("the kernel warned: %s", warning);
	close(kmsg);
}

/* Removal takes the CCI away; a rescan brings it back, bound by class. */
TEST_F(swcci, removal_and_rescan)
{
	struct cxlfm_fm_identify_switch_rsp sw = {};
	struct cxlfm_target t = CXLFM_TARGET(self->id);
	struct cxlfm_cci_info info;
	char path[PATH_MAX];
	int i, old = self->id;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/remove", self->bdf);
	ASSERT_EQ(0, sysfs_write(path, "1"));
	EXPECT_EQ(-ENODEV, cxlfm_cci_get(self->ctx, old, &info));
	EXPECT_EQ(-ENODEV, cxlfm_identify_switch(self->ctx, &t, &sw, 0));
	ASSERT_EQ(0, sysfs_write("/sys/bus/pci/rescan", "1"));
	for (i = 0; i < 500 && cci_id_of(self->bdf) < 0; i++)
		usleep(10000);
	self->id = cci_id_of(self->bdf);
	ASSERT_LE(0, self->id);
	t.cci = self->id;
	ASSERT_EQ(0, cxlfm_identify_switch(self->ctx, &t, &sw, 0))
		TH_LOG("%s", cxlfm_last_error(self->ctx));
	EXPECT_EQ(self->nr_dsps + 1, sw.num_phys_ports);
}

TEST_HARNESS_MAIN
