/* SPDX-License-Identifier: MIT */
/*
 * A CPU-bound guest for the scheduler tests: it says it is ready and then
 * spins until Dom0 shuts it down (SCHEDOP_remote_shutdown) or destroys it.
 * With "ioport" on its command line it spins on IN from a port with no
 * device instead, an exit each time, as Linux's PIT calibration does: the
 * scheduler must share, cap, pause and destroy it like any spinner,
 * however its exits are handled.
 */
#include <stdbool.h>
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/sched.h>
#include "pv.h"

#define EXITS_PER_FILL	256

void guest_main(uint32_t start_info);
void guest_main(uint32_t start_info)
{
	const struct hvm_start_info *si = (const void *)(uintptr_t)start_info;
	const char *cmdline = (const char *)(uintptr_t)si->cmdline_paddr;
	bool ioport = si->cmdline_paddr && strstr(cmdline, "ioport");
	unsigned int i;
	uint8_t in;

	if (pv_init())
		for (;;)
			__asm__ volatile("hlt");
	pv_printf("spinner ready%s\n", ioport ? " (IN from port 0x42)" : "");
	/* Its own XMM values, rewritten all the time: a leak would show. */
	for (;;) {
		xmm_fill(0x5a5a5a5a00000000ULL | (uint64_t)start_info);
		for (i = 0; ioport && i < EXITS_PER_FILL; i++)
			__asm__ volatile("inb $0x42, %0" : "=a"(in));
	}
}
