/* SPDX-License-Identifier: MIT */
/*
 * PCI: the hypervisor's table of the machine's devices, and Dom0's
 * mediated view of them.
 *
 * At boot the hypervisor walks configuration space (mechanism #1, ports
 * 0xcf8/0xcfc) and sizes every BAR once.  Dom0 then owns the devices
 * (asm/ioport.h): its accesses to 0xcf8-0xcff exit and are carried out
 * here on the real configuration space (a port intercept,
 * asm/hvm/io.h), except writes that would place a
 * memory BAR over RAM (the hypervisor's, or any domain's), which are
 * dropped.  Dom0's accesses to device memory fault in its p2m the first
 * time; pci_dom0_mmio_fault() maps the page at the same address, uncached,
 * when it lies inside a memory BAR as the BAR is programmed at that
 * moment, so BARs Dom0 moves are followed (the old range is unmapped when
 * the BAR is written).
 *
 * All entry points run under the hypervisor lock.
 */
#ifndef ASM_PCI_H
#define ASM_PCI_H

#include <hv/types.h>

struct vcpu;
struct domain;

#define PCI_MAX_DEVICES	64	/* functions the hypervisor keeps track of */
#define PCI_NR_BARS	6

/* Bus/device/function as one 16-bit number: bus << 8 | dev << 3 | fn. */
#define PCI_BDF(b, d, f)	((uint16_t)((b) << 8 | (d) << 3 | (f)))

/* Reads or writes size (1, 2, 4) bytes at reg of function bdf. */
uint32_t pci_conf_read(uint16_t bdf, unsigned int reg, unsigned int size);
void pci_conf_write(uint16_t bdf, unsigned int reg, unsigned int size,
		    uint32_t val);

/* Walks every bus, sizes every BAR and prints one line per function. */
void pci_init(void);

/*
 * Makes d (Dom0) the owner of the machine's devices: its accesses to ports
 * 0xcf8-0xcff go to the real configuration space through a port intercept
 * (asm/hvm/io.h), BAR writes checked.  0 or hvm_io_register()'s error.
 */
int pci_dom0_attach(struct domain *d);

/*
 * Dom0 faulted at guest-physical gpa: when gpa lies in a memory BAR of a
 * device, maps that page at the same machine address, uncached, and
 * returns 0 (the access is retried); -ENOENT when gpa is no device's
 * memory, -ENOMEM when the p2m could not grow.
 */
int pci_dom0_mmio_fault(struct domain *d, uint64_t gpa);

#endif
