/* SPDX-License-Identifier: MIT */
/*
 * The clock contract: monotonic time since boot.  Native: native/pit.c
 * (PIT ticks, the TSC measured against them).  Paravirtual: pv/clock.c (the
 * TSC with a frequency a guest can learn; vcpu_time_info replaces it when
 * the hypervisor provides it).
 */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <stdint.h>

/*
 * Starts the clock.  Called once by platform_init() with the IDT in place
 * (a clock may need its interrupt).  Returns 0 or a negative errno.
 */
int clock_init(void);

/* Nanoseconds since clock_init(); never goes backwards. */
uint64_t clock_ns(void);

/* Where the time comes from and how it was calibrated, for `info`. */
const char *clock_source(void);

#endif
