/* SPDX-License-Identifier: MIT */
/*
 * The kernel's two 32-bit entries and the switch to long mode.  One image
 * carries a multiboot header (QEMU's -kernel, GRUB: native boots) and a
 * XEN_ELFNOTE_PHYS32_ENTRY note (PVH: Xenolith or Xen); both protocols
 * start us in flat 32-bit protected mode with paging off and EBX pointing
 * at the boot information, so after remembering which door we came in by
 * the path is shared: zero .bss, identity-map the first GiB with 2 MiB
 * pages, enable long mode (with NX when the CPU has it) and call
 * kernel_main(protocol, info) on the boot stack.  paging.c replaces these
 * tables with the kernel's own as soon as the memory map is known.
 */
#include <xen/elfnote.h>
#include "asm.h"

	.section .note.Xen, "a", @note
	.balign 4
	.long 4, 4, XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.long pvh_start

	.section .text.head, "ax"
	.code32
	.balign 4
multiboot_header:
	.long MB_HEADER_MAGIC
	.long MB_HEADER_FLAGS
	.long -(MB_HEADER_MAGIC + MB_HEADER_FLAGS)

	.globl mb_start, pvh_start
mb_start:
	mov	$BOOT_MULTIBOOT, %esi
	cmp	$MB_LOADER_MAGIC, %eax
	je	common32
	xor	%esi, %esi		/* an unknown loader: kernel_main says so */
	jmp	common32
pvh_start:
	mov	$BOOT_PVH, %esi

common32:
	cli
	cld
	mov	%ebx, %ebp		/* the boot information, kept in EBP */

	/* Neither protocol promises a zeroed .bss; the page tables live there. */
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb

	mov	$boot_pdpt, %eax
	or	$(PTE_P | PTE_W), %eax
	mov	%eax, boot_pml4
	mov	$boot_pd, %eax
	or	$(PTE_P | PTE_W), %eax
	mov	%eax, boot_pdpt
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$21, %eax
	or	$(PTE_P | PTE_W | PTE_PS), %eax
	mov	%eax, boot_pd(, %ecx, 8)
	inc	%ecx
	cmp	$512, %ecx
	jne	1b

	mov	%cr4, %eax
	or	$(CR4_PAE | CR4_OSFXSR), %eax
	mov	%eax, %cr4
	mov	$boot_pml4, %eax
	mov	%eax, %cr3

	/* EFER.LME, plus NXE when CPUID 0x80000001 EDX bit 20 says NX exists. */
	mov	$0x80000000, %eax
	cpuid
	xor	%edi, %edi
	cmp	$0x80000001, %eax
	jb	2f
	mov	$0x80000001, %eax
	cpuid
	bt	$20, %edx
	jnc	2f
	mov	$EFER_NXE, %edi
2:	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	or	%edi, %eax
	wrmsr

	mov	%cr0, %eax
	or	$(CR0_PG | CR0_PE | CR0_WP | CR0_NE), %eax
	mov	%eax, %cr0
	lgdt	gdt_descr
	ljmp	$GDT_CS, $start64

	.code64
start64:
	mov	$GDT_DS, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	xor	%eax, %eax
	mov	%ax, %fs
	mov	%ax, %gs
	lea	boot_stack_top(%rip), %rsp
	mov	%esi, %edi		/* protocol */
	mov	%ebp, %esi		/* boot information (cpuid clobbered EBX) */
	xor	%ebp, %ebp		/* the end of every frame-pointer chain */
	call	kernel_main
4:	cli
	hlt
	jmp	4b

	.data
	.balign 16
gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
gdt_end:
gdt_descr:
	.word gdt_end - gdt - 1
	.quad gdt

	.bss
	.balign 4096
boot_pml4:	.skip 4096
boot_pdpt:	.skip 4096
boot_pd:	.skip 4096
	.globl boot_stack_top
boot_stack:	.skip BOOT_STACK_SIZE
boot_stack_top:
