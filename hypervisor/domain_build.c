/* SPDX-License-Identifier: MIT */
/*
 * Building PVH domains from boot modules.  Guest-physical layout:
 *
 *   0 ........ kernel segments (where the ELF asks) ........ kernel end
 *   next page: struct hvm_start_info | memory map | command line
 *   ... free RAM ...
 *   below those two pages: the ACPI tables   } ACPI in the map (Dom0's at
 *                                            } the top of its RAM)
 *   mem_bytes - 2 pages: the xenstore page   } DomUs only: reserved in the
 *   mem_bytes - 1 page:  the console page    } memory map
 *
 * As Xen's builder does for the domains it creates, each DomU gets its
 * xenstore and console pages and, for each, an event channel left unbound
 * for Dom0 to bind; HVM_PARAM_STORE_PFN / _EVTCHN and CONSOLE_PFN /
 * _EVTCHN name them (Dom0 reads them with HVMOP_get_param).  Dom0's
 * console stays console_io and it runs xenstored itself: it gets neither.
 * Each domain also gets the ACPI tables libxl gives a PVH guest (one
 * processor per vCPU, <xrt/acpi.h>), found through hvm_start_info's
 * rsdp_paddr.  Dom0's add an MCFG naming the ECAM windows the hypervisor
 * mediates for it (on Xen a PV Dom0 reads the firmware's tables; ours
 * must not see the IO-APIC or the firmware's AML, which are not its).
 */
#include <errno.h>
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/hvm/params.h>
#include <xen/sched.h>
#include <xrt/elf.h>
#include <asm/hvm.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/domain_build.h>
#include <hv/setup.h>
#include <hv/evtchn.h>
#include <hv/memory.h>
#include <hv/mm.h>
#include <xrt/acpi.h>
#include <hv/sched.h>

#define START_INFO_MEMMAP	64	/* offsets inside the start-info page */
#define START_INFO_MODLIST	160
#define START_INFO_MODCMD	192
#define START_INFO_CMDLINE	256
#define SPECIAL_PAGES		2	/* xenstore, console */

static int load_segment(void *ctx, uint64_t paddr, const void *src,
			uint64_t filesz, uint64_t memsz)
{
	struct domain *d = ctx;

	(void)memsz;	/* the domain's frames are zeroed when allocated */
	return copy_to_guest_phys(d, paddr, src, filesz);
}

/* The module's string names the image first; the rest is the guest's. */
static const char *guest_cmdline(const char *s)
{
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

/* "path/to/name.elf args" -> "name" */
static void image_name(const char *s, char *name, size_t size)
{
	const char *start = s, *end;

	for (end = s; *end && *end != ' '; end++)
		if (*end == '/')
			start = end + 1;
	if (end - start > 4 && !memcmp(end - 4, ".elf", 4))
		end -= 4;
	if ((size_t)(end - start) >= size)
		end = start + size - 1;
	memcpy(name, start, (size_t)(end - start));
	name[end - start] = '\0';
}

bool domain_build_is_ramdisk(const struct boot_module *m)
{
	return m->end - m->start < 4 ||
	       memcmp(maddr_to_virt(m->start), "\177ELF", 4) != 0;
}

/* The ramdisk after the start info page; its module list entry at gpa. */
static int load_ramdisk(struct domain *d, uint64_t gpa,
			const struct boot_module *rd)
{
	const char *cmd = guest_cmdline(rd->cmdline);
	struct hvm_modlist_entry e = {
		.paddr = gpa + PAGE_SIZE, .size = rd->end - rd->start,
		.cmdline_paddr = gpa + START_INFO_MODCMD,
	};
	int rc;

	rc = copy_to_guest_phys(d, e.paddr, maddr_to_virt(rd->start), e.size);
	if (!rc)
		rc = copy_to_guest_phys(d, gpa + START_INFO_MODLIST, &e,
					sizeof(e));
	if (!rc)
		rc = copy_to_guest_phys(d, gpa + START_INFO_MODCMD, cmd,
					strnlen(cmd, START_INFO_CMDLINE -
							     START_INFO_MODCMD - 1));
	return rc;
}

static int write_start_info(struct domain *d, uint64_t gpa,
			    const char *cmdline, uint64_t rsdp,
			    const struct boot_module *ramdisk)
{
	struct memory_map_entry m[MEMORY_MAP_MAX];
	struct hvm_memmap_table_entry map[MEMORY_MAP_MAX];
	struct hvm_start_info si = {
		.magic = XEN_HVM_START_MAGIC_VALUE,
		.version = 1,
		.cmdline_paddr = gpa + START_INFO_CMDLINE,
		.memmap_paddr = gpa + START_INFO_MEMMAP,
		.memmap_entries = memory_map_of(d, m),
		.rsdp_paddr = rsdp,
		.nr_modules = ramdisk ? 1 : 0,
		.modlist_paddr = ramdisk ? gpa + START_INFO_MODLIST : 0,
	};
	size_t len = strnlen(cmdline, PAGE_SIZE - START_INFO_CMDLINE - 1);
	unsigned int i;
	int rc;

	_Static_assert(START_INFO_MEMMAP + sizeof(map) <= START_INFO_MODLIST &&
		       START_INFO_MODLIST + sizeof(struct hvm_modlist_entry) <=
		       START_INFO_MODCMD, "the start info page's parts fit");
	for (i = 0; i < si.memmap_entries; i++)
		map[i] = (struct hvm_memmap_table_entry){
			.addr = m[i].addr, .size = m[i].size, .type = m[i].type };

	rc = copy_to_guest_phys(d, gpa, &si, sizeof(si));
	if (!rc && ramdisk)
		rc = load_ramdisk(d, gpa, ramdisk);
	if (!rc)
		rc = copy_to_guest_phys(d, gpa + START_INFO_MEMMAP, map,
					si.memmap_entries * sizeof(map[0]));
	if (!rc)
		rc = copy_to_guest_phys(d, gpa + START_INFO_CMDLINE, cmdline,
					len);
	return rc;
}

/*
 * A DomU's xenstore and console pages (the top of its RAM, zeroed with the
 * rest) and their event channels, unbound for Dom0, named by HVM params.
 * Must run before write_start_info(), which reserves the pages.
 */
static int give_special_pages(struct domain *d)
{
	uint64_t store_gfn = (d->mem_bytes >> PAGE_SHIFT) - SPECIAL_PAGES;
	evtchn_port_t store_port, console_port;
	int rc;

	rc = evtchn_alloc_unbound(d, 0, &store_port);
	if (!rc)
		rc = evtchn_alloc_unbound(d, 0, &console_port);
	if (rc)
		return rc;
	d->reserved_bytes = SPECIAL_PAGES * PAGE_SIZE;
	d->hvm_param[HVM_PARAM_STORE_PFN] = store_gfn;
	d->hvm_param[HVM_PARAM_STORE_EVTCHN] = store_port;
	d->hvm_param[HVM_PARAM_CONSOLE_PFN] = store_gfn + 1;
	d->hvm_param[HVM_PARAM_CONSOLE_EVTCHN] = console_port;
	return 0;
}

/*
 * A domain's ACPI tables, built for its vCPUs just below its special pages
 * (after give_special_pages(); Dom0 has none), with an MCFG for Dom0;
 * their RSDP's address in *rsdp.
 */
static int give_acpi_tables(struct domain *d, uint64_t *rsdp)
{
	static uint8_t tables[PAGE_SIZE];	/* built here, under hv_lock */
	struct acpi_mcfg windows[ACPI_MAX_MCFG];
	unsigned int nr = d->is_privileged ?
		arch_hardware_domain_mcfg(windows, ACPI_MAX_MCFG) : 0;
	uint64_t bytes = ALIGN_UP(acpi_size(d->max_vcpus), PAGE_SIZE);
	uint64_t base = d->mem_bytes - d->reserved_bytes - bytes;
	long len = acpi_build(tables, sizeof(tables), base, d->max_vcpus,
			      windows, nr, rsdp);

	if (len < 0)
		return (int)len;
	if (d->is_privileged)
		printk("d%u: ACPI tables at %#lx, MCFG: %u ECAM window%s\n",
		       d->domain_id, base, nr, nr == 1 ? "" : "s");
	d->acpi_bytes = bytes;
	return copy_to_guest_phys(d, base, tables, (size_t)len);
}

int domain_build(const struct boot_module *m, const struct boot_module *ramdisk,
		 bool privileged, uint64_t mem_bytes, unsigned int vcpus,
		 uint32_t max_evtchn_port)
{
	struct domain_config cfg = {
		.is_privileged = privileged, .mem_bytes = mem_bytes,
		.max_vcpus = vcpus, .max_evtchn_port = max_evtchn_port,
	};
	struct elf_image img;
	struct domain *d;
	char name[MAX_DOMAIN_NAME];
	uint64_t si_gpa, rsdp = 0;
	int rc;

	rc = elf_parse(&img, maddr_to_virt(m->start), m->end - m->start);
	if (rc)
		return rc;
	if (!img.has_phys32_entry)
		return -ENOEXEC;	/* not a PVH kernel */
	si_gpa = ALIGN_UP(img.paddr_hi, PAGE_SIZE);
	if (si_gpa + (1 + SPECIAL_PAGES) * PAGE_SIZE +
	    (ramdisk ? ALIGN_UP(ramdisk->end - ramdisk->start, PAGE_SIZE) : 0) +
	    ALIGN_UP(acpi_size(cfg.max_vcpus), PAGE_SIZE) > mem_bytes ||
	    img.phys32_entry >= img.paddr_hi)
		return -E2BIG;
	if (privileged)
		strlcpy(name, "Domain-0", sizeof(name));
	else
		image_name(m->cmdline, name, sizeof(name));
	cfg.name = name;
	d = domain_create(&cfg, &rc);
	if (!d)
		return rc;
	rc = privileged ? arch_hardware_domain_init(d) : give_special_pages(d);
	if (!rc)
		rc = give_acpi_tables(d, &rsdp);
	if (!rc)
		rc = elf_load(&img, load_segment, d);
	if (!rc)
		rc = write_start_info(d, si_gpa, guest_cmdline(m->cmdline), rsdp,
				      ramdisk);
	if (rc) {
		domain_shutdown(d, SHUTDOWN_crash);
		domain_destroy(d);
		return rc;
	}
	d->vcpu[0]->regs.rip = img.phys32_entry;
	d->vcpu[0]->regs.rbx = si_gpa;
	d->vcpu[0]->regs.rflags = 0x2;
	d->vcpu[0]->initialised = true;
	printk("d%u: %s, %lu MiB, %u vCPU%s, PVH entry %#lx, start info at %#lx\n",
	       d->domain_id, d->name, mem_bytes >> 20, vcpus, vcpus > 1 ? "s" : "",
	       img.phys32_entry, si_gpa);
	if (!privileged)
		printk("d%u: xenstore page %#lx port %lu, console page %#lx "
		       "port %lu\n", d->domain_id,
		       d->hvm_param[HVM_PARAM_STORE_PFN] << PAGE_SHIFT,
		       d->hvm_param[HVM_PARAM_STORE_EVTCHN],
		       d->hvm_param[HVM_PARAM_CONSOLE_PFN] << PAGE_SHIFT,
		       d->hvm_param[HVM_PARAM_CONSOLE_EVTCHN]);
	sched_wake(d->vcpu[0]);
	return 0;
}
