/* SPDX-License-Identifier: MIT */
/*
 * The frame allocator: an owner per frame in one flat table.  A linear scan
 * from a hint is plenty for the allocations a domain build makes, and
 * keeps ownership checks (grant tables, foreign maps) a single array
 * lookup.  The hint goes back to a frame that is freed, so freed frames
 * are handed out again before ones never used: under an emulator the
 * first write to a guest-physical page costs far more than zeroing it
 * (about 35 us against 3 under QEMU TCG), and a domain created after
 * another was destroyed reuses its frames.
 *
 * Frames are zeroed when freed (scrubbed, as Xen does), so a freed frame
 * is handed out as it is; only frames never allocated since boot, whose
 * contents are whatever the firmware left, are zeroed when allocated
 * (the unscrubbed bitmap).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <hv/console.h>
#include <hv/mm.h>
#include <hv/param.h>

static domid_t frame_owner[MAX_FRAMES];
static unsigned long nr_free, nr_total;
static unsigned long next_hint;
static uint64_t unscrubbed[MAX_FRAMES / 64];

static bool take_unscrubbed(unsigned long i)
{
	uint64_t bit = 1ULL << (i % 64);
	bool was = unscrubbed[i / 64] & bit;

	unscrubbed[i / 64] &= ~bit;
	return was;
}

/* Hands frame i to owner, zeroed. */
static void take(unsigned long i, domid_t owner)
{
	frame_owner[i] = owner;
	if (take_unscrubbed(i))
		memset(maddr_to_virt((paddr_t)i << PAGE_SHIFT), 0, PAGE_SIZE);
}

void page_alloc_init(void)
{
	unsigned long i;

	for (i = 0; i < MAX_FRAMES; i++)
		frame_owner[i] = FRAME_RESERVED;
	nr_free = 0;
	nr_total = 0;
	next_hint = 0;
}

void page_alloc_add_free(paddr_t start, paddr_t end)
{
	unsigned long first = ALIGN_UP(start, PAGE_SIZE) >> PAGE_SHIFT;
	unsigned long last = MIN(end, (paddr_t)MAX_PHYS_ADDR) >> PAGE_SHIFT;

	for (; first < last; first++) {
		if (frame_owner[first] != FRAME_FREE) {
			nr_free++;
			nr_total++;
		}
		frame_owner[first] = FRAME_FREE;
		unscrubbed[first / 64] |= 1ULL << (first % 64);
	}
}

void page_alloc_reserve(paddr_t start, paddr_t end)
{
	unsigned long first = start >> PAGE_SHIFT;
	unsigned long last = ALIGN_UP(MIN(end, (paddr_t)MAX_PHYS_ADDR),
				      PAGE_SIZE) >> PAGE_SHIFT;

	for (; first < last; first++) {
		if (frame_owner[first] == FRAME_FREE) {
			nr_free--;
			nr_total--;
		}
		frame_owner[first] = FRAME_RESERVED;
	}
}

int page_alloc(domid_t owner, paddr_t *maddr)
{
	unsigned long i, n;

	BUG_ON(owner == FRAME_FREE || owner == FRAME_RESERVED);
	for (n = 0; n < MAX_FRAMES; n++) {
		i = (next_hint + n) % MAX_FRAMES;
		if (frame_owner[i] != FRAME_FREE)
			continue;
		take(i, owner);
		nr_free--;
		next_hint = i + 1;
		*maddr = (paddr_t)i << PAGE_SHIFT;
		return 0;
	}
	return -ENOMEM;
}

int page_alloc_contig(domid_t owner, unsigned long nr, paddr_t min,
		      paddr_t *maddr)
{
	unsigned long i, run = 0;

	BUG_ON(owner == FRAME_FREE || owner == FRAME_RESERVED || !nr);
	for (i = ALIGN_UP(min, PAGE_SIZE) >> PAGE_SHIFT; i < MAX_FRAMES; i++) {
		run = frame_owner[i] == FRAME_FREE ? run + 1 : 0;
		if (run < nr)
			continue;
		for (i = i + 1 - nr, run = 0; run < nr; run++, i++)
			take(i, owner);
		nr_free -= nr;
		*maddr = (paddr_t)(i - nr) << PAGE_SHIFT;
		return 0;
	}
	return -ENOMEM;
}

void page_free(paddr_t maddr)
{
	unsigned long i = maddr >> PAGE_SHIFT;

	BUG_ON(i >= MAX_FRAMES || (maddr & (PAGE_SIZE - 1)));
	BUG_ON(frame_owner[i] == FRAME_FREE || frame_owner[i] == FRAME_RESERVED);
	memset(maddr_to_virt(maddr), 0, PAGE_SIZE);
	frame_owner[i] = FRAME_FREE;
	nr_free++;
	if (i < next_hint)
		next_hint = i;
}

domid_t page_owner(paddr_t maddr)
{
	unsigned long i = maddr >> PAGE_SHIFT;

	return i < MAX_FRAMES ? frame_owner[i] : FRAME_RESERVED;
}

unsigned long page_free_all(domid_t owner)
{
	unsigned long i, n = 0;

	for (i = 0; i < MAX_FRAMES; i++) {
		if (frame_owner[i] == owner) {
			page_free((paddr_t)i << PAGE_SHIFT);
			n++;
		}
	}
	return n;
}

unsigned long page_alloc_free_count(void)
{
	return nr_free;
}

unsigned long page_alloc_total_count(void)
{
	return nr_total;
}
