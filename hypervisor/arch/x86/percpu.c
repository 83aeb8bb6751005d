/* SPDX-License-Identifier: MIT */
/* The per-CPU areas and the GS base that finds them (see asm/percpu.h). */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/percpu.h>

#define MSR_GS_BASE	0xc0000101

static struct percpu areas[MAX_CPUS];

void percpu_init(unsigned int cpu_id)
{
	struct percpu *p = &areas[cpu_id];

	p->self = p;
	p->cpu_id = cpu_id;
	p->apic_id = apic_id();
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)p);
}

struct percpu *per_cpu(unsigned int cpu)
{
	return &areas[cpu];
}
