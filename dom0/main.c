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
#include "../drivers/backend/vbd.h"
#include "../drivers/backend/vif.h"
#include "../guest-patches/kernel/kernel.h"
#include "../guest-patches/kernel/print.h"
#include "../guest-patches/kernel/selftest.h"
#include "agent.h"
#include "commands.h"
#include "guest.h"
#include "hw/hw.h"
#include "selftest.h"
#include "service.h"
#include "xenstored.h"

#define DOM0_BANNER	"Xenolith Dom0 kernel " KERNEL_VERSION

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
		rc = hw_init();
	if (!rc)
		rc = vbd_init();
	if (!rc)
		rc = vif_init();
	if (!rc)
		rc = selftest_add(dom0_selftest);
	if (rc)
		panic("shell or selftest tables: error %d", rc);
	rc = service_start();
	if (rc)
		panic("service thread: error %d", rc);
	rc = agent_start();
	if (rc)
		panic("management agent: error %d", rc);
}

void kernel_main(int protocol, uint32_t info_pa)
{
	kernel_start(protocol, info_pa, DOM0_BANNER);
	services_init();
	kernel_run("dom0> ");
}
