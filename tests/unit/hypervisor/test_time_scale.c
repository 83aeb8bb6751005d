/* SPDX-License-Identifier: MIT */
/*
 * The counter-to-nanoseconds scale (hypervisor/time_scale.c): the scales
 * of the TSC rates the emulators give (QEMU's 1 GHz, Bochs' 100 MHz) and
 * of real ones, and the deadline conversion behind IA32_TSC_DEADLINE with
 * the values a hostile guest writes: far in the past (fires now, never
 * later), far in the future (never wraps round to "now"), a counter about
 * to wrap, and sums that overflow 64 bits (saturate).
 */
#include "cunit_run.h"
#include "harness.h"
#include <hv/time_scale.h>

#define GHZ	1000000000ULL

static void scale_of_common_rates(void)
{
	struct time_scale s;

	s = time_scale_for(GHZ);
	CU_ASSERT_EQUAL(s.mul, 1u << 31);
	CU_ASSERT_EQUAL(s.shift, 1);
	CU_ASSERT_EQUAL(time_scale_ns(&s, 12345), 12345);
	s = time_scale_for(2500000000ULL);
	CU_ASSERT_EQUAL(s.mul, 0xccccccccu);
	CU_ASSERT_EQUAL(s.shift, -1);
	CU_ASSERT_EQUAL(time_scale_ns(&s, 2500000000ULL), GHZ - 1);
	s = time_scale_for(100000000ULL);	/* Bochs: 10 ns a count */
	CU_ASSERT_EQUAL(time_scale_ns(&s, 1000), 10000);
	CU_ASSERT_EQUAL(time_scale_ns(&s, 100000000ULL), GHZ);
	/* Uncalibrated: taken as 1 GHz, not a division by 0. */
	s = time_scale_for(0);
	CU_ASSERT_EQUAL(time_scale_ns(&s, 777), 777);
}

/* The largest deltas: saturated where they do not fit, exact where they do. */
static void ns_saturates(void)
{
	struct time_scale s = time_scale_for(100000000ULL);

	CU_ASSERT_EQUAL(time_scale_ns(&s, UINT64_MAX), UINT64_MAX);
	CU_ASSERT_EQUAL(time_scale_ns(&s, UINT64_MAX / 10 + 1), UINT64_MAX);
	CU_ASSERT_EQUAL(time_scale_ns(&s, 1ULL << 62), UINT64_MAX);
	s = time_scale_for(1000);		/* 1 kHz: shift 20 */
	CU_ASSERT_EQUAL(s.shift, 20);
	CU_ASSERT_EQUAL(time_scale_ns(&s, UINT64_MAX), UINT64_MAX);
	CU_ASSERT_EQUAL(time_scale_ns(&s, 3), 3000000);
	s = time_scale_for(GHZ);
	CU_ASSERT_EQUAL(time_scale_ns(&s, UINT64_MAX), UINT64_MAX);
	CU_ASSERT_EQUAL(time_scale_ns(&s, 1ULL << 63), 1ULL << 63);
	s = time_scale_for(4 * GHZ);		/* a shift right: no overflow */
	CU_ASSERT_EQUAL(time_scale_ns(&s, UINT64_MAX), UINT64_MAX / 4);
}

/* Reached (equal or behind, by any distance): now, never later. */
static void deadline_past_is_now(void)
{
	struct time_scale s = time_scale_for(GHZ);

	CU_ASSERT_EQUAL(time_scale_deadline(&s, 1000, 1000, 5000), 5000);
	CU_ASSERT_EQUAL(time_scale_deadline(&s, 999, 1000, 5000), 5000);
	CU_ASSERT_EQUAL(time_scale_deadline(&s, 1, 1ULL << 63, 5000), 5000);
	CU_ASSERT_EQUAL(time_scale_deadline(&s, 0, UINT64_MAX, 7), 7);
	/* The counter about to wrap: a small target is behind it, as the
	 * CPU compares them (unsigned), so it fires now. */
	CU_ASSERT_EQUAL(time_scale_deadline(&s, 5, UINT64_MAX - 5, 42), 42);
}

static void deadline_ahead(void)
{
	struct time_scale s = time_scale_for(GHZ);

	CU_ASSERT_EQUAL(time_scale_deadline(&s, 1001, 1000, 5000), 5001);
	CU_ASSERT_EQUAL(time_scale_deadline(&s, 30001000, 1000, 5000),
			30005000);
	s = time_scale_for(100000000ULL);
	CU_ASSERT_EQUAL(time_scale_deadline(&s, 2000, 1000, 5000), 15000);
}

/*
 * Far ahead: later than any "now", never wrapped round to a near time.
 * 2^62 counts at 1 GHz is 146 years; (2^62 * 10^6) mod 2^64 is 0, which a
 * kHz formula with 64-bit products made "fire now".
 */
static void deadline_far_future_never_wraps(void)
{
	struct time_scale s = time_scale_for(GHZ);
	uint64_t now = 1000000000000ULL, count = 1ULL << 40;

	CU_ASSERT_EQUAL(time_scale_deadline(&s, count + (1ULL << 62), count, now),
			now + (1ULL << 62));
	CU_ASSERT_EQUAL(time_scale_deadline(&s, UINT64_MAX, count, now),
			now + (UINT64_MAX - count));
	CU_ASSERT_EQUAL(time_scale_deadline(&s, UINT64_MAX, 0, now), UINT64_MAX);
	s = time_scale_for(100000000ULL);
	CU_ASSERT_EQUAL(time_scale_deadline(&s, UINT64_MAX, count, now),
			UINT64_MAX);
	CU_ASSERT_EQUAL(time_scale_deadline(&s, count + (1ULL << 62), count, now),
			UINT64_MAX);
}

/* now + ns past 2^64: saturated, not wrapped into the past. */
static void deadline_sum_saturates(void)
{
	struct time_scale s = time_scale_for(GHZ);

	CU_ASSERT_EQUAL(time_scale_deadline(&s, 1ULL << 63, 0, UINT64_MAX - 10),
			UINT64_MAX);
	CU_ASSERT_EQUAL(time_scale_deadline(&s, 11, 0, UINT64_MAX - 10),
			UINT64_MAX);
	CU_ASSERT_EQUAL(time_scale_deadline(&s, 10, 0, UINT64_MAX - 10),
			UINT64_MAX);
	CU_ASSERT_EQUAL(time_scale_deadline(&s, 9, 0, UINT64_MAX - 10),
			UINT64_MAX - 1);
}

static const struct harness_test tests[] = {
	{ "scale_of_common_rates", scale_of_common_rates },
	{ "ns_saturates", ns_saturates },
	{ "deadline_past_is_now", deadline_past_is_now },
	{ "deadline_ahead", deadline_ahead },
	{ "deadline_far_future_never_wraps", deadline_far_future_never_wraps },
	{ "deadline_sum_saturates", deadline_sum_saturates },
};

int main(void)
{
	if (harness_init())
		return 1;
	harness_add_suite("time_scale", tests, ARRAY_SIZE(tests));
	return cunit_run();
}
