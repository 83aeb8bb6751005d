/* SPDX-License-Identifier: MIT */
/* Exception and interrupt set-up of the boot CPU. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/cpu.h>

/* Loads the IDT (all 256 vectors) and the TSS with a stack for fatal traps. */
void traps_init(void);

/* Prints a saved register frame and the control registers. */
void traps_dump_regs(const struct cpu_regs *r);

#endif
