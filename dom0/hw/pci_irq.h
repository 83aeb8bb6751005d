/* SPDX-License-Identifier: MIT */
/*
 * A PCI function's interrupt as Xen's PV Dom0 gets it (docs/devices.md):
 * PHYSDEVOP_map_pirq for MSI-X table entry 0 when the function has MSI-X,
 * else for the GSI its Interrupt Line register names; EVTCHNOP_bind_pirq;
 * the handler runs on the event.  The hypervisor programs the IO-APIC or
 * the MSI-X entry; an INTx pirq is level-triggered and stays masked after
 * each interrupt until pci_irq_eoi().
 */
#ifndef DOM0_HW_PCI_IRQ_H
#define DOM0_HW_PCI_IRQ_H

#include <stdbool.h>
#include "pci.h"
#include "../../guest-patches/pv/evtchn.h"

struct pci_irq {
	int pirq;		/* -1: none */
	evtchn_port_t port;
	bool msix;		/* MSI-X entry 0, else INTx */
};

/*
 * Maps and binds p's interrupt (MSI-X unless no_msix or p has none) to fn
 * with data (interrupt context, as every event handler).  0 or the
 * hypercall's -errno (irq->pirq is then -1).
 */
int pci_irq_attach(struct pci_dev *p, bool no_msix, evtchn_handler_fn *fn,
		   void *data, struct pci_irq *irq);

/* Closes the port and unmaps the pirq (pirq becomes -1). */
void pci_irq_detach(struct pci_irq *irq);

/* Unmasks an INTx pirq once the device was acknowledged (any context). */
void pci_irq_eoi(const struct pci_irq *irq);

#endif
