/* SPDX-License-Identifier: MIT */
/*
 * x86 bring-up after boot.S: console, traps, what the multiboot loader
 * told us (memory map, command line, modules), the frame allocator, the
 * local APIC; then the generic start_xenolith().
 */
#include <string.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/boot.h>
#include <asm/cpu.h>
#include <asm/ioapic.h>
#include <asm/irq.h>
#include <asm/mmcfg.h>
#include <asm/pci.h>
#include <asm/multiboot.h>
#include <asm/paging.h>
#include <asm/percpu.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <asm/uart.h>
#include <hv/console.h>
#include <hv/mm.h>
#include <hv/setup.h>

extern char __image_start[], __image_end[];

static struct boot_info boot_info;

static void copy_string(char *dst, uint32_t src, size_t size)
{
	if (src)
		strlcpy(dst, maddr_to_virt(src), size);
	else
		dst[0] = '\0';
}

/* Loaders put the image's own path first; the options follow it. */
static void skip_image_name(char *cmdline)
{
	const char *p = cmdline;

	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	memmove(cmdline, p, strlen(p) + 1);
}

/*
 * The modules, as many as the loader gave: their table takes frames of
 * its own, once every module is reserved so that none lands on one.
 */
static void read_modules(const struct mb_info *mbi)
{
	const struct mb_module *mods = maddr_to_virt(mbi->mods_addr);
	unsigned int i, n = mbi->mods_count;
	paddr_t maddr;

	if (!(mbi->flags & MB_INFO_MODS) || !n)
		return;
	page_alloc_reserve(mbi->mods_addr, mbi->mods_addr + n * sizeof(*mods));
	for (i = 0; i < n; i++)
		page_alloc_reserve(mods[i].start, mods[i].end);
	if (page_alloc_contig(DOMID_XEN,
			      ALIGN_UP(n * sizeof(struct boot_module), PAGE_SIZE) >>
				      PAGE_SHIFT, 0, &maddr))
		panic("no memory for the table of %u boot modules", n);
	boot_info.modules = maddr_to_virt(maddr);
	for (i = 0; i < n; i++) {
		boot_info.modules[i].start = mods[i].start;
		boot_info.modules[i].end = mods[i].end;
		copy_string(boot_info.modules[i].cmdline, mods[i].string,
			    sizeof(boot_info.modules[i].cmdline));
	}
	boot_info.nr_modules = n;
}

/*
 * Hands usable RAM above 1 MiB to the frame allocator, then takes back
 * what is in use: the image, the boot information and the modules.
 */
/* 2 MiB pages below PAGING_WB_LIMIT that hold memory of some kind. */
static bool ram_2m[PAGING_WB_LIMIT >> 21];

static bool holds_ram(unsigned int n)
{
	return ram_2m[n];
}

/* Firmware memory map types that are memory (RAM, ACPI data, NVS, bad). */
static void note_ram(const struct mb_mmap *e)
{
	uint64_t a, end = MIN(e->addr + e->len, PAGING_WB_LIMIT);

	if (e->type != 1 && e->type != 3 && e->type != 4 && e->type != 5)
		return;
	for (a = e->addr & ~((1ULL << 21) - 1); a < end; a += 1ULL << 21)
		ram_2m[a >> 21] = true;
}

static void read_memory(const struct mb_info *mbi)
{
	uint32_t off = 0;
	const struct mb_mmap *e;
	unsigned int holes;

	if (!(mbi->flags & MB_INFO_MMAP))
		panic("the boot loader gave no memory map");
	page_alloc_init();
	while (off + sizeof(*e) <= mbi->mmap_length) {
		e = maddr_to_virt(mbi->mmap_addr + off);
		if (e->type == 1 && e->addr + e->len > 0x100000)
			page_alloc_add_free(MAX(e->addr, 0x100000ULL),
					    e->addr + e->len);
		note_ram(e);
		off += e->size + sizeof(e->size);
	}
	holes = paging_uncache_holes(holds_ram);
	printk("paging: %u MiB of holes below 3 GiB mapped uncached\n", holes * 2);
	page_alloc_reserve(virt_to_maddr(__image_start),
			   virt_to_maddr(__image_end));
	page_alloc_reserve(virt_to_maddr(mbi), virt_to_maddr(mbi + 1));
	page_alloc_reserve(mbi->mmap_addr, mbi->mmap_addr + mbi->mmap_length);
}

void arch_start(uint32_t magic, uint32_t info)
{
	const struct mb_info *mbi = maddr_to_virt(info);

	uart_init();
	percpu_init(0);
	traps_init();
	printk("\n");
	if (magic != MB_LOADER_MAGIC)
		panic("not started by a multiboot loader (magic %#x)", magic);
	read_memory(mbi);
	if (mbi->flags & MB_INFO_CMDLINE)
		copy_string(boot_info.cmdline, mbi->cmdline,
			    sizeof(boot_info.cmdline));
	skip_image_name(boot_info.cmdline);
	read_modules(mbi);
	apic_init();
	smp_boot();
	start_xenolith(&boot_info);
}

void arch_devices_init(void)
{
	acpi_init();
	ioapic_init(&acpi_machine);
	irq_init();
	mmcfg_init(&acpi_machine);
	pci_init();
}

int arch_hardware_domain_init(struct domain *d)
{
	int rc = pci_dom0_attach(d);

	return rc ? rc : mmcfg_dom0_attach(d);
}

/*
 * QEMU's isa-debug-exit device (port 0xf4) and Bochs' shutdown port
 * (0x8900, the word "Shutdown") end the emulator; on other machines both
 * writes go nowhere and we return.
 */
void machine_power_off(void)
{
	const char *s = "Shutdown";

	printk("powering off\n");
	while (*s)
		outb(0x8900, (uint8_t)*s++);
	outb(0xf4, 0);
}
