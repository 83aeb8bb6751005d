/* SPDX-License-Identifier: MIT */
/* Watches: registration per connection and firing events on changes. */
#ifndef XENSTORE_WATCH_H
#define XENSTORE_WATCH_H

#include <stdbool.h>

#include "perms.h"

struct conn;
struct store;

/*
 * A watch asks for an event each time the node at @path, or any node
 * below it, changes.  @path is canonical; a watch registered with a
 * relative path has @rel_off set to the length of the home prefix
 * ("/local/domain/5/"), which is cut from the paths it reports.
 */
struct watch {
	struct watch *next;
	char *token;
	unsigned int rel_off;
	char path[];
};

/* The special watch paths Xen defines. */
#define WATCH_INTRODUCE "@introduceDomain"
#define WATCH_RELEASE	"@releaseDomain"

/*
 * Registers a watch of @c on canonical @path (or a special "@" name) with
 * @token, then queues the initial event Xen sends on registration.  Call
 * after queueing the reply.  Returns 0, -EEXIST (same path and token
 * already watched), -E2BIG (watch quota) or -ENOMEM.
 */
int watch_add(struct conn *c, const char *path, const char *token,
	      unsigned int rel_off);

/* Checks what watch_add() would, without side effects. */
int watch_add_check(struct conn *c, const char *path, const char *token);

/* Removes the watch on @path with @token.  Returns 0 or -ENOENT. */
int watch_remove(struct conn *c, const char *path, const char *token);

/* Removes every watch of @c. */
void watch_reset(struct conn *c);

/* Which watches a change fires, as Xen decides it. */
enum watch_match {
	WATCH_SUBTREE, /* watches on the path or above it (writes, rm's top) */
	WATCH_EXACT, /* watches on exactly the path (nodes below an rm's top) */
};

/*
 * Queues events for a change of @path (or for the special name "@...",
 * which privileged connections only see).  A watcher must be able to read
 * the node with its permission list @now or, after XS_SET_PERMS, the list
 * @before, or else read the node's parent in the store: a domain that
 * loses access to a node still learns that it changed.  The event reports
 * @path, relative if the watch was registered relative.
 */
void watch_fire(struct store *s, const char *path, enum watch_match match,
		struct perm_list now, struct perm_list before);

#endif
