/* SPDX-License-Identifier: MIT */
/*
 * What both ends of a split driver share about rings: the barriers of
 * xen/io/ring.h, and index checks.  Every shared ring
 * (xen/io/console.h's byte rings, the request/response rings of
 * xen/io/ring.h) has free-running 32-bit producer and consumer indexes
 * that wrap; an end reads the other end's index once, from memory the
 * other side can change at any time, and checks it against its own copy
 * before using it.  A producer behind the consumer, or more than a ring
 * ahead, is impossible: the other side is broken or hostile.
 */
#ifndef DRIVERS_RING_H
#define DRIVERS_RING_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The memory barriers the ring macros of xen/io/ring.h expect their user
 * to define: between reading a producer index and the entries it covers
 * (rmb), between writing entries and publishing the index (wmb), and
 * between publishing and reading the other end's event threshold (mb).
 */
#define xen_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)

/*
 * How many entries lie between cons and prod, in a ring of size entries;
 * prod and cons as read (one of them the other side's).  Returns false
 * (*used untouched) when that is more than size: an impossible pair.
 */
static inline bool ring_used(uint32_t prod, uint32_t cons, uint32_t size,
			     uint32_t *used)
{
	uint32_t n = prod - cons;

	if (n > size)
		return false;
	*used = n;
	return true;
}

#endif
