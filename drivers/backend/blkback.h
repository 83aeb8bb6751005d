/* SPDX-License-Identifier: MIT */
/*
 * The block backend (xen/io/blkif.h): serves a frontend's requests on a
 * struct blkdev, over a shared ring the frontend grants (one page, or
 * up to 2^BLKBACK_RING_ORDER_MAX pages: max-ring-page-order offered,
 * ring-page-order and ring-ref0.. read) and an event channel.  Data
 * moves with GNTTABOP_copy through a page of Dom0's; or, when the
 * frontend asks for feature-persistent too (we offer it), straight
 * between the disk and the frontend's pages, each mapped on first use and
 * kept until the device disconnects (pgrant.h: at most PGRANT_MAX; the
 * indirect pages too, whose segments are still copied once into ours).
 *
 * Nothing from the frontend is trusted: a ring-page-order above ours, a
 * ring-refN missing or the same as another makes connecting fail (that
 * device alone goes Closed).  Nothing from the ring is trusted either:
 * the producer index is read once and
 * a producer more than a ring ahead of our responses disconnects the
 * device (xenbus_back_fail(): that device only); each request is copied
 * off the ring once and checked by blkreq_check() before anything acts on
 * it; a bad request, or a grant the hypervisor refuses, is answered
 * BLKIF_RSP_ERROR (BLKIF_RSP_EOPNOTSUPP for an operation not offered).
 * At most one ring's worth of requests is served per device per round,
 * so a flooding frontend cannot starve the others.
 *
 * Offered (blkreq.h says what each request must be): flush, barrier
 * writes, discard (zeros written; not on a read-only disk) and indirect
 * requests of up to BLKREQ_MAX_INDIRECT_SEGS segments, whose one page of
 * segments is copied into Dom0's memory before it is checked.
 *
 * The backend directory carries, besides blkif.h's keys (sectors, info,
 * sector-size, feature-flush-cache, feature-barrier, feature-discard with
 * discard-granularity/-alignment/-secure, feature-max-indirect-segments,
 * max-ring-page-order, feature-persistent, mode, params, type, dev), the
 * device's counters under statistics/ (rd_req, wr_req, rd_sect, wr_sect,
 * errors), rewritten at most once a second while they change.
 *
 * Not locked: Dom0's cooperative threads; the event handler only marks
 * the device and wakes the service thread.
 */
#ifndef DRIVERS_BLKBACK_H
#define DRIVERS_BLKBACK_H

#include <stdint.h>
#include <xen/xen.h>
#include "blkdev.h"
#include "xenbus_back.h"

#define BLKBACK_RING_ORDER_MAX	4	/* a ring of up to 16 pages, as Linux's */

/* A device's counters, as the store and `vbd list` show them. */
struct blkback_stats {
	uint64_t rd_req, wr_req, rd_sect, wr_sect, errors;
};

/*
 * Offers disk to domain fe as virtual device devid, named vdev ("xvda")
 * in the store.  The disk stays the caller's until release(disk) is
 * called, when the device is freed (unplugged, or fe gone).  Returns the
 * xenbus device, or NULL with *err (xenbus_back_add()'s, -ENOMEM).
 */
struct xenbus_back_dev *blkback_add(domid_t fe, unsigned int devid,
				    const char *vdev, struct blkdev *disk,
				    void (*release)(struct blkdev *disk),
				    int *err);

/* dev's disk and counters; dev must be a block device. */
struct blkdev *blkback_disk(const struct xenbus_back_dev *dev);
const struct blkback_stats *blkback_stats(const struct xenbus_back_dev *dev);

/*
 * How many of the frontend's pages dev holds mapped as persistent grants,
 * or -1 when the frontend did not ask for feature-persistent.
 */
int blkback_persistent(const struct xenbus_back_dev *dev);

/* Serves every ring that signalled; called by the service thread. */
void blkback_poll(void);

#endif
