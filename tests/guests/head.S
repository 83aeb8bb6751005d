/* SPDX-License-Identifier: MIT */
/*
 * PVH entry of the test guests.  The hypervisor starts us in 32-bit
 * protected mode, paging off, with EBX = the hvm_start_info address; we
 * identity-map the first GiB with 2 MiB pages (and the fourth, uncached,
 * where devices have their memory), enter long mode (the EFER
 * write and the CR0.PG change are exactly what a real PVH kernel does) and
 * call guest_main(start_info).
 */
#include <xen/elfnote.h>

	.section .note.Xen, "a", @note
	.balign 4
	.long 4, 4, XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.long pvh_start

	.section .text.head, "ax"
	.code32
	.globl pvh_start
pvh_start:
	mov	%ebx, start_info_pa
	mov	$pml4, %edi
	mov	$pdpt, %eax
	or	$3, %eax
	mov	%eax, (%edi)
	mov	$pd, %eax
	or	$3, %eax
	mov	%eax, pdpt
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$21, %eax
	or	$0x83, %eax		/* present, writable, 2 MiB */
	mov	%eax, pd(, %ecx, 8)
	inc	%ecx
	cmp	$512, %ecx
	jne	1b
	mov	$pd_dev, %eax
	or	$3, %eax
	mov	%eax, pdpt + 3 * 8
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	add	$(3 << 9), %eax
	shl	$21, %eax
	or	$0x9b, %eax		/* present, writable, PWT, PCD, 2 MiB */
	mov	%eax, pd_dev(, %ecx, 8)
	inc	%ecx
	cmp	$512, %ecx
	jne	1b

	mov	%cr4, %eax
	or	$0x620, %eax		/* PAE, OSFXSR, OSXMMEXCPT: SSE on */
	mov	%eax, %cr4
	mov	$pml4, %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx	/* EFER.LME */
	rdmsr
	or	$0x100, %eax
	wrmsr
	mov	%cr0, %eax
	or	$0x80000001, %eax	/* PG, PE */
	mov	%eax, %cr0
	lgdt	gdt_descr
	ljmp	$0x08, $start64

	.code64
start64:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	lea	stack_top(%rip), %rsp
	mov	start_info_pa(%rip), %edi
	call	guest_main
2:	hlt
	jmp	2b

	/* #GP and #UD: count them and skip the faulting instruction. */
	.globl gp_entry, ud_entry
gp_entry:
	incq	gp_count(%rip)
	addq	$2, 8(%rsp)		/* rdmsr / wrmsr are two bytes */
	add	$8, %rsp		/* the error code */
	iretq
ud_entry:
	incq	ud_count(%rip)
	addq	$3, (%rsp)		/* the three-byte SVM/VMX instructions */
	iretq

	/*
	 * The event-channel callback: the C handler clobbers only the
	 * caller-saved registers.  Nine pushes after the CPU's five-word
	 * frame leave the stack 16-byte aligned for the call.
	 */
	.globl upcall_entry, upcall_entry2
upcall_entry2:
	incq	upcalls_vector2(%rip)
upcall_entry:
	push	%rax
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	call	ev_upcall
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rax
	iretq

	.data
	.balign 8
	.globl gp_count, ud_count
gp_count:	.quad 0
ud_count:	.quad 0
start_info_pa:	.long 0
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
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4096
pd_dev:	.skip 4096
stack:	.skip 16384
stack_top:
