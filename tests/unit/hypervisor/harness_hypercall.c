/* SPDX-License-Identifier: MIT */
/*
 * The hypercall binary's fixture (Dom0 and a DomU) and stubs: the serial
 * line (captured), the runtime functions glibc lacks, and the handlers and
 * globals of files not under test (sched.c, vcpu.c, setup.c, the arch).
 */
#include <stdio.h>
#include <string.h>

#include <asm/cpu.h>
#include <hv/console.h>
#include <hv/hypercall.h>
#include <hv/setup.h>

#include "harness.h"

char harness_console_out[65536];
size_t harness_console_len;
unsigned int harness_sched_op_calls, harness_vcpu_op_calls;
unsigned int harness_domctl_calls;
char hv_cmdline[MAX_CMDLINE] = "console=com1 dom0_mem=64M";

static char input[256];
static size_t input_len, input_pos;

void harness_console_reset(void)
{
	harness_console_len = 0;
	harness_console_out[0] = '\0';
	input_len = input_pos = 0;
}

void harness_console_input(const char *s)
{
	input_len = strlen(s);
	if (input_len > sizeof(input))
		input_len = sizeof(input);
	memcpy(input, s, input_len);
	input_pos = 0;
}

void arch_console_write(const char *s, size_t n)
{
	size_t room = sizeof(harness_console_out) - 1 - harness_console_len;

	if (n > room)
		n = room;
	memcpy(harness_console_out + harness_console_len, s, n);
	harness_console_len += n;
	harness_console_out[harness_console_len] = '\0';
}

bool arch_console_input_ready(void)
{
	return input_pos < input_len;
}

int arch_console_getc(void)
{
	return input_pos < input_len ? (unsigned char)input[input_pos++] : -1;
}

void machine_power_off(void)
{
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

int vcbprintf(void (*emit)(void *arg, const char *s, size_t n), void *arg,
	      const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return n;
	emit(arg, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}

long do_sched_op(struct vcpu *v, const unsigned long *args)
{
	(void)v;
	(void)args;
	harness_sched_op_calls++;
	return 0;
}

long do_vcpu_op(struct vcpu *v, const unsigned long *args)
{
	(void)v;
	(void)args;
	harness_vcpu_op_calls++;
	return 0;
}

unsigned int harness_shinfo_latches;

void hvm_latch_shinfo_layout(struct vcpu *v)
{
	(void)v;
	harness_shinfo_latches++;
}

struct harness_guest hc_dom0, hc_domu;

int hc_init(void)
{
	if (!harness_guest_create(&hc_dom0, 0, true, HC_RAM_PAGES) ||
	    !harness_guest_create(&hc_domu, HC_DOMU, false, HC_RAM_PAGES) ||
	    !harness_guest_map(&hc_dom0, HC_RO_GPA >> PAGE_SHIFT, P2M_READ) ||
	    !harness_guest_map(&hc_domu, HC_RO_GPA >> PAGE_SHIFT, P2M_READ))
		return 1;
	return 0;
}

int hc_cleanup(void)
{
	harness_guest_destroy(&hc_domu);
	harness_guest_destroy(&hc_dom0);
	return 0;
}

long hc_call(struct harness_guest *g, unsigned long nr, unsigned long a0,
	     unsigned long a1, unsigned long a2)
{
	unsigned long args[5] = { a0, a1, a2, 0, 0 };

	return hypercall_dispatch(&g->v, nr, args, false);
}

long hc_call_compat(struct harness_guest *g, unsigned long nr,
		    unsigned long a0, unsigned long a1, unsigned long a2)
{
	unsigned long args[5] = { a0, a1, a2, 0, 0 };

	return hypercall_dispatch(&g->v, nr, args, true);
}
