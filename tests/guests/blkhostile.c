/* SPDX-License-Identifier: MIT */
/*
 * A hostile block frontend, linked into guest-pv-hostile.elf in place of
 * drivers/frontend/blkfront.c (it implements blkfront.h: blkfront_start()
 * starts the attacks, blkfront_rw() serves nobody).  It connects to
 * blkback like blkfront, then breaks the protocol one way after another
 * on its xvda and prints what the backend did:
 *
 *   hostile/bad-gref       a segment naming a grant that does not exist
 *   hostile/too-many-segs  nr_segments 200
 *   hostile/past-end       sectors past the end of the disk
 *   hostile/bad-op         an operation blkif.h does not have
 *   hostile/backend-keys   writes to the backend's directory (its sectors,
 *                          its state, a new key) are refused: it is
 *                          Dom0's, readable by us (as Xen sets it)
 *   hostile/indirect-*     indirect requests (feature-max-indirect-
 *                          segments): too many segments (257, 65535), an
 *                          indirect page that is not granted, a segment
 *                          in it naming a grant that does not exist or
 *                          past its page; and a good one, its indirect
 *                          page also its data page (the backend reads the
 *                          segments once, before the data overwrites them)
 *   hostile/flood          4000 requests, the ring kept full
 *   hostile/double-fetch   requests rewritten (good, bad, good) while the
 *                          backend may be reading them
 *   hostile/not-a-ring     a request producer 100 beyond the ring
 *   hostile/ring-order-too-big  started again (our Initialising, the
 *                          backend's InitWait) with a ring-page-order of
 *                          9, above the backend's max-ring-page-order
 *   hostile/ring-ref-missing    ring-page-order 1, no ring-ref1
 *   hostile/ring-ref-twice      ring-page-order 1, ring-ref0 = ring-ref1
 *                          (each: the backend refuses to connect, Closed)
 *   hostile/reconnect      then started again with a good ring of two
 *                          pages (ring-page-order 1) and feature-persistent:
 *                          Connected
 *   (then its 64 requests pushed and the domain crashes at once, in the
 *   middle of their I/O, on persistent grants: the test checks Dom0 and
 *   the other DomU)
 *
 * Each must get its error (BLKIF_RSP_ERROR, BLKIF_RSP_EOPNOTSUPP), an
 * answer for every request, or, for the last, the backend's Closed: that
 * device disconnected, and tests/system/blk-hostile.sh checks that Dom0
 * and the other DomU go on.  Lines: "PASS name" / "FAIL name: why", then
 * "HOSTILE done".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../drivers/ring.h"
#include <xen/io/blkif.h>
#include <xen/io/protocols.h>
#include "../../drivers/frontend/blkfront.h"
#include "../../drivers/frontend/xenbus_front.h"
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/page_alloc.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/thread.h"
#include "../../guest-patches/pv/evtchn.h"
#include "../../guest-patches/pv/gnttab.h"
#include "../../guest-patches/pv/hypercall.h"
#include "../../guest-patches/pv/xenbus.h"
#include "hostile.h"

#define WAIT_NS		(5 * 1000000000ull)
#define FLOOD		4000

/* How setup() describes the ring (two pages granted each time). */
enum ring_keys {
	RING_ONE,		/* ring-ref: one page */
	RING_ORDER_TOO_BIG,	/* ring-page-order 9 */
	RING_REF_MISSING,	/* ring-page-order 1, ring-ref0 only */
	RING_REF_TWICE,		/* ring-page-order 1, ring-ref0 twice */
	RING_TWO,		/* ring-page-order 1, ring-ref0 and ring-ref1 */
};

static struct {
	struct hostile_dev dev;
	struct blkif_front_ring ring;
	uint64_t ring_pa, data_pa;
	grant_ref_t ring_ref[2], data_ref;
	evtchn_port_t port;
	uint64_t sectors;
	enum ring_keys ring_keys;
	volatile unsigned int setups;
} h;

/* The ring's keys, as h.ring_keys says. */
static int write_ring_keys(struct xenbus_front_dev *xb)
{
	char path[XENBUS_DEV_PATH_MAX + 16];
	int rc;

	if (h.ring_keys == RING_ONE)
		return hostile_write_num(xb, "ring-ref", h.ring_ref[0]);
	rc = hostile_write_num(xb, "ring-page-order",
		      h.ring_keys == RING_ORDER_TOO_BIG ? 9 : 1);
	if (!rc)
		rc = hostile_write_num(xb, "ring-ref0", h.ring_ref[0]);
	if (!rc && h.ring_keys != RING_REF_MISSING)
		rc = hostile_write_num(xb, "ring-ref1",
			      h.ring_ref[h.ring_keys == RING_REF_TWICE ? 0 : 1]);
	snprintf(path, sizeof(path), "%s/ring-ref1", xb->path);
	if (!rc && h.ring_keys == RING_REF_MISSING)
		xenbus_rm(XENBUS_NO_TXN, path);
	return rc;
}

static int setup(struct xenbus_front_dev *xb)
{
	unsigned int i, pages = h.ring_keys == RING_TWO ? 2 : 1;
	int rc;

	h.setups++;
	h.ring_pa = page_alloc_n(2);
	if (!h.ring_pa)
		return -ENOMEM;
	memset((void *)(uintptr_t)h.ring_pa, 0, 2 * PAGE_SIZE);
	SHARED_RING_INIT((struct blkif_sring *)(uintptr_t)h.ring_pa);
	FRONT_RING_INIT(&h.ring, (struct blkif_sring *)(uintptr_t)h.ring_pa,
			pages * PAGE_SIZE);
	for (i = 0; i < 2; i++) {
		rc = gnttab_grant_access(xb->backend_id,
					 h.ring_pa / PAGE_SIZE + i, false);
		if (rc < 0)
			return rc;
		h.ring_ref[i] = (grant_ref_t)rc;
	}
	rc = hostile_grant_page(&h.dev, &h.data_pa, &h.data_ref);
	if (rc)
		return rc;
	rc = hostile_evtchn(&h.dev);
	if (rc < 0)
		return rc;
	h.port = (evtchn_port_t)rc;
	rc = write_ring_keys(xb);
	if (!rc)
		rc = hostile_write_num(xb, "event-channel", h.port);
	if (!rc)
		rc = xenbus_front_write(xb, "protocol", XEN_IO_PROTO_ABI_X86_64);
	/* The last connection asks for persistent grants: Dom0 maps our
	 * data page when it serves the requests we die in the middle of. */
	if (!rc)
		rc = xenbus_front_write(xb, "feature-persistent",
					h.ring_keys == RING_TWO ? "1" : "0");
	return rc;
}

static int connect(struct xenbus_front_dev *xb)
{
	unsigned long sectors;
	int rc = xenbus_front_read_ulong(xb, "sectors", &sectors);

	if (rc)
		return rc;
	h.sectors = sectors;
	h.dev.connected = true;
	return 0;
}

static const struct xenbus_front_ops hostile_ops = {
	.type = "vbd", .probe = hostile_probe, .setup = setup, .connect = connect,
	.teardown = hostile_teardown, .remove = hostile_remove,
};

/* A one-segment request of op on sector, its page our data page. */
static struct blkif_request *put(uint8_t op, uint64_t sector, uint64_t id)
{
	struct blkif_request *req =
		RING_GET_REQUEST(&h.ring, h.ring.req_prod_pvt++);

	memset(req, 0, sizeof(*req));
	req->operation = op;
	req->nr_segments = 1;
	req->id = id;
	req->sector_number = sector;
	req->seg[0].gref = h.data_ref;
	req->seg[0].last_sect = 7;
	return req;
}

/*
 * An indirect request of nr segments, their list in our data page (the
 * first segs written there, each a page of our data page), its indirect
 * page gref.
 */
static struct blkif_request *put_indirect(uint16_t nr, grant_ref_t gref,
					  const struct blkif_request_segment *segs,
					  unsigned int nsegs, uint64_t id)
{
	struct blkif_request *req =
		RING_GET_REQUEST(&h.ring, h.ring.req_prod_pvt++);
	struct blkif_request_indirect *ind = (struct blkif_request_indirect *)req;

	memset(req, 0, sizeof(*req));
	memcpy((void *)(uintptr_t)h.data_pa, segs, nsegs * sizeof(*segs));
	ind->operation = BLKIF_OP_INDIRECT;
	ind->indirect_op = BLKIF_OP_READ;
	ind->nr_segments = nr;
	ind->id = id;
	ind->sector_number = 0;
	ind->indirect_grefs[0] = gref;
	return req;
}

static void push(void)
{
	int notify;

	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&h.ring, notify);
	if (notify)
		evtchn_send(h.port);
}

/* The next response, waited for; -ETIMEDOUT, or -ENODEV when closed. */
static int next(struct blkif_response *rsp)
{
	uint64_t deadline = clock_ns() + WAIT_NS;
	uint32_t seen;
	int more;

	for (;;) {
		seen = thread_wait_count(&h.dev.waitq);
		if (!h.dev.connected)
			return -ENODEV;
		RING_FINAL_CHECK_FOR_RESPONSES(&h.ring, more);
		if (more)
			break;
		if (clock_ns() >= deadline)
			return -ETIMEDOUT;
		thread_wait_until(&h.dev.waitq, seen, deadline);
	}
	RING_COPY_RESPONSE(&h.ring, h.ring.rsp_cons, rsp);
	h.ring.rsp_cons++;
	return 0;
}

static void expect(const char *name, struct blkif_request *req, int16_t status)
{
	struct blkif_response rsp;
	uint64_t id = req->id;
	int rc;

	push();
	rc = next(&rsp);
	if (rc)
		kprintf("FAIL %s: no response (%d)\n", name, rc);
	else if (rsp.id != id || rsp.status != status)
		kprintf("FAIL %s: id %lu status %d\n", name,
			(unsigned long)rsp.id, rsp.status);
	else
		kprintf("PASS %s\n", name);
}

static void indirect(void)
{
	const struct blkif_request_segment good[2] = {
		{ h.data_ref, 0, 7 }, { h.data_ref, 0, 7 },
	};
	const struct blkif_request_segment bad_gref[2] = {
		{ h.data_ref, 0, 7 }, { 60000, 0, 7 },
	};
	const struct blkif_request_segment past_page[2] = {
		{ h.data_ref, 0, 7 }, { h.data_ref, 2, 8 },
	};

	expect("hostile/indirect-257-segs",
	       put_indirect(257, h.data_ref, good, 2, 20), BLKIF_RSP_ERROR);
	expect("hostile/indirect-65535-segs",
	       put_indirect(65535, h.data_ref, good, 2, 21), BLKIF_RSP_ERROR);
	expect("hostile/indirect-page-not-granted",
	       put_indirect(2, 60000, good, 2, 22), BLKIF_RSP_ERROR);
	expect("hostile/indirect-reserved-gref",
	       put_indirect(2, 1, good, 2, 23), BLKIF_RSP_ERROR);
	expect("hostile/indirect-bad-seg-gref",
	       put_indirect(2, h.data_ref, bad_gref, 2, 24), BLKIF_RSP_ERROR);
	expect("hostile/indirect-seg-past-page",
	       put_indirect(2, h.data_ref, past_page, 2, 25), BLKIF_RSP_ERROR);
	expect("hostile/indirect-good",
	       put_indirect(2, h.data_ref, good, 2, 26), BLKIF_RSP_OKAY);
}

static void backend_keys(void)
{
	static const char *const keys[] = { "sectors", "state", "made-up" };
	char path[XENBUS_DEV_PATH_MAX + 16], v[32];
	unsigned int i;
	int rc;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", h.dev.xb->backend, keys[i]);
		rc = xenbus_write(XENBUS_NO_TXN, path, "1");
		if (rc != -EACCES) {
			kprintf("FAIL hostile/backend-keys: writing %s gave %d\n",
				keys[i], rc);
			return;
		}
	}
	snprintf(path, sizeof(path), "%s/sectors", h.dev.xb->backend);
	rc = xenbus_read(XENBUS_NO_TXN, path, v, sizeof(v));
	if (rc < 0 || strtoull(v, NULL, 10) != h.sectors)
		kprintf("FAIL hostile/backend-keys: sectors reads %d '%s'\n", rc, v);
	else
		kprintf("PASS hostile/backend-keys\n");
}

/* FLOOD good requests, the ring kept full: every one answered OKAY. */
static void flood(void)
{
	struct blkif_response rsp;
	unsigned int sent = 0, ok = 0, got = 0;

	while (got < FLOOD) {
		for (; sent < FLOOD && !RING_FULL(&h.ring); sent++)
			put(BLKIF_OP_READ, sent % 64, 10000 + sent);
		push();
		if (next(&rsp))
			break;
		got++;
		ok += rsp.status == BLKIF_RSP_OKAY;
	}
	if (got == FLOOD && ok == FLOOD)
		kprintf("PASS hostile/flood\n");
	else
		kprintf("FAIL hostile/flood: %u answered, %u okay\n", got, ok);
}

/*
 * Requests whose segment we keep rewriting after publishing them (its
 * last sector between 7, good, and 200, past the page): whatever the
 * backend read, it acted on one copy, so each gets exactly one answer,
 * OKAY or ERROR, and nothing else happens.  Only bytes past the first 16
 * of a slot are rewritten: a response, written into the same slot, fills
 * those.
 */
static void double_fetch(void)
{
	struct blkif_request *reqs[RING_SIZE(&h.ring)];
	struct blkif_response rsp;
	unsigned int i, n = RING_SIZE(&h.ring), got = 0, k;

	for (i = 0; i < n; i++)
		reqs[i] = put(BLKIF_OP_READ, i, 1000 + i);
	push();
	for (k = 0; k < 200; k++) {
		for (i = 0; i < n; i++)
			reqs[i]->seg[0].last_sect = k % 2 ? 7 : 200;
		thread_yield();
	}
	while (got < n && !next(&rsp)) {
		if (rsp.id < 1000 || rsp.id >= 1000 + n ||
		    (rsp.status != BLKIF_RSP_OKAY &&
		     rsp.status != BLKIF_RSP_ERROR))
			break;
		got++;
	}
	if (got == n)
		kprintf("PASS hostile/double-fetch\n");
	else
		kprintf("FAIL hostile/double-fetch: %u of %u answered\n", got, n);
}

/* A producer 100 beyond the ring: the backend must close the device. */
static void not_a_ring(void)
{
	uint64_t deadline = clock_ns() + WAIT_NS;

	h.ring.sring->req_prod = h.ring.req_prod_pvt + 100;
	evtchn_send(h.port);
	while (h.dev.xb->backend_state != XenbusStateClosed && clock_ns() < deadline)
		thread_sleep(10000000);
	if (h.dev.xb->backend_state == XenbusStateClosed)
		kprintf("PASS hostile/not-a-ring\n");
	else
		kprintf("FAIL hostile/not-a-ring: the backend is %s\n",
			xenbus_dev_state_name(h.dev.xb->backend_state));
}

/*
 * Starts the device again (Initialising) with a ring the backend must
 * refuse (keys): it goes InitWait, our setup() writes the keys, then it
 * must go Closed without connecting.
 */
static void ring_refused(const char *name, enum ring_keys keys)
{
	uint64_t deadline = clock_ns() + WAIT_NS;
	unsigned int setups = h.setups;

	h.ring_keys = keys;
	xenbus_front_switch(h.dev.xb, XenbusStateInitialising);
	while ((h.setups == setups ||
		h.dev.xb->backend_state != XenbusStateClosed) &&
	       clock_ns() < deadline)
		thread_sleep(10000000);
	if (h.setups != setups && h.dev.xb->backend_state == XenbusStateClosed &&
	    !h.dev.connected)
		kprintf("PASS %s\n", name);
	else
		kprintf("FAIL %s: %s, the backend is %s\n", name,
			h.dev.connected ? "connected" : "not connected",
			xenbus_dev_state_name(h.dev.xb->backend_state));
}

/* Starts the device again, with a good ring of two pages. */
static int reconnect(void)
{
	uint64_t deadline = clock_ns() + WAIT_NS;

	h.ring_keys = RING_TWO;
	xenbus_front_switch(h.dev.xb, XenbusStateInitialising);
	while (!h.dev.connected && clock_ns() < deadline)
		thread_sleep(10000000);
	if (h.dev.connected)
		kprintf("PASS hostile/reconnect\n");
	else
		kprintf("FAIL hostile/reconnect: the backend is %s\n",
			xenbus_dev_state_name(h.dev.xb->backend_state));
	return h.dev.connected ? 0 : -ETIMEDOUT;
}

/*
 * A ring full of requests, then the domain crashes before any answer:
 * once the network attacks of nethostile.c are over (data/nethostile),
 * or after 30 s.
 */
static void die_mid_io(void)
{
	struct sched_shutdown sd = { .reason = SHUTDOWN_crash };
	uint64_t deadline = clock_ns() + 30 * 1000000000ull;
	char v[8];

	while (xenbus_read(XENBUS_NO_TXN, "data/nethostile", v, sizeof(v)) < 0 &&
	       clock_ns() < deadline)
		thread_sleep(100000000);

	while (!RING_FULL(&h.ring))
		put(BLKIF_OP_WRITE, 0, 20000);
	push();
	kprintf("HOSTILE done\n");
	thread_sleep(300000000);	/* the console ring drains */
	hypercall_sched_op(SCHEDOP_shutdown, &sd);
}

static void attack(void *arg)
{
	struct blkif_request *req;
	uint64_t deadline = clock_ns() + 30 * 1000000000ull;

	(void)arg;
	while (!h.dev.connected && clock_ns() < deadline)
		thread_sleep(10000000);
	if (!h.dev.connected) {
		kprintf("FAIL hostile: xvda never connected\nHOSTILE done\n");
		thread_exit();
	}
	req = put(BLKIF_OP_READ, 0, 1);
	req->seg[0].gref = 60000;
	expect("hostile/bad-gref", req, BLKIF_RSP_ERROR);
	req = put(BLKIF_OP_WRITE, 0, 2);
	req->nr_segments = 200;
	expect("hostile/too-many-segs", req, BLKIF_RSP_ERROR);
	expect("hostile/past-end", put(BLKIF_OP_READ, h.sectors - 2, 3),
	       BLKIF_RSP_ERROR);
	expect("hostile/bad-op", put(77, 0, 4), BLKIF_RSP_EOPNOTSUPP);
	expect("hostile/still-served", put(BLKIF_OP_READ, 8, 5), BLKIF_RSP_OKAY);
	indirect();
	backend_keys();
	flood();
	double_fetch();
	not_a_ring();
	ring_refused("hostile/ring-order-too-big", RING_ORDER_TOO_BIG);
	ring_refused("hostile/ring-ref-missing", RING_REF_MISSING);
	ring_refused("hostile/ring-ref-twice", RING_REF_TWICE);
	if (!reconnect())
		die_mid_io();
	kprintf("HOSTILE done\n");
	thread_exit();
}

int blkfront_rw(const char *name, bool write, uint64_t sector, unsigned int n,
		void *buf)
{
	(void)name;
	(void)write;
	(void)sector;
	(void)n;
	(void)buf;
	return -ENODEV;	/* the disk is under attack, not in use */
}

int blkfront_start(void)
{
	int rc = hostile_start(&h.dev, &hostile_ops);

	if (!rc)
		rc = thread_create("hostile", attack, NULL);
	return rc < 0 ? rc : 0;
}
