/* SPDX-License-Identifier: MIT */
/*
 * Constants shared by the boot assembly and C: multiboot header, control
 * register bits, page-table entry bits and GDT selectors.
 */
#ifndef ASM_BOOT_H
#define ASM_BOOT_H

#define MB_HEADER_MAGIC		0x1BADB002
#define MB_HEADER_FLAGS		0x00000003	/* page-align modules, want memory info */
#define MB_LOADER_MAGIC		0x2BADB002	/* in EAX at entry */

#define CR0_PE			(1 << 0)
#define CR0_MP			(1 << 1)
#define CR0_ET			(1 << 4)
#define CR0_NE			(1 << 5)
#define CR0_WP			(1 << 16)
#define CR0_NW			(1 << 29)
#define CR0_CD			(1 << 30)
#define CR0_PG			0x80000000	/* unsigned in C, valid in gas */
#define CR4_PAE			(1 << 5)
#define CR4_OSFXSR		(1 << 9)
#define CR4_VMXE		(1 << 13)

#define MSR_EFER		0xc0000080
#define EFER_SCE		(1 << 0)
#define EFER_LME		(1 << 8)
#define EFER_LMA		(1 << 10)
#define EFER_NXE		(1 << 11)
#define EFER_SVME		(1 << 12)

#define PTE_P			(1 << 0)
#define PTE_W			(1 << 1)
#define PTE_U			(1 << 2)
#define PTE_PWT			(1 << 3)
#define PTE_PCD			(1 << 4)
#define PTE_PS			(1 << 7)

#define GDT_CS			0x08
#define GDT_DS			0x10
#define GDT_TSS			0x18	/* + 16 per CPU */
#define GDT_TSS_SLOTS		8	/* MAX_CPUS, checked in smpboot.c */

#define AP_TRAMPOLINE		0x7000	/* below 1 MiB: the SIPI vector is 0x07 */
#define AP_STACK_SIZE		16384	/* 1 << 14, as boot.S computes it */

#define BOOT_STACK_SIZE		16384

#endif
