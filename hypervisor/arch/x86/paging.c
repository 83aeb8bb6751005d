/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own address space: boot.S identity-maps the first 4 GiB,
 * so a machine address below MAX_PHYS_ADDR is its own virtual address.
 */
#include <asm/boot.h>
#include <asm/paging.h>
#include <hv/mm.h>

#define PD_SHIFT	21

extern uint64_t boot_pd[];	/* boot.S: 2048 entries, one per 2 MiB */

void *maddr_to_virt(paddr_t maddr)
{
	return (void *)(uintptr_t)maddr;
}

paddr_t virt_to_maddr(const void *p)
{
	return (paddr_t)(uintptr_t)p;
}

unsigned int paging_uncache_holes(bool (*holds_ram)(unsigned int n))
{
	unsigned int n, changed = 0;
	uint64_t cr3;

	for (n = 0; n < PAGING_WB_LIMIT >> PD_SHIFT; n++) {
		if (holds_ram(n) || (boot_pd[n] & PTE_PCD))
			continue;
		boot_pd[n] |= PTE_PWT | PTE_PCD;
		changed++;
	}
	__asm__ volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) : : "memory");
	return changed;
}
