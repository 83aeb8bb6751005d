/* SPDX-License-Identifier: MIT */
/* Transactions, and the view of the store through one (or none). */
#ifndef XENSTORE_TRANSACTION_H
#define XENSTORE_TRANSACTION_H

#include <stdbool.h>
#include <stdint.h>

#include "node.h"

struct conn;
struct store;

/* A change made inside a transaction, replayed as watch events at commit. */
struct txn_change {
	struct txn_change *next;
	bool rm;	     /* removed: @perms is the node's list */
	unsigned char match; /* enum watch_match */
	struct perm *perms;  /* not removed: the list before XS_SET_PERMS */
	unsigned int nperms;
	char path[];
};

/*
 * One open transaction of a connection.  @nodes holds a private copy of
 * every node the transaction has touched, with the generation it had then
 * (see the essay in transaction.c).
 */
struct txn {
	struct txn *next;
	struct conn *conn;
	uint32_t id;
	struct node_table nodes;
	struct txn_change *changes, **changes_tail;
	long node_delta; /* nodes created minus removed, owned by conn */
};

/*
 * Opens a transaction on @c and returns its id (never 0) in @id.  Returns
 * 0, -ENOSPC (transaction quota) or -ENOMEM.
 */
int txn_start(struct conn *c, uint32_t *id);

/* Returns @c's transaction @id, or NULL. */
struct txn *txn_find(struct conn *c, uint32_t id);

/*
 * Ends @t: with @commit, applies it if no node it touched has changed in
 * the store since, firing the watches of its changes; otherwise (or with
 * !@commit) discards it.  @t is freed either way.  Returns 0 or -EAGAIN.
 */
int txn_end(struct txn *t, bool commit);

/* Discards every transaction of @c. */
void txn_reset(struct conn *c);

/*
 * The view.  With @t NULL these act on the store directly; with a
 * transaction they act on its private copies, fetching (and recording) a
 * node from the store the first time the transaction touches it.
 */

/*
 * Looks @path up; *@out is NULL when it does not exist.  Returns 0,
 * -ENOSPC (the transaction touched too many nodes) or -ENOMEM.
 */
int txn_get(struct store *s, struct txn *t, const char *path,
	    struct node **out);

/*
 * Returns in *@out the node at @path, which the caller got through
 * txn_get() and found, ready to be changed: in the store it gets a new
 * generation, in a transaction it is marked modified.
 */
void txn_edit(struct store *s, struct txn *t, const char *path,
	      struct node **out);

/*
 * Adds the new node @n (its path absent in this view, looked up with
 * txn_get()).  Takes ownership.
 */
void txn_create(struct store *s, struct txn *t, struct node *n);

/* Removes the node at @path (looked up with txn_get() and found). */
void txn_remove(struct store *s, struct txn *t, const char *path);

/*
 * Inside a transaction, remembers that @path changed, for the watch events
 * at commit (see watch_fire(); @match is an enum watch_match): @rm says it
 * was removed, and @perms is then its permission list, otherwise the list
 * it had before XS_SET_PERMS changed it (or none).  Returns 0 or -ENOMEM.
 */
int txn_note(struct txn *t, const char *path, int match, bool rm,
	     struct perm_list perms);

#endif
