/* SPDX-License-Identifier: MIT */
/*
 * Grant tables v1: the per-domain tables, map and unmap with their pins,
 * revocation when a domain dies (see the essay in <hv/gnttab.h>).  The
 * copy operation and the hypercall's decoding live in gnttab_op.c.
 */
#include <errno.h>
#include <string.h>
#include <xen/memory.h>
#include <asm/p2m.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/gnttab.h>
#include <hv/memory.h>
#include <hv/mm.h>

#define P2M_RW	(P2M_READ | P2M_WRITE)

static struct grant_entry_v1 *shared_entry(const struct gnttab *gt,
					   grant_ref_t ref)
{
	struct grant_entry_v1 *f =
		maddr_to_virt(gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME]);

	return f + ref % GNTTAB_ENTRIES_PER_FRAME;
}

static struct gnttab_active *active_entry(const struct gnttab *gt,
					  grant_ref_t ref)
{
	struct gnttab_active *p =
		maddr_to_virt(gt->active[ref / GNTTAB_ACTIVE_PER_PAGE]);

	return p + ref % GNTTAB_ACTIVE_PER_PAGE;
}

static struct gnttab_maptrack *maptrack_entry(const struct gnttab *gt,
					      grant_handle_t h)
{
	struct gnttab_maptrack *p =
		maddr_to_virt(gt->maptrack[h / GNTTAB_MAPTRACK_PER_PAGE]);

	return p + h % GNTTAB_MAPTRACK_PER_PAGE;
}

static unsigned int nr_entries(const struct gnttab *gt)
{
	return gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
}

static unsigned int nr_handles(const struct gnttab *gt)
{
	return gt->nr_maptrack_frames * GNTTAB_MAPTRACK_PER_PAGE;
}

static unsigned int pins(const struct gnttab_active *act)
{
	return act->ro_pins + act->rw_pins;
}

/* Grows d's table to nr frames (each with its active pages). */
static int grow(struct gnttab *gt, unsigned int nr)
{
	unsigned int i, j;
	int rc;

	while (gt->nr_frames < nr) {
		i = gt->nr_frames;
		rc = page_alloc(DOMID_XEN, &gt->shared[i]);
		if (rc)
			return rc;
		for (j = 0; j < GNTTAB_ACTIVE_PAGES; j++) {
			rc = page_alloc(DOMID_XEN,
					&gt->active[i * GNTTAB_ACTIVE_PAGES + j]);
			if (rc)
				goto err_free_frame;
		}
		gt->shared_gfn[i] = GNTTAB_NO_GFN;
		gt->nr_frames++;
	}
	return 0;

err_free_frame:
	while (j--)
		page_free(gt->active[i * GNTTAB_ACTIVE_PAGES + j]);
	page_free(gt->shared[i]);
	return rc;
}

int gnttab_domain_init(struct domain *d)
{
	memset(&d->gnttab, 0, sizeof(d->gnttab));
	d->gnttab.maptrack_free = GNTTAB_NO_HANDLE;
	return grow(&d->gnttab, 1);
}

uint64_t gnttab_frame_gfn(const struct domain *d, unsigned int i)
{
	return d->gnttab.shared_gfn[i];
}

int gnttab_add_to_physmap(struct domain *d, unsigned long idx, uint64_t gfn)
{
	struct gnttab *gt = &d->gnttab;
	uint64_t old;
	int rc;

	if (idx & XENMAPIDX_grant_table_status)
		return -EINVAL;		/* status frames are v2's */
	if (idx >= MAX_GRANT_FRAMES || gfn >= MAX_GUEST_GFN)
		return -EINVAL;
	if (idx < gt->nr_frames && gt->shared_gfn[idx] == gfn)
		return 0;
	rc = memory_clear_gfn(d, gfn);
	if (rc)
		return rc;
	rc = grow(gt, (unsigned int)idx + 1);
	if (rc)
		return rc;
	rc = p2m_set(&d->p2m, gfn, gt->shared[idx], P2M_RW);
	if (rc)
		return rc;
	old = gt->shared_gfn[idx];
	if (old != GNTTAB_NO_GFN)
		p2m_set(&d->p2m, old, 0, 0);
	gt->shared_gfn[idx] = gfn;
	return 0;
}

bool gnttab_frame_pinned(const struct domain *d, paddr_t maddr)
{
	const struct gnttab *gt = &d->gnttab;
	const struct gnttab_active *act;
	unsigned int ref;

	for (ref = 0; ref < nr_entries(gt); ref++) {
		act = active_entry(gt, ref);
		if (pins(act) && ((paddr_t)act->mfn << PAGE_SHIFT) == maddr)
			return true;
	}
	return false;
}

void gnttab_setup(struct domain *ld, struct gnttab_setup_table *op,
		  struct domain **target)
{
	struct domain *d;

	*target = NULL;
	op->status = GNTST_general_error;
	if (op->nr_frames > MAX_GRANT_FRAMES)
		return;
	d = op->dom == DOMID_SELF ? ld : domain_by_id(op->dom);
	if (!d) {
		op->status = GNTST_bad_domain;
		return;
	}
	if (d != ld && !ld->is_privileged) {
		op->status = GNTST_permission_denied;
		return;
	}
	if (grow(&d->gnttab, op->nr_frames))
		return;
	*target = d;
	op->status = GNTST_okay;
}

/*
 * The machine frame behind gfn of rd when it is rd's own RAM (what a grant
 * may name), else 0.
 */
static paddr_t granted_frame(struct domain *rd, uint64_t gfn)
{
	paddr_t maddr = p2m_frame(&rd->p2m, gfn);

	return maddr && page_owner(maddr) == rd->domain_id ? maddr : 0;
}

/* Sets e's GTF_reading / GTF_writing to what the pins of act hold. */
static void sync_flags(struct grant_entry_v1 *e, const struct gnttab_active *act)
{
	uint16_t clear = 0;

	if (!act->rw_pins)
		clear |= GTF_writing;
	if (!pins(act))
		clear |= GTF_reading;
	__atomic_fetch_and(&e->flags, (uint16_t)~clear, __ATOMIC_SEQ_CST);
}

/*
 * Claims rd's entry ref for ldomid (for writing too unless ro) and finds
 * the frame: the pinned one when the reference is pinned, else the one
 * the entry names.  The claim sets GTF_reading (and GTF_writing) in the
 * same compare-and-swap that checks the flags and the domid, because the
 * granter may be ending the grant on another CPU right now: it swaps the
 * flags to 0 only while neither bit is set, so one of the two sees the
 * other.  The frame is read after the claim, when the granter may no
 * longer change it.  Undo with sync_flags() unless a pin keeps the claim.
 */
static int16_t claim_entry(struct domain *rd, grant_ref_t ref,
			   domid_t ldomid, bool ro, paddr_t *maddr)
{
	const struct gnttab *gt = &rd->gnttab;
	struct grant_entry_v1 *e;
	const struct gnttab_active *act;
	uint32_t *word, old, want;
	uint16_t flags;

	_Static_assert(offsetof(struct grant_entry_v1, flags) == 0 &&
		       offsetof(struct grant_entry_v1, domid) == 2,
		       "flags and domid share one 32-bit word");
	if (ref >= nr_entries(gt))
		return GNTST_bad_gntref;
	e = shared_entry(gt, ref);
	act = active_entry(gt, ref);
	word = (uint32_t *)e;
	old = __atomic_load_n(word, __ATOMIC_SEQ_CST);
	do {
		flags = (uint16_t)old;
		if ((flags & GTF_type_mask) != GTF_permit_access ||
		    (domid_t)(old >> 16) != ldomid ||
		    (!ro && (flags & GTF_readonly)))
			return GNTST_general_error;
		want = old | GTF_reading | (ro ? 0 : GTF_writing);
	} while (!__atomic_compare_exchange_n(word, &old, want, false,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	if (pins(act))
		*maddr = act->domid == ldomid ? (paddr_t)act->mfn << PAGE_SHIFT : 0;
	else
		*maddr = granted_frame(rd, __atomic_load_n(&e->frame,
							   __ATOMIC_SEQ_CST));
	if (*maddr)
		return GNTST_okay;
	sync_flags(e, act);
	return pins(act) ? GNTST_general_error : GNTST_bad_page;
}

/* Checks a map request's arguments; on success *rdp is the granter. */
static int16_t map_check(struct domain *ld, const struct gnttab_map_grant_ref *op,
			 struct domain **rdp)
{
	uint64_t gfn = op->host_addr >> PAGE_SHIFT;
	struct domain *rd;
	paddr_t cur;
	unsigned int perms;

	if (!(op->flags & (GNTMAP_host_map | GNTMAP_device_map)))
		return GNTST_bad_gntref;
	/* No IOMMU and no PV page tables: host mappings only, as Xen for HVM. */
	if (op->flags & (GNTMAP_device_map | GNTMAP_application_map |
			 GNTMAP_contains_pte))
		return GNTST_general_error;
	rd = domain_by_id(op->dom);
	if (!rd || rd == ld || rd->state != DOMAIN_RUNNING)
		return GNTST_bad_domain;
	if ((op->host_addr & (PAGE_SIZE - 1)) || gfn >= MAX_GUEST_GFN ||
	    !p2m_get(&ld->p2m, gfn, &cur, &perms))
		return GNTST_bad_virt_addr;
	*rdp = rd;
	return GNTST_okay;
}

/*
 * Adds a maptrack frame to gt, its handles to the free list (lowest
 * first).  Returns GNTST_no_device_space (Xen's answer, not no_space) at
 * the limit or without memory.
 */
static int16_t grow_maptrack(struct gnttab *gt)
{
	struct gnttab_maptrack *mt;
	unsigned int i, first = gt->nr_maptrack_frames * GNTTAB_MAPTRACK_PER_PAGE;

	if (gt->nr_maptrack_frames == MAX_MAPTRACK_FRAMES ||
	    page_alloc(DOMID_XEN, &gt->maptrack[gt->nr_maptrack_frames]))
		return GNTST_no_device_space;
	mt = maddr_to_virt(gt->maptrack[gt->nr_maptrack_frames++]);
	for (i = 0; i < GNTTAB_MAPTRACK_PER_PAGE; i++) {
		mt[i].flags = 0;
		mt[i].ref = i + 1 < GNTTAB_MAPTRACK_PER_PAGE ? first + i + 1
							    : gt->maptrack_free;
	}
	gt->maptrack_free = first;
	return GNTST_okay;
}

/*
 * The handle a map of gt will take (the head of the free list), growing
 * the maptrack when none is free; the map takes it off the list once it
 * can no longer fail.
 */
static int16_t next_handle(struct gnttab *gt, grant_handle_t *h)
{
	int16_t st;

	if (gt->maptrack_free == GNTTAB_NO_HANDLE) {
		st = grow_maptrack(gt);
		if (st != GNTST_okay)
			return st;
	}
	*h = gt->maptrack_free;
	return GNTST_okay;
}

void gnttab_map(struct domain *ld, struct gnttab_map_grant_ref *op)
{
	bool ro = op->flags & GNTMAP_readonly;
	uint64_t gfn = op->host_addr >> PAGE_SHIFT;
	struct gnttab_maptrack *mt;
	struct gnttab_active *act;
	struct grant_entry_v1 *e;
	struct domain *rd;
	grant_handle_t h;
	paddr_t maddr;

	op->status = map_check(ld, op, &rd);
	if (op->status == GNTST_okay)
		op->status = next_handle(&ld->gnttab, &h);
	if (op->status == GNTST_okay)
		op->status = claim_entry(rd, op->ref, ld->domain_id, ro, &maddr);
	if (op->status != GNTST_okay)
		return;
	act = active_entry(&rd->gnttab, op->ref);
	e = shared_entry(&rd->gnttab, op->ref);
	/* A pin count that would wrap is refused, as Xen refuses it. */
	if ((ro ? act->ro_pins : act->rw_pins) == UINT16_MAX ||
	    p2m_set(&ld->p2m, gfn, maddr, ro ? P2M_READ : P2M_RW)) {
		sync_flags(e, act);
		op->status = GNTST_general_error;
		return;
	}
	if (!pins(act)) {
		act->mfn = (uint32_t)(maddr >> PAGE_SHIFT);
		act->gfn = e->frame;
		act->domid = ld->domain_id;
	}
	if (ro)
		act->ro_pins++;
	else
		act->rw_pins++;
	mt = maptrack_entry(&ld->gnttab, h);
	ld->gnttab.maptrack_free = mt->ref;
	*mt = (struct gnttab_maptrack){ gfn, op->ref, rd->domain_id,
					GNTTAB_MT_INUSE |
					(ro ? GNTTAB_MT_READONLY : 0) };
	ld->gnttab.nr_maps++;
	op->handle = h;
	op->dev_bus_addr = 0;
}

/*
 * Frees a frame whose last pin just went when its granter has already
 * taken it out of its physmap (ballooned it out while it was mapped).
 */
static void free_if_orphaned(struct domain *rd, const struct gnttab_active *act)
{
	paddr_t maddr = (paddr_t)act->mfn << PAGE_SHIFT, cur;
	unsigned int perms;

	if (page_owner(maddr) != rd->domain_id)
		return;
	if (!p2m_get(&rd->p2m, act->gfn, &cur, &perms) && cur == maddr)
		return;
	if (gnttab_frame_pinned(rd, maddr))
		return;
	page_free(maddr);
	rd->tot_pages--;
}

/* Drops one pin of rd's reference ref and clears the flags it held. */
static void unpin(struct domain *rd, grant_ref_t ref, bool ro)
{
	struct gnttab_active *act = active_entry(&rd->gnttab, ref);
	struct grant_entry_v1 *e = shared_entry(&rd->gnttab, ref);

	BUG_ON(ro ? !act->ro_pins : !act->rw_pins);
	if (ro)
		act->ro_pins--;
	else
		act->rw_pins--;
	sync_flags(e, act);
	if (!pins(act))
		free_if_orphaned(rd, act);
}

static void free_handle(struct gnttab *gt, grant_handle_t h)
{
	struct gnttab_maptrack *mt = maptrack_entry(gt, h);

	mt->flags = 0;
	mt->ref = gt->maptrack_free;
	gt->maptrack_free = h;
	gt->nr_maps--;
}

/* Takes mapping h of ld away: its p2m entry, then the granter's pin. */
static void unmap_one(struct domain *ld, grant_handle_t h)
{
	struct gnttab_maptrack *mt = maptrack_entry(&ld->gnttab, h);
	struct domain *rd;

	if (!(mt->flags & GNTTAB_MT_REVOKED)) {
		rd = domain_by_id(mt->dom);
		BUG_ON(!rd);	/* a dying granter revokes before it goes */
		p2m_set(&ld->p2m, mt->gfn, 0, 0);
		unpin(rd, mt->ref, mt->flags & GNTTAB_MT_READONLY);
	}
	free_handle(&ld->gnttab, h);
}

void gnttab_unmap(struct domain *ld, struct gnttab_unmap_grant_ref *op)
{
	struct gnttab_maptrack *mt;

	if (op->handle >= nr_handles(&ld->gnttab)) {
		op->status = GNTST_bad_handle;
		return;
	}
	mt = maptrack_entry(&ld->gnttab, op->handle);
	if (!(mt->flags & GNTTAB_MT_INUSE)) {
		op->status = GNTST_bad_handle;
		return;
	}
	if (!(mt->flags & GNTTAB_MT_REVOKED) &&
	    ((op->host_addr & (PAGE_SIZE - 1)) ||
	     op->host_addr >> PAGE_SHIFT != mt->gfn)) {
		op->status = GNTST_general_error;
		return;
	}
	unmap_one(ld, op->handle);
	op->status = GNTST_okay;
}

/* Removes every mapping the mapper of act holds of d's reference ref. */
static void revoke(struct domain *d, grant_ref_t ref,
		   struct gnttab_active *act)
{
	struct domain *md = domain_by_id(act->domid);
	struct gnttab_maptrack *mt;
	unsigned int h;

	BUG_ON(!md);	/* a dying mapper unmaps before it goes */
	for (h = 0; h < nr_handles(&md->gnttab); h++) {
		mt = maptrack_entry(&md->gnttab, h);
		if ((mt->flags & (GNTTAB_MT_INUSE | GNTTAB_MT_REVOKED)) !=
			    GNTTAB_MT_INUSE ||
		    mt->dom != d->domain_id || mt->ref != ref)
			continue;
		p2m_set(&md->p2m, mt->gfn, 0, 0);
		mt->flags |= GNTTAB_MT_REVOKED;
	}
	memset(act, 0, sizeof(*act));
}

void gnttab_domain_destroy(struct domain *d)
{
	struct gnttab *gt = &d->gnttab;
	struct gnttab_maptrack *mt;
	struct gnttab_active *act;
	unsigned int i, j, revoked = 0;

	for (i = 0; i < nr_handles(gt); i++) {
		mt = maptrack_entry(gt, i);
		if (mt->flags & GNTTAB_MT_INUSE)
			unmap_one(d, i);
	}
	for (i = 0; i < nr_entries(gt); i++) {
		act = active_entry(gt, i);
		if (pins(act)) {
			revoke(d, i, act);
			revoked++;
		}
	}
	if (revoked)
		printk("domain %u: %u grants revoked from their mappers\n",
		       d->domain_id, revoked);
	for (i = 0; i < gt->nr_frames; i++) {
		page_free(gt->shared[i]);
		for (j = 0; j < GNTTAB_ACTIVE_PAGES; j++)
			page_free(gt->active[i * GNTTAB_ACTIVE_PAGES + j]);
	}
	for (i = 0; i < gt->nr_maptrack_frames; i++)
		page_free(gt->maptrack[i]);
	memset(gt, 0, sizeof(*gt));
}

void gnttab_usage(const struct domain *d, struct gnttab_usage *u)
{
	const struct gnttab *gt = &d->gnttab;
	unsigned int i;

	u->frames = gt->nr_frames;
	u->entries = u->entries_mapped = 0;
	for (i = 0; i < nr_entries(gt); i++) {
		uint16_t flags = __atomic_load_n(&shared_entry(gt, i)->flags,
						 __ATOMIC_RELAXED);

		u->entries += (flags & GTF_type_mask) != GTF_invalid;
		u->entries_mapped += pins(active_entry(gt, i)) != 0;
	}
	u->maps = gt->nr_maps;
}

/*
 * One side of a copy: the hypervisor's pointer to the bytes, after the
 * checks Xen makes.  A frame number names the caller's own RAM and only
 * with DOMID_SELF; a reference names a grant to the caller, claimed (as
 * a mapping would) until copy_done() on *dp, the domain it names.
 */
static int16_t copy_side(struct domain *ld, const struct gnttab_copy_ptr *p,
			 bool is_gref, bool write, char **buf,
			 struct domain **dp)
{
	struct domain *d;
	paddr_t maddr;
	int16_t st;

	if (!is_gref && p->domid != DOMID_SELF)
		return GNTST_permission_denied;
	d = p->domid == DOMID_SELF ? ld : domain_by_id(p->domid);
	if (!d || d->state != DOMAIN_RUNNING)
		return GNTST_bad_domain;
	if (is_gref) {
		st = claim_entry(d, p->u.ref, ld->domain_id, !write, &maddr);
		if (st != GNTST_okay)
			return st;
	} else {
		maddr = p->u.gmfn < MAX_GUEST_GFN ? granted_frame(ld, p->u.gmfn)
						  : 0;
		if (!maddr)
			return GNTST_bad_page;
	}
	*buf = (char *)maddr_to_virt(maddr) + p->offset;
	*dp = d;
	return GNTST_okay;
}

/* Drops the claim copy_side() took on d's reference ref. */
static void copy_done(struct domain *d, grant_ref_t ref)
{
	sync_flags(shared_entry(&d->gnttab, ref), active_entry(&d->gnttab, ref));
}

void gnttab_copy(struct domain *ld, struct gnttab_copy *op)
{
	bool src_ref = op->flags & GNTCOPY_source_gref;
	bool dst_ref = op->flags & GNTCOPY_dest_gref;
	struct domain *sd, *dd;
	char *src, *dst;

	if ((op->flags & ~(GNTCOPY_source_gref | GNTCOPY_dest_gref)) ||
	    op->source.offset + op->len > PAGE_SIZE ||
	    op->dest.offset + op->len > PAGE_SIZE) {
		op->status = GNTST_bad_copy_arg;
		return;
	}
	op->status = copy_side(ld, &op->source, src_ref, false, &src, &sd);
	if (op->status != GNTST_okay)
		return;
	op->status = copy_side(ld, &op->dest, dst_ref, true, &dst, &dd);
	if (op->status == GNTST_okay) {
		memmove(dst, src, op->len);
		if (dst_ref)
			copy_done(dd, op->dest.u.ref);
	}
	if (src_ref)
		copy_done(sd, op->source.u.ref);
}

void gnttab_swap(struct domain *ld, struct gnttab_swap_grant_ref *op)
{
	struct gnttab *gt = &ld->gnttab;
	struct grant_entry_v1 *a, *b, t;

	if (op->ref_a >= nr_entries(gt) || op->ref_b >= nr_entries(gt)) {
		op->status = GNTST_bad_gntref;
		return;
	}
	op->status = GNTST_okay;
	if (op->ref_a == op->ref_b)
		return;
	if (pins(active_entry(gt, op->ref_a)) ||
	    pins(active_entry(gt, op->ref_b))) {
		op->status = GNTST_eagain;
		return;
	}
	a = shared_entry(gt, op->ref_a);
	b = shared_entry(gt, op->ref_b);
	t = *a;
	*a = *b;
	*b = t;
}
