// SPDX-License-Identifier: GPL-2.0
/*
 * Accounts and sessions.  The password file is read once, before the
 * network process gives up its privileges (it may be readable by root
 * only); hashes are crypt(3) strings, so the file holds no password.
 */
#include <crypt.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "auth.h"

static struct rf_user users[RF_MAX_USERS];
static unsigned int nr_users;
static struct rf_session sessions[RF_MAX_SESSIONS];
static unsigned int next_session_id = 1;
unsigned int session_timeout = 1800;
unsigned int rate_per_sec = 50, rate_burst = 200;

static const char *const role_names[] = {
	[RF_ROLE_READONLY] = "ReadOnly",
	[RF_ROLE_OPERATOR] = "Operator",
	[RF_ROLE_ADMIN] = "Administrator",
};

const char *auth_role_name(enum rf_role r)
{
	return r >= RF_ROLE_READONLY && r <= RF_ROLE_ADMIN ? role_names[r] : "None";
}

int auth_role_parse(const char *s, enum rf_role *r)
{
	int i;

	for (i = RF_ROLE_READONLY; i <= RF_ROLE_ADMIN; i++)
		if (!strcmp(s, role_names[i])) {
			*r = i;
			return 0;
		}
	return -EINVAL;
}

int auth_load(const char *path, char *err, size_t errlen)
{
	char line[512], *user, *role, *hash, *save;
	unsigned int lineno = 0;
	FILE *f = fopen(path, "re");

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	nr_users = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f))
			goto bad;
		line[strcspn(line, "\r\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		user = strtok_r(line, ":", &save);
		role = strtok_r(NULL, ":", &save);
		hash = strtok_r(NULL, "", &save);
		if (!user || !role || !hash || strlen(user) >= RF_NAME_MAX ||
		    strlen(hash) >= sizeof(users[0].hash) || hash[0] != '$' ||
		    nr_users == RF_MAX_USERS)
			goto bad;
		if (auth_role_parse(role, &users[nr_users].role))
			goto bad;
		strcpy(users[nr_users].name, user);
		strcpy(users[nr_users].hash, hash);
		nr_users++;
	}
	fclose(f);
	return 0;
bad:
	snprintf(err, errlen, "%s:%u: want user:ReadOnly|Operator|Administrator:$crypt-hash",
		 path, lineno);
	fclose(f);
	return -EINVAL;
}

/* Equal strings, in a time that does not depend on where they differ. */
static int same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = la != lb;

	for (i = 0; i < la && i < lb; i++)
		d |= a[i] ^ b[i];
	return !d;
}

enum rf_role auth_check(const char *user, const char *password)
{
	struct crypt_data cd;
	const char *h;
	unsigned int i;

	for (i = 0; i < nr_users; i++) {
		if (strcmp(users[i].name, user))
			continue;
		memset(&cd, 0, sizeof(cd));
		h = crypt_r(password, users[i].hash, &cd);
		if (h && h[0] == '$' && same(h, users[i].hash))
			return users[i].role;
		return RF_ROLE_NONE;
	}
	/* An unknown user costs a hash too: no user enumeration by timing. */
	if (nr_users) {
		memset(&cd, 0, sizeof(cd));
		crypt_r(password, users[0].hash, &cd);
	}
	return RF_ROLE_NONE;
}

char *auth_hash(const char *password, const char *prefix)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data cd;
	const char *h;

	if (!crypt_gensalt_rn(prefix, 0, NULL, 0, salt, sizeof(salt)))
		return NULL;
	memset(&cd, 0, sizeof(cd));
	h = crypt_r(password, salt, &cd);
	return h && h[0] == '$' ? strdup(h) : NULL;
}

static void expire(void)
{
	time_t now = time(NULL);
	unsigned int i;

	for (i = 0; i < RF_MAX_SESSIONS; i++)
		if (sessions[i].id && now - sessions[i].last_used > (time_t)session_timeout)
			session_end(&sessions[i]);
}

struct rf_session *session_new(const char *user, enum rf_role role)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char rnd[RF_TOKEN_LEN / 2];
	struct rf_session *s = NULL;
	unsigned int i;

	expire();
	for (i = 0; i < RF_MAX_SESSIONS && !s; i++)
		if (!sessions[i].id)
			s = &sessions[i];
	if (!s || getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return NULL;
	for (i = 0; i < sizeof(rnd); i++) {
		s->token[2 * i] = hex[rnd[i] >> 4];
		s->token[2 * i + 1] = hex[rnd[i] & 15];
	}
	s->token[RF_TOKEN_LEN] = 0;
	snprintf(s->user, sizeof(s->user), "%s", user);
	s->role = role;
	s->created = s->last_used = time(NULL);
	s->id = next_session_id++;
	return s;
}

struct rf_session *session_by_token(const char *token)
{
	unsigned int i;

	expire();
	if (strlen(token) != RF_TOKEN_LEN)
		return NULL;
	for (i = 0; i < RF_MAX_SESSIONS; i++)
		if (sessions[i].id && same(sessions[i].token, token)) {
			sessions[i].last_used = time(NULL);
			return &sessions[i];
		}
	return NULL;
}

struct rf_session *session_by_id(unsigned int id)
{
	unsigned int i;

	expire();
	for (i = 0; i < RF_MAX_SESSIONS; i++)
		if (id && sessions[i].id == id)
			return &sessions[i];
	return NULL;
}

void session_end(struct rf_session *s)
{
	memset(s, 0, sizeof(*s));
}

struct rf_session *session_next(unsigned int *i)
{
	while (*i < RF_MAX_SESSIONS) {
		struct rf_session *s = &sessions[(*i)++];

		if (s->id)
			return s;
	}
	return NULL;
}

/*
 * Token buckets of the last clients, by address: a client that comes back
 * finds its bucket; a table full of others gives up its oldest one.
 */
#define RATE_SLOTS 1024
static struct {
	unsigned char addr[16];
	double tokens;
	struct timespec last;
	int used;
} buckets[RATE_SLOTS];

unsigned int rate_take(const struct sockaddr *sa)
{
	unsigned char addr[16] = { 0 };
	unsigned int i, slot = RATE_SLOTS, oldest = 0;
	struct timespec now;
	double dt;

	if (!rate_per_sec)
		return 0;
	if (sa && sa->sa_family == AF_INET)
		memcpy(addr, &((const struct sockaddr_in *)sa)->sin_addr, 4);
	else if (sa && sa->sa_family == AF_INET6)
		memcpy(addr, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	clock_gettime(CLOCK_MONOTONIC, &now);
	for (i = 0; i < RATE_SLOTS; i++) {
		if (buckets[i].used && !memcmp(buckets[i].addr, addr, 16)) {
			slot = i;
			break;
		}
		if (!buckets[i].used || buckets[i].last.tv_sec < buckets[oldest].last.tv_sec)
			oldest = i;
	}
	if (slot == RATE_SLOTS) {
		slot = oldest;
		memcpy(buckets[slot].addr, addr, 16);
		buckets[slot].tokens = rate_burst;
		buckets[slot].last = now;
		buckets[slot].used = 1;
	}
	dt = (now.tv_sec - buckets[slot].last.tv_sec) +
	     (now.tv_nsec - buckets[slot].last.tv_nsec) / 1e9;
	buckets[slot].last = now;
	buckets[slot].tokens += dt * rate_per_sec;
	if (buckets[slot].tokens > rate_burst)
		buckets[slot].tokens = rate_burst;
	if (buckets[slot].tokens < 1)
		return 1 + (unsigned int)((1 - buckets[slot].tokens) / rate_per_sec);
	buckets[slot].tokens -= 1;
	return 0;
}
