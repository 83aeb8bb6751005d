/* SPDX-License-Identifier: MIT */
/* Reading the firmware's ACPI tables at boot (asm/acpi.h). */
#include <errno.h>
#include <asm/acpi.h>
#include <hv/console.h>
#include <hv/mm.h>

#define EBDA_SEG_PTR	0x40e		/* BIOS data area: the EBDA's segment */
#define BIOS_AREA	0xe0000
#define BIOS_AREA_LEN	0x20000

struct acpi_machine acpi_machine;

/* Physical memory below 4 GiB is identity-mapped (boot.S). */
static const void *phys(void *ctx, uint64_t pa, size_t len)
{
	(void)ctx;
	if (pa + len < pa || pa + len > (1ULL << 32))
		return NULL;
	return maddr_to_virt(pa);
}

static const struct acpi_mem mem = { phys, NULL };

int acpi_init(void)
{
	uint64_t ebda = (uint64_t)*(const uint16_t *)maddr_to_virt(EBDA_SEG_PTR) << 4;
	struct acpi_machine *m = &acpi_machine;
	uint64_t rsdp = 0;
	int rc;

	if (ebda >= 0x80000 && ebda < 0xa0000)
		rsdp = acpi_find_rsdp(&mem, ebda, 1024);
	if (!rsdp)
		rsdp = acpi_find_rsdp(&mem, BIOS_AREA, BIOS_AREA_LEN);
	if (!rsdp) {
		printk("ACPI: no RSDP\n");
		return -ENOENT;
	}
	rc = acpi_read(&mem, rsdp, m);
	if (rc) {
		printk("ACPI: RSDP at %#lx, tables unusable (%d)\n", rsdp, rc);
		return rc;
	}
	printk("ACPI: RSDP at %#lx: %u CPUs, %u IO-APIC(s), %u overrides, %u ECAM window(s)%s\n",
	       rsdp, m->nr_cpus, m->nr_ioapics, m->nr_overrides, m->nr_mcfg,
	       m->dropped ? ", some entries dropped" : "");
	return 0;
}

uint32_t acpi_isa_gsi(unsigned int irq, uint16_t *flags)
{
	unsigned int i;

	for (i = 0; i < acpi_machine.nr_overrides; i++) {
		if (acpi_machine.override[i].isa_irq == irq) {
			*flags = acpi_machine.override[i].flags;
			return acpi_machine.override[i].gsi;
		}
	}
	*flags = 0;
	return irq;
}
