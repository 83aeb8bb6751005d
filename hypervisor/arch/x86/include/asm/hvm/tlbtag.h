/* SPDX-License-Identifier: MIT */
/*
 * TLB tags: the VPIDs of VT-x and the ASIDs of AMD-V.  A tag on each vCPU
 * lets the CPU keep a guest's translations across VM exits and across
 * switches between vCPUs, instead of flushing them at every entry.  Only
 * one back end runs, so one pool serves both.  Tag 0 is the host's and
 * never handed out.  The back end still flushes a tag where the hardware
 * does not do it for us (see vmx.h and svm.c).
 */
#ifndef ASM_HVM_TLBTAG_H
#define ASM_HVM_TLBTAG_H

#include <hv/types.h>

#define TLBTAG_MAX	4096	/* tags the pool holds, 0 included */

/*
 * A tag below limit (the number the CPU offers, at most TLBTAG_MAX) that
 * no live vCPU holds, or 0 when all are taken: the caller then shares a
 * tag and flushes at every switch.  Called under the hypervisor lock.
 */
unsigned int tlbtag_alloc(unsigned int limit);

/* Returns tag to the pool; 0 is ignored. */
void tlbtag_free(unsigned int tag);

#endif
