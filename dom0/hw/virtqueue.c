/* SPDX-License-Identifier: MIT */
/* Split virtqueues: descriptor chains, the two rings, event index. */
#include <errno.h>
#include <string.h>
#include "virtqueue.h"

#define AVAIL_RING	2	/* avail: flags, idx, then the ring */
#define USED_NO_NOTIFY	1u

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static size_t avail_off(uint16_t size)
{
	return 16u * size;
}

static size_t used_off(uint16_t size)
{
	return align4(avail_off(size) + 2 * (3u + size));
}

size_t vq_mem_size(uint16_t size)
{
	return used_off(size) + 6 + 8u * size;
}

int vq_init(struct virtq *vq, uint16_t size, void *mem, uint64_t bus,
	    bool event_idx)
{
	uint16_t i;

	if (!size || size > VQ_MAX_SIZE || (size & (size - 1)))
		return -EINVAL;
	memset(vq, 0, sizeof(*vq));
	vq->size = size;
	vq->event_idx = event_idx;
	vq->desc = mem;
	vq->avail = (volatile uint16_t *)((uint8_t *)mem + avail_off(size));
	vq->used = (volatile uint16_t *)((uint8_t *)mem + used_off(size));
	vq->desc_bus = bus;
	vq->avail_bus = bus + avail_off(size);
	vq->used_bus = bus + used_off(size);
	for (i = 0; i < size; i++)
		vq->next[i] = (uint16_t)(i + 1);
	vq->nr_free = size;
	return 0;
}

static void barrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

int vq_add(struct virtq *vq, const struct vq_buf *bufs, unsigned int out,
	   unsigned int in, void *token)
{
	unsigned int n = out + in, i;
	uint16_t head = vq->free_head, d = head, last = head;
	uint32_t in_bytes = 0;

	if (!n || !token || n > vq->size)
		return -EINVAL;
	if (n > vq->nr_free)
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		vq->desc[d].addr = bufs[i].addr;
		vq->desc[d].len = bufs[i].len;
		vq->desc[d].flags = (uint16_t)((i >= out ? VQ_DESC_WRITE : 0) |
					       (i + 1 < n ? VQ_DESC_NEXT : 0));
		if (i >= out)
			in_bytes += bufs[i].len;
		last = d;
		d = vq->next[d];
		vq->desc[last].next = i + 1 < n ? d : 0;
	}
	vq->free_head = d;
	vq->nr_free = (uint16_t)(vq->nr_free - n);
	vq->next[last] = d;	/* kept for freeing: the chain's end links on */
	vq->token[head] = token;
	vq->chain_len[head] = (uint16_t)n;
	vq->chain_in[head] = in_bytes;
	vq->avail[AVAIL_RING + (vq->avail_idx & (vq->size - 1))] = head;
	barrier();	/* the entry before the index that publishes it */
	vq->avail_idx++;
	vq->avail[1] = vq->avail_idx;
	return 0;
}

bool vq_kick_needed(struct virtq *vq)
{
	uint16_t old = vq->kicked_idx, now = vq->avail_idx, event;

	barrier();	/* our index out before we read the device's wish */
	vq->kicked_idx = now;
	if (!vq->event_idx)
		return !(vq->used[0] & USED_NO_NOTIFY);
	event = vq->used[2 + 4 * vq->size];	/* avail_event */
	/* Notify when event lies in [old, now): 2.6.7.2's vring_need_event. */
	return (uint16_t)(now - event - 1) < (uint16_t)(now - old);
}

bool vq_has_used(const struct virtq *vq)
{
	return vq->used[1] != vq->last_used;
}

/* Puts the chain at head back on the free list. */
static void free_chain(struct virtq *vq, uint16_t head)
{
	uint16_t n = vq->chain_len[head], last = head, i;

	for (i = 1; i < n; i++)
		last = vq->next[last];
	vq->next[last] = vq->free_head;
	vq->free_head = head;
	vq->nr_free = (uint16_t)(vq->nr_free + n);
	vq->token[head] = NULL;
}

void *vq_get_used(struct virtq *vq, uint32_t *len, int *err)
{
	const volatile struct vq_used_elem *ring =
		(const volatile struct vq_used_elem *)(vq->used + 2);
	uint16_t idx = vq->used[1];
	uint32_t id, n;
	void *token;

	*err = 0;
	if (idx == vq->last_used)
		return NULL;
	if ((uint16_t)(idx - vq->last_used) > vq->size) {
		*err = -EIO;	/* ran ahead of what we made available */
		return NULL;
	}
	barrier();	/* the index before the entry it covers */
	id = ring[vq->last_used & (vq->size - 1)].id;
	n = ring[vq->last_used & (vq->size - 1)].len;
	if (id >= vq->size || !vq->token[id] || n > vq->chain_in[id]) {
		*err = -EIO;
		return NULL;
	}
	vq->last_used++;
	if (vq->event_idx) {
		vq->avail[AVAIL_RING + vq->size] = vq->last_used;
		/*
		 * used_event out before our next read of the used index: the
		 * device reads used_event after writing the index, so without
		 * this full barrier (a store then a load: x86 reorders them)
		 * both may see the other's old value, and the interrupt for
		 * the next buffer is lost until the poller's safety pass.
		 */
		barrier();
	}
	token = vq->token[id];
	free_chain(vq, (uint16_t)id);
	*len = n;
	return token;
}

void vq_drain(struct virtq *vq, void (*fn)(void *token, void *arg), void *arg)
{
	uint16_t i;
	void *t;

	for (i = 0; i < vq->size; i++) {
		t = vq->token[i];
		if (!t)
			continue;
		free_chain(vq, i);
		if (fn)
			fn(t, arg);
	}
	vq->last_used = vq->used[1];
}
