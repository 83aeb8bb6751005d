/* SPDX-License-Identifier: MIT */
/*
 * Guest FPU and SSE state.  The hypervisor never uses these registers
 * (it is built with -mgeneral-regs-only), so a guest's x87/MMX/XMM state
 * stays in the CPU while its vCPU is loaded there, however many exits it
 * takes; when the CPU switches to another vCPU (or to idle) the state is
 * saved (FXSAVE), and restored (FXRSTOR) when the vCPU is loaded again,
 * on whichever CPU.  Without this one domain would read and clobber
 * another's XMM registers.
 *
 * Saving at every switch rather than lazily (when the next FPU user
 * comes) is what lets a vCPU move between CPUs: its state is always in
 * memory when it is not loaded.
 *
 * XSAVE is hidden from guests (CPUID), so FXSAVE's 512 bytes are all the
 * state a guest can have.
 */
#ifndef ASM_FPU_H
#define ASM_FPU_H

#include <hv/types.h>

struct fpu_state {
	uint8_t area[512] __aligned(16);	/* the FXSAVE image */
};

/* The power-on state: x87 control word 0x37f, MXCSR 0x1f80, all empty. */
void fpu_init(struct fpu_state *fpu);

/* Loads fpu into this CPU's registers (the vCPU is switched in). */
void fpu_load(const struct fpu_state *fpu);

/* Saves this CPU's registers into fpu (the vCPU is switched out). */
void fpu_save(struct fpu_state *fpu);

#endif
