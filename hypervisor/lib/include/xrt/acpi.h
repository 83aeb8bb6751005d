/* SPDX-License-Identifier: MIT */
/*
 * The ACPI tables a PVH domain gets, built as Xen's toolstack (libxl)
 * builds them for PVH guests: no legacy hardware, so a hardware-reduced
 * FADT, no I/O APIC, no FACS.  One copy, shared by the hypervisor (boot
 * module domains) and Dom0's domain builder.
 *
 *   RSDP (revision 2, 36 bytes, 16-byte aligned) -> XSDT (no RSDT)
 *   XSDT -> FADT, MADT
 *   FADT (revision 6, 276 bytes): HW_REDUCED_ACPI, no VGA, no CMOS RTC;
 *        DSDT and X_DSDT -> DSDT
 *   MADT: local APIC at 0xfee00000, one enabled processor entry per vCPU:
 *        a local APIC entry for APIC IDs up to 254, an x2APIC entry above;
 *        vCPU n has ACPI processor UID n and APIC ID n (the CPUID policy
 *        reports the same IDs)
 *   DSDT: \_SB.Pnnn, one processor device (_HID "ACPI0007", _UID n) per
 *        vCPU, n in hex
 *
 * Every table carries its checksum; the tables are laid out one after the
 * other in a buffer the caller places at guest-physical address `base`,
 * so the pointers inside are guest-physical addresses.
 */
#ifndef XRT_ACPI_H
#define XRT_ACPI_H

#include <stddef.h>
#include <stdint.h>

#define ACPI_MAX_VCPUS		4095	/* processor names Pnnn: three hex digits */
#define ACPI_LAPIC_ADDR		0xfee00000u

/* Bytes acpi_build() needs for nr_vcpus vCPUs (an upper bound). */
size_t acpi_size(unsigned int nr_vcpus);

/*
 * Builds the tables for nr_vcpus vCPUs into buf (size bytes, zeroed by
 * acpi_build), which the guest will see at guest-physical base (16-byte
 * aligned, below 4 GiB so that the 32-bit DSDT pointer holds too).
 * Returns the bytes used, and the RSDP's guest-physical address in
 * *rsdp (the start of the buffer); -EINVAL for 0 or more than
 * ACPI_MAX_VCPUS vCPUs or a bad base, -ENOSPC when size is too small.
 */
long acpi_build(void *buf, size_t size, uint64_t base, unsigned int nr_vcpus,
		uint64_t *rsdp);

#endif
