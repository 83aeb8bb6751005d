/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU data.  Each physical CPU has one struct percpu, found through its
 * GS base: this_cpu() is a single load from %gs:0, whichever CPU runs.
 * The hypervisor never runs guest code with its own GS base loaded (the
 * back ends switch it: VMLOAD/VMSAVE on svm, the host-state area on vmx),
 * so %gs always means "this CPU" in hypervisor code.
 *
 * Other CPUs' areas are reached with per_cpu(); the field another CPU
 * reads (in_guest) is written with atomics.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <hv/param.h>
#include <hv/types.h>

struct vcpu;

struct percpu {
	struct percpu *self;		/* at offset 0: what %gs:0 reads */
	unsigned int cpu_id;		/* 0 for the boot CPU */
	uint32_t apic_id;		/* where IPIs for this CPU go */
	struct vcpu *last_entered;	/* the last vCPU run here (TLB, VMCS reuse) */
	struct vcpu *in_guest;		/* the vCPU in guest mode here, or NULL */
	unsigned long interrupts;	/* taken here (the exit fast path's sign of work) */
};

/* Points this CPU's GS base at percpu slot cpu_id.  Before any this_cpu(). */
void percpu_init(unsigned int cpu_id);

/* CPU cpu's area. */
struct percpu *per_cpu(unsigned int cpu);

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;

	__asm__ volatile("mov %%gs:0, %0" : "=r"(p));
	return p;
}

#endif
