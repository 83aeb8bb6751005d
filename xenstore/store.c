/* SPDX-License-Identifier: MIT */
/* The store's life cycle and its tree operations (see store.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "domain.h"
#include "path.h"
#include "store.h"
#include "transaction.h"
#include "watch.h"

static const struct perm store_dom0_only = {0, PERM_NONE};

/* Adds a node owned by Dom0 with no access for others to @t. */
static int store_add_dom0_node(struct node_table *t, const char *path)
{
	struct node *n = node_alloc(path);

	if (!n || node_set_perms(n, &store_dom0_only, 1)) {
		node_free(n);
		return -ENOMEM;
	}
	node_insert(t, n);
	return 0;
}

struct store *store_create(const struct store_hooks *hooks)
{
	struct store *s;
	struct node *root;

	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	if (hooks)
		s->hooks = *hooks;
	quota_defaults(&s->quota);
	if (node_table_init(&s->nodes))
		goto err_free_store;
	if (node_table_init(&s->special))
		goto err_free_nodes;
	if (store_add_dom0_node(&s->special, "@introduceDomain") ||
	    store_add_dom0_node(&s->special, "@releaseDomain"))
		goto err_free_special;
	root = node_alloc("/");
	if (!root || node_set_perms(root, &store_dom0_only, 1))
		goto err_free_root;
	store_install(s, root);
	return s;

err_free_root:
	node_free(root);
err_free_special:
	node_table_fini(&s->special);
err_free_nodes:
	node_table_fini(&s->nodes);
err_free_store:
	free(s);
	return NULL;
}

void store_destroy(struct store *s)
{
	struct conn *c;

	while ((c = s->conns)) {
		if (c->ops && c->ops->closed)
			c->ops->closed(c);
		conn_destroy(c);
	}
	node_table_fini(&s->nodes);
	node_table_fini(&s->special);
	domain_free_all(s);
	free(s);
}

void store_log(struct store *s, const char *msg)
{
	if (s->hooks.log)
		s->hooks.log(s->hooks.opaque, msg);
}

static unsigned int store_owner(const struct node *n)
{
	return n->nperms ? n->perms[0].domid : 0;
}

void store_unlink(struct store *s, const char *path)
{
	struct node *old = node_unlink(&s->nodes, path);

	BUG_ON(!old);
	domain_account(s, store_owner(old), -1);
	node_free(old);
}

void store_install(struct store *s, struct node *n)
{
	struct node *old = node_unlink(&s->nodes, n->path);

	if (old) {
		domain_account(s, store_owner(old), -1);
		node_free(old);
	}
	if (n->deleted) {
		node_free(n);
		return;
	}
	n->gen = ++s->gen;
	n->modified = false;
	domain_account(s, store_owner(n), 1);
	node_insert(&s->nodes, n);
}

static uint32_t store_access(const struct conn *c, const struct node *n)
{
	struct perm_who who = conn_who(c);

	return perms_access(n->perms, n->nperms, &who);
}

/*
 * Finds the nearest existing ancestor of (missing) @path, counting the
 * missing levels, @path included, in *@missing.  The root always exists.
 */
static int store_ancestor(struct conn *c, struct txn *t, const char *path,
			  struct node **out, unsigned int *missing)
{
	size_t len = strlen(path) + 1;
	char *buf;
	int rc = 0;

	buf = malloc(len);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, path, len);
	*missing = 1;
	*out = NULL;
	while (node_parent(buf, buf)) {
		rc = txn_get(c->store, t, buf, out);
		if (rc || *out)
			break;
		(*missing)++;
	}
	free(buf);
	BUG_ON(!rc && !*out);
	return rc;
}

/* The error for a missing @path: ENOENT, or EACCES if that would leak. */
static int store_absent(struct conn *c, struct txn *t, const char *path)
{
	unsigned int missing;
	struct node *a;
	int rc;

	rc = store_ancestor(c, t, path, &a, &missing);
	if (rc)
		return rc;
	return (store_access(c, a) & PERM_READ) ? -ENOENT : -EACCES;
}

/*
 * Looks @path up in this view, or among the special names ("@...", which
 * live outside the tree and outside transactions).  -ENOENT / -EACCES as
 * store_absent() when missing.
 */
static int store_lookup(struct conn *c, struct txn *t, const char *path,
			struct node **out)
{
	int rc;

	if (path[0] == '@') {
		*out = node_find(&c->store->special, path);
		return *out ? 0 : -ENOENT;
	}
	rc = txn_get(c->store, t, path, out);
	if (!rc && !*out)
		rc = store_absent(c, t, path);
	return rc;
}

int store_read(struct conn *c, struct txn *t, const char *path,
	       const struct node **out)
{
	struct node *n;
	int rc;

	rc = store_lookup(c, t, path, &n);
	if (rc)
		return rc;
	if (!(store_access(c, n) & PERM_READ))
		return -EACCES;
	*out = n;
	return 0;
}

/* Fires (outside a transaction) or notes (inside) the change of @path. */
static void store_changed(struct conn *c, struct txn *t, const char *path,
			  enum watch_match match, bool rm, const struct node *n,
			  struct perm_list before)
{
	struct perm_list now = {n->perms, n->nperms};

	if (!t) {
		watch_fire(c->store, path, match, now, before);
		return;
	}
	if (txn_note(t, path, match, rm, rm ? now : before))
		store_log(c->store, "out of memory noting a watch event");
}

static const struct perm_list no_perms = {NULL, 0};

static void store_free_chain(struct node **chain, unsigned int n)
{
	while (n--)
		node_free(chain[n]);
	free(chain);
}

/*
 * Creates the missing @path (already looked up in this view) and its
 * missing parents; the last one gets @value.  Everything is checked and
 * allocated before anything is linked.
 */
static int store_create_path(struct conn *c, struct txn *t, const char *path,
			     const void *value, uint32_t len)
{
	struct store *s = c->store;
	struct node *a, **chain, *parent;
	unsigned int missing, i;
	long owned;
	size_t end;
	const char *slash;
	int rc;

	rc = store_ancestor(c, t, path, &a, &missing);
	if (rc)
		return rc;
	if (!(store_access(c, a) & PERM_WRITE))
		return -EACCES;
	owned = (long)c->domain->nodes + missing + (t ? t->node_delta : 0);
	rc = quota_check(&s->quota, c->privileged, QUOTA_NODES,
			 owned < 0 ? 0UL : (unsigned long)owned);
	if (rc)
		return rc;

	chain = calloc(missing, sizeof(*chain));
	if (!chain)
		return -ENOMEM;
	end = strlen(a->path);
	if (end == 1)
		end = 0;
	parent = a;
	for (i = 0; i < missing; i++) {
		slash = strchr(path + end + 1, '/');
		end = slash ? (size_t)(slash - path) : strlen(path);
		chain[i] = node_alloc_n(path, end);
		if (!chain[i] ||
		    node_set_perms(chain[i], parent->perms, parent->nperms))
			goto err_free_chain;
		if (!c->privileged)
			chain[i]->perms[0].domid = conn_domid(c);
		if (i && node_add_child(parent, node_basename(chain[i]->path)))
			goto err_free_chain;
		parent = chain[i];
	}
	if (node_set_value(parent, value, len) ||
	    node_add_child(a, node_basename(chain[0]->path)))
		goto err_free_chain;

	txn_edit(s, t, a->path, &a);
	for (i = 0; i < missing; i++)
		txn_create(s, t, chain[i]);
	free(chain);
	return 0;

err_free_chain:
	store_free_chain(chain, i + (i < missing));
	return -ENOMEM;
}

int store_write(struct conn *c, struct txn *t, const char *path,
		const void *value, uint32_t len)
{
	struct node *n;
	int rc;

	rc = quota_check(&c->store->quota, c->privileged, QUOTA_NODE_SIZE, len);
	if (rc)
		return rc;
	rc = txn_get(c->store, t, path, &n);
	if (rc)
		return rc;
	if (!n) {
		rc = store_create_path(c, t, path, value, len);
	} else if (!(store_access(c, n) & PERM_WRITE)) {
		return -EACCES;
	} else {
		rc = node_set_value(n, value, len);
		if (!rc)
			txn_edit(c->store, t, path, &n);
	}
	if (rc)
		return rc;
	n = node_find(t ? &t->nodes : &c->store->nodes, path);
	store_changed(c, t, path, WATCH_SUBTREE, false, n, no_perms);
	return 0;
}

int store_mkdir(struct conn *c, struct txn *t, const char *path)
{
	struct node *n;
	int rc;

	rc = txn_get(c->store, t, path, &n);
	if (rc)
		return rc;
	if (n)
		return (store_access(c, n) & PERM_WRITE) ? 0 : -EACCES;
	rc = store_create_path(c, t, path, NULL, 0);
	if (rc)
		return rc;
	n = node_find(t ? &t->nodes : &c->store->nodes, path);
	store_changed(c, t, path, WATCH_SUBTREE, false, n, no_perms);
	return 0;
}

/* A growing list of paths, for walking a subtree without recursion. */
struct store_list {
	char **v;
	size_t n, size;
};

static int store_list_add(struct store_list *l, const char *dir,
			  const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char **v, *p;

	if (l->n == l->size) {
		v = realloc(l->v, (l->size * 2 + 8) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		l->v = v;
		l->size = l->size * 2 + 8;
	}
	p = malloc(dl + nl + 2);
	if (!p)
		return -ENOMEM;
	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, name, nl + 1);
	if (!name[0])
		p[dl] = '\0'; /* the top of the walk itself */
	l->v[l->n++] = p;
	return 0;
}

static void store_list_free(struct store_list *l)
{
	while (l->n)
		free(l->v[--l->n]);
	free(l->v);
}

/* Lists @top and every node below it, parents first, in this view. */
static int store_subtree(struct store *s, struct txn *t, const char *top,
			 struct store_list *l)
{
	struct node *n;
	size_t i, off;
	int rc;

	rc = store_list_add(l, top, "");
	for (i = 0; !rc && i < l->n; i++) {
		rc = txn_get(s, t, l->v[i], &n);
		BUG_ON(!rc && !n);
		for (off = 0; !rc && off < n->clen;
		     off += strlen(n->children + off) + 1)
			rc = store_list_add(l, l->v[i], n->children + off);
	}
	return rc;
}

int store_rm(struct conn *c, struct txn *t, const char *path)
{
	struct store *s = c->store;
	struct store_list l = {0};
	struct node *n, *parent;
	char *ppath;
	int rc;

	if (!path[1])
		return -EINVAL;
	rc = txn_get(s, t, path, &n);
	if (rc)
		return rc;
	ppath = malloc(strlen(path) + 1);
	if (!ppath)
		return -ENOMEM;
	node_parent(path, ppath);
	rc = txn_get(s, t, ppath, &parent);
	if (rc)
		goto out;
	if (!n) {
		rc = parent ? 0 : store_absent(c, t, path);
		goto out;
	}
	rc = -EACCES;
	if (!(store_access(c, n) & PERM_WRITE))
		goto out;
	BUG_ON(!parent);
	rc = store_subtree(s, t, path, &l);
	if (rc)
		goto out;

	/*
	 * As in Xen: each node fires while its permissions and parent are
	 * still there, deepest first; the nodes below the top fire only
	 * watches on exactly them, the top fires watches on it and above.
	 */
	txn_edit(s, t, ppath, &parent);
	node_del_child(parent, node_basename(path));
	while (l.n) {
		n = node_find(t ? &t->nodes : &s->nodes, l.v[l.n - 1]);
		store_changed(c, t, n->path,
			      l.n > 1 ? WATCH_EXACT : WATCH_SUBTREE, true, n,
			      no_perms);
		txn_remove(s, t, l.v[l.n - 1]);
		free(l.v[--l.n]);
	}
out:
	store_list_free(&l);
	free(ppath);
	return rc;
}

int store_set_perms(struct conn *c, struct txn *t, const char *path,
		    const struct perm *p, unsigned int np)
{
	struct perm_list before;
	struct perm *old;
	struct node *n;
	int rc;

	rc = quota_check(&c->store->quota, c->privileged, QUOTA_PERMS, np);
	if (rc)
		return rc;
	rc = store_lookup(c, t, path, &n);
	if (rc)
		return rc;
	if ((store_access(c, n) & (PERM_WRITE | PERM_OWNER)) !=
	    (PERM_WRITE | PERM_OWNER))
		return -EACCES;
	if (!c->privileged && p[0].domid != n->perms[0].domid)
		return -EPERM;
	/* The old list goes to the watches: who loses access still hears. */
	before.p = old = n->perms;
	before.n = n->nperms;
	n->perms = NULL;
	rc = node_set_perms(n, p, np);
	if (rc) {
		n->perms = old;
		return rc;
	}
	if (path[0] == '@') {
		/* Special names: not counted, no generation, no transaction. */
		store_changed(c, NULL, path, WATCH_EXACT, false, n, before);
		free(old);
		return 0;
	}
	if (!t && p[0].domid != old[0].domid) {
		domain_account(c->store, old[0].domid, -1);
		domain_account(c->store, p[0].domid, 1);
	}
	txn_edit(c->store, t, path, &n);
	store_changed(c, t, path, WATCH_SUBTREE, false, n, before);
	free(old);
	return 0;
}
