/* SPDX-License-Identifier: MIT */
/* The block frontend (blkfront.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../ring.h"
#include <xen/io/blkif.h>
#include <xen/io/protocols.h>
#include "../../guest-patches/kernel/args.h"
#include "../../guest-patches/kernel/boot.h"
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/page_alloc.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/shell.h"
#include "../../guest-patches/kernel/thread.h"
#include "../../guest-patches/pv/evtchn.h"
#include "../../guest-patches/pv/gnttab.h"
#include "../../guest-patches/pv/xenbus.h"
#include "../pattern.h"
#include "blkfront.h"
#include "xenbus_front.h"

#define SEGS		BLKIF_MAX_SEGMENTS_PER_REQUEST
#define SECTOR		512
#define PAGE_SECTORS	8
#define MAX_SEGS	BLKFRONT_INDIRECT_SEGS
#define SLOTS		BLKFRONT_IN_FLIGHT

/* A request's own pages: data and indirect page, granted once. */
struct blkfront_slot {
	uint64_t data_pa;		/* segs pages */
	grant_ref_t data_ref[MAX_SEGS];
	uint64_t ind_pa;		/* the indirect page, when segs > SEGS */
	grant_ref_t ind_ref;
	uint64_t id;			/* the request in flight on it, 0: free */
	uint8_t *dst;			/* where a read's data goes */
	unsigned int n;			/* its sectors */
};

struct blkfront {
	struct xenbus_front_dev *xb;
	char name[8];			/* xvda */
	struct blkif_front_ring ring;
	uint64_t ring_pa;		/* ring_pages pages */
	unsigned int ring_pages;
	grant_ref_t ring_ref[1u << BLKFRONT_RING_ORDER];
	evtchn_port_t port;
	struct blkfront_slot slot[SLOTS];
	unsigned int nslots;		/* slots in use: at most the ring's size */
	unsigned int in_flight;
	unsigned int peak;		/* most in flight at once since setup */
	unsigned int segs;		/* pages per request */
	bool connected, readonly, busy;
	bool discard;			/* the backend offers feature-discard */
	bool persistent;		/* we both do feature-persistent */
	uint64_t sectors;
	uint64_t next_id;
	struct thread_waitq waitq;	/* responses */
};

static struct blkfront *disks[XENBUS_FRONT_DEVICES];

static void ring_event(evtchn_port_t port, void *data)
{
	struct blkfront *b = data;

	(void)port;
	thread_wake(&b->waitq);
}

/* Ends every grant and frees the pages; wakes a request waiting. */
static void teardown(struct xenbus_front_dev *xb)
{
	struct blkfront *b = xb->priv;
	unsigned int i;

	b->connected = false;
	if (b->port) {
		evtchn_close(b->port);
		b->port = 0;
	}
	for (i = 0; i < b->nslots; i++) {
		xenbus_front_ungrant(b->slot[i].data_ref, b->segs,
				     &b->slot[i].data_pa);
		if (b->slot[i].ind_pa)
			xenbus_front_ungrant(&b->slot[i].ind_ref, 1,
					     &b->slot[i].ind_pa);
	}
	xenbus_front_ungrant(b->ring_ref, b->ring_pages, &b->ring_pa);
	thread_wake(&b->waitq);
}

/*
 * Grants the ring's pages and says where they are: ring-ref for one page,
 * ring-page-order and ring-ref0.. for more.
 */
static int grant_ring(struct xenbus_front_dev *xb, unsigned int order)
{
	struct blkfront *b = xb->priv;
	char key[XENBUS_DEV_PATH_MAX + 16], num[16];
	unsigned int i;
	int rc;

	for (i = 0; i < b->ring_pages; i++) {
		rc = gnttab_grant_access(xb->backend_id,
					 b->ring_pa / PAGE_SIZE + i, false);
		if (rc < 0)
			return rc;
		b->ring_ref[i] = (grant_ref_t)rc;
	}
	if (!order) {
		/* no ring-page-order left from a connection before */
		snprintf(key, sizeof(key), "%s/ring-page-order", xb->path);
		xenbus_rm(XENBUS_NO_TXN, key);
		snprintf(num, sizeof(num), "%u", b->ring_ref[0]);
		return xenbus_front_write(xb, "ring-ref", num);
	}
	snprintf(num, sizeof(num), "%u", order);
	rc = xenbus_front_write(xb, "ring-page-order", num);
	for (i = 0; !rc && i < b->ring_pages; i++) {
		snprintf(key, sizeof(key), "ring-ref%u", i);
		snprintf(num, sizeof(num), "%u", b->ring_ref[i]);
		rc = xenbus_front_write(xb, key, num);
	}
	return rc;
}

/* Allocates and grants one slot's pages.  0 or -errno. */
static int grant_slot(struct blkfront *b, struct blkfront_slot *sl,
		      domid_t be)
{
	unsigned int i;
	int rc;

	sl->id = 0;
	sl->data_pa = page_alloc_n(b->segs);
	if (b->segs > SEGS)
		sl->ind_pa = page_alloc();
	if (!sl->data_pa || (b->segs > SEGS && !sl->ind_pa))
		return -ENOMEM;
	if (sl->ind_pa) {
		rc = gnttab_grant_access(be, sl->ind_pa / PAGE_SIZE,
					 !b->persistent);
		if (rc < 0)
			return rc;
		sl->ind_ref = (grant_ref_t)rc;
	}
	for (i = 0; i < b->segs; i++) {
		rc = gnttab_grant_access(be, sl->data_pa / PAGE_SIZE + i, false);
		if (rc < 0)
			return rc;
		sl->data_ref[i] = (grant_ref_t)rc;
	}
	return 0;
}

/* The backend waits (InitWait): ring, grants, event channel, keys. */
static int setup(struct xenbus_front_dev *xb)
{
	struct blkfront *b = xb->priv;
	domid_t be = xb->backend_id;
	unsigned long offer;
	unsigned int order = 0;
	char num[16];
	unsigned int i;
	int rc;

	/* Indirect requests when the backend takes more than a ring slot's. */
	b->segs = SEGS;
	if (!xenbus_front_read_ulong(xb, "feature-max-indirect-segments",
				     &offer) && offer > SEGS)
		b->segs = offer < MAX_SEGS ? (unsigned int)offer : MAX_SEGS;
	/* A ring of several pages when the backend takes one. */
	if (!xenbus_front_read_ulong(xb, "max-ring-page-order", &offer))
		order = offer < BLKFRONT_RING_ORDER ? (unsigned int)offer
						   : BLKFRONT_RING_ORDER;
	b->ring_pages = 1u << order;
	b->ring_pa = page_alloc_n(b->ring_pages);
	if (!b->ring_pa)
		return -ENOMEM;
	memset((void *)(uintptr_t)b->ring_pa, 0, b->ring_pages * PAGE_SIZE);
	SHARED_RING_INIT((struct blkif_sring *)(uintptr_t)b->ring_pa);
	FRONT_RING_INIT(&b->ring, (struct blkif_sring *)(uintptr_t)b->ring_pa,
			b->ring_pages * PAGE_SIZE);
	/* Persistent grants unless the command line says no: the backend
	 * maps our pages (the indirect ones too: read-write) for good. */
	b->persistent = !args_has(boot_info.cmdline, "blkfront.persistent=0");
	b->nslots = SLOTS < RING_SIZE(&b->ring) ? SLOTS : RING_SIZE(&b->ring);
	b->in_flight = b->peak = 0;
	for (i = 0; i < b->nslots; i++) {
		rc = grant_slot(b, &b->slot[i], be);
		if (rc)
			return rc;
	}
	rc = evtchn_alloc_unbound(be, ring_event, b);
	if (rc < 0)
		return rc;
	b->port = (evtchn_port_t)rc;
	rc = grant_ring(xb, order);
	snprintf(num, sizeof(num), "%u", b->port);
	if (!rc)
		rc = xenbus_front_write(xb, "event-channel", num);
	if (!rc)
		rc = xenbus_front_write(xb, "protocol", XEN_IO_PROTO_ABI_X86_64);
	if (!rc)
		rc = xenbus_front_write(xb, "feature-persistent",
					b->persistent ? "1" : "0");
	return rc;
}

/* The backend is Connected: read the disk's size. */
static int connect(struct xenbus_front_dev *xb)
{
	struct blkfront *b = xb->priv;
	unsigned long sectors, size, info;
	int rc;

	rc = xenbus_front_read_ulong(b->xb, "sectors", &sectors);
	if (!rc)
		rc = xenbus_front_read_ulong(b->xb, "sector-size", &size);
	if (!rc)
		rc = xenbus_front_read_ulong(b->xb, "info", &info);
	if (!rc && size != SECTOR)
		rc = -EOPNOTSUPP;
	if (rc)
		return rc;
	b->sectors = sectors;
	b->readonly = info & VDISK_READONLY;
	b->discard = !xenbus_front_read_ulong(b->xb, "feature-discard", &info) &&
		     info == 1;
	b->persistent = b->persistent &&
			!xenbus_front_read_ulong(b->xb, "feature-persistent",
						 &info) && info == 1;
	b->connected = true;
	kprintf("%s: %lu sectors%s\n", b->name, (unsigned long)b->sectors,
		b->readonly ? ", read-only" : "");
	return 0;
}

static int probe(struct xenbus_front_dev *xb)
{
	struct blkfront *b;
	unsigned int i, disk = (xb->devid >> 4) & 0xf;

	for (i = 0; i < XENBUS_FRONT_DEVICES && disks[i]; i++)
		;
	b = i < XENBUS_FRONT_DEVICES ? calloc(1, sizeof(*b)) : NULL;
	if (!b)
		return -ENOMEM;
	b->xb = xb;
	snprintf(b->name, sizeof(b->name), "xvd%c", 'a' + disk);
	xb->priv = b;
	disks[i] = b;
	return 0;
}

static void remove_disk(struct xenbus_front_dev *xb)
{
	struct blkfront *b = xb->priv;
	unsigned int i;

	b->xb = NULL;
	for (i = 0; i < XENBUS_FRONT_DEVICES; i++)
		if (disks[i] == b)
			disks[i] = NULL;
	if (b->busy)
		return;	/* blkfront_rw() frees it when it wakes */
	free(b);
}

static const struct xenbus_front_ops blkfront_ops = {
	.type = "vbd", .probe = probe, .setup = setup, .connect = connect,
	.teardown = teardown, .remove = remove_disk,
};

static struct blkfront *find(const char *name)
{
	unsigned int i;

	for (i = 0; i < XENBUS_FRONT_DEVICES; i++)
		if (disks[i] && !strcmp(disks[i]->name, name))
			return disks[i];
	return NULL;
}

/* Describes n sectors from the start of sl's data pages as segments. */
static unsigned int fill_segs(const struct blkfront_slot *sl,
			      struct blkif_request_segment *seg, unsigned int n)
{
	unsigned int i, k;

	for (i = 0; n; i++, n -= k) {
		k = n < PAGE_SECTORS ? n : PAGE_SECTORS;
		seg[i].gref = sl->data_ref[i];
		seg[i].first_sect = 0;
		seg[i].last_sect = (uint8_t)(k - 1);
	}
	return i;
}

/* The backend broke the protocol: the device goes.  Returns -EIO. */
static int broken(struct blkfront *b, const char *why)
{
	kprintf("%s: %s\n", b->name, why);
	b->connected = false;
	xenbus_front_close(b->xb);
	return -EIO;
}

/*
 * Writes a request for n sectors (up to b->segs pages) at sector into
 * the next ring slot, on free slot sl: a plain request when it fits a
 * ring slot, else an indirect one, its segments in sl's indirect page.
 * A write's data is copied in from p now; a read's goes to p when its
 * response comes.  Pushed with the others by push().
 */
static void start(struct blkfront *b, struct blkfront_slot *sl, bool write,
		  uint64_t sector, unsigned int n, uint8_t *p)
{
	struct blkif_request *req;
	struct blkif_request_indirect *ind;

	sl->id = (++b->next_id << 8) | (uint64_t)(sl - b->slot);
	sl->dst = write ? NULL : p;
	sl->n = n;
	if (write)
		memcpy((void *)(uintptr_t)sl->data_pa, p, n * SECTOR);
	req = RING_GET_REQUEST(&b->ring, b->ring.req_prod_pvt);
	if (n > SEGS * PAGE_SECTORS) {
		ind = (struct blkif_request_indirect *)req;
		memset(ind, 0, sizeof(*ind));
		ind->operation = BLKIF_OP_INDIRECT;
		ind->indirect_op = write ? BLKIF_OP_WRITE : BLKIF_OP_READ;
		ind->handle = (blkif_vdev_t)b->xb->devid;
		ind->id = sl->id;
		ind->sector_number = sector;
		ind->nr_segments = (uint16_t)fill_segs(
			sl, (struct blkif_request_segment *)(uintptr_t)sl->ind_pa,
			n);
		ind->indirect_grefs[0] = sl->ind_ref;
	} else {
		req->operation = write ? BLKIF_OP_WRITE : BLKIF_OP_READ;
		req->handle = (blkif_vdev_t)b->xb->devid;
		req->id = sl->id;
		req->sector_number = sector;
		req->nr_segments = (uint8_t)fill_segs(sl, req->seg, n);
	}
	b->ring.req_prod_pvt++;
	if (++b->in_flight > b->peak)
		b->peak = b->in_flight;
}

/* Makes the requests written so far visible, one event for them all. */
static void push(struct blkfront *b)
{
	unsigned int notify;

	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&b->ring, notify);
	if (notify)
		evtchn_send(b->port);
}

/*
 * Waits for responses and takes every one there is: a read's data goes
 * where start() was told, its slot is free again.  Returns 0 with *err
 * set to the first request's error (-EIO for BLKIF_RSP_ERROR), or
 * -errno when the device went, timed out or broke the protocol (a
 * response producer beyond the ring, an id of no request in flight).
 */
static int reap(struct blkfront *b, uint64_t deadline, int *err)
{
	struct blkif_response rsp;
	struct blkfront_slot *sl;
	RING_IDX prod;
	uint32_t seen;
	int more;

	for (;;) {
		seen = thread_wait_count(&b->waitq);
		if (!b->connected)
			return -ENODEV;
		prod = __atomic_load_n(&b->ring.sring->rsp_prod,
				       __ATOMIC_ACQUIRE);
		if (prod - b->ring.rsp_cons > RING_SIZE(&b->ring))
			return broken(b, "response producer beyond the ring");
		if (prod != b->ring.rsp_cons)
			break;
		/* Re-arm rsp_event, or the backend signals no more. */
		RING_FINAL_CHECK_FOR_RESPONSES(&b->ring, more);
		if (more)
			continue;
		if (clock_ns() >= deadline)
			return -ETIMEDOUT;
		thread_wait_until(&b->waitq, seen, deadline);
	}
	for (; b->ring.rsp_cons != prod; b->ring.rsp_cons++) {
		RING_COPY_RESPONSE(&b->ring, b->ring.rsp_cons, &rsp);
		sl = &b->slot[(rsp.id & 0xff) % SLOTS];
		if ((rsp.id & 0xff) >= b->nslots || !sl->id || sl->id != rsp.id)
			return broken(b, "response for another request");
		if (rsp.status != BLKIF_RSP_OKAY && !*err)
			*err = -EIO;
		if (rsp.status == BLKIF_RSP_OKAY && sl->dst)
			memcpy(sl->dst, (void *)(uintptr_t)sl->data_pa,
			       sl->n * SECTOR);
		sl->id = 0;
		b->in_flight--;
	}
	return 0;
}

/*
 * Gives up on the requests in flight (the device went, broke the
 * protocol or timed out): a late response is then one for no request.
 */
static void forget(struct blkfront *b)
{
	unsigned int i;

	for (i = 0; i < SLOTS; i++)
		b->slot[i].id = 0;
	b->in_flight = 0;
}

static struct blkfront_slot *free_slot(struct blkfront *b)
{
	unsigned int i;

	for (i = 0; i < b->nslots; i++)
		if (!b->slot[i].id)
			return &b->slot[i];
	return NULL;
}

/*
 * Moves count runs of n sectors, run i at sector[i] and at buf + i * n
 * sectors, in requests of up to b->segs pages, up to b->nslots of them
 * in flight.  0, or the first -errno.
 */
static int run(struct blkfront *b, bool write, const uint64_t *sector,
	       unsigned int count, unsigned int n, uint8_t *buf)
{
	struct blkfront_slot *sl;
	unsigned int i = 0, done = 0, k, max = b->segs * PAGE_SECTORS;
	uint64_t deadline = clock_ns() + BLKFRONT_TIMEOUT_NS;
	int err = 0, rc = 0;

	while (!rc && (i < count || b->in_flight)) {
		if (!b->xb || !b->connected) {
			rc = -ENODEV;
			break;
		}
		while (!err && i < count && (sl = free_slot(b))) {
			k = n - done < max ? n - done : max;
			start(b, sl, write, sector[i] + done, k,
			      buf + ((uint64_t)i * n + done) * SECTOR);
			done += k;
			if (done == n) {
				i++;
				done = 0;
			}
		}
		push(b);
		if (!b->in_flight)
			break;
		rc = reap(b, deadline, &err);
		deadline = clock_ns() + BLKFRONT_TIMEOUT_NS;
	}
	if (rc)
		forget(b);
	return rc ? rc : err;
}

/* Takes b for one command: checks it may, marks it busy. */
static struct blkfront *take(const char *name)
{
	struct blkfront *b = find(name);

	if (!b || !b->connected || b->busy)
		return NULL;
	b->busy = true;
	return b;
}

/* Ends the command on b; -ENODEV when b was removed meanwhile (freed). */
static int give_back(struct blkfront *b, int rc)
{
	b->busy = false;
	if (!b->xb) {
		free(b);	/* removed meanwhile */
		return -ENODEV;
	}
	return rc;
}

int blkfront_discard(const char *name, uint64_t sector, uint64_t n)
{
	struct blkfront *b = find(name);
	struct blkif_request_discard *d;
	struct blkfront_slot *sl;
	int err = 0, rc;

	if (!b || !b->connected || b->busy)
		return -ENODEV;
	if (!b->discard)
		return -EOPNOTSUPP;
	if (!n || sector >= b->sectors || n > b->sectors - sector)
		return -ERANGE;
	b = take(name);
	sl = &b->slot[0];
	sl->id = (++b->next_id << 8);
	sl->dst = NULL;
	d = (struct blkif_request_discard *)RING_GET_REQUEST(&b->ring,
							     b->ring.req_prod_pvt);
	memset(d, 0, sizeof(*d));
	d->operation = BLKIF_OP_DISCARD;
	d->handle = (blkif_vdev_t)b->xb->devid;
	d->id = sl->id;
	d->sector_number = sector;
	d->nr_sectors = n;
	b->ring.req_prod_pvt++;
	b->in_flight++;
	push(b);
	rc = reap(b, clock_ns() + BLKFRONT_TIMEOUT_NS, &err);
	if (rc)
		forget(b);
	return give_back(b, rc ? rc : err);
}

/* Checks a transfer of n sectors at sector against b. */
static int check_range(const struct blkfront *b, bool write, uint64_t sector,
		       uint64_t n)
{
	if (sector >= b->sectors || n > b->sectors - sector)
		return -ERANGE;
	return write && b->readonly ? -EROFS : 0;
}

int blkfront_rw(const char *name, bool write, uint64_t sector, unsigned int n,
		void *buf)
{
	struct blkfront *b = find(name);
	int rc;

	if (!b || !b->connected || b->busy)
		return -ENODEV;
	rc = check_range(b, write, sector, n);
	if (rc)
		return rc;
	b = take(name);
	return give_back(b, n ? run(b, write, &sector, 1, n, buf) : 0);
}

int blkfront_readv(const char *name, const uint64_t *sector,
		   unsigned int count, unsigned int n, void *buf)
{
	struct blkfront *b = find(name);
	unsigned int i;
	int rc = 0;

	if (!b || !b->connected || b->busy)
		return -ENODEV;
	for (i = 0; !rc && i < count; i++)
		rc = check_range(b, false, sector[i], n);
	if (rc)
		return rc;
	b = take(name);
	return give_back(b, n ? run(b, false, sector, count, n, buf) : 0);
}

static int cmd_lsblk(int argc, char **argv)
{
	unsigned int i;
	struct blkfront *b;

	(void)argc;
	(void)argv;
	for (i = 0; i < XENBUS_FRONT_DEVICES; i++) {
		b = disks[i];
		if (!b)
			continue;
		kprintf("%-5s %6u  %8lu sectors  %5lu KiB  %s  %s/%s\n", b->name,
			b->xb->devid, (unsigned long)b->sectors,
			(unsigned long)(b->sectors / 2), b->readonly ? "ro" : "rw",
			xenbus_dev_state_name(b->xb->state),
			xenbus_dev_state_name(b->xb->backend_state));
	}
	for (i = 0; i < XENBUS_FRONT_DEVICES; i++)
		if (disks[i] && disks[i]->connected)
			kprintf("%s: %u pages a request%s%s, a ring of %u "
				"pages%s\n", disks[i]->name, disks[i]->segs,
				disks[i]->segs > SEGS ? " (indirect)" : "",
				disks[i]->discard ? ", discard" : "",
				disks[i]->ring_pages,
				disks[i]->persistent ? ", persistent grants" : "");
	for (i = 0; i < XENBUS_FRONT_DEVICES; i++)
		if (disks[i] && disks[i]->connected)
			kprintf("%s: up to %u requests in flight, %u at once "
				"so far\n", disks[i]->name, disks[i]->nslots,
				disks[i]->peak);
	kprintf("grants in use: %u\n", gnttab_used_count());
	return 0;
}

static int number(const char *s, unsigned long *v)
{
	char *end;

	*v = strtoul(s, &end, 10);
	return *s && !*end ? 0 : -EINVAL;
}

static int cmd_blk(int argc, char **argv)
{
	unsigned long s, n, seed = 0, i, k;
	uint64_t h = PATTERN_FNV_START;
	bool write = !strcmp(argv[1], "write"), check = !strcmp(argv[1], "check");
	uint8_t *buf;
	int rc;

	if (!strcmp(argv[1], "discard")) {
		if (argc != 5 || number(argv[3], &s) || number(argv[4], &n))
			return -EINVAL;
		rc = blkfront_discard(argv[2], s, n);
		if (rc)
			kprintf("discard %s: error %d\n", argv[2], rc);
		else
			kprintf("discarded %s %lu+%lu\n", argv[2], s, n);
		return rc;
	}
	if ((!write && !check && strcmp(argv[1], "read")) ||
	    argc != (write || check ? 6 : 5) || number(argv[3], &s) ||
	    number(argv[4], &n) || !n || n > BLKFRONT_MAX_SECTORS ||
	    (argc == 6 && number(argv[5], &seed)))
		return -EINVAL;
	buf = malloc(n * SECTOR);
	if (!buf)
		return -ENOMEM;
	for (k = 0; write && k < n; k++)
		for (i = 0; i < SECTOR; i++)
			buf[k * SECTOR + i] = pattern_byte((uint32_t)seed, s + k,
							   (unsigned int)i);
	rc = blkfront_rw(argv[2], write, s, (unsigned int)n, buf);
	if (rc)
		kprintf("%s %s: error %d\n", argv[1], argv[2], rc);
	else {
		h = pattern_fnv(h, buf, n * SECTOR);
		kprintf("%s %s %lu+%lu: fnv %016lx\n",
			write ? "wrote" : "read", argv[2], s, n, (unsigned long)h);
	}
	for (k = 0; !rc && check && k < n; k++)
		for (i = 0; i < SECTOR; i++)
			if (buf[k * SECTOR + i] !=
			    pattern_byte((uint32_t)seed, s + k, (unsigned int)i)) {
				kprintf("pattern differs at sector %lu byte %lu\n",
					s + k, i);
				rc = -EIO;
				break;
			}
	if (!rc && check)
		kprintf("%s %lu+%lu: pattern ok\n", argv[2], s, n);
	free(buf);
	return rc;
}

/* Bytes per microsecond is MB/s. */
static unsigned long rate(uint64_t bytes, uint64_t ns)
{
	return ns ? (unsigned long)(bytes * 1000 / ns) : 0;
}

/*
 * `blkbench DEV MIB`: MIB MiB written then read sequentially in 1 MiB
 * commands, then 4 KiB reads at pseudo-random places for a second,
 * BENCH_BATCH places a command (as many requests in flight as blkfront
 * keeps): the figures make bench sets beside Dom0's own on the same disk.
 */
#define BENCH_BATCH	8

static int cmd_blkbench(int argc, char **argv)
{
	unsigned long mib, ops = 0, s = 1;
	uint64_t t0, wr_ns, rd_ns, end, sectors, at[BENCH_BATCH];
	struct blkfront *b = find(argv[1]);
	unsigned int k;
	uint8_t *buf;
	int rc = 0;

	(void)argc;
	if (number(argv[2], &mib) || !mib || !b || !b->connected ||
	    (mib << 11) > b->sectors)
		return -EINVAL;
	sectors = b->sectors;
	buf = malloc(1 << 20);
	if (!buf)
		return -ENOMEM;
	memset(buf, 0x5a, 1 << 20);
	t0 = clock_ns();
	for (k = 0; !rc && k < mib; k++)
		rc = blkfront_rw(argv[1], true, (uint64_t)k << 11, 2048, buf);
	wr_ns = clock_ns() - t0;
	t0 = clock_ns();
	for (k = 0; !rc && k < mib; k++)
		rc = blkfront_rw(argv[1], false, (uint64_t)k << 11, 2048, buf);
	rd_ns = clock_ns() - t0;
	end = clock_ns() + 1000000000ull;
	for (t0 = clock_ns(); !rc && clock_ns() < end; ops += BENCH_BATCH) {
		for (k = 0; k < BENCH_BATCH; k++) {
			s = s * 1103515245 + 12345;
			at[k] = (s >> 8) % (sectors / 8) * 8;
		}
		rc = blkfront_readv(argv[1], at, BENCH_BATCH, 8, buf);
	}
	free(buf);
	if (rc)
		return rc;
	kprintf("blkbench %s %lu MiB: write_mbs=%lu read_mbs=%lu iops_4k=%lu\n",
		argv[1], mib, rate((uint64_t)mib << 20, wr_ns),
		rate((uint64_t)mib << 20, rd_ns),
		(unsigned long)(ops * 1000000000ull / (clock_ns() - t0)));
	return 0;
}

static const struct shell_command blkfront_commands[] = {
	{ "lsblk", cmd_lsblk, 0, 0, "", "virtual disks, sizes, states" },
	{ "blk", cmd_blk, 4, 5, "read|write|check|discard DEV S N [SEED]",
	  "sectors S..S+N-1: checksum; write or check a pattern; discard" },
	{ "blkbench", cmd_blkbench, 2, 2, "DEV MIB",
	  "sequential MB/s and 4 KiB reads/s" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

int blkfront_start(void)
{
	int rc = shell_add(blkfront_commands);

	return rc ? rc : xenbus_front_start(&blkfront_ops);
}
