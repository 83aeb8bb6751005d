/* SPDX-License-Identifier: MIT */
/*
 * x86 port I/O, and PCI configuration mechanism #1 on top of it: one copy
 * for the hypervisor, Dom0 and the guest kernels (which port a domain may
 * touch is the hypervisor's business: asm/ioport.h).
 */
#ifndef PORTIO_H
#define PORTIO_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#define PCI_CONF1_ADDR		0xcf8
#define PCI_CONF1_DATA		0xcfc
#define PCI_CONF1_ENABLE	(1u << 31)

/*
 * Reads size (1, 2 or 4) bytes at reg of function bdf (bus << 8 | device
 * << 3 | function) through ports 0xcf8/0xcfc.  Not atomic: the caller
 * keeps others off the two ports (one lock, or one thread).
 */
static inline uint32_t pci_conf1_read(uint16_t bdf, unsigned int reg,
				      unsigned int size)
{
	outl(PCI_CONF1_ADDR,
	     PCI_CONF1_ENABLE | (uint32_t)bdf << 8 | (reg & 0xfc));
	if (size == 1)
		return inb((uint16_t)(PCI_CONF1_DATA + (reg & 3)));
	if (size == 2)
		return inw((uint16_t)(PCI_CONF1_DATA + (reg & 2)));
	return inl(PCI_CONF1_DATA);
}

/* Writes size bytes of val at reg of function bdf (same rules). */
static inline void pci_conf1_write(uint16_t bdf, unsigned int reg,
				   unsigned int size, uint32_t val)
{
	outl(PCI_CONF1_ADDR,
	     PCI_CONF1_ENABLE | (uint32_t)bdf << 8 | (reg & 0xfc));
	if (size == 1)
		outb((uint16_t)(PCI_CONF1_DATA + (reg & 3)), (uint8_t)val);
	else if (size == 2)
		outw((uint16_t)(PCI_CONF1_DATA + (reg & 2)), (uint16_t)val);
	else
		outl(PCI_CONF1_DATA, val);
}

#endif
