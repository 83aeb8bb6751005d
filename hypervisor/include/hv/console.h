/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor console: its own messages ("(XEN) ..."), each domain's
 * console_io output ("(dN) ..."), and a ring of everything printed, kept for
 * later readers (xl dmesg).  Output goes to the serial line through the
 * arch hook arch_console_write().
 */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <stdarg.h>
#include <hv/types.h>

struct domain;

/* Prints a hypervisor message, prefixed "(XEN) " at the start of each line. */
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap) __printf(1, 0);

/*
 * Stops everything: prints the message and the caller's registers, then
 * halts this CPU for good (and powers the machine off where it can, so that
 * a test sees the end at once).
 */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__,	\
			      __LINE__);				\
	} while (0)

/*
 * Writes len bytes a domain sent through console_io.  Output is gathered
 * into lines and each line printed as "(dN) text", so domains writing at the
 * same time never interleave within a line.  Non-printable bytes other than
 * newline and tab are shown as '?'.
 */
void console_guest_write(struct domain *d, const char *buf, size_t len);

/* Prints whatever the domain left without a final newline (on its death). */
void console_guest_flush(struct domain *d);

/*
 * Shows the domain's unfinished line now (a prompt, echoed typing) and
 * keeps the line open: its later output continues it, anybody else's
 * output starts on a new line.
 */
void console_guest_show_partial(struct domain *d);

/*
 * Reads up to len bytes of serial input that arrived for Dom0.  Returns the
 * count (0 when nothing waits).
 */
size_t console_read_input(char *buf, size_t len);

/*
 * Raises VIRQ_CONSOLE (a global VIRQ: Dom0 binds it) while serial input
 * waits to be read with CONSOLEIO_read.  Run at every tick of the boot
 * CPU: the serial line's interrupt is not wired up, so input is noticed
 * within a tick.
 */
void console_poll_input(void);

/*
 * Copies console ring contents into buf (at most len bytes), oldest first,
 * starting at *index when incremental is set (the position a previous call
 * returned; an index past the newest byte reads nothing) or else at the oldest
 * byte kept.  Sets *index past the last byte copied and returns the count.
 * clear forgets what was read.
 */
size_t console_ring_read(char *buf, size_t len, uint64_t *index,
			 bool incremental, bool clear);

/* The arch's output device (the serial line). */
void arch_console_write(const char *s, size_t n);
/* Returns the next input byte from the arch's device, or -1 when none. */
int arch_console_getc(void);
/* True when the arch's device has an input byte waiting. */
bool arch_console_input_ready(void);

#endif
