/* SPDX-License-Identifier: MIT */
/*
 * Interrupt and exception entry: 256 stubs that push an error code (a zero
 * where the CPU pushes none) and the vector, then a common path that saves
 * the GPRs as a struct cpu_regs and calls trap_handler(regs).
 */
	.text
	.altmacro
	.macro stub vec
	.balign 16
	.if (\vec == 8 || (\vec >= 10 && \vec <= 14) || \vec == 17 || \vec == 21 || \vec == 29 || \vec == 30)
	.else
	push	$0
	.endif
	push	$\vec
	jmp	trap_common
	.endm

	.balign 16
	.globl trap_stubs
trap_stubs:
	vec = 0
	.rept 256
	stub %vec
	vec = vec + 1
	.endr

trap_common:
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi
	call	trap_handler
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$16, %rsp
	iretq
