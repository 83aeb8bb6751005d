/* SPDX-License-Identifier: MIT */
/*
 * The CPU state a PVH guest sees, as on Xen: MSR_DEBUGCTL, PAT and the
 * MTRRs read back what they accept and #GP on what they refuse, Intel's
 * MISC_ENABLE is fixed (#GP on AMD), an MSR Xen does not offer is #GP,
 * DR0-DR7 keep their values (across other domains running in between)
 * and DR6/DR7 their fixed bits, DR7.GD makes the next MOV DRn a #DB, and the
 * other vendor's virtualisation instructions, VMX's and SVM's alike, are
 * #UD; then its local APIC (lapic.c), and KERNEL_GS_BASE as SWAPGS left
 * it after the vCPU was off the CPU; last, single-stepping through the
 * instructions the hypervisor completes (one #DB after each, DR6.BS
 * set).  Every check prints PASS or FAIL; the summary ends the domain.
 */
#include <stdbool.h>
#include <xen/sched.h>
#include "pv.h"

#define MSR_MTRRCAP	0x0fe
#define MSR_MISC_ENABLE	0x1a0
#define MSR_DEBUGCTL	0x1d9
#define MSR_MTRR_BASE0	0x200
#define MSR_MTRR_MASK0	0x201
#define MSR_MTRR_FIX64K	0x250
#define MSR_MTRR_FIX4K7	0x26f
#define MSR_PAT		0x277
#define MSR_MTRR_DEF	0x2ff
#define MSR_GS_BASE	0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_TSC_AUX	0xc0000103
#define MSR_SYSCFG	0xc0010010
#define MSR_TOP_MEM1	0xc001001a
#define MSR_TOP_MEM2	0xc001001d
#define MSR_VM_CR	0xc0010114

/* #GP on a three-byte instruction (MOV to/from DRn): count and skip. */
__asm__(".globl gp3_entry\n"
	"gp3_entry:\n\t"
	"incq gp_count(%rip)\n\t"
	"addq $3, 8(%rsp)\n\t"
	"add $8, %rsp\n\t"
	"iretq\n");
extern char gp3_entry[], gp_entry[];

/* #DB (a trap for data breakpoints): count it and keep DR6. */
__asm__(".globl db_entry\n"
	"db_entry:\n\t"
	"incq db_count(%rip)\n\t"
	"push %rax\n\t"
	"mov %dr6, %rax\n\t"
	"mov %rax, db_dr6(%rip)\n\t"
	"pop %rax\n\t"
	"iretq\n");
extern char db_entry[];
volatile uint64_t db_count, db_dr6;

/*
 * #DB for single_step(): counts it, keeps the trap's rip, DR6 and the
 * registers the stepped instruction left, clears DR6 (as a handler
 * should) and TF in the frame, so that each step traps once.
 */
__asm__(".globl step_entry\n"
	"step_entry:\n\t"
	"incq step_count(%rip)\n\t"
	"mov %rax, step_rax(%rip)\n\t"
	"mov %rcx, step_rcx(%rip)\n\t"
	"mov %rdx, step_rdx(%rip)\n\t"
	"mov (%rsp), %rax\n\t"
	"mov %rax, step_rip(%rip)\n\t"
	"mov %dr6, %rax\n\t"
	"mov %rax, step_dr6(%rip)\n\t"
	"xor %eax, %eax\n\t"
	"mov %rax, %dr6\n\t"
	"andq $-257, 16(%rsp)\n\t"	/* TF off in the saved RFLAGS */
	"mov step_rax(%rip), %rax\n\t"
	"iretq\n");
extern char step_entry[];
volatile uint64_t step_count, step_rip, step_dr6, step_rax, step_rcx, step_rdx;

/* Faults of fn's instructions: the #GP count it added. */
#define GPS(stmt)                                                          \
	({                                                                 \
		uint64_t b_ = gp_count;                                    \
		stmt;                                                      \
		(long)(gp_count - b_);                                     \
	})

static void msrs(void)
{
	uint64_t v;

	EXPECT_EQ("cpustate/debugctl-reads-0", GPS(v = rdmsr(MSR_DEBUGCTL)), 0);
	EXPECT_EQ("cpustate/debugctl-value-0", v, 0);
	EXPECT_EQ("cpustate/debugctl-lbr-btf", GPS(wrmsr(MSR_DEBUGCTL, 3)), 0);
	EXPECT_EQ("cpustate/debugctl-reads-back", rdmsr(MSR_DEBUGCTL), 3);
	EXPECT_EQ("cpustate/debugctl-bts-gp", GPS(wrmsr(MSR_DEBUGCTL, 0x80)), 1);
	EXPECT_EQ("cpustate/debugctl-kept", rdmsr(MSR_DEBUGCTL), 3);
	wrmsr(MSR_DEBUGCTL, 0);

	EXPECT_EQ("cpustate/pat-power-on", rdmsr(MSR_PAT), 0x0007040600070406L);
	EXPECT_EQ("cpustate/pat-write", GPS(wrmsr(MSR_PAT, 0x0007010600070106UL)), 0);
	EXPECT_EQ("cpustate/pat-reads-back", rdmsr(MSR_PAT), 0x0007010600070106L);
	EXPECT_EQ("cpustate/pat-bad-type-gp", GPS(wrmsr(MSR_PAT, 0x0007040600070402UL)), 1);
	wrmsr(MSR_PAT, 0x0007040600070406UL);

	EXPECT_EQ("cpustate/mtrrcap", rdmsr(MSR_MTRRCAP), 0x508);
	EXPECT_EQ("cpustate/mtrrcap-write-gp", GPS(wrmsr(MSR_MTRRCAP, 0)), 1);
	EXPECT_EQ("cpustate/mtrr-def-write", GPS(wrmsr(MSR_MTRR_DEF, 0xc06)), 0);
	EXPECT_EQ("cpustate/mtrr-def-reads-back", rdmsr(MSR_MTRR_DEF), 0xc06);
	EXPECT_EQ("cpustate/mtrr-def-bad-type-gp", GPS(wrmsr(MSR_MTRR_DEF, 0x807)), 1);
	EXPECT_EQ("cpustate/mtrr-def-reserved-gp", GPS(wrmsr(MSR_MTRR_DEF, 0x1806)), 1);
	EXPECT_EQ("cpustate/mtrr-fixed-write",
		  GPS(wrmsr(MSR_MTRR_FIX64K, 0x0606060606060606UL)), 0);
	EXPECT_EQ("cpustate/mtrr-fixed-reads-back", rdmsr(MSR_MTRR_FIX64K),
		  0x0606060606060606L);
	EXPECT_EQ("cpustate/mtrr-fixed-bad-type-gp",
		  GPS(wrmsr(MSR_MTRR_FIX4K7, 0x0606060606020606UL)), 1);
	EXPECT_EQ("cpustate/mtrr-var-write",
		  GPS(wrmsr(MSR_MTRR_BASE0, 0x80000006);
		      wrmsr(MSR_MTRR_MASK0, 0xf80000800UL)), 0);
	EXPECT_EQ("cpustate/mtrr-var-reads-back",
		  rdmsr(MSR_MTRR_BASE0) ^ rdmsr(MSR_MTRR_MASK0),
		  0x80000006L ^ 0xf80000800L);
	EXPECT_EQ("cpustate/mtrr-var-reserved-gp",
		  GPS(wrmsr(MSR_MTRR_BASE0, 0x80000106);
		      wrmsr(MSR_MTRR_MASK0, 0xf80000801UL);
		      wrmsr(MSR_MTRR_MASK0, 1UL << 63)), 3);

	EXPECT_EQ("cpustate/unknown-msr-read-gp", GPS(v = rdmsr(0x12345678)), 1);
	EXPECT_EQ("cpustate/unknown-msr-write-gp", GPS(wrmsr(0x12345678, 1)), 1);
	EXPECT_EQ("cpustate/unoffered-fixed-gp", GPS(v = rdmsr(0x260)), 1);
	/*
	 * AMD's interrupt-pending MSR, which Linux reads on a K8 for erratum
	 * 400: Xen 4.17 does not offer it (msr_relaxed off), #GP.
	 */
	EXPECT_EQ("cpustate/int-pending-msg-gp", GPS(v = rdmsr(0xc0010055)), 1);
	(void)v;
}

static bool cpu_amd(void)
{
	uint32_t a, b, c, d;

	cpuid(0, &a, &b, &c, &d);
	return b == 0x68747541 || b == 0x6f677948;	/* "Auth", "Hygo" */
}

/* IA32_MISC_ENABLE as Xen shows it on Intel: fast strings, no BTS/PEBS. */
#define MISC_ENABLE_XEN	((1L << 0) | (1L << 11) | (1L << 12))

/*
 * TSC_AUX, the AMD configuration MSRs (#GP on Intel) and Intel's
 * MISC_ENABLE (fixed, only its own value written back; #GP on AMD), as
 * Xen gives them.  Returns the #GPs it expected.
 */
static long msr_policy(void)
{
	uint32_t a, b, c, d, aux;
	uint64_t v = 0;
	bool kept = true;
	unsigned int i;
	long gps = 0;

	/* QEMU's and Bochs' CPUs both offer RDTSCP, so TSC_AUX exists. */
	cpuid(0x80000001, &a, &b, &c, &d);
	EXPECT_TRUE("cpustate/rdtscp-offered", d & (1u << 27));
	wrmsr(MSR_TSC_AUX, 0x1234);
	EXPECT_EQ("cpustate/tsc-aux-reads-back", rdmsr(MSR_TSC_AUX), 0x1234);
	__asm__ volatile("rdtscp" : "=a"(a), "=d"(d), "=c"(aux));
	EXPECT_EQ("cpustate/tsc-aux-rdtscp", aux, 0x1234);
	/* Other domains run in between: the value is this vCPU's. */
	for (i = 0; i < 20; i++) {
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
		__asm__ volatile("rdtscp" : "=a"(a), "=d"(d), "=c"(aux));
		if (aux != 0x1234)
			kept = false;
	}
	EXPECT_TRUE("cpustate/tsc-aux-kept-across-switches", kept);
	EXPECT_EQ("cpustate/tsc-aux-upper-gp",
		  GPS(wrmsr(MSR_TSC_AUX, 1UL << 32)), 1);
	gps++;
	if (cpu_amd()) {
		EXPECT_EQ("cpustate/syscfg", rdmsr(MSR_SYSCFG), 1L << 18);
		EXPECT_EQ("cpustate/syscfg-write-dropped",
			  GPS(wrmsr(MSR_SYSCFG, 0x740000)) == 0 &&
			  rdmsr(MSR_SYSCFG) == 1L << 18, 1);
		EXPECT_EQ("cpustate/top-mem-vm-cr-0", rdmsr(MSR_TOP_MEM1) |
			  rdmsr(MSR_TOP_MEM2) | rdmsr(MSR_VM_CR), 0);
	} else {
		EXPECT_EQ("cpustate/syscfg", GPS(v = rdmsr(MSR_SYSCFG)), 1);
		EXPECT_EQ("cpustate/syscfg-write-dropped",
			  GPS(wrmsr(MSR_SYSCFG, 0x740000)), 1);
		EXPECT_EQ("cpustate/top-mem-vm-cr-0",
			  GPS(v |= rdmsr(MSR_TOP_MEM1); v |= rdmsr(MSR_VM_CR)),
			  2);
		gps += 4;
	}
	if (cpu_amd()) {
		EXPECT_EQ("cpustate/misc-enable", GPS(v = rdmsr(MSR_MISC_ENABLE)), 1);
		EXPECT_EQ("cpustate/misc-enable-write",
			  GPS(wrmsr(MSR_MISC_ENABLE, MISC_ENABLE_XEN)), 1);
		gps += 2;
	} else {
		EXPECT_EQ("cpustate/misc-enable", rdmsr(MSR_MISC_ENABLE),
			  MISC_ENABLE_XEN);
		EXPECT_EQ("cpustate/misc-enable-write",
			  GPS(wrmsr(MSR_MISC_ENABLE, MISC_ENABLE_XEN)) == 0 &&
			  GPS(wrmsr(MSR_MISC_ENABLE, MISC_ENABLE_XEN & ~1L)) == 1 &&
			  rdmsr(MSR_MISC_ENABLE) == MISC_ENABLE_XEN, 1);
		gps++;
	}
	(void)v;
	return gps;
}

#define MOV_TO_DR(n, val) __asm__ volatile("mov %0, %%dr" #n : : "r"((uint64_t)(val)))
#define MOV_FROM_DR(n) ({ uint64_t d_; __asm__ volatile("mov %%dr" #n ", %0" : "=r"(d_)); d_; })

static void debug_registers(void)
{
	unsigned int i;
	bool kept = true;

	pv_set_gate(13, gp3_entry);
	MOV_TO_DR(0, 0x1000);
	MOV_TO_DR(1, 0xffffffff81000000UL);
	MOV_TO_DR(2, 0x2222);
	MOV_TO_DR(3, 0x3333);
	EXPECT_EQ("cpustate/dr0", MOV_FROM_DR(0), 0x1000);
	EXPECT_EQ("cpustate/dr1-64bit", MOV_FROM_DR(1), (long)0xffffffff81000000UL);
	EXPECT_EQ("cpustate/dr3", MOV_FROM_DR(3), 0x3333);
	MOV_TO_DR(6, 0);
	EXPECT_EQ("cpustate/dr6-fixed-bits", MOV_FROM_DR(6), 0xffff0ff0L);
	MOV_TO_DR(6, 0xffffffff);
	EXPECT_EQ("cpustate/dr6-writable-bits", MOV_FROM_DR(6), 0xffffeff0L | 0xf);
	MOV_TO_DR(7, 0);
	EXPECT_EQ("cpustate/dr7-bit10", MOV_FROM_DR(7), 0x400);
	MOV_TO_DR(7, 0xffffdfff);	/* all but GD (general_detect()) */
	EXPECT_EQ("cpustate/dr7-fixed-bits", MOV_FROM_DR(7), 0xffff07ffL);
	MOV_TO_DR(7, 0x400);
	EXPECT_EQ("cpustate/dr4-aliases-dr6", MOV_FROM_DR(4), MOV_FROM_DR(6));
	EXPECT_EQ("cpustate/dr7-upper-gp", GPS(MOV_TO_DR(7, 1UL << 32)), 1);
	EXPECT_EQ("cpustate/dr6-upper-gp", GPS(MOV_TO_DR(6, 1UL << 40)), 1);
	/* Other domains run in between: the values are this vCPU's. */
	for (i = 0; i < 20; i++) {
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
		if (MOV_FROM_DR(0) != 0x1000 || MOV_FROM_DR(2) != 0x2222)
			kept = false;
	}
	EXPECT_TRUE("cpustate/drs-kept-across-switches", kept);
	pv_set_gate(13, gp_entry);
}

/*
 * The breakpoints are armed: a data write breakpoint on DR0 raises #DB in
 * the guest with B0 in DR6, also after other domains ran on the CPU, and
 * not once DR7 disarms it.
 */
static void breakpoints(void)
{
	static volatile uint32_t watched;
	unsigned int i;
	uint32_t v;

	pv_set_gate(1, db_entry);
	MOV_TO_DR(6, 0);
	MOV_TO_DR(0, (uint64_t)&watched);
	MOV_TO_DR(7, 0x400 | 1 | 1u << 16 | 3u << 18);	/* L0, write, 4 bytes */
	watched = 1;
	EXPECT_EQ("cpustate/breakpoint-db", db_count, 1);
	EXPECT_EQ("cpustate/breakpoint-dr6-b0", db_dr6 & 0xf, 1);
	v = watched;
	EXPECT_EQ("cpustate/breakpoint-read-not-caught", db_count + v, 2);
	for (i = 0; i < 20; i++)
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	MOV_TO_DR(6, 0);
	watched = 2;
	EXPECT_EQ("cpustate/breakpoint-after-switches", db_count, 2);
	EXPECT_EQ("cpustate/breakpoint-dr6-again", db_dr6 & 0xf, 1);
	MOV_TO_DR(7, 0x400);
	watched = 3;
	EXPECT_EQ("cpustate/breakpoint-disarmed", db_count, 2);
	MOV_TO_DR(0, 0);
}

/*
 * General detect: with DR7.GD set the next MOV DRn is a #DB fault, with
 * BD in DR6 and GD cleared for the handler (which reads DR6); the MOV
 * then runs again and completes.
 */
static void general_detect(void)
{
	uint64_t before, v;

	pv_set_gate(1, db_entry);
	MOV_TO_DR(6, 0);
	before = db_count;
	MOV_TO_DR(7, 0x400 | 1u << 13);
	v = MOV_FROM_DR(7);
	EXPECT_EQ("cpustate/dr7-gd-db", (long)(db_count - before), 1);
	EXPECT_EQ("cpustate/dr7-gd-dr6-bd", db_dr6 & (1u << 13), 1u << 13);
	EXPECT_EQ("cpustate/dr7-gd-cleared", v, 0x400);
	EXPECT_EQ("cpustate/dr7-gd-once", (long)(db_count - before), 1);
	MOV_TO_DR(6, 0);
}

/* Three-byte instructions, as head.S's #UD handler skips. */
/* rAX page-aligned: VMRUN, VMLOAD and VMSAVE #GP before they exit. */
#define UD3(bytes) __asm__ volatile(".byte " bytes : : "a"(0) : "memory")

void lapic_tests(void);			/* lapic.c */
bool lapic_halt_for(unsigned int ms);

/*
 * SWAPGS changes KERNEL_GS_BASE with no exit: the value the hypervisor
 * last saw written is stale from then on.  Halted (off the CPU, which
 * runs another vCPU or idles) several times, the vCPU must come back
 * with the value SWAPGS left, or a Linux that was off the CPU in user
 * mode takes its next system call with the user's GS base (a double
 * fault).  After lapic_tests(): the halts wake by the APIC timer.
 */
static void kernel_gs_base(void)
{
	uint64_t kgs, gs;
	unsigned int i, woken = 0;

	wrmsr(MSR_KERNEL_GS_BASE, 0x1111000);
	wrmsr(MSR_GS_BASE, 0x2222000);
	__asm__ volatile("swapgs" ::: "memory");
	for (i = 0; i < 5; i++)
		woken += lapic_halt_for(2);
	kgs = rdmsr(MSR_KERNEL_GS_BASE);
	__asm__ volatile("swapgs" ::: "memory");
	gs = rdmsr(MSR_GS_BASE);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	wrmsr(MSR_GS_BASE, 0);
	EXPECT_EQ("cpustate/kernel-gs-base-swapgs-kept-off-cpu", kgs, 0x2222000);
	EXPECT_EQ("cpustate/gs-base-swapgs-back", gs, 0x2222000);
	EXPECT_EQ("cpustate/halts-woken-by-apic-timer", woken, 5);
}

static void virt_instructions(void)
{
	uint32_t a, b, c, d;
	uint64_t before = ud_count;
	bool amd;

	cpuid(0, &a, &b, &c, &d);
	amd = b == 0x68747541;	/* "Auth" */
	UD3("0x0f, 0x01, 0xc2");	/* vmlaunch */
	UD3("0x0f, 0x01, 0xc3");	/* vmresume */
	UD3("0x0f, 0x01, 0xc4");	/* vmxoff */
	UD3("0x0f, 0x01, 0xd8");	/* vmrun */
	UD3("0x0f, 0x01, 0xda");	/* vmload */
	UD3("0x0f, 0x01, 0xdb");	/* vmsave */
	UD3("0x0f, 0x01, 0xdc");	/* stgi */
	UD3("0x0f, 0x01, 0xdd");	/* clgi */
	UD3("0x0f, 0x01, 0xdf");	/* invlpga */
	/* The other vendor's hypercall instruction. */
	if (amd)
		UD3("0x0f, 0x01, 0xc1");	/* vmcall */
	else
		UD3("0x0f, 0x01, 0xd9");	/* vmmcall */
	EXPECT_EQ("cpustate/virt-insns-ud", (long)(ud_count - before), 10);
}

/* CR4.VMXE is not the guest's to set (no VMX in its CPUID): #GP. */
static void cr4_vmxe(void)
{
	uint64_t cr4;

	pv_set_gate(13, gp3_entry);
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	EXPECT_EQ("cpustate/cr4-vmxe-gp",
		  GPS(__asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | (1UL << 13)))), 1);
	pv_set_gate(13, gp_entry);
}

#define DR6_BS		(1u << 14)
#define UNBACKED	0x20000000UL	/* mapped by head.S, not by the p2m */
/* Sets RFLAGS.TF: the instruction after the POPF is the one stepped. */
#define TF_ON		"pushfq\n\torq $0x100, (%%rsp)\n\tpopfq\n\t"

/*
 * What went wrong with a step expected to trap once at after, with BS
 * and no breakpoint bit in DR6: 0, or 1 (not one #DB), 2 (another rip),
 * 4 (BS clear), 8 (B0-B3 set).
 */
static long step_problems(uint64_t count_before, uint64_t after)
{
	return (step_count - count_before != 1 ? 1 : 0) |
	       (step_rip != after ? 2 : 0) | (step_dr6 & DR6_BS ? 0 : 4) |
	       (step_dr6 & 0xf ? 8 : 0);
}

/* A register at the trap, when it is what the instruction left; else -1. */
#define SAME(at_trap, after) ((at_trap) == (after) ? (long)(after) : -1L)

/*
 * Runs the instruction insn, single-stepped when tf; the address after it
 * goes to operand [at], the rest of the asm operands follow.
 */
#define MAYBE_STEPPED(tf, insn, ...)                                        \
	do {                                                                \
		if (tf)                                                     \
			__asm__ volatile("lea 1f(%%rip), %[at]\n\t" TF_ON    \
					 insn "\n1:" __VA_ARGS__);          \
		else                                                        \
			__asm__ volatile("lea 1f(%%rip), %[at]\n\t"          \
					 insn "\n1:" __VA_ARGS__);          \
	} while (0)

static uint64_t cpuid_eax(uint32_t leaf, bool tf, uint64_t *after)
{
	uint64_t a = leaf, b, c = 0, d, at;

	MAYBE_STEPPED(tf, "cpuid", : [at] "=&r"(at), "+a"(a), "=b"(b),
		      "+c"(c), "=d"(d) : : "memory");
	*after = at;
	return a;
}

static uint64_t in_80(bool tf, uint64_t *after)
{
	uint64_t a = 0x1234, at;

	MAYBE_STEPPED(tf, "inb $0x80, %%al", : [at] "=&r"(at), "+a"(a) : :
		      "memory");
	*after = at;
	return a;
}

static uint64_t mmio_read(bool tf, uint64_t *after)
{
	uint64_t a = 0x5678, at;

	MAYBE_STEPPED(tf, "movl (%[m]), %%eax", : [at] "=&r"(at), "+a"(a)
		      : [m] "r"(UNBACKED) : "memory");
	*after = at;
	return a;
}

/* RDMSR of msr: EDX:EAX. */
static uint64_t rdmsr_step(uint32_t msr, bool tf, uint64_t *after)
{
	uint64_t a = 0x1111, d = 0x2222, at;

	MAYBE_STEPPED(tf, "rdmsr", : [at] "=&r"(at), "+a"(a), "+d"(d)
		      : "c"(msr) : "memory");
	*after = at;
	return d << 32 | (uint32_t)a;
}

static uint64_t mov_from_dr7(bool tf, uint64_t *after)
{
	uint64_t a = 0, at;

	MAYBE_STEPPED(tf, "mov %%dr7, %%rax", : [at] "=&r"(at), "+a"(a) : :
		      "memory");
	*after = at;
	return a;
}

/* xen_version(XENVER_version, NULL) by the hypercall instruction itself. */
static uint64_t xen_version_step(bool tf, uint64_t *after)
{
	uint64_t a = __HYPERVISOR_xen_version, di = 0, si = 0, at;

	if (cpu_amd())
		MAYBE_STEPPED(tf, ".byte 0x0f, 0x01, 0xd9",	/* vmmcall */
			      : [at] "=&r"(at), "+a"(a), "+D"(di), "+S"(si)
			      : : "memory");
	else
		MAYBE_STEPPED(tf, ".byte 0x0f, 0x01, 0xc1",	/* vmcall */
			      : [at] "=&r"(at), "+a"(a), "+D"(di), "+S"(si)
			      : : "memory");
	*after = at;
	return a;
}

/*
 * One iteration of REP INSB from a port with no device, single-stepped:
 * the trap comes at the instruction itself with rCX one less; the rest
 * runs unstepped.  Returns the bytes read (all ones).
 */
static uint32_t rep_ins_step(uint64_t *at)
{
	uint32_t buf = 0;
	uint64_t di = (uint64_t)&buf, c = 3;

	__asm__ volatile("lea 1f(%%rip), %[at]\n\t" TF_ON "1: rep insb"
			 : [at] "=&r"(*at), "+D"(di), "+c"(c)
			 : "d"(0x80) : "memory");
	return buf;
}

/*
 * Single-stepping (RFLAGS.TF) through the instructions the hypervisor
 * completes: each gives exactly one #DB, a trap at the next instruction
 * with DR6.BS, the registers as the instruction left them; none without
 * TF; an instruction that faults (#GP) does not trap, the one after it
 * does.  The exit fast path would complete CPUID, IN, RDMSR without the
 * trap: it must leave these to the slow path.
 */
static void single_step(void)
{
	uint64_t n, at, want, got, gps, after_nop;

	pv_set_gate(1, step_entry);
	MOV_TO_DR(6, 0);
	want = cpuid_eax(0, false, &at);
	n = step_count;
	got = cpuid_eax(0, true, &at);
	EXPECT_EQ("cpustate/step-cpuid", step_problems(n, at), 0);
	EXPECT_EQ("cpustate/step-cpuid-regs", SAME(step_rax, got), want);

	n = step_count;
	got = in_80(true, &at);
	EXPECT_EQ("cpustate/step-in-unbacked", step_problems(n, at), 0);
	EXPECT_EQ("cpustate/step-in-unbacked-regs", SAME(step_rax, got), 0x12ff);

	n = step_count;
	got = mmio_read(true, &at);
	EXPECT_EQ("cpustate/step-mmio-read", step_problems(n, at), 0);
	EXPECT_EQ("cpustate/step-mmio-read-regs", SAME(step_rax, got),
		  0xffffffff);

	n = step_count;
	got = rdmsr_step(MSR_DEBUGCTL, true, &at);
	EXPECT_EQ("cpustate/step-rdmsr", step_problems(n, at), 0);
	EXPECT_EQ("cpustate/step-rdmsr-regs",
		  SAME(step_rdx << 32 | (uint32_t)step_rax, got), 0);

	want = HYPERCALL2(__HYPERVISOR_xen_version, 0, 0);
	n = step_count;
	got = xen_version_step(true, &at);
	EXPECT_EQ("cpustate/step-hypercall", step_problems(n, at), 0);
	EXPECT_EQ("cpustate/step-hypercall-regs", SAME(step_rax, got), want);

	n = step_count;
	got = mov_from_dr7(true, &at);
	EXPECT_EQ("cpustate/step-mov-dr", step_problems(n, at), 0);
	EXPECT_EQ("cpustate/step-mov-dr-regs", SAME(step_rax, got), 0x400);

	n = step_count;
	got = rep_ins_step(&at);
	EXPECT_EQ("cpustate/step-rep-ins-one-iteration",
		  step_problems(n, at) | (step_rcx != 2 ? 16 : 0), 0);
	EXPECT_EQ("cpustate/step-rep-ins-completes", got, 0xffffff);

	/* Not stepped: no #DB at all. */
	n = step_count;
	cpuid_eax(0, false, &at);
	in_80(false, &at);
	mmio_read(false, &at);
	rdmsr_step(MSR_DEBUGCTL, false, &at);
	xen_version_step(false, &at);
	mov_from_dr7(false, &at);
	EXPECT_EQ("cpustate/step-none-without-tf", step_count - n, 0);

	/*
	 * RDMSR of an MSR Xen does not offer, stepped: #GP (gp_entry skips
	 * it), no trap for it; the NOP after it, stepped with the TF its
	 * IRET restored, traps after itself.
	 */
	n = step_count;
	gps = gp_count;
	__asm__ volatile("lea 2f(%%rip), %[at]\n\t" TF_ON "rdmsr\n\tnop\n2:"
			 : [at] "=&r"(after_nop) : "c"(0x12345678)
			 : "rax", "rdx", "memory");
	EXPECT_EQ("cpustate/step-faulting-rdmsr-gp", gp_count - gps, 1);
	EXPECT_EQ("cpustate/step-faulting-rdmsr-no-trap",
		  step_problems(n, after_nop), 0);
	MOV_TO_DR(6, 0);
}

void guest_main(uint32_t start_info);
void guest_main(uint32_t start_info)
{
	long policy_gps;

	(void)start_info;
	if (pv_init())
		for (;;)
			__asm__ volatile("hlt");
	pv_install_idt();
	msrs();
	policy_gps = msr_policy();
	debug_registers();
	breakpoints();
	general_detect();
	virt_instructions();
	cr4_vmxe();
	EXPECT_EQ("cpustate/gp-count", gp_count, 16 + policy_gps);
	lapic_tests();
	kernel_gs_base();
	single_step();
	pv_summary();
	pv_shutdown(SHUTDOWN_poweroff);
}
