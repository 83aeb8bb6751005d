/* SPDX-License-Identifier: MIT */
/*
 * The PV console's two devices behind kernel/console.h.  pv/console.c
 * implements the core's contract by forwarding to one struct pv_console,
 * chosen once: console_io (pv/console_io.c, the hypercall: every domain,
 * from the first byte printed) until console_start() finds the console
 * ring usable, then consfront (drivers/frontend/consfront.c: the shared
 * page of HVM_PARAM_CONSOLE_PFN and its event channel, served by Dom0's
 * backend, drivers/backend/consback.c).
 * Each member has the meaning of the kernel/console.h call of that name.
 */
#ifndef PV_CONSOLE_H
#define PV_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

/*
 * What a device says of its input, for console_wait_input(): whether a
 * byte waits, and if not, how a reader waits for one.
 */
enum pv_console_input {
	PV_INPUT_WAITING,	/* getc() returns a byte now */
	PV_INPUT_EVENT,		/* none; the device's event handler calls
				   console_wake_input() when some may come */
	PV_INPUT_POLL,		/* none, and no event tells: sleep, look again */
	PV_INPUT_NONE,		/* the device has no input at all */
};

struct pv_console {
	void (*write)(const char *s, size_t n);
	int (*getc)(void);
	const char *(*name)(void);
	/* Waits (bounded) until the backend took all output; may be NULL. */
	void (*flush)(void);
	/*
	 * Looks for input (without taking it from getc()) and says how to
	 * wait when there is none.  Called by console_wait_input() after it
	 * noted the wake-ups so far, from a thread.
	 */
	enum pv_console_input (*input)(void);
};

/* The console_io hypercall: output always, input for Dom0 only. */
extern const struct pv_console console_io;

/*
 * Makes console_io's input event-driven: binds VIRQ_CONSOLE, which the
 * hypervisor raises while serial input waits for CONSOLEIO_read (it looks
 * at each 10 ms tick of its boot CPU, and raises it again each tick until
 * everything was read), to a handler that calls console_wake_input().
 * Binds nothing where CONSOLEIO_read is refused (a DomU: it learns so
 * here, and its readers wait for good instead of polling).  Needs event
 * channels (evtchn_ready()); called by console_start() when console_io
 * stays.  Returns 0 or evtchn_bind_virq()'s error; without the VIRQ,
 * console_wait_input() polls console_io every 10 ms.
 */
int console_io_start(void);

/*
 * Switches the console to the ring when the domain has a console page
 * (HVM_PARAM_CONSOLE_PFN != 0), event channels work and the command line
 * says `console=hvc0` (as Linux's does); otherwise console_io stays, so a
 * domain without a backend keeps its output, and its input gets its event
 * (console_io_start()) when event channels work.  Called once by
 * platform_start().  Returns 0, consfront_init()'s error (console_io
 * stays then) or console_io_start()'s (its input is polled then).
 */
int console_start(void);

/*
 * Lets the backend take what is still in the console (before a shutdown:
 * the hypervisor frees the domain's pages at once, so what Dom0 has not
 * read by then is lost).  Waits a bounded time; nothing for console_io.
 */
void console_flush(void);

#endif
