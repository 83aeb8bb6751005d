/* SPDX-License-Identifier: MIT */
/*
 * The PCI capability list, parsed from a copy of a function's first 256
 * bytes of configuration space.  Pure logic (tests/unit/dom0): the list
 * comes from a device and is not trusted, so offsets are checked and a
 * list that loops ends.
 */
#ifndef DOM0_HW_PCI_CAP_H
#define DOM0_HW_PCI_CAP_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_CFG_SIZE	256
#define PCI_CAP_MAX	48	/* entries walked at most (as Linux) */

/*
 * The offset of the first capability with id after offset from (0: from
 * the head of the list), or 0 when there is none or the list is broken
 * (status says no list, an offset inside the header or too close to the
 * end to hold the capability's two bytes, or a loop).
 */
unsigned int pci_cap_find(const uint8_t cfg[PCI_CFG_SIZE], uint8_t id,
			  unsigned int from);

#endif
