/* SPDX-License-Identifier: MIT */
/*
 * Accesses to I/O ports and guest-physical addresses with nothing behind
 * them, as a Xen PVH guest without devices makes them: every read must
 * give all ones, every write must vanish, and the guest must live on.  The
 * command line picks the set: "ports" (IN, OUT), "mmio" (every
 * instruction form the hypervisor's decoder completes, string I/O with
 * REP included, and a page given back with XENMEM_decrease_reservation)
 * or "all"; "bench" instead measures, for `make bench`, the round trip of
 * the exits Linux's boot makes most: an IN from a port with no device
 * (Linux's PIT calibration reads port 0x42 100,000 times, two INs in a
 * row: timed alone and as the pair), CPUID, and an RDMSR the hypervisor
 * answers, then the IN again with CR4's PSE and PGE set as Linux sets them,
 * and an APIC EOI with nothing in service (Linux's acknowledgement of each
 * event upcall) in xAPIC mode (a write to the APIC page) and in x2APIC mode
 * (an MSR write) (BENCH lines, TSC cycles, with the TSC's kHz from Xen's
 * CPUID leaf 0x40000003).  It ends halted with interrupts off, which powers
 * it off.
 */
#include <stdbool.h>
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/memory.h>
#include "bench.h"
#include "pv.h"

#define UNBACKED	0x20000000UL	/* 512 MiB: mapped by us, not by the p2m */
#define ONES		(~0UL)

static uint8_t ram[4096] __attribute__((aligned(4096)));
static uint8_t given_back[4096] __attribute__((aligned(4096)));

/* RFLAGS after an instruction, for the ALU forms. */
#define FLAGS_CF	0x001UL
#define FLAGS_ZF	0x040UL
#define FLAGS_SF	0x080UL
#define FLAGS_OF	0x800UL

static uint64_t in_byte_imm(uint64_t rax)
{
	__asm__ volatile("inb $0x80, %%al" : "+a"(rax));
	return rax;
}

/*
 * IN AL, imm8 six times in a row, ports 0x42 and 0x80 (Linux's PIT
 * calibration reads 0x42 twice in a row): the hypervisor may complete
 * several with one exit; each must read ones, and the code after the
 * last must run next, with RAX as the last IN left it.
 */
static uint64_t in_run(uint64_t rax)
{
	uint64_t after;

	__asm__ volatile("inb $0x42, %%al\n\t"
			 "inb $0x42, %%al\n\t"
			 "inb $0x80, %%al\n\t"
			 "inb $0x42, %%al\n\t"
			 "inb $0x42, %%al\n\t"
			 "inb $0x42, %%al\n\t"
			 "mov %%rax, %0"
			 : "=r"(after), "+a"(rax));
	return after;
}

static uint64_t in_word_dx(uint64_t rax, uint16_t port)
{
	__asm__ volatile("inw %%dx, %%ax" : "+a"(rax) : "d"(port));
	return rax;
}

static uint64_t in_long_dx(uint64_t rax, uint16_t port)
{
	__asm__ volatile("inl %%dx, %%eax" : "+a"(rax) : "d"(port));
	return rax;
}

/* CR4's PSE and PGE, which Linux sets, where this CPU has them. */
static uint64_t linux_cr4_bits(void)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return (d & (1u << 3) ? 1UL << 4 : 0) | (d & (1u << 13) ? 1UL << 7 : 0);
}

static uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static void write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

#define CR4_RUN_INS	256

/*
 * The same reads with CR4's PSE and PGE set as Linux sets them (then put
 * back): every one still reads ones.  On svm the host's CR4 takes these
 * bits once per change, not at every entry (check-serial.sh reads the
 * count the hypervisor prints when the domain ends).
 */
static void ports_with_linux_cr4(void)
{
	uint64_t cr4 = read_cr4();
	unsigned int i, ones = 0;

	write_cr4(cr4 | linux_cr4_bits());
	for (i = 0; i < CR4_RUN_INS; i++)
		ones += (in_byte_imm(0) & 0xff) == 0xff;
	write_cr4(cr4);
	EXPECT_EQ("unbacked/in_with_linux_cr4", ones, CR4_RUN_INS);
}

static void ports(void)
{
	const uint64_t junk = 0x0123456789abcdefULL;

	/* IN fills AL / AX and keeps the rest; IN EAX clears RAX's top. */
	EXPECT_EQ("unbacked/in_byte", in_byte_imm(junk), 0x0123456789abcdffL);
	EXPECT_EQ("unbacked/in_word", in_word_dx(junk, 0xcfe),
		  0x0123456789abffffL);
	EXPECT_EQ("unbacked/in_long", (long)in_long_dx(junk, 0xcfc),
		  0xffffffffL);
	/* Linux's first PCI probe: OUT 0xcf8, then IN 0xcfc reads ones. */
	__asm__ volatile("outl %%eax, %%dx" : : "a"(0x80000000u), "d"(0xcf8));
	__asm__ volatile("outw %%ax, %%dx" : : "a"(0x1234), "d"(0xcfc));
	__asm__ volatile("outb %%al, $0x80" : : "a"(0x55));
	EXPECT_EQ("unbacked/out_then_in", (long)in_long_dx(0, 0xcfc),
		  0xffffffffL);
	EXPECT_EQ("unbacked/top_port", in_byte_imm(0) & 0xff, 0xff);
	EXPECT_EQ("unbacked/in_run", in_run(junk), 0x0123456789abcdffL);
	EXPECT_EQ("unbacked/top_port_dx", (long)in_long_dx(0, 0xffff),
		  0xffffffffL);
	ports_with_linux_cr4();
}

static bool all(const uint8_t *p, size_t n, uint8_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* MOV in every width and direction, with immediates and moffs. */
static void mmio_mov(volatile uint8_t *m)
{
	unsigned long r = 0x1234;
	uint64_t q;

	__asm__ volatile("movb (%1), %b0" : "+q"(r) : "r"(m) : "memory");
	EXPECT_EQ("unbacked/mov_load8", r, 0x12ff);
	__asm__ volatile("movw 2(%1), %w0" : "+r"(r) : "r"(m) : "memory");
	EXPECT_EQ("unbacked/mov_load16", r, 0xffff);
	r = 0;
	__asm__ volatile("movb 1(%%rbx), %%ah" : "+a"(r) : "b"(m) : "memory");
	EXPECT_EQ("unbacked/mov_load8_ah", r, 0xff00);
	r = 0x1234567800000000UL;
	__asm__ volatile("movl 4(%1), %k0" : "+r"(r) : "r"(m) : "memory");
	EXPECT_EQ("unbacked/mov_load32_zero_extends", r, 0xffffffffL);
	__asm__ volatile("movq 8(%1,%2,8), %0" : "=r"(q) : "r"(m), "r"(2UL)
			 : "memory");
	EXPECT_EQ("unbacked/mov_load64_sib", q, ONES);
	__asm__ volatile("movq 0x100(%1), %%r12\n\t"
			 "movq %%r12, %0" : "=r"(q) : "r"(m) : "r12", "memory");
	EXPECT_EQ("unbacked/mov_load64_rex", q, ONES);
	__asm__ volatile("movabs 0x20000010, %%eax" : "=a"(r) : : "memory");
	EXPECT_EQ("unbacked/mov_moffs_load", r, 0xffffffffL);
	__asm__ volatile("movabs %%eax, 0x20000010" : : "a"(0) : "memory");
	__asm__ volatile("movb %b1, (%0)\n\tmovw %w1, 2(%0)\n\t"
			 "movl %k1, 4(%0)\n\tmovq %1, 8(%0)"
			 : : "r"(m), "r"(0UL) : "memory");
	__asm__ volatile("movb $0, (%0)\n\tmovw $0, 2(%0)\n\t"
			 "movl $0, 4(%0)\n\tmovq $0, 8(%0)"
			 : : "r"(m) : "memory");
	__asm__ volatile("movnti %1, 16(%0)" : : "r"(m), "r"(0UL) : "memory");
	__asm__ volatile("movq 8(%1), %0" : "=r"(q) : "r"(m) : "memory");
	EXPECT_EQ("unbacked/stores_dropped", q, ONES);
}

static void mmio_extend(volatile uint8_t *m)
{
	unsigned long r;
	long s;

	__asm__ volatile("movzbl (%1), %k0" : "=r"(r) : "r"(m) : "memory");
	EXPECT_EQ("unbacked/movzx8", r, 0xff);
	__asm__ volatile("movzwq (%1), %0" : "=r"(r) : "r"(m) : "memory");
	EXPECT_EQ("unbacked/movzx16", r, 0xffff);
	__asm__ volatile("movsbl (%1), %k0" : "=r"(r) : "r"(m) : "memory");
	EXPECT_EQ("unbacked/movsx8_32", r, 0xffffffffL);
	__asm__ volatile("movswq (%1), %0" : "=r"(s) : "r"(m) : "memory");
	EXPECT_EQ("unbacked/movsx16_64", s, -1);
	__asm__ volatile("movslq (%1), %0" : "=r"(s) : "r"(m) : "memory");
	EXPECT_EQ("unbacked/movsxd", s, -1);
}

static void mmio_alu(volatile uint8_t *m)
{
	unsigned long r = 1, f;

	__asm__ volatile("addl (%2), %k0\n\tpushf\n\tpop %1"
			 : "+r"(r), "=r"(f) : "r"(m) : "memory", "cc");
	EXPECT_EQ("unbacked/add_load", r, 0);
	EXPECT_EQ("unbacked/add_load_flags", f & (FLAGS_CF | FLAGS_ZF),
		  FLAGS_CF | FLAGS_ZF);
	__asm__ volatile("cmpl $-1, (%1)\n\tpushf\n\tpop %0"
			 : "=r"(f) : "r"(m) : "memory", "cc");
	EXPECT_EQ("unbacked/cmp_imm_equal", f & FLAGS_ZF, FLAGS_ZF);
	__asm__ volatile("cmpb $1, (%1)\n\tpushf\n\tpop %0"
			 : "=r"(f) : "r"(m) : "memory", "cc");
	EXPECT_EQ("unbacked/cmp_imm_flags", f & (FLAGS_CF | FLAGS_ZF | FLAGS_SF),
		  FLAGS_SF);
	__asm__ volatile("testb $0x80, 3(%1)\n\tpushf\n\tpop %0"
			 : "=r"(f) : "r"(m) : "memory", "cc");
	EXPECT_EQ("unbacked/test_imm", f & FLAGS_ZF, 0);
	__asm__ volatile("testq %1, (%2)\n\tpushf\n\tpop %0"
			 : "=r"(f) : "r"(0UL), "r"(m) : "memory", "cc");
	EXPECT_EQ("unbacked/test_reg", f & FLAGS_ZF, FLAGS_ZF);
	r = 0x0f0f;
	__asm__ volatile("andw (%1), %w0" : "+r"(r) : "r"(m) : "memory", "cc");
	EXPECT_EQ("unbacked/and_load", r, 0x0f0f);
	r = 0;
	__asm__ volatile("orq 8(%1), %0\n\txorl 4(%1), %k0"
			 : "+r"(r) : "r"(m) : "memory", "cc");
	EXPECT_EQ("unbacked/or_xor_load", r, 0);
	r = 5;
	__asm__ volatile("subb (%2), %b0\n\tpushf\n\tpop %1"
			 : "+q"(r), "=r"(f) : "r"(m) : "memory", "cc");
	EXPECT_EQ("unbacked/sub_load", r, 6);
	EXPECT_EQ("unbacked/sub_load_borrow", f & FLAGS_CF, FLAGS_CF);
	/* Read-modify-write forms: the write is dropped. */
	__asm__ volatile("addl $1, (%0)\n\torb $1, 1(%0)\n\t"
			 "andq %1, 8(%0)\n\txorw %w1, 2(%0)\n\t"
			 "subl $7, 4(%0)\n\tlock orl $2, (%0)\n\t"
			 "adcb $0, (%0)\n\tsbbl %k1, (%0)"
			 : : "r"(m), "r"(0UL) : "memory", "cc");
	r = 0x42;
	__asm__ volatile("xchgl %k0, 12(%1)" : "+r"(r) : "r"(m) : "memory");
	EXPECT_EQ("unbacked/xchg", r, 0xffffffffL);
	__asm__ volatile("movq (%1), %0" : "=r"(r) : "r"(m) : "memory");
	EXPECT_EQ("unbacked/rmw_dropped", r, ONES);
}

static void mmio_string(volatile uint8_t *m)
{
	unsigned long cnt, src, dst, r;

	memset(ram, 0, sizeof(ram));
	cnt = 100, src = (unsigned long)m, dst = (unsigned long)ram;
	__asm__ volatile("rep movsb" : "+c"(cnt), "+S"(src), "+D"(dst)
			 : : "memory");
	EXPECT_TRUE("unbacked/rep_movsb_from", all(ram, 100, 0xff) &&
			  ram[100] == 0 && cnt == 0 &&
			  dst == (unsigned long)ram + 100);
	cnt = 3000, src = (unsigned long)ram, dst = (unsigned long)m;
	__asm__ volatile("rep movsl" : "+c"(cnt), "+S"(src), "+D"(dst)
			 : : "memory");
	EXPECT_TRUE("unbacked/rep_movsl_to_batches", cnt == 0 &&
			  dst == (unsigned long)m + 12000);
	cnt = 8, dst = (unsigned long)m;
	__asm__ volatile("rep stosq" : "+c"(cnt), "+D"(dst) : "a"(0UL)
			 : "memory");
	EXPECT_EQ("unbacked/rep_stosq", cnt, 0);
	/* Backwards (DF set) from the end of a buffer into RAM. */
	memset(ram, 0, sizeof(ram));
	cnt = 4, src = (unsigned long)m + 6, dst = (unsigned long)ram + 6;
	__asm__ volatile("std\n\trep movsw\n\tcld"
			 : "+c"(cnt), "+S"(src), "+D"(dst) : : "memory");
	EXPECT_TRUE("unbacked/rep_movsw_backwards", all(ram, 8, 0xff) &&
			  dst == (unsigned long)ram - 2);
	src = (unsigned long)m;
	__asm__ volatile("lodsq" : "=a"(r), "+S"(src) : : "memory");
	EXPECT_EQ("unbacked/lodsq", r, ONES);
	/* INS and OUTS: from a port with no device into RAM, and back. */
	memset(ram, 0, sizeof(ram));
	cnt = 64, dst = (unsigned long)ram;
	__asm__ volatile("rep insw" : "+c"(cnt), "+D"(dst) : "d"(0xcfc)
			 : "memory");
	EXPECT_TRUE("unbacked/rep_insw", all(ram, 128, 0xff) && ram[128] == 0);
	cnt = 16, src = (unsigned long)ram;
	__asm__ volatile("rep outsl" : "+c"(cnt), "+S"(src) : "d"(0x80)
			 : "memory");
	EXPECT_TRUE("unbacked/rep_outsl", cnt == 0 &&
			  src == (unsigned long)ram + 64);
	cnt = 0, dst = (unsigned long)ram;
	__asm__ volatile("rep insb" : "+c"(cnt), "+D"(dst) : "d"(0x80)
			 : "memory");
	EXPECT_TRUE("unbacked/rep_count_zero", dst == (unsigned long)ram &&
			  ram[0] == 0xff);
}

/* A page the guest gave back with XENMEM_decrease_reservation. */
static void mmio_given_back(void)
{
	xen_pfn_t gfn = (uintptr_t)given_back >> 12;
	struct xen_memory_reservation r = { .nr_extents = 1,
					    .domid = DOMID_SELF };
	unsigned long v;

	given_back[0] = 1;
	set_xen_guest_handle(r.extent_start, &gfn);
	EXPECT_EQ("unbacked/give_back",
		  HYPERCALL2(__HYPERVISOR_memory_op,
			     XENMEM_decrease_reservation, &r), 1);
	__asm__ volatile("movq (%1), %0" : "=r"(v) : "r"(given_back)
			 : "memory");
	EXPECT_EQ("unbacked/given_back_reads_ones", v, ONES);
	__asm__ volatile("movl $0, (%0)" : : "r"(given_back) : "memory");
	__asm__ volatile("movl (%1), %k0" : "=r"(v) : "r"(given_back)
			 : "memory");
	EXPECT_EQ("unbacked/given_back_write_dropped", v, 0xffffffffL);
}

/* Where an HPET or IO-APIC would be, and a read across the page end. */
static void mmio(void)
{
	volatile uint8_t *m = (volatile uint8_t *)UNBACKED;
	unsigned long v;

	mmio_mov(m);
	mmio_extend(m);
	mmio_alu(m);
	mmio_string(m);
	mmio_given_back();
	/* Last bytes of one unbacked page and first of the next. */
	__asm__ volatile("movq 0xffc(%1), %0" : "=r"(v) : "r"(m) : "memory");
	EXPECT_EQ("unbacked/across_pages", v, ONES);
}

#define EXIT_SAMPLES	2000
#define MSR_DEBUGCTL	0x1d9	/* reads 0 on Xen: an MSR exit answered */
#define MSR_APIC_BASE	0x01b
#define MSR_X2APIC_EOI	0x80b
#define XAPIC_EOI	0xfee000b0UL	/* in the uncached fourth GiB */

static uint64_t sample[EXIT_SAMPLES];

/* One exit per sample: op is an asm statement that exits once. */
#define TIME_EXITS(name, op)						\
	do {								\
		unsigned int i_;					\
		uint64_t t_;						\
		for (i_ = 0; i_ < EXIT_SAMPLES; i_++) {			\
			t_ = bench_tsc();				\
			op;						\
			sample[i_] = bench_tsc() - t_;			\
		}							\
		bench_report(name, sample, EXIT_SAMPLES);		\
	} while (0)

static void bench(void)
{
	uint32_t a, b, c, d, in = 0;
	uint64_t v, cr4, base;

	cpuid(0x40000003, &a, &b, &c, &d);
	pv_printf("BENCH tsc-khz %u\n", c);
	TIME_EXITS("exit-ioport-in", __asm__ volatile("inb $0x42, %%al"
						      : "=a"(in)));
	TIME_EXITS("exit-ioport-in-pair", __asm__ volatile("inb $0x42, %%al\n\t"
							   "inb $0x42, %%al"
							   : "=a"(in)));
	TIME_EXITS("exit-cpuid", cpuid(0, &a, &b, &c, &d));
	TIME_EXITS("exit-rdmsr", v = rdmsr(MSR_DEBUGCTL));
	cr4 = read_cr4();
	write_cr4(cr4 | linux_cr4_bits());
	TIME_EXITS("exit-ioport-in-linux-cr4", __asm__ volatile("inb $0x42, %%al"
								: "=a"(in)));
	write_cr4(cr4);
	TIME_EXITS("exit-xapic-eoi", *(volatile uint32_t *)XAPIC_EOI = 0);
	base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | 0x400);	/* x2APIC */
	TIME_EXITS("exit-x2apic-eoi", wrmsr(MSR_X2APIC_EOI, 0));
	wrmsr(MSR_APIC_BASE, base & ~0xc00UL);	/* back through disabled */
	wrmsr(MSR_APIC_BASE, base);
	EXPECT_EQ("exits/in-reads-ones", in & 0xff, 0xff);
	EXPECT_EQ("exits/debugctl-reads-0", (long)v, 0);
}

void guest_main(uint32_t start_info);
void guest_main(uint32_t start_info)
{
	const struct hvm_start_info *si = (const void *)(uintptr_t)start_info;
	const char *mode = (const char *)(uintptr_t)si->cmdline_paddr;

	if (pv_init())
		for (;;)
			__asm__ volatile("hlt");
	pv_install_idt();
	pv_printf("unbacked: %s\n", mode);
	if (!strcmp(mode, "ports") || !strcmp(mode, "all"))
		ports();
	if (!strcmp(mode, "mmio") || !strcmp(mode, "all"))
		mmio();
	if (!strcmp(mode, "bench"))
		bench();
	EXPECT_EQ("unbacked/no_gp", gp_count, 0);
	EXPECT_EQ("unbacked/no_ud", ud_count, 0);
	pv_summary();
	/*
	 * No SCHEDOP_shutdown: HLT with interrupts off on its only vCPU,
	 * as a PVH guest without ACPI sleep ends, must power it off.
	 */
	for (;;)
		__asm__ volatile("cli; hlt");
}
