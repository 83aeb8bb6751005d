/* SPDX-License-Identifier: MIT */
/* Thin wrappers over x86 instructions: ports, MSRs, CPUID, control registers. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include "../../../../lib/include/portio.h"	/* also host-built */
#include <hv/types.h>

/* Registers as trap entry (entry.S) saves them, lowest address first. */
struct cpu_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t *a,
			       uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid"
			 : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(sub));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

#define DEFINE_CR_ACCESS(n)						\
	static inline uint64_t read_cr##n(void)				\
	{								\
		uint64_t v;						\
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));	\
		return v;						\
	}								\
	static inline void write_cr##n(uint64_t v)			\
	{								\
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR_ACCESS(0)
DEFINE_CR_ACCESS(3)
DEFINE_CR_ACCESS(4)
#undef DEFINE_CR_ACCESS

/* Debug registers: the hypervisor sets none; they hold a guest's. */
#define DEFINE_DR_ACCESS(n)						\
	static inline uint64_t read_dr##n(void)				\
	{								\
		uint64_t v;						\
		__asm__ volatile("mov %%db" #n ", %0" : "=r"(v));	\
		return v;						\
	}								\
	static inline void write_dr##n(uint64_t v)			\
	{								\
		__asm__ volatile("mov %0, %%db" #n : : "r"(v));		\
	}
DEFINE_DR_ACCESS(0)
DEFINE_DR_ACCESS(1)
DEFINE_DR_ACCESS(2)
DEFINE_DR_ACCESS(3)
DEFINE_DR_ACCESS(6)
DEFINE_DR_ACCESS(7)
#undef DEFINE_DR_ACCESS

static inline void irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

/* Lets interrupts that are pending be taken, then masks them again. */
static inline void irq_window(void)
{
	__asm__ volatile("sti; nop; cli" : : : "memory");
}

/* Waits for the next interrupt with interrupts enabled, then masks them. */
static inline void halt_until_interrupt(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause");
}

/* Powers the machine off where an emulator lets us; returns if it cannot. */
void machine_power_off(void);

#endif
