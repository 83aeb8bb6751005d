/* SPDX-License-Identifier: MIT */
/*
 * The hypercall page.  It lives in .text because the kernel's page tables
 * map .text executable and everything else not: the hypervisor writes the
 * stubs into it (through guest-physical memory, past our read-only
 * mapping), and we call them.  Until then it holds int3s.
 */
	.section .text.hypercall_page, "ax"
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc
