/* SPDX-License-Identifier: MIT */
/* xapid's socket paths: environment first, then the checkout's run directory. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "paths.h"

static const struct {
	const char *env, *file;
} table[] = {
	[PATH_SOCKET] = { "XAPID_SOCKET", "xapid.sock" },
	[PATH_XENSTORE] = { "XAPID_XENSTORE", "xenstored.sock" },
	[PATH_CHANNEL] = { "XAPID_CHANNEL", "mgmt.sock" },
};

int paths_run_dir(char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	int len;

	if (n < 0)
		return -ENOENT;
	exe[n] = 0;
	/* BUILD/bin/PROGRAM -> BUILD/run */
	len = snprintf(buf, size, "%s/../run", dirname(exe));
	return len < 0 || (size_t)len >= size ? -ENAMETOOLONG : 0;
}

int paths_get(enum xapi_path which, char *buf, size_t size)
{
	const char *env = getenv(table[which].env);
	char dir[PATH_MAX];
	int len, rc;

	if (env && env[0]) {
		len = snprintf(buf, size, "%s", env);
	} else {
		rc = paths_run_dir(dir, sizeof(dir));
		if (rc)
			return rc;
		len = snprintf(buf, size, "%s/%s", dir, table[which].file);
	}
	return len < 0 || (size_t)len >= size ? -ENAMETOOLONG : 0;
}
