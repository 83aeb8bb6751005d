/* SPDX-License-Identifier: MIT */
/*
 * Event channels, Xen's FIFO ABI: the alternative to the 2-level bitmaps
 * that a guest chooses by calling EVTCHNOP_init_control.  Until then (and
 * again after EVTCHNOP_reset) a domain uses the 2-level ABI.
 *
 * The guest provides the memory:
 * - one control block per vCPU (EVTCHNOP_init_control: a gfn of its own
 *   RAM and an 8-byte aligned offset keeping the block inside the page).
 *   It holds `ready`, one bit per priority whose queue is not empty, and
 *   `head[16]`, the first port of each queue;
 * - the event array (EVTCHNOP_expand_array, one page of 1024 event words
 *   at a time).  Word p is port p: bit 31 PENDING, 30 MASKED, 29 LINKED,
 *   28 BUSY, and the low 17 bits LINK, the next port of its queue.
 *
 * Each vCPU has sixteen queues, one per priority (0 highest, 15 lowest,
 * 7 for every new port; EVTCHNOP_set_priority changes it).  Raising port p
 * sets PENDING; if p is neither MASKED nor already LINKED it is LINKED at
 * the tail of the queue of its priority on its notify vCPU: the old tail's
 * LINK becomes p (if the guest has not consumed the tail meanwhile) or else
 * head[prio] becomes p, and on an empty queue the `ready` bit is set and
 * the vCPU's evtchn_upcall_pending raised, as in the 2-level ABI.  The
 * guest takes the head of the highest-priority ready queue, clears its
 * LINKED bit (reading LINK) and handles it if still PENDING.
 *
 * The hypervisor keeps only each queue's tail, and, per port, the queue
 * it was last linked on: a port whose priority or vCPU changed while it
 * was the tail of its old queue empties that queue's tail first, so the
 * old queue never links to a port now on another one.  When LINK must be
 * written into a tail the guest is changing at the same moment, the word
 * is marked BUSY (the guest does not unmask a BUSY word) and the update
 * retried a bounded number of times: a guest cannot make the hypervisor
 * spin.
 *
 * An event raised for a port beyond the event array is remembered and
 * raised again when EVTCHNOP_expand_array covers the port.  An event for a
 * vCPU without a control block is dropped (left PENDING, as Xen does: the
 * guest must not unmask before it set up its control blocks).
 *
 * The pages stay in the domain's physmap while in use (memory.c refuses to
 * free them, through shared_info_frame_in_use()), so the hypervisor never
 * writes to a frame the domain gave back.
 *
 * Limits: Xen's, EVTCHN_FIFO_NR_CHANNELS (2^17) ports, so the array holds
 * at most 128 pages; the port table grows towards it as ports are bound
 * (hv/evtchn.h).
 *
 * Locking: callers hold hv_lock (the one hypervisor lock); the event words
 * and control blocks are changed with atomic operations all the same, since
 * the guest changes them concurrently.
 */
#ifndef HV_EVTCHN_FIFO_H
#define HV_EVTCHN_FIFO_H

#include <xen/xen.h>
#include <xen/event_channel.h>
#include <hv/param.h>
#include <hv/types.h>

struct domain;
struct vcpu;
struct evtchn_port_ops;

#define EVTCHN_FIFO_WORDS_PER_PAGE	(PAGE_SIZE / sizeof(event_word_t))
#define EVTCHN_FIFO_MAX_PAGES \
	(EVTCHN_FIFO_NR_CHANNELS / EVTCHN_FIFO_WORDS_PER_PAGE)

/* A port's FIFO state, kept across its closing and reuse (in its bucket). */
struct evtchn_fifo_port {
	uint8_t priority;	/* queue it joins next (EVTCHNOP_set_priority) */
	uint8_t last_vcpu;	/* the queue it was last linked on: vCPU ... */
	uint8_t last_priority;	/* ... and priority */
	bool pending;		/* raised while beyond the event array */
};

/* A domain's FIFO state, part of struct evtchn_domain. */
struct evtchn_fifo_domain {
	event_word_t *array[EVTCHN_FIFO_MAX_PAGES];	/* mapped pages */
	unsigned int nr_pages;
};

/* A vCPU's FIFO state, part of struct evtchn_vcpu. */
struct evtchn_fifo_vcpu {
	struct evtchn_fifo_control_block *control;	/* NULL: none yet */
	evtchn_port_t tail[EVTCHN_FIFO_MAX_QUEUES];	/* 0: queue empty */
};

/* The port operations of the FIFO ABI (struct evtchn_port_ops, evtchn.h). */
extern const struct evtchn_port_ops evtchn_fifo_ops;

/*
 * EVTCHNOP_init_control from a vCPU of d.  On d's first call switches d
 * to the FIFO ABI: every port gets the default priority and a port pending
 * in the 2-level bitmap is remembered as pending.  Sets a->link_bits.
 * Returns 0, -ENOENT for a vCPU d does not have, -EINVAL for an offset
 * that is unaligned or crosses the page, a gfn that is not d's own
 * writable RAM, or a vCPU that already has a control block.  Nothing
 * changes on failure.
 */
int evtchn_fifo_init_control(struct domain *d, struct evtchn_init_control *a);

/*
 * EVTCHNOP_expand_array: adds the page at a->array_gfn to d's event array
 * and raises the events remembered for the ports it covers.  Returns 0,
 * -EOPNOTSUPP when d is not using the FIFO ABI, -ENOSPC when the array
 * already covers every port, -EINVAL for a gfn that is not d's own
 * writable RAM.
 */
int evtchn_fifo_expand_array(struct domain *d,
			     const struct evtchn_expand_array *a);

/*
 * EVTCHNOP_set_priority.  Returns 0, -ENOSYS when d uses the 2-level ABI,
 * -EINVAL for a port outside the table or a priority above
 * EVTCHN_FIFO_PRIORITY_MIN.  A port already linked stays on its queue;
 * the new priority applies from its next event.
 */
int evtchn_fifo_set_priority(struct domain *d,
			     const struct evtchn_set_priority *a);

/* Sets port's priority back to the default and forgets a saved event. */
void evtchn_fifo_port_reset(struct domain *d, evtchn_port_t port);

/*
 * Forgets d's control blocks and event array (EVTCHNOP_reset, domain
 * destruction): d is back on the 2-level ABI, no guest page is written
 * from then on.
 */
void evtchn_fifo_destroy(struct domain *d);

/* True when the frame at maddr is a control block or event array page of d. */
bool evtchn_fifo_frame_in_use(const struct domain *d, paddr_t maddr);

#endif
