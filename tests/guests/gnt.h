/* SPDX-License-Identifier: MIT */
/*
 * The test guests' grant-table helpers, and the rendezvous protocol the
 * grant and memory test domains use to find each other without xenstore or
 * event channels.
 *
 * The protocol:
 *   - Domain ids come from module order: the hypervisor gives module 0 id
 *     0 (Dom0) and module i id i, so a test script that lists the modules
 *     in the order of the GNT_DOM_* constants below gives every role its id.
 *   - Every guest puts its grant-table frame i at guest-physical
 *     GNT_TABLE_GPA + i * 4 KiB (XENMEM_add_to_physmap) and maps other
 *     domains' grants from GNT_MAP_GPA on: both lie above the guests' RAM
 *     and inside the 1 GiB that head.S maps, so no RAM is given up.
 *   - A granter grants its rendezvous page (struct gnt_rendezvous) with the
 *     fixed reference GNT_REF_RENDEZVOUS to its peer.  The peer polls
 *     map_grant_ref on that reference (it fails with GNTST_general_error
 *     until the granter has written the entry), then both sides advance
 *     their step words in the page, yielding while they wait.
 *   - A domain learns that another has died by polling GNTTABOP_query_size
 *     on it: GNTST_permission_denied while it lives (a DomU may not look),
 *     GNTST_bad_domain once it is gone.
 */
#ifndef GUESTS_GNT_H
#define GUESTS_GNT_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/grant_table.h>

#define GNT_DOM0		0
#define GNT_DOM_GRANTER		1
#define GNT_DOM_MAPPER		2
#define GNT_DOM_ROWRITER	3
#define GNT_DOM_LATE		4
#define GNT_DOM_MEMOPS		5

#define GNT_TABLE_GPA		0x30000000UL
#define GNT_MAP_GPA		0x38000000UL
#define GNT_REF_RENDEZVOUS	GNTTAB_NR_RESERVED_ENTRIES	/* 8, the first free */

/* The rendezvous page: each side writes only its own step word. */
struct gnt_rendezvous {
	volatile uint32_t granter_step;
	volatile uint32_t mapper_step;
	volatile uint32_t magic;	/* written by the mapper through its map */
	volatile uint32_t expected;	/* memops: the page count it sees */
};

/*
 * Sets the table to nr frames (setup_table) and maps each at its place
 * (add_to_physmap).  Returns 0 or the first error.
 */
long gnt_init(unsigned int nr_frames);

/* The grant entry ref of this domain's table (mapped by gnt_init). */
struct grant_entry_v1 *gnt_entry(grant_ref_t ref);

/* Grants page to domain to (read-only when ro): frame, domid, then flags. */
void gnt_grant(grant_ref_t ref, domid_t to, const void *page, bool ro);

/*
 * Ends a grant as a guest must: only when no GTF_reading / GTF_writing is
 * set (atomically).  Returns true when the entry is now invalid.
 */
bool gnt_end(grant_ref_t ref);

long gnt_op(unsigned int cmd, void *uop, unsigned long count);

/* One map_grant_ref with GNTMAP_host_map; returns the status. */
int16_t gnt_map(domid_t dom, grant_ref_t ref, uint64_t gpa, bool ro,
		grant_handle_t *handle);
int16_t gnt_unmap(uint64_t gpa, grant_handle_t handle);

/* Maps dom's ref, retrying (and yielding) until the granter has granted. */
int16_t gnt_map_wait(domid_t dom, grant_ref_t ref, uint64_t gpa, bool ro,
		     grant_handle_t *handle);

/* Yields until *word reaches at least value; false after a long while. */
bool gnt_wait(volatile uint32_t *word, uint32_t value);

/* Yields until domain dom no longer exists; false after a long while. */
bool gnt_wait_death(domid_t dom);

void gnt_yield(void);
uint64_t gnt_rdtsc(void);

/*
 * The time this vCPU has spent running (VCPUOP_get_runstate_info), in ns,
 * or 0 on failure: what a benchmark counts, as other domains share the CPU.
 */
uint64_t gnt_running_ns(void);

/* XENMEM_{current,maximum}_reservation of dom. */
long gnt_reservation(domid_t dom, bool maximum);

#endif
