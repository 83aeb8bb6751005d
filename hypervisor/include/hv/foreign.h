/* SPDX-License-Identifier: MIT */
/*
 * Foreign mappings: Dom0 maps frames of another domain into its own
 * guest-physical space (XENMEM_add_to_physmap_batch with
 * XENMAPSPACE_gmfn_foreign) and takes them out again
 * (XENMEM_remove_from_physmap).  This is how xenstored and the console
 * backend reach a DomU's xenstore and console pages, and how a domain
 * builder loads a new domain's memory.
 *
 * Rules, checked per entry before anything changes:
 *   - only a privileged domain maps (the mapper), and never its own frames;
 *   - the foreign gfn must hold the foreign domain's own RAM (not a grant
 *     or shared-info frame, not another domain's frame it mapped);
 *   - the mapper's gpfn must be a hole in its p2m (below MAX_GUEST_GFN):
 *     nothing is ever replaced, so a mistake cannot free Dom0's RAM;
 *   - the mapping is read-write, not executable.
 *
 * Tracking.  Every mapping is a row of one table, in frames of the
 * hypervisor's that it takes and gives back as mappings come and go:
 * mapper, gpfn, owner, machine frame.  The frame stays the owner's; the
 * row is what keeps it from being freed under the mapper:
 *   - when the owner takes the frame out of its physmap (ballooning,
 *     add_to_physmap over it) foreign_revoke_frame() revokes every foreign
 *     mapping of it first;
 *   - when the owner dies, foreign_domain_destroy() revokes the owner's
 *     frames in every mapper's p2m before the frames are freed.
 * Revoking points the mapper's gpfn at a scratch frame of the hypervisor's
 * instead of the owner's frame: Dom0's backends may still touch a ring in
 * the short time before they hear of the death (VIRQ_DOM_EXC), and such a
 * stale access must neither crash Dom0 nor reach a frame someone else gets
 * next.  The row stays, marked revoked, so that the mapper's later
 * XENMEM_remove_from_physmap of that gpfn succeeds and removes the scratch
 * mapping; the scratch frame is allocated with the first revoked row and
 * freed with the last.  When the mapper dies its rows go with it (its p2m
 * is freed whole).
 *
 * Locking: none yet (one CPU, interrupts off; see domain.h).
 */
#ifndef HV_FOREIGN_H
#define HV_FOREIGN_H

#include <hv/types.h>

struct domain;

/*
 * Maps owner's gfn at mapper's gpfn.  The caller (memory.c) has decoded the
 * request and checked that mapper is privileged.  Returns 0, -EINVAL (owner
 * is mapper; gpfn beyond MAX_GUEST_GFN; gfn not owner's RAM), -EBUSY (gpfn
 * is not a hole) or -ENOMEM (p2m tables, or frames for a bigger table).
 */
int foreign_map(struct domain *mapper, struct domain *owner, uint64_t gfn,
		uint64_t gpfn);

/*
 * XENMEM_remove_from_physmap of a foreign mapping: removes mapper's
 * mapping at gpfn (or forgets its revoked row).  Returns 0, or -ENOENT
 * when gpfn holds no foreign mapping of mapper.
 */
int foreign_unmap(struct domain *mapper, uint64_t gpfn);

/*
 * The owner is taking the frame at maddr out of its physmap: revokes every
 * foreign mapping of it (rows kept, marked revoked).
 */
void foreign_revoke_frame(paddr_t maddr);

/*
 * d is dying: revokes every mapping of d's frames (rows kept, marked
 * revoked) and drops every row where d is the mapper.  Called by
 * domain_destroy() before d's memory is freed.
 */
void foreign_domain_destroy(struct domain *d);

#endif
