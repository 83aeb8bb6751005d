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
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/pv/evtchn.h"
#include "../../guest-patches/pv/gnttab.h"
#include "blkback.h"
#include "blkreq.h"
#include "pgrant.h"

#define STR(x)		#x
#define XSTR(x)		STR(x)
#define MAX_INDIRECT	XSTR(BLKREQ_MAX_INDIRECT_SEGS)
#define RING_PAGES_MAX	(1u << BLKBACK_RING_ORDER_MAX)

struct blkback {
	struct xenbus_back_dev *xb;
	struct blkdev *disk;
	void (*release)(struct blkdev *disk);
	struct blkif_back_ring ring;
	void *ring_page;		/* the frontend's ring_pages, mapped */
	unsigned int ring_pages;
	grant_handle_t ring_handle[RING_PAGES_MAX];
	evtchn_port_t port;		/* ours */
	uint8_t *bounce;		/* a page of ours for the copies */
	struct pgrant_table *pgrants;	/* feature-persistent agreed, or NULL */
	/* The segments of an indirect request, copied once from the frontend. */
	struct blkif_request_segment *indirect;
	volatile bool pending;		/* an event came: look at the ring */
	struct blkreq req;		/* the request being served */
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

/*
 * The ring's grant references, as blkif.h has them: ring-ref alone, or
 * with ring-page-order (at most BLKBACK_RING_ORDER_MAX) ring-ref0 ..
 * ring-ref<2^order - 1>, every one present and no two the same.
 */
static int read_ring_refs(struct xenbus_back_dev *xb, grant_ref_t *refs,
			  unsigned int *n)
{
	unsigned long order, ref;
	unsigned int i, k;
	char key[16];
	int rc = xenbus_back_read_ulong(xb, "ring-page-order", &order);

	if (rc == -ENOENT) {
		*n = 1;
		rc = xenbus_back_read_ulong(xb, "ring-ref", &ref);
		refs[0] = (grant_ref_t)ref;
		return rc ? rc : ref > UINT32_MAX ? -EINVAL : 0;
	}
	if (!rc && order > BLKBACK_RING_ORDER_MAX)
		rc = -E2BIG;
	if (rc) {
		kprintf("vbd d%u/%u: ring-page-order: error %d\n", xb->fe,
			xb->devid, rc);
		return rc;
	}
	*n = 1u << order;
	for (i = 0; i < *n; i++) {
		snprintf(key, sizeof(key), "ring-ref%u", i);
		rc = xenbus_back_read_ulong(xb, key, &ref);
		for (k = 0; !rc && k < i; k++)
			if (refs[k] == ref)
				rc = -EEXIST;
		if (!rc && ref > UINT32_MAX)
			rc = -EINVAL;
		if (rc) {
			kprintf("vbd d%u/%u: %s: error %d\n", xb->fe, xb->devid,
				key, rc);
			return rc;
		}
		refs[i] = (grant_ref_t)ref;
	}
	return 0;
}

static int blk_connect(struct xenbus_back_dev *xb)
{
	struct blkback *b = xb->priv;
	grant_ref_t refs[RING_PAGES_MAX];
	unsigned long port, persistent;
	char proto[32];
	int rc;

	rc = read_ring_refs(xb, refs, &b->ring_pages);
	if (!rc)
		rc = xenbus_back_read_ulong(xb, "event-channel", &port);
	if (rc)
		return rc;
	/* Only the native 64-bit layout; a missing key means native. */
	if (xenbus_back_read(xb, "protocol", proto, sizeof(proto)) >= 0 &&
	    strcmp(proto, XEN_IO_PROTO_ABI_X86_64))
		return -EOPNOTSUPP;
	if (port > UINT32_MAX)
		return -EINVAL;
	if (!xenbus_back_read_ulong(xb, "feature-persistent", &persistent) &&
	    persistent == 1 && !(b->pgrants = pgrant_create(xb->fe)))
		return -ENOMEM;
	b->bounce = (uint8_t *)(uintptr_t)page_alloc();
	if (!b->bounce)
		return -ENOMEM;
	b->indirect = (struct blkif_request_segment *)(uintptr_t)page_alloc();
	if (!b->indirect) {
		rc = -ENOMEM;
		goto err_free;
	}
	b->ring_page = foreign_grant_map_n(xb->fe, refs, b->ring_pages,
					   b->ring_handle, &rc);
	if (!b->ring_page)
		goto err_free;
	BACK_RING_INIT(&b->ring, (struct blkif_sring *)b->ring_page,
		       b->ring_pages * PAGE_SIZE);
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
	kprintf("vbd d%u/%u: ring of %u page%s (%u requests)%s\n", xb->fe,
		xb->devid, b->ring_pages, b->ring_pages > 1 ? "s" : "",
		RING_SIZE(&b->ring), b->pgrants ? ", persistent grants" : "");
	b->pending = true;	/* requests queued before we bound */
	return 0;

err_close:
	evtchn_close(b->port);
err_unmap:
	foreign_grant_unmap_n(b->ring_page, b->ring_handle, b->ring_pages);
	b->ring_page = NULL;
err_free:
	if (b->indirect)
		page_free_n((uintptr_t)b->indirect, 1);
	b->indirect = NULL;
	page_free_n((uintptr_t)b->bounce, 1);
	b->bounce = NULL;
	pgrant_destroy(b->pgrants);
	b->pgrants = NULL;
	return rc;
}

static void blk_disconnect(struct xenbus_back_dev *xb)
{
	struct blkback *b = xb->priv;

	evtchn_close(b->port);
	foreign_grant_unmap_n(b->ring_page, b->ring_handle, b->ring_pages);
	b->ring_page = NULL;
	page_free_n((uintptr_t)b->bounce, 1);
	b->bounce = NULL;
	page_free_n((uintptr_t)b->indirect, 1);
	b->indirect = NULL;
	pgrant_destroy(b->pgrants);
	b->pgrants = NULL;
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
		{ "feature-barrier", "1" },
		{ "feature-discard", disk->readonly ? "0" : "1" },
		{ "discard-granularity", "512" }, { "discard-alignment", "0" },
		{ "discard-secure", "0" },
		{ "feature-max-indirect-segments", MAX_INDIRECT },
		{ "max-ring-page-order", XSTR(BLKBACK_RING_ORDER_MAX) },
		{ "feature-persistent", "1" },
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

int blkback_persistent(const struct xenbus_back_dev *dev)
{
	const struct blkback *b = dev->priv;

	return b->pgrants ? (int)pgrant_mapped(b->pgrants) : -1;
}

/* Moves one checked segment between the disk and the frontend's page. */
static int do_segment(struct blkback *b, bool write,
		      const struct blkreq_seg *s, uint64_t sector)
{
	unsigned int n = s->len / BLKREQ_SECTOR_SIZE;
	uint64_t gfn = (uintptr_t)b->bounce / PAGE_SIZE;
	uint8_t *page = b->pgrants ? pgrant_page(b->pgrants, s->gref) : NULL;
	int rc;

	if (page)	/* persistent: straight between the disk and the grant */
		return b->disk->ops->rw(b->disk, write, sector, n,
					page + s->offset);
	if (write) {
		rc = gnttab_copy(b->xb->fe, s->gref, s->offset, gfn, 0, s->len,
				 false);
		return rc ? rc : b->disk->ops->rw(b->disk, true, sector, n,
						  b->bounce);
	}
	rc = b->disk->ops->rw(b->disk, false, sector, n, b->bounce);
	return rc ? rc : gnttab_copy(b->xb->fe, s->gref, s->offset, gfn, 0,
				     s->len, true);
}

static int do_segments(struct blkback *b, const struct blkreq *r, bool write)
{
	uint64_t sector = r->sector;
	unsigned int i;
	int rc;

	for (i = 0; i < r->nr_segs; i++) {
		rc = do_segment(b, write, &r->seg[i], sector);
		if (rc)
			return rc;
		sector += r->seg[i].len / BLKREQ_SECTOR_SIZE;
	}
	return 0;
}

/*
 * A discard: the disk's own when it has one (virtio-blk's
 * VIRTIO_BLK_F_DISCARD), else the sectors are written with zeros
 * (blkif.h leaves their contents undefined; zeros are what a RAM disk can
 * give back).
 */
static int do_discard(struct blkback *b, const struct blkreq *r)
{
	uint64_t sector = r->sector, left = r->nr_sectors;
	unsigned int n;
	int rc;

	if (b->disk->ops->discard)
		return b->disk->ops->discard(b->disk, sector, left);
	memset(b->bounce, 0, PAGE_SIZE);
	for (; left; left -= n, sector += n) {
		n = left < BLKREQ_SECTORS_PER_PAGE ? (unsigned int)left
						   : BLKREQ_SECTORS_PER_PAGE;
		rc = b->disk->ops->rw(b->disk, true, sector, n, b->bounce);
		if (rc)
			return rc;
	}
	return 0;
}

/* Acts on a checked request.  0 or -errno (answered BLKIF_RSP_ERROR). */
static int do_request(struct blkback *b, const struct blkreq *r)
{
	int rc;

	switch (r->act) {
	case BLKIF_OP_FLUSH_DISKCACHE:
		return b->disk->ops->flush(b->disk);
	case BLKIF_OP_DISCARD:
		return do_discard(b, r);
	case BLKIF_OP_WRITE_BARRIER:
		/* Served one at a time: what came before is done; make it so. */
		rc = b->disk->ops->flush(b->disk);
		if (!rc)
			rc = do_segments(b, r, true);
		if (!rc)
			rc = b->disk->ops->flush(b->disk);
		break;
	default:
		rc = do_segments(b, r, r->act == BLKIF_OP_WRITE);
		break;
	}
	if (rc)
		return rc;
	if (r->act == BLKIF_OP_READ) {
		b->stats.rd_req++;
		b->stats.rd_sect += r->nr_sectors;
	} else {
		b->stats.wr_req++;
		b->stats.wr_sect += r->nr_sectors;
	}
	return 0;
}

/*
 * Copies an indirect request's segments from the frontend's page into
 * ours (once: it cannot change them under the check) and checks them.
 */
static int fetch_indirect(struct blkback *b, struct blkreq *r)
{
	uint64_t gfn = (uintptr_t)b->indirect / PAGE_SIZE;
	uint16_t len = (uint16_t)(r->nr_segs * sizeof(*b->indirect));
	const void *page = b->pgrants ? pgrant_page(b->pgrants, r->indirect[0])
				      : NULL;
	int rc = 0;

	_Static_assert(BLKREQ_MAX_INDIRECT_PAGES == 1,
		       "the segments we offer fit one indirect page");
	if (page)
		memcpy(b->indirect, page, len);
	else
		rc = gnttab_copy(b->xb->fe, r->indirect[0], 0, gfn, 0, len,
				 false);
	return rc ? rc : blkreq_check_indirect(b->indirect, b->disk->sectors, r);
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
	struct blkreq *r = &b->req;
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
		rc = blkreq_check(&req, b->disk->sectors, b->disk->readonly, r);
		if (!rc && r->nr_indirect)
			rc = fetch_indirect(b, r);
		if (!rc)
			rc = do_request(b, r);
		respond(b, r->id, r->act, rc);	/* an indirect one: its inner op */
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
