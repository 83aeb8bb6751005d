/* SPDX-License-Identifier: MIT */
/*
 * The block backend's check of one request (xen/io/blkif.h), the whole
 * "decode and check" half of its request path: blkback copies a request
 * off the shared ring once, hands the copy here, and acts only on what
 * comes back.  Nothing here touches the ring, a grant or the disk.
 *
 * Accepted:
 *   BLKIF_OP_READ, _WRITE, _WRITE_BARRIER with 1..11 segments, each
 *     inside its page (first_sect <= last_sect < 8) and naming a grant
 *     reference outside the toolstack's reserved ones, the whole range
 *     inside the disk;
 *   BLKIF_OP_INDIRECT (feature-max-indirect-segments) of a read or write
 *     with 1..BLKREQ_MAX_INDIRECT_SEGS segments held in the pages its
 *     indirect_grefs name: blkreq_check() checks the header and says which
 *     pages hold the segments; blkback copies those pages once into its
 *     own memory and hands them to blkreq_check_indirect(), which checks
 *     each segment as above;
 *   BLKIF_OP_FLUSH_DISKCACHE without segments;
 *   BLKIF_OP_DISCARD of 1 or more sectors inside the disk (the secure
 *     flag is ignored, as blkif.h says with discard-secure 0).
 * Writes, barriers and discards to a read-only disk are refused.
 * Anything else gets an error to put in the response; the grant
 * references themselves are checked by the hypervisor when blkback copies
 * through them (a bad one fails that copy, and the request gets
 * BLKIF_RSP_ERROR).
 */
#ifndef DRIVERS_BLKREQ_H
#define DRIVERS_BLKREQ_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/grant_table.h>
#include <xen/io/blkif.h>

#define BLKREQ_SECTOR_SIZE	512	/* blkif's unit of sector_number */
#define BLKREQ_SECTORS_PER_PAGE	8
#define BLKREQ_PAGE_SIZE	4096
/* Segments one indirect page holds. */
#define BLKREQ_SEGS_PER_INDIRECT_PAGE \
	(BLKREQ_PAGE_SIZE / sizeof(struct blkif_request_segment))
/* What blkback offers as feature-max-indirect-segments (Xen's too). */
#define BLKREQ_MAX_INDIRECT_SEGS	256
#define BLKREQ_MAX_INDIRECT_PAGES \
	((BLKREQ_MAX_INDIRECT_SEGS + BLKREQ_SEGS_PER_INDIRECT_PAGE - 1) / \
	 BLKREQ_SEGS_PER_INDIRECT_PAGE)

/* One segment, checked: bytes [offset, offset + len) of granted page gref. */
struct blkreq_seg {
	grant_ref_t gref;
	uint16_t offset, len;
};

/* A request that passed the check. */
struct blkreq {
	uint64_t id;		/* echoed in the response */
	uint8_t op;		/* echoed in the response: the ring's operation */
	uint8_t act;		/* what to do: BLKIF_OP_READ, _WRITE,
				   _WRITE_BARRIER, _FLUSH_DISKCACHE, _DISCARD */
	uint64_t sector;	/* first sector (512 bytes each) */
	uint64_t nr_sectors;	/* over all segments, in order; or discarded */
	unsigned int nr_segs;
	/* Indirect: the pages to fetch for blkreq_check_indirect(). */
	unsigned int nr_indirect;
	grant_ref_t indirect[BLKREQ_MAX_INDIRECT_PAGES];
	struct blkreq_seg seg[BLKREQ_MAX_INDIRECT_SEGS];
};

/*
 * Checks req (a copy: the frontend can no longer change it) against a
 * disk of disk_sectors sectors, read-only when readonly, and fills *out.
 * Returns 0, -EOPNOTSUPP (an operation this backend does not offer:
 * answer BLKIF_RSP_EOPNOTSUPP), -EROFS (a write to a read-only disk),
 * -EINVAL (bad segment count, segment bounds or grant reference) or
 * -ERANGE (sectors past the end of the disk); answer the last three with
 * BLKIF_RSP_ERROR.  out->id and out->op are set even on failure.  For an
 * indirect request, 0 means the header is good and out->nr_indirect
 * pages (out->indirect) must go to blkreq_check_indirect() before the
 * request may be acted on.
 */
int blkreq_check(const struct blkif_request *req, uint64_t disk_sectors,
		 bool readonly, struct blkreq *out);

/*
 * The second half of an indirect request's check: segs is the copy of
 * its indirect pages (out->nr_segs segments, in order).  Checks each
 * segment and the range against a disk of disk_sectors, and completes
 * *out.  Returns 0, -EINVAL or -ERANGE, as blkreq_check().
 */
int blkreq_check_indirect(const struct blkif_request_segment *segs,
			  uint64_t disk_sectors, struct blkreq *out);

/* The response status for blkreq_check()'s (or the I/O's) result. */
int16_t blkreq_status(int rc);

#endif
