/* SPDX-License-Identifier: MIT */
/* The paravirtual platform: a Xen-compatible hypervisor below us. */
#include "../kernel/clock.h"
#include "../kernel/console.h"
#include "../kernel/platform.h"
#include "console.h"
#include "evtchn.h"
#include "gnttab.h"
#include "hypercall.h"
#include "refusal.h"
#include "shared_info.h"
#include "xen.h"

/* The services that need shared_info, when the hypervisor offers them. */
static int events_init(void)
{
	int rc;

	if (!(xen.services & XEN_SVC_EVTCHN))
		return 0;
	rc = shared_info_init();
	return rc ? rc : evtchn_init();
}

int platform_init(void)
{
	int rc;

	if (hypercall_init())
		refusal_halt();
	rc = console_init();
	if (!rc)
		rc = xen_init();
	if (!rc)
		rc = events_init();
	if (!rc)
		rc = clock_init();
	if (!rc && (xen.services & XEN_SVC_GNTTAB))
		rc = gnttab_init();
	return rc;
}

int platform_start(void)
{
	return console_start();
}

const char *platform_name(void)
{
	return "paravirtual";
}

void platform_info(void)
{
	xen_print_info();
}
