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

#endif
