/* SPDX-License-Identifier: MIT */
/*
 * x86 port I/O.  Included by the native device files, the paravirtual
 * build's bare-hardware refusal, Dom0's device code and the test guests:
 * under Xenolith, Dom0 owns every port but the hypervisor's, and a DomU's
 * port access crashes it.
 */
#ifndef ARCH_X86_IO_H
#define ARCH_X86_IO_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#endif
