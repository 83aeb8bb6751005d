/* SPDX-License-Identifier: MIT */
/* World switch for the vmx back end: see vmx_enter() in vmx.h. */

#include <asm/guest_regs.h>

#define HOST_RSP	0x6c14
#define HOST_RIP	0x6c16

	.text
	.globl vmx_enter
vmx_enter:				/* rdi: regs, esi: launched */
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdi			/* found again at the exit */

	/* The exit lands on vmx_exit with the stack exactly as it is now. */
	mov	$HOST_RSP, %eax
	vmwrite	%rsp, %rax
	lea	vmx_exit(%rip), %rdx
	mov	$HOST_RIP, %eax
	vmwrite	%rdx, %rax

	test	%esi, %esi		/* no instruction below touches flags */
	mov	R_RAX(%rdi), %rax
	LOAD_GUEST_GPRS
	mov	R_RDI(%rdi), %rdi
	jnz	1f
	vmlaunch
	jmp	2f
1:	vmresume
2:	/* Still here: the instruction failed; CF: no VMCS, ZF: see the error. */
	mov	$2, %eax		/* VMX_FAIL_INVALID */
	jc	3f
	mov	$1, %eax		/* VMX_FAIL_VALID */
3:	add	$8, %rsp
	jmp	4f

vmx_exit:
	push	%rdi
	mov	8(%rsp), %rdi
	mov	%rax, R_RAX(%rdi)
	SAVE_GUEST_GPRS
	popq	R_RDI(%rdi)
	add	$8, %rsp
	xor	%eax, %eax		/* VMX_ENTERED */

4:	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
