/* SPDX-License-Identifier: MIT */
/*
 * physdev_op: Dom0's physical IRQs (hv/irq.h).  Each sub-op copies its
 * argument in and checks it here; asm/irq.h acts.
 */
#include <errno.h>
#include <string.h>
#include <xen/physdev.h>
#include <asm/acpi.h>
#include <asm/hvm.h>
#include <asm/irq.h>
#include <asm/pci.h>
#include <hv/domain.h>
#include <hv/irq.h>
#include <hv/vcpu.h>

/*
 * ISA IRQs of the devices the hypervisor keeps: the PIT (0, and GSI 2 it
 * arrives on), COM1 (4), the RTC (8).
 */
static bool kept_gsi(uint32_t gsi)
{
	static const unsigned int kept[] = { 0, 4, 8 };
	uint16_t flags;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kept); i++)
		if (acpi_isa_gsi(kept[i], &flags) == gsi)
			return true;
	return gsi == 2;
}

/*
 * A GSI map: index is the GSI, or for 0-15 the ISA IRQ a PCI Interrupt
 * Line register names, which the MADT's overrides may move.  An ISA IRQ
 * without an override, as a PCI device's line, is level-triggered and
 * active low (PCI's INTx); an override's flags say otherwise.
 */
static int map_gsi(struct domain *d, struct physdev_map_pirq *m)
{
	uint32_t gsi = (uint32_t)m->index;
	uint16_t flags = 0;
	bool level = true, low = true;

	if (m->index < 0)
		return -EINVAL;
	if (gsi < 16)
		gsi = acpi_isa_gsi(gsi, &flags);
	if ((flags & ACPI_INTI_TRIGGER) == 0x4)
		level = false;
	if ((flags & ACPI_INTI_POLARITY) == 0x1)
		low = false;
	if (kept_gsi(gsi))
		return -EPERM;
	return irq_map_gsi(d, gsi, level, low, &m->pirq);
}

static int map_msi(struct domain *d, struct physdev_map_pirq *m)
{
	uint32_t seg = m->type == MAP_PIRQ_TYPE_MSI_SEG ? (uint32_t)m->bus >> 16 : 0;
	uint32_t bus = m->type == MAP_PIRQ_TYPE_MSI_SEG ? (uint32_t)m->bus & 0xffff
							: (uint32_t)m->bus;

	if (seg || bus > 255 || m->devfn < 0 || m->devfn > 255 || m->entry_nr < 0)
		return -ENODEV;
	return irq_map_msi(d, (uint16_t)(bus << 8 | (uint32_t)m->devfn),
			   m->table_base != 0, (unsigned int)m->entry_nr, &m->pirq);
}

long physdev_map_pirq(struct vcpu *v, struct physdev_map_pirq *m)
{
	if (m->domid != DOMID_SELF && m->domid != v->domain->domain_id)
		return -EPERM;	/* no passthrough to other domains (yet) */
	switch (m->type) {
	case MAP_PIRQ_TYPE_GSI:
		return map_gsi(v->domain, m);
	case MAP_PIRQ_TYPE_MSI:
	case MAP_PIRQ_TYPE_MSI_SEG:
		return map_msi(v->domain, m);
	default:
		return -EINVAL;
	}
}

static long map_pirq(struct vcpu *v, unsigned long arg)
{
	struct physdev_map_pirq m;
	long rc;

	if (copy_from_guest(v, &m, arg, sizeof(m)))
		return -EFAULT;
	rc = physdev_map_pirq(v, &m);
	if (!rc && copy_to_guest(v, arg, &m, sizeof(m)))
		return -EFAULT;
	return rc;
}

long do_physdev_op(struct vcpu *v, const unsigned long *args)
{
	struct physdev_unmap_pirq u;
	struct physdev_irq_status_query q;
	struct physdev_eoi e;
	long rc;

	switch (args[0]) {
	case PHYSDEVOP_map_pirq:
		return map_pirq(v, args[1]);
	case PHYSDEVOP_unmap_pirq:
		if (copy_from_guest(v, &u, args[1], sizeof(u)))
			return -EFAULT;
		if (u.domid != DOMID_SELF && u.domid != v->domain->domain_id)
			return -EPERM;
		return irq_unmap(v->domain, u.pirq);
	case PHYSDEVOP_eoi:
		if (copy_from_guest(v, &e, args[1], sizeof(e)))
			return -EFAULT;
		return irq_eoi(v->domain, (int)MIN(e.irq, (uint32_t)MAX_PIRQS));
	case PHYSDEVOP_irq_status_query:
		if (copy_from_guest(v, &q, args[1], sizeof(q)))
			return -EFAULT;
		rc = irq_status(v->domain, (int)MIN(q.irq, (uint32_t)MAX_PIRQS),
				&q.flags);
		if (!rc && copy_to_guest(v, args[1], &q, sizeof(q)))
			return -EFAULT;
		return rc;
	default:
		return -ENOSYS;
	}
}
