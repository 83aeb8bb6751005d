/* SPDX-License-Identifier: MIT */
/* The pirq table for evtchn.c's tests: no physical IRQ is ever mapped. */
#include <errno.h>
#include <hv/irq.h>

int pirq_bind(struct domain *d, uint32_t pirq, evtchn_port_t port)
{
	(void)d;
	(void)pirq;
	(void)port;
	return -EINVAL;
}

void pirq_unbind(struct domain *d, uint32_t pirq)
{
	(void)d;
	(void)pirq;
}
