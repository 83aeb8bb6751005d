/* SPDX-License-Identifier: MIT */
/*
 * The grant-table client (v1): granting other domains access to this
 * domain's pages, and mapping pages other domains granted to us.
 *
 * The table is GNTTAB_FRAMES page-aligned .bss pages that
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table) replaces with the
 * hypervisor's table frames, so the kernel writes the entries in place.
 * References 0 to GNTTAB_NR_RESERVED_ENTRIES - 1 are the toolstack's
 * (reference 1 is the xenstore page by convention) and never handed out.
 *
 * Granting writes domid and frame, then (after a barrier) the flags, so
 * the hypervisor never sees a valid entry with a stale frame.  Ending
 * access clears the flags with a compare-and-swap that fails while the
 * hypervisor holds GTF_reading / GTF_writing: a mapped grant cannot be
 * ended under the mapper's feet.
 *
 * Threads only (not interrupt handlers).  Errors are negative errnos:
 * -ENODEV before gnttab_init() succeeded, -ENOSPC when every reference is
 * in use, -EINVAL for a reference not handed out, -EBUSY while mapped.
 */
#ifndef PV_GNTTAB_H
#define PV_GNTTAB_H

#include <stdbool.h>
#include <xen/xen.h>
#include <xen/grant_table.h>

#define GNTTAB_FRAMES	4	/* table frames: 2048 references */
#define GNTTAB_ENTRIES	(GNTTAB_FRAMES * 4096 / sizeof(struct grant_entry_v1))

/*
 * Maps the table frames and fills the reference allocator.  Called once by
 * platform_init() when the hypervisor offers grant tables.  Returns 0 or
 * the hypervisor's negative errno.
 */
int gnttab_init(void);

/* True once gnttab_init() succeeded. */
bool gnttab_ready(void);

/*
 * Lets domain domid map or copy this domain's frame gfn (read-only when
 * readonly).  Returns the grant reference (>= GNTTAB_NR_RESERVED_ENTRIES)
 * or a negative errno.
 */
int gnttab_grant_access(domid_t domid, uint64_t gfn, bool readonly);

/*
 * Ends the grant ref and frees the reference.  Returns 0, -EBUSY (and
 * keeps the grant) while the grantee has it mapped, -EINVAL for a
 * reference not in use.
 */
int gnttab_end_access(grant_ref_t ref);

/* References in use now. */
unsigned int gnttab_used_count(void);

/*
 * The entry of ref as the hypervisor sees it (for tests and `evtchn`-like
 * listings); NULL for a reference beyond the table.
 */
const struct grant_entry_v1 *gnttab_entry(grant_ref_t ref);

/*
 * Maps reference ref of domain domid at guest-physical address gpa (a page
 * that is not RAM: a hole of the physmap), read-only when readonly.
 * Returns 0 and the handle in *handle, or the GNTST_* status turned into a
 * negative errno (-EINVAL for a bad reference or address, -ESRCH for a bad
 * domain, -EPERM for a grant that does not allow it, -ENOSPC).
 */
int gnttab_map(domid_t domid, grant_ref_t ref, uint64_t gpa, bool readonly,
	       grant_handle_t *handle);

/* Unmaps what gnttab_map() mapped at gpa.  0 or a negative errno. */
int gnttab_unmap(grant_handle_t handle, uint64_t gpa);

/*
 * GNTTABOP_copy of one segment: len bytes between a grant of domain domid
 * (reference ref, at offset in its page) and this domain's frame gfn (at
 * gfn_offset).  to_grant true copies from our frame into the grant, false
 * from the grant into our frame.  Returns 0, or the status as a negative
 * errno (as gnttab_map(): -EINVAL for a bad reference or a range past the
 * page, -EPERM for a read-only grant written, -ESRCH for a bad domain).
 */
int gnttab_copy(domid_t domid, grant_ref_t ref, uint16_t offset, uint64_t gfn,
		uint16_t gfn_offset, uint16_t len, bool to_grant);

#endif
