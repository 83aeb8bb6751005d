/* SPDX-License-Identifier: MIT */
/*
 * A disk as the block backend sees it: a number of 512-byte sectors read
 * and written synchronously.  Dom0's RAM disks (ramdisk.h) are one kind;
 * a virtio-blk disk, or a region of one, is another, behind the same ops.
 */
#ifndef DRIVERS_BLKDEV_H
#define DRIVERS_BLKDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BLKDEV_SECTOR_SIZE	512

struct blkdev;

struct blkdev_ops {
	/*
	 * Reads (write false) or writes n sectors from sector into or out
	 * of buf.  The caller checked the range.  Returns 0 or -EIO.
	 */
	int (*rw)(struct blkdev *disk, bool write, uint64_t sector,
		  unsigned int n, void *buf);
	/* Makes what was written durable.  0 or -EIO. */
	int (*flush)(struct blkdev *disk);
	/*
	 * Tells the device n sectors from sector hold nothing worth keeping
	 * (the caller checked the range); they read back undefined.  NULL
	 * when the device cannot: blkback then writes zeros.  0 or -EIO.
	 */
	int (*discard)(struct blkdev *disk, uint64_t sector, uint64_t n);
};

struct blkdev {
	const struct blkdev_ops *ops;
	uint64_t sectors;
	bool readonly;
	char params[32];	/* what the disk is, for the store's `params` */
	void *priv;
};

#endif
