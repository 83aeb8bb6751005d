/* SPDX-License-Identifier: MIT */
/*
 * Formatted output of the freestanding runtime: the snprintf family only
 * (there are no streams).  Conversions: %d %i %u %x %X %o %p %s %c %%, with
 * flags '-', '0', ' ', '+', '#', a width and precision (also '*'), and the
 * length modifiers hh h l ll z t j.  No floating point.
 */
#ifndef LIB_STDIO_H
#define LIB_STDIO_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Formats into buf, writing at most size bytes including the terminating NUL
 * (nothing when size is 0).  Returns the length the whole output would have,
 * so a result >= size means it was truncated.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Formats through a callback, one chunk at a time, without any buffer
 * limit: emit(arg, s, n) receives every piece of the output in order.
 * Returns the number of characters emitted.
 */
int vcbprintf(void (*emit)(void *arg, const char *s, size_t n), void *arg,
	      const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

#endif
