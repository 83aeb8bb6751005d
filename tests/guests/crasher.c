/* SPDX-License-Identifier: MIT */
/*
 * A misbehaving guest: after a greeting it does what its command line
 * says, each of which the hypervisor must answer by crashing this domain
 * alone: "npf" touches guest-physical memory it does not have, "triple"
 * triple-faults.
 */
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/sched.h>
#include "pv.h"

#define OUTSIDE_RAM	0x20000000UL	/* 512 MiB: mapped by us, not by the p2m */

static void triple_fault(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) empty = { 0, 0 };

	__asm__ volatile("lidt %0; int3" : : "m"(empty));
}

void guest_main(uint32_t start_info);
void guest_main(uint32_t start_info)
{
	const struct hvm_start_info *si = (const void *)(uintptr_t)start_info;
	const char *mode = (const char *)(uintptr_t)si->cmdline_paddr;

	if (pv_init())
		for (;;)
			__asm__ volatile("hlt");
	pv_printf("crasher: about to misbehave (%s)\n", mode);
	if (!strcmp(mode, "npf"))
		(void)*(volatile uint64_t *)OUTSIDE_RAM;
	else if (!strcmp(mode, "triple"))
		triple_fault();
	pv_printf("FAIL crasher/%s: still alive\n", mode);
	pv_shutdown(SHUTDOWN_crash);
}
