/* SPDX-License-Identifier: MIT */
/* Transactions: private copies, generation counts and the commit rule. */
/*
 * How transactions work, and when a commit fails with EAGAIN
 * ==========================================================
 *
 * Every change to a node in the store gives it a new generation: a number
 * taken from one counter for the whole store (store->gen), so it never
 * repeats.  A node that does not exist has no generation (NODE_NO_GEN).
 *
 * A transaction never writes to the store before it commits.  The first
 * time it touches a path (to read, list, write or remove it) the node is
 * copied from the store into the transaction's own table, together with
 * the generation it had at that moment; a missing node is recorded too,
 * as a "deleted" copy with NODE_NO_GEN.  From then on the transaction
 * reads and changes only its copy, so it sees its own writes and nobody
 * else sees them.
 *
 * Commit is the one moment of truth: if, for every path the transaction
 * touched, the store still holds the generation recorded for it (or the
 * node is still missing), nothing the transaction depended on has changed
 * and its copies replace the store's nodes; every replaced node gets a new
 * generation, and the watch events of its changes fire then.  If any one
 * differs, the commit fails with EAGAIN and the client starts again.  This
 * is Xen's rule; it gives each transaction a consistent view of what it
 * looked at without locking anything.
 *
 * Four examples, with A and B open on the same store:
 *
 * 1. A reads /x (generation 7), B writes /x (now 9) and commits.  A writes
 *    /y and commits: /x is at 9, not 7, so A fails with EAGAIN -- A's
 *    write to /y may have depended on the old /x.  Even a transaction
 *    that only read fails this way, as in Xen.
 *
 * 2. A writes /a/new, which records /a (its child list changes) and
 *    /a/new (missing).  B does the same with /a/other and commits first:
 *    /a has a new generation, so A fails.  Creating siblings conflicts
 *    because both change their parent's list of children.
 *
 * 3. A reads /x; outside any transaction a client removes /x and writes
 *    it again with the same value.  The value is equal but the generation
 *    is new, so A fails: generations compare history, not contents.
 *
 * 4. A reads /missing (recorded missing); B creates it and commits.  A's
 *    commit finds a node where it saw none and fails.  Had B created and
 *    removed it again, A would succeed: absent then, absent now.
 *
 * A transaction that touched nothing commits trivially.  Its size is
 * bounded by QUOTA_TXN_NODES for unprivileged domains, so a guest cannot
 * make Dom0 copy the whole store.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "domain.h"
#include "store.h"
#include "transaction.h"
#include "watch.h"

int txn_start(struct conn *c, uint32_t *id)
{
	struct txn *t;
	int rc;

	rc = quota_check(&c->store->quota, c->privileged, QUOTA_TRANSACTIONS,
			 c->ntxns + 1UL);
	if (rc)
		return rc;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	if (node_table_init(&t->nodes)) {
		free(t);
		return -ENOMEM;
	}
	/* Ids are per connection; skip 0 (no transaction) and ids in use. */
	do {
		t->id = c->next_txn_id++;
	} while (!t->id || txn_find(c, t->id));
	t->conn = c;
	t->changes_tail = &t->changes;
	t->next = c->txns;
	c->txns = t;
	c->ntxns++;
	*id = t->id;
	return 0;
}

struct txn *txn_find(struct conn *c, uint32_t id)
{
	struct txn *t;

	for (t = c->txns; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

static void txn_free(struct txn *t)
{
	struct conn *c = t->conn;
	struct txn **pp, *x;
	struct txn_change *ch;

	for (pp = &c->txns; (x = *pp); pp = &x->next) {
		if (x == t) {
			*pp = t->next;
			break;
		}
	}
	c->ntxns--;
	while ((ch = t->changes)) {
		t->changes = ch->next;
		free(ch->perms);
		free(ch);
	}
	node_table_fini(&t->nodes);
	free(t);
}

void txn_reset(struct conn *c)
{
	while (c->txns)
		txn_free(c->txns);
}

static int txn_check_one(struct node *n, void *arg)
{
	struct store *s = arg;
	struct node *g = node_find(&s->nodes, n->path);

	return (g ? g->gen : NODE_NO_GEN) == n->gen ? 0 : -EAGAIN;
}

static void txn_apply_one(struct node *n, void *arg)
{
	struct store *s = arg;

	if (n->modified)
		store_install(s, n);
	else
		node_free(n);
}

static void txn_fire(struct store *s, const struct txn_change *ch)
{
	struct perm_list rec = {ch->perms, ch->nperms}, now, none = {0};
	struct node *n;

	if (ch->rm) {
		watch_fire(s, ch->path, ch->match, rec, none);
		return;
	}
	n = node_find(&s->nodes, ch->path);
	if (!n)
		return; /* removed again later in the transaction */
	now.p = n->perms;
	now.n = n->nperms;
	watch_fire(s, ch->path, ch->match, now, rec);
}

int txn_end(struct txn *t, bool commit)
{
	struct store *s = t->conn->store;
	struct txn_change *ch;
	int rc = 0;

	if (commit) {
		rc = node_for_each(&t->nodes, txn_check_one, s);
		if (!rc) {
			node_table_drain(&t->nodes, txn_apply_one, s);
			for (ch = t->changes; ch; ch = ch->next)
				txn_fire(s, ch);
		}
	}
	txn_free(t);
	return rc;
}

int txn_get(struct store *s, struct txn *t, const char *path, struct node **out)
{
	struct node *n, *g;
	int rc;

	if (!t) {
		*out = node_find(&s->nodes, path);
		return 0;
	}
	n = node_find(&t->nodes, path);
	if (!n) {
		rc = quota_check(&s->quota, t->conn->privileged,
				 QUOTA_TXN_NODES, t->nodes.count + 1UL);
		if (rc)
			return rc;
		g = node_find(&s->nodes, path);
		n = g ? node_dup(g) : node_alloc(path);
		if (!n)
			return -ENOMEM;
		if (!g) {
			n->gen = NODE_NO_GEN;
			n->deleted = true;
		}
		node_insert(&t->nodes, n);
	}
	*out = n->deleted ? NULL : n;
	return 0;
}

void txn_edit(struct store *s, struct txn *t, const char *path,
	      struct node **out)
{
	struct node *n = node_find(t ? &t->nodes : &s->nodes, path);

	BUG_ON(!n || n->deleted);
	if (t)
		n->modified = true;
	else
		n->gen = ++s->gen;
	*out = n;
}

static bool txn_owned(const struct txn *t, const struct node *n)
{
	return n->nperms && n->perms[0].domid == conn_domid(t->conn);
}

void txn_create(struct store *s, struct txn *t, struct node *n)
{
	struct node *old;

	if (!t) {
		store_install(s, n);
		return;
	}
	old = node_unlink(&t->nodes, n->path);
	BUG_ON(!old || !old->deleted);
	n->gen = old->gen;
	n->modified = true;
	n->deleted = false;
	node_free(old);
	node_insert(&t->nodes, n);
	if (txn_owned(t, n))
		t->node_delta++;
}

void txn_remove(struct store *s, struct txn *t, const char *path)
{
	struct node *n;

	if (!t) {
		store_unlink(s, path);
		return;
	}
	n = node_find(&t->nodes, path);
	BUG_ON(!n || n->deleted);
	if (txn_owned(t, n))
		t->node_delta--;
	n->deleted = true;
	n->modified = true;
}

int txn_note(struct txn *t, const char *path, int match, bool rm,
	     struct perm_list perms)
{
	size_t len = strlen(path) + 1;
	struct txn_change *ch;

	ch = calloc(1, sizeof(*ch) + len);
	if (!ch)
		return -ENOMEM;
	if (perms.n) {
		ch->perms = malloc(perms.n * sizeof(*perms.p));
		if (!ch->perms) {
			free(ch);
			return -ENOMEM;
		}
		memcpy(ch->perms, perms.p, perms.n * sizeof(*perms.p));
		ch->nperms = perms.n;
	}
	ch->rm = rm;
	ch->match = (unsigned char)match;
	memcpy(ch->path, path, len);
	*t->changes_tail = ch;
	t->changes_tail = &ch->next;
	return 0;
}
