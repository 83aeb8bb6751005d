/* SPDX-License-Identifier: MIT */
/* PCI configuration space: the device table, BAR sizes, Dom0's mediated view. */
#include <errno.h>
#include <asm/cpu.h>
#include <asm/hvm/io.h>
#include <asm/mmcfg.h>
#include <asm/msix.h>
#include <asm/p2m.h>
#include <asm/pci.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/param.h>

#define PCI_CONF_ADDR		PCI_CONF1_ADDR
#define PCI_CONF_DATA		PCI_CONF1_DATA
#define PCI_ENABLE		PCI_CONF1_ENABLE

#define PCI_VENDOR		0x00
#define PCI_COMMAND		0x04
#define PCI_COMMAND_IO		(1u << 0)
#define PCI_COMMAND_MEM		(1u << 1)
#define PCI_STATUS		0x06
#define PCI_STATUS_CAPS		(1u << 4)
#define PCI_CLASS		0x08	/* revision, then class code */
#define PCI_CLASS_HOST_BRIDGE	0x060000u
#define PCI_HEADER		0x0e
#define PCI_BAR0		0x10
#define PCI_CAPS		0x34

#define BAR_IO			(1u << 0)
#define BAR_MEM_64		(2u << 1)

struct pci_dev {
	uint16_t bdf;
	uint8_t nr_bars;	/* 6 for endpoints, 2 for bridges */
	struct pci_bar bar[PCI_NR_BARS];
	bool msix_ok;		/* an MSI-X capability with a sound layout */
	struct msix_layout msix;	/* where its table and PBA are */
	uint8_t msi_cap, msix_cap;	/* capability offsets, 0: none */
	uint64_t msix_trapped[2];	/* each trap's base, as registered; 0 none */
	bool kept;			/* a host bridge: Dom0's writes dropped */
	uint8_t msix_shadow[PCI_MSIX_SHADOW][16];	/* Dom0's view of the table */
};

static struct pci_dev devs[PCI_MAX_DEVICES];
static unsigned int nr_devs;
static uint32_t dom0_latch;	/* Dom0's last write to 0xcf8 */

extern char __image_start[], __image_end[];

uint32_t pci_conf_read(uint16_t bdf, unsigned int reg, unsigned int size)
{
	return pci_conf1_read(bdf, reg, size);
}

void pci_conf_write(uint16_t bdf, unsigned int reg, unsigned int size,
		    uint32_t val)
{
	pci_conf1_write(bdf, reg, size, val);
}

/* The BAR's base as the device decodes it now (memory BARs). */
static uint64_t bar_base(const struct pci_dev *p, unsigned int i)
{
	uint64_t base = pci_conf_read(p->bdf, PCI_BAR0 + 4 * i, 4) & ~0xfull;

	if (p->bar[i].is64)
		base |= (uint64_t)pci_conf_read(p->bdf, PCI_BAR0 + 4 * i + 4, 4)
			<< 32;
	return base;
}

/* Sizes BAR i with decoding off (the caller turned it off). */
static void size_bar(struct pci_dev *p, unsigned int i)
{
	unsigned int reg = PCI_BAR0 + 4 * i;
	uint32_t lo = pci_conf_read(p->bdf, reg, 4), hi = 0, mlo, mhi = ~0u;
	struct pci_bar *b = &p->bar[i];

	b->io = lo & BAR_IO;
	b->is64 = !b->io && (lo & 6) == BAR_MEM_64 && i + 1 < p->nr_bars;
	pci_conf_write(p->bdf, reg, 4, ~0u);
	mlo = pci_conf_read(p->bdf, reg, 4);
	pci_conf_write(p->bdf, reg, 4, lo);
	if (b->is64) {
		hi = pci_conf_read(p->bdf, reg + 4, 4);
		pci_conf_write(p->bdf, reg + 4, 4, ~0u);
		mhi = pci_conf_read(p->bdf, reg + 4, 4);
		pci_conf_write(p->bdf, reg + 4, 4, hi);
	}
	mlo &= b->io ? ~0x3u : ~0xfu;
	if (!mlo && (!b->is64 || !mhi))
		return;
	b->size = ~((uint64_t)mhi << 32 | mlo) + 1;
	if (b->io)
		b->size &= 0xffff;
}

unsigned int pci_find_cap(uint16_t bdf, uint8_t id)
{
	unsigned int pos, n = 0;

	if (!(pci_conf_read(bdf, PCI_STATUS, 2) & PCI_STATUS_CAPS))
		return 0;
	for (pos = pci_conf_read(bdf, PCI_CAPS, 1) & 0xfc; pos && n < 48;
	     pos = pci_conf_read(bdf, pos + 1, 1) & 0xfc, n++)
		if (pci_conf_read(bdf, pos, 1) == id)
			return pos;
	return 0;
}

/* Finds the MSI and MSI-X capabilities: the table and PBA stay ours. */
static void find_msi(struct pci_dev *p)
{
	unsigned int pos, i;
	int rc;

	p->msi_cap = (uint8_t)pci_find_cap(p->bdf, PCI_CAP_MSI);
	pos = pci_find_cap(p->bdf, PCI_CAP_MSIX);
	p->msix_cap = (uint8_t)pos;
	if (!pos)
		return;
	rc = msix_layout_parse(&p->msix, p->bar, p->nr_bars,
			       (uint16_t)pci_conf_read(p->bdf, pos + PCI_MSIX_CTL, 2),
			       pci_conf_read(p->bdf, pos + 4, 4),
			       pci_conf_read(p->bdf, pos + 8, 4));
	p->msix_ok = !rc;
	if (rc)
		printk("PCI %02x:%02x.%x: MSI-X table or PBA outside a memory BAR (%d): no MSI-X\n",
		       p->bdf >> 8, (p->bdf >> 3) & 31, p->bdf & 7, rc);
	for (i = 0; i < PCI_MSIX_SHADOW; i++)
		p->msix_shadow[i][12] = 1;	/* masked, as after reset */
}

static void add_function(uint16_t bdf)
{
	struct pci_dev *p;
	uint32_t id = pci_conf_read(bdf, PCI_VENDOR, 4);
	uint32_t class = pci_conf_read(bdf, PCI_CLASS, 4) >> 8;
	uint16_t cmd;
	unsigned int i;

	if (nr_devs == PCI_MAX_DEVICES) {
		printk("PCI %02x:%02x.%x: too many functions, ignored\n",
		       bdf >> 8, (bdf >> 3) & 31, bdf & 7);
		return;
	}
	p = &devs[nr_devs++];
	p->bdf = bdf;
	p->nr_bars = (pci_conf_read(bdf, PCI_HEADER, 1) & 0x7f) == 1 ? 2
		   : (pci_conf_read(bdf, PCI_HEADER, 1) & 0x7f) == 0 ? 6 : 0;
	cmd = (uint16_t)pci_conf_read(bdf, PCI_COMMAND, 2);
	pci_conf_write(bdf, PCI_COMMAND, 2,
		       cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEM));
	for (i = 0; i < p->nr_bars; i++) {
		size_bar(p, i);
		if (p->bar[i].is64)
			i++;
	}
	pci_conf_write(bdf, PCI_COMMAND, 2, cmd);
	find_msi(p);
	p->kept = (class & ~0xffu) == PCI_CLASS_HOST_BRIDGE;
	printk("PCI %02x:%02x.%x %04x:%04x class %06x%s\n", bdf >> 8,
	       (bdf >> 3) & 31, bdf & 7, id & 0xffff, id >> 16, class,
	       p->kept ? " (host bridge: kept)" : "");
}

void pci_init(void)
{
	unsigned int bus, dev, fn, nfn;

	for (bus = 0; bus < 256; bus++) {
		for (dev = 0; dev < 32; dev++) {
			nfn = 1;
			for (fn = 0; fn < nfn; fn++) {
				uint16_t bdf = PCI_BDF(bus, dev, fn);

				if ((pci_conf_read(bdf, PCI_VENDOR, 2) & 0xffff) == 0xffff)
					continue;
				if (fn == 0 && pci_conf_read(bdf, PCI_HEADER, 1) & 0x80)
					nfn = 8;
				add_function(bdf);
			}
		}
	}
}

static struct pci_dev *find_dev(uint16_t bdf)
{
	unsigned int i;

	for (i = 0; i < nr_devs; i++)
		if (devs[i].bdf == bdf)
			return &devs[i];
	return NULL;
}

static uint64_t mmio_read(const volatile void *a, unsigned int size)
{
	switch (size) {
	case 1: return *(const volatile uint8_t *)a;
	case 2: return *(const volatile uint16_t *)a;
	case 4: return *(const volatile uint32_t *)a;
	default: return *(const volatile uint64_t *)a;
	}
}

static void mmio_write(volatile void *a, unsigned int size, uint64_t v)
{
	switch (size) {
	case 1: *(volatile uint8_t *)a = (uint8_t)v; break;
	case 2: *(volatile uint16_t *)a = (uint16_t)v; break;
	case 4: *(volatile uint32_t *)a = (uint32_t)v; break;
	default: *(volatile uint64_t *)a = v; break;
	}
}

/*
 * True when [base, base + size) touches RAM, the hypervisor's image or an
 * ECAM window: no BAR may go there, and Dom0 gets no mapping of it.
 */
static bool covers_ram(uint64_t base, uint64_t size)
{
	uint64_t a, end = base + size;

	if (end < base)
		return false;	/* wraps past 2^64: sizing writes land here */
	if (base < virt_to_maddr(__image_end) &&
	    end > virt_to_maddr(__image_start))
		return true;
	if (mmcfg_overlaps(base, size))
		return true;
	for (a = base & ~(PAGE_SIZE - 1); a < end && a < MAX_PHYS_ADDR;
	     a += PAGE_SIZE)
		if (page_owner(a) != FRAME_RESERVED)
			return true;
	return false;
}

static void msix_trap(struct domain *d, struct pci_dev *p, unsigned int t,
		      uint64_t base);

/* Removes Dom0's mappings of [base, base + size) (a BAR left it). */
static void unmap_range(struct domain *d, uint64_t base, uint64_t size)
{
	uint64_t gfn, end = (base + size) >> PAGE_SHIFT;
	unsigned int perms;
	paddr_t m;

	for (gfn = base >> PAGE_SHIFT; gfn < end && gfn < MAX_GUEST_GFN; gfn++)
		if (!p2m_get(&d->p2m, gfn, &m, &perms))
			p2m_set(&d->p2m, gfn, 0, 0);
}

/*
 * Dom0 writes reg of p: a write that moves a memory BAR over RAM is
 * dropped; one that moves it elsewhere unmaps what Dom0 had of the old
 * range.  Returns true when the write may go to the device.
 */
static bool bar_write_ok(struct domain *d, struct pci_dev *p, unsigned int reg,
			 unsigned int size, uint32_t val)
{
	unsigned int i = (reg - PCI_BAR0) / 4, lo_i = i, shift = (reg & 3) * 8;
	uint32_t old, mask = size == 4 ? ~0u : ((1u << (size * 8)) - 1) << shift;
	uint64_t cur, next;
	unsigned int t;

	if (reg < PCI_BAR0 || reg >= PCI_BAR0 + 4u * p->nr_bars)
		return true;
	if (lo_i > 0 && p->bar[lo_i - 1].is64)
		lo_i--;		/* the high half of a 64-bit BAR */
	if (!p->bar[lo_i].size || p->bar[lo_i].io)
		return true;
	cur = bar_base(p, lo_i);
	old = pci_conf_read(p->bdf, reg & ~3u, 4);
	old = (old & ~mask) | ((val << shift) & mask);
	if (lo_i == i)
		next = (cur & ~0xffffffffull) | (old & ~0xfu);
	else
		next = (cur & 0xffffffffull) | (uint64_t)old << 32;
	next &= ~(p->bar[lo_i].size - 1);
	if (covers_ram(next, p->bar[lo_i].size)) {
		printk("d%u: PCI %02x:%02x.%x BAR%u write %#lx refused: over RAM or ECAM\n",
		       d->domain_id, p->bdf >> 8, (p->bdf >> 3) & 31, p->bdf & 7,
		       lo_i, next);
		return false;
	}
	if (next != cur)
		unmap_range(d, cur, p->bar[lo_i].size);
	for (t = 0; p->msix_ok && next != cur && t < p->msix.nr_traps; t++)
		if (p->msix.trap[t].bar == lo_i)
			msix_trap(d, p, t, next);
	return true;
}

/* The bytes of the MSI capability at pos, as its control word says. */
static unsigned int msi_cap_len(uint16_t bdf, unsigned int pos)
{
	uint16_t ctl = (uint16_t)pci_conf_read(bdf, pos + PCI_MSI_CTL, 2);

	return 10 + (ctl & PCI_MSI_64BIT ? 4 : 0) + (ctl & PCI_MSI_MASKBIT ? 10 : 0);
}

/* Whether [reg, reg + size) touches p's MSI or MSI-X capability. */
static bool msi_cap_write(const struct pci_dev *p, unsigned int reg,
			  unsigned int size)
{
	if (p->msi_cap && reg < p->msi_cap + msi_cap_len(p->bdf, p->msi_cap) &&
	    reg + size > p->msi_cap)
		return true;
	return p->msix_cap && reg < p->msix_cap + 12u && reg + size > p->msix_cap;
}

/* Dom0's reads of 0xcf8-0xcff: the latch, or the selected register. */
static int cfg_read(struct vcpu *v, void *priv, uint64_t port,
		    unsigned int size, uint64_t *val)
{
	unsigned int reg = (dom0_latch & 0xfc) + (port & 3);

	(void)v;
	(void)priv;
	if (port == PCI_CONF_ADDR && size == 4)
		*val = dom0_latch;
	else if (port < PCI_CONF_DATA || !(dom0_latch & PCI_ENABLE) ||
		 (port & 3) + size > 4)
		return -ENODEV;	/* nothing there: all ones */
	else
		*val = pci_conf_read((uint16_t)(dom0_latch >> 8), reg, size);
	return 0;
}

int pci_dom0_conf_check(struct domain *d, uint16_t bdf, unsigned int reg,
			unsigned int size, uint32_t val)
{
	struct pci_dev *p = find_dev(bdf);

	if (!p)
		return 0;
	if (p->kept || msi_cap_write(p, reg, size) ||
	    !bar_write_ok(d, p, reg, size, val))
		return -EPERM;
	return 0;
}

/* Dom0's writes: the latch, or the register as pci_dom0_conf_check() lets. */
static int cfg_write(struct vcpu *v, void *priv, uint64_t port,
		     unsigned int size, uint64_t val)
{
	unsigned int reg = (dom0_latch & 0xfc) + (port & 3);
	uint16_t bdf = (uint16_t)(dom0_latch >> 8);
	int rc;

	(void)priv;
	if (port == PCI_CONF_ADDR && size == 4) {
		dom0_latch = (uint32_t)val & 0x80fffffc;
		return 0;
	}
	/* 0xcf9 (a chipset's reset control) and the like stay ours. */
	if (port < PCI_CONF_DATA || !(dom0_latch & PCI_ENABLE) ||
	    (port & 3) + size > 4)
		return -EPERM;
	rc = pci_dom0_conf_check(v->domain, bdf, reg, size, (uint32_t)val);
	if (!rc)
		pci_conf_write(bdf, reg, size, (uint32_t)val);
	return rc;
}

static const struct hvm_io_ops cfg_ops = { cfg_read, cfg_write };

/*
 * Dom0's accesses to the pages of an MSI-X table and PBA (never mapped for
 * it; each trap registered with its pci_trap as priv): inside the table
 * they read and write Dom0's shadow of it, never the device, so Dom0
 * cannot aim a vector anywhere; the PBA and whatever else shares the pages
 * go to the device.  *sh is NULL outside the shadow; -EPERM inside the
 * table but beyond the shadow (reads all ones, writes dropped).
 */
struct pci_trap {
	struct pci_dev *p;
	unsigned int t;
};
static struct pci_trap traps[PCI_MAX_DEVICES][2];

static int msix_shadow_at(const struct pci_trap *pt, uint64_t addr,
			  unsigned int size, uint8_t **sh)
{
	struct pci_dev *p = pt->p;
	uint64_t off = addr - p->msix_trapped[pt->t];
	uint64_t in_table = p->msix.trap[pt->t].off + off - p->msix.table;
	bool overlaps;

	*sh = NULL;
	if (msix_layout_in_table(&p->msix, pt->t, off, size, &overlaps) &&
	    in_table + size <= sizeof(p->msix_shadow))
		*sh = &p->msix_shadow[0][0] + in_table;
	return overlaps && !*sh ? -EPERM : 0;
}

static int msix_read(struct vcpu *v, void *priv, uint64_t addr,
		     unsigned int size, uint64_t *val)
{
	uint8_t *sh;
	unsigned int i;
	int rc = msix_shadow_at(priv, addr, size, &sh);

	(void)v;
	if (rc)
		return rc;
	if (sh) {
		for (*val = 0, i = 0; i < size; i++)
			*val |= (uint64_t)sh[i] << (8 * i);
		return 0;
	}
	*val = mmio_read(maddr_to_virt(addr), size);
	return 0;
}

static int msix_write(struct vcpu *v, void *priv, uint64_t addr,
		      unsigned int size, uint64_t val)
{
	uint8_t *sh;
	unsigned int i;
	int rc = msix_shadow_at(priv, addr, size, &sh);

	(void)v;
	if (rc)
		return rc;
	if (sh) {
		for (i = 0; i < size; i++)
			sh[i] = (uint8_t)(val >> (8 * i));
		return 0;
	}
	mmio_write(maddr_to_virt(addr), size, val);
	return 0;
}

static const struct hvm_io_ops msix_ops = { msix_read, msix_write };

/* (Re)claims trap t of p for its BAR at base (0: none). */
static void msix_trap(struct domain *d, struct pci_dev *p, unsigned int t,
		      uint64_t base)
{
	const struct msix_trap *tr = &p->msix.trap[t];
	struct pci_trap *pt = &traps[p - devs][t];

	if (p->msix_trapped[t])
		hvm_io_unregister(d, HVM_IO_MMIO, p->msix_trapped[t]);
	p->msix_trapped[t] = 0;
	if (!base || covers_ram(base + tr->off, tr->len))
		return;
	pt->p = p;
	pt->t = t;
	if (!hvm_io_register(d, HVM_IO_MMIO, base + tr->off, tr->len,
			     &msix_ops, pt))
		p->msix_trapped[t] = base + tr->off;
}

int pci_dom0_attach(struct domain *d)
{
	unsigned int i, t;
	int rc = hvm_io_register(d, HVM_IO_PORT, PCI_CONF_ADDR, 8, &cfg_ops, NULL);

	for (i = 0; !rc && i < nr_devs; i++)
		for (t = 0; devs[i].msix_ok && t < devs[i].msix.nr_traps; t++)
			msix_trap(d, &devs[i], t,
				  bar_base(&devs[i], devs[i].msix.trap[t].bar));
	return rc;
}

int pci_msix_entry(uint16_t bdf, unsigned int entry, uint64_t *addr)
{
	struct pci_dev *p = find_dev(bdf);

	if (!p || !p->msix_ok)
		return -ENODEV;
	if (entry * 16 >= p->msix.table_len)
		return -EINVAL;
	if (!(pci_conf_read(bdf, PCI_COMMAND, 2) & PCI_COMMAND_MEM) ||
	    !bar_base(p, p->msix.table_bar))
		return -ENXIO;
	*addr = bar_base(p, p->msix.table_bar) + p->msix.table + 16 * entry;
	return 0;
}

int pci_dom0_mmio_fault(struct domain *d, uint64_t gpa)
{
	uint64_t page = gpa & ~(PAGE_SIZE - 1), base;
	unsigned int i, j;
	struct pci_dev *p;

	for (i = 0; i < nr_devs; i++) {
		p = &devs[i];
		if (!(pci_conf_read(p->bdf, PCI_COMMAND, 2) & PCI_COMMAND_MEM))
			continue;
		for (j = 0; j < p->nr_bars; j++) {
			if (!p->bar[j].size || p->bar[j].io)
				continue;
			base = bar_base(p, j);
			if (gpa >= base && gpa - base < p->bar[j].size &&
			    !(p->msix_ok &&
			      msix_layout_trap_at(&p->msix, j, page - base) >= 0) &&
			    !covers_ram(page, PAGE_SIZE))
				return p2m_set(&d->p2m, page >> PAGE_SHIFT, page,
					       P2M_READ | P2M_WRITE | P2M_UNCACHED);
		}
	}
	return -ENOENT;
}
