/* SPDX-License-Identifier: MIT */
/* Xen's path rules: canonical absolute paths, allowed characters, lengths. */
#ifndef XENSTORE_PATH_H
#define XENSTORE_PATH_H

#include <stdbool.h>

#include <stdint.h>

#include <xen/io/xs_wire.h>

#include "quota.h"

/* Room for any canonical path and its terminating NUL. */
#define PATH_BUF (XENSTORE_ABS_PATH_MAX + 1)

/*
 * Turns the path of a request into the canonical absolute path in @out
 * (PATH_BUF bytes).  A path not starting with '/' is relative to the home
 * of @domid, "/local/domain/<domid>/".  Valid paths use only letters,
 * digits and "-/_@", have no empty component and no trailing '/' (except
 * "/"), are at most XENSTORE_ABS_PATH_MAX long and, for an unprivileged
 * caller, at most the QUOTA_PATH_LEN quota below a domain's home.
 * Returns 0 or -EINVAL.
 */
int path_canonical(const char *in, unsigned int domid, const struct quota *q,
		   bool privileged, char *out);

/*
 * Checks a watch path: either a special name starting with '@' (such as
 * "@introduceDomain"), copied as is, or a node path as path_canonical().
 * Returns 0 or -EINVAL.
 */
int path_watch(const char *in, unsigned int domid, const struct quota *q,
	       bool privileged, char *out);

/* True when @path is @top or lies below it ("/a/b" is under "/a" and "/"). */
bool path_is_under(const char *path, const char *top);

/* Writes "/local/domain/<domid>" into @out (at least 32 bytes). */
void path_home(unsigned int domid, char *out, unsigned int size);

#endif
