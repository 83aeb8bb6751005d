/* SPDX-License-Identifier: MIT */
/* World switch for the svm back end: see svm_enter() in svm.h. */

#include <asm/guest_regs.h>

	.text
	.globl svm_enter
svm_enter:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdi			/* regs */
	push	%rdx			/* host VMSAVE area */
	push	%rsi			/* VMCB */

	clgi
	sti				/* taken only in the guest, as an exit */
	mov	%rdx, %rax
	vmsave
	pop	%rax
	vmload

	mov	8(%rsp), %rdi
	LOAD_GUEST_GPRS
	mov	R_RDI(%rdi), %rdi
	vmrun				/* RAX: the VMCB */

	push	%rdi
	mov	16(%rsp), %rdi
	SAVE_GUEST_GPRS
	popq	R_RDI(%rdi)

	vmsave				/* the guest's FS, GS, TR, ... */
	pop	%rax
	vmload				/* the host's */
	cli
	stgi

	pop	%rdi
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
