/* SPDX-License-Identifier: MIT */
/* Dom0's RAM disks (ramdisk.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../guest-patches/kernel/page_alloc.h"
#include "ramdisk.h"

#define MIB_PAGES	256

static int ram_rw(struct blkdev *disk, bool write, uint64_t sector,
		  unsigned int n, void *buf)
{
	uint8_t *p = ramdisk_data(disk, sector);

	if (write)
		memcpy(p, buf, (size_t)n * BLKDEV_SECTOR_SIZE);
	else
		memcpy(buf, p, (size_t)n * BLKDEV_SECTOR_SIZE);
	return 0;
}

static int ram_flush(struct blkdev *disk)
{
	(void)disk;
	return 0;	/* RAM: written is as durable as it gets */
}

static const struct blkdev_ops ram_ops = { .rw = ram_rw, .flush = ram_flush };

struct blkdev *ramdisk_create(unsigned int mib, bool readonly, int *err)
{
	struct blkdev *d;
	uint64_t pa;

	if (!mib || mib > RAMDISK_MAX_MIB) {
		*err = -EINVAL;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	pa = d ? page_alloc_n((unsigned long)mib * MIB_PAGES) : 0;
	if (!pa) {
		free(d);
		*err = -ENOMEM;
		return NULL;
	}
	memset((void *)(uintptr_t)pa, 0, (size_t)mib << 20);
	d->ops = &ram_ops;
	d->sectors = ((uint64_t)mib << 20) / BLKDEV_SECTOR_SIZE;
	d->readonly = readonly;
	d->priv = (void *)(uintptr_t)pa;
	snprintf(d->params, sizeof(d->params), "ram:%uM", mib);
	return d;
}

void ramdisk_destroy(struct blkdev *disk)
{
	page_free_n((uintptr_t)disk->priv,
		    (unsigned long)(disk->sectors * BLKDEV_SECTOR_SIZE >> 20) *
			    MIB_PAGES);
	free(disk);
}

uint8_t *ramdisk_data(struct blkdev *disk, uint64_t sector)
{
	if (sector >= disk->sectors)
		return NULL;
	return (uint8_t *)disk->priv + sector * BLKDEV_SECTOR_SIZE;
}
