/* SPDX-License-Identifier: MIT */
/* Node records and the path-keyed hash table (see node.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"

#define NODE_TABLE_MIN 64

static size_t node_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return (size_t)(h ^ (h >> 32));
}

int node_table_init(struct node_table *t)
{
	t->buckets = calloc(NODE_TABLE_MIN, sizeof(*t->buckets));
	if (!t->buckets)
		return -ENOMEM;
	t->nbuckets = NODE_TABLE_MIN;
	t->count = 0;
	return 0;
}

void node_table_fini(struct node_table *t)
{
	struct node *n, *next;
	size_t i;

	for (i = 0; i < t->nbuckets; i++) {
		for (n = t->buckets[i]; n; n = next) {
			next = n->next;
			node_free(n);
		}
	}
	free(t->buckets);
	t->buckets = NULL;
	t->nbuckets = t->count = 0;
}

struct node *node_find(const struct node_table *t, const char *path)
{
	struct node *n;

	for (n = t->buckets[node_hash(path) & (t->nbuckets - 1)]; n;
	     n = n->next)
		if (!strcmp(n->path, path))
			return n;
	return NULL;
}

static int node_table_grow(struct node_table *t)
{
	size_t size = t->nbuckets * 2, i, b;
	struct node **nb, *n, *next;

	nb = calloc(size, sizeof(*nb));
	if (!nb)
		return -ENOMEM;
	for (i = 0; i < t->nbuckets; i++) {
		for (n = t->buckets[i]; n; n = next) {
			next = n->next;
			b = node_hash(n->path) & (size - 1);
			n->next = nb[b];
			nb[b] = n;
		}
	}
	free(t->buckets);
	t->buckets = nb;
	t->nbuckets = size;
	return 0;
}

void node_insert(struct node_table *t, struct node *n)
{
	size_t b;

	/* Growing is an optimisation; a full table still works, only slower. */
	if (t->count >= t->nbuckets)
		node_table_grow(t);
	b = node_hash(n->path) & (t->nbuckets - 1);
	n->next = t->buckets[b];
	t->buckets[b] = n;
	t->count++;
}

struct node *node_unlink(struct node_table *t, const char *path)
{
	struct node **pp, *n;

	pp = &t->buckets[node_hash(path) & (t->nbuckets - 1)];
	for (; (n = *pp); pp = &n->next) {
		if (!strcmp(n->path, path)) {
			*pp = n->next;
			n->next = NULL;
			t->count--;
			return n;
		}
	}
	return NULL;
}

int node_for_each(const struct node_table *t,
		  int (*fn)(struct node *n, void *arg), void *arg)
{
	struct node *n;
	size_t i;
	int rc;

	for (i = 0; i < t->nbuckets; i++) {
		for (n = t->buckets[i]; n; n = n->next) {
			rc = fn(n, arg);
			if (rc)
				return rc;
		}
	}
	return 0;
}

void node_table_drain(struct node_table *t,
		      void (*fn)(struct node *n, void *arg), void *arg)
{
	struct node *n;
	size_t i;

	for (i = 0; i < t->nbuckets; i++) {
		while ((n = t->buckets[i])) {
			t->buckets[i] = n->next;
			n->next = NULL;
			t->count--;
			fn(n, arg);
		}
	}
}

struct node *node_alloc_n(const char *path, size_t len)
{
	struct node *n;

	n = calloc(1, sizeof(*n) + len + 1);
	if (!n)
		return NULL;
	memcpy(n->path, path, len);
	return n;
}

struct node *node_alloc(const char *path)
{
	return node_alloc_n(path, strlen(path));
}

static void *node_memdup(const void *p, size_t len)
{
	void *q;

	if (!len)
		return NULL;
	q = malloc(len);
	if (q)
		memcpy(q, p, len);
	return q;
}

struct node *node_dup(const struct node *n)
{
	struct node *c;

	c = node_alloc(n->path);
	if (!c)
		return NULL;
	c->gen = n->gen;
	c->deleted = n->deleted;
	c->modified = n->modified;
	c->value = node_memdup(n->value, n->vlen);
	c->children = node_memdup(n->children, n->clen);
	c->perms = node_memdup(n->perms, n->nperms * sizeof(*n->perms));
	if ((n->vlen && !c->value) || (n->clen && !c->children) ||
	    (n->nperms && !c->perms)) {
		node_free(c);
		return NULL;
	}
	c->vlen = n->vlen;
	c->clen = n->clen;
	c->nperms = n->nperms;
	return c;
}

void node_free(struct node *n)
{
	if (!n)
		return;
	free(n->value);
	free(n->children);
	free(n->perms);
	free(n);
}

int node_set_value(struct node *n, const void *value, uint32_t len)
{
	char *v = NULL;

	if (len) {
		v = malloc(len);
		if (!v)
			return -ENOMEM;
		memcpy(v, value, len);
	}
	free(n->value);
	n->value = v;
	n->vlen = len;
	return 0;
}

int node_set_perms(struct node *n, const struct perm *p, uint32_t count)
{
	struct perm *np;

	np = malloc(count * sizeof(*np));
	if (!np)
		return -ENOMEM;
	memcpy(np, p, count * sizeof(*np));
	free(n->perms);
	n->perms = np;
	n->nperms = count;
	return 0;
}

int node_add_child(struct node *n, const char *name)
{
	size_t len = strlen(name) + 1;
	char *c;

	c = realloc(n->children, n->clen + len);
	if (!c)
		return -ENOMEM;
	memcpy(c + n->clen, name, len);
	n->children = c;
	n->clen += (uint32_t)len;
	return 0;
}

void node_del_child(struct node *n, const char *name)
{
	size_t len = strlen(name) + 1, off, l;

	for (off = 0; off < n->clen; off += l) {
		l = strlen(n->children + off) + 1;
		if (l == len && !memcmp(n->children + off, name, len)) {
			memmove(n->children + off, n->children + off + len,
				n->clen - off - len);
			n->clen -= (uint32_t)len;
			return;
		}
	}
}

const char *node_basename(const char *path)
{
	return strrchr(path, '/') + 1;
}

bool node_parent(const char *path, char *out)
{
	const char *slash = strrchr(path, '/');
	size_t len;

	if (!path[1])
		return false;
	len = slash == path ? 1 : (size_t)(slash - path);
	memmove(out, path, len);
	out[len] = '\0';
	return true;
}
