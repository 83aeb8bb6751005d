/* SPDX-License-Identifier: MIT */
/*
 * A misbehaving guest: after a greeting it does what its command line
 * says, each of which the hypervisor must answer by crashing this domain
 * alone: "npf" points its IDT at guest-physical memory it does not have
 * and takes an exception (an event delivered through nothing), "triple"
 * triple-faults.
 */
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/sched.h>
#include "pv.h"

#define OUTSIDE_RAM	0x20000000UL	/* 512 MiB: mapped by us, not by the p2m */

/* An exception through an IDT at base (limit 0: none, a triple fault). */
static void exception_through(uint64_t base, uint16_t limit)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idt = { limit, base };

	__asm__ volatile("lidt %0; int3" : : "m"(idt));
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
		exception_through(OUTSIDE_RAM, 0xfff);
	else if (!strcmp(mode, "triple"))
		exception_through(0, 0);
	pv_printf("FAIL crasher/%s: still alive\n", mode);
	pv_shutdown(SHUTDOWN_crash);
}
