/* SPDX-License-Identifier: MIT */
/*
 * The machine as the firmware's ACPI tables describe it: read once at boot
 * with the shared reader (<xrt/acpi.h>) from the RSDP the BIOS left in
 * the EBDA or at 0xe0000-0xfffff.  There is no AML interpreter: what the
 * hypervisor needs (IO-APICs, ISA interrupt overrides, ECAM windows) is in
 * the static tables.
 */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <xrt/acpi.h>
#include <hv/types.h>

/* What acpi_init() found; all zero when the machine has no usable tables. */
extern struct acpi_machine acpi_machine;

/*
 * Finds and reads the tables, prints a summary line.  Boot CPU, once.
 * Returns 0, -ENOENT without an RSDP or MADT, -EINVAL for bad tables (the
 * machine then runs without IO-APIC and ECAM).
 */
int acpi_init(void);

/*
 * The GSI that ISA IRQ irq (0-15) arrives on, and its MPS INTI flags
 * (ACPI_INTI_*; 0: the bus default, ISA's edge and active high), from the
 * interrupt source overrides; without one, the GSI is irq itself.
 */
uint32_t acpi_isa_gsi(unsigned int irq, uint16_t *flags);

#endif
