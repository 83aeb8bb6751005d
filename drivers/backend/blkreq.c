/* SPDX-License-Identifier: MIT */
/* The block backend's request check (blkreq.h). */
#include <errno.h>
#include <string.h>
#include "blkreq.h"

/* Checks nr segments and the range they cover from out->sector. */
static int check_segs(const struct blkif_request_segment *segs,
		      unsigned int nr, uint64_t disk_sectors,
		      struct blkreq *out)
{
	const struct blkif_request_segment *s;
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		s = &segs[i];
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
	if (out->sector >= disk_sectors || n > disk_sectors - out->sector)
		return -ERANGE;
	out->nr_segs = nr;
	out->nr_sectors = n;
	return 0;
}

static int check_discard(const struct blkif_request_discard *d,
			 uint64_t disk_sectors, bool readonly,
			 struct blkreq *out)
{
	if (readonly)
		return -EROFS;
	if (!d->nr_sectors)
		return -EINVAL;
	if (d->sector_number >= disk_sectors ||
	    d->nr_sectors > disk_sectors - d->sector_number)
		return -ERANGE;
	out->nr_sectors = d->nr_sectors;
	return 0;
}

/* The header of an indirect request: its operation, count and pages. */
static int check_indirect_header(const struct blkif_request_indirect *ind,
				 bool readonly, struct blkreq *out)
{
	unsigned int i;

	if (ind->indirect_op != BLKIF_OP_READ &&
	    ind->indirect_op != BLKIF_OP_WRITE)
		return -EINVAL;
	out->act = ind->indirect_op;
	if (ind->indirect_op == BLKIF_OP_WRITE && readonly)
		return -EROFS;
	if (!ind->nr_segments || ind->nr_segments > BLKREQ_MAX_INDIRECT_SEGS)
		return -EINVAL;
	out->nr_indirect = (ind->nr_segments + BLKREQ_SEGS_PER_INDIRECT_PAGE - 1) /
			   BLKREQ_SEGS_PER_INDIRECT_PAGE;
	for (i = 0; i < out->nr_indirect; i++) {
		if (ind->indirect_grefs[i] < GNTTAB_NR_RESERVED_ENTRIES)
			return -EINVAL;
		out->indirect[i] = ind->indirect_grefs[i];
	}
	out->nr_segs = ind->nr_segments;
	return 0;
}

int blkreq_check(const struct blkif_request *req, uint64_t disk_sectors,
		 bool readonly, struct blkreq *out)
{
	/* The other layouts a ring slot may hold (blkif.h), read as such. */
	union {
		struct blkif_request_discard discard;
		struct blkif_request_indirect indirect;
	} u;

	_Static_assert(sizeof(u) <= sizeof(*req), "layouts fit a slot");
	out->id = req->id;
	out->op = out->act = req->operation;
	out->nr_segs = out->nr_indirect = 0;
	out->nr_sectors = 0;
	out->sector = req->sector_number;
	switch (req->operation) {
	case BLKIF_OP_FLUSH_DISKCACHE:
		return req->nr_segments ? -EINVAL : 0;
	case BLKIF_OP_DISCARD:
		memcpy(&u.discard, req, sizeof(u.discard));
		out->sector = u.discard.sector_number;
		return check_discard(&u.discard, disk_sectors, readonly, out);
	case BLKIF_OP_INDIRECT:
		memcpy(&u.indirect, req, sizeof(u.indirect));
		out->sector = u.indirect.sector_number;
		return check_indirect_header(&u.indirect, readonly, out);
	case BLKIF_OP_READ:
	case BLKIF_OP_WRITE:
	case BLKIF_OP_WRITE_BARRIER:
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (req->operation != BLKIF_OP_READ && readonly)
		return -EROFS;
	if (!req->nr_segments ||
	    req->nr_segments > BLKIF_MAX_SEGMENTS_PER_REQUEST)
		return -EINVAL;
	return check_segs(req->seg, req->nr_segments, disk_sectors, out);
}

int blkreq_check_indirect(const struct blkif_request_segment *segs,
			  uint64_t disk_sectors, struct blkreq *out)
{
	unsigned int nr = out->nr_segs;

	out->nr_segs = 0;
	return check_segs(segs, nr, disk_sectors, out);
}

int16_t blkreq_status(int rc)
{
	if (!rc)
		return BLKIF_RSP_OKAY;
	return rc == -EOPNOTSUPP ? BLKIF_RSP_EOPNOTSUPP : BLKIF_RSP_ERROR;
}
