/* SPDX-License-Identifier: MIT */
/* A PCI function's interrupt through physdev_op and an event channel. */
#include <errno.h>
#include <xen/physdev.h>
#include "pci_irq.h"
#include "../../guest-patches/pv/hypercall.h"

/* The BAR holding the MSI-X table (its address names MSI-X to Xen). */
static uint64_t msix_bar(const struct pci_dev *p)
{
	unsigned int pos = pci_find_cap(p, PCI_CAP_MSIX, 0);

	if (!pos)
		return 0;
	return p->bar[pci_read(p, pos + 4, 4) & 7].base;
}

int pci_irq_attach(struct pci_dev *p, bool no_msix, evtchn_handler_fn *fn,
		   void *data, struct pci_irq *irq)
{
	struct physdev_map_pirq m = { .domid = DOMID_SELF, .pirq = -1 };
	struct physdev_unmap_pirq u = { .domid = DOMID_SELF };
	struct evtchn_bind_pirq b = { 0 };
	long rc;

	irq->pirq = -1;
	m.table_base = no_msix ? 0 : msix_bar(p);
	irq->msix = m.table_base != 0;
	if (irq->msix) {
		m.type = MAP_PIRQ_TYPE_MSI;
		m.index = -1;
		m.bus = p->bus;
		m.devfn = p->dev << 3 | p->fn;
		m.entry_nr = 0;
	} else {
		if (!p->irq_pin || p->irq_line == 0xff)
			return -ENODEV;
		m.type = MAP_PIRQ_TYPE_GSI;
		m.index = p->irq_line;
	}
	rc = hypercall_physdev_op(PHYSDEVOP_map_pirq, &m);
	if (rc)
		return (int)rc;
	b.pirq = (uint32_t)m.pirq;
	rc = hypercall_event_channel_op(EVTCHNOP_bind_pirq, &b);
	if (rc == -EEXIST && !irq->msix)
		return (int)rc;	/* a shared line another device holds */
	if (rc)
		goto err_unmap;
	rc = evtchn_attach(b.port, fn, data);
	if (rc) {
		evtchn_close(b.port);
		goto err_unmap;
	}
	irq->pirq = m.pirq;
	irq->port = b.port;
	/* An interrupt between bind and attach found no handler: unmask. */
	pci_irq_eoi(irq);
	return 0;

err_unmap:
	u.pirq = m.pirq;
	hypercall_physdev_op(PHYSDEVOP_unmap_pirq, &u);
	return (int)rc;
}

void pci_irq_detach(struct pci_irq *irq)
{
	struct physdev_unmap_pirq u = { .domid = DOMID_SELF, .pirq = irq->pirq };

	if (irq->pirq < 0)
		return;
	evtchn_close(irq->port);
	hypercall_physdev_op(PHYSDEVOP_unmap_pirq, &u);
	irq->pirq = -1;
}

void pci_irq_eoi(const struct pci_irq *irq)
{
	struct physdev_eoi e = { .irq = (uint32_t)irq->pirq };

	if (irq->pirq >= 0 && !irq->msix)
		hypercall_physdev_op(PHYSDEVOP_eoi, &e);
}
