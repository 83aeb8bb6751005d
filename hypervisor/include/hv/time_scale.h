/* SPDX-License-Identifier: MIT */
/*
 * The scale from a counter (the TSC) to nanoseconds, in the form Xen's
 * vcpu_time_info carries it: ns = ((delta << shift) * mul) >> 32, a right
 * shift for a negative shift.  Pure arithmetic on the caller's values, no
 * hardware and no state, so that the host unit tests run it as the
 * hypervisor does (tests/unit/hypervisor/test_time_scale.c).
 *
 * Every result saturates: a delta whose nanoseconds do not fit in 64 bits
 * gives UINT64_MAX ("never", 584 years), never a wrapped small number.
 * A guest chooses some of these deltas (IA32_TSC_DEADLINE), and a wrapped
 * far-future deadline would fire at once.
 */
#ifndef HV_TIME_SCALE_H
#define HV_TIME_SCALE_H

#include <hv/types.h>

struct time_scale {
	uint32_t mul;	/* ns per count, times 2^32 >> shift */
	int shift;	/* -31..31 */
};

/*
 * The scale for a counter of hz counts a second: shift brings hz << shift
 * into (10^9, 2 * 10^9], so mul (10^9 << 32 / that) is as large as fits in
 * 32 bits (the most precise).  hz 0 (an uncalibrated counter) is taken as
 * 1 GHz: better than dividing by 0.
 */
struct time_scale time_scale_for(uint64_t hz);

/* delta counts in nanoseconds; UINT64_MAX when that does not fit. */
uint64_t time_scale_ns(const struct time_scale *s, uint64_t delta);

/*
 * The system time at which a counter that read count at system time now
 * reaches target: now when it already has (target <= count, unsigned, as
 * the CPU compares the TSC with IA32_TSC_DEADLINE), else now plus the
 * counts between in nanoseconds, UINT64_MAX when that sum does not fit.
 */
uint64_t time_scale_deadline(const struct time_scale *s, uint64_t target,
			     uint64_t count, uint64_t now);

#endif
