/* SPDX-License-Identifier: MIT */
/*
 * Dom0's PCI bus: enumeration, configuration access, BARs, capabilities,
 * and the binding of drivers to devices.
 *
 * Dom0 owns the machine's devices; its configuration accesses (ECAM or
 * ports 0xcf8/0xcfc: pci_conf.h) are carried out by the hypervisor, which
 * refuses writes that would move a BAR over RAM.  Device memory is mapped
 * into Dom0's physmap by the hypervisor at the same address on first
 * touch; pci_map_bar() maps it into the kernel's page tables, uncached.
 *
 * A driver is a struct pci_driver in the table in pci.c: match() picks its
 * devices, probe() takes one.  A second transport or NIC driver is one
 * more row.  Not locked: only cooperative threads call it.
 */
#ifndef DOM0_HW_PCI_H
#define DOM0_HW_PCI_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_MAX_DEVS	32
#define PCI_NR_BARS	6

#define PCI_COMMAND		0x04
#define PCI_COMMAND_IO		(1u << 0)
#define PCI_COMMAND_MEM		(1u << 1)
#define PCI_COMMAND_MASTER	(1u << 2)
#define PCI_COMMAND_INTX_OFF	(1u << 10)
#define PCI_CAP_VENDOR		0x09
#define PCI_CAP_MSIX		0x11

struct pci_bar {
	uint64_t base;		/* as the firmware (or Dom0) programmed it */
	uint64_t size;		/* 0: not implemented */
	bool io;		/* an I/O port range, not memory */
};

struct pci_dev {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint32_t class;		/* class, subclass, prog-if */
	uint8_t irq_line, irq_pin;	/* Interrupt Line as the firmware set it */
	struct pci_bar bar[PCI_NR_BARS];
	const char *driver;	/* bound driver's name, or NULL */
	void *priv;		/* the driver's state */
	unsigned long irqs;	/* interrupts (or polls that found work) seen */
};

struct pci_driver {
	const char *name;
	bool (*match)(const struct pci_dev *p);
	int (*probe)(struct pci_dev *p);	/* 0, or -errno: left unbound */
};

/* Configuration space of p: size 1, 2 or 4 bytes at reg. */
uint32_t pci_read(const struct pci_dev *p, unsigned int reg, unsigned int size);
void pci_write(const struct pci_dev *p, unsigned int reg, unsigned int size,
	       uint32_t val);

/*
 * Finds the configuration access path (pci_conf_init() with the boot
 * information's RSDP), walks bus 0 to 255 (every function), sizes the
 * BARs, then offers each device to the drivers in order.  Returns the
 * number of devices found.
 */
int pci_init(void);

/* The devices found, in bus order: *n gets how many. */
struct pci_dev *pci_devices(int *n);

/*
 * The offset of the first capability with id at or after offset from
 * (0: from the start of the list), or 0 when there is none.  Walks at
 * most 48 entries, so a looping list ends.
 */
unsigned int pci_find_cap(const struct pci_dev *p, uint8_t id,
			  unsigned int from);

/*
 * Maps [off, off + len) of memory BAR i into the kernel's page tables,
 * uncached, at its physical address, and returns a pointer to off; NULL
 * when the BAR is not memory or too small.
 */
volatile void *pci_map_bar(struct pci_dev *p, unsigned int i, uint64_t off,
			   uint64_t len);

/* Turns on memory decoding and bus mastering (DMA) for p. */
void pci_enable(struct pci_dev *p);

/*
 * Prints the configuration access path, then one line per device (the
 * shell's `lspci`), with its extended capabilities' IDs when ECAM reaches
 * them ("ext 0001,0003").
 */
void pci_print(void);

#endif
