/* SPDX-License-Identifier: MIT */
/*
 * The console contract: the kernel core prints and reads through these
 * three calls, and each build links one implementation of them.  Native:
 * native/uart.c (COM1 16550, interrupt-driven input).  Paravirtual:
 * pv/console.c (console_io, or the console ring with `console=hvc0`).
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

/* A short description of the console for `info`, e.g. "COM1 16550". */
const char *console_name(void);

#endif
