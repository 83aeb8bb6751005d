/* SPDX-License-Identifier: MIT */
/*
 * The IO-APIC(s): the hypervisor keeps them (no domain maps or sees
 * them) and programs each redirection entry itself, for the physical
 * interrupts Dom0 asks for (hv/irq.h).  At boot every pin is masked; a
 * pin is routed to a vector on the boot CPU (fixed delivery, physical
 * destination) only when a GSI is mapped.
 *
 * The functions take their own lock with interrupts off, so they may be
 * called under hv_lock and from an interrupt handler alike.
 */
#ifndef ASM_IOAPIC_H
#define ASM_IOAPIC_H

#include <hv/types.h>

struct acpi_machine;

/*
 * Takes the IO-APICs the MADT lists, reads how many pins each has, masks
 * every pin and prints one line per IO-APIC.  Boot CPU, once, after
 * acpi_init().  Returns the number of IO-APICs found (0: none).
 */
unsigned int ioapic_init(const struct acpi_machine *m);

/* Whether some IO-APIC has a pin for gsi. */
bool ioapic_has_gsi(uint32_t gsi);

/*
 * Programs gsi's pin to raise vector on the CPU with APIC ID dest, level-
 * or edge-triggered, active low or high, and leaves it masked.
 * Returns 0 or -ENODEV when no IO-APIC has the GSI.
 */
int ioapic_route(uint32_t gsi, uint8_t vector, uint32_t dest, bool level,
		 bool active_low);

/* Masks or unmasks gsi's pin (nothing when no IO-APIC has it). */
void ioapic_mask(uint32_t gsi, bool masked);

/* The pin's redirection entry, low word (for tests and dumps); 0 if none. */
uint32_t ioapic_entry(uint32_t gsi);

#endif
