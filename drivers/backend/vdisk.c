/* SPDX-License-Identifier: MIT */
/* Regions of Dom0's virtio-blk disk as blkdevs (vdisk.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "../../dom0/hw/virtio_blk.h"
#include "vdisk.h"

struct region {
	struct blkdev dev;
	uint64_t start;
};

/* Up to VBLK_SLOTS requests of VBLK_MAX_SECTORS each, one batch at a time. */
static int vd_rw(struct blkdev *disk, bool write, uint64_t sector,
		 unsigned int n, void *buf)
{
	const struct region *r = disk->priv;
	struct vblk_req reqs[VBLK_SLOTS];
	uint8_t *p = buf;
	unsigned int k, chunk;
	int rc;

	sector += r->start;
	while (n) {
		for (k = 0; n && k < VBLK_SLOTS; k++) {
			chunk = n < VBLK_MAX_SECTORS ? n : VBLK_MAX_SECTORS;
			reqs[k] = (struct vblk_req){
				.op = write ? VBLK_WRITE : VBLK_READ,
				.sector = sector, .count = chunk, .buf = p,
			};
			sector += chunk;
			p += (size_t)chunk * BLKDEV_SECTOR_SIZE;
			n -= chunk;
		}
		rc = vblk_submit(reqs, k);
		if (rc)
			return -EIO;
	}
	return 0;
}

static int vd_flush(struct blkdev *disk)
{
	struct vblk_req req = { .op = VBLK_FLUSH };

	(void)disk;
	if (!vblk_can_flush())
		return 0;	/* no write cache to flush */
	return vblk_submit(&req, 1) ? -EIO : 0;
}

/* Up to VBLK_SLOTS discards of vblk_max_discard() sectors, a batch. */
static int vd_discard(struct blkdev *disk, uint64_t sector, uint64_t n)
{
	const struct region *r = disk->priv;
	struct vblk_req reqs[VBLK_SLOTS];
	uint32_t max = vblk_max_discard(), chunk;
	unsigned int k;

	sector += r->start;
	while (n) {
		for (k = 0; n && k < VBLK_SLOTS; k++) {
			chunk = n < max ? (uint32_t)n : max;
			reqs[k] = (struct vblk_req){ .op = VBLK_DISCARD,
						     .sector = sector,
						     .count = chunk };
			sector += chunk;
			n -= chunk;
		}
		if (vblk_submit(reqs, k))
			return -EIO;
	}
	return 0;
}

static const struct blkdev_ops vd_ops = { .rw = vd_rw, .flush = vd_flush };
static const struct blkdev_ops vd_discard_ops = {
	.rw = vd_rw, .flush = vd_flush, .discard = vd_discard,
};

uint64_t vdisk_capacity(void)
{
	return vblk_capacity();
}

struct blkdev *vdisk_open(uint64_t start, uint64_t sectors, bool readonly,
			  int *err)
{
	uint64_t cap = vblk_capacity();
	struct region *r;

	if (!cap) {
		*err = -ENODEV;
		return NULL;
	}
	if (!sectors || start >= cap || sectors > cap - start) {
		*err = -EINVAL;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		*err = -ENOMEM;
		return NULL;
	}
	r->start = start;
	/* The device's discard when it has one, else blkback's zeros. */
	r->dev.ops = vblk_max_discard() ? &vd_discard_ops : &vd_ops;
	r->dev.sectors = sectors;
	r->dev.readonly = readonly;
	r->dev.priv = r;
	if (start || sectors != cap)
		snprintf(r->dev.params, sizeof(r->dev.params), "vda:%lu+%lu",
			 (unsigned long)start, (unsigned long)sectors);
	else
		snprintf(r->dev.params, sizeof(r->dev.params), "vda");
	return &r->dev;
}

void vdisk_close(struct blkdev *disk)
{
	free(disk->priv);
}
