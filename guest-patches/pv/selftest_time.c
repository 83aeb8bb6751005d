/* SPDX-License-Identifier: MIT */
/* Selftests of the PV clock (vcpu_time_info) and the one-shot timer. */
#include "../kernel/clock.h"
#include "../kernel/selftest.h"
#include "../kernel/thread.h"
#include "pvclock.h"
#include "selftest.h"
#include "xen.h"

#define MS	1000000ull

static void test_system_time(void)
{
	uint32_t v1 = 1, v2 = 1;
	uint64_t a = pvclock_system_time(&v1), b = pvclock_system_time(&v2);

	selftest_check("pv/time-system-time", a > 0 && b >= a && !(v1 & 1) &&
						      !(v2 & 1),
		       "system time %lu then %lu, versions %u %u", a, b, v1,
		       v2);
}

/* Only the timer can end this sleep: idle blocks, nothing else runs. */
static void test_timer_wakes_idle(void)
{
	unsigned long before = pvclock_timer_count();
	uint64_t t0 = clock_ns(), slept;

	thread_sleep(20 * MS);
	slept = clock_ns() - t0;
	selftest_check("pv/timer-wakes-idle",
		       pvclock_timer_count() > before && slept >= 20 * MS &&
			       slept < 1000 * MS,
		       "%lu VIRQ_TIMER events, 20 ms sleep took %lu ns",
		       pvclock_timer_count() - before, slept);
}

static void test_timer_past(void)
{
	unsigned long before = pvclock_timer_count();
	int rc = pvclock_set_timer(clock_ns() > MS ? clock_ns() - MS : 0);
	uint64_t deadline = clock_ns() + 1000 * MS;

	while (pvclock_timer_count() == before && clock_ns() < deadline)
		thread_yield();
	selftest_check("pv/timer-past-deadline",
		       !rc && pvclock_timer_count() > before,
		       "set %d, no event for a deadline already past", rc);
}

void selftest_time(void)
{
	test_system_time();
	if (!(xen.services & XEN_SVC_TIMER))
		return;
	selftest_check("pv/timer-bound", pvclock_has_timer(),
		       "the hypervisor offers the timer, VIRQ_TIMER not bound");
	if (!pvclock_has_timer())
		return;
	test_timer_wakes_idle();
	test_timer_past();
}
