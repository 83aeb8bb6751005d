/* SPDX-License-Identifier: MIT */
/* Xen's CPUID leaves, the hypercall page and the raw hypercall on x86. */
#include <errno.h>
#include <xen/arch-x86/cpuid.h>
#include "../../../kernel/arch/x86/cpu.h"
#include "../../hypercall.h"

#define CPUID_HV_FIRST	0x40000000u
#define CPUID_HV_LAST	0x40010000u	/* Xen looks this far */
#define CPUID_HV_STEP	0x100u

uint32_t hypercall_cpuid_base(void)
{
	uint32_t base, r[4];

	for (base = CPUID_HV_FIRST; base < CPUID_HV_LAST; base += CPUID_HV_STEP) {
		cpuid(base, 0, r);
		if (r[1] == XEN_CPUID_SIGNATURE_EBX &&
		    r[2] == XEN_CPUID_SIGNATURE_ECX &&
		    r[3] == XEN_CPUID_SIGNATURE_EDX && r[0] >= base + 2)
			return base;
	}
	return 0;
}

int hypercall_init(void)
{
	uint32_t base = hypercall_cpuid_base(), r[4];

	if (!base)
		return -ENODEV;
	cpuid(base + 2, 0, r);	/* EAX pages, EBX the MSR */
	if (r[0] < 1)
		return -ENODEV;
	/* Identity mapped: the page's virtual address is its physical one. */
	wrmsr(r[1], (uint64_t)(uintptr_t)hypercall_page);
	return 0;
}

long hypercall_raw(unsigned int nr, unsigned long a1, unsigned long a2,
		   unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r10 __asm__("r10") = a4;
	register unsigned long r8 __asm__("r8") = a5;
	void *stub = hypercall_page + nr * HYPERCALL_STUB_SIZE;
	long ret;

	__asm__ volatile("call *%[stub]"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
			   "+r"(r8)
			 : [stub] "r"(stub)
			 : "memory", "rcx", "r9", "r11");
	return ret;
}
