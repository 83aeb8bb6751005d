/* SPDX-License-Identifier: MIT */
/* x86-64 four-level page tables for the kernel's single address space. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include "../../boot.h"
#include "../../page_alloc.h"
#include "../../paging.h"
#include "cpu.h"

#define PTE_P		(1ull << 0)
#define PTE_W		(1ull << 1)
#define PTE_PWT		(1ull << 3)
#define PTE_PCD		(1ull << 4)
#define PTE_PS		(1ull << 7)
#define PTE_NX		(1ull << 63)
#define PTE_ADDR	0x000ffffffffff000ull
#define LARGE_SIZE	(2ul << 20)
#define CANONICAL_MAX	(1ull << 47)

extern char _kernel_start[], _text_end[], _rodata_end[], _kernel_end[];

static uint64_t *pml4;
static uint64_t nx_bit;		/* PTE_NX when the CPU has NX, else 0 */

static uint64_t *table_at(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)(pte & PTE_ADDR);
}

static uint64_t *new_table(void)
{
	uint64_t pa = page_alloc();

	if (pa)
		memset((void *)(uintptr_t)pa, 0, PAGE_SIZE);
	return (uint64_t *)(uintptr_t)pa;
}

static unsigned int index_of(uint64_t va, unsigned int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

/*
 * Returns the entry for va at level (0: 4 KiB PTE, 1: 2 MiB PDE),
 * allocating tables on the way when alloc; NULL when absent or out of
 * memory.  A large page on the way also ends the walk with NULL.
 */
static uint64_t *walk(uint64_t va, unsigned int level, bool alloc)
{
	uint64_t *t = pml4, *e, *next;
	unsigned int l;

	for (l = 3; l > level; l--) {
		e = &t[index_of(va, l)];
		if (!(*e & PTE_P)) {
			if (!alloc || !(next = new_table()))
				return NULL;
			*e = (uint64_t)(uintptr_t)next | PTE_P | PTE_W;
		} else if (*e & PTE_PS) {
			return NULL;
		}
		t = table_at(*e);
	}
	return &t[index_of(va, level)];
}

static uint64_t pte_flags(unsigned int flags)
{
	return PTE_P | (flags & PAGING_WRITE ? PTE_W : 0) |
	       (flags & PAGING_UNCACHED ? PTE_PCD | PTE_PWT : 0) |
	       (flags & PAGING_EXEC ? 0 : nx_bit);
}

static int map_one(uint64_t va, uint64_t pa, unsigned int flags)
{
	uint64_t *e;

	if ((va | pa) % PAGE_SIZE || va >= CANONICAL_MAX)
		return -EINVAL;
	e = walk(va, 0, true);
	if (!e)
		return -ENOMEM;
	if (*e & PTE_P)
		return -EEXIST;
	*e = pa | pte_flags(flags);
	return 0;
}

int paging_map(uint64_t va, uint64_t pa, unsigned int flags)
{
	int rc = map_one(va, pa, flags);

	if (!rc)
		invlpg(va);
	return rc;
}

int paging_unmap(uint64_t va)
{
	uint64_t *e = walk(va, 0, false);

	if (!e || !(*e & PTE_P))
		return -ENOENT;
	*e = 0;
	invlpg(va);
	return 0;
}

int paging_lookup(uint64_t va, uint64_t *pa, unsigned int *flags)
{
	uint64_t *e = walk(va, 0, false), size = PAGE_SIZE;

	if (!e) {
		e = walk(va, 1, false);
		size = LARGE_SIZE;
		if (!e || !(*e & PTE_PS))
			return -ENOENT;
	}
	if (!(*e & PTE_P))
		return -ENOENT;
	*pa = (*e & PTE_ADDR & ~(size - 1)) + va % size;
	*flags = (*e & PTE_W ? PAGING_WRITE : 0) |
		 (*e & PTE_NX ? 0 : PAGING_EXEC);
	return 0;
}

/* The kernel image's permissions, section by section. */
static unsigned int image_flags(uint64_t pa)
{
	if (pa < (uintptr_t)_kernel_start || pa >= (uintptr_t)_kernel_end)
		return PAGING_WRITE;
	if (pa < (uintptr_t)_text_end)
		return PAGING_EXEC;
	if (pa < (uintptr_t)_rodata_end)
		return 0;
	return PAGING_WRITE;
}

/* Maps [start, end) of RAM, 2 MiB at a time where possible. */
static int map_ram(uint64_t start, uint64_t end)
{
	uint64_t pa = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1), *e;
	bool image;
	int rc;

	if (pa == 0)
		pa = PAGE_SIZE;
	while (pa + PAGE_SIZE <= end && pa < CANONICAL_MAX) {
		image = pa + LARGE_SIZE > (uintptr_t)_kernel_start &&
			pa < (uintptr_t)_kernel_end;
		if (pa % LARGE_SIZE == 0 && pa + LARGE_SIZE <= end && !image) {
			e = walk(pa, 1, true);
			if (!e)
				return -ENOMEM;
			*e = pa | PTE_PS | pte_flags(PAGING_WRITE);
			pa += LARGE_SIZE;
			continue;
		}
		rc = map_one(pa, pa, image_flags(pa));
		if (rc && rc != -EEXIST)
			return rc;
		pa += PAGE_SIZE;
	}
	return 0;
}

int paging_init(void)
{
	uint32_t r[4];
	unsigned int i;
	int rc;

	cpuid(0x80000000, 0, r);
	if (r[0] >= 0x80000001) {
		cpuid(0x80000001, 0, r);
		nx_bit = r[3] & (1u << 20) ? PTE_NX : 0;
	}
	pml4 = new_table();
	if (!pml4)
		return -ENOMEM;
	for (i = 0; i < boot_info.nr_ram; i++) {
		rc = map_ram(boot_info.ram[i].start, boot_info.ram[i].end);
		if (rc)
			return rc;
	}
	write_cr3((uint64_t)(uintptr_t)pml4);
	return 0;
}
