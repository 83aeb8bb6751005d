/* SPDX-License-Identifier: MIT */
/* The IDT and the dispatch of every vector to its handler. */
#include <errno.h>
#include <stddef.h>
#include "../../print.h"
#include "../../trap.h"
#include "asm.h"
#include "cpu.h"

#define STUB_SIZE	16	/* entry.S aligns each stub to 16 bytes */
#define GATE_INTR	0x8e	/* present, DPL 0, 64-bit interrupt gate */

struct idt_gate {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
} __attribute__((packed));

static struct idt_gate idt[NR_VECTORS] __attribute__((aligned(16)));
static trap_handler_fn *handlers[NR_VECTORS];
static unsigned long counts[NR_VECTORS];
extern char trap_stubs[];

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 error", "alignment check",
	"machine check", "SIMD error", "virtualisation", "control protection",
};

void trap_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1,
					   (uint64_t)(uintptr_t)idt };
	uint64_t a;
	unsigned int v;

	for (v = 0; v < NR_VECTORS; v++) {
		a = (uint64_t)(uintptr_t)(trap_stubs + v * STUB_SIZE);
		idt[v] = (struct idt_gate){ (uint16_t)a, GDT_CS, 0, GATE_INTR,
					    (uint16_t)(a >> 16),
					    (uint32_t)(a >> 32), 0 };
	}
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void trap_triple_fault(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) none = { 0, 0 };

	for (;;)
		__asm__ volatile("cli; lidt %0; int3" : : "m"(none));
}

int trap_set_handler(unsigned int vector, trap_handler_fn *fn)
{
	if (vector >= NR_VECTORS)
		return -EINVAL;
	handlers[vector] = fn;
	return 0;
}

unsigned long trap_count(unsigned int vector)
{
	return vector < NR_VECTORS ? counts[vector] : 0;
}

static void __attribute__((noreturn)) unhandled(struct trap_frame *f)
{
	const char *name = f->vector < 32 && exception_names[f->vector] ?
				   exception_names[f->vector] :
				   "unexpected interrupt";

	kprintf("\nvector %lu (%s), error %#lx, at %#lx, cr2 %#lx\n",
		f->vector, name, f->error, f->rip, read_cr2());
	kprintf("rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", f->rax,
		f->rbx, f->rcx, f->rdx);
	kprintf("rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n", f->rsi,
		f->rdi, f->rbp, f->rsp);
	panic("unhandled %s", name);
}

/* Called by entry.S with the registers saved; interrupts are off. */
void trap_dispatch(struct trap_frame *f);
void trap_dispatch(struct trap_frame *f)
{
	trap_handler_fn *fn = handlers[f->vector];

	counts[f->vector]++;
	if (fn)
		fn(f);
	else if (f->vector != VECTOR_BP)
		unhandled(f);
}
