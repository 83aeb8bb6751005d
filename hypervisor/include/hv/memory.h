/* SPDX-License-Identifier: MIT */
/*
 * A domain's memory as XENMEM_* sees it: reservations (populate, decrease,
 * increase, current, maximum) and the rule for putting special frames
 * (grant table, shared info) into a domain's physmap.
 *
 * A gfn of a domain holds one of: nothing; the domain's own RAM (a frame
 * it owns, counted in tot_pages, which ballooning may free); a frame the
 * hypervisor owns (a grant-table or shared-info frame); another domain's
 * frame mapped through a grant.  page_owner() of the frame tells which.
 * Only the first two may be replaced, and only RAM may be ballooned out.
 *
 * The memory_op hypercall is cut in two for each command whose argument
 * reads differently from 32-bit code: do_memory_op() copies the 64-bit
 * layout in, compat.c the i386 one, and both call the act half below.
 *
 * Locking: none yet (one CPU, interrupts off; see domain.h).
 */
#ifndef HV_MEMORY_H
#define HV_MEMORY_H

#include <hv/types.h>

struct domain;
struct vcpu;
struct guest_ulongs;
struct xen_memory_reservation;
struct xen_add_to_physmap;
struct xen_add_to_physmap_batch;
struct xen_remove_from_physmap;

/* Xen packs the start extent of a continuation above the command's 6 bits. */
#define MEMOP_EXTENT_SHIFT	6
#define MEMOP_CMD_MASK		((1UL << MEMOP_EXTENT_SHIFT) - 1)

/*
 * Makes gfn of d empty so that a special frame can be put there, as Xen
 * does for XENMEM_add_to_physmap: nothing there is fine; d's own RAM is
 * removed from the physmap and freed (its page count drops), or, while a
 * grant of d pins it, left to gnttab to free at the last unmap.  Returns 0,
 * or -EBUSY when gfn holds a hypervisor frame or a grant mapping.
 */
int memory_clear_gfn(struct domain *d, uint64_t gfn);

#define E820_RAM		1
#define E820_RESERVED		2
#define E820_ACPI		3
#define MEMORY_MAP_MAX		3	/* entries memory_map_of() fills at most */

/* One range of a domain's memory map (E820 types). */
struct memory_map_entry {
	uint64_t addr, size;
	uint32_t type;
};

/*
 * d's memory map, the one XENMEM_memory_map and hvm_start_info give:
 * RAM from 0, then the ACPI tables (acpi_bytes, type ACPI) and the pages
 * kept for xenstore and the console (reserved_bytes, type reserved) at the
 * top, each only when present.  Fills map and returns the entry count.
 */
unsigned int memory_map_of(const struct domain *d,
			   struct memory_map_entry map[MEMORY_MAP_MAX]);

/*
 * XENMEM_{increase,decrease}_reservation and populate_physmap (cmd) on
 * the decoded r, from extent start on (a continuation's first), the gfns
 * read from extents.  Returns the number of extents done, as Xen does: an
 * extent that cannot be done (or whose gfn is unreadable) ends the call;
 * -EPERM or -ESRCH for a domain the caller may not name.
 */
long memory_reservation(struct vcpu *v, unsigned int cmd, unsigned long start,
			const struct xen_memory_reservation *r,
			const struct guest_ulongs *extents);

/*
 * XENMEM_add_to_physmap on the decoded x: grant-table frames and the
 * shared info page.  Returns 0, -EPERM/-ESRCH (domain), -EINVAL, -EBUSY,
 * -ENOMEM, or -ENOSYS for another space.
 */
long memory_add_to_physmap(struct vcpu *v, const struct xen_add_to_physmap *x);

/*
 * XENMEM_add_to_physmap_batch on the decoded b (its idxs and gpfns handles
 * are not read: idxs and gpfns name the arrays; errs is read from b).
 * Only XENMAPSPACE_gmfn_foreign (-EOPNOTSUPP otherwise), for a privileged
 * caller on itself (-EPERM): frames idxs[i] of foreign_domid are mapped
 * at gpfns[i], each with its own status in errs[i].  The call fails only
 * when its header is bad (-EINVAL: size over MAX_FOREIGN_BATCH, -ESRCH) or
 * an array is unreadable (-EFAULT).
 */
long memory_add_to_physmap_batch(struct vcpu *v,
				 const struct xen_add_to_physmap_batch *b,
				 const struct guest_ulongs *idxs,
				 const struct guest_ulongs *gpfns);

/*
 * XENMEM_remove_from_physmap on the decoded x: takes a foreign mapping out
 * of the caller's physmap (one whose owner died, revoked, too).
 */
long memory_remove_from_physmap(struct vcpu *v,
				const struct xen_remove_from_physmap *x);

/*
 * XENMEM_memory_map's act half: writes the first *nr_entries (at least 1)
 * entries of v's domain's map, 20-byte E820 records, to buffer and sets
 * *nr_entries to the number written.  Returns 0, -EINVAL (0 entries) or
 * -EFAULT.
 */
long memory_map_put(struct vcpu *v, uint32_t *nr_entries, uint64_t buffer);

#endif
