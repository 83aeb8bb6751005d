/* SPDX-License-Identifier: MIT */
/*
 * The PV console's two devices behind kernel/console.h.  pv/console.c
 * implements the core's contract by forwarding to one struct pv_console,
 * chosen once: console_io (pv/console_io.c, the hypercall: every domain,
 * from the first byte printed) until console_start() finds the console
 * ring usable, then console_ring (pv/console_ring.c: the shared page of
 * HVM_PARAM_CONSOLE_PFN and its event channel, served by Dom0's backend).
 * Each member has the meaning of the kernel/console.h call of that name.
 */
#ifndef PV_CONSOLE_H
#define PV_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

struct pv_console {
	void (*write)(const char *s, size_t n);
	int (*getc)(void);
	const char *(*name)(void);
	/* Waits (bounded) until the backend took all output; may be NULL. */
	void (*flush)(void);
};

/* The console_io hypercall: output always, input for Dom0 only. */
extern const struct pv_console console_io;

/* The console ring; usable once console_ring_init() returned 0. */
extern const struct pv_console console_ring;

/*
 * Maps the console page (frame pfn, reserved in our memory map) into the
 * kernel's page tables and attaches to port, the event channel the
 * hypervisor bound for Dom0.  Needs the kernel's page tables and event
 * channels.  Returns 0 or a negative errno (paging_map(), evtchn_attach()).
 */
int console_ring_init(uint64_t pfn, uint32_t port);

/*
 * Switches the console to the ring when the domain has a console page
 * (HVM_PARAM_CONSOLE_PFN != 0), event channels work and the command line
 * says `console=hvc0` (as Linux's does); otherwise console_io stays, so a
 * domain without a backend keeps its output.  Called once by
 * platform_start().  Returns 0 or console_ring_init()'s error (console_io
 * stays then).
 */
int console_start(void);

/*
 * Lets the backend take what is still in the console (before a shutdown:
 * the hypervisor frees the domain's pages at once, so what Dom0 has not
 * read by then is lost).  Waits a bounded time; nothing for console_io.
 */
void console_flush(void);

#endif
