/* SPDX-License-Identifier: MIT */
/*
 * Where a function's MSI-X table and PBA live, read from its MSI-X
 * capability and checked against its BARs (asm/pci.h).
 *
 * Each structure names a BAR (its BIR) and an offset in it.  They may share
 * one BAR or sit in two; real devices do both.  The layout is refused when
 * a BIR names no BAR (past the function's BARs, an unimplemented BAR, the
 * high half of a 64-bit BAR) or an I/O BAR, or when the table or PBA runs
 * past the end of its BAR.
 *
 * The pages the hypervisor keeps for itself (never mapped for Dom0,
 * emulated instead) are described as traps: one per BAR, a page-aligned
 * range of it.  Table and PBA in one BAR make a single trap over the pages
 * from the first to the last of them; in two BARs, trap 0 holds the table
 * and trap 1 the PBA.  Other registers of a BAR may share a trapped page.
 * The table is always in trap 0.
 */
#ifndef ASM_MSIX_H
#define ASM_MSIX_H

#include <hv/types.h>

/* One BAR as sized at boot. */
struct pci_bar {
	uint64_t size;		/* 0: not implemented */
	bool io, is64;		/* is64: this BAR and the next are one */
};

/* A page-aligned range of BAR bar that the hypervisor traps. */
struct msix_trap {
	unsigned int bar;
	uint64_t off, len;	/* offset in the BAR and bytes, page multiples */
};

struct msix_layout {
	unsigned int table_bar, pba_bar;
	uint32_t table, pba;		/* offsets in their BARs */
	uint32_t table_len, pba_len;	/* bytes */
	unsigned int nr_traps;		/* 1 (one BAR) or 2 */
	struct msix_trap trap[2];
};

#define MSIX_CTL_SIZE	0x7ffu	/* table size - 1, in the control word */
#define MSIX_BIR	7u	/* BIR bits of the table and PBA registers */

/*
 * Fills l from the capability's control word ctl and its table and PBA
 * registers (capability + 4, + 8), given the function's nr_bars BARs.
 * 0, or -ENODEV when a BIR names no memory BAR, -ERANGE when the table or
 * PBA runs past its BAR.
 */
int msix_layout_parse(struct msix_layout *l, const struct pci_bar *bar,
		      unsigned int nr_bars, uint16_t ctl, uint32_t table,
		      uint32_t pba);

/* The trap of l that holds offset off of BAR bar, or -1 when none does. */
int msix_layout_trap_at(const struct msix_layout *l, unsigned int bar,
			uint64_t off);

/*
 * Whether [off, off + size) of trap t's range (off from its start) lies
 * in the table, and whether it overlaps it at all (*overlaps).
 */
bool msix_layout_in_table(const struct msix_layout *l, unsigned int t,
			  uint64_t off, unsigned int size, bool *overlaps);

#endif
