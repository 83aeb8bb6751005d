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

static bool watch_may_see(const struct conn *c, const struct perm *p,
			  unsigned int n)
{
	struct perm_who who = conn_who(c);

	if (!p)
		return c->privileged;
	return perms_access(p, n, &who) & PERM_READ;
}

void watch_fire(struct store *s, const char *path, const struct perm *p,
		unsigned int n, bool recursive)
{
	struct watch *w;
	struct conn *c;

	for (c = s->conns; c; c = c->next) {
		if (!c->watches || !watch_may_see(c, p, n))
			continue;
		for (w = c->watches; w; w = w->next) {
			if (!p) {
				if (!strcmp(w->path, path))
					conn_event(c, w->path, w->token);
			} else if (w->path[0] != '/') {
				continue;
			} else if (path_is_under(path, w->path)) {
				conn_event(c, path + w->rel_off, w->token);
			} else if (recursive && path_is_under(w->path, path)) {
				conn_event(c, w->path + w->rel_off, w->token);
			}
		}
	}
}
