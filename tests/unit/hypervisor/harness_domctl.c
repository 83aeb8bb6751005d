/* SPDX-License-Identifier: MIT */
/* Stubs of the Dom0-only handlers, counted so a test sees who got through. */
#include <hv/domctl.h>
#include <hv/hypercall.h>
#include <hv/irq.h>

#include "harness.h"

long do_domctl(struct vcpu *v, const unsigned long *args)
{
	(void)v;
	(void)args;
	harness_domctl_calls++;
	return 0;
}

long do_sysctl(struct vcpu *v, const unsigned long *args)
{
	(void)v;
	(void)args;
	harness_domctl_calls++;
	return 0;
}

long do_physdev_op(struct vcpu *v, const unsigned long *args)
{
	(void)v;
	(void)args;
	harness_domctl_calls++;
	return 0;
}

long physdev_map_pirq(struct vcpu *v, struct physdev_map_pirq *m)
{
	(void)v;
	harness_calls.map_pirq = *m;
	m->pirq = HARNESS_MAPPED_PIRQ;
	return 0;
}
