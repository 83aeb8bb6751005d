/* SPDX-License-Identifier: MIT */
/*
 * The native clock: the 8254 PIT's channel 0 interrupting at PIT_HZ on
 * IRQ 0; clock_ns() counts its ticks.  At start-up the TSC is measured
 * against those ticks, the calibration a guest cannot do (it has no PIT)
 * and a PC can.  It implements clock.h; this is its extra call.
 */
#ifndef NATIVE_PIT_H
#define NATIVE_PIT_H

#include <stdint.h>

#define PIT_HZ	100

/* Timer interrupts taken since clock_init(). */
uint64_t pit_ticks(void);

/* The TSC frequency measured at start-up, in kHz (0 if it failed). */
uint64_t pit_tsc_khz(void);

#endif
