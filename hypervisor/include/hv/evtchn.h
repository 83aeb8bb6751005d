/* SPDX-License-Identifier: MIT */
/*
 * Event channels, Xen's 2-level ABI.  Each domain has a table of ports
 * (port 0 is reserved and never handed out), grown on demand in buckets of
 * EVTCHN_BUCKET_PORTS from the hypervisor's frames, as Xen grows it: up to
 * EVTCHN_2L_NR_CHANNELS ports (4096; 1024 with the i386 shared info
 * layout, whose event words are 32 bits) under the 2-level ABI, up to
 * EVTCHN_FIFO_NR_CHANNELS (2^17) under the FIFO ABI.  A port is valid when
 * its bucket exists and it is below the ABI's limit; a port is
 * free, unbound (waiting for a named remote domain to bind it), bound to a
 * port of another domain (interdomain), to a virtual IRQ of one vCPU
 * (VIRQ_TIMER, ...) or of the domain (VIRQ_DOM_EXC, VIRQ_CONSOLE: global
 * VIRQs, sent to Dom0), or to an IPI of one of its own vCPUs.
 *
 * Signalling port p of domain d sets bit p of shared_info.evtchn_pending.
 * If that bit was clear and bit p of evtchn_mask is clear, bit p / 64 of
 * the notified vCPU's vcpu_info.evtchn_pending_sel and then its
 * evtchn_upcall_pending byte are set.  A vCPU whose evtchn_upcall_pending
 * is set gets the callback vector it registered (HVMOP_set_evtchn_upcall_vector,
 * else HVM_PARAM_CALLBACK_IRQ of type vector) injected as soon as it can
 * take an interrupt, and is woken if it was blocked or polling.  The guest
 * clears evtchn_upcall_pending, then the selector, then the pending bits.
 *
 * Every function taking guest-chosen numbers checks them and returns a
 * negative Xen errno: -EINVAL for a bad or wrong-state port or VIRQ,
 * -ENOENT for a vCPU the domain does not have, -ESRCH for an unknown
 * domain, -EPERM for another domain's table without privilege, -ENOSPC
 * when the table is full (the ABI's limit), -ENOMEM when no frame is left
 * for a new bucket, -EEXIST for a VIRQ bound twice.
 *
 * Locking: like the rest of the foundation, every caller runs on the boot
 * CPU with interrupts off; the bit operations on guest-visible words are
 * atomic all the same, since the guest changes them concurrently.
 */
#ifndef HV_EVTCHN_H
#define HV_EVTCHN_H

#include <xen/xen.h>
#include <xen/event_channel.h>
#include <hv/evtchn_fifo.h>
#include <hv/param.h>
#include <hv/types.h>

struct domain;
struct vcpu;

enum evtchn_state {
	EVTCHN_FREE,
	EVTCHN_RESERVED,	/* port 0 */
	EVTCHN_UNBOUND,
	EVTCHN_INTERDOMAIN,
	EVTCHN_VIRQ,
	EVTCHN_IPI,
	EVTCHN_PIRQ,		/* a physical IRQ (Dom0: hv/irq.h) */
};

/* One port of a domain's table. */
struct evtchn {
	uint8_t state;			/* enum evtchn_state */
	uint8_t notify_vcpu;		/* the vCPU its events go to */
	domid_t remote_dom;		/* UNBOUND: who may bind; INTERDOMAIN: peer */
	evtchn_port_t remote_port;	/* INTERDOMAIN: the peer's port */
	uint32_t virq;			/* VIRQ: which one */
	uint32_t pirq;			/* PIRQ: which one */
};

/*
 * How a domain's pending and mask state is kept: the 2-level bitmaps in
 * shared_info (the default) or the FIFO queues (evtchn_fifo.h), chosen
 * once by the guest.  Ports given are in use or at least inside the table.
 */
struct evtchn_port_ops {
	/* Marks port pending and tells its vCPU; true when it already was. */
	bool (*set_pending)(struct domain *d, evtchn_port_t port);
	void (*clear_pending)(struct domain *d, evtchn_port_t port);
	/* Unmasks port and delivers it if it is pending. */
	void (*unmask)(struct domain *d, evtchn_port_t port);
	bool (*is_pending)(const struct domain *d, evtchn_port_t port);
};

/* Ports per bucket of the table: one frame holds a bucket. */
#define EVTCHN_BUCKET_PORTS	128
#define EVTCHN_MAX_BUCKETS	(EVTCHN_FIFO_NR_CHANNELS / EVTCHN_BUCKET_PORTS)

struct evtchn_bucket {
	struct evtchn port[EVTCHN_BUCKET_PORTS];
	struct evtchn_fifo_port fifo[EVTCHN_BUCKET_PORTS];
};

/* A domain's table, part of struct domain. */
struct evtchn_domain {
	const struct evtchn_port_ops *ops;	/* 2-level until init_control */
	/* Ports [0, nr_buckets * EVTCHN_BUCKET_PORTS) exist. */
	struct evtchn_bucket *bucket[EVTCHN_MAX_BUCKETS];
	unsigned int nr_buckets;
	struct evtchn_fifo_domain fifo;
	/*
	 * The highest port this domain may allocate, whatever its ABI
	 * allows (Xen's max_evtchn_port: XEN_DOMCTL_createdomain's, xl.cfg's
	 * max_event_channels); ~0 for no limit of its own.
	 */
	evtchn_port_t max_port;
	/* Global VIRQs (VIRQ_DOM_EXC, ...) bound by this domain, to vCPU 0. */
	evtchn_port_t global_virq[NR_VIRQS];
};

/* A vCPU's part, in struct vcpu. */
struct evtchn_vcpu {
	evtchn_port_t virq[NR_VIRQS];	/* per-vCPU VIRQ -> port, 0 unbound */
	uint8_t upcall_vector;		/* HVMOP_set_evtchn_upcall_vector, 0 none */
	bool polling;			/* blocked in SCHEDOP_poll */
	evtchn_port_t poll_port;	/* the one port polled, 0: any */
	struct evtchn_fifo_vcpu fifo;	/* control block and queue tails */
};

/*
 * Sets up d's table with its first bucket: every port free but port 0
 * (reserved), and no port above max_port to be allocated (Xen's
 * max_evtchn_port; ~0: only the ABI's limit).  0, or -ENOMEM.
 */
int evtchn_domain_init(struct domain *d, evtchn_port_t max_port);

/*
 * Closes every port of d (an interdomain peer's port goes back to unbound,
 * as when the guest closes it), frees the table's buckets, then raises
 * VIRQ_DOM_EXC for Dom0.  Safe on a domain whose table was never
 * initialised (all zero), and twice.
 */
void evtchn_domain_destroy(struct domain *d);

/*
 * How many ports d's table can hold under its ABI now (the limit); d's
 * max_port may allow fewer of them to be allocated.
 */
evtchn_port_t evtchn_max_ports(const struct domain *d);

/* Ports of d in use: every state but free, port 0 (reserved) not counted. */
unsigned int evtchn_ports_in_use(const struct domain *d);

/* True when port exists in d's table (its bucket is there, below the limit). */
bool evtchn_port_valid(const struct domain *d, evtchn_port_t port);

/* Port's entry and its FIFO state in d's table (a valid port). */
struct evtchn *evtchn_chn(const struct domain *d, evtchn_port_t port);
struct evtchn_fifo_port *evtchn_fifo_port(const struct domain *d,
					  evtchn_port_t port);

/*
 * The operations, on domain d (already checked to be one the caller may
 * act on).  Each returns 0 or a negative errno and changes nothing on
 * failure; a new port is stored in *port.  A new port is the lowest free
 * one; -ENOSPC when none is left below the ABI's limit and up to the
 * domain's max_port (as Xen's get_free_port()).
 */
int evtchn_alloc_unbound(struct domain *d, domid_t remote, evtchn_port_t *port);
/* Binds a new port of ld to port rport of rd, which must be unbound for ld. */
int evtchn_bind_interdomain(struct domain *ld, struct domain *rd,
			    evtchn_port_t rport, evtchn_port_t *port);
int evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu,
		     evtchn_port_t *port);
int evtchn_bind_ipi(struct domain *d, uint32_t vcpu, evtchn_port_t *port);
/*
 * Binds a new port of d to physical IRQ pirq, which d mapped
 * (PHYSDEVOP_map_pirq): -EPERM for a DomU, -EINVAL when d did not map
 * it, -EEXIST when it is bound.
 */
int evtchn_bind_pirq(struct domain *d, uint32_t pirq, evtchn_port_t *port);
int evtchn_close(struct domain *d, evtchn_port_t port);
/* Signals the other end of port (interdomain, IPI); unbound: dropped. */
int evtchn_send(struct domain *d, evtchn_port_t port);
int evtchn_get_status(struct domain *d, evtchn_port_t port,
		      struct evtchn_status *st);
int evtchn_unmask(struct domain *d, evtchn_port_t port);
int evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, uint32_t vcpu);
/* Closes every port of d (EVTCHNOP_reset). */
void evtchn_reset(struct domain *d);

/* Marks port of d pending and notifies its vCPU (no state check). */
void evtchn_set_pending(struct domain *d, evtchn_port_t port);

/*
 * Sets v's evtchn_upcall_pending and, when it was clear, wakes or kicks v
 * (both ABIs end a delivery with it).
 */
void evtchn_mark_upcall(struct vcpu *v);

/* Raises a per-vCPU VIRQ (VIRQ_TIMER) of v, if v bound it. */
void evtchn_send_virq(struct vcpu *v, uint32_t virq);

/* Raises a global VIRQ (VIRQ_DOM_EXC, VIRQ_CONSOLE) for Dom0, if bound. */
void evtchn_send_global_virq(uint32_t virq);

/*
 * The vector to inject into v now, or -1: v's evtchn_upcall_pending is
 * set and it registered a callback vector.  The back end injects it when
 * the guest can take it (level semantics: asked again before every entry).
 */
int evtchn_upcall_vector(struct vcpu *v);

/*
 * Blocks v until an event is signalled to it (SCHEDOP_block, HLT), unless
 * its evtchn_upcall_pending is already set.
 */
void evtchn_block(struct vcpu *v);

/*
 * Wakes v if it is blocked or polling (an event or a timeout for it); if
 * it is running on another CPU, makes that CPU enter it again so that the
 * upcall is injected now rather than at its next exit.
 */
void evtchn_kick(struct vcpu *v);

/*
 * SCHEDOP_poll: arg names a struct sched_poll.  Returns at once when a
 * named port is pending, else blocks v until one is, until any event is
 * signalled to v, or until the absolute system time timeout (0: none).
 * -EFAULT for bad pointers, -EINVAL for more than MAX_POLL_PORTS ports or
 * a port outside the table.
 */
long evtchn_poll(struct vcpu *v, unsigned long arg);

/*
 * The same on a decoded struct sched_poll (compat.c): nr_ports 4-byte
 * ports at the guest address ports.
 */
long evtchn_poll_ports(struct vcpu *v, uint64_t ports, uint32_t nr_ports,
		       uint64_t timeout);

/* The event_channel_op hypercall. */
long do_event_channel_op(struct vcpu *v, const unsigned long *args);

#endif
