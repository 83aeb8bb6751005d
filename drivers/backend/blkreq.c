/* SPDX-License-Identifier: MIT */
/* The block backend's request check (blkreq.h). */
#include <errno.h>
#include "blkreq.h"

int blkreq_check(const struct blkif_request *req, uint64_t disk_sectors,
		 bool readonly, struct blkreq *out)
{
	const struct blkif_request_segment *s;
	uint64_t n = 0;
	unsigned int i;

	out->id = req->id;
	out->op = req->operation;
	out->nr_segs = 0;
	out->sector = req->sector_number;
	if (req->operation == BLKIF_OP_FLUSH_DISKCACHE) {
		out->nr_sectors = 0;
		return req->nr_segments ? -EINVAL : 0;
	}
	if (req->operation != BLKIF_OP_READ && req->operation != BLKIF_OP_WRITE)
		return -EOPNOTSUPP;
	if (req->operation == BLKIF_OP_WRITE && readonly)
		return -EROFS;
	if (!req->nr_segments ||
	    req->nr_segments > BLKIF_MAX_SEGMENTS_PER_REQUEST)
		return -EINVAL;
	for (i = 0; i < req->nr_segments; i++) {
		s = &req->seg[i];
		if (s->first_sect > s->last_sect ||
		    s->last_sect >= BLKREQ_SECTORS_PER_PAGE ||
		    s->gref < GNTTAB_NR_RESERVED_ENTRIES)
			return -EINVAL;
		out->seg[i].gref = s->gref;
		out->seg[i].offset = (uint16_t)(s->first_sect * BLKREQ_SECTOR_SIZE);
		out->seg[i].len = (uint16_t)((s->last_sect - s->first_sect + 1) *
					     BLKREQ_SECTOR_SIZE);
		n += s->last_sect - s->first_sect + 1u;
	}
	if (req->sector_number >= disk_sectors ||
	    n > disk_sectors - req->sector_number)
		return -ERANGE;
	out->nr_segs = req->nr_segments;
	out->nr_sectors = n;
	return 0;
}

int16_t blkreq_status(int rc)
{
	if (!rc)
		return BLKIF_RSP_OKAY;
	return rc == -EOPNOTSUPP ? BLKIF_RSP_EOPNOTSUPP : BLKIF_RSP_ERROR;
}
