/* SPDX-License-Identifier: MIT */
/* Node records and the hash table of them, keyed by absolute path. */
#ifndef XENSTORE_NODE_H
#define XENSTORE_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "perms.h"

/*
 * The store is a flat table of nodes keyed by their canonical absolute path
 * ("/local/domain/1/name"), as in Xen: each node carries its value, its
 * permission list and the packed names of its children, so a node can be
 * copied into a transaction without touching any other node.
 *
 * The same record serves a transaction's private table (see transaction.h),
 * where @gen is the generation seen when the transaction first touched the
 * path and @deleted / @modified say what the transaction did to it.
 */
struct node {
	struct node *next; /* hash chain */
	uint64_t gen;  /* generation of the last change (NODE_NO_GEN: absent) */
	bool deleted;  /* transaction table only: removed */
	bool modified; /* transaction table only: written */
	uint32_t vlen; /* bytes in @value */
	uint32_t clen; /* bytes in @children, "a\0b\0" */
	uint32_t nperms; /* entries in @perms, >= 1 for a live node */
	char *value;
	char *children;
	struct perm *perms;
	char path[];
};

#define NODE_NO_GEN UINT64_MAX

struct node_table {
	struct node **buckets;
	size_t nbuckets; /* a power of two */
	size_t count;
};

/* Prepares an empty table.  Returns 0 or -ENOMEM. */
int node_table_init(struct node_table *t);

/* Frees every node in @t and the table itself. */
void node_table_fini(struct node_table *t);

/* Returns the node at @path, or NULL. */
struct node *node_find(const struct node_table *t, const char *path);

/*
 * Adds @n, whose path must not be in @t yet.  Cannot fail: a table that
 * cannot grow for lack of memory only gets slower.
 */
void node_insert(struct node_table *t, struct node *n);

/* Takes the node at @path out of @t and returns it (NULL if absent). */
struct node *node_unlink(struct node_table *t, const char *path);

/*
 * Calls @fn on every node of @t, in no particular order; @fn must not
 * change @t.  Stops at and returns the first non-zero result.
 */
int node_for_each(const struct node_table *t,
		  int (*fn)(struct node *n, void *arg), void *arg);

/*
 * Empties @t, handing each node to @fn, which takes ownership of it.  Used
 * to move a committed transaction's nodes into the store without copying.
 */
void node_table_drain(struct node_table *t,
		      void (*fn)(struct node *n, void *arg), void *arg);

/* Allocates an empty node (no value, children or permissions), or NULL. */
struct node *node_alloc(const char *path);

/* Same for the first @len bytes of @path. */
struct node *node_alloc_n(const char *path, size_t len);

/* Deep copy of @n, not linked anywhere, or NULL when out of memory. */
struct node *node_dup(const struct node *n);

/* Frees @n and what it owns; NULL is allowed. */
void node_free(struct node *n);

/* Replaces the value.  Returns 0 or -ENOMEM (the old value is kept). */
int node_set_value(struct node *n, const void *value, uint32_t len);

/* Replaces the permission list.  Returns 0 or -ENOMEM (the old one is kept). */
int node_set_perms(struct node *n, const struct perm *p, uint32_t count);

/* Appends child @name.  Returns 0 or -ENOMEM. */
int node_add_child(struct node *n, const char *name);

/* Removes child @name if present. */
void node_del_child(struct node *n, const char *name);

/* Returns the last component of @path ("c" for "/a/b/c", "" for "/"). */
const char *node_basename(const char *path);

/*
 * Writes the parent of @path into @out (size at least strlen(@path) + 1;
 * @out may be @path itself).  Returns false for "/", which has none.
 */
bool node_parent(const char *path, char *out);

#endif
