/* SPDX-License-Identifier: MIT */
/* The shared-page transport: struct xenstore_domain_interface rings. */
#ifndef XENSTORE_RING_H
#define XENSTORE_RING_H

#include <stdint.h>

#include <xen/io/xs_wire.h>

struct conn;
struct ring;
struct store;

/*
 * Serves domain @domid through @intf, the page it shares with the store
 * (requests in req[], replies and watch events in rsp[], free-running
 * indexes masked with MASK_XENSTORE_IDX).  @notify(@opaque) stands for
 * the event channel: it is called after the store moved a ring index, so
 * the guest should look.  Sets server_features (reconnection, error) and
 * clears error and connection.  Returns NULL when out of memory.
 */
struct ring *ring_attach(struct store *s, unsigned int domid,
			 struct xenstore_domain_interface *intf,
			 void (*notify)(void *opaque), void *opaque);

/*
 * Call when the guest signalled the event channel: consumes its requests,
 * including partial ones, and writes out as much output as fits.  Returns
 * 0, or -EIO when the guest broke the ring (indexes more than a ring
 * apart); then intf->error is XENSTORE_ERROR_RINGIDX and the ring is
 * ignored until the guest reconnects or ring_detach().
 *
 * A guest that set intf->connection to XENSTORE_RECONNECT gets a fresh
 * start instead: its watches, transactions and in-flight bytes are
 * dropped, the four indexes and intf->error are zeroed, connection is set
 * back to XENSTORE_CONNECTED and the guest is notified.
 */
int ring_poll(struct ring *r);

/* The connection behind @r (for tests and accounting). */
struct conn *ring_conn(struct ring *r);

/*
 * Stops serving the ring and frees it, with its connection.  Not needed
 * after the store released the domain (domain_release()): the store frees
 * the ring itself then, before calling the release hook.
 */
void ring_detach(struct ring *r);

#endif
