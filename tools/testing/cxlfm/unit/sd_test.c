// SPDX-License-Identifier: GPL-2.0-only
/*
 * cxlfmd's side channels to systemd (tools/cxlfmd/sdnotify.c and
 * sdjournal.c), against listeners of our own: the notify datagrams reach
 * $NOTIFY_SOCKET (a path or an abstract name), the watchdog interval is
 * taken only when meant for this process, stderr is recognised as the
 * journal's stream, and an entry reaches journald's socket as the
 * structured fields documented in Documentation/cxlfmd.md with a priority
 * journald understands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/cxlfm.h>

#include "sdjournal.h"
#include "sdnotify.h"

/* A datagram socket bound to @name ('@': abstract) for the code to send to. */
static int listener(const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	size_t len = strlen(name);

	memcpy(sa.sun_path, name, len);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa,
			   offsetof(struct sockaddr_un, sun_path) + len))
		return -1;
	return fd;
}

/* The next datagram, NUL-terminated, without waiting. */
static ssize_t take(int fd, char *buf, size_t len)
{
	ssize_t n = recv(fd, buf, len - 1, MSG_DONTWAIT);

	buf[n > 0 ? n : 0] = '\0';
	return n;
}

FIXTURE(sock)
{
	char dir[64];
	char path[96];
	int fd;
};

FIXTURE_SETUP(sock)
{
	snprintf(self->dir, sizeof(self->dir), "%s/cxlfm-sd-XXXXXX", P_tmpdir);
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->path, sizeof(self->path), "%s/notify", self->dir);
	self->fd = listener(self->path);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(sock)
{
	close(self->fd);
	unlink(self->path);
	rmdir(self->dir);
}

TEST_F(sock, notify_reaches_the_socket_path)
{
	char buf[256];

	ASSERT_EQ(0, setenv("NOTIFY_SOCKET", self->path, 1));
	ASSERT_EQ(0, sdn_notify("READY=1\nSTATUS=journaling to %s", "x"));
	ASSERT_LT(0, take(self->fd, buf, sizeof(buf)));
	EXPECT_STREQ("READY=1\nSTATUS=journaling to x", buf);
	ASSERT_EQ(0, sdn_notify("WATCHDOG=1"));
	ASSERT_LT(0, take(self->fd, buf, sizeof(buf)));
	EXPECT_STREQ("WATCHDOG=1", buf);
}

TEST(notify_abstract_socket_and_none)
{
	char name[64], buf[64];
	int fd;

	snprintf(name, sizeof(name), "@cxlfm-sd-test-%d", getpid());
	fd = listener(name);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, setenv("NOTIFY_SOCKET", name, 1));
	ASSERT_EQ(0, sdn_notify("STOPPING=1"));
	ASSERT_LT(0, take(fd, buf, sizeof(buf)));
	EXPECT_STREQ("STOPPING=1", buf);
	close(fd);
	/* no service manager: nothing to do, no error */
	ASSERT_EQ(0, unsetenv("NOTIFY_SOCKET"));
	EXPECT_EQ(0, sdn_notify("READY=1"));
	/* a manager that went away: the error is returned, not hidden */
	ASSERT_EQ(0, setenv("NOTIFY_SOCKET", "/nonexistent/notify", 1));
	EXPECT_EQ(-ENOENT, sdn_notify("READY=1"));
	ASSERT_EQ(0, setenv("NOTIFY_SOCKET", "vsock:2:1", 1));
	EXPECT_EQ(-EAFNOSUPPORT, sdn_notify("READY=1"));
}

TEST(watchdog_only_for_this_process)
{
	char pid[32];

	unsetenv("WATCHDOG_PID");
	unsetenv("WATCHDOG_USEC");
	EXPECT_EQ(0, sdn_watchdog_usec());
	setenv("WATCHDOG_USEC", "3000000", 1);
	EXPECT_EQ(3000000, sdn_watchdog_usec());
	snprintf(pid, sizeof(pid), "%d", getpid());
	setenv("WATCHDOG_PID", pid, 1);
	EXPECT_EQ(3000000, sdn_watchdog_usec());
	snprintf(pid, sizeof(pid), "%d", getpid() + 1);
	setenv("WATCHDOG_PID", pid, 1);
	EXPECT_EQ(0, sdn_watchdog_usec());
	unsetenv("WATCHDOG_PID");
	setenv("WATCHDOG_USEC", "soon", 1);
	EXPECT_EQ(0, sdn_watchdog_usec());
}

TEST(stderr_is_the_journal_stream)
{
	struct stat st;
	char s[64];

	ASSERT_EQ(0, fstat(STDERR_FILENO, &st));
	snprintf(s, sizeof(s), "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino);
	setenv("JOURNAL_STREAM", s, 1);
	EXPECT_TRUE(sdn_stderr_is_journal());
	snprintf(s, sizeof(s), "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino + 1);
	setenv("JOURNAL_STREAM", s, 1);
	EXPECT_FALSE(sdn_stderr_is_journal());
	unsetenv("JOURNAL_STREAM");
	EXPECT_FALSE(sdn_stderr_is_journal());
}

TEST_F(sock, journal_entries_as_structured_fields)
{
	struct jnl_entry rec = { .index = 41, .type = JNL_RECORD, .cci = 3, .seq = 17 };
	struct jnl_entry gap = { .index = 42, .type = JNL_GAP, .gap = JNL_GAP_RESTART,
				 .cci = 3, .seq = 18, .size = 5 };
	struct jnl_entry start = { .index = 43, .type = JNL_START };
	struct sdj *s;
	char buf[1024];

	rec.ev.record.log = 2;
	rec.ev.record.handle = 0x1234;
	rec.ev.record.flags = 0x100 | 2;	/* severity: failure */
	ASSERT_EQ(0, sdj_open(self->path, &s));
	ASSERT_EQ(0, sdj_send(s, &rec));
	ASSERT_LT(0, take(self->fd, buf, sizeof(buf)));
	EXPECT_STREQ("MESSAGE=CCI 3 seq 17: event record, log 2, handle 0x1234\n"
		     "PRIORITY=3\nSYSLOG_IDENTIFIER=cxlfmd\nCXLFM_INDEX=41\n"
		     "CXLFM_TYPE=record\nCXLFM_CCI=3\nCXLFM_SEQ=17\nCXLFM_LOG=2\n"
		     "CXLFM_SEVERITY=2\n", buf);
	ASSERT_EQ(0, sdj_send(s, &gap));
	ASSERT_LT(0, take(self->fd, buf, sizeof(buf)));
	EXPECT_STREQ("MESSAGE=CCI 3: 5 events lost from sequence 18 (restart)\n"
		     "PRIORITY=4\nSYSLOG_IDENTIFIER=cxlfmd\nCXLFM_INDEX=42\n"
		     "CXLFM_TYPE=gap\nCXLFM_CCI=3\nCXLFM_SEQ=18\nCXLFM_LOST=5\n"
		     "CXLFM_GAP=restart\n", buf);
	ASSERT_EQ(0, sdj_send(s, &start));
	ASSERT_LT(0, take(self->fd, buf, sizeof(buf)));
	EXPECT_STREQ("MESSAGE=cxlfmd-start\nPRIORITY=5\nSYSLOG_IDENTIFIER=cxlfmd\n"
		     "CXLFM_INDEX=43\nCXLFM_TYPE=cxlfmd-start\n", buf);
	sdj_close(s);
}

TEST(record_severity_to_priority)
{
	struct jnl_entry e = { .type = JNL_RECORD };
	static const int want[] = { LOG_INFO, LOG_WARNING, LOG_ERR, LOG_CRIT };
	unsigned int sev;

	for (sev = 0; sev < 4; sev++) {
		e.ev.record.flags = sev;
		EXPECT_EQ(want[sev], sdj_priority(&e));
	}
	e.type = JNL_LOG_OVERFLOW;
	EXPECT_EQ(LOG_WARNING, sdj_priority(&e));
}

TEST_HARNESS_MAIN
