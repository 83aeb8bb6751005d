/* SPDX-License-Identifier: MIT */
/*
 * The block frontend (xen/io/blkif.h): this domain's virtual disks
 * (device/vbd/), each served by a backend over a ring we grant (several
 * pages, up to 2^BLKFRONT_RING_ORDER, when the backend's
 * max-ring-page-order allows: ring-page-order and ring-ref0.., else one
 * page, ring-ref) and an event channel we allocate.  Up to
 * BLKFRONT_IN_FLIGHT requests (no more than the ring holds) are in flight
 * at once, each on a slot of pages granted once at connect time (the
 * backend copies to and from them), so a request never waits for a
 * grant: BLKIF_MAX_SEGMENTS_PER_REQUEST (11) pages a slot, or, when the
 * backend offers feature-max-indirect-segments, up to
 * BLKFRONT_INDIRECT_SEGS, used by indirect requests (BLKIF_OP_INDIRECT)
 * whose segments are in one more granted page of the slot.  Those grants
 * are persistent in blkif.h's sense (feature-persistent: the backend may
 * keep them mapped) unless the command line has blkfront.persistent=0.
 *
 * A command is synchronous, one at a time per disk: blkfront_rw() splits
 * it into requests, keeps the slots busy, pushes what it wrote with one
 * event, takes every response there is (matched by id: the slot is in
 * its low byte) and returns when the last one came (each waited for
 * within BLKFRONT_TIMEOUT_NS).  A response for no request in flight, or
 * a response producer beyond the ring, closes the disk.
 *
 * The shell gets `lsblk` (disks, sizes, states) and `blk`:
 *   blk read DEV S N          reads sectors S..S+N-1, prints their checksum
 *   blk write DEV S N SEED    writes the pattern of drivers/pattern.h
 *   blk check DEV S N SEED    reads and compares with the pattern
 *   blk discard DEV S N       discards the sectors
 * The checksum is the one Dom0's `vbd sum` prints for the same sectors.
 */
#ifndef DRIVERS_BLKFRONT_H
#define DRIVERS_BLKFRONT_H

#include <stdbool.h>
#include <stdint.h>

#define BLKFRONT_TIMEOUT_NS	(5 * 1000000000ull)	/* per request */
#define BLKFRONT_MAX_SECTORS	2048	/* one `blk` command: 1 MiB */
#define BLKFRONT_INDIRECT_SEGS	64	/* pages of one indirect request */
#define BLKFRONT_RING_ORDER	2	/* a ring of up to 4 pages */
#define BLKFRONT_IN_FLIGHT	4	/* requests in flight at once, per disk */

/*
 * Adds the shell commands and starts following device/vbd/
 * (xenbus_front_register(), from a thread).  Needs xenbus.  Returns 0 or
 * -errno.
 */
int blkfront_start(void);

/*
 * Reads (write false) or writes n sectors of 512 bytes at sector of disk
 * name ("xvda") into or from buf.  Returns 0, -ENODEV (no such disk, or
 * not connected), -ERANGE (past its end), -EROFS, -ETIMEDOUT (no
 * response), or -EIO (the backend answered an error).
 */
int blkfront_rw(const char *name, bool write, uint64_t sector, unsigned int n,
		void *buf);

/*
 * Reads count runs of n sectors, run i at sector[i], into buf one after
 * the other (count * n sectors), with several requests in flight.
 * Returns what blkfront_rw() does; every run is checked first.
 */
int blkfront_readv(const char *name, const uint64_t *sector,
		   unsigned int count, unsigned int n, void *buf);

/*
 * Discards n sectors at sector of disk name (BLKIF_OP_DISCARD; our
 * backend makes them read as zeros).  Returns 0, -ENODEV, -EOPNOTSUPP
 * (the backend offers no feature-discard), -ERANGE, -ETIMEDOUT or -EIO.
 */
int blkfront_discard(const char *name, uint64_t sector, uint64_t n);

#endif
