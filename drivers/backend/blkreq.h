/* SPDX-License-Identifier: MIT */
/*
 * The block backend's check of one request (xen/io/blkif.h), the whole
 * "decode and check" half of its request path: blkback copies a request
 * off the shared ring once, hands the copy here, and acts only on what
 * comes back.  Nothing here touches the ring, a grant or the disk.
 *
 * Accepted: BLKIF_OP_READ and BLKIF_OP_WRITE with 1..11 segments, each
 * segment inside its page (first_sect <= last_sect < 8) and naming a
 * grant reference outside the toolstack's reserved ones, the whole range
 * inside the disk; BLKIF_OP_FLUSH_DISKCACHE without segments.  Anything
 * else gets an error to put in the response; the grant references
 * themselves are checked by the hypervisor when blkback copies through
 * them (a bad one fails that copy, and the request gets BLKIF_RSP_ERROR).
 */
#ifndef DRIVERS_BLKREQ_H
#define DRIVERS_BLKREQ_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/grant_table.h>
#include <xen/io/blkif.h>

#define BLKREQ_SECTOR_SIZE	512	/* blkif's unit of sector_number */
#define BLKREQ_SECTORS_PER_PAGE	8

/* One segment, checked: bytes [offset, offset + len) of granted page gref. */
struct blkreq_seg {
	grant_ref_t gref;
	uint16_t offset, len;
};

/* A request that passed the check. */
struct blkreq {
	uint64_t id;		/* echoed in the response */
	uint8_t op;		/* BLKIF_OP_READ, _WRITE, _FLUSH_DISKCACHE */
	uint64_t sector;	/* first sector (512 bytes each) */
	uint64_t nr_sectors;	/* over all segments, in order */
	unsigned int nr_segs;
	struct blkreq_seg seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

/*
 * Checks req (a copy: the frontend can no longer change it) against a
 * disk of disk_sectors sectors, read-only when readonly, and fills *out.
 * Returns 0, -EOPNOTSUPP (an operation this backend does not offer:
 * answer BLKIF_RSP_EOPNOTSUPP), -EROFS (a write to a read-only disk),
 * -EINVAL (bad segment count, segment bounds or grant reference) or
 * -ERANGE (sectors past the end of the disk); answer the last three with
 * BLKIF_RSP_ERROR.  out->id and out->op are set even on failure.
 */
int blkreq_check(const struct blkif_request *req, uint64_t disk_sectors,
		 bool readonly, struct blkreq *out);

/* The response status for blkreq_check()'s (or the I/O's) result. */
int16_t blkreq_status(int rc);

#endif
