/* SPDX-License-Identifier: MIT */
/* Dom0's PCI bus: enumeration, BARs, capabilities, driver binding, lspci. */
#include <errno.h>
#include <string.h>
#include "../../guest-patches/kernel/boot.h"
#include "../../guest-patches/kernel/paging.h"
#include "../../guest-patches/kernel/print.h"
#include "pci.h"
#include "pci_cap.h"
#include "pci_conf.h"
#include "virtio_pci.h"

#define PCI_HEADER	0x0e
#define PCI_BAR0	0x10
#define PCI_IRQ_LINE	0x3c
#define PAGE		4096ull
#define PCI_EXT_CAP	0x100	/* the first extended capability */
#define PCI_EXT_MAX	16	/* extended capabilities lspci lists */

static struct pci_dev devs[PCI_MAX_DEVS];
static int nr_devs;

/* Every driver Dom0 has, tried in order (a second transport goes here). */
static const struct pci_driver *const drivers[] = {
	&virtio_pci_driver,
};

static uint16_t bdf(const struct pci_dev *p)
{
	return (uint16_t)(p->bus << 8 | p->dev << 3 | p->fn);
}

uint32_t pci_read(const struct pci_dev *p, unsigned int reg, unsigned int size)
{
	return pci_conf_read(bdf(p), reg, size);
}

void pci_write(const struct pci_dev *p, unsigned int reg, unsigned int size,
	       uint32_t val)
{
	pci_conf_write(bdf(p), reg, size, val);
}

unsigned int pci_find_cap(const struct pci_dev *p, uint8_t id,
			  unsigned int from)
{
	uint8_t cfg[PCI_CFG_SIZE];
	unsigned int i;

	for (i = 0; i < PCI_CFG_SIZE; i += 4) {
		uint32_t v = pci_read(p, i, 4);

		memcpy(&cfg[i], &v, 4);
	}
	return pci_cap_find(cfg, id, from);
}

/* Sizes BAR i (decoding is off); returns how many BAR slots it used. */
static unsigned int size_bar(struct pci_dev *p, unsigned int i,
			     unsigned int nr)
{
	unsigned int reg = PCI_BAR0 + 4 * i;
	uint32_t lo = pci_read(p, reg, 4), hi = 0, mlo, mhi = ~0u;
	bool is64 = !(lo & 1) && (lo & 6) == 4 && i + 1 < nr;
	struct pci_bar *b = &p->bar[i];

	pci_write(p, reg, 4, ~0u);
	mlo = pci_read(p, reg, 4);
	pci_write(p, reg, 4, lo);
	if (is64) {
		hi = pci_read(p, reg + 4, 4);
		pci_write(p, reg + 4, 4, ~0u);
		mhi = pci_read(p, reg + 4, 4);
		pci_write(p, reg + 4, 4, hi);
	}
	b->io = lo & 1;
	mlo &= b->io ? ~3u : ~0xfu;
	if (mlo || (is64 && mhi)) {
		b->size = ~((uint64_t)mhi << 32 | mlo) + 1;
		if (b->io)
			b->size &= 0xffff;
		b->base = ((uint64_t)hi << 32 | lo) & (b->io ? ~3ull : ~0xfull);
	}
	return is64 ? 2 : 1;
}

static void add(uint8_t bus, uint8_t dev, uint8_t fn)
{
	struct pci_dev *p = &devs[nr_devs];
	unsigned int i, nr, hdr;
	uint16_t cmd;

	memset(p, 0, sizeof(*p));
	p->bus = bus;
	p->dev = dev;
	p->fn = fn;
	p->vendor = (uint16_t)pci_read(p, 0, 2);
	p->device = (uint16_t)pci_read(p, 2, 2);
	p->class = pci_read(p, 8, 4) >> 8;
	p->irq_line = (uint8_t)pci_read(p, PCI_IRQ_LINE, 1);
	p->irq_pin = (uint8_t)pci_read(p, PCI_IRQ_LINE + 1, 1);
	hdr = pci_read(p, PCI_HEADER, 1) & 0x7f;
	nr = hdr == 0 ? 6 : hdr == 1 ? 2 : 0;
	cmd = (uint16_t)pci_read(p, PCI_COMMAND, 2);
	pci_write(p, PCI_COMMAND, 2, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEM));
	for (i = 0; i < nr;)
		i += size_bar(p, i, nr);
	pci_write(p, PCI_COMMAND, 2, cmd);
	nr_devs++;
}

static void scan(void)
{
	unsigned int bus, dev, fn, nfn;
	struct pci_dev probe;

	memset(&probe, 0, sizeof(probe));
	for (bus = 0; bus < 256; bus++) {
		for (dev = 0; dev < 32; dev++) {
			nfn = 1;
			for (fn = 0; fn < nfn && nr_devs < PCI_MAX_DEVS; fn++) {
				probe.bus = (uint8_t)bus;
				probe.dev = (uint8_t)dev;
				probe.fn = (uint8_t)fn;
				if ((uint16_t)pci_read(&probe, 0, 2) == 0xffff)
					continue;
				if (!fn && pci_read(&probe, PCI_HEADER, 1) & 0x80)
					nfn = 8;
				add((uint8_t)bus, (uint8_t)dev, (uint8_t)fn);
			}
		}
	}
}

int pci_init(void)
{
	unsigned int d;
	int i, rc;

	rc = pci_conf_init(boot_info.rsdp);
	if (rc && rc != -ENOENT)
		kprintf("pci: ACPI tables unreadable (%d)\n", rc);
	pci_conf_print();
	scan();
	for (i = 0; i < nr_devs; i++) {
		for (d = 0; d < sizeof(drivers) / sizeof(drivers[0]); d++) {
			if (!drivers[d]->match(&devs[i]))
				continue;
			rc = drivers[d]->probe(&devs[i]);
			if (!rc) {
				if (!devs[i].driver)
					devs[i].driver = drivers[d]->name;
				break;
			}
			kprintf("pci %02x:%02x.%x: %s: error %d\n", devs[i].bus,
				devs[i].dev, devs[i].fn, drivers[d]->name, rc);
		}
	}
	return nr_devs;
}

struct pci_dev *pci_devices(int *n)
{
	*n = nr_devs;
	return devs;
}

volatile void *pci_map_bar(struct pci_dev *p, unsigned int i, uint64_t off,
			   uint64_t len)
{
	const struct pci_bar *b = &p->bar[i];
	uint64_t a;
	int rc;

	if (i >= PCI_NR_BARS || b->io || !b->size || off > b->size ||
	    len > b->size - off || !b->base)
		return NULL;
	for (a = (b->base + off) & ~(PAGE - 1); a < b->base + off + len;
	     a += PAGE) {
		rc = paging_map(a, a, PAGING_WRITE | PAGING_UNCACHED);
		if (rc && rc != -EEXIST)
			return NULL;
	}
	return (volatile void *)(uintptr_t)(b->base + off);
}

void pci_enable(struct pci_dev *p)
{
	uint16_t cmd = (uint16_t)pci_read(p, PCI_COMMAND, 2);

	pci_write(p, PCI_COMMAND, 2, cmd | PCI_COMMAND_MEM | PCI_COMMAND_MASTER);
}

/*
 * The IDs of p's extended capabilities (PCI Express, registers 256 and up,
 * ECAM only), each header's next offset checked; at most max.  Returns
 * how many.
 */
static unsigned int ext_caps(const struct pci_dev *p, uint16_t *id,
			     unsigned int max)
{
	unsigned int at = PCI_EXT_CAP, n = 0;
	uint32_t h;

	if (!pci_conf_ecam(bdf(p)))
		return 0;
	while (n < max) {
		h = pci_read(p, at, 4);
		if (!h || h == ~0u)
			break;
		id[n++] = (uint16_t)h;
		if (h >> 20 < PCI_EXT_CAP || (h >> 20) & 3)
			break;	/* the end, or a broken link */
		at = h >> 20;
	}
	return n;
}

void pci_print(void)
{
	uint16_t ext[PCI_EXT_MAX];
	unsigned int j, n;
	int i;

	pci_conf_print();
	for (i = 0; i < nr_devs; i++) {
		const struct pci_dev *p = &devs[i];

		kprintf("%02x:%02x.%x %04x:%04x class %06x irq %u%s", p->bus,
			p->dev, p->fn, p->vendor, p->device, p->class,
			p->irq_pin ? p->irq_line : 0,
			p->irq_pin ? "" : " (none)");
		for (j = 0; j < PCI_NR_BARS; j++)
			if (p->bar[j].size)
				kprintf(" bar%u %s %#lx+%#lx", j,
					p->bar[j].io ? "io" : "mem",
					(unsigned long)p->bar[j].base,
					(unsigned long)p->bar[j].size);
		n = ext_caps(p, ext, PCI_EXT_MAX);
		for (j = 0; j < n; j++)
			kprintf("%s%04x", j ? "," : " ext ", ext[j]);
		kprintf(" driver %s irqs %lu\n", p->driver ? p->driver : "-",
			p->irqs);
	}
}
