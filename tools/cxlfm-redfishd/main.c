// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm-redfishd: a Redfish service for the CXL switches cxlfm owns.
 *
 * Two processes (Documentation/redfish.md): the parent keeps CAP_SYS_ADMIN
 * only and is the broker, the one caller of libcxlfm; the child parses the
 * network's input with no capability, as an unprivileged user, and asks
 * the broker over a socketpair.  Files that need privileges (the TLS key,
 * the password file) are read before the split.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <linux/capability.h>
#include <netdb.h>
#include <pthread.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "events.h"
#include "http.h"
#include "remote.h"
#include "rf.h"
#include "subs_store.h"

/* connections waiting for accept(); the kernel caps it at net.core.somaxconn */
#define RF_LISTEN_BACKLOG	1024

int broker_fd = -1;
static int broker_sock = -1;		/* the broker's end, for stop_network() */
static int subs_fd = -1;		/* --subscriptions, opened before the split */
static const char *subs_path;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cxlfm-redfishd --cert FILE --key FILE [options]\n"
		"       cxlfm-redfishd --hash-password[=yescrypt|=sha512] < password\n"
		"  -l, --listen [HOST:]PORT   address to serve HTTPS on (default 8443, every address)\n"
		"  -c, --cert FILE            TLS certificate chain (PEM)\n"
		"  -k, --key FILE             TLS private key (PEM)\n"
		"  -p, --passwd FILE          accounts: user:role:crypt-hash (default /etc/cxlfm/redfish.passwd)\n"
		"  -u, --user NAME            user the network process runs as (default nobody)\n"
		"      --max-body BYTES       largest request body (default 65536)\n"
		"      --rate N               requests per second and client address (default 50, 0: no bound)\n"
		"      --burst N              requests a client may send at once (default 200)\n"
		"      --max-conns N          simultaneous connections (default 256)\n"
		"      --session-timeout S    idle seconds before a session ends (default 1800)\n"
		"      --event-ca FILE        CA certificates that push destinations are checked\n"
		"                             against (PEM; default the system's trust store)\n"
		"      --retry-interval S     seconds between push delivery attempts (default 5)\n"
		"      --subscriptions FILE   keep the event subscriptions in FILE across restarts\n"
		"                             (opened before privileges are dropped; default:\n"
		"                             in memory only)\n"
		"      --event-feed FIFO      tests: read events as text lines from FIFO instead\n"
		"                             of the cxlfm events group\n"
		"      --netns PATH           serve and connect in this network namespace (e.g.\n"
		"                             /run/netns/NAME); netlink stays in the daemon's\n"
		"                             own (the cxlfm family is not per namespace)\n"
		"  the host side of a remote FM:\n"
		"      --remote URL           follow the events of the Redfish service at\n"
		"                             https://HOST[:PORT] and report its changes to cxlfm\n"
		"      --remote-auth FILE     its account: one line USER:PASSWORD\n"
		"      --remote-ca FILE       CA certificates its certificate is checked against\n"
		"                             (PEM; default the system's trust store)\n"
		"      --map FABRIC/SWITCH/VCS[/VPPB]=CCI/VCS[/VPPB]\n"
		"                             a remote vPPB (or every vPPB of a remote VCS) that\n"
		"                             stands for this host's CCI, VCS and vPPB; repeat\n");
}

static char *slurp(const char *path, size_t max)
{
	FILE *f = fopen(path, "re");
	char *buf;
	size_t n;

	if (!f) {
		fprintf(stderr, "cxlfm-redfishd: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	buf = calloc(1, max + 1);
	n = buf ? fread(buf, 1, max, f) : 0;
	fclose(f);
	if (!buf || !n || n == max) {
		fprintf(stderr, "cxlfm-redfishd: %s: empty or larger than %zu bytes\n", path, max);
		free(buf);
		return NULL;
	}
	return buf;
}

static int listen_on(const char *spec)
{
	struct addrinfo hints = { .ai_flags = AI_PASSIVE, .ai_socktype = SOCK_STREAM }, *ai, *a;
	char host[256] = "", *port;
	int fd = -1, one = 1, rc;

	snprintf(host, sizeof(host), "%s", spec);
	port = strrchr(host, ':');
	if (port) {
		*port++ = 0;
		if (host[0] == '[' && host[strlen(host) - 1] == ']') {
			memmove(host, host + 1, strlen(host));
			host[strlen(host) - 1] = 0;
		}
	} else {
		port = host;
	}
	rc = getaddrinfo(port == host ? NULL : host, port, &hints, &ai);
	if (rc) {
		fprintf(stderr, "cxlfm-redfishd: %s: %s\n", spec, gai_strerror(rc));
		return -1;
	}
	for (a = ai; a; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		/* A deep queue: a burst of clients beyond --max-conns waits
		 * there for a slot, not in SYN retries of 1, 3, 7 s. */
		if (!bind(fd, a->ai_addr, a->ai_addrlen) && !listen(fd, RF_LISTEN_BACKLOG))
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0)
		fprintf(stderr, "cxlfm-redfishd: cannot listen on %s: %s\n", spec, strerror(errno));
	return fd;
}

/* Keep only the capabilities in @keep (a CAP_* bit mask of the first word). */
static int caps_limit(uint32_t keep)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { { 0 } };

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[0].effective &= keep;
	d[0].permitted &= keep;
	d[0].inheritable = 0;
	d[1].effective = d[1].permitted = d[1].inheritable = 0;
	return syscall(SYS_capset, &h, d) ? -1 : 0;
}

static int caps_none(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { { 0 } };

	if (caps_limit(0) || syscall(SYS_capget, &h, d))
		return -1;
	return d[0].effective | d[0].permitted | d[1].effective | d[1].permitted ? -1 : 0;
}

/* The network process: no capability, an unprivileged user, no way back. */
static int drop_privileges(const struct passwd *pw, pid_t broker)
{
	if (geteuid() == 0) {
		if (!pw || setgroups(0, NULL) || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) ||
		    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid))
			return -1;
	}
	if (caps_none() || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	/* After the change of user, which clears it; the broker may be gone. */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) || getppid() != broker)
		return -1;
	return 0;
}

/* Events from the broker, checked before use, into the EventService. */
static int read_events(int evfd)
{
	struct rf_event e;
	ssize_t n;

	for (;;) {
		n = recv(evfd, &e, sizeof(e), MSG_DONTWAIT | MSG_TRUNC);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		if (n == 0)
			return -1;
		if (n != (ssize_t)sizeof(e) || e.magic != RF_EVENT_MAGIC)
			continue;	/* not one of ours: ignored */
		events_feed(&e);
	}
}

struct rf_remote_opts {
	const char *url;
	char *auth_header;
	gnutls_certificate_credentials_t cred;
};

/*
 * The broker's SIGTERM and SIGINT end the network process first: the
 * broker shuts its end of their socket down (it may not signal a process
 * of another user: it kept no CAP_KILL), the network process sees that
 * and stops, and broker_run() returns at the end of the socket.  So once
 * the daemon's first process has exited, nothing of it listens any more:
 * a restart can bind the port at once.
 */
static void stop_network(int sig)
{
	(void)sig;
	shutdown(broker_sock, SHUT_RDWR);
}

static time_t mono_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static int run_network(int fd, int evfd, struct rf_http_opts *o, const struct passwd *pw,
		       pid_t broker, gnutls_certificate_credentials_t cred,
		       const struct rf_remote_opts *ro)
{
	time_t last_event = mono_seconds(), last_reap = last_event;
	struct MHD_Daemon *d;
	struct pollfd fds[3];
	sigset_t set;
	int sig;

	broker_fd = fd;
	if (drop_privileges(pw, broker)) {
		fprintf(stderr, "cxlfm-redfishd: cannot drop privileges: %s\n", strerror(errno));
		return 1;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (subs_fd >= 0 && events_restore(subs_fd, subs_path))
		return 1;
	if (events_start(cred)) {
		fprintf(stderr, "cxlfm-redfishd: cannot start the push workers\n");
		return 1;
	}
	d = http_start(o);
	if (!d) {
		fprintf(stderr, "cxlfm-redfishd: cannot start the HTTPS server\n");
		return 1;
	}
	if (ro->url && remote_start(ro->url, ro->auth_header, ro->cred)) {
		fprintf(stderr, "cxlfm-redfishd: cannot follow %s\n", ro->url);
		return 1;
	}
	fprintf(stderr, "cxlfm-redfishd: serving\n");
	/* Until a signal, or the broker's end of the socket closes. */
	fds[0].fd = signalfd(-1, &set, SFD_CLOEXEC);
	fds[0].events = POLLIN;
	fds[1].fd = fd;
	fds[1].events = POLLRDHUP;
	fds[2].fd = evfd;
	fds[2].events = POLLIN;
	/* This thread reads the broker's events; every second it ends the
	 * SSE streams whose client left, and after 15 s without an event the
	 * streams get a keep-alive. */
	while (fds[0].fd >= 0) {
		int rc = poll(fds, 3, 1000);
		time_t now = mono_seconds();

		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0 || fds[0].revents || (fds[1].revents & (POLLRDHUP | POLLHUP | POLLERR)))
			break;
		if (now != last_reap) {
			events_reap();
			last_reap = now;
		}
		if (now - last_event >= 15) {
			events_tick();
			last_event = now;
		}
		if (fds[2].revents) {
			last_event = now;
			if (read_events(evfd))
				fds[2].fd = -1;
		}
	}
	if (fds[0].fd < 0)
		sigwait(&set, &sig);
	events_stop();
	http_stop(d);
	return 0;
}

static int hash_password(const char *method)
{
	char line[512], *h;

	if (method && strcmp(method, "sha512") && strcmp(method, "yescrypt")) {
		fprintf(stderr, "cxlfm-redfishd: --hash-password=%s: yescrypt or sha512\n",
			method);
		return 2;
	}
	if (!fgets(line, sizeof(line), stdin)) {
		fprintf(stderr, "cxlfm-redfishd: no password on standard input\n");
		return 1;
	}
	line[strcspn(line, "\r\n")] = 0;
	h = auth_hash(line, method && !strcmp(method, "sha512") ? "$6$" : "$y$");
	explicit_bzero(line, sizeof(line));
	if (!h) {
		fprintf(stderr, "cxlfm-redfishd: hashing failed\n");
		return 1;
	}
	printf("%s\n", h);
	free(h);
	return 0;
}

enum { O_MAX_BODY = 256, O_RATE, O_BURST, O_MAX_CONNS, O_SESSION_TIMEOUT, O_HASH,
       O_EVENT_CA, O_RETRY, O_FEED, O_NETNS, O_REMOTE, O_REMOTE_AUTH, O_REMOTE_CA, O_MAP,
       O_SUBS };

/* "Authorization: Basic <base64 of USER:PASSWORD>\r\n" from @path's first line. */
static char *remote_auth(const char *path)
{
	gnutls_datum_t in, out = { 0 };
	char *line, *hdr = NULL;
	size_t n;

	line = slurp(path, 1024);
	if (!line)
		return NULL;
	line[strcspn(line, "\r\n")] = 0;
	if (!strchr(line, ':')) {
		fprintf(stderr, "cxlfm-redfishd: %s: want one line USER:PASSWORD\n", path);
		goto out;
	}
	in.data = (unsigned char *)line;
	in.size = strlen(line);
	if (gnutls_base64_encode2(&in, &out) < 0)
		goto out;
	n = out.size + 40;
	hdr = malloc(n);
	if (hdr)
		snprintf(hdr, n, "Authorization: Basic %.*s\r\n", (int)out.size, out.data);
	explicit_bzero(out.data, out.size);
	gnutls_free(out.data);
out:
	explicit_bzero(line, strlen(line));
	free(line);
	return hdr;
}

static int trust_store(gnutls_certificate_credentials_t *cred, const char *ca)
{
	if (gnutls_certificate_allocate_credentials(cred) ||
	    (ca ? gnutls_certificate_set_x509_trust_file(*cred, ca, GNUTLS_X509_FMT_PEM) :
		  gnutls_certificate_set_x509_system_trust(*cred)) < 0) {
		fprintf(stderr, "cxlfm-redfishd: cannot load the CA certificates %s\n",
			ca ? ca : "of the system");
		return -1;
	}
	return 0;
}

static unsigned long num_arg(const char *name, const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s || v > max || *s == '-') {
		fprintf(stderr, "cxlfm-redfishd: --%s: '%s' is not a number up to %lu\n", name, s, max);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "cert", required_argument, NULL, 'c' },
		{ "key", required_argument, NULL, 'k' },
		{ "passwd", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' },
		{ "max-body", required_argument, NULL, O_MAX_BODY },
		{ "rate", required_argument, NULL, O_RATE },
		{ "burst", required_argument, NULL, O_BURST },
		{ "max-conns", required_argument, NULL, O_MAX_CONNS },
		{ "session-timeout", required_argument, NULL, O_SESSION_TIMEOUT },
		{ "hash-password", optional_argument, NULL, O_HASH },
		{ "event-ca", required_argument, NULL, O_EVENT_CA },
		{ "retry-interval", required_argument, NULL, O_RETRY },
		{ "event-feed", required_argument, NULL, O_FEED },
		{ "netns", required_argument, NULL, O_NETNS },
		{ "remote", required_argument, NULL, O_REMOTE },
		{ "remote-auth", required_argument, NULL, O_REMOTE_AUTH },
		{ "remote-ca", required_argument, NULL, O_REMOTE_CA },
		{ "map", required_argument, NULL, O_MAP },
		{ "subscriptions", required_argument, NULL, O_SUBS },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *listen_spec = "8443", *cert = NULL, *key = NULL;
	const char *passwd = "/etc/cxlfm/redfish.passwd", *user = "nobody";
	const char *event_ca = NULL, *feed = NULL, *netns = NULL;
	const char *remote_auth_file = NULL, *remote_ca = NULL;
	struct rf_remote_opts ro = { 0 };
	struct sigaction sa = { 0 };
	int ns_fd = -1, own_ns = -1;
	gnutls_certificate_credentials_t cred;
	int ev[2];
	struct rf_http_opts o = { .max_body = 65536, .max_conns = 256, .conn_timeout = 30 };
	struct passwd *pw = NULL;
	int sv[2], c, status, bufsz = 2 * RF_RSP_MAX;
	char err[512];
	pid_t pid, parent;

	while ((c = getopt_long(argc, argv, "l:c:k:p:u:h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': listen_spec = optarg; break;
		case 'c': cert = optarg; break;
		case 'k': key = optarg; break;
		case 'p': passwd = optarg; break;
		case 'u': user = optarg; break;
		case O_MAX_BODY: o.max_body = num_arg("max-body", optarg, 16 << 20); break;
		case O_RATE: rate_per_sec = num_arg("rate", optarg, 1000000); break;
		case O_BURST: rate_burst = num_arg("burst", optarg, 1000000); break;
		case O_MAX_CONNS: o.max_conns = num_arg("max-conns", optarg, 65536); break;
		case O_SESSION_TIMEOUT: session_timeout = num_arg("session-timeout", optarg, 86400); break;
		case O_HASH: return hash_password(optarg);
		case O_EVENT_CA: event_ca = optarg; break;
		case O_RETRY: retry_interval = num_arg("retry-interval", optarg, 3600); break;
		case O_FEED: feed = optarg; break;
		case O_NETNS: netns = optarg; break;
		case O_REMOTE: ro.url = optarg; break;
		case O_REMOTE_AUTH: remote_auth_file = optarg; break;
		case O_REMOTE_CA: remote_ca = optarg; break;
		case O_SUBS: subs_path = optarg; break;
		case O_MAP:
			if (remote_map_parse(optarg, err, sizeof(err))) {
				fprintf(stderr, "cxlfm-redfishd: %s\n", err);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc || !cert || !key) {
		usage(stderr);
		return 2;
	}
	if (rate_burst < 1)
		rate_burst = 1;
	if (ro.url && (!push_url_valid(ro.url) || !remote_auth_file || !rf_nr_maps)) {
		fprintf(stderr, "cxlfm-redfishd: --remote needs an https:// URL, --remote-auth "
			"and at least one --map\n");
		return 2;
	}
	if (!ro.url && (remote_auth_file || remote_ca || rf_nr_maps)) {
		fprintf(stderr, "cxlfm-redfishd: --remote-auth, --remote-ca and --map need --remote\n");
		return 2;
	}
	/* Everything that needs the caller's privileges, before the split. */
	if (auth_load(passwd, err, sizeof(err))) {
		fprintf(stderr, "cxlfm-redfishd: %s\n", err);
		return 1;
	}
	o.cert_pem = slurp(cert, 1 << 20);
	o.key_pem = slurp(key, 1 << 20);
	if (!o.cert_pem || !o.key_pem)
		return 1;
	if (geteuid() == 0 && !(pw = getpwnam(user))) {
		fprintf(stderr, "cxlfm-redfishd: no user '%s' to run the network process as\n", user);
		return 1;
	}
	if (subs_path && (subs_fd = subs_store_open(subs_path)) < 0) {
		fprintf(stderr, "cxlfm-redfishd: --subscriptions %s: %s\n", subs_path,
			errno == EILSEQ ? "not a subscriptions file (left as it is)" : strerror(errno));
		return 1;
	}
	/* The trust stores and the remote account, loaded while files are readable. */
	if (trust_store(&cred, event_ca))
		return 1;
	if (ro.url && (trust_store(&ro.cred, remote_ca) ||
		       !(ro.auth_header = remote_auth(remote_auth_file))))
		return 1;
	/*
	 * --netns: the listening socket and the network process live in that
	 * namespace; the broker goes back to the daemon's own before it opens
	 * netlink (the cxlfm family is in the initial namespace only).
	 */
	if (netns) {
		ns_fd = open(netns, O_RDONLY | O_CLOEXEC);
		own_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (ns_fd < 0 || own_ns < 0 || setns(ns_fd, CLONE_NEWNET)) {
			fprintf(stderr, "cxlfm-redfishd: --netns %s: %s\n", netns, strerror(errno));
			return 1;
		}
		close(ns_fd);
	}
	o.listen_fd = listen_on(listen_spec);
	if (o.listen_fd < 0)
		return 1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		perror("cxlfm-redfishd: socketpair");
		return 1;
	}
	/* Events: broker to network process only. */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ev)) {
		perror("cxlfm-redfishd: socketpair");
		return 1;
	}
	shutdown(ev[0], SHUT_RD);
	shutdown(ev[1], SHUT_WR);
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &bufsz, sizeof(bufsz));
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof(bufsz));
	signal(SIGPIPE, SIG_IGN);
	parent = getpid();
	pid = fork();
	if (pid < 0) {
		perror("cxlfm-redfishd: fork");
		return 1;
	}
	if (pid == 0) {
		close(sv[0]);
		close(ev[0]);
		_exit(run_network(sv[1], ev[1], &o, pw, parent, cred, &ro));
	}
	if (own_ns >= 0 && setns(own_ns, CLONE_NEWNET)) {
		perror("cxlfm-redfishd: back to the daemon's network namespace");
		kill(pid, SIGTERM);
		return 1;
	}
	/* The broker: nothing of the network's, CAP_SYS_ADMIN alone. */
	close(sv[1]);
	close(ev[1]);
	close(o.listen_fd);
	if (subs_fd >= 0) {
		close(subs_fd);
		free(subs_store_load());
	}
	gnutls_certificate_free_credentials(cred);
	if (ro.url) {
		gnutls_certificate_free_credentials(ro.cred);
		explicit_bzero(ro.auth_header, strlen(ro.auth_header));
	}
	explicit_bzero((char *)o.key_pem, strlen(o.key_pem));
	if (caps_limit(1u << CAP_SYS_ADMIN) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		fprintf(stderr, "cxlfm-redfishd: broker: cannot limit capabilities: %s\n",
			strerror(errno));
	broker_sock = sv[0];
	sa.sa_handler = stop_network;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);	/* no reload: a hang-up stops it as these do */
	broker_run(sv[0], ev[0], feed);
	kill(pid, SIGTERM);
	if (waitpid(pid, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
