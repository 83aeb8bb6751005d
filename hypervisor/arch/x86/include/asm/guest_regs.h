/* SPDX-License-Identifier: MIT */
/*
 * For the back ends' world-switch assembly (vmx/entry.S, svm/entry.S):
 * the offsets of struct guest_regs (<hv/vcpu.h>; hvm.c checks them) and
 * macros that move the general-purpose registers between the CPU and that
 * struct at %rdi.  RAX and RDI are left to the caller: svm keeps RAX in the
 * VMCB, and RDI holds the struct's address until the last moment.
 */
#ifndef ASM_GUEST_REGS_H
#define ASM_GUEST_REGS_H

#define R_RAX	0
#define R_RBX	8
#define R_RCX	16
#define R_RDX	24
#define R_RSI	32
#define R_RDI	40
#define R_RBP	48
#define R_R8	56
#define R_R9	64
#define R_R10	72
#define R_R11	80
#define R_R12	88
#define R_R13	96
#define R_R14	104
#define R_R15	112

#ifdef __ASSEMBLY__
	.macro LOAD_GUEST_GPRS
	mov	R_RBX(%rdi), %rbx
	mov	R_RCX(%rdi), %rcx
	mov	R_RDX(%rdi), %rdx
	mov	R_RSI(%rdi), %rsi
	mov	R_RBP(%rdi), %rbp
	mov	R_R8(%rdi), %r8
	mov	R_R9(%rdi), %r9
	mov	R_R10(%rdi), %r10
	mov	R_R11(%rdi), %r11
	mov	R_R12(%rdi), %r12
	mov	R_R13(%rdi), %r13
	mov	R_R14(%rdi), %r14
	mov	R_R15(%rdi), %r15
	.endm

	.macro SAVE_GUEST_GPRS
	mov	%rbx, R_RBX(%rdi)
	mov	%rcx, R_RCX(%rdi)
	mov	%rdx, R_RDX(%rdi)
	mov	%rsi, R_RSI(%rdi)
	mov	%rbp, R_RBP(%rdi)
	mov	%r8, R_R8(%rdi)
	mov	%r9, R_R9(%rdi)
	mov	%r10, R_R10(%rdi)
	mov	%r11, R_R11(%rdi)
	mov	%r12, R_R12(%rdi)
	mov	%r13, R_R13(%rdi)
	mov	%r14, R_R14(%rdi)
	mov	%r15, R_R15(%rdi)
	.endm
#endif

#endif
