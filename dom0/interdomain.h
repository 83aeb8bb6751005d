/* SPDX-License-Identifier: MIT */
/*
 * The interdomain event channels Dom0's backends bind to the ports DomUs
 * (or the hypervisor for them) set aside: bind, notify, close, with no
 * handler: xenstored's rings are polled (main.c's service loop).  The
 * console backend binds with a handler instead (pv/evtchn.h).
 */
#ifndef DOM0_INTERDOMAIN_H
#define DOM0_INTERDOMAIN_H

#include <stdint.h>
#include <xen/xen.h>

/*
 * EVTCHNOP_bind_interdomain to domid's unbound port remote_port.  Returns
 * the local port (> 0) or a negative Xen errno (-ESRCH, -EINVAL when the
 * remote port is not unbound for Dom0).
 */
int interdomain_bind(domid_t domid, uint32_t remote_port);

/* EVTCHNOP_send on local port: the peer should look at the shared ring. */
void interdomain_notify(uint32_t port);

/* EVTCHNOP_close of local port. */
void interdomain_close(uint32_t port);

#endif
