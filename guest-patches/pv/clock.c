/* SPDX-License-Identifier: MIT */
/*
 * The PV clock.  With the hypervisor's time services (shared_info mapped),
 * time is Xen's system time from vcpu_time_info, which stays right when the
 * vCPU changes physical CPU, and the one-shot timer wakes the idle loop.
 * Without them (an early hypervisor), the TSC at a frequency the guest can
 * learn, best source first: Xen's CPUID time leaf (base + 3, ECX = guest
 * TSC kHz); CPUID 0x15 (TSC/crystal ratio and crystal Hz); CPUID 0x16
 * (base MHz); failing all, NOMINAL_KHZ, and `info` says "uncalibrated".
 */
#include <errno.h>
#include <stdio.h>
#include <xen/vcpu.h>
#include "../kernel/arch/x86/cpu.h"
#include "../kernel/clock.h"
#include "evtchn.h"
#include "hypercall.h"
#include "pvclock.h"
#include "shared_info.h"
#include "xen.h"

#define NOMINAL_KHZ	1000000ull	/* 1 GHz, when nothing tells us */

static uint64_t tsc0, khz, mult;	/* TSC fallback: ns = (delta * mult) >> 32 */
static uint64_t system0;		/* system time at clock_init() */
static uint64_t last_ns;		/* clock_ns() never goes backwards */
static bool xen_time;			/* system time, not the bare TSC */
static bool timer_bound;
static unsigned long timer_events;
static char source[112];

static uint64_t khz_from_cpuid(const char **how)
{
	uint32_t r[4];

	cpuid(xen.cpuid_base, 0, r);
	if (r[0] >= xen.cpuid_base + 3) {
		cpuid(xen.cpuid_base + 3, 0, r);
		*how = "Xen CPUID time leaf";
		if (r[2])
			return r[2];
	}
	cpuid(0, 0, r);
	if (r[0] >= 0x15) {
		cpuid(0x15, 0, r);
		*how = "CPUID 0x15";
		if (r[0] && r[1] && r[2])
			return (uint64_t)r[2] * r[1] / r[0] / 1000;
	}
	if (r[0] >= 0x16) {
		cpuid(0x16, 0, r);
		*how = "CPUID 0x16";
		if (r[0])
			return (uint64_t)r[0] * 1000;
	}
	*how = NULL;
	return 0;
}

static void tsc_init(void)
{
	const char *how;

	khz = khz_from_cpuid(&how);
	if (khz)
		snprintf(source, sizeof(source), "TSC at %lu.%03lu MHz (from %s)",
			 khz / 1000, khz % 1000, how);
	else
		snprintf(source, sizeof(source),
			 "TSC, uncalibrated: %llu MHz assumed (no CPUID "
			 "frequency, no vcpu_time_info)",
			 NOMINAL_KHZ / 1000);
	if (!khz)
		khz = NOMINAL_KHZ;
	mult = (1000000ull << 32) / khz;
	tsc0 = rdtsc();
}

/* Xen's scaling: the delta shifted by tsc_shift, times mul / 2^32. */
static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t pvclock_system_time(uint32_t *version)
{
	const volatile struct vcpu_time_info *t;
	uint32_t v;
	uint64_t ns;

	if (!vcpu_info)
		return 0;
	t = &vcpu_info->time;
	do {
		v = t->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		ns = t->system_time + scale_delta(rdtsc() - t->tsc_timestamp,
						  t->tsc_to_system_mul,
						  t->tsc_shift);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((v & 1) || v != t->version);
	if (version)
		*version = v;
	return ns;
}

/*
 * The deadline the one-shot timer is armed for; 0: none (it fired).  It
 * may wrongly read 0 (the timer is armed again for nothing), never
 * wrongly hold a deadline: that would leave the idle loop halting with
 * no timer to wake it.
 */
static uint64_t armed;

static void count_timer(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	timer_events++;
	__atomic_store_n(&armed, 0, __ATOMIC_SEQ_CST);
}

/* System time and, where the hypervisor has them, the timer events. */
static int pvtime_init(void)
{
	int port;

	system0 = pvclock_system_time(NULL);
	xen_time = true;
	snprintf(source, sizeof(source),
		 "Xen system time (vcpu_time_info)%s",
		 xen.services & XEN_SVC_TIMER ? ", one-shot timer on VIRQ_TIMER" :
						"");
	if (!(xen.services & XEN_SVC_TIMER))
		return 0;
	port = evtchn_bind_virq(VIRQ_TIMER, count_timer, NULL);
	if (port < 0)
		return port;
	timer_bound = true;
	return 0;
}

int clock_init(void)
{
	if (evtchn_ready())
		return pvtime_init();
	tsc_init();
	return 0;
}

uint64_t clock_ns(void)
{
	unsigned __int128 ns;
	uint64_t now;

	if (xen_time) {
		now = pvclock_system_time(NULL) - system0;
	} else {
		ns = (unsigned __int128)(rdtsc() - tsc0) * mult;
		now = (uint64_t)(ns >> 32);
	}
	if (now > last_ns)
		last_ns = now;
	return last_ns;
}

const char *clock_source(void)
{
	return source;
}

bool pvclock_has_timer(void)
{
	return timer_bound;
}

int pvclock_set_timer(uint64_t deadline)
{
	struct vcpu_set_singleshot_timer ss = {
		.timeout_abs_ns = system0 + deadline,
	};

	int rc;

	if (!timer_bound)
		return -ENODEV;
	/*
	 * Noted before the hypercall: a deadline already past fires as it
	 * returns, and its event's handler, which may run at once, must
	 * find it to forget (the previous deadline firing in between only
	 * costs one needless arming).
	 */
	__atomic_store_n(&armed, deadline ? deadline : 1, __ATOMIC_SEQ_CST);
	rc = (int)hypercall_vcpu_op(VCPUOP_set_singleshot_timer, xen.vcpu_id,
				    &ss);
	if (rc)
		__atomic_store_n(&armed, 0, __ATOMIC_SEQ_CST);
	return rc;
}

int pvclock_arm_by(uint64_t deadline)
{
	uint64_t when = __atomic_load_n(&armed, __ATOMIC_SEQ_CST);

	if (when && when <= deadline)
		return timer_bound ? 0 : -ENODEV;
	return pvclock_set_timer(deadline);
}

unsigned long pvclock_timer_count(void)
{
	return timer_events;
}
