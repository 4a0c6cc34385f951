/* SPDX-License-Identifier: GPL-2.0 */
/* Accounts (a password file of crypt(3) hashes), sessions, rate bounds. */
#ifndef RF_AUTH_H
#define RF_AUTH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <sys/socket.h>

#include "proto.h"

#define RF_MAX_USERS		64
#define RF_MAX_SESSIONS		64
#define RF_NAME_MAX		64
#define RF_TOKEN_LEN		64	/* hex digits */

struct rf_user {
	char name[RF_NAME_MAX];
	char hash[256];
	enum rf_role role;
};

struct rf_session {
	unsigned int id;		/* 0: free slot */
	char token[RF_TOKEN_LEN + 1];
	char user[RF_NAME_MAX];
	enum rf_role role;
	time_t created;
	time_t last_used;
};

/* Read the password file: "user:role:hash" lines, '#' comments. */
int auth_load(const char *path, char *err, size_t errlen);
/* The role of @user if @password matches its hash, else RF_ROLE_NONE. */
enum rf_role auth_check(const char *user, const char *password);
const char *auth_role_name(enum rf_role r);
int auth_role_parse(const char *s, enum rf_role *r);

extern unsigned int session_timeout;	/* seconds idle */
struct rf_session *session_new(const char *user, enum rf_role role);
struct rf_session *session_by_token(const char *token);
struct rf_session *session_by_id(unsigned int id);
void session_end(struct rf_session *s);
/* Walk: @i from 0; NULL after the last live session. */
struct rf_session *session_next(unsigned int *i);

/* Per-client token bucket: 0 if the request may go on, else seconds to wait. */
extern unsigned int rate_per_sec, rate_burst;
unsigned int rate_take(const struct sockaddr *sa);

/* A new hash of @password (yescrypt, else SHA-512 crypt); NULL on failure. */
char *auth_hash(const char *password, const char *prefix);

#endif
