/* SPDX-License-Identifier: MIT */
/*
 * Foreign mappings: Dom0's window on other domains' frames, and the table
 * that revokes them before those frames are freed (see <hv/foreign.h>).
 */
#include <errno.h>
#include <asm/p2m.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/foreign.h>
#include <hv/mm.h>

struct foreign_row {
	bool used;
	bool revoked;		/* the owner is gone: nothing mapped */
	domid_t mapper;
	domid_t owner;
	uint64_t gpfn;		/* in the mapper */
	paddr_t maddr;		/* the owner's frame */
};

static struct foreign_row rows[MAX_FOREIGN_MAPS];

static struct foreign_row *find(domid_t mapper, uint64_t gpfn)
{
	unsigned int i;

	for (i = 0; i < MAX_FOREIGN_MAPS; i++)
		if (rows[i].used && rows[i].mapper == mapper &&
		    rows[i].gpfn == gpfn)
			return &rows[i];
	return NULL;
}

static struct foreign_row *free_row(void)
{
	unsigned int i;

	for (i = 0; i < MAX_FOREIGN_MAPS; i++)
		if (!rows[i].used)
			return &rows[i];
	return NULL;
}

/* Takes row r's mapping out of its mapper's p2m (when still there). */
static void unmap_row(struct foreign_row *r)
{
	struct domain *m;

	if (r->revoked)
		return;
	m = domain_by_id(r->mapper);
	BUG_ON(!m);	/* a dying mapper drops its rows first */
	p2m_set(&m->p2m, r->gpfn, 0, 0);
}

int foreign_map(struct domain *mapper, struct domain *owner, uint64_t gfn,
		uint64_t gpfn)
{
	struct foreign_row *r, *stale;
	paddr_t maddr, cur;
	unsigned int perms;
	int rc;

	if (owner == mapper || gfn >= MAX_GUEST_GFN || gpfn >= MAX_GUEST_GFN)
		return -EINVAL;
	if (p2m_get(&owner->p2m, gfn, &maddr, &perms) ||
	    page_owner(maddr) != owner->domain_id)
		return -EINVAL;
	if (!p2m_get(&mapper->p2m, gpfn, &cur, &perms))
		return -EBUSY;
	stale = find(mapper->domain_id, gpfn);	/* a revoked row there */
	r = stale ? stale : free_row();
	if (!r)
		return -ENOSPC;
	rc = p2m_set(&mapper->p2m, gpfn, maddr, P2M_READ | P2M_WRITE);
	if (rc)
		return rc;
	*r = (struct foreign_row){ true, false, mapper->domain_id,
				   owner->domain_id, gpfn, maddr };
	return 0;
}

int foreign_unmap(struct domain *mapper, uint64_t gpfn)
{
	struct foreign_row *r = find(mapper->domain_id, gpfn);

	if (!r)
		return -ENOENT;
	unmap_row(r);
	r->used = false;
	return 0;
}

void foreign_revoke_frame(paddr_t maddr)
{
	unsigned int i;

	for (i = 0; i < MAX_FOREIGN_MAPS; i++)
		if (rows[i].used && !rows[i].revoked &&
		    rows[i].maddr == maddr) {
			unmap_row(&rows[i]);
			rows[i].used = false;
		}
}

void foreign_domain_destroy(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < MAX_FOREIGN_MAPS; i++) {
		if (!rows[i].used)
			continue;
		if (rows[i].mapper == d->domain_id) {
			rows[i].used = false;	/* its p2m goes whole */
		} else if (rows[i].owner == d->domain_id && !rows[i].revoked) {
			unmap_row(&rows[i]);
			rows[i].revoked = true;
		}
	}
}
