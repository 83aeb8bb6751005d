/* SPDX-License-Identifier: MIT */
/* The x86 side of time: the TSC as the system-time counter, the CMOS clock. */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <hv/time.h>

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define RTC_SECONDS	0x00
#define RTC_MINUTES	0x02
#define RTC_HOURS	0x04
#define RTC_DAY		0x07
#define RTC_MONTH	0x08
#define RTC_YEAR	0x09
#define RTC_STATUS_A	0x0a
#define RTC_STATUS_B	0x0b
#define RTC_UIP		0x80	/* status A: an update is in progress */
#define RTC_BINARY	0x04	/* status B: not BCD */
#define RTC_24H		0x02	/* status B: 24-hour clock */

uint64_t arch_time_counter(void)
{
	return rdtsc();
}

uint64_t arch_time_counter_khz(void)
{
	return tsc_per_ms;
}

static unsigned int cmos_read(unsigned int reg)
{
	outb(CMOS_INDEX, (uint8_t)reg);
	return inb(CMOS_DATA);
}

static unsigned int from_bcd(unsigned int v, bool binary)
{
	return binary ? v : (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; y >= 1970). */
static uint64_t days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
	static const unsigned int before[12] = { 0, 31, 59, 90, 120, 151, 181,
						 212, 243, 273, 304, 334 };
	uint64_t days = (uint64_t)(y - 1970) * 365 + before[(m - 1) % 12] + d - 1;
	unsigned int leap_y = m > 2 ? y : y - 1;	/* leap days up to then */

	days += (leap_y / 4 - 1969 / 4) - (leap_y / 100 - 1969 / 100) +
		(leap_y / 400 - 1969 / 400);
	return days;
}

uint64_t arch_wallclock_seconds(void)
{
	unsigned int spins = 1000000, sec, min, hour, day, mon, year, b;
	bool binary, pm;

	while ((cmos_read(RTC_STATUS_A) & RTC_UIP) && --spins)
		cpu_relax();
	b = cmos_read(RTC_STATUS_B);
	binary = b & RTC_BINARY;
	sec = from_bcd(cmos_read(RTC_SECONDS), binary);
	min = from_bcd(cmos_read(RTC_MINUTES), binary);
	hour = cmos_read(RTC_HOURS);
	pm = hour & 0x80;
	if (b & RTC_24H)
		hour = from_bcd(hour, binary);
	else	/* 12 o'clock is hour 0 of its half */
		hour = from_bcd(hour & 0x7f, binary) % 12 + (pm ? 12 : 0);
	day = from_bcd(cmos_read(RTC_DAY), binary);
	mon = from_bcd(cmos_read(RTC_MONTH), binary);
	year = from_bcd(cmos_read(RTC_YEAR), binary) + 2000;
	if (!mon || mon > 12 || !day || day > 31 || hour > 23 || min > 59 ||
	    sec > 60)
		return 0;
	return ((days_since_epoch(year, mon, day) * 24 + hour) * 60 + min) * 60 +
	       sec;
}
