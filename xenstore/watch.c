/* SPDX-License-Identifier: MIT */
/* Watch registration and event delivery (see watch.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "domain.h"
#include "path.h"
#include "store.h"
#include "watch.h"

static struct watch **watch_slot(struct conn *c, const char *path,
				 const char *token)
{
	struct watch **pp;

	for (pp = &c->watches; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->path, path) && !strcmp((*pp)->token, token))
			return pp;
	return NULL;
}

int watch_add_check(struct conn *c, const char *path, const char *token)
{
	if (watch_slot(c, path, token))
		return -EEXIST;
	return quota_check(&c->store->quota, c->privileged, QUOTA_WATCHES,
			   c->domain->watches + 1UL);
}

int watch_add(struct conn *c, const char *path, const char *token,
	      unsigned int rel_off)
{
	size_t pl = strlen(path) + 1, tl = strlen(token) + 1;
	struct watch *w;
	int rc;

	rc = watch_add_check(c, path, token);
	if (rc)
		return rc;
	w = malloc(sizeof(*w) + pl + tl);
	if (!w)
		return -ENOMEM;
	memcpy(w->path, path, pl);
	w->token = w->path + pl;
	memcpy(w->token, token, tl);
	w->rel_off = rel_off;
	w->next = c->watches;
	c->watches = w;
	c->domain->watches++;
	conn_event(c, path + rel_off, token);
	return 0;
}

int watch_remove(struct conn *c, const char *path, const char *token)
{
	struct watch **pp = watch_slot(c, path, token), *w;

	if (!pp)
		return -ENOENT;
	w = *pp;
	*pp = w->next;
	c->domain->watches--;
	free(w);
	return 0;
}

void watch_reset(struct conn *c)
{
	struct watch *w;

	while ((w = c->watches)) {
		c->watches = w->next;
		c->domain->watches--;
		free(w);
	}
}

/* The permissions of @path's parent in the store, found once per change. */
struct watch_parent {
	bool looked;
	struct perm_list perms;
};

static struct perm_list watch_parent_perms(struct store *s, const char *path,
					   struct watch_parent *wp)
{
	struct node *n = NULL;
	char *parent;

	if (!wp->looked) {
		wp->looked = true;
		parent = malloc(strlen(path) + 1);
		if (parent && node_parent(path, parent))
			n = node_find(&s->nodes, parent);
		free(parent);
		if (n) {
			wp->perms.p = n->perms;
			wp->perms.n = n->nperms;
		}
	}
	return wp->perms;
}

static bool watch_reads(const struct perm_who *who, struct perm_list l)
{
	return l.n && (perms_access(l.p, l.n, who) & PERM_READ);
}

static bool watch_may_see(struct conn *c, const char *path,
			  struct perm_list now, struct perm_list before,
			  struct watch_parent *wp)
{
	struct perm_who who = conn_who(c);
	struct node *sp;

	if (path[0] == '@') {
		sp = node_find(&c->store->special, path);
		if (!sp)
			return c->privileged;
		now.p = sp->perms;
		now.n = sp->nperms;
		return watch_reads(&who, now) || watch_reads(&who, before);
	}
	return watch_reads(&who, now) || watch_reads(&who, before) ||
	       watch_reads(&who, watch_parent_perms(c->store, path, wp));
}

void watch_fire(struct store *s, const char *path, enum watch_match match,
		struct perm_list now, struct perm_list before)
{
	struct watch_parent wp = {false, {NULL, 0}};
	struct watch *w;
	struct conn *c;
	bool hit;

	for (c = s->conns; c; c = c->next) {
		if (!c->watches || !watch_may_see(c, path, now, before, &wp))
			continue;
		for (w = c->watches; w; w = w->next) {
			if (match == WATCH_EXACT || path[0] == '@')
				hit = !strcmp(w->path, path);
			else
				hit = w->path[0] == '/' &&
				      path_is_under(path, w->path);
			if (hit)
				conn_event(c, path + w->rel_off, w->token);
		}
	}
}
