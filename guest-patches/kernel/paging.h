/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own page tables.  paging_init() replaces head.S's boot
 * tables: RAM is identity mapped (virtual = physical, so a physical page
 * from page_alloc() is usable at once), the kernel image with 4 KiB pages
 * by section (text read-only and executable, read-only data not
 * executable, data and .bss writable, not executable), the rest of RAM
 * writable and not executable in 2 MiB pages where aligned; page 0 stays
 * unmapped to catch NULL pointers.  Other addresses are free for
 * paging_map(): the PV layer will map shared_info and granted pages there.
 *
 * Not locked: only cooperative threads call it.
 */
#ifndef KERNEL_PAGING_H
#define KERNEL_PAGING_H

#include <stdint.h>

#define PAGING_WRITE	(1u << 0)
#define PAGING_EXEC	(1u << 1)
#define PAGING_UNCACHED	(1u << 2)	/* device memory (PCD and PWT) */

/*
 * Builds the tables for boot_info's RAM and the kernel image and switches
 * to them.  Called once, after page_alloc has its RAM.  Returns 0, or
 * -ENOMEM when the tables do not fit.
 */
int paging_init(void);

/*
 * Maps the 4 KiB page at virtual va to physical pa with PAGING_* flags,
 * allocating intermediate tables.  Returns 0, -EINVAL for an unaligned or
 * non-canonical address, -EEXIST when va is mapped already, -ENOMEM.
 */
int paging_map(uint64_t va, uint64_t pa, unsigned int flags);

/* Removes the 4 KiB mapping of va.  Returns 0 or -ENOENT. */
int paging_unmap(uint64_t va);

/*
 * Translates va.  Returns 0 and fills *pa and *flags (PAGING_*), or
 * -ENOENT when va is not mapped.
 */
int paging_lookup(uint64_t va, uint64_t *pa, unsigned int *flags);

#endif
