/* SPDX-License-Identifier: MIT */
/*
 * panic() and printk() for binaries without console.c: a test catches a
 * panic with longjmp; hypervisor messages go to stdout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <hv/console.h>

#include "harness.h"

char harness_panic_msg[256];
static jmp_buf panic_env;
static bool panic_armed;

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(harness_panic_msg, sizeof(harness_panic_msg), fmt, ap);
	va_end(ap);
	if (!panic_armed) {
		fprintf(stderr, "unexpected panic: %s\n", harness_panic_msg);
		abort();
	}
	panic_armed = false;
	longjmp(panic_env, 1);
}

bool harness_expect_panic(void (*fn)(void *arg), void *arg)
{
	harness_panic_msg[0] = '\0';
	if (setjmp(panic_env))
		return true;
	panic_armed = true;
	fn(arg);
	panic_armed = false;
	return false;
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}
