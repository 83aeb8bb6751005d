/* SPDX-License-Identifier: MIT */
/* The paravirtual build's own shell commands: `evtchn`, `evtchn fill`. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <xen/event_channel.h>
#include "../kernel/print.h"
#include "../kernel/shell.h"
#include "evtchn.h"
#include "evtchn_table.h"
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

/*
 * How many ports the hypervisor's table holds for us: valid ports are a
 * prefix [0, N), and EVTCHNOP_status says -EINVAL from N on (as Xen's
 * port_is_valid), so a binary search finds N.  The table grows as ports
 * are bound and, as on Xen, never shrinks while the domain lives.
 */
static evtchn_port_t valid_ports(void)
{
	evtchn_port_t lo = 1, hi = EVTCHN_FIFO_NR_CHANNELS;

	while (lo < hi) {	/* ports below lo are valid, from hi on not */
		evtchn_port_t mid = lo + (hi - lo) / 2;
		struct evtchn_status st = { .dom = DOMID_SELF, .port = mid };

		if (hypercall_event_channel_op(EVTCHNOP_status, &st))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void ignore_event(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
}

/*
 * `evtchn fill`: IPI ports bound until a bind fails, then all closed.
 * What stops it is the domain's limit (its max_evtchn_port, xl.cfg's
 * max_event_channels: -ENOSPC) or the 2-level ABI's, whichever is lower.
 */
static int fill_ports(void)
{
	static evtchn_port_t bound[EVTCHN_MAX_PORTS];
	unsigned int n = 0, i;
	int p = 0, last = 0;

	while (n < EVTCHN_MAX_PORTS) {
		p = evtchn_bind_ipi(ignore_event, NULL);
		if (p <= 0)
			break;
		bound[n++] = (evtchn_port_t)(last = p);
	}
	kprintf("evtchn fill: %u bound, last port %d, then %d\n", n, last, p);
	for (i = 0; i < n; i++)
		evtchn_close(bound[i]);
	return 0;
}

static int cmd_evtchn(int argc, char **argv)
{
	if (!evtchn_ready()) {
		kprintf("event channels: not offered by the hypervisor\n");
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "fill"))
		return fill_ports();
	if (argc > 1) {
		kprintf("usage: evtchn [fill]\n");
		return -EINVAL;
	}
	evtchn_for_each(print_port);
	kprintf("valid ports: %u\n", valid_ports());
	kprintf("handler table: %u ports (grows to %u)\n",
		evtchn_table_ports(), (unsigned int)EVTCHN_MAX_PORTS);
	kprintf("events on ports without a handler: %lu\n",
		evtchn_stray_count());
	return 0;
}

const struct shell_command platform_commands[] = {
	{ "evtchn", cmd_evtchn, 0, 1, "[fill]",
	  "bound event channels, counts; fill: bind until the limit" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};
