/* SPDX-License-Identifier: MIT */
/* The block backend (blkback.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../ring.h"
#include <xen/io/blkif.h>
#include <xen/io/protocols.h>
#include "../../dom0/foreign.h"
#include "../../dom0/service.h"
#include "../../guest-patches/kernel/page_alloc.h"
#include "../../guest-patches/pv/evtchn.h"
#include "../../guest-patches/pv/gnttab.h"
#include "blkback.h"
#include "blkreq.h"

struct blkback {
	struct xenbus_back_dev *xb;
	struct blkdev *disk;
	void (*release)(struct blkdev *disk);
	struct blkif_back_ring ring;
	void *ring_page;		/* the frontend's, mapped */
	grant_handle_t ring_handle;
	evtchn_port_t port;		/* ours */
	uint8_t *bounce;		/* a page of ours for the copies */
	volatile bool pending;		/* an event came: look at the ring */
	struct blkback_stats stats;
	struct xenbus_back_stats stats_written;
};

static const struct xenbus_back_ops blkback_ops;

static void ring_event(evtchn_port_t port, void *data)
{
	struct blkback *b = data;

	(void)port;
	b->pending = true;
	service_wake();
}

static int blk_connect(struct xenbus_back_dev *xb)
{
	struct blkback *b = xb->priv;
	unsigned long ref, port;
	char proto[32];
	int rc;

	rc = xenbus_back_read_ulong(xb, "ring-ref", &ref);
	if (!rc)
		rc = xenbus_back_read_ulong(xb, "event-channel", &port);
	if (rc)
		return rc;
	/* Only the native 64-bit layout; a missing key means native. */
	if (xenbus_back_read(xb, "protocol", proto, sizeof(proto)) >= 0 &&
	    strcmp(proto, XEN_IO_PROTO_ABI_X86_64))
		return -EOPNOTSUPP;
	if (ref > UINT32_MAX || port > UINT32_MAX)
		return -EINVAL;
	b->bounce = (uint8_t *)(uintptr_t)page_alloc();
	if (!b->bounce)
		return -ENOMEM;
	b->ring_page = foreign_grant_map(xb->fe, (grant_ref_t)ref,
					 &b->ring_handle, &rc);
	if (!b->ring_page)
		goto err_free;
	BACK_RING_INIT(&b->ring, (struct blkif_sring *)b->ring_page, PAGE_SIZE);
	rc = evtchn_bind_interdomain(xb->fe, (evtchn_port_t)port, ring_event, b);
	if (rc < 0)
		goto err_unmap;
	b->port = (evtchn_port_t)rc;
	rc = xenbus_back_write(xb, "sector-size", "512");
	if (!rc) {
		char n[24];

		snprintf(n, sizeof(n), "%lu", (unsigned long)b->disk->sectors);
		rc = xenbus_back_write(xb, "sectors", n);
	}
	if (!rc)
		rc = xenbus_back_write(xb, "info",
				       b->disk->readonly ? "4" : "0");
	if (rc)
		goto err_close;
	b->pending = true;	/* requests queued before we bound */
	return 0;

err_close:
	evtchn_close(b->port);
err_unmap:
	foreign_grant_unmap(b->ring_page, b->ring_handle);
	b->ring_page = NULL;
err_free:
	page_free_n((uintptr_t)b->bounce, 1);
	b->bounce = NULL;
	return rc;
}

static void blk_disconnect(struct xenbus_back_dev *xb)
{
	struct blkback *b = xb->priv;

	evtchn_close(b->port);
	foreign_grant_unmap(b->ring_page, b->ring_handle);
	b->ring_page = NULL;
	page_free_n((uintptr_t)b->bounce, 1);
	b->bounce = NULL;
	b->pending = false;
}

static void blk_release(struct xenbus_back_dev *xb)
{
	struct blkback *b = xb->priv;

	b->release(b->disk);
	free(b);
}

static const struct xenbus_back_ops blkback_ops = {
	.type = "vbd", .connect = blk_connect, .disconnect = blk_disconnect,
	.release = blk_release,
};

struct xenbus_back_dev *blkback_add(domid_t fe, unsigned int devid,
				    const char *vdev, struct blkdev *disk,
				    void (*release)(struct blkdev *disk),
				    int *err)
{
	struct blkback *b = calloc(1, sizeof(*b));
	const struct xenbus_back_key be_keys[] = {
		{ "dev", vdev }, { "type", "phy" }, { "params", disk->params },
		{ "mode", disk->readonly ? "r" : "w" }, { "removable", "0" },
		{ "bootable", "1" }, { "feature-flush-cache", "1" },
		{ "feature-barrier", "0" }, { "feature-discard", "0" },
		{ NULL, NULL },
	};
	char vd[12];
	const struct xenbus_back_key fe_keys[] = {
		{ "virtual-device", vd }, { "device-type", "disk" },
		{ NULL, NULL },
	};

	if (!b) {
		*err = -ENOMEM;
		return NULL;
	}
	snprintf(vd, sizeof(vd), "%u", devid);
	b->disk = disk;
	b->release = release;
	b->xb = xenbus_back_add(&blkback_ops, fe, devid, be_keys, fe_keys, b,
				err);
	if (!b->xb) {
		free(b);
		return NULL;
	}
	return b->xb;
}

struct blkdev *blkback_disk(const struct xenbus_back_dev *dev)
{
	return ((struct blkback *)dev->priv)->disk;
}

const struct blkback_stats *blkback_stats(const struct xenbus_back_dev *dev)
{
	return &((struct blkback *)dev->priv)->stats;
}

/* Moves one checked segment between the disk and the frontend's page. */
static int do_segment(struct blkback *b, const struct blkreq *r,
		      const struct blkreq_seg *s, uint64_t sector)
{
	unsigned int n = s->len / BLKREQ_SECTOR_SIZE;
	uint64_t gfn = (uintptr_t)b->bounce / PAGE_SIZE;
	int rc;

	if (r->op == BLKIF_OP_WRITE) {
		rc = gnttab_copy(b->xb->fe, s->gref, s->offset, gfn, 0, s->len,
				 false);
		return rc ? rc : b->disk->ops->rw(b->disk, true, sector, n,
						  b->bounce);
	}
	rc = b->disk->ops->rw(b->disk, false, sector, n, b->bounce);
	return rc ? rc : gnttab_copy(b->xb->fe, s->gref, s->offset, gfn, 0,
				     s->len, true);
}

/* Acts on a checked request.  0 or -errno (answered BLKIF_RSP_ERROR). */
static int do_request(struct blkback *b, const struct blkreq *r)
{
	uint64_t sector = r->sector;
	unsigned int i;
	int rc;

	if (r->op == BLKIF_OP_FLUSH_DISKCACHE)
		return b->disk->ops->flush(b->disk);
	for (i = 0; i < r->nr_segs; i++) {
		rc = do_segment(b, r, &r->seg[i], sector);
		if (rc)
			return rc;
		sector += r->seg[i].len / BLKREQ_SECTOR_SIZE;
	}
	if (r->op == BLKIF_OP_WRITE) {
		b->stats.wr_req++;
		b->stats.wr_sect += r->nr_sectors;
	} else {
		b->stats.rd_req++;
		b->stats.rd_sect += r->nr_sectors;
	}
	return 0;
}

static void respond(struct blkback *b, uint64_t id, uint8_t op, int rc)
{
	struct blkif_response *rsp =
		RING_GET_RESPONSE(&b->ring, b->ring.rsp_prod_pvt);

	rsp->id = id;
	rsp->operation = op;
	rsp->status = blkreq_status(rc);
	b->ring.rsp_prod_pvt++;
	if (rc)
		b->stats.errors++;
}

/*
 * Serves up to a ring's worth of requests.  Returns 0, or -EBADMSG when
 * the producer index is impossible (the device must go).
 */
static int serve(struct blkback *b)
{
	struct blkif_request req;
	struct blkreq r;
	RING_IDX prod, cons;
	unsigned int served = 0;
	int notify, more, rc;

	b->pending = false;
	prod = __atomic_load_n(&b->ring.sring->req_prod, __ATOMIC_ACQUIRE);
	if (RING_REQUEST_PROD_OVERFLOW(&b->ring, prod))
		return -EBADMSG;
	for (cons = b->ring.req_cons;
	     cons != prod && !RING_REQUEST_CONS_OVERFLOW(&b->ring, cons) &&
	     served < RING_SIZE(&b->ring);
	     cons++, served++) {
		RING_COPY_REQUEST(&b->ring, cons, &req);
		b->ring.req_cons = cons + 1;
		rc = blkreq_check(&req, b->disk->sectors, b->disk->readonly, &r);
		if (!rc)
			rc = do_request(b, &r);
		respond(b, r.id, r.op, rc);
	}
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b->ring, notify);
	if (notify)
		evtchn_send(b->port);
	RING_FINAL_CHECK_FOR_REQUESTS(&b->ring, more);
	if (more) {
		b->pending = true;	/* next round, after the others */
		service_wake();
	}
	return 0;
}

/* The counters, to the store at most once a second. */
static void write_stats(struct blkback *b)
{
	static const char *const names[] = { "rd_req", "wr_req", "rd_sect", "wr_sect", "errors" };

	xenbus_back_write_stats(b->xb, names, &b->stats.rd_req,
				sizeof(names) / sizeof(names[0]),
				&b->stats_written);
}

void blkback_poll(void)
{
	struct xenbus_back_dev *xb;
	struct blkback *b;
	unsigned int i;

	for (i = 0; (xb = xenbus_back_at(i)); i++) {
		if (xb->ops != &blkback_ops)
			continue;
		b = xb->priv;
		if (xb->connected && b->pending && serve(b)) {
			xenbus_back_fail(xb, "request producer beyond the ring");
			continue;
		}
		write_stats(b);
	}
}
