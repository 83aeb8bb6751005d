/* SPDX-License-Identifier: MIT */
/* Parsing, printing and evaluating permission lists. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "perms.h"

static const char perm_letters[] = "nrwb";

int perms_parse(const char *s, struct perm *out)
{
	unsigned long id = 0;
	const char *p;
	const char *l;

	if (!*s)
		return -EINVAL;
	l = strchr(perm_letters, s[0]);
	if (!l)
		return -EINVAL;
	if (!s[1])
		return -EINVAL;
	for (p = s + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		id = id * 10 + (unsigned long)(*p - '0');
		if (id > 0xffff)
			return -EINVAL;
	}
	out->domid = (uint32_t)id;
	out->mask = (uint32_t)(l - perm_letters);
	return 0;
}

int perms_format(const struct perm *p, unsigned int n, char *buf, size_t size)
{
	size_t used = 0;
	unsigned int i;
	int len;

	for (i = 0; i < n; i++) {
		len =
		    snprintf(buf + used, size - used, "%c%u",
			     perm_letters[p[i].mask & (PERM_READ | PERM_WRITE)],
			     (unsigned int)p[i].domid);
		if (len < 0 || (size_t)len + 1 > size - used)
			return -E2BIG;
		used += (size_t)len + 1;
	}
	return (int)used;
}

static bool perms_names(uint32_t id, const struct perm_who *who)
{
	return id == who->domid ||
	       (who->target != PERM_NO_TARGET && id == who->target);
}

uint32_t perms_access(const struct perm *p, unsigned int n,
		      const struct perm_who *who)
{
	unsigned int i;

	if (who->privileged || (n && perms_names(p[0].domid, who)))
		return PERM_ALL;
	for (i = 1; i < n; i++)
		if (perms_names(p[i].domid, who))
			return p[i].mask;
	return n ? p[0].mask : PERM_NONE;
}
