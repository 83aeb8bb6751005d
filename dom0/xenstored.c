/* SPDX-License-Identifier: MIT */
/* xenstored in Dom0: the store, its rings to DomUs, Dom0's own client. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include "../guest-patches/kernel/print.h"
#include "../guest-patches/pv/evtchn.h"
#include "../xenstore/conn.h"
#include "../xenstore/domain.h"
#include "../xenstore/ring.h"
#include "../xenstore/store.h"
#include "foreign.h"
#include "service.h"
#include "xenstored.h"


/* One DomU's ring as Dom0 holds it. */
struct xs_ring {
	domid_t domid;
	struct xenstore_domain_interface *page;	/* foreign mapping */
	uint32_t port;				/* Dom0's end */
	struct ring *ring;
	volatile bool kicked;	/* its event came: serve it next poll */
};

static struct store *store;
static struct conn *dom0_conn;		/* Dom0's in-kernel client */
/*
 * The rings served, each allocated once and kept for reuse (the port's
 * notify hook holds the pointer); the table of pointers doubles when full.
 */
static struct xs_ring **rings;
static unsigned int nr_rings;
static uint32_t next_req_id = 1;

static void ring_notify(void *opaque)
{
	/* fails only for a port the peer closed: its ring is going anyway */
	evtchn_send(((struct xs_ring *)opaque)->port);
}

/* Interrupt context: the guest moved an index; serve its ring. */
static void ring_event(evtchn_port_t port, void *data)
{
	(void)port;
	((struct xs_ring *)data)->kicked = true;
	service_wake();
}

static struct xs_ring *find_ring(domid_t domid)
{
	unsigned int i;

	for (i = 0; i < nr_rings && rings[i]; i++)
		if (rings[i]->page && rings[i]->domid == domid)
			return rings[i];
	return NULL;
}

/* A ring not in use, the table grown when need be; NULL: out of memory. */
static struct xs_ring *free_ring(void)
{
	struct xs_ring **bigger;
	unsigned int i, n;

	for (i = 0; i < nr_rings && rings[i]; i++)
		if (!rings[i]->page)
			return rings[i];
	if (i == nr_rings) {
		n = nr_rings ? 2 * nr_rings : 32;
		bigger = realloc(rings, n * sizeof(*rings));
		if (!bigger)
			return NULL;
		memset(bigger + nr_rings, 0, (n - nr_rings) * sizeof(*rings));
		rings = bigger;
		nr_rings = n;
	}
	rings[i] = calloc(1, sizeof(**rings));
	return rings[i];
}

/*
 * The core's introduce hook: map the page, bind the port (its handler
 * wakes the service thread), attach.
 */
static int hook_introduce(struct store *s, unsigned int domid, uint64_t mfn,
			  unsigned int port, void *opaque)
{
	struct xs_ring *r = find_ring((domid_t)domid);
	int rc;

	(void)opaque;
	if (r)
		return -EEXIST;
	r = free_ring();
	if (!r)
		return -ENOMEM;
	r->domid = (domid_t)domid;
	r->page = foreign_map((domid_t)domid, mfn, &rc);
	if (!r->page)
		return rc;
	rc = evtchn_bind_interdomain((domid_t)domid, port, ring_event, r);
	if (rc < 0)
		goto err_unmap;
	r->port = (uint32_t)rc;
	r->ring = ring_attach(s, domid, r->page, ring_notify, r);
	if (!r->ring) {
		rc = -ENOMEM;
		goto err_close;
	}
	return 0;

err_close:
	evtchn_close(r->port);
err_unmap:
	foreign_unmap(r->page);
	r->page = NULL;
	return rc;
}

/* The core's release hook: the connection is gone already. */
static void hook_release(struct store *s, unsigned int domid, void *opaque)
{
	struct xs_ring *r = find_ring((domid_t)domid);

	(void)s;
	(void)opaque;
	if (!r)
		return;
	evtchn_close(r->port);
	foreign_unmap(r->page);
	r->page = NULL;
	r->ring = NULL;
}

static void hook_log(void *opaque, const char *msg)
{
	(void)opaque;
	kprintf("xenstored: %s\n", msg);
}

int xenstored_init(void)
{
	static const struct store_hooks hooks = {
		.introduce = hook_introduce,
		.release = hook_release,
		.log = hook_log,
	};

	store = store_create(&hooks);
	if (!store)
		return -ENOMEM;
	dom0_conn = conn_create(store, 0, NULL, NULL);
	return dom0_conn ? 0 : -ENOMEM;
}

struct conn *xenstored_connect(const struct conn_ops *ops, void *opaque)
{
	return conn_create(store, 0, ops, opaque);
}

/*
 * Only the rings whose event came are read: a guest signals after each
 * request (and after freeing room in a full reply ring), and the core
 * writes replies and watch events into a ring as they are queued
 * (ring.c), so a ring that did not signal has nothing to do.  Reading
 * every ring's indexes on every wake-up cost Dom0 as much as all the
 * rings it serves, for each request of any of them.  The flag is cleared
 * before the ring is read: an event during the read is served next time.
 */
void xenstored_poll(void)
{
	struct xs_ring *r;
	unsigned int i;

	for (i = 0; i < nr_rings && rings[i]; i++) {
		r = rings[i];
		if (!r->ring || !r->kicked)
			continue;
		r->kicked = false;
		if (ring_poll(r->ring))
			kprintf("xenstored: d%u broke its ring; ignored until "
				"it reconnects\n", r->domid);
	}
}

/* The positive errno an XS_ERROR payload names (EIO for unknown text). */
static int error_number(const char *text)
{
	unsigned int i;

	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (!strcmp(xsd_errors[i].errstring, text))
			return xsd_errors[i].errnum;
	return EIO;
}

/*
 * Takes the reply to req_id from Dom0's output queue; watch events that
 * come first are dropped (Dom0's own code sets no watches yet).
 */
static int take_reply(uint32_t req_id, struct xsd_sockmsg *hdr, char *reply,
		      size_t size, size_t *reply_len)
{
	const void *data;
	size_t len, n;

	for (;;) {
		conn_output(dom0_conn, &data, &len);
		if (!data)
			return -EIO;
		if (len < sizeof(*hdr))
			return -EIO;	/* the core queues whole messages */
		memcpy(hdr, data, sizeof(*hdr));
		if (len < sizeof(*hdr) + hdr->len)
			return -EIO;
		if (hdr->type != XS_WATCH_EVENT && hdr->req_id == req_id)
			break;
		conn_output_done(dom0_conn, sizeof(*hdr) + hdr->len);
	}
	n = hdr->len < size - 1 ? hdr->len : size - 1;
	memcpy(reply, (const char *)data + sizeof(*hdr), n);
	reply[n] = '\0';
	*reply_len = n;
	conn_output_done(dom0_conn, sizeof(*hdr) + hdr->len);
	return 0;
}

int xenstored_request(uint32_t type, const void *payload, size_t len,
		      char *reply, size_t size, size_t *reply_len)
{
	struct xsd_sockmsg hdr = { .type = type, .req_id = next_req_id++,
				   .len = (uint32_t)len };
	int rc;

	if (len > XENSTORE_PAYLOAD_MAX || size < 1)
		return -E2BIG;
	if (conn_feed(dom0_conn, &hdr, sizeof(hdr)) != sizeof(hdr) ||
	    conn_feed(dom0_conn, payload, len) != len)
		return -EIO;
	rc = take_reply(hdr.req_id, &hdr, reply, size, reply_len);
	if (rc)
		return rc;
	xenstored_poll();	/* guests may have watch events now */
	return hdr.type == XS_ERROR ? -error_number(reply) : 0;
}

/* Joins n strings into buf, each with its NUL.  Length, or -E2BIG. */
static int join(char *buf, size_t size, const char *const *parts,
		unsigned int n)
{
	size_t len = 0, l;
	unsigned int i;

	for (i = 0; i < n; i++) {
		l = strlen(parts[i]) + 1;
		if (len + l > size)
			return -E2BIG;
		memcpy(buf + len, parts[i], l);
		len += l;
	}
	return (int)len;
}

static int request_parts(uint32_t type, const char *const *parts,
			 unsigned int n, size_t drop_last_nul)
{
	char buf[XENSTORE_PAYLOAD_MAX], reply[64];
	size_t reply_len;
	int len = join(buf, sizeof(buf), parts, n);

	if (len < 0)
		return len;
	return xenstored_request(type, buf, (size_t)len - drop_last_nul,
				 reply, sizeof(reply), &reply_len);
}

uint64_t xenstored_domain_ops(domid_t domid)
{
	const struct domain *d = domain_find(store, domid);

	return d ? d->ops : 0;
}

int xenstored_write(const char *path, const char *value)
{
	const char *parts[] = { path, value };

	/* XS_WRITE's value is not NUL-terminated on the wire */
	return request_parts(XS_WRITE, parts, 2, 1);
}

int xenstored_set_perms(const char *path, const char *const *perms,
			unsigned int n)
{
	const char *parts[1 + 8];
	unsigned int i;

	if (n > 8)
		return -E2BIG;
	parts[0] = path;
	for (i = 0; i < n; i++)
		parts[1 + i] = perms[i];
	return request_parts(XS_SET_PERMS, parts, 1 + n, 0);
}

int xenstored_introduce(domid_t domid, uint64_t store_pfn,
			uint32_t store_port)
{
	char id[8], pfn[24], port[12];
	const char *parts[] = { id, pfn, port };

	snprintf(id, sizeof(id), "%u", domid);
	snprintf(pfn, sizeof(pfn), "%lu", (unsigned long)store_pfn);
	snprintf(port, sizeof(port), "%u", store_port);
	return request_parts(XS_INTRODUCE, parts, 3, 0);
}

void xenstored_release(domid_t domid)
{
	if (domain_is_introduced(store, domid))
		domain_release(store, domid);
}
