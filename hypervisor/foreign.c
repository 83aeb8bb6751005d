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
	bool revoked;		/* the owner is gone: the scratch frame is mapped */
	domid_t mapper;
	domid_t owner;
	uint64_t gpfn;		/* in the mapper */
	paddr_t maddr;		/* the owner's frame */
};

#define ROWS_PER_PAGE	(PAGE_SIZE / sizeof(struct foreign_row))

/*
 * The rows, in frames taken as mappings come (the table doubles) and
 * given back as they go (it halves once a quarter full), so that memory,
 * not a constant, bounds how many mappings there are.
 */
static struct foreign_row *rows;
static unsigned long row_pages;
static unsigned int nr_rows, nr_used;	/* rows the frames hold, rows used */
static paddr_t scratch;			/* while any row is revoked */
static unsigned int nr_revoked;

static struct foreign_row *find(domid_t mapper, uint64_t gpfn)
{
	unsigned int i;

	for (i = 0; i < nr_rows; i++)
		if (rows[i].used && rows[i].mapper == mapper &&
		    rows[i].gpfn == gpfn)
			return &rows[i];
	return NULL;
}

/*
 * Moves the used rows into pages new frames (none: no row).  0 or -ENOMEM.
 * One frame comes from page_alloc(), which starts at its hint: Dom0 maps
 * and unmaps in batches, so the table goes from empty to one page at every
 * batch, and page_alloc_contig() would search from frame 0 past every
 * domain's memory each time (a millisecond under QEMU TCG).
 */
static int resize(unsigned long pages)
{
	struct foreign_row *to = NULL;
	unsigned int i, n = 0;
	unsigned long k;
	paddr_t maddr;
	int rc = 0;

	if (pages == 1)
		rc = page_alloc(DOMID_XEN, &maddr);
	else if (pages)
		rc = page_alloc_contig(DOMID_XEN, pages, 0, &maddr);
	if (rc)
		return -ENOMEM;
	if (pages)
		to = maddr_to_virt(maddr);
	for (i = 0; i < nr_rows; i++)
		if (rows[i].used)
			to[n++] = rows[i];
	for (k = 0; k < row_pages; k++)
		page_free(virt_to_maddr(rows) + k * PAGE_SIZE);
	rows = to;
	row_pages = pages;
	nr_rows = (unsigned int)(pages * ROWS_PER_PAGE);
	return 0;
}

/*
 * Halves the table once it is a quarter full (failing to is harmless),
 * and gives it all back once empty.
 */
static void maybe_shrink(void)
{
	if (row_pages && !nr_used)
		resize(0);
	else if (row_pages > 1 && nr_used <= nr_rows / 4)
		resize(row_pages / 2);
}

static struct foreign_row *free_row(void)
{
	unsigned int i;

	for (i = 0; i < nr_rows; i++)
		if (!rows[i].used)
			return &rows[i];
	if (resize(row_pages ? 2 * row_pages : 1))
		return NULL;
	return &rows[nr_used];	/* resize() packed the used ones first */
}

static struct domain *mapper_of(const struct foreign_row *r)
{
	struct domain *m = domain_by_id(r->mapper);

	BUG_ON(!m);	/* a dying mapper drops its rows first */
	return m;
}

/* Frees the scratch frame once no revoked row maps it. */
static void scratch_put(void)
{
	if (scratch && !nr_revoked) {
		page_free(scratch);
		scratch = 0;
	}
}

/* Forgets row r: its gpfn in the mapper becomes a hole again. */
static void drop_row(struct foreign_row *r)
{
	p2m_set(&mapper_of(r)->p2m, r->gpfn, 0, 0);
	if (r->revoked)
		nr_revoked--;
	r->used = false;
	nr_used--;
	scratch_put();
}

/*
 * Points row r's gpfn at the scratch frame (replacing an entry never needs
 * a new table).  With no frame to spare the gpfn becomes a hole and the
 * row goes: a stale access then faults the mapper, never another domain.
 */
static void revoke_row(struct foreign_row *r)
{
	struct domain *m = mapper_of(r);

	if (scratch || !page_alloc(DOMID_XEN, &scratch)) {
		p2m_set(&m->p2m, r->gpfn, scratch, P2M_READ | P2M_WRITE);
		r->revoked = true;
		nr_revoked++;
		return;
	}
	p2m_set(&m->p2m, r->gpfn, 0, 0);
	r->used = false;
	nr_used--;
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
	stale = find(mapper->domain_id, gpfn);	/* a revoked row there */
	if (stale && stale->revoked)
		drop_row(stale);
	if (!p2m_get(&mapper->p2m, gpfn, &cur, &perms))
		return -EBUSY;
	r = free_row();
	if (!r)
		return -ENOMEM;
	rc = p2m_set(&mapper->p2m, gpfn, maddr, P2M_READ | P2M_WRITE);
	if (rc)
		return rc;
	*r = (struct foreign_row){ true, false, mapper->domain_id,
				   owner->domain_id, gpfn, maddr };
	nr_used++;
	return 0;
}

int foreign_unmap(struct domain *mapper, uint64_t gpfn)
{
	struct foreign_row *r = find(mapper->domain_id, gpfn);

	if (!r)
		return -ENOENT;
	drop_row(r);
	maybe_shrink();
	return 0;
}

void foreign_revoke_frame(paddr_t maddr)
{
	unsigned int i;

	for (i = 0; i < nr_rows; i++)
		if (rows[i].used && !rows[i].revoked &&
		    rows[i].maddr == maddr)
			revoke_row(&rows[i]);
}

void foreign_domain_destroy(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < nr_rows; i++) {
		if (!rows[i].used)
			continue;
		if (rows[i].mapper == d->domain_id) {
			/* Its p2m goes whole; only the scratch count changes. */
			nr_revoked -= rows[i].revoked;
			rows[i].used = false;
			nr_used--;
			scratch_put();
		} else if (rows[i].owner == d->domain_id && !rows[i].revoked) {
			revoke_row(&rows[i]);
		}
	}
	maybe_shrink();
}
