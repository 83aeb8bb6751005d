/* SPDX-License-Identifier: MIT */
/*
 * What the test guests measure for `make bench`, printed on the console
 * as the lines tests/bench/bench-rows.sh parses:
 *   BENCH <name> <mean>
 *   BENCHSTAT <name> <min> <median> <p99>
 * in TSC cycles.  Numbers only: nothing here passes or fails.
 */
#ifndef GUEST_BENCH_H
#define GUEST_BENCH_H

#include <stdint.h>

/* The TSC (RDTSC: not serialising, as the guests have always used it). */
static inline uint64_t bench_tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Sorts v[0..n) in place, smallest first. */
void bench_sort(uint64_t *v, unsigned int n);

/*
 * Prints name's BENCH line (the mean of v[0..n)) and BENCHSTAT line (its
 * min, median and p99); sorts v in place.  Nothing for n == 0.
 */
void bench_report(const char *name, uint64_t *v, unsigned int n);

#endif
