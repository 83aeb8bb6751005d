/* SPDX-License-Identifier: MIT */
/* Domains known to the store: introduction, release, targets, accounting. */
#ifndef XENSTORE_DOMAIN_H
#define XENSTORE_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "perms.h"

struct store;

/*
 * One record per domain that owns nodes, has a connection or was
 * introduced.  Records are kept after release while the domain still owns
 * nodes, so the node counts stay right when the toolstack removes them.
 */
struct domain {
	struct domain *next;
	unsigned int domid;
	bool introduced;      /* XS_INTRODUCE seen, no XS_RELEASE since */
	uint64_t mfn;	      /* ring page given at introduction */
	unsigned int port;    /* event channel given at introduction */
	unsigned int target;  /* XS_SET_TARGET, or PERM_NO_TARGET */
	unsigned int nodes;   /* nodes this domain owns */
	unsigned int watches; /* watches of all its connections */
	unsigned int conns;   /* connections using this record */
	uint64_t ops;	      /* requests served on its connections since it
				 was introduced (Dom0: since the start) */
};

/* Domain ids go up to DOMID_FIRST_RESERVED - 1 (0x7fef) in Xen. */
#define DOMAIN_ID_MAX 0x7fefu

/* Returns the record of @domid, or NULL. */
struct domain *domain_find(struct store *s, unsigned int domid);

/* Returns the record of @domid, creating it; NULL when out of memory. */
struct domain *domain_get(struct store *s, unsigned int domid);

/*
 * Adds @delta to the nodes owned by @domid.  Cannot fail: if the record
 * cannot be allocated the count is lost and a line is logged.
 */
void domain_account(struct store *s, unsigned int domid, int delta);

/* Drops the record of @domid if nothing refers to it any more. */
void domain_put(struct store *s, struct domain *d);

/*
 * XS_INTRODUCE: calls the embedder's introduce hook, marks @domid
 * introduced and fires "@introduceDomain".  Introducing a domain again
 * with the same page and port succeeds; with others it is -EEXIST.
 * Returns 0, -EINVAL for a reserved id, -EEXIST, -ENOMEM or the hook's
 * error.
 */
int domain_introduce(struct store *s, unsigned int domid, uint64_t mfn,
		     unsigned int port);

/*
 * Releases @domid: destroys its connections (with their watches and
 * transactions), calls the embedder's release hook and fires
 * "@releaseDomain".  Dom0 calls this directly when the hypervisor reports
 * a dead domain.  Returns 0, -ENOENT if @domid is not introduced, or
 * -EINVAL for domain 0.
 */
int domain_release(struct store *s, unsigned int domid);

/* XS_SET_TARGET: @domid may act on @target's nodes.  0, -ENOENT. */
int domain_set_target(struct store *s, unsigned int domid, unsigned int target);

/* True when @domid is introduced. */
bool domain_is_introduced(struct store *s, unsigned int domid);

/* Frees every record (store teardown). */
void domain_free_all(struct store *s);

#endif
