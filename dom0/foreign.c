/* SPDX-License-Identifier: MIT */
/* Dom0's window of foreign pages: hypervisor mapping plus page tables. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <xen/memory.h>
#include "../guest-patches/kernel/page_alloc.h"
#include "../guest-patches/kernel/paging.h"
#include "../guest-patches/pv/hypercall.h"
#include "foreign.h"

static bool used[FOREIGN_SLOTS];

static uint64_t slot_gfn(unsigned int slot)
{
	return FOREIGN_BASE_GFN + slot;
}

static int hv_map(domid_t domid, uint64_t gfn, uint64_t gpfn)
{
	struct xen_add_to_physmap_batch b = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_gmfn_foreign,
		.size = 1, .u.foreign_domid = domid,
	};
	xen_ulong_t idx = gfn;
	xen_pfn_t pfn = gpfn;
	int err = 0;
	long rc;

	set_xen_guest_handle(b.idxs, &idx);
	set_xen_guest_handle(b.gpfns, &pfn);
	set_xen_guest_handle(b.errs, &err);
	rc = hypercall_memory_op(XENMEM_add_to_physmap_batch, &b);
	return rc ? (int)rc : err;
}

static void hv_unmap(uint64_t gpfn)
{
	struct xen_remove_from_physmap r = { .domid = DOMID_SELF, .gpfn = gpfn };

	/* -ENOENT cannot happen for a slot in use; nothing to undo anyway */
	hypercall_memory_op(XENMEM_remove_from_physmap, &r);
}

void *foreign_map(domid_t domid, uint64_t gfn, int *err)
{
	unsigned int slot;
	uint64_t pa;
	int rc;

	for (slot = 0; slot < FOREIGN_SLOTS && used[slot]; slot++)
		;
	if (slot == FOREIGN_SLOTS) {
		*err = -ENOSPC;
		return NULL;
	}
	pa = slot_gfn(slot) * PAGE_SIZE;
	rc = hv_map(domid, gfn, slot_gfn(slot));
	if (rc) {
		*err = rc;
		return NULL;
	}
	rc = paging_map(pa, pa, PAGING_WRITE);
	if (rc) {
		hv_unmap(slot_gfn(slot));
		*err = rc;
		return NULL;
	}
	used[slot] = true;
	return (void *)(uintptr_t)pa;
}

int foreign_unmap(void *page)
{
	uint64_t gfn = (uintptr_t)page / PAGE_SIZE;
	unsigned int slot = (unsigned int)(gfn - FOREIGN_BASE_GFN);

	if ((uintptr_t)page % PAGE_SIZE || gfn < FOREIGN_BASE_GFN ||
	    slot >= FOREIGN_SLOTS || !used[slot])
		return -EINVAL;
	paging_unmap((uintptr_t)page);
	hv_unmap(gfn);
	used[slot] = false;
	return 0;
}
