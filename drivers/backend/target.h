/* SPDX-License-Identifier: MIT */
/*
 * What a virtual disk's `target` names.  Dom0 has no /dev and no files:
 * the toolstack's disk specs (xl.cfg's `disk = [ '..., target=T' ]`, `xl
 * block-attach`) name one of Dom0's own disks, optionally a region of it:
 *
 *   ram:SIZE           a new RAM disk of SIZE (1M..16M, whole MiB),
 *                      zeroed; it lives as long as the device
 *   vda                Dom0's virtio-blk disk, the whole of it
 *   vda:OFFSET         from byte OFFSET to the disk's end
 *   vda:OFFSET+SIZE    SIZE bytes from byte OFFSET
 *
 * OFFSET and SIZE are bytes, or a number followed by K, M or G (KiB, MiB,
 * GiB); each a multiple of 512.  Under `make run` vda is build/run/disk.img.
 *
 * Sharing: a region of vda given read-write may not overlap any other
 * device's region (-EBUSY); read-only regions may overlap each other, as
 * Xen lets several guests share a disk read-only.
 *
 * Not locked: Dom0's cooperative threads.
 */
#ifndef DRIVERS_TARGET_H
#define DRIVERS_TARGET_H

#include <stdbool.h>
#include <stdint.h>
#include "blkdev.h"

enum target_kind { TARGET_RAM, TARGET_VDA };

/* A target, parsed. */
struct target {
	enum target_kind kind;
	uint64_t start;		/* sectors: where on vda */
	uint64_t sectors;	/* sectors; 0 for "to vda's end" */
};

/*
 * Parses s (the syntax above) into *t; nothing more (no disk is looked
 * at).  0, or -EINVAL (not such a target, a size not a multiple of 512, a
 * RAM disk size out of range).
 */
int target_parse(const char *s, struct target *t);

/*
 * The disk target s names, opened for a device (read-only when readonly):
 * a new RAM disk, or a region of vda.  Its params are s.  Returns it, or
 * NULL with *err: -EINVAL (does not parse), -ENAMETOOLONG, -ENODEV (no
 * vda), -ERANGE (the region is not inside vda), -EBUSY (overlaps another
 * device's region, one of them writable), -ENOMEM.
 */
struct blkdev *target_open(const char *s, bool readonly, int *err);

/* Closes a disk from target_open() (the RAM disk freed, the region released). */
void target_close(struct blkdev *disk);

/*
 * The open region of vda (a guest's disk, read-only or not) that sectors
 * [start, start + n) of vda overlap, or NULL: Dom0's own writes to vda
 * (the shell's `blk write`) must not land in a guest's disk.
 */
const struct blkdev *target_vda_user(uint64_t start, uint64_t n);

/* A sentence for target_open()'s error, for messages to the user. */
const char *target_strerror(int err);

#endif
