/* SPDX-License-Identifier: MIT */
/* The 8254 PIT: the native clock. */
#include <stdio.h>
#include "../kernel/arch/x86/cpu.h"
#include "../kernel/arch/x86/io.h"
#include "../kernel/clock.h"
#include "../kernel/trap.h"
#include "pic.h"
#include "pit.h"

#define PIT_CH0		0x40
#define PIT_CMD		0x43
#define PIT_MODE2	0x34	/* channel 0, lo/hi byte, rate generator */
#define PIT_INPUT_HZ	1193182ull
#define DIVISOR		((PIT_INPUT_HZ + PIT_HZ / 2) / PIT_HZ)
#define CALIBRATE_TICKS	10

static volatile uint64_t ticks;
static uint64_t tsc_khz;
static char source[80];

static void pit_interrupt(struct trap_frame *f)
{
	(void)f;
	ticks++;
	pic_eoi(IRQ_TIMER);
}

static void wait_tick(void)
{
	uint64_t t = ticks;

	while (ticks == t)
		__asm__ volatile("hlt");
}

/* Counts TSC cycles over CALIBRATE_TICKS timer periods. */
static void calibrate_tsc(void)
{
	uint64_t t0, t1;

	wait_tick();
	t0 = rdtsc();
	for (int i = 0; i < CALIBRATE_TICKS; i++)
		wait_tick();
	t1 = rdtsc();
	tsc_khz = (t1 - t0) * PIT_INPUT_HZ / (DIVISOR * CALIBRATE_TICKS * 1000);
}

/* Needs interrupts: platform_init() enables them before calling it. */
int clock_init(void)
{
	trap_set_handler(PIC_VECTOR(IRQ_TIMER), pit_interrupt);
	outb(PIT_CMD, PIT_MODE2);
	outb(PIT_CH0, (uint8_t)DIVISOR);
	outb(PIT_CH0, (uint8_t)(DIVISOR >> 8));
	pic_unmask(IRQ_TIMER);
	calibrate_tsc();
	snprintf(source, sizeof(source),
		 "8254 PIT at %d Hz on IRQ 0; TSC measured at %lu.%03lu MHz",
		 PIT_HZ, tsc_khz / 1000, tsc_khz % 1000);
	return 0;
}

uint64_t clock_ns(void)
{
	return ticks * DIVISOR * 1000000000ull / PIT_INPUT_HZ;
}

const char *clock_source(void)
{
	return source;
}

uint64_t pit_ticks(void)
{
	return ticks;
}

uint64_t pit_tsc_khz(void)
{
	return tsc_khz;
}
