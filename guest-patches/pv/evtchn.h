/* SPDX-License-Identifier: MIT */
/*
 * Event channels, the client of Xen's 2-level ABI: what replaces the PIC
 * (and the local APIC's interrupts) in the paravirtual build.
 *
 * The hypervisor signals port p by setting bit p of
 * shared_info.evtchn_pending, then (if the port is not masked) bit p / 64
 * of vcpu_info.evtchn_pending_sel and vcpu_info.evtchn_upcall_pending, and
 * injects the callback vector registered with HVM_PARAM_CALLBACK_IRQ
 * (type vector).  The vector's handler clears evtchn_upcall_pending, then
 * takes the selector, then for each selected word the pending and unmasked
 * bits, clearing each pending bit before it calls the port's handler: an
 * event that arrives while its handler runs is delivered again.
 *
 * Handlers run in interrupt context, interrupts off: they must not sleep,
 * yield or allocate; they note what happened (and may thread_wake() a
 * waiting thread).  Every other function is for threads (interrupts on or
 * off).  Ports are this domain's; every bind* call masks nothing it does
 * not own and leaves the new port unmasked with its handler in place.
 *
 * Errors are the hypervisor's negative Xen errnos, plus -ENOSPC when a
 * port lies beyond EVTCHN_MAX_PORTS (every port of the 2-level ABI: the
 * handlers' table, evtchn_table.h, grows to it as ports are bound),
 * -ENOMEM when the table cannot grow, and -ENODEV before evtchn_init()
 * succeeded.
 */
#ifndef PV_EVTCHN_H
#define PV_EVTCHN_H

#include <stdbool.h>
#include <xen/xen.h>
#include <xen/event_channel.h>
#include "evtchn_table.h"

#define EVTCHN_VECTOR		0xf3	/* the callback vector (Linux's too) */

/*
 * Registers the callback vector with the hypervisor and its IDT handler.
 * Needs shared_info_init() first.  Called once by platform_init() when the
 * hypervisor offers event channels.  Returns 0 or a negative errno.
 */
int evtchn_init(void);

/* True once evtchn_init() succeeded: the other calls may be made. */
bool evtchn_ready(void);

/*
 * Binds virtual IRQ virq (VIRQ_TIMER, ...) of this vCPU to a new port
 * that calls fn(port, data).  Returns the port (> 0) or a negative errno
 * (-EEXIST when virq is bound already).
 */
int evtchn_bind_virq(uint32_t virq, evtchn_handler_fn *fn, void *data);

/*
 * Binds an IPI to this vCPU: evtchn_send() on the returned port calls
 * fn(port, data) here.  Returns the port (> 0) or a negative errno.
 */
int evtchn_bind_ipi(evtchn_handler_fn *fn, void *data);

/*
 * Allocates a port that domain remote (DOMID_SELF or an id) may bind to
 * with EVTCHNOP_bind_interdomain; its events call fn(port, data).  Returns
 * the port (> 0) or a negative errno.
 */
int evtchn_alloc_unbound(domid_t remote, evtchn_handler_fn *fn, void *data);

/*
 * Binds a new local port to remote_port of domain remote (which allocated
 * it unbound for us).  As in Xen, the new port starts with one event
 * pending (events sent before the bind are not lost), so fn runs once
 * at once.  Returns the local port (> 0) or a negative errno.
 */
int evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
			    evtchn_handler_fn *fn, void *data);

/*
 * Attaches fn(port, data) to a port bound by someone else (the hypervisor
 * binds the xenstore and console ports of a domain it builds) and unmasks
 * it.  Returns 0, -ENOSPC for a port beyond EVTCHN_MAX_PORTS, -ENOMEM
 * when the table cannot grow to it, -EBUSY when the port has a handler
 * already.
 */
int evtchn_attach(evtchn_port_t port, evtchn_handler_fn *fn, void *data);

/*
 * Masks the port, forgets its handler and closes it (EVTCHNOP_close).
 * Returns 0 or a negative errno.
 */
int evtchn_close(evtchn_port_t port);

/* Signals the other end of port (EVTCHNOP_send).  0 or a negative errno. */
int evtchn_send(evtchn_port_t port);

/* Stops delivery for port: its events stay pending until unmasked. */
void evtchn_mask(evtchn_port_t port);

/* Resumes delivery for port; an event pending meanwhile is delivered. */
void evtchn_unmask(evtchn_port_t port);

/* How many times port's handler ran since it was bound. */
unsigned long evtchn_count(evtchn_port_t port);

/* Events that arrived on ports with no handler, since boot. */
unsigned long evtchn_stray_count(void);

/*
 * Calls fn(port, count) for every port with a handler, lowest first (for
 * the shell).
 */
void evtchn_for_each(void (*fn)(evtchn_port_t port, unsigned long count));

#endif
