/* SPDX-License-Identifier: MIT */
/*
 * The IDT, the TSS and the C side of interrupt entry.  An exception in the
 * hypervisor itself is fatal (panic with a register dump); interrupts go to
 * their handlers (the APIC timer).
 */
#include <string.h>
#include <asm/apic.h>
#include <asm/boot.h>
#include <asm/cpu.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <hv/console.h>
#include <hv/param.h>

struct idt_entry {
	uint16_t offset_lo, selector;
	uint8_t ist, type;
	uint16_t offset_mid;
	uint32_t offset_hi, reserved;
} __packed;

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3, iomap_base;
} __packed;

#define IST_FATAL	1	/* NMI, #DF, #MC run on their own stack */

extern const uint8_t trap_stubs[256][16];
extern uint64_t gdt[];

static struct idt_entry idt[256] __aligned(16);
static struct tss tss[MAX_CPUS] __aligned(16);
static uint8_t fatal_stack[MAX_CPUS][8192] __aligned(16);

_Static_assert(GDT_TSS_SLOTS == MAX_CPUS, "a TSS descriptor per CPU");

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound", "#UD invalid opcode", "#NM no FPU",
	"#DF double fault", "coprocessor overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault", "#GP general protection",
	"#PF page fault", "reserved 15", "#MF x87 error", "#AC alignment",
	"#MC machine check", "#XM SIMD error", "#VE virtualisation",
	"#CP control protection",
};

static void set_gate(unsigned int vec, const void *fn, unsigned int ist)
{
	uint64_t a = (uint64_t)fn;

	idt[vec] = (struct idt_entry){
		.offset_lo = (uint16_t)a,
		.selector = GDT_CS,
		.ist = (uint8_t)ist,
		.type = 0x8e,	/* present, DPL 0, 64-bit interrupt gate */
		.offset_mid = (uint16_t)(a >> 16),
		.offset_hi = (uint32_t)(a >> 32),
	};
}

static void load_tss(unsigned int cpu)
{
	struct tss *t = &tss[cpu];
	uint64_t base = (uint64_t)t, limit = sizeof(*t) - 1;
	unsigned int sel = GDT_TSS + 16 * cpu;

	t->ist[IST_FATAL - 1] = (uint64_t)(fatal_stack[cpu] +
					   sizeof(fatal_stack[cpu]));
	t->iomap_base = sizeof(*t);
	gdt[sel / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		       (0x89ULL << 40) | ((limit >> 16) << 48) |
		       (((base >> 24) & 0xff) << 56);
	gdt[sel / 8 + 1] = base >> 32;
	__asm__ volatile("ltr %w0" : : "r"(sel));
}

static void load_idt(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed idtr = { sizeof(idt) - 1, (uint64_t)idt };

	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void traps_init(void)
{
	unsigned int vec;

	for (vec = 0; vec < 256; vec++)
		set_gate(vec, trap_stubs[vec],
			 vec == 2 || vec == 8 || vec == 18 ? IST_FATAL : 0);
	load_idt();
	load_tss(0);
}

void traps_init_ap(unsigned int cpu)
{
	load_idt();
	load_tss(cpu);
}

void traps_dump_regs(const struct cpu_regs *r)
{
	printk("rip %016lx  rsp %016lx  rflags %016lx\n", r->rip, r->rsp,
	       r->rflags);
	printk("rax %016lx  rbx %016lx  rcx %016lx\n", r->rax, r->rbx, r->rcx);
	printk("rdx %016lx  rsi %016lx  rdi %016lx\n", r->rdx, r->rsi, r->rdi);
	printk("rbp %016lx  r8  %016lx  r9  %016lx\n", r->rbp, r->r8, r->r9);
	printk("r10 %016lx  r11 %016lx  r12 %016lx\n", r->r10, r->r11, r->r12);
	printk("r13 %016lx  r14 %016lx  r15 %016lx\n", r->r13, r->r14, r->r15);
	printk("cr0 %016lx  cr3 %016lx  cr4 %016lx\n", read_cr0(), read_cr3(),
	       read_cr4());
}

void trap_handler(struct cpu_regs *regs);
void trap_handler(struct cpu_regs *regs)
{
	uint64_t cr2;

	if (regs->vector >= 32)
		this_cpu()->interrupts++;
	if (regs->vector == APIC_TIMER_VECTOR) {
		apic_timer_interrupt();
		return;
	}
	if (regs->vector == APIC_SPURIOUS_VECTOR)
		return;
	if (regs->vector >= IRQ_VECTOR_FIRST && regs->vector <= IRQ_VECTOR_LAST) {
		irq_interrupt((unsigned int)regs->vector);
		return;
	}
	if (regs->vector == APIC_KICK_VECTOR) {
		apic_eoi();	/* its work is done: the CPU left guest or halt */
		return;
	}
	if (regs->vector >= 32) {
		printk("unexpected interrupt vector %lu\n", regs->vector);
		apic_eoi();
		return;
	}
	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	printk("hypervisor exception %s (vector %lu) error code %#lx cr2 %#lx\n",
	       exception_names[regs->vector] ? exception_names[regs->vector]
					     : "reserved",
	       regs->vector, regs->error_code, cr2);
	traps_dump_regs(regs);
	panic("fatal exception in the hypervisor");
}
