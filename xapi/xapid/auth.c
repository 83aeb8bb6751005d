// SPDX-License-Identifier: MIT
// Users (PBKDF2 hashes in a 0600 file), sessions and login rate limits.
#include "auth.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define SALT_LEN 16
#define HASH_LEN 32
#define ITERATIONS 60000
#define FAIL_RECORDS_MAX 4096
#define LINE_MAX_LEN 512

struct user {
	char name[AUTH_NAME_MAX + 1];
	enum auth_role role;
	unsigned iterations;
	unsigned char salt[SALT_LEN];
	unsigned char hash[HASH_LEN];
};

struct failure {
	char key[AUTH_NAME_MAX + 72]; /* "u:NAME" or "a:ADDRESS" */
	unsigned count;
	time_t start;
	struct failure *next;
};

static char *users_path;
static struct auth_limits limits;
static struct auth_session *sessions;
static struct failure *failures;
static size_t nfailures;
static unsigned long uses;

static const char *const role_names[] = { [AUTH_READ_ONLY] = "read-only",
					  [AUTH_ADMIN] = "admin" };

const char *auth_role_name(enum auth_role r)
{
	return r == AUTH_ADMIN ? role_names[AUTH_ADMIN]
			       : role_names[AUTH_READ_ONLY];
}

int auth_role_parse(const char *s, enum auth_role *out)
{
	for (unsigned i = 0; i < 2; i++)
		if (!strcmp(s, role_names[i])) {
			*out = i;
			return 0;
		}
	return -EINVAL;
}

int auth_init(const char *path, const struct auth_limits *lim)
{
	free(users_path);
	users_path = strdup(path);
	if (!users_path)
		return -ENOMEM;
	limits = *lim;
	return 0;
}

static int valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > AUTH_NAME_MAX)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' ||
		      *s == '-'))
			return 0;
	return 1;
}

static void to_hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = 0;
}

static int from_hex(const char *s, unsigned char *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -EINVAL;
		out[i] = (unsigned char)v;
	}
	return 0;
}

static int parse_user(char *line, struct user *u)
{
	char *f[5], *save = NULL;
	char *end;
	unsigned long it;

	line[strcspn(line, "\n")] = 0;
	for (int i = 0; i < 5; i++) {
		f[i] = strtok_r(i ? NULL : line, ":", &save);
		if (!f[i])
			return -EINVAL;
	}
	it = strtoul(f[2], &end, 10);
	if (!valid_name(f[0]) || auth_role_parse(f[1], &u->role) || *end ||
	    it == 0 || it > 10000000 || from_hex(f[3], u->salt, SALT_LEN) ||
	    from_hex(f[4], u->hash, HASH_LEN))
		return -EINVAL;
	strcpy(u->name, f[0]);
	u->iterations = (unsigned)it;
	return 0;
}

/* Reads every user; *out is malloc'd.  A missing file has no users. */
static int read_users(struct user **out, size_t *n)
{
	FILE *f = fopen(users_path, "r");
	char line[LINE_MAX_LEN];
	struct user *arr = NULL;
	size_t count = 0;

	*out = NULL;
	*n = 0;
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (fgets(line, sizeof(line), f)) {
		struct user *t = realloc(arr, (count + 1) * sizeof(*arr));

		if (!t) {
			free(arr);
			fclose(f);
			return -ENOMEM;
		}
		arr = t;
		if (parse_user(line, &arr[count])) {
			free(arr);
			fclose(f);
			return -EINVAL;
		}
		count++;
	}
	fclose(f);
	*out = arr;
	*n = count;
	return 0;
}

static int write_users(const struct user *arr, size_t n)
{
	char tmp[4096], salt[2 * SALT_LEN + 1], hash[2 * HASH_LEN + 1];
	int fd, rc = 0;
	FILE *f;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", users_path) >=
	    sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		rc = -errno;
		close(fd);
		unlink(tmp);
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		to_hex(arr[i].salt, SALT_LEN, salt);
		to_hex(arr[i].hash, HASH_LEN, hash);
		fprintf(f, "%s:%s:%u:%s:%s\n", arr[i].name,
			auth_role_name(arr[i].role), arr[i].iterations, salt,
			hash);
	}
	if (fflush(f) || fsync(fileno(f)))
		rc = -errno;
	if (fclose(f) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, users_path))
		rc = -errno;
	if (rc)
		unlink(tmp);
	return rc;
}

static int hash_password(const char *pw, const unsigned char *salt,
			 unsigned iterations, unsigned char *out)
{
	return PKCS5_PBKDF2_HMAC(pw, (int)strlen(pw), salt, SALT_LEN,
				 (int)iterations, EVP_sha256(), HASH_LEN,
				 out) == 1
		       ? 0
		       : -EIO;
}

static int set_password(struct user *u, const char *pw)
{
	if (RAND_bytes(u->salt, SALT_LEN) != 1)
		return -EIO;
	u->iterations = ITERATIONS;
	return hash_password(pw, u->salt, u->iterations, u->hash);
}

static struct user *find_user(struct user *arr, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(arr[i].name, name))
			return &arr[i];
	return NULL;
}

static void drop_sessions_of(const char *name)
{
	struct auth_session **pp = &sessions;

	while (*pp) {
		struct auth_session *s = *pp;

		if (!name || !strcmp(s->user, name)) {
			*pp = s->next;
			OPENSSL_cleanse(s->token, sizeof(s->token));
			free(s);
		} else {
			pp = &s->next;
		}
	}
}

int auth_user_set(const char *name, const char *password, enum auth_role role,
		  int replace)
{
	struct user *arr, *u, *t;
	size_t n;
	int rc;

	if (!valid_name(name) || !password[0])
		return -EINVAL;
	rc = read_users(&arr, &n);
	if (rc)
		return rc;
	u = find_user(arr, n, name);
	if (u && !replace)
		rc = -EEXIST;
	else if (!u && replace)
		rc = -ENOENT;
	if (rc)
		goto out;
	if (!u) {
		t = realloc(arr, (n + 1) * sizeof(*arr));
		if (!t) {
			rc = -ENOMEM;
			goto out;
		}
		arr = t;
		u = &arr[n++];
		strcpy(u->name, name);
	}
	u->role = role;
	rc = set_password(u, password);
	if (!rc)
		rc = write_users(arr, n);
	if (!rc && replace)
		drop_sessions_of(name);
out:
	OPENSSL_cleanse(arr, n * sizeof(*arr));
	free(arr);
	return rc;
}

int auth_user_passwd(const char *name, const char *password)
{
	struct user *arr, *u;
	size_t n;
	int rc;

	if (!password[0])
		return -EINVAL;
	rc = read_users(&arr, &n);
	if (rc)
		return rc;
	u = find_user(arr, n, name);
	rc = u ? set_password(u, password) : -ENOENT;
	if (!rc)
		rc = write_users(arr, n);
	if (!rc)
		drop_sessions_of(name);
	free(arr);
	return rc;
}

int auth_user_del(const char *name)
{
	struct user *arr, *u;
	size_t n;
	int rc;

	rc = read_users(&arr, &n);
	if (rc)
		return rc;
	u = find_user(arr, n, name);
	if (!u) {
		free(arr);
		return -ENOENT;
	}
	memmove(u, u + 1, (size_t)(arr + n - (u + 1)) * sizeof(*u));
	rc = write_users(arr, n - 1);
	if (!rc)
		drop_sessions_of(name);
	free(arr);
	return rc;
}

int auth_user_count(void)
{
	struct user *arr;
	size_t n;
	int rc = read_users(&arr, &n);

	free(arr);
	return rc ? rc : (int)n;
}

static void expire(time_t now)
{
	struct auth_session **pp = &sessions;
	struct failure **fp = &failures;

	while (*pp) {
		struct auth_session *s = *pp;

		if (now - s->last_used > (time_t)limits.ttl) {
			*pp = s->next;
			OPENSSL_cleanse(s->token, sizeof(s->token));
			free(s);
		} else {
			pp = &s->next;
		}
	}
	while (*fp) {
		struct failure *f = *fp;

		if (now - f->start >= AUTH_FAIL_WINDOW) {
			*fp = f->next;
			free(f);
			nfailures--;
		} else {
			fp = &f->next;
		}
	}
}

static struct failure *failure_find(const char *key)
{
	for (struct failure *f = failures; f; f = f->next)
		if (!strcmp(f->key, key))
			return f;
	return NULL;
}

static void failure_add(const char *key, time_t now)
{
	struct failure *f = failure_find(key);

	if (f) {
		f->count++;
		return;
	}
	/* A flood of distinct keys must not grow memory without bound. */
	if (nfailures >= FAIL_RECORDS_MAX)
		return;
	f = calloc(1, sizeof(*f));
	if (!f)
		return;
	snprintf(f->key, sizeof(f->key), "%s", key);
	f->count = 1;
	f->start = now;
	f->next = failures;
	failures = f;
	nfailures++;
}

static int session_new(const char *user, enum auth_role role, time_t now,
		       char *token_out)
{
	unsigned char raw[AUTH_TOKEN_LEN / 2];
	struct auth_session *s, *oldest = NULL;
	unsigned count = 0;

	for (s = sessions; s; s = s->next)
		if (!strcmp(s->user, user)) {
			count++;
			if (!oldest || s->use < oldest->use)
				oldest = s;
		}
	if (count >= limits.sessions_per_user && oldest)
		auth_logout(oldest->token);
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (RAND_bytes(raw, sizeof(raw)) != 1) {
		free(s);
		return -EIO;
	}
	to_hex(raw, sizeof(raw), s->token);
	snprintf(s->user, sizeof(s->user), "%s", user);
	s->role = role;
	s->last_used = now;
	s->use = ++uses;
	s->next = sessions;
	sessions = s;
	strcpy(token_out, s->token);
	return 0;
}

int auth_login(const char *name, const char *password, const char *addr,
	       char *token_out)
{
	char ukey[sizeof(((struct failure *)0)->key)];
	char akey[sizeof(ukey)];
	unsigned char hash[HASH_LEN];
	static const unsigned char dummy_salt[SALT_LEN];
	struct failure *fu, *fa;
	struct user *arr, *u;
	time_t now = time(NULL);
	size_t n;
	int rc, ok;

	expire(now);
	snprintf(ukey, sizeof(ukey), "u:%.32s", name);
	snprintf(akey, sizeof(akey), "a:%.64s", addr);
	fu = failure_find(ukey);
	fa = failure_find(akey);
	if ((fu && fu->count >= AUTH_FAIL_MAX) ||
	    (fa && fa->count >= AUTH_FAIL_MAX))
		return -EAGAIN;
	rc = read_users(&arr, &n);
	if (rc)
		return rc;
	u = find_user(arr, n, name);
	/* Hash even for an unknown user: the time taken tells nothing. */
	rc = hash_password(password, u ? u->salt : dummy_salt,
			   u ? u->iterations : ITERATIONS, hash);
	ok = !rc && u && CRYPTO_memcmp(hash, u->hash, HASH_LEN) == 0;
	if (ok) {
		rc = session_new(u->name, u->role, now, token_out);
	} else if (!rc) {
		failure_add(ukey, now);
		failure_add(akey, now);
		rc = -EACCES;
	}
	OPENSSL_cleanse(arr, n * sizeof(*arr));
	free(arr);
	return rc;
}

int auth_logout(const char *token)
{
	for (struct auth_session **pp = &sessions; *pp; pp = &(*pp)->next) {
		struct auth_session *s = *pp;

		if (!strcmp(s->token, token)) {
			*pp = s->next;
			OPENSSL_cleanse(s->token, sizeof(s->token));
			free(s);
			return 0;
		}
	}
	return -ENOENT;
}

const struct auth_session *auth_check(const char *token)
{
	time_t now = time(NULL);

	if (!token || strlen(token) != AUTH_TOKEN_LEN)
		return NULL;
	expire(now);
	for (struct auth_session *s = sessions; s; s = s->next)
		if (CRYPTO_memcmp(s->token, token, AUTH_TOKEN_LEN) == 0) {
			s->last_used = now;
			s->use = ++uses;
			return s;
		}
	return NULL;
}

size_t auth_session_count(void)
{
	size_t n = 0;

	for (struct auth_session *s = sessions; s; s = s->next)
		n++;
	return n;
}

void auth_fini(void)
{
	drop_sessions_of(NULL);
	while (failures) {
		struct failure *f = failures;

		failures = f->next;
		free(f);
	}
	nfailures = 0;
	free(users_path);
	users_path = NULL;
}
