/* SPDX-License-Identifier: MIT */
/*
 * The test guests' event layer: the shared_info page, the callback vector,
 * an upcall handler that counts events per port, event_channel_op
 * wrappers, and Xen system time read from vcpu_info.
 *
 * Rendezvous of two DomUs without xenstore (the ping-pong test): the
 * "ping" domain offers one port with EVTCHNOP_alloc_unbound(remote = the
 * peer); the "pong" domain binds the lowest port of the ping domain that
 * is unbound for it, trying ports 1, 2, ... (a bind to any other port
 * fails with -EINVAL) and retrying until the offer exists.  Each learns
 * its peer's domid from its command line.
 */
#ifndef GUESTS_EVENTS_H
#define GUESTS_EVENTS_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/event_channel.h>

#define EV_VECTOR	0xf3	/* HVM_PARAM_CALLBACK_IRQ vector */
#define EV_VECTOR2	0xf4	/* the per-vCPU one (HVMOP_set_evtchn_upcall_vector) */
#define EV_MAX_PORTS	1024

extern struct shared_info *shared;
extern struct vcpu_info *vcpu_info;
/* Events handled per port, and upcalls taken through each vector. */
extern volatile uint32_t ev_count[EV_MAX_PORTS];
extern volatile uint64_t upcalls, upcalls_vector2;
/* System time at which the last event of each port was handled. */
extern volatile uint64_t ev_time[EV_MAX_PORTS];

/*
 * Maps shared_info over a page of the image: shared, vcpu_info and
 * ev_now() work from then on.  Returns 0 or the hypercall's error.
 */
long ev_map_shared(void);

/*
 * ev_map_shared(), then registers EV_VECTOR and enables interrupts.
 * Returns 0 or the failing hypercall's error.
 */
long ev_init(void);

/* event_channel_op(cmd, arg). */
long ev_op(unsigned int cmd, void *arg);

/* Shortcuts; each returns the new port or a negative errno. */
long ev_alloc_unbound(domid_t remote);
long ev_bind_interdomain(domid_t remote, evtchn_port_t rport);
long ev_bind_virq(uint32_t virq);
long ev_bind_ipi(void);
long ev_send(evtchn_port_t port);
/* Closes port and zeroes its ev_count. */
long ev_close(evtchn_port_t port);

void ev_mask(evtchn_port_t port);
int ev_pending(evtchn_port_t port);

/* Waits (halting between events) until ev_count[port] >= n. */
void ev_wait(evtchn_port_t port, uint32_t n);

/*
 * Handles the 2-level events vi was called up for: each pending, unmasked
 * port of the words its selector names that mine() accepts (every one
 * when mine is NULL) is cleared and counted in ev_count/ev_time.  The
 * pending bits are shared by all vCPUs: a vCPU takes only its own ports.
 */
void ev_handle(struct vcpu_info *vi, bool (*mine)(evtchn_port_t port));

/*
 * When set, the upcall calls it instead of ev_handle(vcpu_info, NULL)
 * (a guest that switched to the FIFO ABI, or with several vCPUs).
 */
extern void (*volatile ev_upcall_hook)(void);

/* Xen system time in ns, from vcpu_info's time record. */
uint64_t ev_now(void);

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

#endif
