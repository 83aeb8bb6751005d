/* SPDX-License-Identifier: MIT */
/* Formatted output on the console, and the kernel's last words. */
#ifndef KERNEL_PRINT_H
#define KERNEL_PRINT_H

#include <stdarg.h>

/* printf to the console (the runtime's vcbprintf conversions). */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/*
 * Prints "PANIC: " and the message, then powers off (so that a test run
 * ends at once instead of at its time limit).  Never returns.
 */
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
