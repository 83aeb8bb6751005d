/* SPDX-License-Identifier: MIT */
/*
 * Application processors.  The boot CPU wakes the others once at boot;
 * each comes up in long mode on the boot page tables with its own stack,
 * TSS and per-CPU area, enables its local APIC, reports, and then idles
 * (halted with interrupts on).  The scheduler does not use them yet: every
 * vCPU runs on the boot CPU (docs/architecture.md, "Scheduling").
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

/*
 * Wakes the application processors and waits (at most 200 ms) until they
 * have reported.  Boot CPU, before any domain exists.
 */
void smp_boot(void);

/* CPUs up, the boot CPU included. */
unsigned int smp_cpus_online(void);

#endif
