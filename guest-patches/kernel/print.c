/* SPDX-License-Identifier: MIT */
/* Formatted console output and panic. */
#include <stdio.h>
#include "arch/x86/cpu.h"
#include "console.h"
#include "power.h"
#include "print.h"

static void console_emit(void *arg, const char *s, size_t n)
{
	(void)arg;
	console_write(s, n);
}

void kvprintf(const char *fmt, va_list ap)
{
	vcbprintf(console_emit, NULL, fmt, ap);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	irq_disable();
	kprintf("\nPANIC: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	power_off();
}
