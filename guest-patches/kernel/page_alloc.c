/* SPDX-License-Identifier: MIT */
/* The physical page allocator: two bitmaps, RAM and used. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include "page_alloc.h"

#define NR_PAGES	(PAGE_ALLOC_MAX_BYTES / PAGE_SIZE)
#define WORD_BITS	64

static uint64_t used[NR_PAGES / WORD_BITS];	/* 1: not free */
static uint64_t ram[NR_PAGES / WORD_BITS];	/* 1: added as RAM */
static unsigned long nr_free, nr_total;
static unsigned long hint;	/* no free page below it */

static bool test_bit(const uint64_t *map, unsigned long pfn)
{
	return map[pfn / WORD_BITS] >> (pfn % WORD_BITS) & 1;
}

static bool is_used(unsigned long pfn)
{
	return test_bit(used, pfn);
}

static void set_used(unsigned long pfn, bool u)
{
	uint64_t bit = 1ull << (pfn % WORD_BITS);

	if (u)
		used[pfn / WORD_BITS] |= bit;
	else
		used[pfn / WORD_BITS] &= ~bit;
}

void page_alloc_init(void)
{
	memset(used, 0xff, sizeof(used));
	memset(ram, 0, sizeof(ram));
	nr_free = nr_total = 0;
	hint = NR_PAGES;
}

static unsigned long clamp_pfn(uint64_t addr)
{
	return addr / PAGE_SIZE > NR_PAGES ? NR_PAGES : addr / PAGE_SIZE;
}

void page_alloc_add(uint64_t start, uint64_t end)
{
	unsigned long pfn = clamp_pfn(start + PAGE_SIZE - 1);
	unsigned long last = clamp_pfn(end);

	if (end <= start)
		return;
	if (pfn == 0)
		pfn = 1;
	for (; pfn < last; pfn++) {
		if (test_bit(ram, pfn))
			continue;	/* overlapping map entries */
		ram[pfn / WORD_BITS] |= 1ull << (pfn % WORD_BITS);
		set_used(pfn, false);
		nr_free++;
		nr_total++;
		if (pfn < hint)
			hint = pfn;
	}
}

void page_alloc_reserve(uint64_t start, uint64_t end)
{
	unsigned long pfn = clamp_pfn(start);
	unsigned long last = clamp_pfn(end + PAGE_SIZE - 1);

	if (end <= start)
		return;
	for (; pfn < last; pfn++) {
		if (is_used(pfn))
			continue;
		set_used(pfn, true);
		nr_free--;
	}
}

uint64_t page_alloc(void)
{
	return page_alloc_n(1);
}

/* Length of the free run at pfn, up to n. */
static unsigned long free_run(unsigned long pfn, unsigned long n)
{
	unsigned long len = 0;

	while (len < n && pfn + len < NR_PAGES && !is_used(pfn + len))
		len++;
	return len;
}

uint64_t page_alloc_n(unsigned long n)
{
	unsigned long pfn, len, i;

	if (n == 0 || n > nr_free)
		return 0;
	for (pfn = hint; pfn + n <= NR_PAGES; pfn += len ? len : 1) {
		len = free_run(pfn, n);
		if (len < n)
			continue;
		for (i = 0; i < n; i++)
			set_used(pfn + i, true);
		nr_free -= n;
		if (pfn == hint)
			hint = pfn + n;
		return (uint64_t)pfn * PAGE_SIZE;
	}
	return 0;
}

int page_free_n(uint64_t pa, unsigned long n)
{
	unsigned long pfn = pa / PAGE_SIZE, i;

	if (pa % PAGE_SIZE || pfn == 0 || n == 0 || pfn >= NR_PAGES ||
	    n > NR_PAGES - pfn)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!is_used(pfn + i) || !test_bit(ram, pfn + i))
			return -EINVAL;
	for (i = 0; i < n; i++)
		set_used(pfn + i, false);
	nr_free += n;
	if (pfn < hint)
		hint = pfn;
	return 0;
}

unsigned long page_alloc_free_count(void)
{
	return nr_free;
}

unsigned long page_alloc_total(void)
{
	return nr_total;
}
