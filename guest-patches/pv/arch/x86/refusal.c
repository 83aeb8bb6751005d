/* SPDX-License-Identifier: MIT */
/*
 * The paravirtual build started on bare hardware: the one raw UART write
 * it keeps, to say why it stops, and then it halts.  Everything else in
 * the PV build reaches devices only through the hypervisor.
 */
#include <string.h>
#include "../../../kernel/arch/x86/cpu.h"
#include "../../../kernel/arch/x86/io.h"
#include "../../refusal.h"

#define COM1		0x3f8
#define LSR		5
#define LSR_THRE	0x20
#define SPIN_LIMIT	100000

static void raw_putc(char c)
{
	unsigned int spins = 0;

	while (!(inb(COM1 + LSR) & LSR_THRE) && spins++ < SPIN_LIMIT)
		cpu_relax();
	outb(COM1, (uint8_t)c);
}

void refusal_halt(void)
{
	static const char msg[] =
		"Xenolith guest kernel (paravirtual build): no Xen-compatible "
		"hypervisor found\r\n(no \"XenVMMXenVMM\" CPUID signature). "
		"This kernel makes hypercalls instead of driving\r\nhardware, "
		"so it cannot run on bare hardware: boot it on Xenolith or "
		"use the\r\nnative build. Halting.\r\n";
	size_t i;

	for (i = 0; i < sizeof(msg) - 1; i++)
		raw_putc(msg[i]);
	for (;;)
		__asm__ volatile("cli; hlt");
}
