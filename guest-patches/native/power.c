/* SPDX-License-Identifier: MIT */
/*
 * Native power: HLT to idle; power-off through every switch a PC emulator
 * may have, first to last: QEMU's isa-debug-exit (when the test added it),
 * ACPI PM1a_CNT with SLP_EN at 0x604 (QEMU's PIIX4 and ICH9 as SeaBIOS
 * sets them up) and at 0xb004 (Bochs); reset through port 0xcf9 and the
 * keyboard controller.
 */
#include "../kernel/arch/x86/cpu.h"
#include "../kernel/arch/x86/io.h"
#include "../kernel/power.h"

#define DEBUG_EXIT_PORT	0xf4
#define ACPI_QEMU_PM1A	0x604
#define ACPI_BOCHS_PM1A	0xb004
#define ACPI_S5_SLP_EN	0x2000	/* SLP_TYP 0 (QEMU's _S5), SLP_EN */
#define RESET_CONTROL	0xcf9
#define RESET_HARD	0x06
#define KBC_CMD		0x64
#define KBC_RESET	0xfe

void cpu_idle(void)
{
	irq_enable_and_halt();
}

static void __attribute__((noreturn)) halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void power_off(void)
{
	irq_disable();
	outb(DEBUG_EXIT_PORT, 0);
	outw(ACPI_QEMU_PM1A, ACPI_S5_SLP_EN);
	outw(ACPI_BOCHS_PM1A, ACPI_S5_SLP_EN);
	halt_forever();
}

void power_reboot(void)
{
	irq_disable();
	outb(RESET_CONTROL, RESET_HARD);
	outb(KBC_CMD, KBC_RESET);
	halt_forever();
}
