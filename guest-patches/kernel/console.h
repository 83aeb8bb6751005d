/* SPDX-License-Identifier: MIT */
/*
 * The console contract: the kernel core prints, reads and waits for input
 * through these calls, and each build links one implementation of them.
 * Native: native/uart.c (COM1 16550, interrupt-driven input).  Paravirtual:
 * pv/console.c (console_io, its input signalled by VIRQ_CONSOLE, or the
 * console ring with `console=hvc0`, signalled by the ring's event channel).
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>

/*
 * Makes the console usable.  Called once by platform_init(), before the
 * first output.  Returns 0 or a negative errno.
 */
int console_init(void);

/*
 * Writes n bytes; "\n" ends a line (the implementation adds what its
 * device needs, such as "\r").  Never fails visibly: output that cannot
 * be delivered is dropped.  Callable from any thread, interrupts on or off.
 */
void console_write(const char *s, size_t n);

/*
 * Returns the next input byte, or -1 when none is waiting (or the console
 * has no input, as a DomU's console_io has not).  Never blocks.
 */
int console_getc(void);

/*
 * Blocks the calling thread until input may be waiting, for a reader that
 * found none: `while ((c = console_getc()) < 0) console_wait_input();`.
 * A hint, not a promise: console_getc() may still return -1 after it
 * returns (a wake-up for something else, input already taken), so the
 * caller checks again.  No input is missed: input that comes after the
 * caller's console_getc() gave -1, even before this call, makes it return
 * (it looks for input once more after it noted the wake-ups so far, as
 * thread_wait_count() and thread_wait() are meant to be used).
 *
 * It returns when input arrives (the device's interrupt or event), or at
 * console_wake_input().  Where the device gives no event for input (a PV
 * console_io whose VIRQ_CONSOLE could not be bound: no event channels),
 * it sleeps a bounded time instead (10 ms: the caller polls, as it did
 * before there were events; console_wake_input() does not shorten it).
 * Where the console has no input at all (a DomU's console_io: its
 * CONSOLEIO_read is refused), only console_wake_input() or a switch to
 * the console ring ends it: it never spins.
 *
 * Call from a thread other than the idle thread, interrupts on.
 */
void console_wait_input(void);

/*
 * Makes every thread in console_wait_input() return (a waiting thread's
 * next one waits again).  For a reader that waits for input *or* for
 * something else: whoever changes the something else calls this (Dom0's
 * console backend, when the attached domain printed or went away).  The
 * input devices call it from their event handlers too.  Called by another
 * thread it cannot be lost: threads are cooperative, so a reader checks
 * its condition and waits without another thread running in between.
 * Callable from threads and interrupt handlers; never blocks.
 */
void console_wake_input(void);

/* A short description of the console for `info`, e.g. "COM1 16550". */
const char *console_name(void);

#endif
