/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: preemptive round robin over every runnable vCPU, one time
 * slice per APIC timer tick (SCHED_TICK_HZ).  A vCPU that halts or blocks
 * leaves the run queue until it is woken.  Issue 4 replaces the policy with
 * the credit scheduler behind this same interface.
 *
 * Locking: all of this runs on the boot CPU with interrupts off, except
 * sched_tick(), which only sets a flag.
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <hv/types.h>

struct vcpu;

/* Puts a DOWN or BLOCKED vCPU on the run queue (VCPU_RUNNABLE). */
void sched_wake(struct vcpu *v);

/* Takes v off the CPU until sched_wake(): halt, SCHEDOP_block. */
void sched_block(struct vcpu *v);

/* Gives up the rest of v's slice (SCHEDOP_yield, preemption). */
void sched_yield(struct vcpu *v);

/* Takes v off the run queue for good (its domain stopped). */
void sched_remove(struct vcpu *v);

/*
 * Picks the next vCPU to run and makes it current, or returns NULL when
 * none is runnable.  The previous current vCPU goes to the queue's tail if
 * it is still runnable.
 */
struct vcpu *sched_pick(void);

/* The vCPU loaded on this CPU, or NULL when idle. */
struct vcpu *sched_current(void);

/* True when the running vCPU's slice is over or it stopped being runnable. */
bool sched_should_switch(void);

/* The timer interrupt's part: ends the current slice. */
void sched_tick(void);

/* Ticks since boot (SCHED_TICK_HZ per second). */
uint64_t sched_ticks(void);

#endif
