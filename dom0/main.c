/* SPDX-License-Identifier: MIT */
/*
 * The Dom0 kernel's start-up: the guest kernel's bring-up (traps, boot
 * information, the PV platform, memory), then Dom0's services: xenstored
 * with Dom0's own entries, the shell commands, and the service thread that
 * finds domains and serves their xenstore and console rings.  The command
 * line word `selftest` runs the selftest (the core's, the PV layer's and
 * Dom0's) and powers Dom0 off; otherwise the shell starts.
 */
#include <stddef.h>
#include "../guest-patches/kernel/args.h"
#include "../guest-patches/kernel/boot.h"
#include "../guest-patches/kernel/kernel.h"
#include "../guest-patches/kernel/power.h"
#include "../guest-patches/kernel/print.h"
#include "../guest-patches/kernel/selftest.h"
#include "../guest-patches/kernel/thread.h"
#include "commands.h"
#include "consback.h"
#include "guest.h"
#include "selftest.h"
#include "xenstored.h"

#define DOM0_BANNER	"Xenolith Dom0 kernel " KERNEL_VERSION
#define SERVICE_NS	10000000ull	/* 10 ms between service rounds */

/*
 * Serves the domains: new and dead ones, then their rings.  The console
 * backend's events wake this thread at once; the domain list and the
 * xenstore rings are still looked at every SERVICE_NS.
 */
static void service_thread(void *arg)
{
	bool exit_when_alone = args_has(boot_info.cmdline, "exit-when-alone");

	(void)arg;
	for (;;) {
		guest_scan();
		/* Test boots end by themselves once every DomU has ended. */
		if (exit_when_alone && guest_all_gone())
			power_off();
		xenstored_poll();
		consback_poll();
		thread_sleep(SERVICE_NS);
	}
}

static void services_init(void)
{
	int rc = xenstored_init();

	if (rc)
		panic("xenstored: error %d", rc);
	rc = guest_init();
	if (rc)
		panic("Dom0's xenstore entries: error %d", rc);
	rc = commands_init();
	if (!rc)
		rc = selftest_add(dom0_selftest);
	if (rc)
		panic("shell or selftest tables: error %d", rc);
	rc = thread_create("service", service_thread, NULL);
	if (rc < 0)
		panic("service thread: error %d", rc);
}

void kernel_main(int protocol, uint32_t info_pa)
{
	kernel_start(protocol, info_pa, DOM0_BANNER);
	services_init();
	kernel_run("dom0> ");
}
