/* SPDX-License-Identifier: MIT */
/*
 * Building PVH domains from boot modules.  Guest-physical layout:
 *
 *   0 ........ kernel segments (where the ELF asks) ........ kernel end
 *   next page: struct hvm_start_info | memory map | command line
 *   ... free RAM up to mem_bytes
 */
#include <errno.h>
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/sched.h>
#include <asm/hvm.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/domain_build.h>
#include <hv/elf.h>
#include <hv/mm.h>
#include <hv/sched.h>

#define START_INFO_MEMMAP	64	/* offsets inside the start-info page */
#define START_INFO_CMDLINE	128
#define E820_RAM		1

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

static int write_start_info(struct domain *d, uint64_t gpa,
			    const char *cmdline)
{
	struct hvm_memmap_table_entry ram = {
		.addr = 0, .size = d->mem_bytes, .type = E820_RAM,
	};
	struct hvm_start_info si = {
		.magic = XEN_HVM_START_MAGIC_VALUE,
		.version = 1,
		.cmdline_paddr = gpa + START_INFO_CMDLINE,
		.memmap_paddr = gpa + START_INFO_MEMMAP,
		.memmap_entries = 1,
	};
	size_t len = strnlen(cmdline, PAGE_SIZE - START_INFO_CMDLINE - 1);
	int rc;

	rc = copy_to_guest_phys(d, gpa, &si, sizeof(si));
	if (!rc)
		rc = copy_to_guest_phys(d, gpa + START_INFO_MEMMAP, &ram,
					sizeof(ram));
	if (!rc)
		rc = copy_to_guest_phys(d, gpa + START_INFO_CMDLINE, cmdline,
					len);
	return rc;
}

int domain_build(const struct boot_module *m, bool privileged,
		 uint64_t mem_bytes)
{
	struct domain_config cfg = {
		.is_privileged = privileged, .mem_bytes = mem_bytes,
		.max_vcpus = 1,
	};
	struct elf_image img;
	struct domain *d;
	char name[MAX_DOMAIN_NAME];
	uint64_t si_gpa;
	int rc;

	rc = elf_parse(&img, maddr_to_virt(m->start), m->end - m->start);
	if (rc)
		return rc;
	if (!img.has_phys32_entry)
		return -ENOEXEC;	/* not a PVH kernel */
	si_gpa = ALIGN_UP(img.paddr_hi, PAGE_SIZE);
	if (si_gpa + PAGE_SIZE > mem_bytes || img.phys32_entry >= img.paddr_hi)
		return -E2BIG;
	if (privileged)
		strlcpy(name, "Domain-0", sizeof(name));
	else
		image_name(m->cmdline, name, sizeof(name));
	cfg.name = name;
	d = domain_create(&cfg, &rc);
	if (!d)
		return rc;
	rc = elf_load(&img, load_segment, d);
	if (!rc)
		rc = write_start_info(d, si_gpa, guest_cmdline(m->cmdline));
	if (rc) {
		domain_shutdown(d, SHUTDOWN_crash);
		domain_destroy(d);
		return rc;
	}
	d->vcpu[0]->regs.rip = img.phys32_entry;
	d->vcpu[0]->regs.rbx = si_gpa;
	d->vcpu[0]->regs.rflags = 0x2;
	printk("d%u: %s, %lu MiB, PVH entry %#lx, start info at %#lx\n",
	       d->domain_id, d->name, mem_bytes >> 20, img.phys32_entry, si_gpa);
	sched_wake(d->vcpu[0]);
	return 0;
}
