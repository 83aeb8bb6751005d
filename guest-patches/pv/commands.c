/* SPDX-License-Identifier: MIT */
/* The paravirtual build's own shell commands: `evtchn`. */
#include <stddef.h>
#include <xen/event_channel.h>
#include "../kernel/print.h"
#include "../kernel/shell.h"
#include "evtchn.h"
#include "hypercall.h"

static const char *const state_names[] = {
	[EVTCHNSTAT_closed] = "closed",
	[EVTCHNSTAT_unbound] = "unbound",
	[EVTCHNSTAT_interdomain] = "interdomain",
	[EVTCHNSTAT_pirq] = "pirq",
	[EVTCHNSTAT_virq] = "virq",
	[EVTCHNSTAT_ipi] = "ipi",
};

static void print_port(evtchn_port_t port, unsigned long count)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
	long rc = hypercall_event_channel_op(EVTCHNOP_status, &st);

	kprintf("  port %4u  %8lu events  ", port, count);
	if (rc || st.status > EVTCHNSTAT_ipi) {
		kprintf("status error %ld\n", rc);
		return;
	}
	kprintf("%s", state_names[st.status]);
	if (st.status == EVTCHNSTAT_unbound)
		kprintf(" for d%u", st.u.unbound.dom);
	else if (st.status == EVTCHNSTAT_interdomain)
		kprintf(" to d%u port %u", st.u.interdomain.dom,
			st.u.interdomain.port);
	else if (st.status == EVTCHNSTAT_virq)
		kprintf(" %u", st.u.virq);
	kprintf(", vCPU %u\n", st.vcpu);
}

static int cmd_evtchn(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!evtchn_ready()) {
		kprintf("event channels: not offered by the hypervisor\n");
		return 0;
	}
	evtchn_for_each(print_port);
	kprintf("events on ports without a handler: %lu\n",
		evtchn_stray_count());
	return 0;
}

const struct shell_command platform_commands[] = {
	{ "evtchn", cmd_evtchn, 0, 0, "", "bound event channels, counts" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};
