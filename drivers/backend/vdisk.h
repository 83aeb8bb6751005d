/* SPDX-License-Identifier: MIT */
/*
 * A region of Dom0's virtio-blk disk (dom0/hw/virtio_blk.h) as a struct
 * blkdev: sector 0 of the region is sector start of the disk.  What a
 * guest writes reaches the disk image on the host (build/run/disk.img
 * under `make run`), and what the host wrote there the guest reads.
 *
 * The caller (target.c) chose the region inside the disk and keeps
 * regions of different devices apart.
 */
#ifndef DRIVERS_VDISK_H
#define DRIVERS_VDISK_H

#include <stdbool.h>
#include <stdint.h>
#include "blkdev.h"

/*
 * A blkdev over sectors start..start+sectors-1 of the virtio-blk disk,
 * read-only when readonly.  Returns it, or NULL with *err: -ENODEV (Dom0
 * has no virtio-blk disk), -EINVAL (not inside it), -ENOMEM.
 */
struct blkdev *vdisk_open(uint64_t start, uint64_t sectors, bool readonly,
			  int *err);

/* Frees a region from vdisk_open() (the disk's data stays). */
void vdisk_close(struct blkdev *disk);

/* The disk's whole size in sectors, 0 when Dom0 has none. */
uint64_t vdisk_capacity(void);

#endif
