/* SPDX-License-Identifier: MIT */
/*
 * Machine memory: the frame allocator and the hypervisor's view of machine
 * addresses.  Every frame of RAM below MAX_PHYS_ADDR has exactly one owner:
 * free, reserved (firmware, the image, boot modules), the hypervisor
 * (DOMID_XEN: page tables, VMCBs, VMCSs) or one domain.
 */
#ifndef HV_MM_H
#define HV_MM_H

#include <xen/xen.h>
#include <hv/types.h>

#define FRAME_FREE	((domid_t)0xfffe)
#define FRAME_RESERVED	((domid_t)0xffff)

/*
 * The hypervisor's pointer to machine address maddr.  Defined by the arch
 * (identity mapping on x86) or by a unit-test harness.
 */
void *maddr_to_virt(paddr_t maddr);
paddr_t virt_to_maddr(const void *p);

/* Marks every frame reserved.  Call once before the two below. */
void page_alloc_init(void);

/* Marks the frames wholly inside [start, end) free (firmware RAM). */
void page_alloc_add_free(paddr_t start, paddr_t end);

/* Marks every frame touching [start, end) reserved (image, modules). */
void page_alloc_reserve(paddr_t start, paddr_t end);

/*
 * Takes a free frame for owner and returns 0 with its machine address in
 * *maddr, or -ENOMEM when none is free.  The frame reads all zeroes.
 * Frames freed since the last allocation are taken first, from the
 * lowest one up (they are already zero, and their memory is warm).
 */
int page_alloc(domid_t owner, paddr_t *maddr);

/*
 * Takes nr free frames that are machine-contiguous, the first at or above
 * min, for owner; zeroes them and returns 0 with the first's address in
 * *maddr, or -ENOMEM when no such run is free.  (DMA regions: a device
 * needs the addresses contiguous.)
 */
int page_alloc_contig(domid_t owner, unsigned long nr, paddr_t min,
		      paddr_t *maddr);
/*
 * Returns an allocated frame to the free pool, scrubbing it first so that
 * nothing of its owner's data reaches the next one.  Freeing a frame that
 * is free or reserved is a hypervisor bug (BUG_ON).
 */
void page_free(paddr_t maddr);

/* The owner of the frame at maddr (FRAME_FREE, FRAME_RESERVED, a domid). */
domid_t page_owner(paddr_t maddr);

/* Frees every frame owned by owner; returns how many. */
unsigned long page_free_all(domid_t owner);

/* Number of free frames. */
unsigned long page_alloc_free_count(void);

/* Number of frames the allocator manages (RAM it was given at boot). */
unsigned long page_alloc_total_count(void);

#endif
