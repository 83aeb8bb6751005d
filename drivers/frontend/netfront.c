/* SPDX-License-Identifier: MIT */
/* The network frontend (netfront.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../ring.h"
#include <xen/io/netif.h>
#include "../../guest-patches/kernel/net/inet.h"
#include "../../guest-patches/kernel/net/netdev.h"
#include "../../guest-patches/kernel/page_alloc.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/thread.h"
#include "../../guest-patches/pv/evtchn.h"
#include "../../guest-patches/pv/gnttab.h"
#include "../../guest-patches/pv/xenbus.h"
#include "netfront.h"
#include "xenbus_front.h"

#define TX	NETFRONT_TX_SLOTS
#define RX	NETFRONT_RX_SLOTS

struct netfront {
	struct xenbus_front_dev *xb;
	struct netdev dev;
	struct netif_tx_front_ring tx;
	struct netif_rx_front_ring rx;
	uint64_t tx_ring_pa, rx_ring_pa, tx_pa, rx_pa;
	grant_ref_t tx_ring_ref, rx_ring_ref, tx_ref[TX], rx_ref[RX];
	bool tx_busy[TX];
	evtchn_port_t port;
	bool connected, registered, thread_running;
	struct thread_waitq waitq;
};

static void ring_event(evtchn_port_t port, void *data)
{
	struct netfront *n = data;

	(void)port;
	thread_wake(&n->waitq);
}

static void teardown(struct xenbus_front_dev *xb)
{
	struct netfront *n = xb->priv;

	n->connected = false;
	if (n->registered) {
		netdev_unregister(&n->dev);
		n->registered = false;
	}
	if (n->port) {
		evtchn_close(n->port);
		n->port = 0;
	}
	xenbus_front_ungrant(n->tx_ref, TX, &n->tx_pa);
	xenbus_front_ungrant(n->rx_ref, RX, &n->rx_pa);
	xenbus_front_ungrant(&n->tx_ring_ref, 1, &n->tx_ring_pa);
	xenbus_front_ungrant(&n->rx_ring_ref, 1, &n->rx_ring_pa);
	memset(n->tx_busy, 0, sizeof(n->tx_busy));
	thread_wake(&n->waitq);
}

/* Grants count pages from pa to the backend into refs. */
static int grant_pages(struct netfront *n, uint64_t pa, grant_ref_t *refs,
		       unsigned int count)
{
	unsigned int i;
	int rc;

	for (i = 0; i < count; i++) {
		rc = gnttab_grant_access(n->xb->backend_id, pa / PAGE_SIZE + i,
					 false);
		if (rc < 0)
			return rc;
		refs[i] = (grant_ref_t)rc;
	}
	return 0;
}

/* Posts receive buffer id. */
static void post_rx(struct netfront *n, uint16_t id)
{
	struct netif_rx_request *req =
		RING_GET_REQUEST(&n->rx, n->rx.req_prod_pvt);

	req->id = id;
	req->gref = n->rx_ref[id];
	n->rx.req_prod_pvt++;
}

static int write_num(struct netfront *n, const char *key, unsigned long v)
{
	char num[16];

	snprintf(num, sizeof(num), "%lu", v);
	return xenbus_front_write(n->xb, key, num);
}

static int setup(struct xenbus_front_dev *xb)
{
	struct netfront *n = xb->priv;
	uint16_t i;
	int rc, notify;

	n->tx_ring_pa = page_alloc();
	n->rx_ring_pa = page_alloc();
	n->tx_pa = page_alloc_n(TX);
	n->rx_pa = page_alloc_n(RX);
	if (!n->tx_ring_pa || !n->rx_ring_pa || !n->tx_pa || !n->rx_pa)
		return -ENOMEM;
	memset((void *)(uintptr_t)n->tx_ring_pa, 0, PAGE_SIZE);
	memset((void *)(uintptr_t)n->rx_ring_pa, 0, PAGE_SIZE);
	SHARED_RING_INIT((struct netif_tx_sring *)(uintptr_t)n->tx_ring_pa);
	SHARED_RING_INIT((struct netif_rx_sring *)(uintptr_t)n->rx_ring_pa);
	FRONT_RING_INIT(&n->tx, (struct netif_tx_sring *)(uintptr_t)n->tx_ring_pa,
			PAGE_SIZE);
	FRONT_RING_INIT(&n->rx, (struct netif_rx_sring *)(uintptr_t)n->rx_ring_pa,
			PAGE_SIZE);
	rc = grant_pages(n, n->tx_ring_pa, &n->tx_ring_ref, 1);
	if (!rc)
		rc = grant_pages(n, n->rx_ring_pa, &n->rx_ring_ref, 1);
	if (!rc)
		rc = grant_pages(n, n->tx_pa, n->tx_ref, TX);
	if (!rc)
		rc = grant_pages(n, n->rx_pa, n->rx_ref, RX);
	if (rc)
		return rc;
	rc = evtchn_alloc_unbound(n->xb->backend_id, ring_event, n);
	if (rc < 0)
		return rc;
	n->port = (evtchn_port_t)rc;
	for (i = 0; i < RX; i++)
		post_rx(n, i);
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&n->rx, notify);
	(void)notify;	/* the backend looks when it connects */
	rc = write_num(n, "tx-ring-ref", n->tx_ring_ref);
	if (!rc)
		rc = write_num(n, "rx-ring-ref", n->rx_ring_ref);
	if (!rc)
		rc = write_num(n, "event-channel", n->port);
	if (!rc)
		rc = xenbus_front_write(n->xb, "request-rx-copy", "1");
	if (!rc)
		rc = xenbus_front_write(n->xb, "feature-rx-notify", "1");
	if (!rc)
		rc = xenbus_front_write(n->xb, "feature-no-csum-offload", "1");
	if (!rc)
		rc = xenbus_front_write(n->xb, "feature-sg", "0");
	return rc;
}

/*
 * Takes the backend's address ("10.0.0.11/24") when it gives one, and its
 * gateway (Dom0's, for a vif Dom0 translates) when it gives that too.
 */
static void take_address(struct netfront *n)
{
	char path[XENBUS_DEV_PATH_MAX + 12], ip[INET_ADDR_LEN + 4], *slash;
	char gw[INET_ADDR_LEN];
	unsigned long prefix;
	uint32_t a, g = 0;

	snprintf(path, sizeof(path), "%s/ip", n->xb->backend);
	if (xenbus_read(XENBUS_NO_TXN, path, ip, sizeof(ip)) < 0)
		return;
	slash = strchr(ip, '/');
	prefix = slash ? strtoul(slash + 1, NULL, 10) : 24;
	if (slash)
		*slash = '\0';
	snprintf(path, sizeof(path), "%s/gateway", n->xb->backend);
	if (xenbus_read(XENBUS_NO_TXN, path, gw, sizeof(gw)) < 0 ||
	    inet_parse(gw, &g))
		g = 0;
	if (!inet_parse(ip, &a) &&
	    !netdev_set_addr(&n->dev, a, (unsigned int)prefix, g))
		kprintf("%s: %s/%lu%s%s\n", n->dev.name, ip, prefix,
			g ? " via " : "", g ? gw : "");
}

static int connect(struct xenbus_front_dev *xb)
{
	struct netfront *n = xb->priv;
	int rc = netdev_register(&n->dev);

	if (rc)
		return rc;
	n->registered = true;
	n->connected = true;
	take_address(n);
	thread_wake(&n->waitq);
	return 0;
}

/* Frees the tx slots whose responses came.  -EIO: the ring broke. */
static int reclaim_tx(struct netfront *n)
{
	struct netif_tx_response rsp;
	RING_IDX prod = __atomic_load_n(&n->tx.sring->rsp_prod, __ATOMIC_ACQUIRE);

	if (prod - n->tx.rsp_cons > RING_SIZE(&n->tx))
		return -EIO;
	for (; n->tx.rsp_cons != prod; n->tx.rsp_cons++) {
		RING_COPY_RESPONSE(&n->tx, n->tx.rsp_cons, &rsp);
		if (rsp.id >= TX || !n->tx_busy[rsp.id])
			return -EIO;
		n->tx_busy[rsp.id] = false;
		if (rsp.status != NETIF_RSP_OKAY)
			n->dev.stats.tx_dropped++;
	}
	return 0;
}

static int nf_transmit(struct netdev *dev, const void *frame, size_t len)
{
	struct netfront *n = dev->priv;
	struct netif_tx_request *req;
	uint16_t id;
	int notify;

	if (!n->connected)
		return -EIO;
	if (reclaim_tx(n)) {
		xenbus_front_close(n->xb);
		return -EIO;
	}
	for (id = 0; id < TX && n->tx_busy[id]; id++)
		;
	if (id == TX || RING_FULL(&n->tx))
		return -EAGAIN;
	memcpy((void *)(uintptr_t)(n->tx_pa + id * PAGE_SIZE), frame, len);
	req = RING_GET_REQUEST(&n->tx, n->tx.req_prod_pvt);
	req->gref = n->tx_ref[id];
	req->offset = 0;
	req->flags = 0;
	req->id = id;
	req->size = (uint16_t)len;
	n->tx_busy[id] = true;
	n->tx.req_prod_pvt++;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&n->tx, notify);
	if (notify)
		evtchn_send(n->port);
	return 0;
}

static const struct netdev_ops netfront_ops = { .transmit = nf_transmit };

/* Takes received frames up the stack and posts their buffers again. */
static int receive(struct netfront *n)
{
	struct netif_rx_response rsp;
	RING_IDX prod = __atomic_load_n(&n->rx.sring->rsp_prod, __ATOMIC_ACQUIRE);
	int notify;

	if (prod - n->rx.rsp_cons > RING_SIZE(&n->rx))
		return -EIO;
	for (; n->connected && n->rx.rsp_cons != prod; n->rx.rsp_cons++) {
		RING_COPY_RESPONSE(&n->rx, n->rx.rsp_cons, &rsp);
		if (rsp.id >= RX)
			return -EIO;
		if (rsp.status > 0 &&
		    rsp.offset + (unsigned long)rsp.status <= PAGE_SIZE &&
		    !(rsp.flags & NETRXF_more_data))
			netdev_receive(&n->dev,
				       (void *)(uintptr_t)(n->rx_pa +
							   rsp.id * PAGE_SIZE +
							   rsp.offset),
				       (size_t)rsp.status);
		else
			n->dev.stats.rx_dropped++;
		post_rx(n, rsp.id);
	}
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&n->rx, notify);
	if (notify)
		evtchn_send(n->port);
	return 0;
}

/*
 * Asks for an event at the next response on either ring (rsp_event) and
 * says whether one came meanwhile: without it the backend would signal
 * only the first response.
 */
static bool more_responses(struct netfront *n)
{
	int rx_more, tx_more;

	RING_FINAL_CHECK_FOR_RESPONSES(&n->rx, rx_more);
	RING_FINAL_CHECK_FOR_RESPONSES(&n->tx, tx_more);
	return rx_more || tx_more;
}

static void rx_thread(void *arg)
{
	struct netfront *n = arg;
	uint32_t seen;

	for (;;) {
		seen = thread_wait_count(&n->waitq);
		if (!n->xb)
			break;	/* removed */
		if (n->connected && (receive(n) || reclaim_tx(n))) {
			kprintf("%s: response producer or id out of the ring\n",
				n->dev.name);
			xenbus_front_close(n->xb);
		}
		if (n->connected && more_responses(n))
			continue;
		thread_wait(&n->waitq, seen);
	}
	n->thread_running = false;
	free(n);
	thread_exit();
}

static int probe(struct xenbus_front_dev *xb)
{
	struct netfront *n = calloc(1, sizeof(*n));
	int rc;

	if (!n)
		return -ENOMEM;
	rc = xenbus_front_read_mac(xb, n->dev.mac);
	if (rc || (n->dev.mac[0] & 1)) {
		free(n);
		return rc ? rc : -EINVAL;
	}
	n->xb = xb;
	snprintf(n->dev.name, sizeof(n->dev.name), "eth%u", xb->devid % 100);
	n->dev.ops = &netfront_ops;
	n->dev.priv = n;
	rc = thread_create("netfront", rx_thread, n);
	if (rc < 0) {
		free(n);
		return rc;
	}
	n->thread_running = true;
	xb->priv = n;
	return 0;
}

static void remove_vif(struct xenbus_front_dev *xb)
{
	struct netfront *n = xb->priv;

	n->xb = NULL;	/* the thread frees n when it wakes */
	thread_wake(&n->waitq);
}

static const struct xenbus_front_ops netfront_xb_ops = {
	.type = "vif", .probe = probe, .setup = setup, .connect = connect,
	.teardown = teardown, .remove = remove_vif,
};

int netfront_start(void)
{
	return xenbus_front_start(&netfront_xb_ops);
}
