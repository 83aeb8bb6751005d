/* SPDX-License-Identifier: MIT */
/*
 * The native console: COM1, a 16550 UART at 115200 8N1, output polled,
 * input by interrupt (IRQ 4) into a ring that console_getc() drains.  It
 * implements console.h; these are its extra calls.
 */
#ifndef NATIVE_UART_H
#define NATIVE_UART_H

#include <stdbool.h>

/*
 * Starts input interrupts (the PIC must be up).  Called by
 * platform_init() after pic_init().
 */
void uart_enable_input(void);

/*
 * Sends one byte through the UART's loopback mode and checks it comes back,
 * with input interrupts held off meanwhile.  Returns true when it did.
 */
bool uart_loopback_test(void);

/* Input bytes dropped because the ring was full. */
unsigned long uart_overruns(void);

#endif
