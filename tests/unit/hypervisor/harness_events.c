/* SPDX-License-Identifier: MIT */
/*
 * Stubs of the event and time subsystems for the hypercall-table tests:
 * they are tested on their own; here only their table rows and the
 * shared_info hook of XENMEM_add_to_physmap are reached.
 */
#include <errno.h>
#include <hv/hypercall.h>
#include <hv/shared_info.h>

#include "harness.h"

long do_event_channel_op(struct vcpu *v, const unsigned long *args)
{
	(void)v;
	(void)args;
	return -ENOSYS;
}

uint64_t harness_timer_timeout;

long do_set_timer_op(struct vcpu *v, const unsigned long *args)
{
	(void)v;
	harness_timer_timeout = args[0];
	return 0;
}

uint32_t harness_global_virqs;

void evtchn_send_global_virq(uint32_t virq)
{
	harness_global_virqs |= 1u << virq;
}

int shared_info_map(struct domain *d, uint64_t gfn)
{
	(void)d;
	(void)gfn;
	return -ENOSYS;
}

bool shared_info_frame_in_use(const struct domain *d, paddr_t maddr)
{
	(void)d;
	(void)maddr;
	return false;
}
