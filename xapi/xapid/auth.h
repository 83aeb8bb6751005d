/* SPDX-License-Identifier: MIT */
/*
 * Users, passwords and bearer tokens.
 *
 * Users live in one file of mode 0600, one line each:
 *     NAME:ROLE:ITERATIONS:SALT_HEX:HASH_HEX
 * where HASH is PBKDF2-HMAC-SHA256 (OpenSSL) of the password with a random
 * 16-byte salt.  ROLE is "admin" or "read-only".
 *
 * A login returns a token (32 random bytes, hex) that names a session:
 * REST clients send it as "Authorization: Bearer TOKEN", XenAPI clients get
 * the same token as their session reference.  A session expires after
 * ttl seconds without use.  Limits: sessions per user (the oldest is
 * dropped), and failed logins per user name and per client address (after
 * AUTH_FAIL_MAX failures in AUTH_FAIL_WINDOW seconds, logins are refused
 * with -EAGAIN until the window passes).
 */
#ifndef XAPID_AUTH_H
#define XAPID_AUTH_H

#include <stddef.h>
#include <time.h>

#define AUTH_NAME_MAX 32
#define AUTH_TOKEN_LEN 64
#define AUTH_FAIL_MAX 5
#define AUTH_FAIL_WINDOW 60

enum auth_role { AUTH_READ_ONLY, AUTH_ADMIN };

/* A live session, as auth_check() returns it (owned by auth). */
struct auth_session {
	char token[AUTH_TOKEN_LEN + 1];
	char user[AUTH_NAME_MAX + 1];
	enum auth_role role;
	time_t last_used;
	unsigned long use; /* order of last use: the least recent goes first */
	struct auth_session *next;
};

/* Limits, set once before use (auth_init copies them). */
struct auth_limits {
	unsigned ttl;		   /* seconds of idleness before expiry */
	unsigned sessions_per_user; /* oldest dropped past this */
};

/* Role names as the users file and the API spell them. */
const char *auth_role_name(enum auth_role r);
/* Parses a role name; 0 or -EINVAL. */
int auth_role_parse(const char *s, enum auth_role *out);

/* Remembers the users file and the limits.  0 or -errno. */
int auth_init(const char *users_path, const struct auth_limits *lim);

/*
 * Adds (or, with replace, changes) user name with password and role in the
 * users file.  -EEXIST if the user exists and !replace, -ENOENT if replace
 * and it does not, -EINVAL for a bad name (1..32 of [A-Za-z0-9_.-]) or an
 * empty password.
 */
int auth_user_set(const char *name, const char *password, enum auth_role role,
		  int replace);
/* Changes only the password of an existing user: 0, -ENOENT, -errno. */
int auth_user_passwd(const char *name, const char *password);
/* Removes a user (and its sessions): 0, -ENOENT, -errno. */
int auth_user_del(const char *name);
/* Number of users in the file, or -errno. */
int auth_user_count(void);

/*
 * Checks name and password from client address addr.  On success creates a
 * session and copies its token to token_out (AUTH_TOKEN_LEN + 1 bytes).
 * Returns 0, -EACCES for a wrong name or password, -EAGAIN when failed
 * logins for this name or address are over the limit, -errno otherwise.
 */
int auth_login(const char *name, const char *password, const char *addr,
	       char *token_out);
/* Ends the session of token: 0 or -ENOENT. */
int auth_logout(const char *token);
/* Finds the live session of token (refreshing its idle time), or NULL. */
const struct auth_session *auth_check(const char *token);
/* Number of live sessions (metrics). */
size_t auth_session_count(void);
/* Drops every session and failure record (at exit, so leaks show). */
void auth_fini(void);

#endif
