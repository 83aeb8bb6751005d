/* SPDX-License-Identifier: MIT */
/* Dom0's window of foreign pages: hypervisor mapping plus page tables. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <xen/memory.h>
#include "../guest-patches/kernel/page_alloc.h"
#include "../guest-patches/kernel/paging.h"
#include "../guest-patches/pv/gnttab.h"
#include "../guest-patches/pv/hypercall.h"
#include "foreign.h"

/*
 * Pages foreign_write() maps in one hypercall and unmaps in one multicall
 * (the hypervisor takes at most 64 entries in a multicall).
 */
#define WRITE_BATCH	64

/* Which slots hold a page: a table that doubles when every slot is used. */
static bool *used;
static unsigned int nr_slots;

static uint64_t slot_gfn(unsigned int slot)
{
	return FOREIGN_BASE_GFN + slot;
}

/*
 * Puts frames gfns[0..n) of domid at gpfns[0..n) in one hypercall; each
 * entry's error in errs.  0, or the error of the whole call.
 */
static int hv_map_batch(domid_t domid, xen_ulong_t *gfns, xen_pfn_t *gpfns,
			int *errs, unsigned int n)
{
	struct xen_add_to_physmap_batch b = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_gmfn_foreign,
		.size = (uint16_t)n, .u.foreign_domid = domid,
	};

	set_xen_guest_handle(b.idxs, gfns);
	set_xen_guest_handle(b.gpfns, gpfns);
	set_xen_guest_handle(b.errs, errs);
	return (int)hypercall_memory_op(XENMEM_add_to_physmap_batch, &b);
}

static int hv_map(domid_t domid, uint64_t gfn, uint64_t gpfn)
{
	xen_ulong_t idx = gfn;
	xen_pfn_t pfn = gpfn;
	int err = 0, rc = hv_map_batch(domid, &idx, &pfn, &err, 1);

	return rc ? rc : err;
}

static void hv_unmap(uint64_t gpfn)
{
	struct xen_remove_from_physmap r = { .domid = DOMID_SELF, .gpfn = gpfn };

	/* -ENOENT cannot happen for a slot in use; nothing to undo anyway */
	hypercall_memory_op(XENMEM_remove_from_physmap, &r);
}

/*
 * hv_unmap() of the n (at most WRITE_BATCH) gpfns in one multicall: Xen
 * has no batch of remove_from_physmap, and a hypercall per page (an exit
 * and a TLB flush each) cost more than the copy it followed.  Static: the
 * threads are cooperative and nothing here yields.
 */
static void hv_unmap_batch(const xen_pfn_t *gpfns, unsigned int n)
{
	static struct xen_remove_from_physmap r[WRITE_BATCH];
	static struct multicall_entry mc[WRITE_BATCH];
	unsigned int i;

	for (i = 0; i < n; i++) {
		r[i] = (struct xen_remove_from_physmap){ .domid = DOMID_SELF,
							  .gpfn = gpfns[i] };
		mc[i] = (struct multicall_entry){ .op = __HYPERVISOR_memory_op,
			.args = { XENMEM_remove_from_physmap, (uintptr_t)&r[i] } };
	}
	if (n)
		hypercall_multicall(mc, n);	/* no entry can fail, as above */
}

/* The first of n consecutive free slots (the table grown as needed). */
static int free_slots(unsigned int n)
{
	unsigned int slot, run = 0, size;
	bool *bigger;

	for (slot = 0; slot < nr_slots; slot++) {
		run = used[slot] ? 0 : run + 1;
		if (run == n)
			return (int)(slot + 1 - n);
	}
	for (size = nr_slots ? 2 * nr_slots : 128; size < nr_slots - run + n;)
		size *= 2;
	if (size > FOREIGN_MAX_SLOTS)
		return -ENOSPC;
	bigger = realloc(used, size * sizeof(*used));
	if (!bigger)
		return -ENOMEM;
	memset(bigger + nr_slots, 0, (size - nr_slots) * sizeof(*used));
	used = bigger;
	slot = nr_slots - run;
	nr_slots = size;
	return (int)slot;
}

static int free_slot(void)
{
	return free_slots(1);
}

/* The slot of a page this file mapped, or -EINVAL. */
static int page_slot(const void *page)
{
	uint64_t gfn = (uintptr_t)page / PAGE_SIZE;
	unsigned int slot = (unsigned int)(gfn - FOREIGN_BASE_GFN);

	if ((uintptr_t)page % PAGE_SIZE || gfn < FOREIGN_BASE_GFN ||
	    slot >= nr_slots || !used[slot])
		return -EINVAL;
	return (int)slot;
}

/*
 * Enters the page the hypervisor just put at slot into the kernel's page
 * tables.  Returns the pointer, or NULL with *err (the caller undoes the
 * hypervisor's part).
 */
static void *slot_enter(unsigned int slot, int *err)
{
	uint64_t pa = slot_gfn(slot) * PAGE_SIZE;
	int rc = paging_map(pa, pa, PAGING_WRITE);

	if (rc) {
		*err = rc;
		return NULL;
	}
	used[slot] = true;
	return (void *)(uintptr_t)pa;
}

void *foreign_map(domid_t domid, uint64_t gfn, int *err)
{
	int slot = free_slot(), rc;
	void *page;

	rc = slot < 0 ? slot : hv_map(domid, gfn, slot_gfn((unsigned int)slot));
	if (rc) {
		*err = rc;
		return NULL;
	}
	page = slot_enter((unsigned int)slot, err);
	if (!page)
		hv_unmap(slot_gfn((unsigned int)slot));
	return page;
}

int foreign_unmap(void *page)
{
	int slot = page_slot(page);

	if (slot < 0)
		return slot;
	paging_unmap((uintptr_t)page);
	hv_unmap((uintptr_t)page / PAGE_SIZE);
	used[slot] = false;
	return 0;
}

/*
 * Maps the n (at most WRITE_BATCH) frames from gfn at n consecutive slots
 * in one hypercall and copies src from offset off of the first.  The
 * frames are unmapped again, in one multicall.  0, or the first frame's
 * error (*bad: that frame).
 */
static int write_batch(domid_t domid, uint64_t gfn, unsigned int n,
		       uint64_t off, const uint8_t *src, uint64_t len,
		       uint64_t *bad)
{
	xen_ulong_t gfns[WRITE_BATCH];
	xen_pfn_t gpfns[WRITE_BATCH], gone[WRITE_BATCH];
	int errs[WRITE_BATCH], first = free_slots(n), call;
	unsigned int i, mapped, nr_gone = 0;
	uint64_t take;
	uint8_t *page;

	if (first < 0) {
		*bad = gfn;
		return first;
	}
	for (i = 0; i < n; i++) {	/* reserved at once: used[] set */
		used[first + i] = true;
		gfns[i] = gfn + i;
		gpfns[i] = slot_gfn((unsigned int)first + i);
		errs[i] = 0;
	}
	call = hv_map_batch(domid, gfns, gpfns, errs, n);
	for (i = 0; call && i < n; i++)
		errs[i] = call;	/* the whole call failed: nothing mapped */
	for (mapped = 0; mapped < n && !errs[mapped]; mapped++) {
		page = slot_enter((unsigned int)first + mapped, &errs[mapped]);
		if (!page) {
			hv_unmap(gpfns[mapped]);
			break;
		}
		take = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
		memcpy(page + off, src, take);
		src += take;
		len -= take;
		off = 0;
	}
	for (i = 0; i < n; i++) {
		if (i < mapped)
			paging_unmap(gpfns[i] * PAGE_SIZE);
		if (i < mapped || !errs[i])	/* or mapped past the first failure */
			gone[nr_gone++] = gpfns[i];
		used[first + i] = false;
	}
	hv_unmap_batch(gone, nr_gone);
	if (mapped < n) {
		*bad = gfn + mapped;
		return errs[mapped];
	}
	return 0;
}

int foreign_write(domid_t domid, uint64_t gpa, const void *src, uint64_t n,
		  uint64_t *gfn_out)
{
	const uint8_t *from = src;
	uint64_t off, pages, bytes;
	unsigned int batch;
	int err;

	while (n) {
		off = gpa % PAGE_SIZE;
		pages = (off + n + PAGE_SIZE - 1) / PAGE_SIZE;
		batch = pages < WRITE_BATCH ? (unsigned int)pages : WRITE_BATCH;
		bytes = (uint64_t)batch * PAGE_SIZE - off;
		if (bytes > n)
			bytes = n;
		err = write_batch(domid, gpa / PAGE_SIZE, batch, off, from, bytes,
				  gfn_out);
		if (err)
			return err;
		gpa += bytes;
		from += bytes;
		n -= bytes;
	}
	return 0;
}

void *foreign_grant_map(domid_t domid, grant_ref_t ref,
			grant_handle_t *handle, int *err)
{
	return foreign_grant_map_n(domid, &ref, 1, handle, err);
}

void *foreign_grant_map_n(domid_t domid, const grant_ref_t *refs,
			  unsigned int n, grant_handle_t *handles, int *err)
{
	int first = n ? free_slots(n) : -EINVAL, rc = 0;
	unsigned int i;
	uint64_t pa;

	if (first < 0) {
		*err = first;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		pa = slot_gfn((unsigned int)first + i) * PAGE_SIZE;
		rc = gnttab_map(domid, refs[i], pa, false, &handles[i]);
		if (rc)
			break;
		if (!slot_enter((unsigned int)first + i, &rc)) {
			gnttab_unmap(handles[i], pa);
			break;
		}
	}
	pa = slot_gfn((unsigned int)first) * PAGE_SIZE;
	if (i < n) {
		foreign_grant_unmap_n((void *)(uintptr_t)pa, handles, i);
		*err = rc;
		return NULL;
	}
	return (void *)(uintptr_t)pa;
}

int foreign_grant_unmap(void *page, grant_handle_t handle)
{
	int slot = page_slot(page);

	if (slot < 0)
		return slot;
	paging_unmap((uintptr_t)page);
	used[slot] = false;
	return gnttab_unmap(handle, (uintptr_t)page);
}

int foreign_grant_unmap_n(void *pages, const grant_handle_t *handles,
			  unsigned int n)
{
	unsigned int i;
	int rc = 0, e;

	for (i = 0; i < n; i++) {
		e = foreign_grant_unmap((uint8_t *)pages + i * PAGE_SIZE,
					handles[i]);
		rc = rc ? rc : e;
	}
	return rc;
}
