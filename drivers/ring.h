/* SPDX-License-Identifier: MIT */
/*
 * Ring index checks both ends of a split driver share.  Every shared ring
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
