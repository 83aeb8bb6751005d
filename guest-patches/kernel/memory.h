/* SPDX-License-Identifier: MIT */
/*
 * The kernel's memory at boot: the page allocator filled from the boot
 * memory map (minus the first MiB and the kernel image), then the kernel's
 * own page tables.  Shared by every kernel_main() (the guest kernels' and
 * Dom0's).
 */
#ifndef KERNEL_MEMORY_H
#define KERNEL_MEMORY_H

/*
 * Gives the page allocator the RAM of boot_info and switches to the
 * kernel's page tables.  Called once, after boot_info_parse().  Panics
 * when the page tables cannot be built: nothing can run without them.
 */
void memory_init(void);

#endif
