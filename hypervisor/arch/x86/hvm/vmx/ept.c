/* SPDX-License-Identifier: MIT */
/*
 * EPT entries (SDM 29.3.2): bits 0-2 grant read, write and execute, and an
 * entry with none of them is not present.  Leaves carry the memory type,
 * write-back for the RAM a domain gets, combined with the guest's own PAT.
 * EPT cannot express write without read, and execute-only needs a CPU
 * feature we do not ask for, so any right granted implies read.
 */
#include "vmx.h"

#define EPT_R			(1ULL << 0)
#define EPT_W			(1ULL << 1)
#define EPT_X			(1ULL << 2)
#define EPT_MT_UC		(0ULL << 3)
#define EPT_MT_WB		(6ULL << 3)
#define EPTP_MT_WB		6ULL
#define EPTP_WALK4		(3ULL << 3)	/* walk length minus one */

static uint64_t ept_make(paddr_t maddr, unsigned int perms, bool leaf)
{
	uint64_t e = maddr | EPT_R;

	if (!leaf)
		return e | EPT_W | EPT_X;
	if (perms & P2M_WRITE)
		e |= EPT_W;
	if (perms & P2M_EXEC)
		e |= EPT_X;
	return e | (perms & P2M_UNCACHED ? EPT_MT_UC : EPT_MT_WB);
}

static unsigned int ept_perms(uint64_t e)
{
	if (!(e & (EPT_R | EPT_W | EPT_X)))
		return 0;
	return (e & EPT_R ? P2M_READ : 0) | (e & EPT_W ? P2M_WRITE : 0) |
	       (e & EPT_X ? P2M_EXEC : 0);
}

const struct p2m_format ept_format = {
	.name = "EPT",
	.make = ept_make,
	.perms = ept_perms,
	.present = EPT_R | EPT_W | EPT_X,
};

uint64_t ept_pointer(paddr_t root)
{
	return root | EPTP_WALK4 | EPTP_MT_WB;
}
