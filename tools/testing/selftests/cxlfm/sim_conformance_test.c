// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm_sim conformance: requests written as literal bytes from the FM-API
 * tables (../shared/FMAPI-REFERENCE.md §2-§4) go through cxlfm's raw op and
 * must come back as the literal response bytes the tables imply, error
 * return codes included.  Commands cxlfm keeps to itself (Clear Event
 * Records, Set Event Interrupt Policy) go through the simulator's test hook.
 * Runs in the VM.
 */
#include <ctype.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define ID	40
#define SPEC	"40 ports=8 vppbs=6 mld=6 lds=4 heads=2 dc_regions=2 bg_ms=100"

/* Parse hex with optional spaces; Return: bytes. */
static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	unsigned int v;

	while (*s) {
		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		if (sscanf(s, "%2x", &v) != 1)
			break;
		out[n++] = v;
		s += 2;
	}
	return n;
}

static void hex(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * n] = '\0';
}

struct vec {
	uint16_t opcode;
	const char *in;
	uint16_t rc;
	const char *out;
};

/* Literal requests and responses; state as SPEC creates it. */
static const struct vec vectors[] = {
	/* Identify, §2.2: vendor, device, subsystem, serial, 2^10, switch */
	{ 0x0001, "", 0, "981e f0c5 981e 2800 0000280000000051 0a 00" },
	{ 0x0001, "00", 0x16, "" },
	/* Background Operation Status, §2.2: idle */
	{ 0x0002, "", 0, "00 00 0000 0000 0000" },
	/* Get Supported Logs, §2.6: one log, the CEL, 24 entries */
	{ 0x0400, "", 0, "0100 000000000000 0da9c0b5bf414b788f7996b1623b3f17 60000000" },
	/* Get Log: the first two CEL entries */
	{ 0x0401, "0da9c0b5bf414b788f7996b1623b3f17 00000000 08000000", 0,
	  "0100 0000 0200 0000" },
	/* ... the entries of Bind and Unbind: config | background | abort */
	{ 0x0401, "0da9c0b5bf414b788f7996b1623b3f17 48000000 08000000", 0,
	  "0152 4201 0252 4201" },
	/* ... and of Set Domain Validation SV: immediate policy change */
	{ 0x0401, "0da9c0b5bf414b788f7996b1623b3f17 38000000 04000000", 0,
	  "0551 0800" },
	{ 0x0401, "00000000000000000000000000000000 00000000 08000000", 0x17, "" },
	{ 0x0401, "0da9c0b5bf414b788f7996b1623b3f17 5c000000 08000000", 0x02, "" },
	{ 0x0401, "00", 0x16, "" },
	/* Identify Switch Device, §3.3 */
	{ 0x5100, "", 0,
	  "00 00 08 01 ff00000000000000000000000000000000000000000000000000000000000000"
	  "01000000000000000000000000000000000000000000000000000000000000000600 0500 04" },
	/* Get Physical Port State, §3.3: the USP and the MLD port */
	{ 0x5101, "02 00 06", 0,
	  "02 000000 00 04 03 00 00 06 10 10 1f 05 05 04 00 0000 00"
	  "06 03 03 00 05 06 10 10 1f 05 05 04 00 0400 04" },
	{ 0x5101, "01 20", 0, "01 000000 20 0f 00000000000000000000000000 00" },
	{ 0x5101, "02 00", 0x16, "" },
	{ 0x5101, "00", 0x02, "" },
	/* Physical Port Control, §3.3 */
	{ 0x5102, "06", 0x16, "" },
	{ 0x5102, "06 03", 0x02, "" },
	{ 0x5102, "09 00", 0x02, "" },
	/* Send PPB CXL.io Config: read dword 0, all byte enables */
	{ 0x5103, "01 00f000 00000000", 0, "981e f1c5" },
	{ 0x5103, "01", 0x16, "" },
	{ 0x5103, "09 00f000 00000000", 0x02, "" },
	/* Domain Validation SV, §3.3: nothing set yet; one VCS */
	{ 0x5104, "", 0, "00" },
	{ 0x5104, "00", 0x16, "" },
	{ 0x5105, "000102030405060708090a0b0c0d0e", 0x16, "" },
	{ 0x5106, "00", 0, "00" },
	{ 0x5106, "01", 0x02, "" },
	{ 0x5106, "", 0x16, "" },
	{ 0x5107, "00", 0x02, "" },			/* no secret to read */
	{ 0x5107, "01", 0x02, "" },
	{ 0x5107, "0000", 0x16, "" },
	/* Get VCS Info, §3.4: VCS 0, its vPPBs, pagination, invalid VCS */
	{ 0x5200, "00 06 01 00", 0,
	  "01 000000 00 01 00 06 02 01 ff 00 02 02 ff 00 02 03 ff 00 02 04 ff 00"
	  "02 05 ff 00 00 00 ff 00" },
	{ 0x5200, "04 01 01 00", 0, "01 000000 00 01 00 06 02 05 ff 00" },
	{ 0x5200, "00 04 01 05", 0, "01 000000 05 ff 00 00" },
	{ 0x5200, "00 00 01 00", 0x02, "" },
	{ 0x5200, "00 04 02 00", 0x16, "" },
	/* Bind / Unbind vPPB rejections, §3.4 */
	{ 0x5201, "00 05 06 00 02", 0x16, "" },
	{ 0x5201, "01 05 06 00 0200", 0x02, "" },
	{ 0x5201, "00 05 07 00 0000", 0x02, "" },	/* SLD takes no LD */
	{ 0x5201, "00 00 06 00 0200", 0x02, "" },	/* vPPB 0 is bound */
	{ 0x5202, "00 05", 0x16, "" },
	{ 0x5202, "00 05 00", 0x02, "" },		/* not bound */
	{ 0x5202, "00 00 03", 0x02, "" },		/* no such option */
	/* Generate AER Event, §3.4 */
	{ 0x5203, "00 01 0000 05000000 0000000000000000000000000000000000000000000000000000000000000000",
	  0, "" },
	{ 0x5203, "00 07 0000 05000000 0000000000000000000000000000000000000000000000000000000000000000",
	  0x02, "" },
	{ 0x5203, "00 01 0000 05000000", 0x16, "" },
	/* Tunnel, §3.4/§5.2: Identify of the MLD's FM-owned LD on port 6 */
	{ 0x5300, "06 00 0c00 00 07 00 01 00 000000 0000 0000", 0,
	  "1e00 0000 01 07 00 01 00 120000 0000 0000"
	  "981e f3c5 981e 2800 6080280000000051 0a 03" },
	{ 0x5300, "01 00 0c00 00 07 00 01 00 000000 0000 0000", 0x02, "" },
	{ 0x5300, "06 00 0d00 00 07 00 01 00 000000 0000 0000", 0x16, "" },
	{ 0x5300, "06 00 0c00 01 07 00 01 00 000000 0000 0000", 0x02, "" },
	/* two levels: the switch's port 6, then LD 1 */
	{ 0x5300, "06 00 1c00 00 08 00 00 53 100000 0000 0000"
		  "01 00 0c00 00 09 00 01 00 000000 0000 0000", 0,
	  "2e00 0000 01 08 00 00 53 220000 0000 0000"
	  "1e00 0000 01 09 00 01 00 120000 0000 0000"
	  "981e f3c5 981e 2800 6180280000000051 0a 03" },
	/*
	 * Send LD CXL.io Configuration Request, §3.4: LD 1 of the MLD on port
	 * 6 is a CXL memory device (class 05 02 10); port 7 holds an SLD,
	 * port 9 and LD 4 do not exist.
	 */
	{ 0x5301, "06 00f000 0100 0000 00000000", 0, "981e f3c5" },
	{ 0x5301, "06 02f000 0100 0000 00000000", 0, "00100205" },
	{ 0x5301, "06 40f000 0100 0000 00000000", 0, "00000000" },
	{ 0x5301, "07 00f000 0000 0000 00000000", 0x03, "" },
	{ 0x5301, "09 00f000 0000 0000 00000000", 0x02, "" },
	{ 0x5301, "06 00f000 0400 0000 00000000", 0x02, "" },
	{ 0x5301, "06 00f000 0100 0000", 0x16, "" },
	/* Send LD CXL.io Memory Request, §3.4: memory decoding is off */
	{ 0x5302, "06 00f00f 0100 0800 0000000000000000", 0x02, "" },
	{ 0x5302, "07 00f00f 0000 0800 0000000000000000", 0x03, "" },
	{ 0x5302, "09 00f00f 0000 0800 0000000000000000", 0x02, "" },
	{ 0x5302, "06 00f00f 0400 0800 0000000000000000", 0x02, "" },
	{ 0x5302, "06 00f00f 0100 0800 00000000000000", 0x16, "" },
	{ 0x5302, "06 00f00f 0100 0800 0000000000000000 00", 0x16, "" },
	{ 0x5302, "06 00f08f 0100 0800 0000000000000000 11223344", 0x16, "" },
	/* MLD components, §3.5, through the tunnel */
	{ 0x5300, "06 00 0c00 00 01 00 00 54 000000 0000 0000", 0,
	  "1700 0000 01 01 00 00 54 0b0000 0000 0000 0000000001000000 0400 03" },
	{ 0x5300, "06 00 0e00 00 02 00 01 54 020000 0000 0000 00 02", 0,
	  "3000 0000 01 02 00 01 54 240000 0000 0000 04 00 00 02"
	  "0400000000000000 0000000000000000 0400000000000000 0000000000000000" },
	{ 0x5300, "06 00 0c00 00 03 00 03 54 000000 0000 0000", 0,
	  "1300 0000 01 03 00 03 54 070000 0000 0000 00 0a 19 08 0000 40" },
	{ 0x5300, "06 00 1300 00 05 00 04 54 070000 0000 0000 00 00 19 08 0000 40", 0,
	  "0c00 0000 01 05 00 04 54 000000 0200 0000" },
	{ 0x5300, "06 00 0e00 00 04 00 06 54 020000 0000 0000 04 00", 0,
	  "1200 0000 01 04 00 06 54 060000 0000 0000 04 00 40 40 40 40" },
	{ 0x5300, "06 00 0c00 00 0b 00 05 54 000000 0000 0000", 0,
	  "0d00 0000 01 0b 00 05 54 010000 0000 0000 00" },
	/* Multi-headed device, §3.6: port 6, then its LD-pool CCI */
	{ 0x5300, "06 00 1e00 00 06 00 00 53 120000 0000 0000"
		  "00 01 0e00 00 07 00 00 55 020000 0000 0000 00 04", 0,
	  "2800 0000 01 06 00 00 53 1c0000 0000 0000"
	  "1800 0000 01 07 00 00 55 0c0000 0000 0000"
	  "04 02 0000 00 04 0000 00 01 00 01" },
	/* DCD, §3.7: Get DCD Info of the device on port 6 */
	{ 0x5300, "06 00 0c00 00 0a 00 00 56 000000 0000 0000", 0,
	  "6000 0000 01 0a 00 00 56 540000 0000 0000"
	  "04 02 0000 0700 0000 0300 03 00 0800000000000000"
	  "0000201000000000 0000201000000000 0000000000000000 0000000000000000"
	  "0000000000000000 0000000000000000 0000000000000000 0000000000000000" },
};

FIXTURE(conf) {
	struct cxlfm_ctx *ctx;
	int cci;
	uint8_t in[4096], out[65536], want[4096];
	char got_s[8192], want_s[8192];
};

FIXTURE_SETUP(conf)
{
	ASSERT_EQ(0, sim_load());
	sim_del(ID);
	ASSERT_EQ(0, sim_new(SPEC));
	self->cci = sim_cci(ID);
	ASSERT_GE(self->cci, 0);
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
}

FIXTURE_TEARDOWN(conf)
{
	cxlfm_unref(self->ctx);
	sim_del(ID);
}

/* Send @in and compare; Return: 0 when the response is as expected. */
static int check(struct __test_metadata *_metadata, FIXTURE_DATA(conf) *self,
		 uint16_t op, const char *in, uint16_t want_rc, const char *out)
{
	size_t in_len = unhex(in, self->in), want_len = unhex(out, self->want);
	size_t len;
	uint16_t rc;
	int ret;

	ret = sim_raw(self->ctx, self->cci, op, self->in, in_len, self->out,
		      sizeof(self->out), &len, &rc);
	EXPECT_EQ(0, ret) {
		TH_LOG("%#06x '%s': %d %s", op, in, ret,
		       cxlfm_last_error(self->ctx));
		return -1;
	}
	hex(self->out, len, self->got_s);
	hex(self->want, want_len, self->want_s);
	EXPECT_EQ(want_rc, rc) {
		TH_LOG("%#06x '%s'", op, in);
		return -1;
	}
	EXPECT_STREQ(self->want_s, self->got_s) {
		TH_LOG("%#06x '%s'", op, in);
		return -1;
	}
	return 0;
}

TEST_F(conf, literal_vectors)
{
	unsigned int i;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++)
		check(_metadata, self, vectors[i].opcode, vectors[i].in,
		      vectors[i].rc, vectors[i].out);
}

/* Physical Port Control and PPB config change what 0x5101/0x5103 read. */
TEST_F(conf, port_control_and_ppb_config_take_effect)
{
	check(_metadata, self, 0x5102, "06 00", 0, "");
	check(_metadata, self, 0x5101, "01 06", 0,
	      "01 000000 06 03 00 00 00 06 10 00 1f 05 00 00 00 0600 04");
	check(_metadata, self, 0x5102, "06 01", 0, "");
	check(_metadata, self, 0x5101, "01 06", 0,
	      "01 000000 06 03 03 00 05 06 10 10 1f 05 05 04 00 0400 04");
	/* bus numbers (dword 6) are writable, byte by byte */
	check(_metadata, self, 0x5103, "01 06f080 44332211", 0, "00000000");
	check(_metadata, self, 0x5103, "01 06f000 00000000", 0, "44332200");
	check(_metadata, self, 0x5103, "01 061080 55000000", 0, "00000000");
	check(_metadata, self, 0x5103, "01 06f000 00000000", 0, "55332200");
	/* reset PPB restores the header */
	check(_metadata, self, 0x5102, "01 02", 0, "");
	check(_metadata, self, 0x5103, "01 06f000 00000000", 0, "00000000");
}

/* Wait for the background operation to end; Return: BG status byte 0. */
static int bg_wait(FIXTURE_DATA(conf) *self)
{
	size_t len;
	uint16_t rc;
	int i;

	for (i = 0; i < 300; i++) {
		if (sim_raw(self->ctx, self->cci, 0x0002, NULL, 0, self->out,
			    sizeof(self->out), &len, &rc) || rc || len != 8)
			return -1;
		if (!(self->out[0] & 1))
			return self->out[0];
		usleep(10000);
	}
	return -1;
}

/*
 * Bind and unbind run in the background (return code 0x0001), report
 * progress, end at 100 % with Success, and each raises a Virtual CXL
 * Switch event record in the Informational log (§3.4, §4.4).
 */
TEST_F(conf, bind_unbind_are_background_operations)
{
	size_t len;
	uint16_t rc;

	check(_metadata, self, 0x5201, "00 05 06 00 0200", 0x0001, "");
	ASSERT_EQ(0xc8, bg_wait(self));
	check(_metadata, self, 0x0002, "", 0, "c8 00 0152 0000 0000");
	check(_metadata, self, 0x5200, "05 01 01 00", 0, "01 000000 00 01 00 06 03 06 02 00");
	ASSERT_EQ(0, sim_wait_state(self->cci, "ready", 3000));

	check(_metadata, self, 0x5202, "00 05 01", 0x0001, "");
	ASSERT_EQ(0xc8, bg_wait(self));
	check(_metadata, self, 0x0002, "", 0, "c8 00 0252 0000 0000");
	check(_metadata, self, 0x5200, "05 01 01 00", 0, "01 000000 00 01 00 06 00 00 ff 00");

	/* two records: bound to port 6 LD 2, then unbound */
	ASSERT_EQ(0, sim_raw(self->ctx, self->cci, 0x0100, "\0", 1, self->out,
			     sizeof(self->out), &len, &rc));
	ASSERT_EQ(0, rc);
	ASSERT_EQ(0x20 + 2 * 0x80, len);
	EXPECT_EQ(0, self->out[0]);		/* no overflow, no more */
	EXPECT_EQ(2, self->out[0x14]);
	hex(self->out + 0x20, 0x18, self->got_s);
	EXPECT_STREQ("40d2642533964c4da5da3d47263af425" "80000000" "0100" "0000",
		     self->got_s);
	hex(self->out + 0x50, 6, self->got_s);
	EXPECT_STREQ("000500030602", self->got_s);
	hex(self->out + 0xa0 + 0x14, 2, self->got_s);
	EXPECT_STREQ("0200", self->got_s);
	hex(self->out + 0xd0, 6, self->got_s);
	EXPECT_STREQ("00050000" "00ff", self->got_s);
}

/*
 * A second background command while one runs gets Busy from the device;
 * Request Abort stops the bind below 100 % with Aborted, restores the vPPB
 * and logs the failed bind in the Warning log.  The first bind is started
 * through the test hook, so that cxlfm (which refuses a second background
 * command itself) lets the second one reach the simulator.
 */
TEST_F(conf, busy_and_request_abort)
{
	uint8_t bind[6] = { 0, 5, 6, 0, 2, 0 };
	size_t len;
	uint16_t rc;

	ASSERT_EQ(0, sim_knob(ID, "bg_hang", "1"));
	ASSERT_EQ(0, sim_hook(ID, 0x5201, bind, 6, self->out, 16, &rc));
	ASSERT_EQ(1, rc);
	check(_metadata, self, 0x5202, "00 00 00", 0x0006, "");
	check(_metadata, self, 0x5201, "00 05 07 00 ffff", 0x0006, "");
	check(_metadata, self, 0x5200, "05 01 01 00", 0, "01 000000 00 01 00 06 01 06 02 00");
	check(_metadata, self, 0x0005, "", 0, "");
	ASSERT_EQ(0, sim_raw(self->ctx, self->cci, 0x0002, NULL, 0, self->out,
			     sizeof(self->out), &len, &rc));
	ASSERT_EQ(8, len);
	EXPECT_EQ(0, self->out[0] & 1);
	EXPECT_LE(self->out[0] >> 1, 50);
	hex(self->out + 2, 6, self->got_s);
	EXPECT_STREQ("015212000000", self->got_s);
	check(_metadata, self, 0x5200, "05 01 01 00", 0, "01 000000 00 01 00 06 00 00 ff 00");
	ASSERT_EQ(0, sim_raw(self->ctx, self->cci, 0x0100, "\1", 1, self->out,
			     sizeof(self->out), &len, &rc));
	ASSERT_EQ(0x20 + 0x80, len);
	EXPECT_EQ(1, self->out[0x20 + 0x11]);	/* severity: warning */
	hex(self->out + 0x50, 6, self->got_s);
	EXPECT_STREQ("00050000" "00ff", self->got_s);
	/* nothing running: abort is a no-op */
	check(_metadata, self, 0x0005, "", 0, "");
	check(_metadata, self, 0x0005, "00", 0x16, "");
	ASSERT_EQ(0, sim_knob(ID, "bg_hang", "0"));
}

/*
 * Event records (§2.3, §4): Get through cxlfm; Clear and the interrupt
 * policy through the hook, since cxlfm refuses them in raw.
 */
TEST_F(conf, event_records_get_clear_and_policy)
{
	uint16_t rc;
	size_t len;
	uint8_t b[64];
	int n;

	check(_metadata, self, 0x0100, "00", 0, "00 00 0000 0000000000000000 0000000000000000 0000 00000000000000000000");
	check(_metadata, self, 0x0100, "05", 0x02, "");
	check(_metadata, self, 0x0100, "", 0x16, "");
	ASSERT_EQ(0, sim_knob(ID, "inject", "2 3"));
	ASSERT_EQ(0, sim_raw(self->ctx, self->cci, 0x0100, "\2", 1, self->out,
			     sizeof(self->out), &len, &rc));
	ASSERT_EQ(0x20 + 3 * 0x80, len);
	EXPECT_EQ(3, self->out[0x14]);
	hex(self->out + 0x20, 0x18, self->got_s);
	/* Physical Switch record, failure severity, handle 1 */
	EXPECT_STREQ("77cf92719c02470b9fe4bc7b75f2da97" "80020000" "0100" "0000",
		     self->got_s);
	hex(self->out + 0x50, 2, self->got_s);
	EXPECT_STREQ("0001", self->got_s);	/* port 0, slot status updated */

	EXPECT_EQ(-EACCES, sim_raw(self->ctx, self->cci, 0x0101, "\2\0\1\0\0\0\1\0",
				   8, self->out, sizeof(self->out), &len, &rc));
	n = sim_hook(ID, 0x0101, "\2\0\1\0\0\0\2\0", 8, b, sizeof(b), &rc);
	EXPECT_EQ(0, n);
	EXPECT_EQ(0x0e, rc);			/* not the oldest handle */
	sim_hook(ID, 0x0101, "\2\0\2\0\0\0\1\0\2\0", 10, b, sizeof(b), &rc);
	EXPECT_EQ(0, rc);
	sim_hook(ID, 0x0101, "\2\0\1\0\0\0\3\0\0", 9, b, sizeof(b), &rc);
	EXPECT_EQ(0x16, rc);
	sim_hook(ID, 0x0101, "\2\1\0\0\0\0", 6, b, sizeof(b), &rc);
	EXPECT_EQ(0x02, rc);			/* clear all needs an overflow */
	ASSERT_EQ(0, sim_raw(self->ctx, self->cci, 0x0100, "\2", 1, self->out,
			     sizeof(self->out), &len, &rc));
	ASSERT_EQ(0x20 + 0x80, len);
	EXPECT_EQ(3, self->out[0x20 + 0x14]);

	check(_metadata, self, 0x0102, "", 0, "00 00 00 00 00");
	n = sim_hook(ID, 0x0103, "\x11\x01\x21\x00", 4, b, sizeof(b), &rc);
	EXPECT_EQ(0, n);
	EXPECT_EQ(0, rc);
	check(_metadata, self, 0x0102, "", 0, "11 01 21 00 00");
	sim_hook(ID, 0x0103, "\x03\0\0\0", 4, b, sizeof(b), &rc);
	EXPECT_EQ(0x02, rc);
	sim_hook(ID, 0x0103, "\0\0\0\0\x02", 5, b, sizeof(b), &rc);
	EXPECT_EQ(0x02, rc);			/* no FW interrupt for DC */
	sim_hook(ID, 0x0103, "\0\0\0", 3, b, sizeof(b), &rc);
	EXPECT_EQ(0x16, rc);
}

/* A full log drops records and says so: overflow flag, count, clear all. */
TEST_F(conf, event_log_overflow)
{
	uint16_t rc;
	size_t len;
	uint8_t b[8];
	char st[512];

	ASSERT_EQ(0, sim_new("41 payload=256 log_cap=4"));
	ASSERT_EQ(0, sim_knob(41, "storm", "6"));
	ASSERT_EQ(0, sim_raw(self->ctx, sim_cci(41), 0x0100, "\1", 1, self->out,
			     sizeof(self->out), &len, &rc));
	ASSERT_EQ(0, rc);
	ASSERT_EQ(0x20 + 0x80, len);		/* one record fits 256 bytes */
	EXPECT_EQ(3, self->out[0]);		/* overflow | more */
	EXPECT_EQ(2, self->out[2]);		/* two dropped */
	EXPECT_NE(0, self->out[0x04 + 7] | self->out[0x0c + 7]);
	EXPECT_EQ(1, self->out[0x14]);
	ASSERT_EQ(0, sim_knob_read(41, "events", st, sizeof(st)));
	EXPECT_NE(NULL, strstr(st, "status 0xf\n"));
	EXPECT_NE(NULL, strstr(st, "warn records 4 cap 4 overflow 1 count 2 first 1"));
	sim_hook(41, 0x0101, "\1\1\0\0\0\0", 6, b, sizeof(b), &rc);
	EXPECT_EQ(0, rc);
	ASSERT_EQ(0, sim_knob_read(41, "events", st, sizeof(st)));
	EXPECT_NE(NULL, strstr(st, "status 0xd\n"));
	EXPECT_NE(NULL, strstr(st, "warn records 0 cap 4 overflow 0 count 0"));
	sim_del(41);
}

/*
 * Domain Validation SV (§3.3): the host of VCS 0 (the CCI's ingress)
 * sets its secret once; the FM reads state and secret per VCS, and VCS 1
 * of a two-VCS switch keeps its own (unset) state.
 */
TEST_F(conf, domain_validation_secret_is_set_once_per_vcs)
{
	int cci = self->cci;

	check(_metadata, self, 0x5105, "000102030405060708090a0b0c0d0e0f", 0, "");
	check(_metadata, self, 0x5104, "", 0, "01");
	check(_metadata, self, 0x5106, "00", 0, "01");
	check(_metadata, self, 0x5107, "00", 0, "000102030405060708090a0b0c0d0e0f");
	check(_metadata, self, 0x5105, "ffeeddccbbaa99887766554433221100", 0x02, "");
	check(_metadata, self, 0x5107, "00", 0, "000102030405060708090a0b0c0d0e0f");

	ASSERT_EQ(0, sim_new("42 ports=8 vcs=2 vppbs=3"));
	self->cci = sim_cci(42);
	ASSERT_GE(self->cci, 0);
	check(_metadata, self, 0x5106, "01", 0, "00");
	check(_metadata, self, 0x5105, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, "");
	check(_metadata, self, 0x5106, "00", 0, "01");
	check(_metadata, self, 0x5106, "01", 0, "00");
	check(_metadata, self, 0x5107, "01", 0x02, "");
	check(_metadata, self, 0x5106, "02", 0x02, "");
	self->cci = cci;
	sim_del(42);
}

/*
 * Send LD CXL.io Configuration and Memory Requests (§3.4): each LD has its
 * own header; with memory decoding on, BAR 0 maps a 4 KiB window whose
 * reads return what the writes stored, byte enables honoured; transfers
 * outside the window, misaligned or too long, and LDs bound to a host are
 * refused with Invalid Input.
 */
TEST_F(conf, ld_cxlio_config_and_memory)
{
	/* BAR 0 sizing, then at 0x80000000 with memory decoding on */
	check(_metadata, self, 0x5301, "06 04f080 0100 0000 ffffffff", 0, "00000000");
	check(_metadata, self, 0x5301, "06 04f000 0100 0000 00000000", 0, "00f0ffff");
	check(_metadata, self, 0x5301, "06 04f080 0100 0000 00000080", 0, "00000000");
	check(_metadata, self, 0x5301, "06 01f080 0100 0000 ffffffff", 0, "00000000");
	check(_metadata, self, 0x5301, "06 01f000 0100 0000 00000000", 0, "46050000");
	/* LD 0's header is its own */
	check(_metadata, self, 0x5301, "06 04f000 0000 0000 00000000", 0, "00000000");
	check(_metadata, self, 0x5301, "06 01f000 0000 0000 00000000", 0, "00000000");
	/* the Vendor ID is read-only */
	check(_metadata, self, 0x5301, "06 00f080 0100 0000 00000000", 0, "00000000");
	check(_metadata, self, 0x5301, "06 00f000 0100 0000 00000000", 0, "981e f3c5");

	check(_metadata, self, 0x5302, "06 00f08f 0100 0800 1000008000000000 1122334455667788",
	      0, "0800 0000");
	check(_metadata, self, 0x5302, "06 00f00f 0100 0800 1000008000000000", 0,
	      "0800 0000 1122334455667788");
	/* one dword, first two bytes enabled */
	check(_metadata, self, 0x5302, "06 003080 0100 0400 1000008000000000 aabbccdd",
	      0, "0400 0000");
	/* two dwords: first DW bytes 2-3, last DW byte 0 */
	check(_metadata, self, 0x5302, "06 00c081 0100 0800 1000008000000000 0000eeff 99000000",
	      0, "0800 0000");
	check(_metadata, self, 0x5302, "06 00f00f 0100 0c00 0c00008000000000", 0,
	      "0c00 0000 00000000 aabbeeff 99667788");
	/* the last dword of the window, then one past it */
	check(_metadata, self, 0x5302, "06 00f000 0100 0400 fc0f008000000000", 0,
	      "0400 0000 00000000");
	check(_metadata, self, 0x5302, "06 00f00f 0100 0800 fc0f008000000000", 0x02, "");
	check(_metadata, self, 0x5302, "06 00f000 0100 0400 fcffff7f00000000", 0x02, "");
	check(_metadata, self, 0x5302, "06 00f00f 0100 0800 1100008000000000", 0x02, "");
	check(_metadata, self, 0x5302, "06 00f00f 0100 0600 1000008000000000", 0x02, "");
	check(_metadata, self, 0x5302, "06 00f00f 0100 0000 1000008000000000", 0x02, "");
	check(_metadata, self, 0x5302, "06 00f00f 0100 0400 1000008000000000", 0x02, "");
	/* 4 KiB does not fit the 2 KiB payload */
	check(_metadata, self, 0x5302, "06 00f00f 0100 0010 0000008000000000", 0x02, "");
	/* LD 0 decodes no memory */
	check(_metadata, self, 0x5302, "06 00f00f 0000 0800 1000008000000000", 0x02, "");

	/* once LD 1 is bound to a host, the FM cannot reach it */
	check(_metadata, self, 0x5201, "00 05 06 00 0100", 0x0001, "");
	ASSERT_EQ(0xc8, bg_wait(self));
	ASSERT_EQ(0, sim_wait_state(self->cci, "ready", 3000));
	check(_metadata, self, 0x5301, "06 00f000 0100 0000 00000000", 0x02, "");
	check(_metadata, self, 0x5302, "06 00f00f 0100 0800 1000008000000000", 0x02, "");
	check(_metadata, self, 0x5301, "06 00f000 0200 0000 00000000", 0, "981e f3c5");
}

/* Set commands of the MLD component and DCD sets, through the tunnel. */
TEST_F(conf, mld_and_dcd_set_commands)
{
	/* Set LD Allocations: LD 1 gets 2 x 256 MB, then too much */
	check(_metadata, self, 0x5300,
	      "06 00 2000 00 01 00 02 54 140000 0000 0000 01 01 0000"
	      "0200000000000000 0000000000000000", 0,
	      "2000 0000 01 01 00 02 54 140000 0000 0000 01 01 0000"
	      "0200000000000000 0000000000000000");
	check(_metadata, self, 0x5300,
	      "06 00 2000 00 01 00 02 54 140000 0000 0000 01 01 0000"
	      "1000000000000000 0000000000000000", 0,
	      "0c00 0000 01 01 00 02 54 000000 0200 0000");
	/* Set QoS BW Limit, then read it back */
	check(_metadata, self, 0x5300, "06 00 0f00 00 02 00 09 54 030000 0000 0000 01 03 80", 0,
	      "0f00 0000 01 02 00 09 54 030000 0000 0000 01 03 80");
	check(_metadata, self, 0x5300, "06 00 0e00 00 02 00 08 54 020000 0000 0000 02 02", 0,
	      "1000 0000 01 02 00 08 54 040000 0000 0000 02 02 ff 80");
	/* Add 2 MiB at DPA 2 MiB of region 0 to host 1, list it, release it */
	check(_metadata, self, 0x5300,
	      "06 00 5400 00 03 00 04 56 480000 0000 0000 0100 02 00 0000200000000000"
	      "00000000000000000000000000000000 01000000"
	      "0000200000000000 0000200000000000 000102030405060708090a0b0c0d0e0f 0000 000000000000",
	      0, "0c00 0000 01 03 00 04 56 000000 0000 0000");
	check(_metadata, self, 0x5300,
	      "06 00 1800 00 04 00 03 56 0c0000 0000 0000 0100 0000 0a000000 00000000", 0,
	      "4c00 0000 01 04 00 03 56 400000 0000 0000 0100 0000 00000000 01000000 01000000"
	      "01000000 00000000 0000200000000000 0000200000000000"
	      "000102030405060708090a0b0c0d0e0f 0000 000000000000");
	/* misaligned extent */
	check(_metadata, self, 0x5300,
	      "06 00 5400 00 05 00 04 56 480000 0000 0000 0100 02 00 0000200000000000"
	      "00000000000000000000000000000000 01000000"
	      "0010200000000000 0000200000000000 00000000000000000000000000000000 0000 000000000000",
	      0, "0c00 0000 01 05 00 04 56 000000 1e00 0000");
	check(_metadata, self, 0x5300,
	      "06 00 5400 00 06 00 05 56 480000 0000 0000 0100 01 00 0000200000000000"
	      "00000000000000000000000000000000 01000000"
	      "0000200000000000 0000200000000000 00000000000000000000000000000000 0000 000000000000",
	      0, "0c00 0000 01 06 00 05 56 000000 0000 0000");
	check(_metadata, self, 0x5300,
	      "06 00 1800 00 07 00 03 56 0c0000 0000 0000 0100 0000 0a000000 00000000", 0,
	      "2400 0000 01 07 00 03 56 180000 0000 0000 0100 0000 00000000 00000000 00000000"
	      "02000000 00000000");
}

/*
 * DCD (§3.7) through the tunnel to port 6, 2 MiB blocks: the free,
 * contiguous and prescriptive selection policies of Initiate Dynamic
 * Capacity Add, release by tag and prescriptive, and the tags of the
 * capacity (List Tags, Add / Remove Reference).  T1, T2, T3 are the tags
 * 11.., 22.., 33.. of hosts (LDs) 1, 2, 3.
 */
TEST_F(conf, dcd_selection_policies_and_tags)
{
	/* host 1 takes 4-6 MiB of region 0 prescriptively */
	check(_metadata, self, 0x5300,
	      "06005400000100045648000000000000010002000000000000000000111111111111111111111111111111110100000000004000000000000000200000000000111111111111111111111111111111110000000000000000",
	      0, "0c000000010100045600000000000000");
	/* contiguous: 0-4 MiB is too short, 6-12 MiB is the first run */
	check(_metadata, self, 0x5300,
	      "06002c000002000456200000000000000200010000006000000000002222222222222222222222222222222200000000",
	      0, "0c000000010200045600000000000000");
	check(_metadata, self, 0x5300,
	      "0600180000030003560c000000000000020000000a00000000000000",
	      0, "4c00000001030003564000000000000002000000000000000100000001000000020000000000000000006000000000000000600000000000222222222222222222222222222222220000000000000000");
	/* free: the lowest free blocks, 0-4 and 12-14 MiB, two extents */
	check(_metadata, self, 0x5300,
	      "06002c000004000456200000000000000300000000006000000000003333333333333333333333333333333300000000",
	      0, "0c000000010400045600000000000000");
	check(_metadata, self, 0x5300,
	      "0600180000050003560c000000000000030000000a00000000000000",
	      0, "74000000010500035668000000000000030000000000000002000000020000000300000000000000000000000000000000004000000000003333333333333333333333333333333300000000000000000000c000000000000000200000000000333333333333333333333333333333330000000000000000");
	/* enable shared access: no sharable region; unknown policy */
	check(_metadata, self, 0x5300,
	      "06002c000006000456200000000000000300030000002000000000003333333333333333333333333333333300000000",
	      0, "0c000000010600045600000003000000");
	check(_metadata, self, 0x5300,
	      "06002c000007000456200000000000000300040000002000000000003333333333333333333333333333333300000000",
	      0, "0c000000010700045600000002000000");
	/* only the prescriptive policy lists extents */
	check(_metadata, self, 0x5300,
	      "06005400000800045648000000000000030000000000200000000000333333333333333333333333333333330100000000000001000000000000200000000000333333333333333333333333333333330000000000000000",
	      0, "0c000000010800045600000002000000");
	/* not a whole number of blocks, nothing, no such region */
	check(_metadata, self, 0x5300,
	      "06002c000009000456200000000000000300000000001000000000003333333333333333333333333333333300000000",
	      0, "0c000000010900045600000002000000");
	check(_metadata, self, 0x5300,
	      "06002c00000a000456200000000000000300010000000000000000003333333333333333333333333333333300000000",
	      0, "0c000000010a00045600000002000000");
	check(_metadata, self, 0x5300,
	      "06002c00000b000456200000000000000300000200002000000000003333333333333333333333333333333300000000",
	      0, "0c000000010b00045600000002000000");
	/* more than is free */
	check(_metadata, self, 0x5300,
	      "06002c00000c000456200000000000000300010000000040000000003333333333333333333333333333333300000000",
	      0, "0c000000010c0004560000001d000000");
	/* ... but all of region 1 is, as one extent */
	check(_metadata, self, 0x5300,
	      "06002c00000d000456200000000000000300000100000040000000003333333333333333333333333333333300000000",
	      0, "0c000000010d00045600000000000000");
	check(_metadata, self, 0x5300,
	      "06001800000e0003560c000000000000030000000a00000000000000",
	      0, "9c000000010e00035690000000000000030000000000000003000000030000000400000000000000000000000000000000004000000000003333333333333333333333333333333300000000000000000000c00000000000000020000000000033333333333333333333333333333333000000000000000000000040000000000000004000000000333333333333333333333333333333330000000000000000");
	/* release by tag: the length must match what the tag holds */
	check(_metadata, self, 0x5300,
	      "06002c00000f000556200000000000000300000000008000000000003333333333333333333333333333333300000000",
	      0, "0c000000010f00055600000002000000");
	check(_metadata, self, 0x5300,
	      "06002c000010000556200000000000000300000000006040000000001111111111111111111111111111111100000000",
	      0, "0c000000011000055600000002000000");
	check(_metadata, self, 0x5300,
	      "06005400001100055648000000000000030000000000604000000000333333333333333333333333333333330100000000000000000000000000400000000000333333333333333333333333333333330000000000000000",
	      0, "0c000000011100055600000002000000");
	check(_metadata, self, 0x5300,
	      "06002c000012000556200000000000000300020000006040000000003333333333333333333333333333333300000000",
	      0, "0c000000011200055600000002000000");
	check(_metadata, self, 0x5300,
	      "06002c000013000556200000000000000300000000006040000000003333333333333333333333333333333300000000",
	      0, "0c000000011300055600000000000000");
	check(_metadata, self, 0x5300,
	      "0600180000140003560c000000000000030000000a00000000000000",
	      0, "24000000011400035618000000000000030000000000000000000000000000000500000000000000");
	/* host 2 keeps its extent */
	check(_metadata, self, 0x5300,
	      "0600180000150003560c000000000000020000000a00000000000000",
	      0, "4c00000001150003564000000000000002000000000000000100000001000000050000000000000000006000000000000000600000000000222222222222222222222222222222220000000000000000");
	/* List Tags: T1 of host 1, T2 of host 2; T3 went with its extents */
	check(_metadata, self, 0x5300,
	      "06001400001600085608000000000000000000000a000000",
	      0, "c40000000116000856b800000000000004000000020000000200000003000000111111111111111111111111111111110000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000222222222222222222222222222222220000000004000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000");
	/* a reference keeps T2 listed after host 2 releases it */
	check(_metadata, self, 0x5300,
	      "06001c0000170006561000000000000022222222222222222222222222222222",
	      0, "0c000000011700065600000000000000");
	check(_metadata, self, 0x5300,
	      "06001c0000180006561000000000000022222222222222222222222222222222",
	      0, "0c000000011800065600000002000000");
	check(_metadata, self, 0x5300,
	      "06001c0000190006561000000000000033333333333333333333333333333333",
	      0, "0c000000011900065600000002000000");
	check(_metadata, self, 0x5300,
	      "06001b00001a0006560f000000000000222222222222222222222222222222",
	      0, "0c000000011a00065600000016000000");
	check(_metadata, self, 0x5300,
	      "06002c00001b000556200000000000000200000000006000000000002222222222222222222222222222222200000000",
	      0, "0c000000011b00055600000000000000");
	check(_metadata, self, 0x5300,
	      "06001400001c00085608000000000000000000000a000000",
	      0, "c4000000011c000856b800000000000005000000020000000200000003000000111111111111111111111111111111110000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000222222222222222222222222222222220100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000");
	check(_metadata, self, 0x5300,
	      "06001400001d000856080000000000000100000001000000",
	      0, "70000000011d0008566400000000000005000000020000000100000003000000222222222222222222222222222222220100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000");
	check(_metadata, self, 0x5300,
	      "06001400001e000856080000000000000200000001000000",
	      0, "1c000000011e0008561000000000000005000000020000000000000003000000");
	check(_metadata, self, 0x5300,
	      "06001400001f000856080000000000000300000001000000",
	      0, "0c000000011f00085600000002000000");
	check(_metadata, self, 0x5300,
	      "0600130000200008560700000000000000000000010000",
	      0, "0c000000012000085600000016000000");
	/* removing the reference drops T2 */
	check(_metadata, self, 0x5300,
	      "06001c0000210007561000000000000022222222222222222222222222222222",
	      0, "0c000000012100075600000000000000");
	check(_metadata, self, 0x5300,
	      "06001c0000220007561000000000000022222222222222222222222222222222",
	      0, "0c000000012200075600000002000000");
	check(_metadata, self, 0x5300,
	      "06001c0000230007561000000000000011111111111111111111111111111111",
	      0, "0c000000012300075600000002000000");
	check(_metadata, self, 0x5300,
	      "06001400002400085608000000000000000000000a000000",
	      0, "7000000001240008566400000000000007000000010000000100000003000000111111111111111111111111111111110000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000");
	/* Get Host DC Region Configuration counts extents and tags left */
	check(_metadata, self, 0x5300,
	      "0600100000250001560400000000000001000100",
	      0, "4800000001250001563c0000000000000100020100000000000000000400000000000000000000400000000000002000000000000000000000000000400000003f000000400000003f000000");
}

TEST_HARNESS_MAIN
