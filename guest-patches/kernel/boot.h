/* SPDX-License-Identifier: MIT */
/*
 * What the boot loader told us, copied out of its structures before the
 * page allocator may reuse their memory: the protocol, the command line and
 * the RAM ranges, and where the ACPI tables start.  arch/x86/boot.c reads both PVH's hvm_start_info and a
 * multiboot (v1) information block into this one form.
 */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include <stdint.h>

#define BOOT_MAX_RAM		32	/* RAM ranges kept; more are dropped */
#define BOOT_CMDLINE_MAX	256	/* longer command lines are cut */

struct boot_range {
	uint64_t start, end;	/* [start, end), bytes */
};

struct boot_info {
	int protocol;		/* BOOT_MULTIBOOT or BOOT_PVH (arch/x86/asm.h) */
	char cmdline[BOOT_CMDLINE_MAX];
	struct boot_range ram[BOOT_MAX_RAM];
	unsigned int nr_ram;
	uint64_t rsdp;		/* the ACPI RSDP's physical address (PVH), or 0 */
};

extern struct boot_info boot_info;

/*
 * Fills boot_info from the loader's block at physical address info_pa
 * (identity mapped by head.S).  Returns 0, -EINVAL for an unknown protocol
 * or a block without its magic number, -ENOENT when it names no RAM.
 */
int boot_info_parse(int protocol, uint64_t info_pa);

/* "multiboot" or "PVH", for `info`. */
const char *boot_protocol_name(void);

#endif
