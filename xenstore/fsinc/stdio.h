/* SPDX-License-Identifier: MIT */
/* Formatting into buffers: all of stdio the xenstore core may use. */
#ifndef XENSTORE_FSINC_STDIO_H
#define XENSTORE_FSINC_STDIO_H
#include <stdarg.h>
#include <stddef.h>
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
#endif
