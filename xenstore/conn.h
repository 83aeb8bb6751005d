/* SPDX-License-Identifier: MIT */
/* A client connection: input, output queue, watches, transactions. */
#ifndef XENSTORE_CONN_H
#define XENSTORE_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "perms.h"
#include "wire.h"

struct conn;
struct domain;
struct store;
struct txn;
struct watch;

/*
 * What a transport (ring.c, socket.c) provides.  Members may be NULL.
 *
 * notify: output was queued on @c outside of conn_feed() (a watch event
 *   caused by another client); the transport should drain it soon.
 * closed: the store is destroying @c on its own (domain release, store
 *   teardown); the transport frees its state and must not use @c again.
 */
struct conn_ops {
	void (*notify)(struct conn *c);
	void (*closed)(struct conn *c);
};

/* One queued outgoing message: header and payload, as sent. */
struct conn_msg {
	struct conn_msg *next;
	uint32_t len; /* bytes in @data */
	uint32_t off; /* bytes already taken by the transport */
	bool event;   /* a watch event, not a reply */
	char data[];
};

struct conn {
	struct conn *next; /* store's list */
	struct store *store;
	struct domain *domain;
	bool privileged;
	const struct conn_ops *ops;
	void *opaque; /* the transport's */
	struct watch *watches;
	struct txn *txns;
	unsigned int ntxns;
	uint32_t next_txn_id;
	struct conn_msg *out_head, **out_tail;
	unsigned int out_replies; /* queued replies, for QUOTA_OUTSTANDING */
	unsigned int out_events;  /* queued events, for QUOTA_EVENTS */
	struct wire_in in;
};

/*
 * Creates a connection of domain @domid on @s.  Connections of Dom0 are
 * privileged, like Xen's UNIX socket clients.  @ops and @opaque belong to
 * the transport.  Returns NULL when out of memory.
 */
struct conn *conn_create(struct store *s, unsigned int domid,
			 const struct conn_ops *ops, void *opaque);

/*
 * Destroys @c: drops its transactions, watches and queued output.  The
 * transport calls it when its client goes away (closed is not called).
 */
void conn_destroy(struct conn *c);

/*
 * Forgets everything the client built up: transactions, watches, queued
 * output and a partly received request.  Used when a guest reconnects its
 * ring (XENSTORE_RECONNECT).
 */
void conn_reset(struct conn *c);

/*
 * Hands @len bytes of input to @c and processes every complete message,
 * queueing replies.  Returns the bytes consumed, which is less than @len
 * only when an unprivileged client has QUOTA_OUTSTANDING replies queued
 * unread: the transport offers the rest again after draining output.
 */
size_t conn_feed(struct conn *c, const void *data, size_t len);

/* True when conn_feed() would refuse input until output is drained. */
bool conn_stalled(const struct conn *c);

/*
 * Output: *@data and *@len describe the next bytes to send (NULL, 0 when
 * none).  The transport sends some of them and reports how many with
 * conn_output_done().
 */
void conn_output(const struct conn *c, const void **data, size_t *len);
void conn_output_done(struct conn *c, size_t n);

/*
 * Queues a message of @type with @len bytes of @payload.  Replies count
 * against QUOTA_OUTSTANDING; a watch event (type XS_WATCH_EVENT) beyond
 * QUOTA_EVENTS is dropped and logged.  Returns 0, -EBUSY (dropped) or
 * -ENOMEM.
 */
int conn_queue(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
	       const void *payload, uint32_t len);

/* Queues the event "@path\0@token\0" and notifies the transport. */
int conn_event(struct conn *c, const char *path, const char *token);

/* The identity permission checks use for @c. */
struct perm_who conn_who(const struct conn *c);

/* The domain id of @c. */
unsigned int conn_domid(const struct conn *c);

#endif
