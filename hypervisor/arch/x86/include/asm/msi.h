/* SPDX-License-Identifier: MIT */
/*
 * MSI and MSI-X, programmed by the hypervisor for the pirqs Dom0 maps
 * (hv/irq.h): the message address names the boot CPU's local APIC in
 * physical destination mode, the data a fixed, edge-triggered vector.
 * Under hv_lock.
 */
#ifndef ASM_MSI_H
#define ASM_MSI_H

#include <hv/types.h>

/*
 * Aims bdf's MSI (msix false; entry must be 0: one vector) or MSI-X
 * table entry at vector on the CPU with APIC ID dest and enables the
 * capability, the entry masked throughout (where it can be: an MSI
 * without per-vector masking is live once enabled); msi_mask() unmasks
 * it.  0; -ENODEV without the capability; -EINVAL
 * for an entry past the table; -ENXIO while the MSI-X BAR is not decoded.
 */
int msi_setup(uint16_t bdf, bool msix, unsigned int entry, uint8_t vector,
	      uint32_t dest);

/* Masks the entry and, for MSI, disables the capability (unmap). */
void msi_teardown(uint16_t bdf, bool msix, unsigned int entry);

/*
 * Masks or unmasks the entry; false when it cannot be masked (MSI without
 * per-vector masking).
 */
bool msi_mask(uint16_t bdf, bool msix, unsigned int entry, bool masked);

#endif
