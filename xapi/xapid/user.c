// SPDX-License-Identifier: MIT
// The `xapid user` command and the first-start admin.
#include "user.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "auth.h"

static int read_password(char *buf, size_t size)
{
	if (isatty(STDIN_FILENO))
		fprintf(stderr, "password: ");
	if (!fgets(buf, (int)size, stdin))
		return -EINVAL;
	buf[strcspn(buf, "\r\n")] = 0;
	return buf[0] ? 0 : -EINVAL;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: xapid [--state DIR] user add NAME --role "
		"admin|read-only\n"
		"       xapid [--state DIR] user passwd NAME\n"
		"       xapid [--state DIR] user del NAME\n"
		"       xapid [--state DIR] user list\n"
		"(passwords are read from standard input)\n");
	return 1;
}

static int fail(const char *what, const char *name, int rc)
{
	const char *why = rc == -EEXIST   ? "the user exists"
			  : rc == -ENOENT ? "no such user"
			  : rc == -EINVAL ? "invalid name (1-32 of "
					    "A-Z a-z 0-9 _ . -) or empty password"
					  : strerror(-rc);

	fprintf(stderr, "xapid user %s %s: %s\n", what, name, why);
	return 1;
}

int user_main(int argc, char **argv, const char *users_path)
{
	char pw[256];
	enum auth_role role;
	int rc;

	if (argc == 2 && !strcmp(argv[1], "list")) {
		FILE *f = fopen(users_path, "r");
		char line[512];

		while (f && fgets(line, sizeof(line), f)) {
			char *name = strtok(line, ":"), *r = strtok(NULL, ":");

			if (name && r)
				printf("%s %s\n", name, r);
		}
		if (f)
			fclose(f);
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "add") && !strcmp(argv[3], "--role")) {
		if (auth_role_parse(argv[4], &role)) {
			fprintf(stderr, "xapid user add: role is admin or "
					"read-only\n");
			return 1;
		}
		if (read_password(pw, sizeof(pw)))
			return fail("add", argv[2], -EINVAL);
		rc = auth_user_set(argv[2], pw, role, 0);
		OPENSSL_cleanse(pw, sizeof(pw));
		return rc ? fail("add", argv[2], rc) : 0;
	}
	if (argc == 3 && !strcmp(argv[1], "passwd")) {
		if (read_password(pw, sizeof(pw)))
			return fail("passwd", argv[2], -EINVAL);
		rc = auth_user_passwd(argv[2], pw);
		OPENSSL_cleanse(pw, sizeof(pw));
		return rc ? fail("passwd", argv[2], rc) : 0;
	}
	if (argc == 3 && !strcmp(argv[1], "del")) {
		rc = auth_user_del(argv[2]);
		return rc ? fail("del", argv[2], rc) : 0;
	}
	return usage();
}

int user_first_admin(const char *pw_path)
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ"
				       "abcdefghijkmnopqrstuvwxyz23456789";
	unsigned char raw[20];
	char pw[sizeof(raw) + 2];
	int n = auth_user_count(), fd, rc;

	if (n != 0)
		return n < 0 ? n : 0;
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -EIO;
	for (size_t i = 0; i < sizeof(raw); i++)
		pw[i] = alphabet[raw[i] % (sizeof(alphabet) - 1)];
	pw[sizeof(raw)] = '\n';
	pw[sizeof(raw) + 1] = 0;
	unlink(pw_path);
	fd = open(pw_path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return -errno;
	rc = write(fd, pw, sizeof(raw) + 1) == (ssize_t)sizeof(raw) + 1
		     ? 0
		     : -EIO;
	if (close(fd) && !rc)
		rc = -errno;
	pw[sizeof(raw)] = 0;
	if (!rc)
		rc = auth_user_set("admin", pw, AUTH_ADMIN, 0);
	OPENSSL_cleanse(pw, sizeof(pw));
	return rc ? rc : 1;
}
