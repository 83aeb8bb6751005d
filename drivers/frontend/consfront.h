/* SPDX-License-Identifier: MIT */
/*
 * The console frontend: a DomU's end of its console ring (xen/io/console.h,
 * the page of HVM_PARAM_CONSOLE_PFN and its event channel), served by
 * Dom0's console backend (drivers/backend/consback.h).  It is one of the
 * PV console's devices (guest-patches/pv/console.h): pv/console.c switches
 * to it when the command line says `console=hvc0`.
 */
#ifndef DRIVERS_CONSFRONT_H
#define DRIVERS_CONSFRONT_H

#include <stdint.h>
#include "../../guest-patches/pv/console.h"

/*
 * The console ring as a PV console device; usable once consfront_init()
 * returned 0.  Output waits (yielding) while Dom0 drains a full ring, then
 * drops; Dom0's impossible indexes read as a full (output) or empty
 * (input) ring.
 */
extern const struct pv_console consfront;

/*
 * Maps the console page (frame pfn, reserved in our memory map) into the
 * kernel's page tables and attaches to port, the event channel the
 * hypervisor bound for Dom0.  Needs the kernel's page tables and event
 * channels.  Returns 0 or a negative errno (paging_map(), evtchn_attach()).
 */
int consfront_init(uint64_t pfn, uint32_t port);

#endif
