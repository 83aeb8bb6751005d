/* SPDX-License-Identifier: MIT */
/* The test guests' PV layer (see pv.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/domctl.h>
#include <xen/sched.h>
#include "pv.h"

static uint8_t hypercall_page[4096] __attribute__((aligned(4096)));
static unsigned int passed, failed;

void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid"
			 : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(0));
}

int pv_init(void)
{
	uint32_t a, b, c, d;

	cpuid(XEN_CPUID_FIRST_LEAF, &a, &b, &c, &d);
	if (b != XEN_CPUID_SIGNATURE_EBX || c != XEN_CPUID_SIGNATURE_ECX ||
	    d != XEN_CPUID_SIGNATURE_EDX || a < XEN_CPUID_LEAF(2))
		return -1;
	cpuid(XEN_CPUID_LEAF(2), &a, &b, &c, &d);
	/* Identity-mapped: the page's virtual address is its physical one. */
	wrmsr(b, (uint64_t)(uintptr_t)hypercall_page);
	return 0;
}

long hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
	       unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r10 __asm__("r10") = a4;
	register unsigned long r8 __asm__("r8") = a5;
	void *stub = hypercall_page + nr * 32;
	long ret;

	__asm__ volatile("call *%[stub]"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
			   "+r"(r8)
			 : [stub] "r"(stub)
			 : "memory", "rcx", "r9", "r11");
	return ret;
}

static void console_emit(void *arg, const char *s, size_t n)
{
	(void)arg;
	HYPERCALL3(__HYPERVISOR_console_io, CONSOLEIO_write, n, s);
}

void pv_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcbprintf(console_emit, NULL, fmt, ap);
	va_end(ap);
}

void pv_shutdown(unsigned int reason)
{
	struct sched_shutdown sd = { .reason = reason };

	for (;;)
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &sd);
}

struct idt_gate {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
} __attribute__((packed));

static struct idt_gate idt[256] __attribute__((aligned(16)));
extern char gp_entry[], ud_entry[];

void pv_set_gate(unsigned int vec, void *fn)
{
	uint64_t a = (uint64_t)(uintptr_t)fn;

	idt[vec] = (struct idt_gate){ (uint16_t)a, 0x08, 0, 0x8e,
				      (uint16_t)(a >> 16), (uint32_t)(a >> 32),
				      0 };
}

void pv_install_idt(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1,
					   (uint64_t)(uintptr_t)idt };

	pv_set_gate(6, ud_entry);
	pv_set_gate(13, gp_entry);
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void expect_eq(const char *name, long got, long want)
{
	if (got == want) {
		passed++;
		pv_printf("PASS %s\n", name);
	} else {
		failed++;
		pv_printf("FAIL %s: got %ld, want %ld\n", name, got, want);
	}
}

void expect_true(const char *name, int ok, const char *what)
{
	if (ok) {
		passed++;
		pv_printf("PASS %s\n", name);
	} else {
		failed++;
		pv_printf("FAIL %s: %s\n", name, what);
	}
}

void pv_summary(void)
{
	pv_printf("SUMMARY %u passed, %u failed\n", passed, failed);
}

#define XMM_READ(n, out) __asm__ volatile("movq %%xmm" #n ", %0" : "=r"(out))

void xmm_fill(uint64_t pattern)
{
	__asm__ volatile("movq %0, %%xmm0\n\t"
			 "movq %0, %%xmm1\n\t"
			 "movq %0, %%xmm2\n\t"
			 "movq %0, %%xmm3\n\t"
			 "movq %0, %%xmm4\n\t"
			 "movq %0, %%xmm5\n\t"
			 "movq %0, %%xmm6\n\t"
			 "movq %0, %%xmm7\n\t"
			 "movq %0, %%xmm8\n\t"
			 "movq %0, %%xmm9\n\t"
			 "movq %0, %%xmm10\n\t"
			 "movq %0, %%xmm11\n\t"
			 "movq %0, %%xmm12\n\t"
			 "movq %0, %%xmm13\n\t"
			 "movq %0, %%xmm14\n\t"
			 "movq %0, %%xmm15\n\t"
			 : : "r"(pattern));
}

unsigned int xmm_count(uint64_t pattern)
{
	uint64_t x[16];

	XMM_READ(0, x[0]); XMM_READ(1, x[1]); XMM_READ(2, x[2]);
	XMM_READ(3, x[3]); XMM_READ(4, x[4]); XMM_READ(5, x[5]);
	XMM_READ(6, x[6]); XMM_READ(7, x[7]); XMM_READ(8, x[8]);
	XMM_READ(9, x[9]); XMM_READ(10, x[10]); XMM_READ(11, x[11]);
	XMM_READ(12, x[12]); XMM_READ(13, x[13]); XMM_READ(14, x[14]);
	XMM_READ(15, x[15]);
	unsigned int n = 0;
	for (int i = 0; i < 16; i++)
		n += x[i] == pattern;
	return n;
}

long domctl(uint32_t cmd, domid_t dom, struct xen_domctl *op)
{
	op->cmd = cmd;
	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	op->domain = dom;
	return hypercall(__HYPERVISOR_domctl, (unsigned long)op, 0, 0, 0, 0);
}
