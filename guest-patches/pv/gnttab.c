/* SPDX-License-Identifier: MIT */
/* Grant tables v1: the table frames, the reference allocator, map/unmap. */
#include <errno.h>
#include <stddef.h>
#include <xen/memory.h>
#include "../kernel/page_alloc.h"
#include "gnttab.h"
#include "hypercall.h"

#define GRANT_FLAGS_BUSY	(GTF_reading | GTF_writing)

static uint8_t table[GNTTAB_FRAMES][PAGE_SIZE]
	__attribute__((aligned(PAGE_SIZE)));
static struct grant_entry_v1 *entries;

/* The free references, a stack; in_use marks what is handed out. */
static grant_ref_t free_refs[GNTTAB_ENTRIES];
static unsigned int nr_free;
static bool in_use[GNTTAB_ENTRIES];

int gnttab_init(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_grant_table,
	};
	grant_ref_t ref;
	unsigned int i;
	long rc;

	for (i = 0; i < GNTTAB_FRAMES; i++) {
		xatp.idx = i;
		xatp.gpfn = (uintptr_t)table[i] / PAGE_SIZE;
		rc = hypercall_memory_op(XENMEM_add_to_physmap, &xatp);
		if (rc)
			return (int)rc;
	}
	entries = (struct grant_entry_v1 *)table;
	for (ref = GNTTAB_ENTRIES; ref-- > GNTTAB_NR_RESERVED_ENTRIES;)
		free_refs[nr_free++] = ref;
	return 0;
}

bool gnttab_ready(void)
{
	return entries != NULL;
}

int gnttab_grant_access(domid_t domid, uint64_t gfn, bool readonly)
{
	grant_ref_t ref;

	if (!entries)
		return -ENODEV;
	if (!nr_free)
		return -ENOSPC;
	ref = free_refs[--nr_free];
	in_use[ref] = true;
	entries[ref].domid = domid;
	entries[ref].frame = (uint32_t)gfn;
	__atomic_store_n(&entries[ref].flags,
			 (uint16_t)(GTF_permit_access |
				    (readonly ? GTF_readonly : 0)),
			 __ATOMIC_RELEASE);
	return (int)ref;
}

int gnttab_end_access(grant_ref_t ref)
{
	uint16_t flags;

	if (!entries)
		return -ENODEV;
	if (ref >= GNTTAB_ENTRIES || !in_use[ref])
		return -EINVAL;
	flags = __atomic_load_n(&entries[ref].flags, __ATOMIC_ACQUIRE);
	do {
		if (flags & GRANT_FLAGS_BUSY)
			return -EBUSY;
	} while (!__atomic_compare_exchange_n(&entries[ref].flags, &flags, 0,
					      false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	in_use[ref] = false;
	free_refs[nr_free++] = ref;
	return 0;
}

unsigned int gnttab_used_count(void)
{
	return entries ? GNTTAB_ENTRIES - GNTTAB_NR_RESERVED_ENTRIES - nr_free :
			 0;
}

const struct grant_entry_v1 *gnttab_entry(grant_ref_t ref)
{
	return entries && ref < GNTTAB_ENTRIES ? &entries[ref] : NULL;
}

static int status_errno(int16_t status)
{
	switch (status) {
	case GNTST_okay:
		return 0;
	case GNTST_bad_domain:
		return -ESRCH;
	case GNTST_permission_denied:
		return -EPERM;
	case GNTST_no_device_space:
	case GNTST_no_space:
		return -ENOSPC;
	case GNTST_bad_gntref:
	case GNTST_bad_handle:
	case GNTST_bad_virt_addr:
	case GNTST_bad_dev_addr:
		return -EINVAL;
	default:
		return -EIO;
	}
}

int gnttab_map(domid_t domid, grant_ref_t ref, uint64_t gpa, bool readonly,
	       grant_handle_t *handle)
{
	struct gnttab_map_grant_ref m = {
		.host_addr = gpa,
		.flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
		.ref = ref,
		.dom = domid,
	};
	long rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);

	if (rc)
		return (int)rc;
	if (m.status == GNTST_okay)
		*handle = m.handle;
	return status_errno(m.status);
}

int gnttab_unmap(grant_handle_t handle, uint64_t gpa)
{
	struct gnttab_unmap_grant_ref u = { .host_addr = gpa,
					    .handle = handle };
	long rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1);

	return rc ? (int)rc : status_errno(u.status);
}

int gnttab_copy(domid_t domid, grant_ref_t ref, uint16_t offset, uint64_t gfn,
		uint16_t gfn_offset, uint16_t len, bool to_grant)
{
	struct gnttab_copy c = { .len = len };
	struct gnttab_copy_ptr *granted = to_grant ? &c.dest : &c.source;
	struct gnttab_copy_ptr *ours = to_grant ? &c.source : &c.dest;
	long rc;

	c.flags = to_grant ? GNTCOPY_dest_gref : GNTCOPY_source_gref;
	granted->u.ref = ref;
	granted->domid = domid;
	granted->offset = offset;
	ours->u.gmfn = gfn;
	ours->domid = DOMID_SELF;
	ours->offset = gfn_offset;
	rc = hypercall_grant_table_op(GNTTABOP_copy, &c, 1);
	return rc ? (int)rc : status_errno(c.status);
}
