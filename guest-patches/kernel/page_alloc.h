/* SPDX-License-Identifier: MIT */
/*
 * The physical page allocator: one bit per 4 KiB page of the first
 * PAGE_ALLOC_MAX_BYTES of physical memory (RAM above that is ignored: a
 * small kernel has no use for it).  Pages start out used; page_alloc_add()
 * frees the RAM ranges of the memory map and page_alloc_reserve() takes
 * back what is already in use (the kernel image, the first MiB).  Page 0 is
 * never handed out, so 0 can mean failure.
 *
 * Not locked: threads are cooperative and no interrupt handler allocates.
 * Pure logic over a bitmap, so tests/unit/guest runs it on the host.
 */
#ifndef KERNEL_PAGE_ALLOC_H
#define KERNEL_PAGE_ALLOC_H

#include <stdint.h>

#define PAGE_SIZE		4096ul
#define PAGE_ALLOC_MAX_BYTES	(1ul << 30)

/* Marks every page used and forgets all counts (boot, and each unit test). */
void page_alloc_init(void);

/*
 * Frees the whole pages inside [start, end): RAM from the memory map.
 * Parts above PAGE_ALLOC_MAX_BYTES are ignored; so is page 0.
 */
void page_alloc_add(uint64_t start, uint64_t end);

/* Marks every page touching [start, end) used; they are never returned. */
void page_alloc_reserve(uint64_t start, uint64_t end);

/* Returns the physical address of a free page, now used, or 0 when none. */
uint64_t page_alloc(void);

/*
 * Returns the address of n contiguous free pages (n >= 1), first fit, or 0
 * when no run is long enough.
 */
uint64_t page_alloc_n(unsigned long n);

/*
 * Frees n pages from pa, as returned by page_alloc()/page_alloc_n().
 * Returns 0, or -EINVAL (and changes nothing) when pa is unaligned, out of
 * range, or any of the pages is not RAM or not in use: a double free is
 * caught.
 */
int page_free_n(uint64_t pa, unsigned long n);

/* Pages free now, and pages of RAM ever added (the total). */
unsigned long page_alloc_free_count(void);
unsigned long page_alloc_total(void);

#endif
