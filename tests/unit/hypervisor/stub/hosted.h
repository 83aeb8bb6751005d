/* SPDX-License-Identifier: MIT */
/*
 * Forced into every hypervisor source compiled for the host (-include): the
 * few functions of the freestanding runtime that the host's libc lacks.
 */
#ifndef UNIT_HV_HOSTED_H
#define UNIT_HV_HOSTED_H

#include <stdarg.h>
#include <stddef.h>

/* As hypervisor/lib/include/string.h: copies, always terminates. */
size_t strlcpy(char *dst, const char *src, size_t size);

/* As hypervisor/lib/include/stdio.h: formats through a callback. */
int vcbprintf(void (*emit)(void *arg, const char *s, size_t n), void *arg,
	      const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

#endif
