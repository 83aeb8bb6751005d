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

/*
 * One reading of PIT channel 2's count, with the TSC and the APIC timer
 * taken beside it.  The TSC is read before and after; their spread says
 * how far apart the three readings may be (a preempted emulator thread or
 * an SMI in between makes it large).
 */
struct pit_sample {
	uint64_t tsc, spread;
	uint32_t apic;
	uint16_t pit;
};

static struct pit_sample pit_sample(void)
{
	struct pit_sample s;
	uint64_t t0 = rdtsc();
	uint8_t lo, hi;

	outb(0x43, 0x80);		/* latch channel 2's count */
	lo = inb(0x42);
	hi = inb(0x42);
	s.apic = apic_read(APIC_TIMER_CUR);
	s.tsc = rdtsc();
	s.spread = s.tsc - t0;
	s.pit = (uint16_t)(hi << 8 | lo);
	return s;
}

/* Of a few samples, the one whose readings lie closest together. */
static struct pit_sample tight_sample(void)
{
	struct pit_sample best = pit_sample(), s;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		s = pit_sample();
		if (s.spread < best.spread)
			best = s;
	}
	return best;
}

/*
 * One measurement: PIT channel 2 counts down from 0xffff (55 ms); TSC and
 * APIC timer ticks between two samples at least CALIBRATE_MS apart, per
 * ms.  False when the count went past 0 between two readings (we were
 * stopped for longer than its period).
 */
static bool measure(uint64_t *tsc_khz, uint64_t *apic_khz)
{
	uint16_t want = PIT_HZ * CALIBRATE_MS / 1000;
	struct pit_sample a, b, prev;
	uint64_t ticks;

	outb(0x43, 0xb0);			/* channel 2, lo/hi, mode 0 */
	outb(0x42, 0xff);
	outb(0x42, 0xff);
	apic_write(APIC_TIMER_INIT, 0xffffffff);
	a = tight_sample();
	prev = a;
	for (;;) {
		b = pit_sample();
		if (b.pit > prev.pit)
			return false;		/* wrapped */
		if ((uint16_t)(a.pit - b.pit) >= want)
			break;
		prev = b;
	}
	b = tight_sample();
	if (b.pit > prev.pit)
		return false;
	ticks = (uint16_t)(a.pit - b.pit);
	*tsc_khz = (b.tsc - a.tsc) * PIT_HZ / (ticks * 1000);
	*apic_khz = (uint64_t)(a.apic - b.apic) * PIT_HZ / (ticks * 1000);
	return true;
}

/*
 * Counts TSC and APIC timer ticks against the PIT.  Both ends of a window
 * are timestamped by reading the PIT's count, not by waiting for it to
 * reach 0: on a loaded host the emulator may stop us for longer than the
 * window, and the time until we noticed its end would count as part of it
 * (QEMU under load made the TSC look 1.5 to 3 times faster than it is,
 * and every guest clock run that much slower).  A stop between two
 * samples is harmless; one inside a sample is made unlikely by taking the
 * tightest of a few; a stop that hides a wrap of the count could only
 * make a measurement too high, so the lowest of three is kept.
 */
static void calibrate(void)
{
	uint64_t tsc_khz, apic_khz, best_tsc = ~0ULL, best_apic = 1;
	unsigned int i;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);	/* gate on, speaker off */
	apic_write(APIC_TIMER_DIV, TIMER_DIV_16);
	apic_write(APIC_LVT_TIMER, LVT_MASKED);
	for (i = 0; i < 8 && (i < 3 || best_tsc == ~0ULL); i++)
		if (measure(&tsc_khz, &apic_khz) && tsc_khz < best_tsc) {
			best_tsc = tsc_khz;
			best_apic = apic_khz;
		}
	apic_write(APIC_TIMER_INIT, 0);
	tsc_per_ms = best_tsc == ~0ULL ? 1000000 : best_tsc;	/* 1 GHz: no PIT */
	apic_ticks_per_ms = best_apic ? (uint32_t)best_apic : 1;
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
