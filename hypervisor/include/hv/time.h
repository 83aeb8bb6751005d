/* SPDX-License-Identifier: MIT */
/*
 * Time: the hypervisor's system time (nanoseconds since boot, read from
 * the TSC through the calibrated scale), each vCPU's vcpu_time_info and
 * the domain's wall clock in shared_info, and the guest timers (a
 * single-shot and a periodic one per vCPU, plus the SCHEDOP_poll timeout),
 * delivered as VIRQ_TIMER.
 *
 * The local APIC timer runs in one-shot mode, programmed for the earliest
 * of the next scheduler tick (every 1/SCHED_TICK_HZ s) and the earliest
 * guest deadline, so a timer fires when it is due rather than at the next
 * tick; an idle CPU halts until then.
 *
 * vcpu_time_info follows Xen's version protocol: version is made odd,
 * the fields written, then version made even, so a guest that reads an odd
 * version, or a different one after reading, reads again.  The guest's
 * time is system_time + ((tsc - tsc_timestamp) << tsc_shift) *
 * tsc_to_system_mul >> 32 (a right shift for a negative tsc_shift).
 */
#ifndef HV_TIME_H
#define HV_TIME_H

#include <hv/types.h>

struct domain;
struct vcpu;
struct vcpu_set_singleshot_timer;

/* A vCPU's timers, in struct vcpu: absolute system times, 0 when off. */
struct time_vcpu {
	uint64_t singleshot;		/* VCPUOP_set_singleshot_timer, set_timer_op */
	uint64_t periodic_next;		/* next period's end */
	uint64_t periodic_period;	/* VCPUOP_set_periodic_timer, 0: off */
	uint64_t poll_timeout;		/* SCHEDOP_poll's timeout */
	uint64_t lapic;			/* the emulated local APIC timer's expiry */
	bool armed;			/* on the list of vCPUs with timers */
	struct vcpu *next_armed;
};

/* Computes the TSC scale from the calibration; boot CPU, once. */
void time_init(void);

/* Nanoseconds since boot. */
uint64_t time_now(void);

/*
 * The system time at which this CPU's counter (arch_time_counter())
 * reaches target: now (at least 1) when it already has, UINT64_MAX when it
 * is too far ahead to say.  One reading of the counter gives both the
 * count and the system time compared, so the answer is this CPU's.
 */
uint64_t time_counter_deadline(uint64_t target);

/* Writes v's vcpu_time_info (when it has a vcpu_info). */
void time_update_vcpu(struct vcpu *v);

/* Writes the wall clock of d's shared_info. */
void time_update_wallclock(struct domain *d);

/*
 * Runs what is due: the scheduler tick, expired guest timers; then
 * programs the next timer interrupt.  Called by the run loop after each
 * window in which interrupts were taken.
 */
void time_softirq(void);

/* The timer interrupt's part (interrupt context): notes that time passed. */
void time_interrupt(void);

/* Forgets v's timers (its domain dies, or VCPUOP_down). */
void time_vcpu_stop(struct vcpu *v);

/*
 * Arms v's poll timeout (0: none).  A timeout in the past wakes v at the
 * next time_softirq().
 */
void time_set_poll_timeout(struct vcpu *v, uint64_t timeout);

/*
 * The timer operations of vcpu_op and set_timer_op, on target (a vCPU of
 * the caller's domain).  Each returns 0 or a negative errno:
 * set_singleshot -EINVAL for another vCPU than the caller, -ETIME for
 * VCPU_SSHOTTMR_future with a timeout already past; set_periodic -EINVAL
 * for a period under MIN_TIMER_PERIOD_NS.
 */
long time_vcpu_op(unsigned long cmd, struct vcpu *caller, struct vcpu *target,
		  unsigned long arg);

/*
 * VCPUOP_set_singleshot_timer on a decoded argument (time_vcpu_op's and
 * compat.c's act half), with the errors above.
 */
long time_set_singleshot(struct vcpu *caller, struct vcpu *target,
			 const struct vcpu_set_singleshot_timer *ss);

/*
 * Arms (deadline, absolute system time) or disarms (0) v's local APIC
 * timer; arch_lapic_timer_expired(v) runs from time_softirq() when due.
 */
void time_set_lapic(struct vcpu *v, uint64_t deadline);

/* The set_timer_op hypercall: timeout 0 cancels, a past one fires now. */
long do_set_timer_op(struct vcpu *v, const unsigned long *args);

/* Arch hooks (arch/x86/apic.c, arch/x86/time.c). */
/* The free-running counter system time is read from, and its rate. */
uint64_t arch_time_counter(void);
uint64_t arch_time_counter_khz(void);
/* Programs this CPU's one-shot timer to interrupt in delta_ns. */
void arch_timer_program(uint64_t delta_ns);
/* v's local APIC timer is due (it may arm the next period). */
void arch_lapic_timer_expired(struct vcpu *v);
/* Seconds since the Unix epoch now (the CMOS clock), or 0 when unknown. */
uint64_t arch_wallclock_seconds(void);

#endif
