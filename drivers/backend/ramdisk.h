/* SPDX-License-Identifier: MIT */
/*
 * Dom0's RAM disks: a struct blkdev over pages of Dom0's memory, zeroed
 * at creation.  What a guest writes lives as long as the disk.
 */
#ifndef DRIVERS_RAMDISK_H
#define DRIVERS_RAMDISK_H

#include <stdint.h>
#include "blkdev.h"

#define RAMDISK_MAX_MIB	16	/* the largest RAM disk Dom0 makes */

/*
 * A new RAM disk of mib MiB (1..RAMDISK_MAX_MIB), read-only when readonly.
 * Returns it, or NULL with *err: -EINVAL, -ENOMEM.
 */
struct blkdev *ramdisk_create(unsigned int mib, bool readonly, int *err);

/* Frees a RAM disk from ramdisk_create(). */
void ramdisk_destroy(struct blkdev *disk);

/*
 * The disk's bytes from sector on (for Dom0's own look at a disk: `vbd
 * sum`, `vbd fill`); NULL past the end.
 */
uint8_t *ramdisk_data(struct blkdev *disk, uint64_t sector);

#endif
