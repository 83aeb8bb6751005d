/* SPDX-License-Identifier: MIT */
/*
 * Guest FPU and SSE state.  The hypervisor never uses these registers
 * (it is built with -mgeneral-regs-only), so a guest's x87/MMX/XMM state
 * stays in the CPU until a different vCPU is about to run there; then it
 * is saved (FXSAVE) and the next vCPU's restored (FXRSTOR).  Without this
 * one domain would read and clobber another's XMM registers.
 *
 * XSAVE is hidden from guests (CPUID), so FXSAVE's 512 bytes are all the
 * state a guest can have.
 */
#ifndef ASM_FPU_H
#define ASM_FPU_H

#include <hv/types.h>

struct fpu_state {
	uint8_t area[512] __aligned(16);	/* the FXSAVE image */
	uint64_t generation;			/* tells reused vCPU slots apart */
};

/* The power-on state: x87 control word 0x37f, MXCSR 0x1f80, all empty. */
void fpu_init(struct fpu_state *fpu);

/*
 * Makes fpu the state in this CPU's registers, saving the previous owner's
 * first (unless that owner was freed since: its generation changed).
 * Call with interrupts off, before entering the guest that owns fpu.
 */
void fpu_load(struct fpu_state *fpu);

#endif
