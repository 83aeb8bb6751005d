/* SPDX-License-Identifier: MIT */
/* The parts of the multiboot (v1) information structure Xenolith reads. */
#ifndef ASM_MULTIBOOT_H
#define ASM_MULTIBOOT_H

#include <hv/types.h>

#define MB_INFO_MEMORY		(1u << 0)
#define MB_INFO_CMDLINE		(1u << 2)
#define MB_INFO_MODS		(1u << 3)
#define MB_INFO_MMAP		(1u << 6)

struct mb_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
} __packed;

struct mb_module {
	uint32_t start, end;
	uint32_t string;
	uint32_t reserved;
} __packed;

/* One memory-map entry; size counts the bytes after the size field itself. */
struct mb_mmap {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;		/* 1: usable RAM */
} __packed;

#endif
