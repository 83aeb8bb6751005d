/* SPDX-License-Identifier: MIT */
/* Lazy switching of guest FPU/SSE state between vCPUs (see asm/fpu.h). */
#include <string.h>
#include <asm/fpu.h>
#include <asm/percpu.h>

#define FCW_DEFAULT	0x037f
#define MXCSR_DEFAULT	0x1f80

static uint64_t next_generation = 1;

void fpu_init(struct fpu_state *fpu)
{
	uint16_t fcw = FCW_DEFAULT;
	uint32_t mxcsr = MXCSR_DEFAULT;

	memset(fpu->area, 0, sizeof(fpu->area));
	memcpy(fpu->area, &fcw, sizeof(fcw));
	memcpy(fpu->area + 24, &mxcsr, sizeof(mxcsr));
	fpu->generation = next_generation++;
}

void fpu_load(struct fpu_state *fpu)
{
	struct percpu *cpu = this_cpu();
	struct fpu_state *owner = cpu->fpu_owner;

	if (owner == fpu && cpu->fpu_owner_generation == fpu->generation)
		return;
	if (owner && owner->generation == cpu->fpu_owner_generation)
		__asm__ volatile("fxsave64 %0" : "=m"(owner->area));
	__asm__ volatile("fxrstor64 %0" : : "m"(fpu->area));
	cpu->fpu_owner = fpu;
	cpu->fpu_owner_generation = fpu->generation;
}
