/* SPDX-License-Identifier: MIT */
/* Fake machine RAM for the frame allocator and everything above it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static uint8_t ram[HARNESS_RAM_SIZE] __attribute__((aligned(4096)));

bool harness_ram_contains(paddr_t maddr, size_t len)
{
	return maddr >= HARNESS_RAM_BASE &&
	       maddr - HARNESS_RAM_BASE <= HARNESS_RAM_SIZE &&
	       len <= HARNESS_RAM_SIZE - (maddr - HARNESS_RAM_BASE);
}

void *maddr_to_virt(paddr_t maddr)
{
	if (!harness_ram_contains(maddr, 1)) {
		fprintf(stderr, "maddr_to_virt(%#llx): outside the fake RAM\n",
			(unsigned long long)maddr);
		abort();
	}
	return ram + (maddr - HARNESS_RAM_BASE);
}

paddr_t virt_to_maddr(const void *p)
{
	const uint8_t *b = p;

	if (b < ram || b >= ram + sizeof(ram)) {
		fprintf(stderr, "virt_to_maddr(%p): outside the fake RAM\n", p);
		abort();
	}
	return HARNESS_RAM_BASE + (paddr_t)(b - ram);
}

void harness_ram_reset(void)
{
	memset(ram, 0xa5, sizeof(ram));
	page_alloc_init();
	page_alloc_add_free(HARNESS_RAM_BASE, HARNESS_RAM_BASE + HARNESS_RAM_SIZE);
}
