/* SPDX-License-Identifier: MIT */
/* The kernel's memory at boot: page allocator, then page tables. */
#include <stdint.h>
#include "boot.h"
#include "memory.h"
#include "page_alloc.h"
#include "paging.h"
#include "print.h"

#define LOW_MEMORY	(1ul << 20)	/* BIOS and loader data live below */

extern char _kernel_start[], _kernel_end[];

void memory_init(void)
{
	unsigned int i;
	int rc;

	page_alloc_init();
	for (i = 0; i < boot_info.nr_ram; i++)
		page_alloc_add(boot_info.ram[i].start, boot_info.ram[i].end);
	page_alloc_reserve(0, LOW_MEMORY);
	page_alloc_reserve((uintptr_t)_kernel_start, (uintptr_t)_kernel_end);
	rc = paging_init();
	if (rc)
		panic("page tables: error %d", rc);
}
