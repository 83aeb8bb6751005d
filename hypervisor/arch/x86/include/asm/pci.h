/* SPDX-License-Identifier: MIT */
/*
 * PCI: the hypervisor's table of the machine's devices, and Dom0's
 * mediated view of them.
 *
 * At boot the hypervisor walks configuration space (mechanism #1, ports
 * 0xcf8/0xcfc) and sizes every BAR once.  Dom0 then owns the devices
 * (asm/ioport.h): its accesses to 0xcf8-0xcff exit and are carried out
 * here on the real configuration space (a port intercept,
 * asm/hvm/io.h; ECAM, where the machine has it, in asm/mmcfg.h), except
 * writes that would place a memory BAR over RAM (the hypervisor's, or any
 * domain's) or an ECAM window, and writes to a host bridge, which are
 * dropped.  Dom0's accesses to device memory fault in its p2m the first
 * time; pci_dom0_mmio_fault() maps the page at the same address, uncached,
 * when it lies inside a memory BAR as the BAR is programmed at that
 * moment, so BARs Dom0 moves are followed (the old range is unmapped when
 * the BAR is written).
 *
 * The MSI and MSI-X capabilities are the hypervisor's (hv/irq.h): Dom0's
 * configuration writes that touch them are dropped, and the pages of an
 * MSI-X table and PBA are never mapped for Dom0; its accesses there are
 * emulated (an MMIO intercept per BAR holding them, asm/msix.h, that
 * follows the BAR when Dom0 moves it): inside the table they reach a
 * shadow copy, not the device.
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
#define PCI_MSIX_SHADOW	32	/* MSI-X entries of Dom0's view kept per function */

#define PCI_CAP_MSI		0x05
#define PCI_CAP_MSIX		0x11
#define PCI_MSI_CTL		2	/* MSI: control word, at the capability + 2 */
#define PCI_MSI_ENABLE		(1u << 0)
#define PCI_MSI_64BIT		(1u << 7)
#define PCI_MSI_MASKBIT		(1u << 8)	/* per-vector masking */
#define PCI_MSIX_CTL		2	/* MSI-X: control word */
#define PCI_MSIX_ENABLE		(1u << 15)
#define PCI_MSIX_MASKALL	(1u << 14)

/* Bus/device/function as one 16-bit number: bus << 8 | dev << 3 | fn. */
#define PCI_BDF(b, d, f)	((uint16_t)((b) << 8 | (d) << 3 | (f)))

/* Reads or writes size (1, 2, 4) bytes at reg of function bdf. */
uint32_t pci_conf_read(uint16_t bdf, unsigned int reg, unsigned int size);
void pci_conf_write(uint16_t bdf, unsigned int reg, unsigned int size,
		    uint32_t val);

/* The offset of bdf's first capability with ID id, 0 when it has none. */
unsigned int pci_find_cap(uint16_t bdf, uint8_t id);

/*
 * The machine address of entry of bdf's MSI-X table, where its BAR is
 * now.  -ENODEV without an MSI-X table (or with one asm/msix.h refuses),
 * -EINVAL past the table, -ENXIO while memory decoding is off.
 */
int pci_msix_entry(uint16_t bdf, unsigned int entry, uint64_t *addr);

/*
 * Whether Dom0 (d) may write size bytes of val at reg of bdf, through
 * either mechanism (ports 0xcf8/0xcfc, ECAM: asm/mmcfg.h); called before
 * the write, which the caller then makes.  -EPERM, and the write must be
 * dropped, when it touches the MSI or MSI-X capability, would move a
 * memory BAR over RAM, the hypervisor or an ECAM window, or reaches a
 * function the hypervisor keeps (a host bridge: it decodes RAM and the
 * ECAM window itself).  A BAR that moves elsewhere has Dom0's mappings of
 * its old range removed and its MSI-X trap follow it.  0 otherwise,
 * unknown functions included.
 */
int pci_dom0_conf_check(struct domain *d, uint16_t bdf, unsigned int reg,
			unsigned int size, uint32_t val);

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
