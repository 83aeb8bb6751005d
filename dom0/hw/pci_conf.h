/* SPDX-License-Identifier: MIT */
/*
 * How Dom0 reaches PCI configuration space: through the ECAM (MMCONFIG)
 * window that the MCFG of its ACPI tables names, as Linux does when it
 * finds one, else through ports 0xcf8/0xcfc (mechanism #1: i440FX, Bochs).
 *
 * The hypervisor builds Dom0's ACPI tables (hvm_start_info.rsdp_paddr) and
 * lists in their MCFG exactly the windows it mediates for Dom0; either way
 * every access exits to it and is checked as docs/devices.md says.  Only
 * segment 0 is used.  Through the window Dom0 reaches the extended space
 * (registers 256-4095); through the ports those read all ones.
 *
 * Not locked: only cooperative threads call it (the port pair is not
 * atomic).
 */
#ifndef DOM0_HW_PCI_CONF_H
#define DOM0_HW_PCI_CONF_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_CONF_SIZE		4096	/* a function's space with ECAM */
#define PCI_CONF_LEGACY_SIZE	256	/* what the ports reach */

/*
 * Reads the ACPI tables at rsdp (0: none) and takes the first segment-0
 * window of their MCFG.  Returns 0 when ECAM is used, -ENOENT when there
 * is no window (ports), -EINVAL when the tables are unreadable (ports).
 */
int pci_conf_init(uint64_t rsdp);

/* True when bdf's configuration space is reached through ECAM. */
bool pci_conf_ecam(uint16_t bdf);

/*
 * Size (1, 2 or 4) bytes at reg of function bdf (bus << 8 | dev << 3 |
 * fn); reg aligned to size.  A register the access path cannot reach
 * reads all ones, and a write to it is dropped.
 */
uint32_t pci_conf_read(uint16_t bdf, unsigned int reg, unsigned int size);
void pci_conf_write(uint16_t bdf, unsigned int reg, unsigned int size,
		    uint32_t val);

/* One line saying the access path: "pci: configuration through ...". */
void pci_conf_print(void);

#endif
