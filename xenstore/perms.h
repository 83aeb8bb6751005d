/* SPDX-License-Identifier: MIT */
/* Node permissions as in Xen: owner first, then per-domain entries. */
#ifndef XENSTORE_PERMS_H
#define XENSTORE_PERMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Access bits; the wire letters are n (none), r, w and b (both). */
#define PERM_NONE  0x0
#define PERM_READ  0x1
#define PERM_WRITE 0x2
#define PERM_OWNER 0x4 /* never on the wire: implied for the owner */
#define PERM_ALL   (PERM_READ | PERM_WRITE | PERM_OWNER)

/*
 * One permission entry.  In a node's list, entry 0 names the owner and its
 * mask is the default for every domain not listed; entries 1.. grant their
 * mask to one domain each.
 */
struct perm {
	uint32_t domid;
	uint32_t mask;
};

/* A permission list by reference: @n entries at @p (@n == 0: no list). */
struct perm_list {
	const struct perm *p;
	unsigned int n;
};

/*
 * The identity a request is checked against: its domain, the domain it
 * acts for (XS_SET_TARGET, as a device model stub domain does) and whether
 * it is privileged (Dom0 and the host socket).
 */
struct perm_who {
	unsigned int domid;
	unsigned int target; /* PERM_NO_TARGET when none */
	bool privileged;
};
#define PERM_NO_TARGET 0xffffffffu

/*
 * Parses one wire entry such as "r5" into @out.  Returns 0, or -EINVAL for
 * an unknown letter, a missing or non-decimal domain id, or one >= 65536.
 */
int perms_parse(const char *s, struct perm *out);

/*
 * Writes @n entries as the wire does ("w0\0r5\0") into @buf of @size
 * bytes.  Returns the bytes written, or -E2BIG when they do not fit.
 */
int perms_format(const struct perm *p, unsigned int n, char *buf, size_t size);

/*
 * Returns the access bits @who has on a node with list @p of @n entries:
 * everything for the privileged and for the owner (or its controller),
 * else the first entry naming the domain or its target, else the default.
 */
uint32_t perms_access(const struct perm *p, unsigned int n,
		      const struct perm_who *who);

#endif
