/* SPDX-License-Identifier: MIT */
/*
 * Interrupts and exceptions: the IDT, one dispatch table of handlers by
 * vector, and the default answers (a breakpoint is counted and execution
 * goes on; any other exception without a handler is a panic with the
 * registers).  Device interrupts register here: the PIC's IRQs natively,
 * the hypervisor's callback vector under PV once event channels exist.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdint.h>

#define NR_VECTORS	256
#define VECTOR_BP	3	/* int3 */

/* The registers as entry.S saves them, lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;	/* error is 0 for vectors without one */
	uint64_t rip, cs, rflags, rsp, ss;
};

typedef void trap_handler_fn(struct trap_frame *f);

/* Loads the IDT.  Called once, first thing in kernel_main(). */
void trap_init(void);

/*
 * Makes fn the handler of vector (replacing any earlier one; NULL restores
 * the default).  A device handler acknowledges its own interrupt.  Returns
 * 0, or -EINVAL for a vector out of range.
 */
int trap_set_handler(unsigned int vector, trap_handler_fn *fn);

/* How many times vector was taken since boot. */
unsigned long trap_count(unsigned int vector);

/*
 * Takes an exception with no IDT: a triple fault, which a hypervisor
 * answers by crashing the domain (the shell's `crash', to try a
 * toolstack's on_crash).  Never returns.
 */
void trap_triple_fault(void) __attribute__((noreturn));

#endif
