/* SPDX-License-Identifier: MIT */
/*
 * The local APIC of each CPU: enabled in xAPIC mode, its timer calibrated
 * against the PIT once at boot and run in one-shot mode, programmed by
 * time.c (arch_timer_program) for the next scheduler tick or guest
 * deadline.  The legacy PIC is masked.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <hv/types.h>

#define APIC_TIMER_VECTOR	0xf0
#define APIC_KICK_VECTOR	0xf1	/* "look at your run queue" (smp_kick) */
#define APIC_SPURIOUS_VECTOR	0xff

/*
 * Masks the 8259 PICs, enables this CPU's local APIC and measures its
 * timer and the TSC against the PIT.  Boot CPU only.
 */
void apic_init(void);

/* Enables an application processor's local APIC (no timer). */
void apic_enable_ap(void);

/*
 * Wakes every other CPU with INIT, then twice STARTUP at page vector
 * (real-mode address vector << 12), as the SDM's MP start-up asks.
 */
void apic_start_aps(uint8_t vector);

/* Sends the kick IPI (APIC_KICK_VECTOR) to the CPU with APIC ID dest. */
void apic_send_kick(uint32_t dest);

/* This CPU's (initial) APIC ID, from CPUID: usable before apic_init(). */
uint32_t apic_id(void);

/* Starts this CPU's timer: the first interrupt comes one tick later. */
void apic_timer_start(void);

/* Signals end of interrupt to this CPU's local APIC. */
void apic_eoi(void);

/* The timer interrupt: acknowledges it and tells time.c. */
void apic_timer_interrupt(void);

/* Measured at boot: TSC ticks per millisecond. */
extern uint64_t tsc_per_ms;

#endif
