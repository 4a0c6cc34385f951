// SPDX-License-Identifier: GPL-2.0
/*
 * Background commands (CXL r3.1 §8.2.8.4): an Unbind vPPB on a simulated
 * switch (whose vPPBs start bound to its ports) starts in the background; cxlfm returns at once, refuses a second
 * background command meanwhile without sending it, and learns of the
 * completion by interrupt (the poll interval set to a minute, so only the
 * interrupt can do it in time) or by polling (a switch without one).
 *
 * Waiting is by notification: a long wait on a hung command costs the
 * switch no status commands and no other genetlink user any time, and
 * each waiter gets its own command's result.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include <cxlfm/libcxlfm.h>

#include "kselftest_harness.h"
#include "sim_util.h"

#define OP_BIND_VPPB	0x5201
#define OP_UNBIND_VPPB	0x5202
#define POLL_PARAM	"/sys/module/cxlfm/parameters/bg_poll_ms"

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* cxlfm and cxlfm_sim, unless loaded (the event poll left as it is). */
static int load_modules(void)
{
	int rc = 0;

	if (!path_exists("/sys/module/cxlfm"))
		rc = cxlfm_load("");
	if (!rc && !path_exists("/sys/module/cxlfm_sim"))
		rc = sim_load_module("tools/testing/cxlfm/sim/cxlfm_sim.ko");
	return rc;
}

FIXTURE(bg)
{
	struct cxlfm_ctx *ctx;
	unsigned int id;
	char state[128];
};

FIXTURE_VARIANT(bg)
{
	const char *spec;	/* new_device line */
	const char *poll_ms;	/* bg_poll_ms during the test */
};

FIXTURE_VARIANT_ADD(bg, interrupt)
{
	.spec = "78 ports=8 vcs=1 vppbs=8 bg_ms=1500 irq=1",
	.poll_ms = "60000",
};

FIXTURE_VARIANT_ADD(bg, polling)
{
	.spec = "78 ports=8 vcs=1 vppbs=8 bg_ms=1500 irq=0",
	.poll_ms = "200",
};

FIXTURE_SETUP(bg)
{
	struct cxlfm_cci_info *list;
	size_t n, i;

	ASSERT_EQ(0, load_modules());
	ASSERT_EQ(0, sysfs_write(POLL_PARAM, variant->poll_ms));
	ASSERT_EQ(0, sysfs_write("/sys/bus/cxlfm_sim/new_device", variant->spec));
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	ASSERT_EQ(0, cxlfm_cci_list(self->ctx, &list, &n));
	self->id = ~0U;
	for (i = 0; i < n; i++)
		if (!strcmp(list[i].transport, "sim"))
			self->id = list[i].id;
	free(list);
	ASSERT_NE(~0U, self->id);
}

FIXTURE_TEARDOWN(bg)
{
	cxlfm_unref(self->ctx);
	sysfs_write("/sys/bus/cxlfm_sim/del_device", "78");
	sysfs_write(POLL_PARAM, "200");
}

static int cci_state(unsigned int id, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/class/cxlfm/cxlfm%u/state", id);
	return sysfs_read(path, buf, len);
}

TEST_F(bg, unbind_runs_in_background_and_completes)
{
	/* VCS 0, vPPB 0 or 1, wait for the link to go down: r3.2 §7.6.7.2.3 */
	static const unsigned char unbind[3] = { 0, 0, 0 };
	static const unsigned char unbind2[3] = { 0, 1, 0 };
	/* VCS 0, vPPB 0, physical port 1, LD 0xffff (an SLD), r3.2 §7.6.7.2.2 */
	static const unsigned char bind[6] = { 0, 0, 1, 0, 0xff, 0xff };
	struct cxlfm_raw_cmd cmd = { .opcode = OP_UNBIND_VPPB, .in = unbind, .in_len = 3 };
	double t0 = now_s(), took;
	int i;

	ASSERT_EQ(0, cxlfm_raw(self->ctx, self->id, &cmd));
	EXPECT_EQ(1, cmd.return_code);		/* background command started */
	EXPECT_TRUE(cmd.background);
	EXPECT_GT(1.0, now_s() - t0);		/* returned at once */
	ASSERT_EQ(0, cci_state(self->id, self->state, sizeof(self->state)));
	EXPECT_STREQ("background", self->state);

	/* One at a time: the second is refused before it reaches the device. */
	cmd.in = unbind2;
	EXPECT_EQ(-EBUSY, cxlfm_raw(self->ctx, self->id, &cmd));
	EXPECT_STREQ("a background command is running on this CCI",
		     cxlfm_last_error(self->ctx));

	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, cci_state(self->id, self->state, sizeof(self->state)));
		if (!strcmp(self->state, "ready"))
			break;
		usleep(50000);
	}
	took = now_s() - t0;
	EXPECT_STREQ("ready", self->state);
	EXPECT_LT(1.2, took);			/* not before the device finished */
	TH_LOG("completion seen after %.2f s (%s)", took, variant->poll_ms);

	/* The mailbox takes background commands again: bind it back. */
	cmd = (struct cxlfm_raw_cmd){ .opcode = OP_BIND_VPPB, .in = bind, .in_len = 6 };
	ASSERT_EQ(0, cxlfm_raw(self->ctx, self->id, &cmd));
	EXPECT_EQ(1, cmd.return_code);
}

/*
 * A device that finishes at once (bg_ms=0) and says so by interrupt: the
 * interrupt can come before cxlfm has marked the command running, and must
 * not be lost for it (cxlfm polls as well).  Each waited unbind and bind
 * ends done, never "still running", and never finds the mailbox busy.
 */
FIXTURE(instant)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_target t;
};

FIXTURE_SETUP(instant)
{
	struct cxlfm_cci_info *list;
	size_t n, i;

	ASSERT_EQ(0, load_modules());
	ASSERT_EQ(0, sysfs_write("/sys/bus/cxlfm_sim/new_device",
				 "79 ports=8 vcs=1 vppbs=8 bg_ms=0 irq=1"));
	ASSERT_EQ(0, cxlfm_new(&self->ctx));
	ASSERT_EQ(0, cxlfm_cci_list(self->ctx, &list, &n));
	self->t = CXLFM_TARGET(~0U);
	for (i = 0; i < n; i++)
		if (!strcmp(list[i].transport, "sim"))
			self->t.cci = list[i].id;
	free(list);
	ASSERT_NE(~0U, self->t.cci);
}

FIXTURE_TEARDOWN(instant)
{
	cxlfm_unref(self->ctx);
	sysfs_write("/sys/bus/cxlfm_sim/del_device", "79");
}

TEST_F_TIMEOUT(instant, no_completion_is_lost, 300)
{
	struct cxlfm_fm_unbind_vppb_req un = { .vcs_id = 0, .vppb_id = 0 };
	struct cxlfm_fm_bind_vppb_req bi = { .vcs_id = 0, .vppb_id = 0,
					  .port_id = 1, .ld_id = 0xffff };
	int i;

	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, cxlfm_unbind_vppb(self->ctx, &self->t, &un,
					       CXLFM_CALL_WAIT)) TH_LOG("unbind %d", i);
		ASSERT_EQ(0, cxlfm_bind_vppb(self->ctx, &self->t, &bi,
					     CXLFM_CALL_WAIT)) TH_LOG("bind %d", i);
	}
}

/*
 * Waits on hung background commands.  Switch 82 is waited on by the CLI's
 * --wait, switch 83 by libcxlfm's CXLFM_CALL_WAIT (which once asked the
 * kernel to wait, holding genetlink's cb_lock for read all along).
 */
#define CLI_SW		82
#define LIB_SW		83
#define WAIT_MS		30000
#define GENL_MOD	"tools/testing/cxlfm/checker/cxlfm_genl_test.ko"

FIXTURE(hung)
{
	int cli_cci, lib_cci;
};

FIXTURE_SETUP(hung)
{
	ASSERT_EQ(0, load_modules());
	ASSERT_EQ(0, sysfs_write("/sys/bus/cxlfm_sim/new_device",
				 "82 ports=8 vcs=1 vppbs=8"));
	ASSERT_EQ(0, sysfs_write("/sys/bus/cxlfm_sim/new_device",
				 "83 ports=8 vcs=1 vppbs=8"));
	self->cli_cci = sim_cci(CLI_SW);
	self->lib_cci = sim_cci(LIB_SW);
	ASSERT_LE(0, self->cli_cci);
	ASSERT_LE(0, self->lib_cci);
	ASSERT_EQ(0, sim_knob(CLI_SW, "bg_hang", "1"));
	ASSERT_EQ(0, sim_knob(LIB_SW, "bg_hang", "1"));
}

FIXTURE_TEARDOWN(hung)
{
	sim_knob(CLI_SW, "bg_hang", "0");
	sim_knob(LIB_SW, "bg_hang", "0");
	sysfs_write("/sys/bus/cxlfm_sim/del_device", "82");
	sysfs_write("/sys/bus/cxlfm_sim/del_device", "83");
	syscall(SYS_delete_module, "cxlfm_genl_test", O_NONBLOCK);
}

/* Load, then unload, the module with a genetlink family; Return: s to load. */
static double genl_module_cycle(void)
{
	char path[PATH_MAX];
	double t0, took;
	int fd, rc;

	snprintf(path, sizeof(path), "%s/%s", getenv("CXLFM_KMOD"), GENL_MOD);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	t0 = now_s();
	rc = syscall(SYS_finit_module, fd, "", 0);
	took = now_s() - t0;
	close(fd);
	if (rc || syscall(SYS_delete_module, "cxlfm_genl_test", O_NONBLOCK))
		return -1;
	return took;
}

/* The same, in a child that writes the load's duration to @fd. */
static pid_t genl_module_cycle_child(int fd)
{
	pid_t pid = fork();
	double took;

	if (pid)
		return pid;
	took = genl_module_cycle();
	_exit(write(fd, &took, sizeof(took)) == sizeof(took) ? 0 : 1);
}

/* An unrelated genetlink request: CTRL_CMD_GETFAMILY of nlctrl; Return: s. */
static double getfamily(struct nl_sock *sk)
{
	double t0 = now_s();

	return genl_ctrl_resolve(sk, "nlctrl") == GENL_ID_CTRL ?
	       now_s() - t0 : -1;
}

/* Background Operation Status commands switch @id was sent. */
static int status_commands(unsigned int id)
{
	char buf[4096], *line;
	unsigned int op, n;

	if (sim_knob_read(id, "commands", buf, sizeof(buf)))
		return -1;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (sscanf(line, "%x %u", &op, &n) == 2 && op == 0x0002)
			return n;
	return 0;
}

/*
 * A 30 s wait of the CLI (--wait --timeout 30000) and a CXLFM_CALL_WAIT of
 * the library, both on hung unbinds.  Meanwhile, loading a module that
 * registers a genetlink family (cb_lock for write) and an unrelated
 * genetlink request queued behind it each take at most 2 s longer than
 * without the waits: a bound with a wide margin, not a speed test.  The
 * CLI's 30 s wait sends the switch at most a handful of Background
 * Operation Status commands (it once polled every 50 ms: 600).
 */
TEST_F_TIMEOUT(hung, a_wait_blocks_nothing_and_does_not_poll, 240)
{
	char sw[16], cli[PATH_MAX];
	double ins0, get0, ins, get, took, t0;
	struct nl_sock *sk;
	pid_t cli_pid, lib_pid, ins_pid;
	int st, fds[2], status_cmds;

	sk = nl_socket_alloc();
	ASSERT_NE(NULL, sk);
	ASSERT_EQ(0, genl_connect(sk));
	/* figures without a wait; the first load warms the page cache */
	ASSERT_LE(0, genl_module_cycle());
	ins0 = genl_module_cycle();
	get0 = getfamily(sk);
	ASSERT_LE(0, ins0);
	ASSERT_LE(0, get0);

	ASSERT_EQ(0, sim_knob(CLI_SW, "commands", "0"));
	snprintf(cli, sizeof(cli), "%s/bin/cxlfm", getenv("CXLFM_USER"));
	snprintf(sw, sizeof(sw), "%d", self->cli_cci);
	t0 = now_s();
	cli_pid = fork();
	ASSERT_LE(0, cli_pid);
	if (!cli_pid) {
		execl(cli, "cxlfm", "unbind", "-s", sw, "--vcs", "0", "--vppb",
		      "0", "--wait", "--timeout", "30000", (char *)NULL);
		_exit(127);
	}
	lib_pid = fork();
	ASSERT_LE(0, lib_pid);
	if (!lib_pid) {
		struct cxlfm_fm_unbind_vppb_req un = { .vcs_id = 0, .vppb_id = 0 };
		struct cxlfm_target t = CXLFM_TARGET(self->lib_cci);
		struct cxlfm_ctx *ctx;

		/* 0 once the unbind ended (the switch is set free below) */
		_exit(cxlfm_new(&ctx) ? 10 :
		      cxlfm_unbind_vppb(ctx, &t, &un, CXLFM_CALL_WAIT) ? 11 : 0);
	}
	sleep(1);	/* both wait now */

	ASSERT_EQ(0, pipe(fds));
	ins_pid = genl_module_cycle_child(fds[1]);
	ASSERT_LE(0, ins_pid);
	usleep(100000);	/* queued behind the load, if the load waits */
	get = getfamily(sk);
	ASSERT_EQ(ins_pid, waitpid(ins_pid, &st, 0));
	ASSERT_EQ(sizeof(ins), read(fds[0], &ins, sizeof(ins)));
	close(fds[0]);
	close(fds[1]);
	TH_LOG("load of a genetlink module: %.3f s alone, %.3f s during the waits",
	       ins0, ins);
	TH_LOG("CTRL_CMD_GETFAMILY: %.3f s alone, %.3f s during the waits",
	       get0, get);
	EXPECT_EQ(0, WEXITSTATUS(st));
	EXPECT_LE(0, ins);
	EXPECT_LE(0, get);
	EXPECT_GE(ins0 + 2.0, ins);
	EXPECT_GE(get0 + 2.0, get);

	/* the library's waiter gets its command's end once there is one */
	ASSERT_EQ(0, sim_knob(LIB_SW, "bg_hang", "0"));
	ASSERT_EQ(lib_pid, waitpid(lib_pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0)
		TH_LOG("CXLFM_CALL_WAIT child: status %#x", st);

	/* the CLI gives up after its 30 s, saying the unbind still runs */
	ASSERT_EQ(cli_pid, waitpid(cli_pid, &st, 0));
	took = now_s() - t0;
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 1)
		TH_LOG("cli --wait: status %#x", st);
	EXPECT_LE(WAIT_MS / 1000.0, took);
	status_cmds = status_commands(CLI_SW);
	TH_LOG("a %.1f s --wait sent %d Background Operation Status commands",
	       took, status_cmds);
	EXPECT_LE(0, status_cmds);
	EXPECT_GE(3, status_cmds);
	nl_socket_free(sk);
}

/*
 * Two callers, two background commands back to back on one switch.  A's
 * unbind is aborted; B's unbind then runs to its end, so the switch's
 * status describes B's.  Each caller still gets its own command's result;
 * a caller that did not subscribe before A's command ended gets a clear
 * "superseded" error (ESTALE), never B's result.
 */
#define OWN_SW	84

FIXTURE(own)
{
	struct cxlfm_ctx *a, *b, *c;
	struct cxlfm_target t;
};

FIXTURE_SETUP(own)
{
	ASSERT_EQ(0, load_modules());
	ASSERT_EQ(0, sysfs_write("/sys/bus/cxlfm_sim/new_device",
				 "84 ports=8 vcs=1 vppbs=8 bg_ms=300"));
	self->t = CXLFM_TARGET(sim_cci(OWN_SW));
	ASSERT_EQ(0, cxlfm_new(&self->a));
	ASSERT_EQ(0, cxlfm_new(&self->b));
	ASSERT_EQ(0, cxlfm_new(&self->c));
}

FIXTURE_TEARDOWN(own)
{
	cxlfm_unref(self->a);
	cxlfm_unref(self->b);
	cxlfm_unref(self->c);
	sim_knob(OWN_SW, "bg_hang", "0");
	sysfs_write("/sys/bus/cxlfm_sim/del_device", "84");
}

TEST_F(own, each_waiter_gets_its_own_command)
{
	struct cxlfm_fm_unbind_vppb_req un0 = { .vcs_id = 0, .vppb_id = 0 };
	struct cxlfm_fm_unbind_vppb_req un1 = { .vcs_id = 0, .vppb_id = 1 };
	struct cxlfm_fm_bg_op_status_rsp st;
	struct cxlfm_bg_cmd ida, idb;
	struct cxlfm_events *eva, *evb;

	/* A: subscribed, starts an unbind that hangs, then is aborted */
	ASSERT_EQ(0, cxlfm_events_open(self->a, &eva));
	ASSERT_EQ(0, sim_knob(OWN_SW, "bg_hang", "1"));
	ASSERT_EQ(1, cxlfm_unbind_vppb(self->a, &self->t, &un0, 0));
	ASSERT_EQ(0, cxlfm_last_bg_cmd(self->a, &ida));
	EXPECT_EQ(0x5202, ida.opcode);
	EXPECT_EQ(self->t.cci, ida.cci);
	ASSERT_EQ(0, cxlfm_request_abort_bg_op(self->b, &self->t, 0));
	ASSERT_EQ(0, cxlfm_bg_wait(self->b, self->t.cci, 5000, &st));
	ASSERT_EQ(0, sim_knob(OWN_SW, "bg_hang", "0"));

	/* B: subscribed, its unbind runs to its end */
	ASSERT_EQ(0, cxlfm_events_open(self->b, &evb));
	ASSERT_EQ(1, cxlfm_unbind_vppb(self->b, &self->t, &un1, 0));
	ASSERT_EQ(0, cxlfm_last_bg_cmd(self->b, &idb));
	EXPECT_NE(ida.seq, idb.seq);
	ASSERT_EQ(0, cxlfm_bg_wait_cmd(self->b, evb, &idb, 5000, &st));
	EXPECT_EQ(0x5202, st.opcode);
	EXPECT_EQ(0, st.return_code);
	EXPECT_EQ(100, st.percent);

	/* A waits only now, after B's ended: it gets its aborted unbind */
	ASSERT_EQ(0, cxlfm_bg_wait_cmd(self->a, eva, &ida, 5000, &st));
	EXPECT_EQ(0x5202, st.opcode);
	EXPECT_EQ(0x0012, st.return_code);	/* Aborted */
	EXPECT_GT(100, st.percent);

	/* C never subscribed: the device reports only B's, so C is told */
	EXPECT_EQ(-ESTALE, cxlfm_bg_wait_cmd(self->c, NULL, &ida, 5000, &st));
	TH_LOG("C: %s", cxlfm_last_error(self->c));
	EXPECT_NE(NULL, strstr(cxlfm_last_error(self->c), "superseded"));
	/* and its own (B's) command it may still wait for: ended */
	EXPECT_EQ(0, cxlfm_bg_wait_cmd(self->c, NULL, &idb, 5000, &st));
	EXPECT_EQ(0, st.return_code);

	cxlfm_events_close(eva);
	cxlfm_events_close(evb);
}

TEST_HARNESS_MAIN
