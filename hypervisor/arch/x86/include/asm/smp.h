/* SPDX-License-Identifier: MIT */
/*
 * Application processors.  The boot CPU wakes the others once at boot;
 * each comes up in long mode on the boot page tables with its own stack,
 * TSS and per-CPU area, enables its local APIC, reports, and waits until
 * the boot CPU has started the hvm back end and built the boot domains.
 * Then every CPU runs the same scheduling loop (hvm_run_loop()).
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

/*
 * Wakes the application processors and waits (at most 200 ms) until they
 * have reported.  Boot CPU, before any domain exists.
 */
void smp_boot(void);

#endif
