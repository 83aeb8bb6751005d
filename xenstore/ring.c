/* SPDX-License-Identifier: MIT */
/* The shared-page transport over xenstore_domain_interface (ring.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "ring.h"
#include "store.h"

struct ring {
	struct conn *conn;
	struct xenstore_domain_interface *intf;
	void (*notify)(void *opaque);
	void *opaque;
	bool broken;
	bool polling; /* inside ring_poll(): it notifies once at the end */
};

/*
 * The guest writes the indexes it owns whenever it likes, so each one is
 * read once into a local and checked before use; a compiler barrier keeps
 * the data accesses after the index reads and before the index writes.
 * The host daemon and the unit tests share memory on one CPU; Dom0 builds
 * on x86, where stores are not reordered with other stores, so no fence
 * instruction is needed either.
 */
#define ring_barrier() __asm__ __volatile__("" ::: "memory")

static uint32_t ring_read_idx(const volatile XENSTORE_RING_IDX *p)
{
	return *p;
}

static bool ring_check(struct ring *r, uint32_t cons, uint32_t prod)
{
	if (prod - cons <= XENSTORE_RING_SIZE)
		return true;
	r->broken = true;
	r->intf->error = XENSTORE_ERROR_RINGIDX;
	store_log(r->conn->store, "ring: guest broke the indexes");
	return false;
}

/* Moves queued output into rsp[].  Returns bytes moved, or -EIO. */
static int ring_write(struct ring *r)
{
	struct xenstore_domain_interface *intf = r->intf;
	uint32_t cons, prod, space, chunk, moved = 0;
	const void *data;
	size_t len;

	for (;;) {
		conn_output(r->conn, &data, &len);
		if (!len)
			break;
		cons = ring_read_idx(&intf->rsp_cons);
		prod = intf->rsp_prod; /* ours: the guest must not write it */
		if (!ring_check(r, cons, prod))
			return -EIO;
		space = XENSTORE_RING_SIZE - (prod - cons);
		if (!space)
			break;
		ring_barrier();
		chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);
		chunk = chunk < space ? chunk : space;
		chunk = chunk < len ? chunk : (uint32_t)len;
		memcpy(intf->rsp + MASK_XENSTORE_IDX(prod), data, chunk);
		ring_barrier();
		intf->rsp_prod = prod + chunk;
		conn_output_done(r->conn, chunk);
		moved += chunk;
	}
	return (int)moved;
}

/* Feeds req[] to the connection.  Returns bytes taken, or -EIO. */
static int ring_read(struct ring *r)
{
	struct xenstore_domain_interface *intf = r->intf;
	uint32_t cons, prod, avail, chunk;
	size_t used;
	char buf[XENSTORE_RING_SIZE];

	cons = intf->req_cons;
	prod = ring_read_idx(&intf->req_prod);
	if (!ring_check(r, cons, prod))
		return -EIO;
	avail = prod - cons;
	if (!avail)
		return 0;
	ring_barrier();
	/* Copy once, then parse the copy: the guest may change the ring. */
	chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);
	chunk = chunk < avail ? chunk : avail;
	memcpy(buf, intf->req + MASK_XENSTORE_IDX(cons), chunk);
	memcpy(buf + chunk, intf->req, avail - chunk);
	used = conn_feed(r->conn, buf, avail);
	ring_barrier();
	intf->req_cons = cons + (uint32_t)used;
	return (int)used;
}

static void ring_conn_notify(struct conn *c)
{
	struct ring *r = c->opaque;

	if (r->polling || r->broken)
		return;
	if (ring_write(r) > 0)
		r->notify(r->opaque);
}

static void ring_conn_closed(struct conn *c)
{
	free(c->opaque);
}

static const struct conn_ops ring_conn_ops = {
    .notify = ring_conn_notify,
    .closed = ring_conn_closed,
};

struct ring *ring_attach(struct store *s, unsigned int domid,
			 struct xenstore_domain_interface *intf,
			 void (*notify)(void *opaque), void *opaque)
{
	struct ring *r;

	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->conn = conn_create(s, domid, &ring_conn_ops, r);
	if (!r->conn) {
		free(r);
		return NULL;
	}
	r->intf = intf;
	r->notify = notify;
	r->opaque = opaque;
	intf->server_features = XENSTORE_SERVER_FEATURE_RECONNECTION |
				XENSTORE_SERVER_FEATURE_ERROR;
	intf->error = XENSTORE_ERROR_NONE;
	intf->connection = XENSTORE_CONNECTED;
	return r;
}

/*
 * The guest asked to start afresh (XENSTORE_RECONNECT, after kexec or
 * resume): drop all its state and in-flight bytes, zero the indexes and
 * say so.  This also clears a broken ring.
 */
static void ring_reconnect(struct ring *r)
{
	struct xenstore_domain_interface *intf = r->intf;

	conn_reset(r->conn);
	intf->req_cons = intf->req_prod = 0;
	intf->rsp_cons = intf->rsp_prod = 0;
	intf->error = XENSTORE_ERROR_NONE;
	r->broken = false;
	ring_barrier();
	intf->connection = XENSTORE_CONNECTED;
}

int ring_poll(struct ring *r)
{
	int in, out, moved = 0;

	if (ring_read_idx(&r->intf->connection) == XENSTORE_RECONNECT) {
		ring_reconnect(r);
		if (r->notify)
			r->notify(r->opaque);
		return 0;
	}
	if (r->broken)
		return -EIO;
	r->polling = true;
	do {
		out = ring_write(r);
		in = out < 0 ? 0 : ring_read(r);
		if (out > 0)
			moved += out;
		if (in > 0)
			moved += in;
	} while (in > 0 || out > 0);
	r->polling = false;
	if (moved && r->notify)
		r->notify(r->opaque);
	return (in < 0 || out < 0) ? -EIO : 0;
}

struct conn *ring_conn(struct ring *r)
{
	return r->conn;
}

void ring_detach(struct ring *r)
{
	conn_destroy(r->conn);
	free(r);
}
