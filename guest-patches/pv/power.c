/* SPDX-License-Identifier: MIT */
/*
 * PV power: idling and ending the domain through sched_op.  Idle makes
 * sure the one-shot timer fires by the next sleeping thread's deadline
 * (pvclock_arm_by(): not re-armed while an earlier one waits) and halts
 * with STI;HLT, as Linux idles a PVH guest: the hypervisor blocks a
 * halted vCPU until VIRQ_TIMER or any other event, exactly as
 * SCHEDOP_block would (it returns at once when an event is pending), and
 * since STI takes effect only once HLT has started, no wake-up is lost
 * between the idle loop's check and the halt.  Unlike SCHEDOP_block,
 * which a vCPU enters with interrupts off, the vCPU wakes with
 * interrupts on, so the event's upcall is injected straight away instead
 * of after another exit for the interrupt window: one exit fewer per
 * wake-up, which a Dom0 serving a xenstore request at a time pays per
 * request.  On a hypervisor without event channels or the timer nothing
 * could wake a halted vCPU, so idle only yields there.  Power-off and
 * reboot are SCHEDOP_shutdown with Xen's reasons.
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
	if (pvclock_has_timer() &&
	    (wake == UINT64_MAX || !pvclock_arm_by(wake))) {
		irq_enable_and_halt();
		return;
	}
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
