/* SPDX-License-Identifier: MIT */
/* The port table of event channels, grown bucket by bucket. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include "evtchn_table.h"

#define NR_BUCKETS (EVTCHN_MAX_PORTS / EVTCHN_TABLE_BUCKET_PORTS)

/*
 * The first bucket is static: platform_init() binds the timer and the
 * console's ports before the heap exists.
 */
static struct evtchn_slot first[EVTCHN_TABLE_BUCKET_PORTS];
static struct evtchn_slot *buckets[NR_BUCKETS] = { first };

struct evtchn_slot *evtchn_table_find(evtchn_port_t port)
{
	struct evtchn_slot *b;

	if (!port || port >= EVTCHN_MAX_PORTS)
		return NULL;
	b = __atomic_load_n(&buckets[port / EVTCHN_TABLE_BUCKET_PORTS],
			    __ATOMIC_ACQUIRE);
	return b ? &b[port % EVTCHN_TABLE_BUCKET_PORTS] : NULL;
}

struct evtchn_slot *evtchn_table_grow(evtchn_port_t port, int *err)
{
	struct evtchn_slot *slot = evtchn_table_find(port), *fresh,
			   *expected = NULL;

	if (slot)
		return slot;
	if (!port || port >= EVTCHN_MAX_PORTS) {
		*err = -ENOSPC;
		return NULL;
	}
	fresh = calloc(EVTCHN_TABLE_BUCKET_PORTS, sizeof(*fresh));
	if (!fresh) {
		*err = -ENOMEM;
		return NULL;
	}
	/* Published whole; a grower that came first keeps its bucket. */
	if (!__atomic_compare_exchange_n(
		&buckets[port / EVTCHN_TABLE_BUCKET_PORTS], &expected, fresh,
		false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		free(fresh);
	return evtchn_table_find(port);
}

unsigned int evtchn_table_ports(void)
{
	unsigned int b, n = 0;

	for (b = 0; b < NR_BUCKETS; b++)
		if (__atomic_load_n(&buckets[b], __ATOMIC_ACQUIRE))
			n += EVTCHN_TABLE_BUCKET_PORTS;
	return n;
}
