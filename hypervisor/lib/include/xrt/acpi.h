/* SPDX-License-Identifier: MIT */
/*
 * The ACPI tables a PVH domain gets, built as Xen's toolstack (libxl)
 * builds them for PVH guests: no legacy hardware, so a hardware-reduced
 * FADT, no I/O APIC, no FACS.  One copy, shared by the hypervisor (boot
 * module domains) and Dom0's domain builder.
 *
 *   RSDP (revision 2, 36 bytes, 16-byte aligned) -> XSDT (no RSDT)
 *   XSDT -> FADT, MADT, and an MCFG when given ECAM windows (Dom0's: the
 *        windows the hypervisor mediates; DomUs have no PCI and get none)
 *   FADT (revision 6, 276 bytes): HW_REDUCED_ACPI, no VGA, no CMOS RTC;
 *        DSDT and X_DSDT -> DSDT
 *   MADT: local APIC at 0xfee00000, one enabled processor entry per vCPU:
 *        a local APIC entry for APIC IDs up to 254, an x2APIC entry above;
 *        vCPU n has ACPI processor UID n and APIC ID 2n, as Xen numbers
 *        them (ACPI_APIC_ID; the local APIC and the CPUID policy report
 *        the same IDs)
 *   MCFG: one entry per ECAM window (base of bus 0, segment, buses)
 *   DSDT: \_SB.Pnnn, one processor device (_HID "ACPI0007", _UID n) per
 *        vCPU, n in hex
 *
 * Every table carries its checksum; the tables are laid out one after the
 * other in a buffer the caller places at guest-physical address `base`,
 * so the pointers inside are guest-physical addresses.
 */
#ifndef XRT_ACPI_H
#define XRT_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACPI_MAX_VCPUS		4095	/* processor names Pnnn: three hex digits */
#define ACPI_LAPIC_ADDR		0xfee00000u

/* vCPU n's (x2)APIC ID: even numbers, as Xen gives HVM and PVH guests. */
#define ACPI_APIC_ID(n)		((n) * 2)

struct acpi_mcfg;

/*
 * Bytes acpi_build() needs for nr_vcpus vCPUs (an upper bound, room for an
 * MCFG of ACPI_MAX_MCFG windows included).
 */
size_t acpi_size(unsigned int nr_vcpus);

/*
 * Builds the tables for nr_vcpus vCPUs into buf (size bytes, zeroed by
 * acpi_build), which the guest will see at guest-physical base (16-byte
 * aligned, below 4 GiB so that the 32-bit DSDT pointer holds too), with
 * an MCFG listing the nr_windows ECAM windows at windows (none: no MCFG).
 * Returns the bytes used, and the RSDP's guest-physical address in
 * *rsdp (the start of the buffer); -EINVAL for 0 or more than
 * ACPI_MAX_VCPUS vCPUs, more than ACPI_MAX_MCFG windows or a bad base,
 * -ENOSPC when size is too small.
 */
long acpi_build(void *buf, size_t size, uint64_t base, unsigned int nr_vcpus,
		const struct acpi_mcfg *windows, unsigned int nr_windows,
		uint64_t *rsdp);

/*
 * The byte that, stored at p[at], makes the len bytes at p sum to 0 (p[at]
 * itself counted as 0); acpi_sum() is the plain sum (0: a table is valid).
 */
uint8_t acpi_sum(const void *p, size_t len);

/*
 * The reader: what an OS (here the hypervisor) learns from the firmware's
 * tables without an AML interpreter.  From the RSDP it follows the XSDT
 * (revision 2 and a non-zero XSDT address) or else the RSDT, and of the
 * tables listed reads two:
 *
 *   MADT ("APIC"): the local APIC address, the processors (enabled local
 *        APIC and x2APIC entries), the IO-APICs (ID, address, first GSI)
 *        and the interrupt source overrides (ISA IRQ -> GSI, MPS INTI
 *        polarity and trigger flags); PCAT_COMPAT says 8259s exist;
 *   MCFG: the PCI Express enhanced configuration (ECAM) windows.
 *
 * Firmware tables are not trusted more than they must be: every table's
 * length and checksum are checked before it is read, an entry that runs
 * past its table ends the walk, and what does not fit the fixed arrays
 * below is counted but dropped.
 */
#define ACPI_MAX_IOAPICS	8
#define ACPI_MAX_OVERRIDES	16
#define ACPI_MAX_MCFG		4

/* MPS INTI flags of an interrupt source override. */
#define ACPI_INTI_POLARITY	0x3	/* 0: bus default, 1: high, 3: low */
#define ACPI_INTI_TRIGGER	0xc	/* 0: bus default, 4: edge, 0xc: level */

struct acpi_ioapic {
	uint8_t id;
	uint32_t addr;		/* its registers' physical address */
	uint32_t gsi_base;	/* the GSI of its pin 0 */
};

struct acpi_override {
	uint8_t isa_irq;	/* the source (bus 0, ISA) */
	uint32_t gsi;
	uint16_t flags;		/* ACPI_INTI_* */
};

struct acpi_mcfg {
	uint64_t base;		/* of bus 0 of the segment, even if not decoded */
	uint16_t segment;
	uint8_t bus_first, bus_last;
};

struct acpi_machine {
	uint32_t lapic_addr;
	bool pcat_compat;		/* dual 8259 PICs present */
	unsigned int nr_cpus;		/* enabled processors */
	unsigned int nr_ioapics, nr_overrides, nr_mcfg;	/* <= the maxima */
	unsigned int dropped;		/* entries beyond the arrays */
	struct acpi_ioapic ioapic[ACPI_MAX_IOAPICS];
	struct acpi_override override[ACPI_MAX_OVERRIDES];
	struct acpi_mcfg mcfg[ACPI_MAX_MCFG];
};

/*
 * How the reader sees physical memory: map returns a pointer to the len
 * bytes at physical pa, or NULL when they are not all readable.
 */
struct acpi_mem {
	const void *(*map)(void *ctx, uint64_t pa, size_t len);
	void *ctx;
};

/*
 * The physical address of a valid RSDP (signature and checksums) in
 * [base, base + len), searched on 16-byte boundaries as the ACPI
 * specification says (the EBDA's first KiB, then 0xe0000-0xfffff); 0 when
 * there is none.
 */
uint64_t acpi_find_rsdp(const struct acpi_mem *m, uint64_t base, size_t len);

/*
 * Reads the tables under the RSDP at rsdp into *out (zeroed first).
 * Returns 0; -EINVAL for an RSDP, RSDT/XSDT or MADT that is unreadable or
 * fails its checksum or length; -ENOENT when there is no MADT.  A bad
 * MCFG is skipped (no ECAM), as a bad table an OS does not need is.
 */
int acpi_read(const struct acpi_mem *m, uint64_t rsdp, struct acpi_machine *out);

#endif
