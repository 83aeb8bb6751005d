/* SPDX-License-Identifier: MIT */
/* What the paravirtual build does on bare hardware (pv/arch/x86/refusal.c). */
#ifndef PV_REFUSAL_H
#define PV_REFUSAL_H

/*
 * Says on the PC's first serial port that no Xen-compatible hypervisor is
 * present and that this kernel cannot run without one, then halts the CPU
 * for ever.  Called by platform_init() when hypercall_init() fails, before
 * anything else was printed.
 */
void refusal_halt(void) __attribute__((noreturn));

#endif
