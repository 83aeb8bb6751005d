/* SPDX-License-Identifier: MIT */
/* Switching guest FPU/SSE state with the vCPU (see asm/fpu.h). */
#include <string.h>
#include <asm/fpu.h>

#define FCW_DEFAULT	0x037f
#define MXCSR_DEFAULT	0x1f80

void fpu_init(struct fpu_state *fpu)
{
	uint16_t fcw = FCW_DEFAULT;
	uint32_t mxcsr = MXCSR_DEFAULT;

	memset(fpu->area, 0, sizeof(fpu->area));
	memcpy(fpu->area, &fcw, sizeof(fcw));
	memcpy(fpu->area + 24, &mxcsr, sizeof(mxcsr));
}

void fpu_load(const struct fpu_state *fpu)
{
	__asm__ volatile("fxrstor64 %0" : : "m"(fpu->area));
}

void fpu_save(struct fpu_state *fpu)
{
	__asm__ volatile("fxsave64 %0" : "=m"(fpu->area));
}
