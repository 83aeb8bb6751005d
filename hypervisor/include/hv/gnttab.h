/* SPDX-License-Identifier: MIT */
/*
 * Grant tables, version 1 of Xen's ABI (<xen/grant_table.h>): a domain (the
 * granter) writes grant entries "domain D may access my frame F, read-only
 * or not" into table frames it shares with the hypervisor; D (the mapper)
 * then maps F into its own guest-physical space (map_grant_ref) or copies
 * to and from it (copy) without the granter's involvement.
 *
 * Every domain is auto-translated (PVH), so every address in this interface
 * is guest-physical: the entry's frame is the granter's gfn, map_grant_ref's
 * host_addr is the mapper's guest-physical address, and setup_table answers
 * with the gfns where the domain has put its table frames with
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table), as Xen does for
 * translated guests.
 *
 * The pieces, all in hypervisor-owned (DOMID_XEN) frames:
 *
 *   shared frames   the grant entries, 512 per frame, mapped into the
 *                   granter's physmap; the guest writes them, we read them
 *                   and set GTF_reading / GTF_writing while they are mapped.
 *   active entries  one per grant reference, private to the hypervisor:
 *                   which machine frame a reference pins, for whom, and how
 *                   many read-only and writable mappings hold it.
 *   maptrack        one per mapping, kept by the mapper: the handle
 *                   map_grant_ref returns indexes it.  It grows a frame
 *                   at a time when no handle is free, up to
 *                   MAX_MAPTRACK_FRAMES (as Xen's max_maptrack_frames),
 *                   and its free handles form a list threaded through
 *                   the free entries, so that a map finds one at once.
 *
 * Reference counting.  A pinned active entry keeps its frame: the granter
 * cannot free it (XENMEM_decrease_reservation removes it from the
 * granter's physmap, but the frame stays the granter's until the last
 * mapping goes, then it is scrubbed and freed), and the entry's GTF_reading
 * / GTF_writing flags tell the granter's guest that it cannot end the grant
 * yet.  The pin is taken from the shared entry once, at the first mapping;
 * later changes to the shared entry do not move a pinned frame.
 *
 * Revocation.  Only the domain named in an entry can pin it, so every
 * mapping of a granter's reference lives in one mapper's maptrack.  When
 * the granter dies, gnttab_domain_destroy() removes each such mapping from
 * its mapper's p2m (a later access there faults the mapper alone) and marks
 * the maptrack entry revoked; the frames then have no mapping left and go
 * back to the free pool with the rest of the granter's memory.  The
 * mapper's later unmap_grant_ref of a revoked handle succeeds and frees
 * the handle.  When a mapper dies, its mappings are unmapped normally.
 *
 * Example: d1 grants gfn 0x500 (machine frame M) to d2 with ref 10; d2 maps
 * ref 10 read-only at gpa 0x38000000: d1's active[10] = {M, d2, ro 1}, d1's
 * entry 10 gets GTF_reading, d2's p2m maps gfn 0x38000 -> M read-only, d2's
 * maptrack[h] = {d1, ref 10, gfn 0x38000, read-only}.  d1 balloons gfn 0x500
 * out: its p2m entry goes, M stays d1's (still counted in its pages).  d2
 * unmaps h: the pin drops to 0, GTF_reading is cleared, and as no p2m entry
 * of d1 names M any more, M is scrubbed and freed.
 *
 * Locking: the hypervisor lock covers every table here.  The shared
 * entries are the exception, as the granter's guest writes them while
 * other CPUs run the hypervisor: an entry is claimed (GTF_reading /
 * GTF_writing set) in one compare-and-swap with the check of its flags
 * and domid, the way Xen does, and its frame is read only after that.
 */
#ifndef HV_GNTTAB_H
#define HV_GNTTAB_H

#include <xen/xen.h>
#include <xen/grant_table.h>
#include <hv/param.h>
#include <hv/types.h>

struct domain;
struct vcpu;
struct guest_ulongs;

#define GNTTAB_ENTRIES_PER_FRAME	(PAGE_SIZE / sizeof(struct grant_entry_v1))
#define GNTTAB_MAX_ENTRIES	(MAX_GRANT_FRAMES * GNTTAB_ENTRIES_PER_FRAME)
#define GNTTAB_NO_GFN		(~0ULL)	/* a table frame not in the physmap */

/* The hypervisor's state for one grant reference (16 bytes, 256 a page). */
struct gnttab_active {
	uint32_t mfn;		/* machine frame pinned (valid while pinned) */
	uint32_t gfn;		/* the granter's gfn it was at when pinned */
	domid_t domid;		/* the mapper it is pinned for */
	uint16_t ro_pins;	/* read-only mappings */
	uint16_t rw_pins;	/* writable mappings */
	uint16_t pad;
};

#define GNTTAB_ACTIVE_PER_PAGE	(PAGE_SIZE / sizeof(struct gnttab_active))
#define GNTTAB_ACTIVE_PAGES	(GNTTAB_ENTRIES_PER_FRAME / GNTTAB_ACTIVE_PER_PAGE)

/* One mapping held by a mapper; its index is the grant handle. */
struct gnttab_maptrack {
	uint64_t gfn;		/* where in the mapper's physmap */
	grant_ref_t ref;	/* the granter's reference; when free, the next
				   free handle (or GNTTAB_NO_HANDLE) */
	domid_t dom;		/* the granter */
	uint16_t flags;		/* GNTTAB_MT_* */
};

#define GNTTAB_MT_INUSE		1u	/* the handle is allocated */
#define GNTTAB_MT_READONLY	2u	/* mapped read-only */
#define GNTTAB_MT_REVOKED	4u	/* the granter died: nothing mapped */

#define GNTTAB_MAPTRACK_PER_PAGE (PAGE_SIZE / sizeof(struct gnttab_maptrack))
#define GNTTAB_MAX_HANDLES	(MAX_MAPTRACK_FRAMES * GNTTAB_MAPTRACK_PER_PAGE)
#define GNTTAB_NO_HANDLE	(~0u)	/* the end of the free list */

/* A domain's grant table; lives in struct domain. */
struct gnttab {
	unsigned int nr_frames;			/* shared frames so far */
	paddr_t shared[MAX_GRANT_FRAMES];	/* machine addresses */
	uint64_t shared_gfn[MAX_GRANT_FRAMES];	/* or GNTTAB_NO_GFN */
	paddr_t active[MAX_GRANT_FRAMES * GNTTAB_ACTIVE_PAGES];
	unsigned int nr_maptrack_frames;
	paddr_t maptrack[MAX_MAPTRACK_FRAMES];
	unsigned int maptrack_free;		/* first free handle, or
						   GNTTAB_NO_HANDLE */
	unsigned int nr_maps;			/* handles in use */
};

/*
 * Gives d a grant table of one frame (as Xen does; the guest grows it with
 * setup_table or add_to_physmap).  Returns 0, or -ENOMEM with nothing
 * allocated.  Called by domain_create().
 */
int gnttab_domain_init(struct domain *d);

/*
 * Ends d's part in every grant: unmaps what d mapped of other domains,
 * revokes every mapping other domains hold of d's grants (removing them
 * from those domains' p2m), then frees d's table, active and maptrack
 * frames.  After it, no p2m but d's own names a frame of d, so d's RAM can
 * be freed.  Called by domain_destroy() before d's memory is released.
 */
void gnttab_domain_destroy(struct domain *d);

/* What of its grant table a domain uses now (XENOLITH_DOMCTL_get_usage). */
struct gnttab_usage {
	unsigned int frames;		/* shared frames of its table */
	unsigned int entries;		/* entries whose type is not GTF_invalid */
	unsigned int entries_mapped;	/* of d's entries, pinned by a mapper */
	unsigned int maps;		/* d's own mappings (maptrack in use) */
};

/*
 * Counts d's grant usage into *u.  The entries are the guest's to change
 * at any time: the count reads each one once and is a snapshot.
 */
void gnttab_usage(const struct domain *d, struct gnttab_usage *u);

/*
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table): puts d's table frame idx
 * at gfn, growing the table to idx + 1 frames first and moving the frame
 * if it was mapped at another gfn.  The caller (memory.c) has decoded the
 * request and checked that the caller may change d.  Returns 0, -EINVAL
 * (status frames, which v1 lacks; idx >= MAX_GRANT_FRAMES; gfn out of
 * range), -EBUSY (gfn holds something that is not d's RAM) or -ENOMEM.
 */
int gnttab_add_to_physmap(struct domain *d, unsigned long idx, uint64_t gfn);

/*
 * True when a grant of d pins the machine frame at maddr: it must then not
 * be freed (memory.c defers the free to gnttab's last unmap).
 */
bool gnttab_frame_pinned(const struct domain *d, paddr_t maddr);

/*
 * The single operations, each on a copy of the guest's argument: they check
 * everything, then act, and report in op->status (GNTST_*), as Xen does.
 * ld is the calling domain.  They are the units the hypercall and the unit
 * tests drive.
 */
void gnttab_map(struct domain *ld, struct gnttab_map_grant_ref *op);
void gnttab_unmap(struct domain *ld, struct gnttab_unmap_grant_ref *op);
void gnttab_copy(struct domain *ld, struct gnttab_copy *op);
/*
 * GNTTABOP_swap_grant_ref: exchanges ld's own entries ref_a and ref_b
 * (flags, domid, frame), as Xen does: GNTST_bad_gntref for a reference
 * past the table, GNTST_eagain while either is pinned (mapped, or being
 * copied), nothing done for ref_a == ref_b.
 */
void gnttab_swap(struct domain *ld, struct gnttab_swap_grant_ref *op);

/*
 * GNTTABOP_setup_table's act half: grows the table of op->dom to
 * op->nr_frames and reports in op->status.  The gfns of the frames are
 * then read with gnttab_frame_gfn().
 */
void gnttab_setup(struct domain *ld, struct gnttab_setup_table *op,
		  struct domain **target);

/* The gfn of d's table frame i (i < nr_frames), or GNTTAB_NO_GFN. */
uint64_t gnttab_frame_gfn(const struct domain *d, unsigned int i);

/*
 * The hypercall's halves (gnttab_op.c) that compat.c shares.  One
 * operation of a batch, on a copy of the guest's, in the caller's layout.
 */
typedef void (*gnttab_one_fn)(struct domain *ld, void *op);

/*
 * Runs count operations of size bytes (at most a native operation's) from
 * uop through fn.  Each is read once into the hypervisor and written back
 * after it ran.  An operation that lies in one writable page is read and
 * written there in place, with one walk of the guest's tables; the page is
 * looked up again in the p2m if the operation changed it (an unmap may
 * have taken that very page away).  Any other is written back unchanged
 * before it runs, so that an operation that succeeds is never lost to an
 * unwritable status field.  Returns 0, -EINVAL (count over
 * GNTTAB_MAX_BATCH) or -EFAULT.
 */
long gnttab_op_batch(struct vcpu *v, unsigned long uop, unsigned long count,
		     size_t size, gnttab_one_fn fn);

/*
 * GNTTABOP_setup_table on the decoded op: gnttab_setup(), then the gfns
 * of the frames written to frames (GNTST_bad_virt_addr in op->status when
 * that faults).  The caller copies op back.
 */
void gnttab_op_setup_table(struct vcpu *v, struct gnttab_setup_table *op,
			   const struct guest_ulongs *frames);

#endif
