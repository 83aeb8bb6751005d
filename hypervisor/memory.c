/* SPDX-License-Identifier: MIT */
/*
 * The memory_op hypercall: the memory map, reservations (populate,
 * decrease, increase, current, maximum), add_to_physmap (and its batch
 * form, for foreign frames), whose spaces are decoded here in one switch
 * and handed to their subsystems, and remove_from_physmap.
 */
#include <errno.h>
#include <xen/memory.h>
#include <asm/hvm.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/foreign.h>
#include <hv/gnttab.h>
#include <hv/hypercall.h>
#include <hv/memory.h>
#include <hv/mm.h>
#include <hv/shared_info.h>

/* An entry of XENMEM_memory_map's buffer: the BIOS E820 layout, 20 bytes. */
struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __packed;

unsigned int memory_map_of(const struct domain *d,
			   struct memory_map_entry map[MEMORY_MAP_MAX])
{
	uint64_t top = d->mem_bytes - d->reserved_bytes - d->acpi_bytes;
	unsigned int n = 0;

	map[n++] = (struct memory_map_entry){ 0, top, E820_RAM };
	if (d->acpi_bytes)
		map[n++] = (struct memory_map_entry){ top, d->acpi_bytes,
						      E820_ACPI };
	if (d->reserved_bytes)
		map[n++] = (struct memory_map_entry){
			d->mem_bytes - d->reserved_bytes, d->reserved_bytes,
			E820_RESERVED };
	return n;
}

long memory_map_put(struct vcpu *v, uint32_t *nr_entries, uint64_t buffer)
{
	struct memory_map_entry m[MEMORY_MAP_MAX];
	struct e820_entry e[MEMORY_MAP_MAX];
	unsigned int n = memory_map_of(v->domain, m), i;

	if (*nr_entries < 1)
		return -EINVAL;
	if (*nr_entries < n)
		n = *nr_entries;
	for (i = 0; i < n; i++)
		e[i] = (struct e820_entry){ m[i].addr, m[i].size, m[i].type };
	if (copy_to_guest(v, buffer, e, n * sizeof(e[0])))
		return -EFAULT;
	*nr_entries = n;
	return 0;
}

/* XENMEM_memory_map: as many entries as the caller's buffer holds (≥ 1). */
static long memory_map(struct vcpu *v, unsigned long arg)
{
	struct xen_memory_map map;
	long rc;

	if (copy_from_guest(v, &map, arg, sizeof(map)))
		return -EFAULT;
	rc = memory_map_put(v, &map.nr_entries, guest_handle_addr(map.buffer));
	if (rc)
		return rc;
	return copy_to_guest(v, arg, &map, sizeof(map)) ? -EFAULT : 0;
}

/*
 * The domain a memory op names: the caller's own, or any for Dom0.
 * Returns NULL with *rc = -EPERM or -ESRCH.
 */
static struct domain *target(struct vcpu *v, domid_t id, long *rc)
{
	struct domain *d;

	if (id == DOMID_SELF || id == v->domain->domain_id)
		return v->domain;
	*rc = -EPERM;
	if (!v->domain->is_privileged)
		return NULL;
	d = domain_by_id(id);
	*rc = -ESRCH;
	return d;
}

/* XENMEM_{current,maximum}_reservation: arg names a domid_t. */
static long reservation(struct vcpu *v, unsigned long arg, bool maximum)
{
	domid_t id;
	struct domain *d;
	long rc;

	if (copy_from_guest(v, &id, arg, sizeof(id)))
		return -EFAULT;
	d = target(v, id, &rc);
	if (!d)
		return rc;
	return (long)(maximum ? d->max_pages : d->tot_pages);
}

/*
 * The frame at gfn when it is d's own RAM that may leave its physmap, else
 * 0: a frame holding a registered vcpu_info stays (the hypervisor writes
 * there; Xen keeps such a page referenced instead).
 */
static paddr_t ram_frame(struct domain *d, uint64_t gfn)
{
	paddr_t maddr;
	unsigned int perms;

	if (gfn >= MAX_GUEST_GFN || p2m_get(&d->p2m, gfn, &maddr, &perms) ||
	    page_owner(maddr) != d->domain_id ||
	    shared_info_frame_in_use(d, maddr))
		return 0;
	return maddr;
}

/* Takes d's RAM frame at gfn out of its physmap and frees it. */
static void release_ram(struct domain *d, uint64_t gfn, paddr_t maddr)
{
	foreign_revoke_frame(maddr);
	p2m_set(&d->p2m, gfn, 0, 0);
	if (gnttab_frame_pinned(d, maddr))
		return;		/* gnttab frees it at the last unmap */
	page_free(maddr);
	d->tot_pages--;
}

int memory_clear_gfn(struct domain *d, uint64_t gfn)
{
	paddr_t maddr;
	unsigned int perms;

	if (gfn >= MAX_GUEST_GFN)
		return -EINVAL;
	if (p2m_get(&d->p2m, gfn, &maddr, &perms))
		return 0;
	if (page_owner(maddr) != d->domain_id ||
	    shared_info_frame_in_use(d, maddr))
		return -EBUSY;
	release_ram(d, gfn, maddr);
	return 0;
}

/* One extent of populate_physmap: 2^order new frames from gfn on. */
static bool populate_extent(struct domain *d, uint64_t gfn, unsigned int order)
{
	unsigned long n = 1UL << order, i;
	paddr_t maddr;
	unsigned int perms;

	if ((gfn & (n - 1)) || gfn >= MAX_GUEST_GFN ||
	    n > MAX_GUEST_GFN - gfn || d->tot_pages + n > d->max_pages)
		return false;
	for (i = 0; i < n; i++)
		if (!p2m_get(&d->p2m, gfn + i, &maddr, &perms))
			return false;	/* occupied: Xen would leak the old */
	for (i = 0; i < n; i++) {
		if (page_alloc(d->domain_id, &maddr))
			goto err_undo;
		if (p2m_set(&d->p2m, gfn + i, maddr, P2M_RWX)) {
			page_free(maddr);
			goto err_undo;
		}
		d->tot_pages++;
	}
	return true;

err_undo:
	while (i--)
		release_ram(d, gfn + i, ram_frame(d, gfn + i));
	return false;
}

/* One extent of decrease_reservation: all 2^order frames or none. */
static bool decrease_extent(struct domain *d, uint64_t gfn, unsigned int order)
{
	unsigned long n = 1UL << order, i;

	if ((gfn & (n - 1)) || gfn >= MAX_GUEST_GFN || n > MAX_GUEST_GFN - gfn)
		return false;
	for (i = 0; i < n; i++)
		if (!ram_frame(d, gfn + i))
			return false;
	for (i = 0; i < n; i++)
		release_ram(d, gfn + i, ram_frame(d, gfn + i));
	return true;
}

/*
 * One extent of increase_reservation.  As in Xen, a translated domain's
 * new frames are counted but mapped nowhere (populate_physmap maps them);
 * they are freed with the domain.
 */
static bool increase_extent(struct domain *d, unsigned int order)
{
	unsigned long n = 1UL << order, i;
	paddr_t maddr;

	if (d->tot_pages + n > d->max_pages || page_alloc_free_count() < n)
		return false;
	for (i = 0; i < n; i++)
		BUG_ON(page_alloc(d->domain_id, &maddr));
	d->tot_pages += n;
	return true;
}

long memory_reservation(struct vcpu *v, unsigned int cmd, unsigned long start,
			const struct xen_memory_reservation *r,
			const struct guest_ulongs *extents)
{
	unsigned int bits;
	struct domain *d;
	uint64_t gfn = 0;
	unsigned long i;
	long rc;
	bool ok;

	d = target(v, r->domid, &rc);
	if (!d)
		return rc;
	bits = XENMEMF_get_address_bits(r->mem_flags);
	if (start >= r->nr_extents || r->extent_order > MAX_EXTENT_ORDER ||
	    (bits && bits < 32) ||	/* every frame is below 4 GiB */
	    (r->mem_flags & XENMEMF_populate_on_demand))
		return (long)start;
	for (i = start; i < r->nr_extents; i++) {
		if (cmd != XENMEM_increase_reservation &&
		    guest_ulongs_get(v, extents, i, &gfn))
			break;
		if (cmd == XENMEM_populate_physmap)
			ok = populate_extent(d, gfn, r->extent_order);
		else if (cmd == XENMEM_decrease_reservation)
			ok = decrease_extent(d, gfn, r->extent_order);
		else
			ok = increase_extent(d, r->extent_order);
		if (!ok)
			break;
	}
	return (long)i;
}

static long reservation_op(struct vcpu *v, unsigned int cmd,
			   unsigned long start, unsigned long arg)
{
	struct xen_memory_reservation r;
	struct guest_ulongs extents;

	if (copy_from_guest(v, &r, arg, sizeof(r)))
		return -EFAULT;
	extents = (struct guest_ulongs){ guest_handle_addr(r.extent_start), 8 };
	return memory_reservation(v, cmd, start, &r, &extents);
}

long memory_add_to_physmap(struct vcpu *v, const struct xen_add_to_physmap *x)
{
	struct domain *d;
	long rc;

	d = target(v, x->domid, &rc);
	if (!d)
		return rc;
	switch (x->space) {
	case XENMAPSPACE_grant_table:
		return gnttab_add_to_physmap(d, x->idx, x->gpfn);
	case XENMAPSPACE_shared_info:
		if (x->idx != 0)
			return -EINVAL;
		return shared_info_map(d, x->gpfn);
	default:
		return -ENOSYS;
	}
}

/* XENMEM_add_to_physmap: one switch on the space, one handler each. */
static long add_to_physmap(struct vcpu *v, unsigned long arg)
{
	struct xen_add_to_physmap x;

	if (copy_from_guest(v, &x, arg, sizeof(x)))
		return -EFAULT;
	return memory_add_to_physmap(v, &x);
}

long memory_add_to_physmap_batch(struct vcpu *v,
				 const struct xen_add_to_physmap_batch *b,
				 const struct guest_ulongs *idxs,
				 const struct guest_ulongs *gpfns)
{
	struct domain *d, *owner;
	uint64_t idx, gpfn;
	unsigned int i;
	long rc;
	int err;

	d = target(v, b->domid, &rc);
	if (!d)
		return rc;
	if (b->space != XENMAPSPACE_gmfn_foreign)
		return -EOPNOTSUPP;
	if (!v->domain->is_privileged || d != v->domain)
		return -EPERM;
	if (b->size > MAX_FOREIGN_BATCH)
		return -EINVAL;
	owner = domain_by_id(b->u.foreign_domid);
	if (!owner)
		return -ESRCH;
	for (i = 0; i < b->size; i++) {
		if (guest_ulongs_get(v, idxs, i, &idx) ||
		    guest_ulongs_get(v, gpfns, i, &gpfn))
			return -EFAULT;
		err = foreign_map(d, owner, idx, gpfn);
		if (copy_to_guest(v, guest_handle_addr(b->errs) + i * sizeof(err),
				  &err, sizeof(err)))
			return -EFAULT;
	}
	return 0;
}

/*
 * XENMEM_add_to_physmap_batch.  Only XENMAPSPACE_gmfn_foreign is offered
 * (the other spaces have add_to_physmap).
 */
static long add_to_physmap_batch(struct vcpu *v, unsigned long arg)
{
	struct xen_add_to_physmap_batch b;
	struct guest_ulongs idxs, gpfns;

	if (copy_from_guest(v, &b, arg, sizeof(b)))
		return -EFAULT;
	idxs = (struct guest_ulongs){ guest_handle_addr(b.idxs), 8 };
	gpfns = (struct guest_ulongs){ guest_handle_addr(b.gpfns), 8 };
	return memory_add_to_physmap_batch(v, &b, &idxs, &gpfns);
}

long memory_remove_from_physmap(struct vcpu *v,
				const struct xen_remove_from_physmap *x)
{
	struct domain *d;
	long rc;

	d = target(v, x->domid, &rc);
	if (!d)
		return rc;
	return foreign_unmap(d, x->gpfn);
}

/* XENMEM_remove_from_physmap. */
static long remove_from_physmap(struct vcpu *v, unsigned long arg)
{
	struct xen_remove_from_physmap x;

	if (copy_from_guest(v, &x, arg, sizeof(x)))
		return -EFAULT;
	return memory_remove_from_physmap(v, &x);
}

long do_memory_op(struct vcpu *v, const unsigned long *args)
{
	unsigned int cmd = args[0] & MEMOP_CMD_MASK;

	switch (cmd) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return reservation_op(v, cmd, args[0] >> MEMOP_EXTENT_SHIFT,
				      args[1]);
	case XENMEM_add_to_physmap:
		return add_to_physmap(v, args[1]);
	case XENMEM_add_to_physmap_batch:
		return add_to_physmap_batch(v, args[1]);
	case XENMEM_remove_from_physmap:
		return remove_from_physmap(v, args[1]);
	case XENMEM_memory_map:
		return memory_map(v, args[1]);
	case XENMEM_current_reservation:
		return reservation(v, args[1], false);
	case XENMEM_maximum_reservation:
		return reservation(v, args[1], true);
	default:
		return -ENOSYS;
	}
}
