/* SPDX-License-Identifier: MIT */
/* MSI and MSI-X message programming (asm/msi.h). */
#include <errno.h>
#include <asm/msi.h>
#include <asm/pci.h>
#include <hv/console.h>
#include <hv/mm.h>

#define MSI_ADDR_BASE		0xfee00000u
#define MSI_ADDR_DEST_SHIFT	12
#define MSIX_CTRL_MASKED	1u

/* The MSI capability's registers past the control word. */
struct msi_regs {
	unsigned int addr_lo, addr_hi, data, mask;	/* 0: not present */
};

static struct msi_regs msi_regs(uint16_t bdf, unsigned int pos)
{
	uint16_t ctl = (uint16_t)pci_conf_read(bdf, pos + PCI_MSI_CTL, 2);
	bool is64 = ctl & PCI_MSI_64BIT;
	struct msi_regs r = { pos + 4, is64 ? pos + 8 : 0, pos + (is64 ? 12 : 8), 0 };

	if (ctl & PCI_MSI_MASKBIT)
		r.mask = pos + (is64 ? 16 : 12);
	return r;
}

static volatile uint32_t *msix_entry(uint16_t bdf, unsigned int entry, int *rc)
{
	uint64_t a;

	*rc = pci_msix_entry(bdf, entry, &a);
	return *rc ? NULL : maddr_to_virt(a);
}

int msi_setup(uint16_t bdf, bool msix, unsigned int entry, uint8_t vector,
	      uint32_t dest)
{
	uint32_t addr = MSI_ADDR_BASE | dest << MSI_ADDR_DEST_SHIFT;
	unsigned int pos = pci_find_cap(bdf, msix ? PCI_CAP_MSIX : PCI_CAP_MSI);
	volatile uint32_t *e;
	struct msi_regs r;
	uint16_t ctl;
	int rc;

	if (!pos)
		return -ENODEV;
	ctl = (uint16_t)pci_conf_read(bdf, pos + 2, 2);
	if (msix) {
		e = msix_entry(bdf, entry, &rc);
		if (!e)
			return rc;
		/* Written masked, left masked: the bind unmasks it. */
		e[3] = MSIX_CTRL_MASKED;
		e[0] = addr;
		e[1] = 0;
		e[2] = vector;
		printk("PCI %02x:%02x.%x MSI-X entry %u: address %#x data %#x\n",
		       bdf >> 8, (bdf >> 3) & 31, bdf & 7, entry, e[0], e[2]);
		ctl = (uint16_t)((ctl | PCI_MSIX_ENABLE) & ~PCI_MSIX_MASKALL);
		pci_conf_write(bdf, pos + PCI_MSIX_CTL, 2, ctl);
		return 0;
	}
	if (entry)
		return -EINVAL;		/* one vector: multi-message is not offered */
	r = msi_regs(bdf, pos);
	pci_conf_write(bdf, pos + PCI_MSI_CTL, 2, ctl & ~PCI_MSI_ENABLE);
	pci_conf_write(bdf, r.addr_lo, 4, addr);
	if (r.addr_hi)
		pci_conf_write(bdf, r.addr_hi, 4, 0);
	pci_conf_write(bdf, r.data, 2, vector);
	if (r.mask)
		pci_conf_write(bdf, r.mask, 4, 1);
	/* One message (MME 0), enabled. */
	pci_conf_write(bdf, pos + PCI_MSI_CTL, 2,
		       (ctl & ~(7u << 4)) | PCI_MSI_ENABLE);
	return 0;
}

bool msi_mask(uint16_t bdf, bool msix, unsigned int entry, bool masked)
{
	unsigned int pos = pci_find_cap(bdf, msix ? PCI_CAP_MSIX : PCI_CAP_MSI);
	volatile uint32_t *e;
	struct msi_regs r;
	int rc;

	if (!pos)
		return false;
	if (msix) {
		e = msix_entry(bdf, entry, &rc);
		if (e)
			e[3] = masked ? MSIX_CTRL_MASKED : 0;
		return e;
	}
	r = msi_regs(bdf, pos);
	if (!r.mask)
		return false;
	pci_conf_write(bdf, r.mask, 4, masked ? 1 : 0);
	return true;
}

void msi_teardown(uint16_t bdf, bool msix, unsigned int entry)
{
	unsigned int pos = pci_find_cap(bdf, msix ? PCI_CAP_MSIX : PCI_CAP_MSI);

	msi_mask(bdf, msix, entry, true);
	if (pos && !msix)
		pci_conf_write(bdf, pos + PCI_MSI_CTL, 2,
			       pci_conf_read(bdf, pos + PCI_MSI_CTL, 2) &
			       ~PCI_MSI_ENABLE);
}
