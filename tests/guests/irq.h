/* SPDX-License-Identifier: MIT */
/* Helpers of the physical-interrupt guest (irq.c), shared with irq_pci.c. */
#ifndef GUEST_IRQ_H
#define GUEST_IRQ_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>

/* physdev_op(cmd, arg): 0 or Xen's negative errno. */
long physdev(unsigned int cmd, void *arg);

/*
 * PHYSDEVOP_map_pirq of an MSI (table_base 0) or of MSI-X table entry
 * `entry` of bdf: the pirq, or the error.
 */
long map_msi(uint16_t bdf, uint64_t table_base, unsigned int entry);

/* PHYSDEVOP_map_pirq of GSI index (any pirq): the pirq, or the error. */
long map_gsi(int index);

/* PHYSDEVOP_eoi. */
long eoi(int pirq);

/* PHYSDEVOP_unmap_pirq, EVTCHNOP_bind_pirq (the port, or the error). */
long unmap(int pirq);
long bind(int pirq);

/* Hard affinity of dom's vCPU 0: the CPUs in the bitmap cpus. */
long pin(domid_t dom, uint8_t cpus);

/* CPU time dom has used (ns; 0 when unknown). */
uint64_t cpu_time(domid_t dom);

/* Yields until port has n events or ms milliseconds passed. */
bool wait_events(long port, uint32_t n, uint64_t ms);

/*
 * The MMCONFIG (ECAM) and MSI-X tests (irq_pci.c), under QEMU q35 with
 * an e1000e: edu is the edu device's bus/dev/fn, rsdp Dom0's RSDP (its
 * MCFG names the ECAM window), spinner the spinning DomU (0: none) and
 * storm_limit the hypervisor's interrupts a 10 ms window per pirq.
 */
void irq_pci_tests(uint16_t edu, uint64_t rsdp, domid_t spinner,
		   unsigned long storm_limit);

#endif
