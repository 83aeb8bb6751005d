/* SPDX-License-Identifier: MIT */
/*
 * Interrupt entry stubs (one per vector, all alike but for the vector
 * number and whether the CPU pushed an error code), the common path that
 * saves the registers as a struct trap_frame for trap_dispatch(), and the
 * cooperative thread switch.
 */

	.text
	/* Vectors 8, 10-14, 17, 21, 29 and 30 push an error code. */
	.globl trap_stubs
	.balign 16
trap_stubs:
	v = 0
	.rept 256
	.balign 16
	.if (v == 8) || ((v >= 10) && (v <= 14)) || (v == 17) || (v == 21) || (v == 29) || (v == 30)
	.else
	pushq	$0
	.endif
	pushq	$v
	jmp	trap_common
	v = v + 1
	.endr

trap_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	mov	%rsp, %rdi
	call	trap_dispatch
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	add	$16, %rsp		/* vector and error code */
	iretq

/*
 * thread_switch(uint64_t *save_rsp, uint64_t rsp): saves the callee-saved
 * registers on this stack, stores its pointer in *save_rsp and resumes the
 * thread whose stack is rsp.  A new thread's stack is built by thread.c to
 * look as if it had called thread_switch from thread_entry.
 */
	.globl thread_switch
thread_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	mov	%rsp, (%rdi)
	mov	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/* First code of every thread: r12 = function, r13 = its argument. */
	.globl thread_entry
thread_entry:
	mov	%r13, %rdi
	call	*%r12
	call	thread_exit
