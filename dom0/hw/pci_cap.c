/* SPDX-License-Identifier: MIT */
/* The PCI capability list of a configuration-space copy. */
#include "pci_cap.h"

#define PCI_STATUS		0x06
#define PCI_STATUS_CAPS		(1u << 4)
#define PCI_CAPS		0x34
#define PCI_HEADER_END		0x40

unsigned int pci_cap_find(const uint8_t cfg[PCI_CFG_SIZE], uint8_t id,
			  unsigned int from)
{
	unsigned int pos, n;
	bool past = !from;

	if (!(cfg[PCI_STATUS] & PCI_STATUS_CAPS))
		return 0;
	pos = cfg[PCI_CAPS] & 0xfc;
	for (n = 0; n < PCI_CAP_MAX; n++) {
		if (pos < PCI_HEADER_END || pos > PCI_CFG_SIZE - 2)
			return 0;
		if (past && cfg[pos] == id)
			return pos;
		if (pos == from)
			past = true;
		pos = cfg[pos + 1] & 0xfc;
	}
	return 0;
}
