/* SPDX-License-Identifier: MIT */
/*
 * Entry from a multiboot (v1) loader: QEMU's -kernel or GRUB.  The loader
 * leaves us in 32-bit protected mode, paging off, EAX = magic, EBX = the
 * multiboot info.  We identity-map the first 4 GiB with 2 MiB pages (the top
 * GiB, where the local APIC and other MMIO live, uncached), enter long mode
 * and call arch_start(magic, info) on the boot stack.
 */
#include <asm/boot.h>

/*
 * From 32-bit protected mode to long mode on the boot page tables and the
 * real GDT, jumping to \target: the same for the boot CPU and the others.
 * The caches are turned on, whatever the loader or firmware left.
 */
	.macro ENTER_LONG_MODE target
	mov	%cr4, %eax
	or	$(CR4_PAE | CR4_OSFXSR), %eax
	mov	%eax, %cr4
	mov	$boot_pml4, %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$(EFER_LME | EFER_NXE), %eax
	wrmsr
	mov	%cr0, %eax
	and	$~(CR0_CD | CR0_NW), %eax
	or	$(CR0_PG | CR0_PE | CR0_WP | CR0_NE), %eax
	mov	%eax, %cr0
	lgdt	gdt_descr
	ljmp	$GDT_CS, $\target
	.endm

	.section .multiboot, "a"
	.balign 4
multiboot_header:
	.long MB_HEADER_MAGIC
	.long MB_HEADER_FLAGS
	.long -(MB_HEADER_MAGIC + MB_HEADER_FLAGS)

	.section .text.boot, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	mov	%eax, mb_magic
	mov	%ebx, mb_info

	/* The loader does not promise a zeroed .bss; the page tables live there. */
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb

	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories. */
	mov	$boot_pdpt, %eax
	or	$(PTE_P | PTE_W), %eax
	mov	%eax, boot_pml4
	mov	$boot_pd, %eax
	or	$(PTE_P | PTE_W), %eax
	xor	%ecx, %ecx
1:	mov	%eax, boot_pdpt(, %ecx, 8)
	add	$4096, %eax
	inc	%ecx
	cmp	$4, %ecx
	jne	1b

	/* 2048 2 MiB pages; the last 512 (3-4 GiB, MMIO) uncached. */
	xor	%ecx, %ecx
2:	mov	%ecx, %eax
	shl	$21, %eax
	or	$(PTE_P | PTE_W | PTE_PS), %eax
	cmp	$1536, %ecx
	jb	3f
	or	$(PTE_PWT | PTE_PCD), %eax
3:	mov	%eax, boot_pd(, %ecx, 8)
	inc	%ecx
	cmp	$2048, %ecx
	jne	2b

	ENTER_LONG_MODE long_entry

	.code64
long_entry:
	mov	$GDT_DS, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	xor	%eax, %eax
	mov	%ax, %fs
	mov	%ax, %gs
	lea	boot_stack_top(%rip), %rsp
	mov	mb_magic(%rip), %edi
	mov	mb_info(%rip), %esi
	call	arch_start
4:	hlt
	jmp	4b

	.data
	.balign 4
mb_magic:	.long 0
mb_info:	.long 0

	/*
	 * The GDT: null, 64-bit code, data, and one 16-byte TSS descriptor per
	 * CPU that traps.c fills in.  Its descriptor is 10 bytes so lgdt reads
	 * it from 32-bit code (6 bytes used) and 64-bit code alike.
	 */
	.balign 16
	.globl gdt
gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* GDT_CS: present, DPL 0, 64-bit code */
	.quad 0x00cf92000000ffff	/* GDT_DS: present, DPL 0, writable data */
	.fill 2 * GDT_TSS_SLOTS, 8, 0	/* GDT_TSS + 16 * cpu */
gdt_end:
	.globl gdt_descr
gdt_descr:
	.word gdt_end - gdt - 1
	.quad gdt

	/*
	 * An application processor starts here, copied to AP_TRAMPOLINE (its
	 * SIPI vector is that page), in real mode.  It goes to 32-bit protected
	 * mode on a GDT of its own, then long mode on the boot page tables and
	 * the real GDT, and jumps to ap_entry.  Addresses inside are computed
	 * for where the copy runs.
	 */
#define TRAMP(x)	((x) - ap_trampoline + AP_TRAMPOLINE)
	.text
	.code16
	.globl ap_trampoline, ap_trampoline_end
ap_trampoline:
	cli
	cld
	xor	%ax, %ax
	mov	%ax, %ds
	lgdtl	TRAMP(tramp_gdt_descr)
	mov	%cr0, %eax
	or	$CR0_PE, %eax
	mov	%eax, %cr0
	ljmpl	$0x08, $TRAMP(tramp_32)

	.code32
tramp_32:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	ENTER_LONG_MODE ap_long_entry

	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
tramp_gdt_descr:
	.word tramp_gdt_descr - tramp_gdt - 1
	.long TRAMP(tramp_gdt)
ap_trampoline_end:

	/* Long mode: take the next CPU number and its stack, then C. */
	.code64
ap_long_entry:
	mov	$GDT_DS, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	xor	%eax, %eax
	mov	%ax, %fs
	mov	%ax, %gs
	mov	$1, %edi
	lock xadd %edi, ap_next_id(%rip)
	cmp	$GDT_TSS_SLOTS, %edi
	jae	5f				/* more CPUs than we have room for */
	mov	%edi, %eax
	inc	%eax
	shl	$14, %rax			/* AP_STACK_SIZE per CPU */
	lea	ap_stacks(%rip), %rsp
	add	%rax, %rsp
	call	ap_start
5:	hlt
	jmp	5b

	.data
	.balign 4
	.globl ap_next_id
ap_next_id:	.long 1			/* the boot CPU is 0 */

	.bss
	.balign 4096
boot_pml4:	.skip 4096
boot_pdpt:	.skip 4096
	.globl boot_pd
boot_pd:	.skip 4 * 4096
	.globl boot_stack_top
boot_stack:	.skip BOOT_STACK_SIZE
boot_stack_top:
	.balign 16
	.globl ap_stacks
ap_stacks:	.skip AP_STACK_SIZE * GDT_TSS_SLOTS
