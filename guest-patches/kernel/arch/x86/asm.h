/* SPDX-License-Identifier: MIT */
/*
 * Constants shared by the kernel's boot assembly and its C code: boot
 * protocol magic numbers, control-register and EFER bits, page-table entry
 * bits and GDT selectors.
 */
#ifndef ARCH_X86_ASM_H
#define ARCH_X86_ASM_H

#define MB_HEADER_MAGIC		0x1BADB002
#define MB_HEADER_FLAGS		0x00000003	/* page-align modules, memory info */
#define MB_LOADER_MAGIC		0x2BADB002	/* in EAX at a multiboot entry */

#define BOOT_MULTIBOOT		1	/* boot_protocol values, see boot.h */
#define BOOT_PVH		2

#define CR0_PE			(1 << 0)
#define CR0_NE			(1 << 5)
#define CR0_WP			(1 << 16)
#define CR0_PG			(1 << 31)
#define CR4_PAE			(1 << 5)
#define CR4_OSFXSR		(1 << 9)

#define MSR_EFER		0xc0000080
#define EFER_LME		(1 << 8)
#define EFER_NXE		(1 << 11)

#define PTE_P			(1 << 0)
#define PTE_W			(1 << 1)
#define PTE_PS			(1 << 7)

#define GDT_CS			0x08
#define GDT_DS			0x10

#define BOOT_STACK_SIZE		16384

#endif
