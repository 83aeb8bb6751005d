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
 * Locking: none yet (one CPU, interrupts off; see domain.h).
 */
#ifndef HV_MEMORY_H
#define HV_MEMORY_H

#include <hv/types.h>

struct domain;

/*
 * Makes gfn of d empty so that a special frame can be put there, as Xen
 * does for XENMEM_add_to_physmap: nothing there is fine; d's own RAM is
 * removed from the physmap and freed (its page count drops), or, while a
 * grant of d pins it, left to gnttab to free at the last unmap.  Returns 0,
 * or -EBUSY when gfn holds a hypervisor frame or a grant mapping.
 */
int memory_clear_gfn(struct domain *d, uint64_t gfn);

#endif
