/* SPDX-License-Identifier: MIT */
/*
 * A CPU-bound guest for the scheduler tests: it says it is ready and then
 * spins until Dom0 shuts it down (SCHEDOP_remote_shutdown).
 */
#include <xen/sched.h>
#include "pv.h"

void guest_main(uint32_t start_info);
void guest_main(uint32_t start_info)
{
	if (pv_init())
		for (;;)
			__asm__ volatile("hlt");
	pv_printf("spinner ready\n");
	/* Its own XMM values, rewritten all the time: a leak would show. */
	for (;;)
		xmm_fill(0x5a5a5a5a00000000ULL | (uint64_t)start_info);
}
