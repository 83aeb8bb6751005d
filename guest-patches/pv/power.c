/* SPDX-License-Identifier: MIT */
/*
 * PV power: idling and ending the domain through sched_op.  Idle arms
 * the one-shot timer for the next sleeping thread and blocks
 * (SCHEDOP_block), as Mini-OS does: the vCPU sleeps until the timer's
 * VIRQ_TIMER or any other event.  It blocks with interrupts still off: the
 * hypervisor returns at once when an event is already pending, and the
 * upcall runs as soon as interrupts are enabled again, so no wake-up is
 * lost between the idle loop's check and the block.  On a hypervisor
 * without event channels or the timer nothing could wake a blocked vCPU,
 * so idle only yields there.  Power-off and reboot are SCHEDOP_shutdown
 * with Xen's reasons.
 */
#include <stddef.h>
#include <xen/sched.h>
#include "../kernel/arch/x86/cpu.h"
#include "../kernel/power.h"
#include "../kernel/thread.h"
#include "console.h"
#include "hypercall.h"
#include "pvclock.h"

void cpu_idle(void)
{
	uint64_t wake = thread_next_wake();

	/* Nobody sleeps: only an event (console, xenstore...) wakes us. */
	if (pvclock_has_timer() && (wake == UINT64_MAX || !pvclock_set_timer(wake)))
		hypercall_sched_op(SCHEDOP_block, NULL);
	else
		hypercall_sched_op(SCHEDOP_yield, NULL);
	irq_enable();
}

static void __attribute__((noreturn)) shutdown(unsigned int reason)
{
	struct sched_shutdown sd = { .reason = reason };

	console_flush();
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
