/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own page tables (boot.S): the first 4 GiB identity-
 * mapped with 2 MiB pages, write-back, except the top GiB (the local
 * APICs, the IO-APIC, most device memory), which is uncached.  Device
 * memory below 3 GiB (q35's ECAM window at 0xb0000000, BARs in the PCI hole
 * when there is little RAM) must not be reached through a write-back
 * mapping either: its 2 MiB pages are made uncached at boot, from the
 * firmware's memory map.
 */
#ifndef ASM_PAGING_H
#define ASM_PAGING_H

#include <hv/types.h>

#define PAGING_WB_LIMIT	(3ULL << 30)	/* below: write-back unless a hole */

/*
 * Makes the 2 MiB pages below PAGING_WB_LIMIT for which holds_ram(n)
 * (page n, from address n << 21) is false uncached, and flushes the TLB.
 * Boot CPU, before the other CPUs start (they share the tables).  Returns
 * how many pages it changed.
 */
unsigned int paging_uncache_holes(bool (*holds_ram)(unsigned int n));

#endif
