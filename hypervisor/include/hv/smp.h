/* SPDX-License-Identifier: MIT */
/*
 * What generic code needs to know about the physical CPUs: which one it
 * runs on, how many there are, and how to make another one look at its
 * run queue.  The arch implements these (arch/x86/smpboot.c); the host
 * unit tests provide their own to play several CPUs on one thread.
 *
 * Locking: the hypervisor lock (hv/spinlock.h) serialises every part of
 * the hypervisor that touches shared state; guests run outside it, in
 * parallel on all CPUs (docs/architecture.md, "SMP").
 */
#ifndef HV_SMP_H
#define HV_SMP_H

#include <hv/types.h>

/* The calling CPU's number: 0 for the boot CPU, then 1, 2, ... */
unsigned int smp_processor_id(void);

/* CPUs up, the boot CPU included; numbers 0 .. smp_cpus_online() - 1. */
unsigned int smp_cpus_online(void);

/*
 * Lets the other CPUs into the scheduler: the boot CPU calls it once the
 * boot domains exist, just before its own hvm_run_loop().
 */
void smp_start_others(void);

/*
 * Interrupts CPU cpu (not the caller's): it leaves guest mode or wakes
 * from its idle halt, and then, under the lock, picks again.  Returns at
 * once.
 */
void smp_kick(unsigned int cpu);

#endif
