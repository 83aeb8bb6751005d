/* SPDX-License-Identifier: MIT */
/* Domain records: introduction, release, targets and node accounting. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "conn.h"
#include "domain.h"
#include "store.h"
#include "watch.h"

static const struct perm_list no_perms = {NULL, 0};

struct domain *domain_find(struct store *s, unsigned int domid)
{
	struct domain *d;

	for (d = s->domains; d; d = d->next)
		if (d->domid == domid)
			return d;
	return NULL;
}

struct domain *domain_get(struct store *s, unsigned int domid)
{
	struct domain *d = domain_find(s, domid);

	if (d)
		return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->domid = domid;
	d->target = PERM_NO_TARGET;
	d->next = s->domains;
	s->domains = d;
	return d;
}

void domain_put(struct store *s, struct domain *d)
{
	struct domain **pp;

	if (d->introduced || d->nodes || d->conns || d->watches)
		return;
	for (pp = &s->domains; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			free(d);
			return;
		}
	}
}

void domain_account(struct store *s, unsigned int domid, int delta)
{
	struct domain *d = domain_get(s, domid);
	char line[80];

	if (!d) {
		snprintf(line, sizeof(line),
			 "domain %u: node count lost (out of memory)", domid);
		store_log(s, line);
		return;
	}
	if (delta < 0 && d->nodes < (unsigned int)-delta)
		d->nodes = 0;
	else
		d->nodes = (unsigned int)((int)d->nodes + delta);
	domain_put(s, d);
}

int domain_introduce(struct store *s, unsigned int domid, uint64_t mfn,
		     unsigned int port)
{
	struct domain *d;
	int rc;

	if (domid == 0 || domid > DOMAIN_ID_MAX)
		return -EINVAL;
	d = domain_find(s, domid);
	if (d && d->introduced)
		return (d->mfn == mfn && d->port == port) ? 0 : -EEXIST;
	d = domain_get(s, domid);
	if (!d)
		return -ENOMEM;
	if (s->hooks.introduce) {
		rc = s->hooks.introduce(s, domid, mfn, port, s->hooks.opaque);
		if (rc) {
			domain_put(s, d);
			return rc;
		}
	}
	d->introduced = true;
	d->ops = 0; /* a new domain, maybe an old domid's record */
	d->mfn = mfn;
	d->port = port;
	watch_fire(s, WATCH_INTRODUCE, WATCH_EXACT, no_perms, no_perms);
	return 0;
}

int domain_release(struct store *s, unsigned int domid)
{
	struct domain *d = domain_find(s, domid);
	struct conn *c, *next;

	if (domid == 0)
		return -EINVAL;
	if (!d || !d->introduced)
		return -ENOENT;
	d->conns++; /* keep @d while its connections go */
	for (c = s->conns; c; c = next) {
		next = c->next;
		if (c->domain != d)
			continue;
		if (c->ops && c->ops->closed)
			c->ops->closed(c);
		conn_destroy(c);
		next = s->conns; /* the list changed: start again */
	}
	d->conns--;
	d->introduced = false;
	d->target = PERM_NO_TARGET;
	if (s->hooks.release)
		s->hooks.release(s, domid, s->hooks.opaque);
	domain_put(s, d);
	watch_fire(s, WATCH_RELEASE, WATCH_EXACT, no_perms, no_perms);
	return 0;
}

int domain_set_target(struct store *s, unsigned int domid, unsigned int target)
{
	struct domain *d = domain_find(s, domid);

	if (!d || !d->introduced || !domain_is_introduced(s, target))
		return -ENOENT;
	d->target = target;
	return 0;
}

bool domain_is_introduced(struct store *s, unsigned int domid)
{
	struct domain *d = domain_find(s, domid);

	return d && d->introduced;
}

void domain_free_all(struct store *s)
{
	struct domain *d;

	while ((d = s->domains)) {
		s->domains = d->next;
		free(d);
	}
}
