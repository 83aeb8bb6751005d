/* SPDX-License-Identifier: MIT */
/*
 * Split virtqueues (virtio 1.x, 2.6): the descriptor table, the driver's
 * ("available") ring and the device's ("used") ring in DMA memory, with
 * event-index notification suppression (VIRTIO_F_EVENT_IDX) when
 * negotiated.
 *
 * The device is not trusted: what it writes (used ring ids, lengths, the
 * used index, avail_event) is read once and checked; a used entry naming a
 * descriptor that is not the head of a chain in flight, a length beyond
 * what the chain offered to the device, or a used index that ran ahead by
 * more than the queue's size makes vq_get_used() report -EIO, and the
 * driver resets the device.  The chain links are kept in a private copy,
 * so nothing the device writes is followed.
 *
 * Pure logic over memory the caller provides (tests/unit/dom0 runs it with
 * ordinary host memory as the "device").  Not locked.
 */
#ifndef DOM0_HW_VIRTQUEUE_H
#define DOM0_HW_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VQ_MAX_SIZE	256	/* entries; a power of two */

struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

#define VQ_DESC_NEXT	1u
#define VQ_DESC_WRITE	2u	/* the device writes this buffer */

struct vq_used_elem {
	uint32_t id;
	uint32_t len;
};

/* One buffer of a chain: its bus address and length. */
struct vq_buf {
	uint64_t addr;
	uint32_t len;
};

struct virtq {
	uint16_t size;
	bool event_idx;
	struct vq_desc *desc;
	volatile uint16_t *avail;	/* flags, idx, ring[size], used_event */
	volatile uint16_t *used;	/* flags, idx, elems..., avail_event */
	uint64_t desc_bus, avail_bus, used_bus;	/* for the transport */
	uint16_t free_head, nr_free;
	uint16_t avail_idx;		/* our copy of avail->idx */
	uint16_t kicked_idx;		/* avail_idx at the last notification */
	uint16_t last_used;		/* next used entry to read */
	uint16_t next[VQ_MAX_SIZE];	/* chain links, our own copy */
	uint16_t chain_len[VQ_MAX_SIZE];	/* descriptors, at the head */
	uint32_t chain_in[VQ_MAX_SIZE];	/* bytes the device may write */
	void *token[VQ_MAX_SIZE];	/* the caller's, at the head; NULL: free */
};

/* Bytes of DMA memory a queue of size entries needs (one region). */
size_t vq_mem_size(uint16_t size);

/*
 * Lays the queue out in mem (vq_mem_size(size) zeroed bytes at bus
 * address bus, 4 KiB aligned).  0, or -EINVAL for a size that is 0, not a
 * power of two or above VQ_MAX_SIZE.
 */
int vq_init(struct virtq *vq, uint16_t size, void *mem, uint64_t bus,
	    bool event_idx);

/*
 * Makes a chain of out buffers the device reads followed by in buffers it
 * writes available, with token (non-NULL) to get back from vq_get_used().
 * 0, -EINVAL (no buffer, a NULL token, more than the queue holds), or
 * -ENOSPC when too few descriptors are free now (back-pressure: retry
 * after vq_get_used() returned some).
 */
int vq_add(struct virtq *vq, const struct vq_buf *bufs, unsigned int out,
	   unsigned int in, void *token);

/*
 * Whether the device wants a notification for what was added since the
 * last call (event index, or the used ring's NO_NOTIFY flag).
 */
bool vq_kick_needed(struct virtq *vq);

/*
 * The next chain the device finished: returns its token and the bytes it
 * wrote in *len, or NULL when there is none (*err 0) or the device broke
 * the protocol (*err -EIO; the queue must be reset).  With event index it
 * also asks for an interrupt at the next entry.
 */
void *vq_get_used(struct virtq *vq, uint32_t *len, int *err);

/* True when the device has used entries we have not read. */
bool vq_has_used(const struct virtq *vq);

/*
 * Ends every chain in flight (after a device reset): calls fn(token) for
 * each and makes every descriptor free again.
 */
void vq_drain(struct virtq *vq, void (*fn)(void *token, void *arg), void *arg);

#endif
