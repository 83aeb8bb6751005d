/* SPDX-License-Identifier: MIT */
/*
 * Nested page table entries: ordinary x86-64 page-table entries, walked as
 * user accesses (APM 15.25.5), so every level needs U as well as P.
 */
#include <asm/boot.h>
#include "svm.h"

#define NPT_NX	(1ULL << 63)

static uint64_t npt_make(paddr_t maddr, unsigned int perms, bool leaf)
{
	uint64_t e = maddr | PTE_P | PTE_U;

	if (!leaf)
		return e | PTE_W;
	if (perms & P2M_WRITE)
		e |= PTE_W;
	if (!(perms & P2M_EXEC))
		e |= NPT_NX;
	if (perms & P2M_UNCACHED)
		e |= PTE_PCD | PTE_PWT;	/* host PAT entry 3: UC */
	return e;
}

static unsigned int npt_perms(uint64_t e)
{
	if (!(e & PTE_P))
		return 0;
	return P2M_READ | (e & PTE_W ? P2M_WRITE : 0) |
	       (e & NPT_NX ? 0 : P2M_EXEC);
}

const struct p2m_format npt_format = {
	.name = "NPT",
	.make = npt_make,
	.perms = npt_perms,
	.present = PTE_P,
};
