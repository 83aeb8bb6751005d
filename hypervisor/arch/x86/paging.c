/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own address space: boot.S identity-maps the first 4 GiB,
 * so a machine address below MAX_PHYS_ADDR is its own virtual address.
 */
#include <hv/mm.h>

void *maddr_to_virt(paddr_t maddr)
{
	return (void *)(uintptr_t)maddr;
}

paddr_t virt_to_maddr(const void *p)
{
	return (paddr_t)(uintptr_t)p;
}
