/* SPDX-License-Identifier: MIT */
/*
 * The PV clock, for now the TSC.  A guest cannot measure the TSC against a
 * timer of its own (it has no PIT: port I/O traps), so it asks, best
 * source first:
 *   1. Xen's CPUID time leaf (base + 3, sub-leaf 0, ECX = guest TSC kHz),
 *      which Xen fills and Xenolith will with its time services;
 *   2. the CPU's own CPUID leaf 0x15 (TSC/crystal ratio and crystal Hz);
 *   3. CPUID leaf 0x16 (base frequency in MHz);
 *   4. failing all, an assumed NOMINAL_KHZ, and `info` says the time is
 *      uncalibrated (QEMU's TCG offers none of 1-3 today).
 * When the hypervisor maps vcpu_time_info (shared_info), this file moves to
 * Xen's time protocol: system_time + scaled TSC delta under the version
 * counter, which also stays right when the vCPU changes physical CPU.
 */
#include <stdio.h>
#include "../kernel/arch/x86/cpu.h"
#include "../kernel/clock.h"
#include "xen.h"

#define NOMINAL_KHZ	1000000ull	/* 1 GHz, when nothing tells us */

static uint64_t tsc0, khz, mult;	/* ns = (delta * mult) >> 32 */
static char source[96];

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

int clock_init(void)
{
	const char *how;

	khz = khz_from_cpuid(&how);
	if (khz)
		snprintf(source, sizeof(source), "TSC at %lu.%03lu MHz (from %s)",
			 khz / 1000, khz % 1000, how);
	else
		snprintf(source, sizeof(source),
			 "TSC, uncalibrated: %llu MHz assumed (no CPUID "
			 "frequency; vcpu_time_info not offered yet)",
			 NOMINAL_KHZ / 1000);
	if (!khz)
		khz = NOMINAL_KHZ;
	mult = (1000000ull << 32) / khz;
	tsc0 = rdtsc();
	return 0;
}

uint64_t clock_ns(void)
{
	unsigned __int128 ns = (unsigned __int128)(rdtsc() - tsc0) * mult;

	return (uint64_t)(ns >> 32);
}

const char *clock_source(void)
{
	return source;
}
