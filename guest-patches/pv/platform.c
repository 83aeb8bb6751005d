/* SPDX-License-Identifier: MIT */
/* The paravirtual platform: a Xen-compatible hypervisor below us. */
#include "../../drivers/frontend/blkfront.h"
#include "../../drivers/frontend/netfront.h"
#include "../../drivers/frontend/splittest.h"
#include "../kernel/boot.h"
#include "../kernel/clock.h"
#include "../kernel/console.h"
#include "../kernel/page_alloc.h"
#include "../kernel/paging.h"
#include "../kernel/platform.h"
#include "console.h"
#include "evtchn.h"
#include "gnttab.h"
#include "hypercall.h"
#include "refusal.h"
#include "shared_info.h"
#include "xen.h"
#include "control.h"
#include "xenbus.h"
#include "xs.h"
#include "xstest.h"

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

/*
 * What needs the kernel's page tables and threads: the console ring (its
 * page lies beyond RAM) and the xenstore ring, a page the hypervisor placed
 * beyond RAM too, mapped where it is, with its port, which Dom0 binds when
 * its xenstored introduces us; then the shell's `xs` and, when the command
 * line asks for it, the system test's scenario (pv/xstest.h).
 */
int platform_start(void)
{
	uint64_t pa = xen.store_pfn * PAGE_SIZE;
	int rc = console_start();

	if (rc)
		return rc;
	if (!(xen.services & XEN_SVC_XENSTORE) || !evtchn_ready())
		return 0;
	rc = paging_map(pa, pa, PAGING_WRITE);
	if (!rc)
		rc = xenbus_init((struct xenstore_domain_interface *)(uintptr_t)pa,
				 xen.store_evtchn);
	if (!rc)
		rc = xs_shell_add();
	if (!rc)
		rc = control_start();
	if (!rc)
		rc = blkfront_start();
	if (!rc)
		rc = netfront_start();
	if (!rc)
		rc = splittest_start(boot_info.cmdline);
	if (!rc)
		rc = xstest_start(boot_info.cmdline);
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
