/* SPDX-License-Identifier: MIT */
/* virtio-blk: batched sector requests through DMA slots, reset, flush. */
#include <errno.h>
#include <string.h>
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/thread.h"
#include "dma.h"
#include "virtio_blk.h"
#include "virtio_pci.h"

#define F_FLUSH			(1ull << 9)
#define F_DISCARD		(1ull << 13)
#define CFG_CAPACITY		0	/* le64, in 512-byte sectors */
#define CFG_MAX_DISCARD		36	/* le32 max_discard_sectors */

/* struct virtio_blk_req's header and status (5.2.6). */
#define T_IN			0
#define T_OUT			1
#define T_FLUSH			4
#define T_DISCARD		11
#define DISCARD_SEG_SIZE	16	/* le64 sector, le32 num_sectors, le32 flags */
#define S_OK			0
#define S_UNSUPP		2
#define HDR_SIZE		16
#define Q_SIZE			64
#define IN_FLIGHT		1	/* a request's status while it is */

struct slot {
	uint8_t *hdr;		/* header, then the status byte at HDR_SIZE */
	uint64_t hdr_bus;
	uint8_t *data;		/* VBLK_MAX_SECTORS sectors */
	uint64_t data_bus;
	struct vblk_req *req;	/* NULL: free */
};

static struct {
	struct virtio_dev *v;
	struct virtq q;
	struct slot slot[VBLK_SLOTS];
	uint64_t capacity;
	uint32_t max_discard;	/* sectors a discard may name; 0: none */
	struct thread_waitq wq;
	uint64_t done, failed, resets;
} blk;

static int probe(struct virtio_dev *v)
{
	unsigned int i;

	if (blk.v && blk.v != v)
		return -EBUSY;	/* the first disk is served */
	blk.v = v;
	v->priv = &blk;
	blk.capacity = virtio_config_read(v, CFG_CAPACITY, 4) |
		       (uint64_t)virtio_config_read(v, CFG_CAPACITY + 4, 4) << 32;
	blk.max_discard = v->features & F_DISCARD
				  ? virtio_config_read(v, CFG_MAX_DISCARD, 4)
				  : 0;
	for (i = 0; i < VBLK_SLOTS; i++) {
		struct slot *s = &blk.slot[i];

		if (s->hdr)
			continue;	/* kept across a reset */
		s->hdr = dma_alloc(1, &s->hdr_bus);
		s->data = dma_alloc(VBLK_MAX_SECTORS * VBLK_SECTOR / 4096,
				    &s->data_bus);
		if (!s->hdr || !s->data)
			return -ENOMEM;
	}
	return virtio_queue_setup(v, 0, &blk.q, Q_SIZE);
}

static void finish(struct slot *s, int status)
{
	struct vblk_req *r = s->req;

	if (!status && r->op == VBLK_READ)
		memcpy(r->buf, s->data, (size_t)r->count * VBLK_SECTOR);
	r->status = status;
	s->req = NULL;
	if (status)
		blk.failed++;
	else
		blk.done++;
}

/* Fails every request in flight (the device is being reset). */
static void fail_all(void)
{
	unsigned int i;

	for (i = 0; i < VBLK_SLOTS; i++)
		if (blk.slot[i].req)
			finish(&blk.slot[i], -EIO);
	thread_wake(&blk.wq);
}

static bool poll(struct virtio_dev *v)
{
	struct slot *s;
	bool work = false;
	uint32_t len;
	int err, st;

	(void)v;
	while ((s = vq_get_used(&blk.q, &len, &err))) {
		st = s->hdr[HDR_SIZE];
		finish(s, st == S_OK ? 0 : st == S_UNSUPP ? -EOPNOTSUPP : -EIO);
		work = true;
	}
	if (err) {
		kprintf("virtio-blk: device broke the ring protocol (%d): reset\n",
			err);
		vblk_reset();
		work = true;
	}
	if (work)
		thread_wake(&blk.wq);
	return work;
}

/* Puts r on the ring in slot s (the caller kicks). */
static int start(struct slot *s, struct vblk_req *r)
{
	uint32_t bytes = r->count * VBLK_SECTOR, type;
	struct vq_buf b[3];
	unsigned int n = 0;
	int rc;

	type = r->op == VBLK_READ	 ? T_IN
	       : r->op == VBLK_WRITE	 ? T_OUT
	       : r->op == VBLK_DISCARD ? T_DISCARD
				       : T_FLUSH;
	memset(s->hdr, 0, HDR_SIZE + 1);
	memcpy(s->hdr, &type, 4);
	if (r->op != VBLK_DISCARD)	/* a discard's range is in its segment */
		memcpy(s->hdr + 8, &r->sector, 8);
	s->hdr[HDR_SIZE] = 0xff;	/* the device must overwrite it */
	b[n++] = (struct vq_buf){ s->hdr_bus, HDR_SIZE };
	if (r->op == VBLK_WRITE)
		memcpy(s->data, r->buf, bytes);
	if (r->op == VBLK_DISCARD) {	/* one segment, flags 0 */
		memset(s->data, 0, DISCARD_SEG_SIZE);
		memcpy(s->data, &r->sector, 8);
		memcpy(s->data + 8, &r->count, 4);
		bytes = DISCARD_SEG_SIZE;
	}
	if (r->op != VBLK_FLUSH)
		b[n++] = (struct vq_buf){ s->data_bus, bytes };
	b[n++] = (struct vq_buf){ s->hdr_bus + HDR_SIZE, 1 };
	rc = vq_add(&blk.q, b, r->op == VBLK_READ ? 1 : n - 1,
		    r->op == VBLK_READ ? 2 : 1, s);
	if (rc)
		return rc;
	s->req = r;
	r->status = IN_FLIGHT;
	return 0;
}

static int check(const struct vblk_req *r)
{
	if (r->op == VBLK_FLUSH)
		return r->count ? -EINVAL : 0;
	if (r->op == VBLK_DISCARD)
		return !blk.max_discard ? -EOPNOTSUPP
		       : !r->count || r->count > blk.max_discard ||
				       r->sector >= blk.capacity ||
				       r->count > blk.capacity - r->sector
			       ? -EINVAL
			       : 0;
	if ((r->op != VBLK_READ && r->op != VBLK_WRITE) || !r->count ||
	    r->count > VBLK_MAX_SECTORS || !r->buf ||
	    r->sector >= blk.capacity || r->count > blk.capacity - r->sector)
		return -EINVAL;
	return 0;
}

static struct slot *free_slot(void)
{
	unsigned int i;

	for (i = 0; i < VBLK_SLOTS; i++)
		if (!blk.slot[i].req)
			return &blk.slot[i];
	return NULL;
}

int vblk_submit(struct vblk_req *reqs, unsigned int n)
{
	unsigned int i, started = 0;
	struct slot *s;
	uint32_t seen;
	int rc = 0;

	if (!blk.v)
		return -ENODEV;
	if (n > VBLK_SLOTS)
		return -EINVAL;
	for (i = 0; i < n; i++)
		reqs[i].status = check(&reqs[i]);
	/* All of them on the ring, then one notification. */
	while (started < n) {
		seen = thread_wait_count(&blk.wq);
		for (; started < n; started++) {
			if (reqs[started].status)
				continue;	/* refused by check() */
			s = free_slot();
			if (!s || start(s, &reqs[started]))
				break;
		}
		virtio_queue_kick(blk.v, 0, &blk.q);
		if (started < n && !poll(blk.v))
			thread_wait_until(&blk.wq, seen, clock_ns() + 1000000);
	}
	for (i = 0; i < n; i++) {
		while (reqs[i].status == IN_FLIGHT) {
			seen = thread_wait_count(&blk.wq);
			if (!poll(blk.v))
				thread_wait_until(&blk.wq, seen, clock_ns() + 1000000);
		}
		if (reqs[i].status && !rc)
			rc = reqs[i].status;
	}
	return rc;
}

uint64_t vblk_capacity(void)
{
	return blk.v ? blk.capacity : 0;
}

int vblk_can_flush(void)
{
	return blk.v && (blk.v->features & F_FLUSH);
}

uint32_t vblk_max_discard(void)
{
	return blk.v ? blk.max_discard : 0;
}

int vblk_reset(void)
{
	int rc;

	if (!blk.v)
		return -ENODEV;
	/* The device first: once reset, it touches no slot of ours. */
	rc = virtio_reset(blk.v);
	fail_all();
	blk.resets++;
	return rc;
}

void vblk_counters(uint64_t *done, uint64_t *failed, uint64_t *resets)
{
	*done = blk.done;
	*failed = blk.failed;
	*resets = blk.resets;
}

const struct virtio_driver virtio_blk_driver = {
	.name = "virtio-blk",
	.type = VIRTIO_ID_BLOCK,
	.features = F_FLUSH | F_DISCARD,
	.probe = probe,
	.poll = poll,
};
