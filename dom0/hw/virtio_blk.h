/* SPDX-License-Identifier: MIT */
/*
 * virtio-blk (virtio spec 5.2): Dom0's disk.  Requests carry 512-byte
 * sectors; each goes through a slot of DMA memory (header, data bounce
 * buffer, status byte), so callers pass ordinary buffers.
 *
 * Batching: vblk_submit() makes up to VBLK_SLOTS requests available with
 * one notification and waits for all; each request gets its own status,
 * so one failing sector range does not fail the others.  The device is
 * not trusted: a used entry that breaks the ring protocol makes every
 * request in flight fail with -EIO and the device is reset.
 *
 * For the one disk of the first virtio-blk device.  Called from
 * cooperative threads (the shell's, a backend's); not from interrupt
 * context.
 */
#ifndef DOM0_HW_VIRTIO_BLK_H
#define DOM0_HW_VIRTIO_BLK_H

#include <stdint.h>

#define VBLK_SECTOR		512u
#define VBLK_MAX_SECTORS	128u	/* per request: 64 KiB */
#define VBLK_SLOTS		16	/* requests in flight at once */

enum vblk_op { VBLK_READ, VBLK_WRITE, VBLK_FLUSH, VBLK_DISCARD };

struct vblk_req {
	enum vblk_op op;
	uint64_t sector;
	uint32_t count;		/* sectors, 1..VBLK_MAX_SECTORS (0 for FLUSH,
				   1..vblk_max_discard() for DISCARD) */
	void *buf;		/* count * 512 bytes (none for FLUSH, DISCARD) */
	int status;		/* OUT: 0, -EIO (device error or broken ring),
				   -EOPNOTSUPP (the device has no such op),
				   -EINVAL (beyond the disk, bad count) */
};

struct virtio_driver;
extern const struct virtio_driver virtio_blk_driver;

/*
 * Submits n requests (n <= VBLK_SLOTS) and waits until each is done;
 * their status fields tell.  Returns 0 when every one succeeded, else the
 * first error; -ENODEV without a disk.
 */
int vblk_submit(struct vblk_req *reqs, unsigned int n);

/* Capacity in sectors; 0 without a disk. */
uint64_t vblk_capacity(void);

/* Whether the device can flush its write cache (VIRTIO_BLK_F_FLUSH). */
int vblk_can_flush(void);

/*
 * The most sectors one VBLK_DISCARD may name (the device's
 * max_discard_sectors), or 0 when it offers no VIRTIO_BLK_F_DISCARD (a
 * discard is then -EOPNOTSUPP).  A discarded range reads back undefined:
 * QEMU ignores it, or punches a hole that reads as zeros
 * (-drive discard=unmap).
 */
uint32_t vblk_max_discard(void);

/*
 * Resets the device and sets it up again; requests in flight fail with
 * -EIO (vblk_submit's callers see it and may retry).  0 or -errno.
 */
int vblk_reset(void);

/* Requests done, failed, and resets, for `blk`. */
void vblk_counters(uint64_t *done, uint64_t *failed, uint64_t *resets);

#endif
