/* SPDX-License-Identifier: MIT */
/*
 * PV power: idling and ending the domain through sched_op.  Idle is
 * SCHEDOP_yield for now, not SCHEDOP_block: a blocked vCPU wakes only for
 * an event, and until the hypervisor offers event channels (and the PV
 * timer, VIRQ_TIMER) nothing would ever wake it.  With events, cpu_idle()
 * arms the singleshot timer for the next sleeper and blocks, as Mini-OS
 * does.  Power-off and reboot are SCHEDOP_shutdown with Xen's reasons.
 */
#include <stddef.h>
#include <xen/sched.h>
#include "../kernel/arch/x86/cpu.h"
#include "../kernel/power.h"
#include "hypercall.h"

void cpu_idle(void)
{
	irq_enable();
	hypercall_sched_op(SCHEDOP_yield, NULL);
}

static void __attribute__((noreturn)) shutdown(unsigned int reason)
{
	struct sched_shutdown sd = { .reason = reason };

	/* A shutdown does not return; if it ever did, ask again. */
	for (;;)
		hypercall_sched_op(SCHEDOP_shutdown, &sd);
}

void power_off(void)
{
	shutdown(SHUTDOWN_poweroff);
}

void power_reboot(void)
{
	shutdown(SHUTDOWN_reboot);
}
