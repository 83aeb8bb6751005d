/* SPDX-License-Identifier: MIT */
/*
 * MMCONFIG (PCI Express ECAM): configuration space as memory, 4 KiB a
 * function at window + (bus << 20 | dev << 15 | fn << 12), on machines
 * whose ACPI MCFG table lists a window (QEMU's q35; not i440FX or Bochs).
 *
 * Dom0 sees configuration space through it as through ports 0xcf8/0xcfc
 * (asm/pci.h), with the same rules: the window is never in its p2m; each
 * access exits and is completed by the instruction emulator against an
 * MMIO intercept (asm/hvm/io.h) that performs it on the real window,
 * writes checked by pci_dom0_conf_check() first (MSI and MSI-X
 * capabilities, BARs, host bridges).  Accesses are 1, 2 or 4 bytes inside
 * one dword, as PCI Express defines them; a wider or straddling one is
 * refused (reads all ones, writes dropped).  Reads are not filtered:
 * Dom0 sees every register, the extended space (256-4095) included.
 *
 * Only segment 0 is handled (the hypervisor's functions are bus/dev/fn);
 * a window must lie below 4 GiB (the hypervisor's identity map) with no
 * RAM inside.  Boot CPU, hv_lock held for the Dom0 entry points.
 */
#ifndef ASM_MMCFG_H
#define ASM_MMCFG_H

#include <hv/types.h>

struct domain;
struct acpi_machine;

/*
 * Takes the usable windows of m's MCFG and prints one line each
 * ("ECAM 0xb0000000 buses 00-ff") or why one is not used.
 */
void mmcfg_init(const struct acpi_machine *m);

/*
 * Registers an MMIO intercept for each window in d (Dom0).  0, or
 * hvm_io_register()'s error.
 */
int mmcfg_dom0_attach(struct domain *d);

/* True when [base, base + size) touches a window taken by mmcfg_init(). */
bool mmcfg_overlaps(uint64_t base, uint64_t size);

#endif
