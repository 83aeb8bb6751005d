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
	(void)start_info;
	if (pv_init())
		for (;;)
			__asm__ volatile("hlt");
	pv_printf("spinner ready\n");
	for (;;)
		__asm__ volatile("pause");
}
