/* SPDX-License-Identifier: MIT */
/* The paravirtual platform: a Xen-compatible hypervisor below us. */
#include "../kernel/clock.h"
#include "../kernel/console.h"
#include "../kernel/platform.h"
#include "hypercall.h"
#include "refusal.h"
#include "xen.h"

int platform_init(void)
{
	int rc;

	if (hypercall_init())
		refusal_halt();
	rc = console_init();
	if (!rc)
		rc = xen_init();
	if (!rc)
		rc = clock_init();
	return rc;
}

const char *platform_name(void)
{
	return "paravirtual";
}

void platform_info(void)
{
	xen_print_info();
}
