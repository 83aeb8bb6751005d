/* SPDX-License-Identifier: MIT */
/*
 * An SMP PVH guest (booted with 4 vCPUs): vCPU 0 starts the others both
 * ways Xen offers, Xen's (VCPUOP_initialise with a 64-bit and a 32-bit
 * vcpu_hvm_context, then VCPUOP_up) and Linux PVH's (INIT and STARTUP
 * IPIs through the local APIC, into a real-mode trampoline), and checks:
 *  - Xen's error codes for bad calls (bad vCPU id, a bad context in each
 *    way Xen refuses one, an initialised vCPU, up before initialise);
 *  - APIC IDs: vCPU n has ID 2n in the APIC ID register, CPUID leaves 1
 *    and 0xb and the MADT, as Xen numbers them; CPUID.1 offers x2APIC
 *    (ECX[21]) on every AP;
 *  - fixed IPIs between vCPUs (ping-pong, xAPIC and x2APIC);
 *  - fixed IPIs to logical destinations naming several vCPUs in one ICR
 *    write (xAPIC flat and cluster models, x2APIC logical IDs as the SDM
 *    derives them), the all / all-but-self shorthands, and lowest
 *    priority reaching one vCPU of those named, equals in turn;
 *  - NMIs by ICR to a logical destination: the halted APs named take them
 *    at vector 2, the others not;
 *  - event channels bound to each vCPU (EVTCHNOP_bind_vcpu) reach it;
 *  - VCPUOP_down/up cycles stop and resume a vCPU where it was; INIT
 *    takes a running vCPU down until a STARTUP restarts it, a second
 *    STARTUP is ignored;
 * then shuts down with its other vCPUs running.  For `make bench`, the IPI
 * round trip between two vCPUs (BENCHSTAT lines, TSC cycles).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/hvm_vcpu.h>
#include <xen/arch-x86/hvm/start_info.h>
#include "events.h"
#include "pv.h"

#define NR_VCPUS	4
#define APIC		0xfee00000UL
#define R(off)		(*(volatile uint32_t *)(APIC + (off)))
#define APIC_ID		0x020
#define SVR		0x0f0
#define TPR		0x080
#define EOI		0x0b0
#define LDR		0x0d0
#define DFR		0x0e0
#define ICR		0x300
#define ICR2		0x310
#define MSR_APIC_BASE	0x01b
#define X2(off)		(0x800 + ((off) >> 4))
#define VEC_PING	0x52
#define VEC_PONG	0x53
#define VEC_TICK	0x54	/* vCPU 0's timer: a bound on a halted wait */
#define VEC_CLUSTER	0x55	/* an AP takes the cluster model */
#define VEC_X2APIC	0x56	/* an AP enters x2APIC mode */
#define LOGICAL		(1u << 11)
#define ALL		(2u << 18)
#define ALL_BUT_SELF	(3u << 18)
#define LVTT		0x320
#define TMICT		0x380
#define TDCR		0x3e0
#define DM_INIT		(5u << 8)
#define DM_STARTUP	(6u << 8)
#define ASSERT		(1u << 14)
#define TRAMPOLINE	0x8000	/* the STARTUP vector's page: vector 8 */
#define STACK_SIZE	8192

/* What each vCPU reports about itself (index: its vCPU id). */
static volatile uint32_t ap_entries[NR_VCPUS], ap_cpuid_id[NR_VCPUS],
	ap_x2_id[NR_VCPUS], ap_reg_id[NR_VCPUS], ap_cpuid_x2apic[NR_VCPUS];
static volatile uint32_t pings[NR_VCPUS], pongs, ticks, ev_upcalls[NR_VCPUS];
static volatile uint32_t ap_switched, ap_x2_ldr[NR_VCPUS], nmis[NR_VCPUS];
static volatile evtchn_port_t ev_port[NR_VCPUS];
static volatile bool x2;
static uint8_t stacks[NR_VCPUS][STACK_SIZE] __attribute__((aligned(16)));

/* Read by the AP entry paths below: the page tables and the next stack. */
uint64_t ap_cr3, ap_stack;

static uint32_t my_vcpu(void)
{
	uint32_t a, b, c, d;

	cpuid(XEN_CPUID_LEAF(4), &a, &b, &c, &d);
	return b;
}

/* An IPI to the vCPU with APIC ID dest, in this vCPU's APIC mode. */
static void send_ipi(uint32_t dest, uint32_t low)
{
	if (x2) {
		wrmsr(X2(ICR), (uint64_t)dest << 32 | low);
	} else {
		R(ICR2) = dest << 24;
		R(ICR) = low;
	}
}

/* A register write in this vCPU's own APIC mode. */
static void apic_write(unsigned int off, uint32_t val)
{
	if (rdmsr(MSR_APIC_BASE) & 0x400)
		wrmsr(X2(off), val);
	else
		R(off) = val;
}

static void eoi(void)
{
	apic_write(EOI, 0);
}

/*
 * vCPU n's logical IDs: flat, bit n; cluster, vCPUs 1 and 2 in cluster 1
 * (bits 0 and 1), vCPU 3 in cluster 2 (bit 0).
 */
static uint32_t flat_id(uint32_t n)
{
	return 1u << n;
}

static uint32_t cluster_id(uint32_t n)
{
	return n <= 2 ? 0x10 | (1u << (n - 1)) : 0x21;
}

/* An AP's reconfiguration, asked by vCPU 0 with an IPI. */
static void ap_switch(unsigned int which)
{
	uint32_t n = my_vcpu();

	if (which == 3) {
		R(DFR) = 0x0fffffff;
		R(LDR) = cluster_id(n) << 24;
	} else {
		wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | 0x400);
		if (n < NR_VCPUS)
			ap_x2_ldr[n] = (uint32_t)rdmsr(X2(LDR));
	}
	__atomic_fetch_add(&ap_switched, 1, __ATOMIC_SEQ_CST);
}

/* Interrupt handlers, called from the stubs with interrupts off. */
void smp_irq(unsigned int which);
void smp_irq(unsigned int which)
{
	if (which >= 3)
		ap_switch(which);
	else if (which == 2)
		ticks++;
	else if (which)
		pongs++;
	else
		pings[my_vcpu()]++;
	eoi();
}

/* Events: each AP takes the port bound to it from its own vcpu_info. */
static bool mine(evtchn_port_t port)
{
	uint32_t n = my_vcpu();

	return n && n < NR_VCPUS && port == ev_port[n];
}

static void upcall(void)
{
	uint32_t n = my_vcpu();

	if (n < NR_VCPUS) {
		ev_upcalls[n]++;
		ev_handle(&shared->vcpu_info[n], mine);
	}
}

#define STUB(name, which)                                                  \
	__asm__(".globl " #name "\n" #name ":\n\t"                          \
		"push %rax\n\tpush %rcx\n\tpush %rdx\n\tpush %rsi\n\t"      \
		"push %rdi\n\tpush %r8\n\tpush %r9\n\tpush %r10\n\t"        \
		"push %r11\n\tmov $" #which ", %edi\n\tcall smp_irq\n\t"    \
		"pop %r11\n\tpop %r10\n\tpop %r9\n\tpop %r8\n\tpop %rdi\n\t" \
		"pop %rsi\n\tpop %rdx\n\tpop %rcx\n\tpop %rax\n\tiretq\n")
STUB(ping_entry, 0);
STUB(pong_entry, 1);
STUB(tick_entry, 2);
STUB(cluster_entry, 3);
STUB(x2apic_entry, 4);
extern char ping_entry[], pong_entry[], tick_entry[], cluster_entry[],
	x2apic_entry[], nmi_entry[];

void smp_nmi(void);
void smp_nmi(void)
{
	uint32_t n = my_vcpu();

	if (n < NR_VCPUS)
		nmis[n]++;
}
__asm__(".globl nmi_entry\nnmi_entry:\n\t"
	"push %rax\n\tpush %rcx\n\tpush %rdx\n\tpush %rsi\n\t"
	"push %rdi\n\tpush %r8\n\tpush %r9\n\tpush %r10\n\t"
	"push %r11\n\tcall smp_nmi\n\t"
	"pop %r11\n\tpop %r10\n\tpop %r9\n\tpop %r8\n\tpop %rdi\n\t"
	"pop %rsi\n\tpop %rdx\n\tpop %rcx\n\tpop %rax\n\tiretq\n");

/*
 * The ways in.  Real mode (STARTUP, CS base 0x8000): load a GDT, enter
 * protected mode, load DS.  32-bit protected mode, flat (the trampoline, or a
 * 32-bit vcpu_hvm_context): the BSP's page tables, long mode.  64-bit
 * (a 64-bit context: CS has selector 0): a GDT of ours, then ap_main()
 * on the stack the BSP left in ap_stack.
 */
__asm__(".text\n"
	".code16\n"
	".globl tramp_start, tramp_end\n"
	"tramp_start:\n\t"
	"cli\n\t"
	"lgdtl %cs:(tramp_gdtr - tramp_start)\n\t"
	"mov %cr0, %eax\n\t"
	"or $1, %al\n\t"
	"mov %eax, %cr0\n\t"
	"ljmpl $0x18, $tramp32\n"
	".balign 8\n"
	"tramp_gdtr:\n\t"
	".word ap_gdt_end - ap_gdt - 1\n\t"
	".long ap_gdt\n"
	"tramp_end:\n"
	".code32\n"
	/* DS keeps its real-mode limit until reloaded (SDM 9.9.1). */
	"tramp32:\n\t"
	"mov $0x20, %ax\n\t"
	"mov %ax, %ds\n"
	".globl ap_entry32\n"
	"ap_entry32:\n\t"
	"lgdt ap_gdtr\n\t"
	"mov $0x20, %ax\n\t"
	"mov %ax, %ds\n\t"
	"mov %ax, %es\n\t"
	"mov %ax, %ss\n\t"
	"mov ap_cr3, %eax\n\t"
	"mov %eax, %cr3\n\t"
	"mov %cr4, %eax\n\t"
	"or $0x620, %eax\n\t"
	"mov %eax, %cr4\n\t"
	"mov $0xc0000080, %ecx\n\t"
	"rdmsr\n\t"
	"or $0x100, %eax\n\t"
	"wrmsr\n\t"
	"mov %cr0, %eax\n\t"
	"or $0x80000001, %eax\n\t"
	"mov %eax, %cr0\n\t"
	"ljmp $0x08, $ap_entry64\n"
	".code64\n"
	".globl ap_entry64\n"
	"ap_entry64:\n\t"
	"mov ap_stack(%rip), %rsp\n\t"
	"lgdt ap_gdtr(%rip)\n\t"
	"pushq $0x08\n\t"
	"lea 1f(%rip), %rax\n\t"
	"push %rax\n\t"
	"lretq\n"
	"1:\tmov $0x10, %ax\n\t"
	"mov %ax, %ds\n\t"
	"mov %ax, %es\n\t"
	"mov %ax, %ss\n\t"
	"call ap_main\n"
	"2:\thlt\n\t"
	"jmp 2b\n"
	".data\n"
	".balign 16\n"
	"ap_gdt:\n\t"
	".quad 0\n\t"
	".quad 0x00af9a000000ffff\n\t"	/* 0x08: 64-bit code */
	".quad 0x00cf92000000ffff\n\t"	/* 0x10: data */
	".quad 0x00cf9a000000ffff\n\t"	/* 0x18: 32-bit code */
	".quad 0x00cf92000000ffff\n"	/* 0x20: data */
	"ap_gdt_end:\n"
	"ap_gdtr:\n\t"
	".word ap_gdt_end - ap_gdt - 1\n\t"
	".quad ap_gdt\n"
	".text\n");
extern char tramp_start[], tramp_end[], ap_entry32[], ap_entry64[];

void ap_main(void);
void ap_main(void)
{
	uint32_t a, b, c, d, n = my_vcpu();
	uint32_t seen;

	pv_install_idt();
	if (n >= NR_VCPUS)
		for (;;)
			__asm__ volatile("cli; hlt");
	cpuid(1, &a, &b, &c, &d);
	ap_cpuid_id[n] = b >> 24;
	ap_cpuid_x2apic[n] = (c >> 21) & 1;
	cpuid(0xb, &a, &b, &c, &d);
	ap_x2_id[n] = d;
	ap_reg_id[n] = R(APIC_ID) >> 24;	/* xAPIC mode after start */
	apic_write(SVR, 0x1ff);
	apic_write(TPR, 0);
	if (!(rdmsr(MSR_APIC_BASE) & 0x400))
		R(LDR) = flat_id(n) << 24;	/* DFR: flat after reset */
	seen = pings[n];
	__atomic_fetch_add(&ap_entries[n], 1, __ATOMIC_SEQ_CST);
	/* Halt; answer each ping with a pong to vCPU 0. */
	for (;;) {
		__asm__ volatile("sti; hlt; cli");
		if (pings[n] != seen) {
			seen = pings[n];
			if (rdmsr(MSR_APIC_BASE) & 0x400) {
				wrmsr(X2(ICR), VEC_PONG);
			} else {
				R(ICR2) = 0;
				R(ICR) = VEC_PONG;
			}
		}
	}
}

static long vcpu_op(unsigned int cmd, unsigned int vcpu, void *arg)
{
	return HYPERCALL3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

/* Waits up to ms (TSC) for *p to differ from old; true if it did. */
static uint64_t tsc_khz;
static bool wait_change(volatile uint32_t *p, uint32_t old, unsigned int ms)
{
	uint64_t end = rdtsc() + tsc_khz * ms;

	while (*p == old && rdtsc() < end)
		__asm__ volatile("sti; pause; cli");
	return *p != old;
}

/* A 64-bit context entering ap_entry64 with the BSP's page tables. */
static void ctx64(struct vcpu_hvm_context *c)
{
	memset(c, 0, sizeof(*c));
	c->mode = VCPU_HVM_MODE_64B;
	c->cpu_regs.x86_64 = (struct vcpu_hvm_x86_64){
		.rip = (uintptr_t)ap_entry64, .rflags = 2,
		.cr0 = 0x80000011, .cr3 = ap_cr3, .cr4 = 0x620,
		.efer = 0x500,
	};
}

/* The PVH entry state, 32-bit flat, entering ap_entry32. */
static void ctx32(struct vcpu_hvm_context *c)
{
	struct vcpu_hvm_x86_32 *r = &c->cpu_regs.x86_32;

	memset(c, 0, sizeof(*c));
	c->mode = VCPU_HVM_MODE_32B;
	r->eip = (uint32_t)(uintptr_t)ap_entry32;
	r->eflags = 2;
	r->cr0 = 0x11;
	r->cs_limit = r->ds_limit = r->ss_limit = r->es_limit = 0xffffffff;
	r->cs_ar = 0xc9b;
	r->ds_ar = r->ss_ar = r->es_ar = 0xc93;
	r->tr_limit = 0x67;
	r->tr_ar = 0x8b;
}

static void bad_calls(void)
{
	struct vcpu_hvm_context c;

	EXPECT_EQ("smp/is-up-before", vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	EXPECT_EQ("smp/up-uninitialised", vcpu_op(VCPUOP_up, 1, NULL), -EINVAL);
	EXPECT_EQ("smp/is-up-bad-id", vcpu_op(VCPUOP_is_up, NR_VCPUS, NULL), -ENOENT);
	ctx64(&c);
	EXPECT_EQ("smp/init-bad-id", vcpu_op(VCPUOP_initialise, 99, &c), -ENOENT);
	EXPECT_EQ("smp/init-vcpu0-exists", vcpu_op(VCPUOP_initialise, 0, &c), -EEXIST);
	EXPECT_EQ("smp/init-fault", vcpu_op(VCPUOP_initialise, 1, (void *)0x7ffffffff000UL), -EFAULT);
	c.mode = 2;
	EXPECT_EQ("smp/init-bad-mode", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx64(&c);
	c.pad = 1;
	EXPECT_EQ("smp/init-pad", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx64(&c);
	c.cpu_regs.x86_64.cr0 = 0x11;
	EXPECT_EQ("smp/init64-no-paging", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx64(&c);
	c.cpu_regs.x86_64.rip = 0x800000000000UL;
	EXPECT_EQ("smp/init64-noncanonical", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx64(&c);
	c.cpu_regs.x86_64.cr4 = 0x600;
	EXPECT_EQ("smp/init64-no-pae", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx64(&c);
	c.cpu_regs.x86_64.cr4 |= 1u << 13;	/* VMXE */
	EXPECT_EQ("smp/init64-cr4-vmxe", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx64(&c);
	c.cpu_regs.x86_64.rflags = 2 | (1u << 3);	/* reserved */
	EXPECT_EQ("smp/init64-rflags", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx32(&c);
	c.cpu_regs.x86_32.cs_ar = 0;
	EXPECT_EQ("smp/init32-null-cs", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx32(&c);
	c.cpu_regs.x86_32.ss_ar = 0xc9b;
	EXPECT_EQ("smp/init32-code-ss", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx32(&c);
	c.cpu_regs.x86_32.tr_ar = 0xc93;
	EXPECT_EQ("smp/init32-data-tr", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx32(&c);
	c.cpu_regs.x86_32.cs_ar = 0x49b;	/* byte granular */
	c.cpu_regs.x86_32.cs_limit = 0xfffff;
	EXPECT_EQ("smp/init32-eip-beyond-limit", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx32(&c);
	c.cpu_regs.x86_32.ss_ar = 0xcf3;	/* DPL 3 */
	EXPECT_EQ("smp/init32-ss-dpl", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx32(&c);
	c.cpu_regs.x86_32.ds_ar = 0x493;
	EXPECT_EQ("smp/init32-limit-granularity", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx32(&c);
	c.cpu_regs.x86_32.efer = 0x400;		/* LMA without LME */
	EXPECT_EQ("smp/init32-lma-without-lme", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	ctx32(&c);
	c.cpu_regs.x86_32.pad2[1] = 1;
	EXPECT_EQ("smp/init32-pad", vcpu_op(VCPUOP_initialise, 1, &c), -EINVAL);
	EXPECT_EQ("smp/is-up-after-refusals", vcpu_op(VCPUOP_is_up, 1, NULL), 0);
}

/* vCPU n started by a VCPUOP_initialise context, then VCPUOP_up. */
static void start_xen_way(unsigned int n, bool mode64, const char *name)
{
	struct vcpu_hvm_context c;
	char what[64];

	ap_stack = (uintptr_t)&stacks[n][STACK_SIZE];
	if (mode64)
		ctx64(&c);
	else
		ctx32(&c);
	snprintf(what, sizeof(what), "smp/%s-initialise", name);
	EXPECT_EQ(what, vcpu_op(VCPUOP_initialise, n, &c), 0);
	snprintf(what, sizeof(what), "smp/%s-initialise-again", name);
	EXPECT_EQ(what, vcpu_op(VCPUOP_initialise, n, &c), -EEXIST);
	snprintf(what, sizeof(what), "smp/%s-down-until-up", name);
	EXPECT_TRUE(what, vcpu_op(VCPUOP_is_up, n, NULL) == 0 &&
				  !wait_change(&ap_entries[n], 0, 50));
	EXPECT_EQ("smp/up", vcpu_op(VCPUOP_up, n, NULL), 0);
	snprintf(what, sizeof(what), "smp/%s-runs", name);
	EXPECT_TRUE(what, wait_change(&ap_entries[n], 0, 5000) &&
				  vcpu_op(VCPUOP_is_up, n, NULL) == 1);
}

/* INIT, STARTUP (twice, as Linux sends it) to APIC ID 2n. */
static void init_sipi(unsigned int n)
{
	send_ipi(2 * n, DM_INIT | ASSERT);
	send_ipi(2 * n, DM_STARTUP | (TRAMPOLINE >> 12));
	send_ipi(2 * n, DM_STARTUP | (TRAMPOLINE >> 12));
}

static void start_linux_way(unsigned int n)
{
	uint32_t before = ap_entries[n];

	ap_stack = (uintptr_t)&stacks[n][STACK_SIZE];
	init_sipi(n);
	EXPECT_TRUE("smp/sipi-runs", wait_change(&ap_entries[n], before, 5000) &&
					      vcpu_op(VCPUOP_is_up, n, NULL) == 1);
	wait_change(&ap_entries[n], before + 1, 200);
	EXPECT_EQ("smp/second-sipi-ignored", ap_entries[n], before + 1);
}

static void check_ids(void)
{
	unsigned int n, offered = 0;
	bool ok = true;

	for (n = 1; n < NR_VCPUS; n++) {
		if (ap_cpuid_id[n] != 2 * n || ap_x2_id[n] != 2 * n ||
		    ap_reg_id[n] != 2 * n)
			ok = false;
		offered += ap_cpuid_x2apic[n];
		pv_printf("vCPU %u: APIC ID %u, CPUID %u, x2APIC %u\n", n,
			  ap_reg_id[n], ap_cpuid_id[n], ap_x2_id[n]);
	}
	EXPECT_TRUE("smp/apic-ids-2n", ok);
	EXPECT_EQ("smp/cpuid-x2apic-every-ap", offered, NR_VCPUS - 1);
}

/* The MADT lists APIC IDs 0, 2, 4, 6, enabled, for ACPI UIDs 0..3. */
static void check_madt(const struct hvm_start_info *si)
{
	const uint8_t *rsdp = (const uint8_t *)(uintptr_t)si->rsdp_paddr;
	const uint8_t *xsdt, *t, *e;
	unsigned int i, found = 0;
	uint32_t len;

	xsdt = (const uint8_t *)(uintptr_t)*(const uint64_t *)(rsdp + 24);
	for (i = 36; i < *(const uint32_t *)(xsdt + 4); i += 8) {
		t = (const uint8_t *)(uintptr_t)*(const uint64_t *)(xsdt + i);
		if (memcmp(t, "APIC", 4))
			continue;
		len = *(const uint32_t *)(t + 4);
		for (e = t + 44; e < t + len; e += e[1])
			if (e[0] == 0 && e[2] == found && e[3] == 2 * found &&
			    (e[4] & 1))
				found++;
	}
	EXPECT_EQ("smp/madt-apic-ids", found, NR_VCPUS);
}

static void ping_pong(const char *mode)
{
	char name[64];
	unsigned int n, ok = 0;
	uint32_t before;

	for (n = 1; n < NR_VCPUS; n++) {
		before = pongs;
		send_ipi(2 * n, VEC_PING);
		ok += wait_change(&pongs, before, 5000);
	}
	snprintf(name, sizeof(name), "smp/ipi-ping-pong-%s", mode);
	EXPECT_EQ(name, ok, NR_VCPUS - 1);
}

/* Waits up to ms (TSC) for *p to reach want; true if it did. */
static bool wait_for(volatile uint32_t *p, uint32_t want, unsigned int ms)
{
	uint64_t end = rdtsc() + tsc_khz * ms;

	while (*p < want && rdtsc() < end)
		__asm__ volatile("sti; pause; cli");
	return *p >= want;
}

/* The pings the vCPUs have taken, added up. */
static uint32_t all_pings(void)
{
	uint32_t sum = 0;
	unsigned int n;

	for (n = 0; n < NR_VCPUS; n++)
		sum += pings[n];
	return sum;
}

/*
 * One ICR write of a ping to dest (in this vCPU's mode): exactly the
 * vCPUs of mask (bit n: vCPU n) take it, each once.  (Their pongs to
 * vCPU 0 may merge in its IRR, as on hardware: pings are what is counted.)
 */
static bool ping_reaches(uint32_t dest, uint32_t low, unsigned int mask)
{
	uint32_t before[NR_VCPUS], sum = all_pings();
	uint32_t want = 0;
	uint64_t end;
	unsigned int n;
	bool ok = true;

	for (n = 0; n < NR_VCPUS; n++) {
		before[n] = pings[n];
		want += !!(mask & (1u << n));
	}
	send_ipi(dest, low | VEC_PING);
	end = rdtsc() + tsc_khz * 5000;
	while (all_pings() < sum + want && rdtsc() < end)
		__asm__ volatile("sti; pause; cli");
	end = rdtsc() + tsc_khz * 50;		/* and no more than those */
	while (rdtsc() < end)
		__asm__ volatile("sti; pause; cli");
	for (n = 0; n < NR_VCPUS; n++)
		ok &= pings[n] == before[n] + !!(mask & (1u << n));
	if (!ok)
		pv_printf("dest %#x: pings %u %u %u %u\n", dest,
			  pings[0] - before[0], pings[1] - before[1],
			  pings[2] - before[2], pings[3] - before[3]);
	return ok;
}

/* An NMI to logical dest (or all but self for 0): the vCPUs of mask take it. */
static bool nmi_reaches(uint32_t dest, unsigned int mask)
{
	uint32_t before[NR_VCPUS];
	unsigned int n, ok = 0;

	for (n = 0; n < NR_VCPUS; n++)
		before[n] = nmis[n];
	send_ipi(dest, (4u << 8) | (dest ? LOGICAL : ALL_BUT_SELF));
	for (n = 0; n < NR_VCPUS; n++) {
		if (mask & (1u << n))
			wait_for(&nmis[n], before[n] + 1, 5000);
	}
	wait_change(&nmis[0], before[0], 50);	/* and only those */
	for (n = 0; n < NR_VCPUS; n++)
		ok += nmis[n] == before[n] + !!(mask & (1u << n));
	return ok == NR_VCPUS;
}

/* A lowest-priority ping to logical dest: exactly one vCPU takes it. */
static bool lowest_reaches_one(uint32_t dest)
{
	uint32_t sum = all_pings(), self = pings[0];
	uint64_t end;

	send_ipi(dest, (1u << 8) | LOGICAL | VEC_PING);
	end = rdtsc() + tsc_khz * 5000;
	while (all_pings() == sum && rdtsc() < end)
		__asm__ volatile("sti; pause; cli");
	end = rdtsc() + tsc_khz * 50;		/* and no second one */
	while (rdtsc() < end)
		__asm__ volatile("sti; pause; cli");
	return all_pings() == sum + 1 && pings[0] == self;
}

/*
 * Lowest priority among vCPUs of equal priority (the APs idle at PPR 0)
 * rotates, as Xen's vlapic_lowest_prio() picks round robin from the
 * domain's last target: one ping per AP to logical dest reaches each AP
 * once (a first-found choice gives one AP all of them).
 */
static bool lowest_rotates(uint32_t dest)
{
	uint32_t before[NR_VCPUS], sum;
	unsigned int n, ok = 1;
	uint64_t end;

	for (n = 0; n < NR_VCPUS; n++)
		before[n] = pings[n];
	for (n = 1; n < NR_VCPUS; n++) {
		sum = all_pings();
		send_ipi(dest, (1u << 8) | LOGICAL | VEC_PING);
		end = rdtsc() + tsc_khz * 5000;
		while (all_pings() == sum && rdtsc() < end)
			__asm__ volatile("sti; pause; cli");
	}
	end = rdtsc() + tsc_khz * 50;		/* and no more than those */
	while (rdtsc() < end)
		__asm__ volatile("sti; pause; cli");
	for (n = 0; n < NR_VCPUS; n++)
		ok &= pings[n] == before[n] + (n != 0);
	if (!ok)
		pv_printf("lowest priority: pings %u %u %u %u\n",
			  pings[0] - before[0], pings[1] - before[1],
			  pings[2] - before[2], pings[3] - before[3]);
	return ok;
}

/* Asks every AP to switch (VEC_CLUSTER, VEC_X2APIC) and waits for all. */
static bool aps_switch(uint8_t vector)
{
	uint32_t before = ap_switched;

	send_ipi(0, ALL_BUT_SELF | vector);
	return wait_for(&ap_switched, before + NR_VCPUS - 1, 5000);
}

/*
 * Logical destinations, several vCPUs in one ICR write: the flat model
 * (vCPU n has bit n), the shorthands, then the cluster model.
 */
static void logical_xapic(void)
{
	EXPECT_TRUE("smp/flat-two-of-three", ping_reaches(0x0a, LOGICAL, 0xa));
	EXPECT_TRUE("smp/flat-all-aps", ping_reaches(0x0e, LOGICAL, 0xe));
	EXPECT_TRUE("smp/flat-with-self", ping_reaches(0x05, LOGICAL, 0x5));
	EXPECT_TRUE("smp/flat-broadcast", ping_reaches(0xff, LOGICAL, 0xf));
	EXPECT_TRUE("smp/flat-none", ping_reaches(0x30, LOGICAL, 0));
	EXPECT_TRUE("smp/shorthand-all-but-self", ping_reaches(0, ALL_BUT_SELF, 0xe));
	EXPECT_TRUE("smp/shorthand-all", ping_reaches(0, ALL, 0xf));
	EXPECT_TRUE("smp/physical-broadcast", ping_reaches(0xff, 0, 0xf));
	EXPECT_TRUE("smp/lowest-priority-one-of-three", lowest_reaches_one(0x0e));
	EXPECT_TRUE("smp/lowest-priority-rotates", lowest_rotates(0x0e));
	EXPECT_TRUE("smp/nmi-logical-two", nmi_reaches(0x0a, 0xa));
	EXPECT_TRUE("smp/nmi-all-but-self", nmi_reaches(0, 0xe));
	R(LDR) = 0;		/* vCPU 0 leaves the logical IPIs below */
	EXPECT_TRUE("smp/cluster-switch", aps_switch(VEC_CLUSTER));
	EXPECT_TRUE("smp/cluster-two", ping_reaches(0x13, LOGICAL, 0x6));
	EXPECT_TRUE("smp/cluster-one-bit", ping_reaches(0x12, LOGICAL, 0x4));
	EXPECT_TRUE("smp/cluster-other", ping_reaches(0x23, LOGICAL, 0x8));
	EXPECT_TRUE("smp/cluster-none", ping_reaches(0x31, LOGICAL, 0));
}

/*
 * x2APIC on every vCPU: each AP's LDR is derived from its x2APIC ID
 * (2n: cluster 0, bit 2n), and logical IPIs follow it.
 */
static void logical_x2apic(void)
{
	unsigned int n, ok = 0;

	EXPECT_TRUE("smp/x2apic-switch", aps_switch(VEC_X2APIC));
	for (n = 1; n < NR_VCPUS; n++)
		ok += ap_x2_ldr[n] == 1u << (2 * n);
	EXPECT_EQ("smp/x2apic-ldr-from-id", ok, NR_VCPUS - 1);
	EXPECT_TRUE("smp/x2apic-logical-two", ping_reaches(0x50, LOGICAL, 0xc));
	EXPECT_TRUE("smp/x2apic-logical-with-self", ping_reaches(0x05, LOGICAL, 0x3));
	EXPECT_TRUE("smp/x2apic-logical-other-cluster",
		    ping_reaches(0x10054, LOGICAL, 0));
	EXPECT_TRUE("smp/x2apic-all-but-self", ping_reaches(0, ALL_BUT_SELF, 0xe));
}

/*
 * Halts until *p differs from old or vCPU 0's APIC timer fires (1 s):
 * a halted vCPU is woken, and boosted, by the interrupt, as a guest
 * waiting for an answer is.
 */
static bool halt_change(volatile uint32_t *p, uint32_t old)
{
	uint32_t t = ticks;

	R(TMICT) = 100000000;		/* 1 s at 10 ns a count */
	while (*p == old && ticks == t)
		__asm__ volatile("sti; hlt; cli");
	R(TMICT) = 0;
	return *p != old;
}

/*
 * For `make bench`: ping vCPU 1, halt, time the pong (TSC cycles).  A
 * waiter that spins instead burns its credit and waits behind the other
 * domains for its turn: that measures the scheduler, not the IPI.
 */
#define BENCH_N	32
static void bench_ipi(void)
{
	uint64_t v[BENCH_N], x, t0, sum = 0;
	unsigned int i, j, n = 0;
	uint32_t before;

	for (i = 0; i < BENCH_N; i++) {
		before = pongs;
		t0 = rdtsc();
		send_ipi(2, VEC_PING);
		if (halt_change(&pongs, before)) {
			v[n] = rdtsc() - t0;
			sum += v[n++];
		}
	}
	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	if (!n)
		return;
	pv_printf("BENCH smp-ipi-round-trip %lu\n", (unsigned long)(sum / n));
	pv_printf("BENCHSTAT smp-ipi-round-trip %lu %lu %lu\n",
		  (unsigned long)v[0], (unsigned long)v[n / 2],
		  (unsigned long)v[(n * 99) / 100]);
}

static void events(void)
{
	struct evtchn_bind_vcpu bv;
	unsigned int n, k, ok = 0, elsewhere = 0;
	uint32_t before[NR_VCPUS];
	long local, remote;

	ev_upcall_hook = upcall;
	for (n = 1; n < NR_VCPUS; n++) {
		local = ev_alloc_unbound(DOMID_SELF);
		remote = ev_bind_interdomain(DOMID_SELF, (evtchn_port_t)local);
		if (local < 0 || remote < 0)
			continue;
		ev_port[n] = (evtchn_port_t)local;
		bv = (struct evtchn_bind_vcpu){ .port = (evtchn_port_t)local,
						.vcpu = n };
		if (ev_op(EVTCHNOP_bind_vcpu, &bv))
			continue;
		for (k = 0; k < NR_VCPUS; k++)
			before[k] = ev_upcalls[k];
		ev_send((evtchn_port_t)remote);
		if (wait_change(&ev_count[local], 0, 5000))
			ok++;
		/* No other AP was called up for it. */
		for (k = 1; k < NR_VCPUS; k++)
			elsewhere += k != n && ev_upcalls[k] != before[k];
	}
	EXPECT_EQ("smp/events-to-each-vcpu", ok, NR_VCPUS - 1);
	EXPECT_EQ("smp/events-only-there", elsewhere, 0);
	bv = (struct evtchn_bind_vcpu){ .port = ev_port[1], .vcpu = NR_VCPUS };
	EXPECT_EQ("smp/bind-vcpu-bad-id", ev_op(EVTCHNOP_bind_vcpu, &bv), -ENOENT);
}

/* Waits up to ms for vCPU n to be halted (blocked, off its CPU). */
static bool wait_halted(unsigned int n, unsigned int ms)
{
	struct vcpu_runstate_info rs;
	uint64_t end = rdtsc() + tsc_khz * ms;

	do {
		if (vcpu_op(VCPUOP_get_runstate_info, n, &rs))
			return false;
		if (rs.state == RUNSTATE_blocked)
			return true;
		__asm__ volatile("sti; pause; cli");
	} while (rdtsc() < end);
	return false;
}

/* Pings vCPU n; true when it took the ping and its pong came within ms. */
static bool ping_answered(unsigned int n, unsigned int ms)
{
	uint32_t p = pings[n], q = pongs;

	send_ipi(2 * n, VEC_PING);
	return wait_change(&pings[n], p, ms) && wait_change(&pongs, q, ms);
}

/*
 * Down, a ping stays untaken (latched in its IRR) while vCPU 3, up,
 * takes and answers three of its own sent after it: vCPU 2 had that much
 * time of the guest's own progress to take it.  Up, it resumes after its
 * HLT, takes the ping and answers.  The bounds are only there for a
 * broken hypervisor; nothing is measured against the host's speed.
 */
static void down_up(void)
{
	unsigned int i, k, ok = 0;
	uint32_t p, q;

	for (i = 0; i < 3; i++) {
		if (!wait_halted(2, 5000) ||	/* back in HLT after the last */
		    vcpu_op(VCPUOP_down, 2, NULL) || vcpu_op(VCPUOP_is_up, 2, NULL))
			continue;
		p = pings[2];
		q = pongs;
		send_ipi(4, VEC_PING);
		for (k = 0; k < 3 && ping_answered(3, 5000); k++)
			;
		if (k < 3 || pings[2] != p || pongs != q + 3)
			continue;		/* taken while down */
		if (vcpu_op(VCPUOP_up, 2, NULL) ||
		    vcpu_op(VCPUOP_is_up, 2, NULL) != 1 ||
		    !wait_change(&pings[2], p, 5000) ||
		    !wait_change(&pongs, q + 3, 5000))
			continue;
		ok++;
	}
	EXPECT_EQ("smp/down-up-cycles", ok, 3);
	EXPECT_EQ("smp/resumed-not-restarted", ap_entries[2], 1);
}

/* INIT takes a running vCPU down; STARTUP restarts it in real mode. */
static void init_running(void)
{
	uint32_t before = ap_entries[1];

	send_ipi(2, DM_INIT | ASSERT);
	EXPECT_EQ("smp/init-takes-down", vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	EXPECT_EQ("smp/init-then-up-refused", vcpu_op(VCPUOP_up, 1, NULL), -EINVAL);
	ap_stack = (uintptr_t)&stacks[1][STACK_SIZE];
	send_ipi(2, DM_STARTUP | (TRAMPOLINE >> 12));
	EXPECT_TRUE("smp/sipi-restarts", wait_change(&ap_entries[1], before, 5000));
}

void guest_main(uint32_t start_info);
void guest_main(uint32_t start_info)
{
	uint32_t a, b, c, d;
	uint64_t base;

	if (pv_init() || ev_init())
		for (;;)
			__asm__ volatile("hlt");
	__asm__ volatile("cli");
	cpuid(XEN_CPUID_LEAF(3), &a, &b, &c, &d);
	tsc_khz = c;
	__asm__ volatile("mov %%cr3, %0" : "=r"(ap_cr3));
	pv_set_gate(VEC_PING, ping_entry);
	pv_set_gate(VEC_PONG, pong_entry);
	pv_set_gate(VEC_TICK, tick_entry);
	pv_set_gate(VEC_CLUSTER, cluster_entry);
	pv_set_gate(VEC_X2APIC, x2apic_entry);
	pv_set_gate(2, nmi_entry);
	R(TDCR) = 0xb;			/* divide by 1 */
	R(LVTT) = VEC_TICK;		/* one-shot */
	memcpy((void *)TRAMPOLINE, tramp_start, (size_t)(tramp_end - tramp_start));
	R(SVR) = 0x1ff;
	R(TPR) = 0;
	cpuid(1, &a, &b, &c, &d);
	EXPECT_EQ("smp/bsp-apic-id", (b >> 24) | R(APIC_ID), 0);
	check_madt((const struct hvm_start_info *)(uintptr_t)start_info);
	bad_calls();
	start_xen_way(1, true, "init64");
	start_xen_way(2, false, "init32");
	start_linux_way(3);
	check_ids();
	ping_pong("xapic");
	R(LDR) = flat_id(0) << 24;
	logical_xapic();
	events();
	down_up();
	bench_ipi();
	/* x2APIC on vCPU 0: the same IPIs through the MSRs. */
	base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | 0x400);
	x2 = true;
	ping_pong("x2apic");
	logical_x2apic();
	init_running();
	pv_summary();
	pv_shutdown(SHUTDOWN_poweroff);
}
