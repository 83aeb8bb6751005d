/* SPDX-License-Identifier: MIT */
/*
 * What the PV clock (pv/clock.c) offers beyond the kernel's clock contract
 * (kernel/clock.h): the one-shot timer that wakes a blocked vCPU, and the
 * counters the selftest and `info` read.
 *
 * Time: with shared_info mapped, clock_ns() is Xen's system time from this
 * vCPU's vcpu_time_info (system_time plus the scaled TSC delta since
 * tsc_timestamp, read under the version protocol), less the system time at
 * clock_init(); without it, the TSC at a frequency from CPUID.
 *
 * Timer: VCPUOP_set_singleshot_timer, delivered as VIRQ_TIMER on an event
 * channel whose handler only counts: its purpose is to end SCHEDOP_block.
 */
#ifndef PV_PVCLOCK_H
#define PV_PVCLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* True when time comes from vcpu_time_info and the timer is bound. */
bool pvclock_has_timer(void);

/*
 * Arms the one-shot timer for deadline, a clock_ns() value (replacing the
 * one armed before; a deadline in the past fires at once).  Returns 0, or
 * -ENODEV without the timer, or the hypervisor's negative errno.
 */
int pvclock_set_timer(uint64_t deadline);

/*
 * Makes sure the one-shot timer fires by deadline: arms it, unless a
 * deadline no later than that is armed and has not fired yet (its early
 * event is a spurious wake-up, which the idle loop answers by arming
 * again).  The idle loop calls it before every block, and a Dom0 that
 * wakes for each xenstore request would otherwise pay a hypercall per
 * request to re-arm a deadline a second away.  Returns what
 * pvclock_set_timer() does (0 when nothing needed doing).  Call with
 * interrupts off: VIRQ_TIMER's handler forgets the armed deadline.
 */
int pvclock_arm_by(uint64_t deadline);

/* VIRQ_TIMER events taken since boot. */
unsigned long pvclock_timer_count(void);

/*
 * Reads vcpu_time_info once under the version protocol; returns Xen's
 * system time in ns (0 without shared_info) and the version it saw.
 */
uint64_t pvclock_system_time(uint32_t *version);

#endif
