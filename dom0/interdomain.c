/* SPDX-License-Identifier: MIT */
/* Dom0's interdomain event channels: bind, notify, close. */
#include <xen/event_channel.h>
#include "../guest-patches/pv/hypercall.h"
#include "interdomain.h"

int interdomain_bind(domid_t domid, uint32_t remote_port)
{
	struct evtchn_bind_interdomain op = {
		.remote_dom = domid, .remote_port = remote_port,
	};
	long rc = hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &op);

	return rc ? (int)rc : (int)op.local_port;
}

void interdomain_notify(uint32_t port)
{
	struct evtchn_send op = { .port = port };

	/* fails only for a port the peer closed: its ring is going anyway */
	hypercall_event_channel_op(EVTCHNOP_send, &op);
}

void interdomain_close(uint32_t port)
{
	struct evtchn_close op = { .port = port };

	hypercall_event_channel_op(EVTCHNOP_close, &op);
}
