/* SPDX-License-Identifier: MIT */
/* The 8259 interrupt controllers. */
#include <stddef.h>
#include "../kernel/arch/x86/io.h"
#include "../kernel/trap.h"
#include "pic.h"

#define MASTER_CMD	0x20
#define MASTER_DATA	0x21
#define SLAVE_CMD	0xa0
#define SLAVE_DATA	0xa1
#define ICW1_INIT_ICW4	0x11
#define ICW4_8086	0x01
#define OCW2_EOI	0x20
#define CASCADE_IRQ	2

static uint16_t mask = 0xffff;

static void write_mask(void)
{
	outb(MASTER_DATA, (uint8_t)mask);
	outb(SLAVE_DATA, (uint8_t)(mask >> 8));
}

/*
 * IRQ 7 and 15 also arrive when a request vanished before it was served;
 * such a spurious interrupt must not be acknowledged, and nothing else
 * uses those lines here.
 */
static void spurious(struct trap_frame *f)
{
	(void)f;
}

void pic_init(void)
{
	outb(MASTER_CMD, ICW1_INIT_ICW4);
	outb(SLAVE_CMD, ICW1_INIT_ICW4);
	outb(MASTER_DATA, PIC_BASE_VECTOR);
	outb(SLAVE_DATA, PIC_BASE_VECTOR + 8);
	outb(MASTER_DATA, 1 << CASCADE_IRQ);	/* slave on IRQ 2 */
	outb(SLAVE_DATA, CASCADE_IRQ);		/* its cascade identity */
	outb(MASTER_DATA, ICW4_8086);
	outb(SLAVE_DATA, ICW4_8086);
	mask = (uint16_t)~(1u << CASCADE_IRQ);
	write_mask();
	trap_set_handler(PIC_VECTOR(7), spurious);
	trap_set_handler(PIC_VECTOR(15), spurious);
}

void pic_unmask(unsigned int irq)
{
	mask &= (uint16_t)~(1u << irq);
	write_mask();
}

void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(SLAVE_CMD, OCW2_EOI);
	outb(MASTER_CMD, OCW2_EOI);
}
