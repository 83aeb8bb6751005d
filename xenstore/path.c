/* SPDX-License-Identifier: MIT */
/* Canonicalising and checking paths as Xen's xenstored does. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "path.h"

static bool path_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
	       c == '@';
}

void path_home(unsigned int domid, char *out, unsigned int size)
{
	snprintf(out, size, "/local/domain/%u", domid);
}

/* Length of the "/local/domain/<digits>/" prefix of @p, or 0. */
static size_t path_home_prefix(const char *p)
{
	static const char pre[] = "/local/domain/";
	size_t i = sizeof(pre) - 1;

	if (strncmp(p, pre, i))
		return 0;
	if (p[i] < '0' || p[i] > '9')
		return 0;
	while (p[i] >= '0' && p[i] <= '9')
		i++;
	return p[i] == '/' ? i + 1 : 0;
}

int path_canonical(const char *in, unsigned int domid, const struct quota *q,
		   bool privileged, char *out)
{
	size_t len, off = 0, i;
	char home[32];

	len = strnlen(in, PATH_BUF);
	if (!len || len >= PATH_BUF)
		return -EINVAL;
	if (in[0] != '/') {
		path_home(domid, home, sizeof(home));
		off = strlen(home) + 1;
		if (off + len >= PATH_BUF)
			return -EINVAL;
		memcpy(out, home, off - 1);
		out[off - 1] = '/';
	}
	memcpy(out + off, in, len + 1);
	len += off;
	if (len > XENSTORE_ABS_PATH_MAX)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (!path_char_ok(out[i]))
			return -EINVAL;
		if (out[i] == '/' &&
		    (out[i + 1] == '/' || (out[i + 1] == '\0' && i > 0)))
			return -EINVAL;
	}
	return quota_check(q, privileged, QUOTA_PATH_LEN,
			   len - path_home_prefix(out));
}

int path_watch(const char *in, unsigned int domid, const struct quota *q,
	       bool privileged, char *out)
{
	size_t len;

	if (in[0] != '@')
		return path_canonical(in, domid, q, privileged, out);
	len = strnlen(in, PATH_BUF);
	if (len > XENSTORE_REL_PATH_MAX)
		return -EINVAL;
	memcpy(out, in, len + 1);
	return 0;
}

bool path_is_under(const char *path, const char *top)
{
	size_t len = strlen(top);

	if (len == 1 && top[0] == '/')
		return path[0] == '/';
	return !strncmp(path, top, len) && (path[len] == '/' || !path[len]);
}
