/* SPDX-License-Identifier: MIT */
/*
 * I/O ports: which the hypervisor keeps, and what a guest gets when it
 * touches one it does not own.
 *
 * Dom0 owns the machine's devices (as Xen's Dom0 does), so every port is
 * passed through to it, without an exit, except those the hypervisor
 * drives or mediates itself: COM1 (0x3f8-0x3ff), the PIT (0x40-0x43) and
 * its gate at 0x61, both PICs (0x20/0x21, 0xa0/0xa1), the CMOS/RTC index
 * and data (0x70-0x71), the emulators' exit ports (QEMU's isa-debug-exit
 * at 0xf4-0xf7, Bochs' 0x8900) and PCI configuration mechanism #1
 * (0xcf8-0xcff).  A DomU owns no port at all: every port exits, and reads
 * all ones unless a handler emulates it.
 *
 * The back ends build their I/O permission bitmaps (VMX I/O bitmaps A and
 * B, the SVM IOPM) from ioport_bitmap_init() and hand every port exit to
 * ioport_exit().
 */
#ifndef ASM_IOPORT_H
#define ASM_IOPORT_H

#include <hv/types.h>

struct vcpu;

/* Bytes of a bitmap with one bit per port, 0 to 0xffff. */
#define IOPORT_BITMAP_BYTES	(65536 / 8)

/*
 * Fills bitmap (IOPORT_BITMAP_BYTES, bit n for port n, set = exit) for a
 * domain: for the hardware domain (Dom0) only the kept ports are set, for
 * any other every port is.  Both VMX and SVM check the bit of every byte
 * an access covers, so a wide access that overlaps a kept port exits too.
 */
void ioport_bitmap_init(uint8_t *bitmap, bool hardware_domain);

/* True when the hypervisor keeps port (the list above). */
bool ioport_kept(uint16_t port);

/*
 * One port access that exited: size 1, 2 or 4 bytes at port; in for IN/INS;
 * string for INS/OUTS (with or without REP).  Must be called with the
 * hypervisor lock held, from the exit of v.
 *
 * IN and OUT go through the domain's port intercepts (asm/hvm/io.h): a
 * handler registered for the port, else unbacked (an IN reads all ones,
 * an OUT is dropped), as on Xen.  A string access by Dom0 to a kept port
 * gets #GP(0), since nothing of it would be meaningful, and the first few
 * are logged; a DomU's string access is completed by the emulator
 * (hvm_emulate()) element by element through the same intercepts.
 * insn_len: the instruction's length, for stepping past it.
 */
void ioport_exit(struct vcpu *v, uint16_t port, unsigned int size, bool in,
		 bool string, unsigned int insn_len);

#endif
