/* SPDX-License-Identifier: MIT */
/* PCI configuration access: ECAM from Dom0's MCFG, else ports (pci_conf.h). */
#include <errno.h>
#include <xrt/acpi.h>
#include "../../guest-patches/kernel/arch/x86/io.h"
#include "../../guest-patches/kernel/paging.h"
#include "../../guest-patches/kernel/print.h"
#include "pci_conf.h"

#define PAGE		4096ull
#define ACPI_MAX_LEN	(64u << 10)	/* more than any table Dom0 gets */

static struct {
	uint64_t base;		/* of bus 0 */
	uint8_t bus_first, bus_last;
	bool on;
} ecam;

/* Maps [pa, pa + len) 1:1, read-only; checks an existing mapping is 1:1. */
static int map_1to1(uint64_t pa, uint64_t len, unsigned int flags)
{
	uint64_t a, got;
	unsigned int f;
	int rc;

	for (a = pa & ~(PAGE - 1); a < pa + len; a += PAGE) {
		rc = paging_map(a, a, flags);
		if (rc == -EEXIST)
			rc = paging_lookup(a, &got, &f) || got != a ? -EEXIST : 0;
		if (rc)
			return rc;
	}
	return 0;
}

static const void *acpi_map(void *ctx, uint64_t pa, size_t len)
{
	(void)ctx;
	if (!pa || len > ACPI_MAX_LEN || pa + len < pa || map_1to1(pa, len, 0))
		return NULL;
	return (const void *)(uintptr_t)pa;
}

int pci_conf_init(uint64_t rsdp)
{
	static struct acpi_machine m;	/* large; read once at boot */
	struct acpi_mem mem = { acpi_map, NULL };
	unsigned int i;
	int rc;

	if (!rsdp)
		return -ENOENT;
	rc = acpi_read(&mem, rsdp, &m);
	if (rc)
		return rc;
	for (i = 0; i < m.nr_mcfg; i++) {
		if (m.mcfg[i].segment || m.mcfg[i].bus_last < m.mcfg[i].bus_first)
			continue;
		ecam.base = m.mcfg[i].base;
		ecam.bus_first = m.mcfg[i].bus_first;
		ecam.bus_last = m.mcfg[i].bus_last;
		ecam.on = true;
		return 0;
	}
	return -ENOENT;
}

bool pci_conf_ecam(uint16_t bdf)
{
	return ecam.on && bdf >> 8 >= ecam.bus_first && bdf >> 8 <= ecam.bus_last;
}

/* The register's address in the window, its page mapped uncached; or NULL. */
static volatile void *ecam_reg(uint16_t bdf, unsigned int reg)
{
	uint64_t a = ecam.base + ((uint64_t)bdf << 12);

	if (map_1to1(a, PAGE, PAGING_WRITE | PAGING_UNCACHED))
		return NULL;
	return (volatile void *)(uintptr_t)(a + reg);
}

static bool reg_ok(unsigned int reg, unsigned int size, unsigned int limit)
{
	return (size == 1 || size == 2 || size == 4) && !(reg & (size - 1)) &&
	       reg + size <= limit;
}

uint32_t pci_conf_read(uint16_t bdf, unsigned int reg, unsigned int size)
{
	volatile void *r;

	if (!pci_conf_ecam(bdf))
		return reg_ok(reg, size, PCI_CONF_LEGACY_SIZE) ?
			       pci_conf1_read(bdf, reg, size) : ~0u;
	if (!reg_ok(reg, size, PCI_CONF_SIZE) || !(r = ecam_reg(bdf, reg)))
		return ~0u;
	if (size == 1)
		return *(volatile uint8_t *)r;
	if (size == 2)
		return *(volatile uint16_t *)r;
	return *(volatile uint32_t *)r;
}

void pci_conf_write(uint16_t bdf, unsigned int reg, unsigned int size,
		    uint32_t val)
{
	volatile void *r;

	if (!pci_conf_ecam(bdf)) {
		if (reg_ok(reg, size, PCI_CONF_LEGACY_SIZE))
			pci_conf1_write(bdf, reg, size, val);
		return;
	}
	if (!reg_ok(reg, size, PCI_CONF_SIZE) || !(r = ecam_reg(bdf, reg)))
		return;
	if (size == 1)
		*(volatile uint8_t *)r = (uint8_t)val;
	else if (size == 2)
		*(volatile uint16_t *)r = (uint16_t)val;
	else
		*(volatile uint32_t *)r = val;
}

void pci_conf_print(void)
{
	if (ecam.on)
		kprintf("pci: configuration through ECAM %#lx buses %02x-%02x "
			"(ACPI MCFG)\n", (unsigned long)ecam.base, ecam.bus_first,
			ecam.bus_last);
	else
		kprintf("pci: configuration through ports 0xcf8/0xcfc\n");
}
