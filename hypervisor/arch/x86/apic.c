/* SPDX-License-Identifier: MIT */
/*
 * Local APIC and its timer, calibrated against PIT channel 2.  The timer
 * runs in one-shot mode: time.c programs each interrupt (the scheduler
 * tick or an earlier guest deadline).
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <hv/console.h>
#include <hv/mm.h>
#include <hv/param.h>
#include <hv/time.h>

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_ENABLE	(1u << 11)
#define APIC_EOI		0x0b0
#define APIC_SVR		0x0f0
#define APIC_ICR_LO		0x300
#define APIC_ICR_HI		0x310
#define ICR_PENDING		(1u << 12)
#define ICR_ALL_BUT_SELF	(3u << 18)
#define ICR_DEST_SHIFT		24	/* in ICR_HI: the destination APIC ID */
#define ICR_INIT		(5u << 8)
#define ICR_STARTUP		(6u << 8)
#define ICR_ASSERT		(1u << 14)
#define APIC_LVT_TIMER		0x320
#define APIC_TIMER_INIT		0x380
#define APIC_TIMER_CUR		0x390
#define APIC_TIMER_DIV		0x3e0
#define LVT_MASKED		(1u << 16)
#define TIMER_DIV_16		0x3

#define PIT_HZ			1193182
#define CALIBRATE_MS		10

uint64_t tsc_per_ms;
static volatile uint32_t *apic_regs;
static uint32_t apic_ticks_per_ms;

static uint32_t apic_read(unsigned int reg)
{
	return apic_regs[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t v)
{
	apic_regs[reg / 4] = v;
}

static void pic_mask_all(void)
{
	/* Remap first so that a stray legacy IRQ never looks like an exception. */
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, 0x20);
	outb(0xa1, 0x28);
	outb(0x21, 0x04);
	outb(0xa1, 0x02);
	outb(0x21, 0x01);
	outb(0xa1, 0x01);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/* Runs PIT channel 2 for CALIBRATE_MS and counts APIC timer and TSC ticks. */
static void calibrate(void)
{
	uint16_t count = PIT_HZ * CALIBRATE_MS / 1000;
	uint64_t tsc0, tsc1;
	uint32_t apic0, apic1;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);	/* gate on, speaker off */
	outb(0x43, 0xb0);			/* channel 2, lo/hi, mode 0 */
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	apic_write(APIC_TIMER_DIV, TIMER_DIV_16);
	apic_write(APIC_LVT_TIMER, LVT_MASKED);
	apic_write(APIC_TIMER_INIT, 0xffffffff);
	apic0 = apic_read(APIC_TIMER_CUR);
	tsc0 = rdtsc();
	while (!(inb(0x61) & 0x20))
		cpu_relax();
	apic1 = apic_read(APIC_TIMER_CUR);
	tsc1 = rdtsc();
	apic_write(APIC_TIMER_INIT, 0);
	apic_ticks_per_ms = (apic0 - apic1) / CALIBRATE_MS;
	tsc_per_ms = (tsc1 - tsc0) / CALIBRATE_MS;
	if (!apic_ticks_per_ms)
		apic_ticks_per_ms = 1;
}

void apic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	pic_mask_all();
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	apic_regs = maddr_to_virt(base & ~0xfffULL);
	apic_write(APIC_SVR, 0x100 | APIC_SPURIOUS_VECTOR);
	calibrate();
	printk("APIC timer: %u ticks/ms (divide by 16), TSC: %lu kHz\n",
	       apic_ticks_per_ms, tsc_per_ms);
}

void apic_enable_ap(void)
{
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
	apic_write(APIC_SVR, 0x100 | APIC_SPURIOUS_VECTOR);
}

static void send_ipi_to(uint32_t dest, uint32_t icr)
{
	unsigned int spins = 1000000;

	apic_write(APIC_ICR_HI, dest << ICR_DEST_SHIFT);
	apic_write(APIC_ICR_LO, icr);
	while ((apic_read(APIC_ICR_LO) & ICR_PENDING) && --spins)
		cpu_relax();
}

/* Busy-waits about us microseconds on the calibrated TSC. */
static void udelay(uint64_t us)
{
	uint64_t end = rdtsc() + tsc_per_ms * us / 1000;

	while (rdtsc() < end)
		cpu_relax();
}

void apic_start_aps(uint8_t vector)
{
	send_ipi_to(0, ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_INIT);
	udelay(10000);
	send_ipi_to(0, ICR_ALL_BUT_SELF | ICR_STARTUP | vector);
	udelay(200);
	send_ipi_to(0, ICR_ALL_BUT_SELF | ICR_STARTUP | vector);
}

void apic_send_kick(uint32_t dest)
{
	send_ipi_to(dest, ICR_ASSERT | APIC_KICK_VECTOR);
}

uint32_t apic_id(void)
{
	uint32_t a, b, c, d;

	cpuid_count(1, 0, &a, &b, &c, &d);
	return b >> 24;
}

void apic_timer_start(void)
{
	apic_write(APIC_TIMER_DIV, TIMER_DIV_16);
	apic_write(APIC_LVT_TIMER, APIC_TIMER_VECTOR);	/* one-shot */
	arch_timer_program(1000000000ULL / SCHED_TICK_HZ);
}

void arch_timer_program(uint64_t delta_ns)
{
	uint64_t ticks = delta_ns * apic_ticks_per_ms / 1000000;

	if (delta_ns > 1000000000ULL)	/* no overflow above; a second is plenty */
		ticks = (uint64_t)apic_ticks_per_ms * 1000;
	apic_write(APIC_TIMER_INIT, (uint32_t)MAX(MIN(ticks, 0xffffffffULL), 1ULL));
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

void apic_timer_interrupt(void)
{
	apic_eoi();
	time_interrupt();
}
