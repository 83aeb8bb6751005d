/* SPDX-License-Identifier: MIT */
/* Reading PVH's hvm_start_info and the multiboot information block. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include "../../boot.h"
#include "asm.h"

#define E820_RAM		1
#define MB_INFO_CMDLINE		(1u << 2)
#define MB_INFO_MMAP		(1u << 6)

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr, syms[4];
	uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

/* A multiboot map entry; size counts the bytes after itself. */
struct mb_mmap {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

struct boot_info boot_info;

static void *phys(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

static void add_ram(uint64_t start, uint64_t len)
{
	if (len == 0 || start + len < start || boot_info.nr_ram == BOOT_MAX_RAM)
		return;
	boot_info.ram[boot_info.nr_ram].start = start;
	boot_info.ram[boot_info.nr_ram].end = start + len;
	boot_info.nr_ram++;
}

static void copy_cmdline(uint64_t pa)
{
	if (pa)
		strlcpy(boot_info.cmdline, phys(pa), sizeof(boot_info.cmdline));
}

static int parse_pvh(const struct hvm_start_info *si)
{
	const struct hvm_memmap_table_entry *e;
	uint32_t i;

	if (si->magic != XEN_HVM_START_MAGIC_VALUE)
		return -EINVAL;
	copy_cmdline(si->cmdline_paddr);
	if (si->version >= 1)
		boot_info.rsdp = si->rsdp_paddr;
	if (si->version < 1 || !si->memmap_paddr)
		return 0;
	e = phys(si->memmap_paddr);
	for (i = 0; i < si->memmap_entries; i++)
		if (e[i].type == E820_RAM)
			add_ram(e[i].addr, e[i].size);
	return 0;
}

/* QEMU and GRUB put the image's own name first: drop it. */
static void skip_image_name(void)
{
	char *s = boot_info.cmdline, *p = s;

	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	memmove(s, p, strlen(p) + 1);
}

static int parse_multiboot(const struct mb_info *mbi)
{
	const struct mb_mmap *e;
	uint32_t off;

	if (mbi->flags & MB_INFO_CMDLINE) {
		copy_cmdline(mbi->cmdline);
		skip_image_name();
	}
	if (!(mbi->flags & MB_INFO_MMAP))
		return 0;
	for (off = 0; off + sizeof(*e) <= mbi->mmap_length;
	     off += e->size + sizeof(e->size)) {
		e = phys((uint64_t)mbi->mmap_addr + off);
		if (e->type == E820_RAM)
			add_ram(e->addr, e->len);
	}
	return 0;
}

int boot_info_parse(int protocol, uint64_t info_pa)
{
	int rc;

	boot_info.protocol = protocol;
	if (protocol == BOOT_PVH)
		rc = parse_pvh(phys(info_pa));
	else if (protocol == BOOT_MULTIBOOT)
		rc = parse_multiboot(phys(info_pa));
	else
		rc = -EINVAL;
	if (!rc && boot_info.nr_ram == 0)
		rc = -ENOENT;
	return rc;
}

const char *boot_protocol_name(void)
{
	return boot_info.protocol == BOOT_PVH ? "PVH" : "multiboot";
}
