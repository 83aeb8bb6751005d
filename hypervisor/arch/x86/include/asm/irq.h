/* SPDX-License-Identifier: MIT */
/*
 * x86 physical interrupts: the CPU vectors of device interrupts, the pirq
 * table and its sources (IO-APIC pins, MSI and MSI-X vectors).  The model
 * and the error codes are in hv/irq.h; physdev.c decodes the hypercall
 * and calls these.  Under hv_lock but irq_interrupt().
 */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <hv/types.h>

struct domain;

#define IRQ_VECTOR_FIRST	0x30	/* device interrupts: 0x30-0xdf */
#define IRQ_VECTOR_LAST		0xdf

/* Notes the boot CPU as the destination of every device interrupt. */
void irq_init(void);

/*
 * Interrupt context (any CPU, hv_lock not held): vector fired.  Masks a
 * level-triggered pin, notes the vector for pirq_softirq(), says EOI.
 */
void irq_interrupt(unsigned int vector);

/*
 * Maps gsi for d.  *pirq: the pirq wanted, or negative for any (gsi
 * itself when free); the one mapped on return.
 */
int irq_map_gsi(struct domain *d, uint32_t gsi, bool level, bool active_low,
		int *pirq);

/* Maps MSI (msix false, entry 0) or MSI-X entry of function bdf for d. */
int irq_map_msi(struct domain *d, uint16_t bdf, bool msix, unsigned int entry,
		int *pirq);

/* Unmaps d's pirq: its source is masked, its port (if any) unbound. */
int irq_unmap(struct domain *d, int pirq);

/* PHYSDEVOP_eoi: unmasks a level-triggered pirq Dom0 has handled. */
int irq_eoi(struct domain *d, int pirq);

/* PHYSDEVOP_irq_status_query: XENIRQSTAT_needs_eoi for level GSIs. */
int irq_status(struct domain *d, int pirq, uint32_t *flags);

#endif
