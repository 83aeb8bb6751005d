/* SPDX-License-Identifier: MIT */
/* The pool of TLB tags (VPIDs, ASIDs): see <asm/hvm/tlbtag.h>. */
#include <asm/hvm/tlbtag.h>

static uint64_t used[TLBTAG_MAX / 64] = { 1 };	/* tag 0: the host's */

unsigned int tlbtag_alloc(unsigned int limit)
{
	unsigned int i;

	if (limit > TLBTAG_MAX)
		limit = TLBTAG_MAX;
	for (i = 1; i < limit; i++)
		if (!(used[i / 64] & (1ULL << (i % 64)))) {
			used[i / 64] |= 1ULL << (i % 64);
			return i;
		}
	return 0;
}

void tlbtag_free(unsigned int tag)
{
	if (tag && tag < TLBTAG_MAX)
		used[tag / 64] &= ~(1ULL << (tag % 64));
}
