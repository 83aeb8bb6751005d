/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU data.  Each physical CPU has one struct percpu, found through its
 * GS base: this_cpu() is a single load from %gs:0, whichever CPU runs.
 * The hypervisor never runs guest code with its own GS base loaded (the
 * back ends switch it: VMLOAD/VMSAVE on svm, the host-state area on vmx),
 * so %gs always means "this CPU" in hypervisor code.
 *
 * Only the boot CPU is brought up today; the structure is where a CPU's
 * own state lives so that adding the others changes no caller.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <hv/param.h>
#include <hv/types.h>

struct vcpu;
struct fpu_state;

struct percpu {
	struct percpu *self;		/* at offset 0: what %gs:0 reads */
	unsigned int cpu_id;		/* 0 for the boot CPU */
	struct vcpu *last_entered;	/* the last vCPU run here (TLB, VMCS reuse) */
	struct fpu_state *fpu_owner;	/* whose FPU state the registers hold */
	uint64_t fpu_owner_generation;	/* fpu_owner's, when it was loaded */
};

/* Points this CPU's GS base at percpu slot cpu_id.  Before any this_cpu(). */
void percpu_init(unsigned int cpu_id);

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;

	__asm__ volatile("mov %%gs:0, %0" : "=r"(p));
	return p;
}

#endif
