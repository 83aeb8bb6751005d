/* SPDX-License-Identifier: MIT */
/*
 * The table behind event channels (evtchn.c): each port's handler, its
 * data and how many times it ran.  It grows with the ports bound, a
 * bucket of EVTCHN_TABLE_BUCKET_PORTS ports at a time, up to every port
 * Xen's 2-level ABI can name (EVTCHN_MAX_PORTS, 4096 on x86-64: what the
 * hypervisor allows a domain whose shared_info carries the 2-level
 * bitmaps).  The first bucket (ports 1 to 63) is there from the start,
 * without the heap, for the ports bound during bring-up.  A Dom0 serving N DomUs holds two ports per DomU for their
 * rings alone, so a fixed table of 1024 stopped it near 510 DomUs.
 *
 * Readers take no lock: the event upcall finds a port's slot while a
 * thread (or, on another vCPU, another upcall) may be growing the table.
 * So a bucket is zeroed before its pointer is published (a release
 * store, or a compare-and-swap when two growers race: the loser frees its
 * own bucket, which nobody saw), a reader loads the pointer with acquire,
 * and a published bucket is never freed nor moved while the domain lives,
 * as Xen keeps a domain's event-channel buckets: a slot pointer stays
 * valid for good.  The top level is a fixed array of bucket pointers, so
 * nothing is ever reallocated under a reader.
 */
#ifndef PV_EVTCHN_TABLE_H
#define PV_EVTCHN_TABLE_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/event_channel.h>

#define EVTCHN_MAX_PORTS	  EVTCHN_2L_NR_CHANNELS
#define EVTCHN_TABLE_BUCKET_PORTS 64	/* one word of the pending bitmap */

/* Called with the port that fired and the data given at bind time. */
typedef void evtchn_handler_fn(evtchn_port_t port, void *data);

/*
 * One port's entry.  fn is set last (release) and read first (acquire):
 * a reader that sees fn sees the data that goes with it.  NULL: no
 * handler (the port is not ours, or not yet).
 */
struct evtchn_slot {
	evtchn_handler_fn *fn;
	void *data;
	unsigned long count;
};

/*
 * The slot of port, or NULL when port is 0, beyond EVTCHN_MAX_PORTS, or
 * in a bucket not grown yet.  Takes no lock; callable from interrupt
 * context and any vCPU.
 */
struct evtchn_slot *evtchn_table_find(evtchn_port_t port);

/*
 * The slot of port, its bucket allocated (zeroed) and published first
 * when need be.  For threads (it allocates).  Returns the slot, or NULL
 * with *err set: -ENOSPC for port 0 or a port beyond EVTCHN_MAX_PORTS,
 * -ENOMEM when no memory is left for the bucket.
 */
struct evtchn_slot *evtchn_table_grow(evtchn_port_t port, int *err);

/* How many ports the buckets grown so far cover (the first's included). */
unsigned int evtchn_table_ports(void);

#endif
