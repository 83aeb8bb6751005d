/* SPDX-License-Identifier: MIT */
/* The store: the embedder's handle and the tree operations requests use. */
#ifndef XENSTORE_STORE_H
#define XENSTORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/io/xs_wire.h>

#include "node.h"
#include "perms.h"
#include "quota.h"

struct conn;
struct domain;
struct txn;
struct store;

/*
 * An internal invariant broken: stop here rather than corrupt the store.
 * A bad request is never a BUG_ON, it is an error reply.
 */
#define BUG_ON(cond)                                                           \
	do {                                                                   \
		if (cond)                                                      \
			__builtin_trap();                                      \
	} while (0)

/*
 * What the embedder plugs in.  Every member may be NULL.
 *
 * introduce: XS_INTRODUCE from a privileged client asks to serve @domid's
 *   ring page @mfn, notified through event channel @port.  Dom0 maps the
 *   page, binds the port and calls ring_attach(); return 0 or -errno (the
 *   error goes back to the client).  Without a hook the domain is only
 *   recorded as introduced, which is what the host daemon does.
 * release: @domid was released (XS_RELEASE or store_domain_release()) and
 *   its connections are already gone; unmap its page and unbind its port.
 * log: one line of text, without newline, for the embedder's log.
 */
struct store_hooks {
	int (*introduce)(struct store *s, unsigned int domid, uint64_t mfn,
			 unsigned int port, void *opaque);
	void (*release)(struct store *s, unsigned int domid, void *opaque);
	void (*log)(void *opaque, const char *msg);
	void *opaque;
};

/*
 * The whole state of one xenstore.  Single-threaded: the embedder calls
 * every function of the core from one thread (or under one lock).
 */
struct store {
	struct node_table nodes;   /* every live node by path */
	struct node_table special; /* "@introduceDomain", "@releaseDomain" */
	uint64_t gen;		   /* last generation handed out */
	struct conn *conns;	   /* every connection */
	struct domain *domains;	   /* accounting and introduction state */
	struct quota quota;	   /* may be edited after store_create() */
	struct store_hooks hooks;
	char reply[XENSTORE_PAYLOAD_MAX];     /* dispatch's reply scratch */
	char path[XENSTORE_ABS_PATH_MAX + 1]; /* dispatch's path scratch */
};

/*
 * Creates a store holding only "/" (owned by Dom0, "n0"), with Xen's
 * default quotas.  @hooks may be NULL.  Returns NULL when out of memory.
 */
struct store *store_create(const struct store_hooks *hooks);

/* Destroys every connection (calling transports' close hooks), then @s. */
void store_destroy(struct store *s);

/* Passes @msg to the embedder's log hook, if any. */
void store_log(struct store *s, const char *msg);

/*
 * The tree operations, as seen by connection @c inside transaction @t
 * (NULL: directly on the store).  @path is canonical (path_canonical()).
 * Each checks everything first (permissions, quotas, existence) and only
 * then changes the store, fires watches (or, inside a transaction, notes
 * them for the commit).  They return 0 or a negative errno:
 *   -ENOENT  the node does not exist (-EACCES instead when the nearest
 *            existing ancestor is not readable, so absence does not leak)
 *   -EACCES  the caller lacks the right on the node (for creation: write
 *            on the nearest existing ancestor)
 *   -ENOSPC  a quota (nodes, node size, permission entries, transaction size)
 *   -EINVAL  removing "/"
 *   -EPERM   an unprivileged caller changing a node's owner
 *   -ENOMEM  out of memory
 */

/*
 * Looks up a node @c may read; *@out stays valid until the next change.
 * @path may also be a special name ("@releaseDomain"): store_read() and
 * store_set_perms() reach its permission list, which decides who sees its
 * events (Dom0 only by default); other names starting with '@' are -ENOENT.
 */
int store_read(struct conn *c, struct txn *t, const char *path,
	       const struct node **out);

/*
 * Sets the value of @path, creating it and any missing parents.  New nodes
 * inherit their parent's permissions; an unprivileged creator becomes the
 * owner.  Fires one watch event, for @path.
 */
int store_write(struct conn *c, struct txn *t, const char *path,
		const void *value, uint32_t len);

/* Creates @path (and parents) with an empty value; existing is fine. */
int store_mkdir(struct conn *c, struct txn *t, const char *path);

/*
 * Removes @path and everything below it.  Removing a missing node whose
 * parent exists succeeds, as in Xen.  Fires, deepest first, the watches on
 * exactly each removed node below @path, then those on @path and above.
 */
int store_rm(struct conn *c, struct txn *t, const char *path);

/* Replaces the permission list of @path (caller must own it). */
int store_set_perms(struct conn *c, struct txn *t, const char *path,
		    const struct perm *p, unsigned int n);

/*
 * Puts @n (a transaction's private copy) into the store in place of the
 * node at its path, or removes that node when @n->deleted, keeping the
 * per-domain node counts right.  Takes ownership of @n.  Used by commit.
 */
void store_install(struct store *s, struct node *n);

/* Removes and frees the node at @path (which must exist), fixing counts. */
void store_unlink(struct store *s, const char *path);

#endif
