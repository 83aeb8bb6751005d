/* SPDX-License-Identifier: MIT */
/*
 * The test guests' own small PV layer: finding the hypervisor through
 * CPUID, installing the hypercall page, raw hypercalls, console output,
 * and the EXPECT_* reporting every test guest uses.
 */
#ifndef GUESTS_PV_H
#define GUESTS_PV_H

#include <stdint.h>
#include <xen/xen.h>

/*
 * Finds Xen's CPUID leaves and asks the hypervisor to fill the hypercall
 * page.  Returns 0, or -1 when no Xen-compatible hypervisor answers.
 */
int pv_init(void);

/* Issues hypercall nr with up to five arguments through the page. */
long hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
	       unsigned long a3, unsigned long a4, unsigned long a5);

#define HYPERCALL2(nr, a, b) \
	hypercall(nr, (unsigned long)(a), (unsigned long)(b), 0, 0, 0)
#define HYPERCALL1(nr, a) hypercall(nr, (unsigned long)(a), 0, 0, 0, 0)
#define HYPERCALL3(nr, a, b, c)                                      \
	hypercall(nr, (unsigned long)(a), (unsigned long)(b),          \
		  (unsigned long)(c), 0, 0)

/* printf to the hypervisor console (console_io write). */
void pv_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Ends the domain with SCHEDOP_shutdown; never returns. */
void pv_shutdown(unsigned int reason) __attribute__((noreturn));

/* XEN_DOMCTL_cmd on domain dom (Dom0 only): the hypercall's result. */
struct xen_domctl;
long domctl(uint32_t cmd, domid_t dom, struct xen_domctl *op);

/* Installs an IDT whose #GP and #UD handlers count and skip (head.S). */
void pv_install_idt(void);
/* Points IDT vector vec at fn (an interrupt gate); after pv_install_idt(). */
void pv_set_gate(unsigned int vec, void *fn);
extern volatile uint64_t gp_count, ud_count;

void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d);

/*
 * RDMSR and WRMSR.  A #GP goes to the IDT's handler (pv_install_idt()),
 * which skips the instruction: a refused read then gives 0.
 */
static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo = 0, hi = 0;

	__asm__ volatile("rdmsr" : "+a"(lo), "+d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)val),
			 "d"((uint32_t)(val >> 32)));
}

/*
 * Fills all sixteen XMM registers with pattern / counts how many still
 * hold it: a guest's SSE state must survive other vCPUs running between.
 */
void xmm_fill(uint64_t pattern);
unsigned int xmm_count(uint64_t pattern);

/*
 * Test reporting: EXPECT_EQ prints "PASS name" or "FAIL name: ..." and
 * counts; pv_summary() prints the totals line the system tests read.
 */
void expect_eq(const char *name, long got, long want);
void expect_true(const char *name, int ok, const char *what);
#define EXPECT_EQ(name, got, want) expect_eq(name, (long)(got), (long)(want))
#define EXPECT_TRUE(name, cond) expect_true(name, !!(cond), #cond)
void pv_summary(void);
/*
 * A test name kept in a table and passed to EXPECT_* later: marks it for
 * the system tests, which require a PASS line for every name written at
 * an EXPECT_* call or in TEST_NAME().
 */
#define TEST_NAME(name) name

#endif
