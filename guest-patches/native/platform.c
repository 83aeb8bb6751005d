/* SPDX-License-Identifier: MIT */
/* The native platform: a PC with no hypervisor below us. */
#include "../kernel/arch/x86/cpu.h"
#include "../kernel/clock.h"
#include "../kernel/console.h"
#include "../kernel/platform.h"
#include "../kernel/shell.h"
#include "../kernel/print.h"
#include "../kernel/selftest.h"
#include "../kernel/thread.h"
#include "../kernel/trap.h"
#include "pic.h"
#include "pit.h"
#include "uart.h"

#define TICK_WAIT_NS	(5 * 1000000000ul / PIT_HZ)

int platform_init(void)
{
	int rc = console_init();

	if (rc)
		return rc;
	pic_init();
	uart_enable_input();
	irq_enable();
	return clock_init();
}

/* Every native device starts in platform_init(): nothing needs threads. */
int platform_start(void)
{
	return 0;
}

const char *platform_name(void)
{
	return "native";
}

void platform_info(void)
{
	kprintf("platform: native (no hypervisor)\n");
	kprintf("irqs:     8259 PIC; %lu timer, %lu serial interrupts; "
		"%lu input bytes dropped\n",
		trap_count(PIC_VECTOR(IRQ_TIMER)),
		trap_count(PIC_VECTOR(IRQ_COM1)), uart_overruns());
}

void platform_selftest(void)
{
	uint64_t before = pit_ticks();

	thread_sleep(TICK_WAIT_NS);
	selftest_check("native/pit-interrupts", pit_ticks() > before,
		       "no timer interrupt in %lu ns", TICK_WAIT_NS);
	selftest_check("native/tsc-calibrated", pit_tsc_khz() > 0,
		       "TSC measured at 0 kHz");
	selftest_check("native/uart-loopback", uart_loopback_test(),
		       "the byte did not come back");
}

/* A PC without a hypervisor adds no shell commands. */
const struct shell_command platform_commands[] = {
	{ NULL, NULL, 0, 0, NULL, NULL },
};
