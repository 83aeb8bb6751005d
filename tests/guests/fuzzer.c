/* SPDX-License-Identifier: MIT */
/*
 * The hypercall fuzzer: a guest that makes thousands of hypercalls with
 * pseudo-random numbers, sub-ops and arguments, and buffers full of
 * plausible garbage (small integers, valid pointers into its scratch
 * area, wild values).  The hypervisor must answer every one with an error
 * code or a result, never fall over; the fuzzer itself may end up crashed
 * by the hypervisor for something it did to its own memory.
 *
 * Command line: "seed=N count=M".  Calls that would only stop the fuzzer
 * itself (block, shutdown, vCPU down, giving its own RAM away, placing
 * hypervisor-written areas over its own code) are left out so that it
 * keeps going.
 */
#include <stdlib.h>
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include "pv.h"

#define SCRATCH_SIZE	(64 * 1024)
#define SCRATCH_USED	(32 * 1024)	/* pointers stay here; the rest is slack
					 * for the largest structure written */

static uint8_t scratch[SCRATCH_SIZE] __attribute__((aligned(4096)));
static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* An argument: small, a pointer into scratch, or anything at all. */
static unsigned long arg(void)
{
	switch (rnd() % 8) {
	case 0: case 1: case 2:
		return rnd() % 16;
	case 3: case 4: case 5: case 6:
		return (unsigned long)(uintptr_t)scratch + rnd() % SCRATCH_USED;
	default:
		return rnd();
	}
}

/* Fills the start of scratch with words that look like struct fields. */
static void fill_scratch(void)
{
	uint32_t *w = (uint32_t *)scratch;
	unsigned int i;

	for (i = 0; i < 256; i++) {
		switch (rnd() % 4) {
		case 0: case 1:
			w[i] = (uint32_t)(rnd() % 16);
			break;
		case 2:
			w[i] = (uint32_t)arg();
			break;
		default:
			w[i] = (uint32_t)rnd();
			break;
		}
	}
	if (rnd() % 2) {	/* domctl / sysctl header that passes the version check */
		w[0] = (uint32_t)(rnd() % 80);
		w[1] = 0x15;
		w[2] = (uint32_t)(rnd() % 8);
	}
}

/* True when (nr, sub-op) would only stop or unmap the fuzzer itself. */
static int self_harm(unsigned int nr, unsigned long op)
{
	switch (nr) {
	case __HYPERVISOR_sched_op:
		return op != SCHEDOP_yield && op < 8;
	case __HYPERVISOR_vcpu_op:
		/* Also the areas the hypervisor would write over its code. */
		return op == VCPUOP_down || op == VCPUOP_initialise ||
		       op == VCPUOP_register_vcpu_info ||
		       op == VCPUOP_register_runstate_memory_area ||
		       op == VCPUOP_register_vcpu_time_memory_area;
	case __HYPERVISOR_memory_op:
		op &= 0x3f;
		return op == XENMEM_decrease_reservation || op == XENMEM_exchange ||
		       op == XENMEM_add_to_physmap || op == XENMEM_remove_from_physmap ||
		       op == XENMEM_add_to_physmap_batch;
	default:
		return 0;
	}
}

static unsigned int pick_number(void)
{
	static const unsigned int implemented[] = {
		__HYPERVISOR_console_io, __HYPERVISOR_xen_version,
		__HYPERVISOR_sched_op, __HYPERVISOR_memory_op,
		__HYPERVISOR_grant_table_op, __HYPERVISOR_hvm_op,
		__HYPERVISOR_vcpu_op, __HYPERVISOR_sysctl, __HYPERVISOR_domctl,
		__HYPERVISOR_event_channel_op, __HYPERVISOR_set_timer_op,
	};

	if (rnd() % 8 == 0)
		return (unsigned int)(rnd() % 128);	/* anything in the page */
	return implemented[rnd() % (sizeof(implemented) / sizeof(implemented[0]))];
}

static unsigned long option(const char *cmdline, const char *name,
			    unsigned long dflt)
{
	const char *p = strstr(cmdline, name);

	return p ? strtoul(p + strlen(name), NULL, 0) : dflt;
}

/*
 * Dom0's fuzzing may have created domains (paused, empty): destroy every
 * domain but the two fuzzers so that the machine can power off.
 */
static void destroy_created(void)
{
	static struct xen_domctl_getdomaininfo list[32];
	struct xen_sysctl sop;
	struct xen_domctl dop;
	uint32_t i;

	memset(&sop, 0, sizeof(sop));
	sop.cmd = XEN_SYSCTL_getdomaininfolist;
	sop.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	sop.u.getdomaininfolist.first_domain = 2;
	sop.u.getdomaininfolist.max_domains = 32;
	set_xen_guest_handle(sop.u.getdomaininfolist.buffer, list);
	if (HYPERCALL2(__HYPERVISOR_sysctl, &sop, 0))
		return;
	for (i = 0; i < sop.u.getdomaininfolist.num_domains; i++) {
		memset(&dop, 0, sizeof(dop));
		dop.cmd = XEN_DOMCTL_destroydomain;
		dop.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
		dop.domain = list[i].domain;
		HYPERCALL2(__HYPERVISOR_domctl, &dop, 0);
	}
	pv_printf("fuzzer: destroyed %u domains it had created\n",
		  sop.u.getdomaininfolist.num_domains);
}

void guest_main(uint32_t start_info);
void guest_main(uint32_t start_info)
{
	const struct hvm_start_info *si = (const void *)(uintptr_t)start_info;
	const char *cmdline = (const char *)(uintptr_t)si->cmdline_paddr;
	unsigned long count, i, errors = 0, op;
	unsigned int nr;
	long rc;

	if (pv_init())
		for (;;)
			__asm__ volatile("hlt");
	rng_state = option(cmdline, "seed=", 1) * 0x9e3779b97f4a7c15ULL | 1;
	count = option(cmdline, "count=", 10000);
	pv_printf("fuzzer: %lu hypercalls, seed %lu\n", count, rng_state);
	for (i = 0; i < count; i++) {
		nr = pick_number();
		op = rnd() % 4 ? rnd() % 32 : arg();
		if (nr == __HYPERVISOR_console_io)
			continue;	/* would only flood the serial line */
		if (self_harm(nr, op))
			continue;
		fill_scratch();
		rc = hypercall(nr, op, arg(), arg(), arg(), arg());
		errors += rc < 0;
	}
	if (strstr(cmdline, "dom0"))
		destroy_created();
	pv_printf("FUZZ DONE %lu calls, %lu errors\n", count, errors);
	pv_shutdown(SHUTDOWN_poweroff);
}
