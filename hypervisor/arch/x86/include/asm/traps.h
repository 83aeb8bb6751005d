/* SPDX-License-Identifier: MIT */
/* Exception and interrupt set-up of the boot CPU. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/cpu.h>

/*
 * Boot CPU: builds and loads the IDT (all 256 vectors) and loads CPU 0's
 * TSS, with a stack for fatal traps.
 */
void traps_init(void);

/* An application processor: loads the IDT and its own TSS. */
void traps_init_ap(unsigned int cpu);

/* Prints a saved register frame and the control registers. */
void traps_dump_regs(const struct cpu_regs *r);

#endif
