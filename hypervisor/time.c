/* SPDX-License-Identifier: MIT */
/*
 * System time, the guests' time records and their timers.
 *
 * The scale: system time is ((tsc - boot_tsc) << shift) * mul >> 32, the
 * formula guests use with their vcpu_time_info.  For a counter of f Hz
 * we want mul / 2^32 * 2^shift = 10^9 / f with mul as large as fits in 32
 * bits (precision), so shift is chosen to bring f * 2^shift into
 * (10^9, 2 * 10^9]: for a 2.5 GHz TSC, shift = -1 and mul = 0xcccccccc
 * (0.8 * 2^32); for a 1 GHz one, shift = 1 and mul = 2^31
 * (hv/time_scale.h, which saturates instead of wrapping).
 *
 * One boot_counter, CPU 0's, serves every CPU: system time on a CPU is
 * its own counter minus that, so the CPUs agree on it only as far as
 * their TSCs are in sync (as they are under QEMU and Bochs, and on
 * hardware with an invariant TSC that firmware did not skew).  Each
 * conversion between a CPU's counter and system time reads the counter
 * once and uses that one reading for both, so it is exact on the CPU that
 * makes it.
 *
 * Armed timers: every vCPU with a timer on is on one list; time_softirq()
 * walks it (a handful of vCPUs) and programs the one-shot APIC timer for
 * the earliest deadline, or for the next scheduler tick if that is sooner.
 * Every CPU does this, so a due timer is fired by whichever CPU gets there
 * first, wherever its vCPU runs (the event then kicks that CPU), and a
 * vCPU's timers need nothing done when it moves.  The CPU that arms a
 * timer reprograms its own APIC timer; the others see the new deadline
 * at their next tick at the latest.
 */
#include <errno.h>
#include <xen/vcpu.h>
#include <asm/hvm.h>
#include <hv/compat.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/shared_info.h>
#include <hv/smp.h>
#include <hv/time.h>
#include <hv/time_scale.h>

#define NS_PER_SEC	1000000000ULL
#define TICK_NS		(NS_PER_SEC / SCHED_TICK_HZ)

static uint64_t boot_counter;
static struct time_scale scale;
static uint64_t boot_wallclock;		/* Unix seconds at system time 0 */
/* Each CPU's own: its scheduler tick and its APIC timer. */
static struct cpu_timer {
	uint64_t next_tick;		/* system time of the next sched tick */
	volatile bool fired;		/* set by the interrupt */
	bool reprogram;			/* a deadline changed */
} cpu_timer[MAX_CPUS];
static struct vcpu *armed;	/* vCPUs with a timer on, linked */

void time_init(void)
{
	scale = time_scale_for(arch_time_counter_khz() * 1000);
	boot_counter = arch_time_counter();
	boot_wallclock = arch_wallclock_seconds();
}

uint64_t time_now(void)
{
	return time_scale_ns(&scale, arch_time_counter() - boot_counter);
}

uint64_t time_counter_deadline(uint64_t target)
{
	uint64_t count = arch_time_counter();
	uint64_t now = time_scale_ns(&scale, count - boot_counter);

	return MAX(time_scale_deadline(&scale, target, count, now), 1);
}

void time_update_vcpu(struct vcpu *v)
{
	struct vcpu_info *vi = vcpu_info_of(v);
	struct vcpu_time_info *t;
	uint64_t tsc;

	if (!vi)
		return;
	t = &vi->time;
	/* Odd while we write, whatever the guest left there. */
	__atomic_store_n(&t->version, t->version | 1, __ATOMIC_SEQ_CST);
	tsc = arch_time_counter();
	t->tsc_timestamp = tsc;
	t->system_time = time_scale_ns(&scale, tsc - boot_counter);
	t->tsc_to_system_mul = scale.mul;
	t->tsc_shift = (int8_t)scale.shift;
	t->flags = 0;	/* not TSC_STABLE: the APs' TSCs are not checked yet */
	__atomic_store_n(&t->version, t->version + 1, __ATOMIC_SEQ_CST);
}

/* The wall clock's fields, in one layout or the other (shared_info.h). */
static void put_wallclock(uint32_t *version, uint32_t *sec, uint32_t *nsec,
			  uint32_t *sec_hi)
{
	__atomic_store_n(version, *version | 1, __ATOMIC_SEQ_CST);
	*sec = (uint32_t)boot_wallclock;
	*sec_hi = (uint32_t)(boot_wallclock >> 32);
	*nsec = 0;
	__atomic_store_n(version, *version + 1, __ATOMIC_SEQ_CST);
}

void time_update_wallclock(struct domain *d)
{
	struct shared_info *s = shared_info_of(d);
	struct compat_shared_info *c = (void *)s;

	if (d->shinfo_32)
		put_wallclock(&c->wc_version, &c->wc_sec, &c->wc_nsec,
			      &c->wc_sec_hi);
	else
		put_wallclock(&s->wc_version, &s->wc_sec, &s->wc_nsec,
			      &s->wc_sec_hi);
}

static bool timers_on(const struct vcpu *v)
{
	return v->timer.singleshot || v->timer.periodic_period ||
	       v->timer.poll_timeout || v->timer.lapic;
}

/* Puts v on the armed list (once) and asks for a reprogram. */
static void arm(struct vcpu *v)
{
	cpu_timer[smp_processor_id()].reprogram = true;
	if (v->timer.armed)
		return;
	v->timer.armed = true;
	v->timer.next_armed = armed;
	armed = v;
}

void time_vcpu_stop(struct vcpu *v)
{
	struct vcpu **p;

	if (v->timer.armed) {
		for (p = &armed; *p != v; p = &(*p)->timer.next_armed)
			;
		*p = v->timer.next_armed;
	}
	v->timer = (struct time_vcpu){ 0 };
}

void time_set_lapic(struct vcpu *v, uint64_t deadline)
{
	v->timer.lapic = deadline;
	if (deadline)
		arm(v);
}

void time_set_poll_timeout(struct vcpu *v, uint64_t timeout)
{
	v->timer.poll_timeout = timeout;
	if (timeout)
		arm(v);
}

/* Fires v's expired timers; returns its next deadline (~0: none). */
static uint64_t run_vcpu_timers(struct vcpu *v, uint64_t now)
{
	struct time_vcpu *t = &v->timer;
	uint64_t next = ~0ULL;

	if (t->singleshot && t->singleshot <= now) {
		t->singleshot = 0;
		evtchn_send_virq(v, VIRQ_TIMER);
	}
	if (t->periodic_period && t->periodic_next <= now) {
		evtchn_send_virq(v, VIRQ_TIMER);
		t->periodic_next += t->periodic_period;
		if (t->periodic_next <= now)	/* missed periods are dropped */
			t->periodic_next = now + t->periodic_period;
	}
	if (t->poll_timeout && t->poll_timeout <= now) {
		t->poll_timeout = 0;
		evtchn_kick(v);
	}
	if (t->lapic && t->lapic <= now) {
		t->lapic = 0;
		arch_lapic_timer_expired(v);	/* may set the next one */
	}
	if (t->singleshot)
		next = MIN(next, t->singleshot);
	if (t->periodic_period)
		next = MIN(next, t->periodic_next);
	if (t->poll_timeout)
		next = MIN(next, t->poll_timeout);
	if (t->lapic)
		next = MIN(next, t->lapic);
	return next;
}

void time_softirq(void)
{
	struct cpu_timer *me = &cpu_timer[smp_processor_id()];
	struct vcpu *v, **p;
	uint64_t now, next;

	if (!me->fired && !me->reprogram)
		return;
	me->fired = false;
	me->reprogram = false;
	now = time_now();
	if (now >= me->next_tick) {
		if (me->next_tick)	/* 0: the CPU's first call, no tick yet */
			sched_tick();
		if (smp_processor_id() == 0)
			console_poll_input();
		me->next_tick += TICK_NS;
		if (me->next_tick <= now)
			me->next_tick = now + TICK_NS;
	}
	next = me->next_tick;
	for (p = &armed; (v = *p);) {
		next = MIN(next, run_vcpu_timers(v, now));
		if (timers_on(v)) {
			p = &v->timer.next_armed;
		} else {
			*p = v->timer.next_armed;
			v->timer.armed = false;
		}
	}
	now = time_now();
	arch_timer_program(next > now + MIN_TIMER_SLACK_NS ? next - now
							  : MIN_TIMER_SLACK_NS);
}

void time_interrupt(void)
{
	cpu_timer[smp_processor_id()].fired = true;
}

long time_set_singleshot(struct vcpu *caller, struct vcpu *target,
			 const struct vcpu_set_singleshot_timer *ss)
{
	if (target != caller)
		return -EINVAL;
	if ((ss->flags & VCPU_SSHOTTMR_future) &&
	    ss->timeout_abs_ns < time_now())
		return -ETIME;
	target->timer.singleshot = ss->timeout_abs_ns ? ss->timeout_abs_ns : 1;
	arm(target);
	return 0;
}

long time_vcpu_op(unsigned long cmd, struct vcpu *caller, struct vcpu *target,
		  unsigned long arg)
{
	struct vcpu_set_singleshot_timer ss;
	struct vcpu_set_periodic_timer pt;

	switch (cmd) {
	case VCPUOP_set_singleshot_timer:
		if (copy_from_guest(caller, &ss, arg, sizeof(ss)))
			return -EFAULT;
		return time_set_singleshot(caller, target, &ss);
	case VCPUOP_stop_singleshot_timer:
		if (target != caller)
			return -EINVAL;
		target->timer.singleshot = 0;
		return 0;
	case VCPUOP_set_periodic_timer:
		if (copy_from_guest(caller, &pt, arg, sizeof(pt)))
			return -EFAULT;
		if (pt.period_ns < MIN_TIMER_PERIOD_NS)
			return -EINVAL;
		target->timer.periodic_period = pt.period_ns;
		target->timer.periodic_next = time_now() + pt.period_ns;
		arm(target);
		return 0;
	case VCPUOP_stop_periodic_timer:
		target->timer.periodic_period = 0;
		return 0;
	default:
		return -ENOSYS;
	}
}

/* set_timer_op(timeout): the single-shot timer of the calling vCPU. */
long do_set_timer_op(struct vcpu *v, const unsigned long *args)
{
	uint64_t timeout = args[0];

	if (!timeout) {
		v->timer.singleshot = 0;
		return 0;
	}
	v->timer.singleshot = timeout;
	arm(v);
	return 0;
}
