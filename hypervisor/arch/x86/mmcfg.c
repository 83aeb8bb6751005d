/* SPDX-License-Identifier: MIT */
/* MMCONFIG (ECAM): Dom0's configuration accesses through memory (asm/mmcfg.h). */
#include <errno.h>
#include <asm/acpi.h>
#include <asm/hvm/io.h>
#include <asm/mmcfg.h>
#include <asm/pci.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/param.h>
#include <hv/setup.h>

#define BUS_BYTES	(1ULL << 20)	/* 32 devices x 8 functions x 4 KiB */

struct window {
	uint64_t base;		/* of bus_first, not of bus 0 */
	uint64_t len;
	uint8_t bus_first;
};

static struct window windows[ACPI_MAX_MCFG];
static unsigned int nr_windows;

static bool holds_ram(uint64_t base, uint64_t len)
{
	uint64_t a;

	for (a = base; a < base + len; a += PAGE_SIZE)
		if (page_owner(a) != FRAME_RESERVED)
			return true;
	return false;
}

void mmcfg_init(const struct acpi_machine *m)
{
	const struct acpi_mcfg *c;
	uint64_t base, len;
	unsigned int i;

	for (i = 0; i < m->nr_mcfg; i++) {
		c = &m->mcfg[i];
		base = c->base + c->bus_first * BUS_BYTES;
		len = (c->bus_last - c->bus_first + 1ULL) * BUS_BYTES;
		if (c->segment || c->bus_last < c->bus_first ||
		    (c->base & (BUS_BYTES - 1)) || base + len > MAX_PHYS_ADDR ||
		    base + len < base || holds_ram(base, len)) {
			printk("ECAM %#lx segment %u buses %02x-%02x: not used\n",
			       c->base, c->segment, c->bus_first, c->bus_last);
			continue;
		}
		windows[nr_windows++] = (struct window){ base, len, c->bus_first };
		printk("ECAM %#lx buses %02x-%02x: mediated for Dom0\n", base,
		       c->bus_first, c->bus_last);
	}
}

bool mmcfg_overlaps(uint64_t base, uint64_t size)
{
	unsigned int i;

	for (i = 0; i < nr_windows; i++)
		if (base < windows[i].base + windows[i].len &&
		    base + size > windows[i].base)
			return true;
	return false;
}

/* The function and register at addr of window w. */
static uint16_t bdf_of(const struct window *w, uint64_t addr, unsigned int *reg)
{
	uint64_t off = addr - w->base;

	*reg = off & 0xfff;
	return (uint16_t)(((w->bus_first + (off >> 20)) << 8) | ((off >> 12) & 0xff));
}

static bool size_ok(uint64_t addr, unsigned int size)
{
	return size <= 4 && (addr & 3) + size <= 4 && !(addr & (size - 1));
}

static int ecam_read(struct vcpu *v, void *priv, uint64_t addr,
		     unsigned int size, uint64_t *val)
{
	const volatile void *a = maddr_to_virt(addr);

	(void)v;
	(void)priv;
	if (!size_ok(addr, size))
		return -EINVAL;
	if (size == 1)
		*val = *(const volatile uint8_t *)a;
	else if (size == 2)
		*val = *(const volatile uint16_t *)a;
	else
		*val = *(const volatile uint32_t *)a;
	return 0;
}

static int ecam_write(struct vcpu *v, void *priv, uint64_t addr,
		     unsigned int size, uint64_t val)
{
	volatile void *a = maddr_to_virt(addr);
	unsigned int reg;
	uint16_t bdf = bdf_of(priv, addr, &reg);
	int rc;

	if (!size_ok(addr, size))
		return -EINVAL;
	rc = pci_dom0_conf_check(v->domain, bdf, reg, size, (uint32_t)val);
	if (rc)
		return rc;
	if (size == 1)
		*(volatile uint8_t *)a = (uint8_t)val;
	else if (size == 2)
		*(volatile uint16_t *)a = (uint16_t)val;
	else
		*(volatile uint32_t *)a = (uint32_t)val;
	return 0;
}

unsigned int arch_hardware_domain_mcfg(struct acpi_mcfg *out, unsigned int max)
{
	unsigned int i;

	for (i = 0; i < nr_windows && i < max; i++)
		out[i] = (struct acpi_mcfg){
			.base = windows[i].base - windows[i].bus_first * BUS_BYTES,
			.bus_first = windows[i].bus_first,
			.bus_last = (uint8_t)(windows[i].bus_first +
					      windows[i].len / BUS_BYTES - 1),
		};
	return i;
}

static const struct hvm_io_ops ecam_ops = { ecam_read, ecam_write };

int mmcfg_dom0_attach(struct domain *d)
{
	unsigned int i;
	int rc = 0;

	for (i = 0; !rc && i < nr_windows; i++)
		rc = hvm_io_register(d, HVM_IO_MMIO, windows[i].base,
				     windows[i].len, &ecam_ops, &windows[i]);
	return rc;
}
