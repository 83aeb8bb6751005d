/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: one run queue per physical CPU, the credit policy
 * (credit.c) choosing among the queued vCPUs, one time slice per APIC
 * timer tick (SCHED_TICK_HZ).  A vCPU that halts or blocks leaves the
 * queues until it is woken.  sched.c says how vCPUs are placed and
 * balanced across CPUs.
 *
 * Locking: all of this runs under the hypervisor lock; "this CPU" is the
 * caller's.
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <hv/types.h>

struct vcpu;

/* This CPU takes part in scheduling from now on. */
void sched_cpu_online(unsigned int cpu);

/* Puts a DOWN or BLOCKED vCPU on a run queue (VCPU_RUNNABLE). */
void sched_wake(struct vcpu *v);

/* Takes v off the CPU until sched_wake(): halt, SCHEDOP_block. */
void sched_block(struct vcpu *v);

/* Gives up the rest of v's slice (SCHEDOP_yield, preemption). */
void sched_yield_vcpu(struct vcpu *v);

/*
 * Takes v off the run queues (its domain stopped, or VCPUOP_down); if it
 * is running, its CPU picks again soon.  It keeps running until then:
 * wait for !v->running before freeing it.
 */
void sched_remove(struct vcpu *v);

/* v has news (an event to inject): its CPU, if another, re-enters it. */
void sched_kick(struct vcpu *v);

/*
 * Sets v's hard affinity (bit n: CPU n) and moves v if it is queued or
 * running where it may no longer be.  -EINVAL when no online CPU is in
 * mask.
 */
int sched_set_affinity(struct vcpu *v, uint64_t mask);

/*
 * Picks the next vCPU to run on this CPU and makes it current, or returns
 * NULL when none is runnable.  The previous current vCPU goes to the
 * queue's tail if it is still runnable; if it is not the one picked, the
 * caller saves its state and calls sched_switched_out() before letting go
 * of the lock.
 */
struct vcpu *sched_pick(void);

/* v's state is saved: another CPU may load it, its domain may go. */
void sched_switched_out(struct vcpu *v);

/*
 * The CPU time v used, in nanoseconds of system time (the TSC), as
 * getdomaininfo and getvcpuinfo report it: each stint on a CPU counts from
 * the pick that loads v to sched_switched_out(), and a stint in progress
 * counts up to now.  Measured apart from the credit accounting (which
 * samples the running vCPU at each tick), so one checks the other.
 */
uint64_t sched_cpu_time(const struct vcpu *v);

/* The vCPU loaded on this CPU, or NULL when idle. */
struct vcpu *sched_current(void);

/* True when the running vCPU's slice is over or it stopped being runnable. */
bool sched_should_switch(void);

/* This CPU's timer tick: charges its vCPU and ends the slice. */
void sched_tick(void);

/* The boot CPU's ticks since boot (SCHED_TICK_HZ per second). */
uint64_t sched_ticks(void);

#endif
