/* SPDX-License-Identifier: MIT */
/*
 * The power contract: idling the CPU, powering off and rebooting.
 * Native: native/power.c (HLT, isa-debug-exit / ACPI, reset port).
 * Paravirtual: pv/power.c (sched_op: yield or block, shutdown).
 */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

/*
 * Gives the CPU away until something may have happened: an interrupt
 * natively, the next scheduling round or event under a hypervisor.  Called
 * by the idle loop with interrupts disabled; returns with them enabled.
 */
void cpu_idle(void);

/* Ends the machine (or the domain).  Never returns. */
void power_off(void) __attribute__((noreturn));

/* Restarts the machine (or asks the toolstack to restart the domain). */
void power_reboot(void) __attribute__((noreturn));

#endif
