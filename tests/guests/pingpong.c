/* SPDX-License-Identifier: MIT */
/*
 * Two DomUs bound by an interdomain event channel send ROUNDS events back
 * and forth.  Command line "ping PEER" or "pong PEER"; the ping side
 * offers the channel, the pong side finds it (see events.h for the
 * rendezvous).  Both then measure the cost of SCHEDOP_yield between them
 * (two vCPUs sharing one CPU), and the ping side that of a null hypercall
 * (xen_version) and of the cheapest exit there is, CPUID (the floor a
 * hypercall's cost is compared with, in the same boot).  Every call or
 * round is timed on its own with RDTSC: "BENCH name mean unit" gives the
 * mean over the whole loop (other domains' slices that land in it
 * included), "BENCHSTAT name min median p99 unit" the per-call
 * distribution, for tests/bench/events.sh to collect.  "fxrstor N" is
 * the reproducer below, not a test.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <xen/arch-x86/hvm/start_info.h>
#include "bench.h"
#include "events.h"
#include "pv.h"

#define ROUNDS		10000
#define YIELDS		2000
#define NULL_CALLS	2000

static uint64_t sample[ROUNDS];	/* cycles of each call or round */

/*
 * Prints the mean of the whole loop (total cycles over n) and the per-call
 * min, median and p99 of sample[0..n), each divided by per (the switches
 * in one sample).
 */
static void report(const char *name, uint64_t total, unsigned int n,
		   unsigned int per)
{
	bench_sort(sample, n);
	pv_printf("BENCH %s %lu cycles\n", name, total / n / per);
	pv_printf("BENCHSTAT %s %lu %lu %lu cycles\n", name, sample[0] / per,
		  sample[n / 2] / per, sample[n * 99 / 100] / per);
}

static void bench_null_hypercall(void)
{
	uint64_t t0 = rdtsc(), c;
	unsigned int i;

	for (i = 0; i < NULL_CALLS; i++) {
		c = rdtsc();
		HYPERCALL2(__HYPERVISOR_xen_version, XENVER_version, 0);
		sample[i] = rdtsc() - c;
	}
	report("null-hypercall", rdtsc() - t0, NULL_CALLS, 1);
}

/* CPUID exits to the hypervisor and back: no guest can do less. */
static void bench_cpuid(void)
{
	uint64_t t0 = rdtsc(), c;
	uint32_t a, b, cx, d;
	unsigned int i;

	for (i = 0; i < NULL_CALLS; i++) {
		c = rdtsc();
		cpuid(0, &a, &b, &cx, &d);
		sample[i] = rdtsc() - c;
	}
	report("cpuid-exit", rdtsc() - t0, NULL_CALLS, 1);
}

/* Both domains yield in turn: each yield is a switch to the other. */
static void bench_yield(void)
{
	uint64_t t0 = rdtsc(), c;
	unsigned int i;

	for (i = 0; i < YIELDS; i++) {
		c = rdtsc();
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, NULL);
		sample[i] = rdtsc() - c;
	}
	/* Each yield is two switches (out and back in). */
	report("context-switch", rdtsc() - t0, YIELDS, 2);
}

/* The lowest port of peer that is unbound for us, once it is offered. */
static long find_offer(domid_t peer)
{
	evtchn_port_t p;
	long rc;

	for (;;) {
		for (p = 1; p < 16; p++) {
			rc = ev_bind_interdomain(peer, p);
			if (rc > 0 || rc != -EINVAL)
				return rc;
		}
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, NULL);
	}
}

static void ping(domid_t peer)
{
	uint64_t t0, c, cycles;
	unsigned int i;
	long p = ev_alloc_unbound(peer);

	EXPECT_TRUE("pingpong/offer", p > 0);
	if (p <= 0)
		return;
	ev_wait((evtchn_port_t)p, 1);	/* the peer says it is there */
	t0 = rdtsc();
	for (i = 0; i < ROUNDS; i++) {
		c = rdtsc();
		ev_send((evtchn_port_t)p);
		ev_wait((evtchn_port_t)p, i + 2);
		sample[i] = rdtsc() - c;
	}
	cycles = rdtsc() - t0;
	EXPECT_EQ("pingpong/rounds", ev_count[p], ROUNDS + 1);
	report("event-round-trip", cycles, ROUNDS, 1);
	ev_send((evtchn_port_t)p);	/* starts the yield benchmark */
	bench_yield();
	bench_null_hypercall();
	bench_cpuid();
	EXPECT_EQ("pingpong/close", ev_close((evtchn_port_t)p), 0);
}

static void pong(domid_t peer)
{
	unsigned int i;
	long p = find_offer(peer);

	EXPECT_TRUE("pingpong/bind", p > 0);
	if (p <= 0)
		return;
	/* Binding signalled our port once (as Xen does): count it. */
	ev_wait((evtchn_port_t)p, 1);
	ev_send((evtchn_port_t)p);
	for (i = 0; i < ROUNDS; i++) {
		ev_wait((evtchn_port_t)p, i + 2);
		ev_send((evtchn_port_t)p);
	}
	ev_wait((evtchn_port_t)p, ROUNDS + 2);
	EXPECT_EQ("pingpong/rounds", ev_count[p], ROUNDS + 2);
	bench_yield();
}

/*
 * "fxrstor N": N rounds of 1000 FXRSTORs of the guest's own FPU state and
 * one null hypercall: the reproducer of QEMU 7.2's lost nested-paging
 * clear (docs/emulators.md).  Two such domains on two CPUs under QEMU's
 * multi-threaded TCG: one's FXRSTORs race the other's world switches.
 */
static void fxrstor_rounds(unsigned long n)
{
	static uint8_t area[512] __attribute__((aligned(16)));
	unsigned long i;
	unsigned int j;

	__asm__ volatile("fxsave64 %0" : "=m"(area));
	for (i = 0; i < n; i++) {
		for (j = 0; j < 1000; j++)
			__asm__ volatile("fxrstor64 %0" : : "m"(area));
		HYPERCALL2(__HYPERVISOR_xen_version, XENVER_version, 0);
	}
	pv_printf("pingpong: %lu fxrstor rounds\n", n);
}

void guest_main(uint32_t start_info);
void guest_main(uint32_t start_info)
{
	const struct hvm_start_info *si = (void *)(uintptr_t)start_info;
	const char *cmdline;
	domid_t peer;
	long rc;

	if (pv_init())
		for (;;)
			__asm__ volatile("hlt");
	cmdline = (const char *)(uintptr_t)si->cmdline_paddr;
	if (!strncmp(cmdline, "fxrstor ", 8)) {
		fxrstor_rounds(strtoul(cmdline + 8, NULL, 10));
		pv_shutdown(SHUTDOWN_poweroff);
	}
	peer = (domid_t)strtoul(cmdline + 5, NULL, 10);
	rc = ev_init();
	EXPECT_EQ("pingpong/init", rc, 0);
	if (!rc && !strncmp(cmdline, "ping ", 5))
		ping(peer);
	else if (!rc)
		pong(peer);
	pv_summary();
	pv_shutdown(SHUTDOWN_poweroff);
}
