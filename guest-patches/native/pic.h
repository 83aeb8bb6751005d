/* SPDX-License-Identifier: MIT */
/*
 * The two 8259 PICs of a PC, remapped so that IRQ n arrives at vector
 * PIC_VECTOR(n), every line masked until a driver unmasks its own.  The
 * paravirtual build has no PIC: event channels take its place.
 */
#ifndef NATIVE_PIC_H
#define NATIVE_PIC_H

#define PIC_BASE_VECTOR		0x20
#define PIC_VECTOR(irq)		(PIC_BASE_VECTOR + (irq))
#define IRQ_TIMER		0
#define IRQ_COM1		4

/* Remaps and masks both PICs.  Called once, interrupts off. */
void pic_init(void);

/* Lets irq (0-15) through; its handler must be registered first. */
void pic_unmask(unsigned int irq);

/* Acknowledges irq; the handler calls it once the device is served. */
void pic_eoi(unsigned int irq);

#endif
