/* SPDX-License-Identifier: MIT */
/* The network backend (netback.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../ring.h"
#include <xen/io/netif.h>
#include "../../dom0/foreign.h"
#include "../../dom0/service.h"
#include "../../guest-patches/kernel/net/inet.h"
#include "../../guest-patches/kernel/net/ipv4.h"
#include "../../guest-patches/kernel/page_alloc.h"
#include "../../guest-patches/pv/evtchn.h"
#include "../../guest-patches/pv/gnttab.h"
#include "bridge.h"
#include "netback.h"

#define FRAME_MAX	1514
#define TX_BAD_FLAGS	(NETTXF_more_data | NETTXF_extra_info)

struct netback {
	struct xenbus_back_dev *xb;
	struct bridge_port port;
	uint8_t mac[6];
	struct netif_tx_back_ring tx;
	struct netif_rx_back_ring rx;
	void *tx_page, *rx_page;	/* the frontend's rings, mapped */
	grant_handle_t tx_handle, rx_handle;
	evtchn_port_t evtchn;
	uint8_t *tx_buf, *rx_buf;	/* pages of ours for the copies */
	volatile bool pending;
	bool broken;			/* rx producer beyond the ring */
	struct netback_stats stats;
	struct xenbus_back_stats stats_written;
};

static const struct xenbus_back_ops netback_ops;

static void ring_event(evtchn_port_t port, void *data)
{
	struct netback *n = data;

	(void)port;
	n->pending = true;
	service_wake();
}

static uint64_t gfn_of(const void *page)
{
	return (uintptr_t)page / PAGE_SIZE;
}

/* The bridge sends a frame to the guest: into its next posted buffer. */
static int rx_output(struct bridge_port *port, const void *frame, size_t len)
{
	struct netback *n = port->priv;
	struct netif_rx_request req;
	struct netif_rx_response *rsp;
	RING_IDX prod;
	int rc, notify;

	if (!n->xb->connected || n->broken)
		return -EIO;
	prod = __atomic_load_n(&n->rx.sring->req_prod, __ATOMIC_ACQUIRE);
	if (RING_REQUEST_PROD_OVERFLOW(&n->rx, prod)) {
		n->broken = true;	/* netback_poll() disconnects it */
		return -EIO;
	}
	if (n->rx.req_cons == prod ||
	    RING_REQUEST_CONS_OVERFLOW(&n->rx, n->rx.req_cons)) {
		n->stats.drops++;
		return -EAGAIN;		/* no buffer posted */
	}
	RING_COPY_REQUEST(&n->rx, n->rx.req_cons, &req);
	n->rx.req_cons++;
	memcpy(n->rx_buf, frame, len);
	rc = gnttab_copy(n->xb->fe, req.gref, 0, gfn_of(n->rx_buf), 0,
			 (uint16_t)len, true);
	rsp = RING_GET_RESPONSE(&n->rx, n->rx.rsp_prod_pvt);
	rsp->id = req.id;
	rsp->offset = 0;
	rsp->flags = 0;
	rsp->status = rc ? NETIF_RSP_ERROR : (int16_t)len;
	n->rx.rsp_prod_pvt++;
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&n->rx, notify);
	if (notify)
		evtchn_send(n->evtchn);
	if (rc) {
		n->stats.drops++;
		return rc;
	}
	n->stats.rx_packets++;
	n->stats.rx_bytes += len;
	return 0;
}

/*
 * A frame sent with NETTXF_csum_blank (Linux's netfront offloads IPv4
 * TCP and UDP checksums whatever we offer): its TCP or UDP checksum
 * filled in, over the datagram as it is in our copy.  0, or -EINVAL when
 * it is not a whole, unfragmented TCP or UDP datagram over IPv4.
 */
static int tx_checksum(uint8_t *f, size_t len)
{
	uint8_t *ip = f + ETH_HLEN, *l4, *sum;
	size_t hlen, total;
	uint16_t l4len, c;

	if (len < ETH_HLEN + 20 || inet_get16(f + 12) != 0x0800 ||
	    ip[0] >> 4 != 4 || (ip[0] & 0xf) < 5 || (inet_get16(ip + 6) & 0x3fff))
		return -EINVAL;
	hlen = (size_t)(ip[0] & 0xf) * 4;
	total = inet_get16(ip + 2);
	if (total < hlen || ETH_HLEN + total > len)
		return -EINVAL;
	l4 = ip + hlen;
	l4len = (uint16_t)(total - hlen);
	if (ip[9] == IP_PROTO_TCP && l4len >= 20)
		sum = l4 + 16;
	else if (ip[9] == IP_PROTO_UDP && l4len >= 8)
		sum = l4 + 6;
	else
		return -EINVAL;
	sum[0] = sum[1] = 0;
	c = inet_fold(inet_sum(l4, l4len, inet_pseudo_sum(inet_get32(ip + 12),
		inet_get32(ip + 16), ip[9], l4len)));
	inet_put16(sum, c || ip[9] == IP_PROTO_TCP ? c : 0xffff);
	return 0;
}

/* Checks and copies in one tx request.  Its length, or -errno. */
static int tx_frame(struct netback *n, const struct netif_tx_request *req)
{
	int rc;

	if ((req->flags & TX_BAD_FLAGS) || req->size < ETH_HLEN ||
	    req->size > FRAME_MAX || req->offset + req->size > PAGE_SIZE)
		return -EINVAL;
	rc = gnttab_copy(n->xb->fe, req->gref, req->offset, gfn_of(n->tx_buf),
			 0, req->size, false);
	if (!rc && (req->flags & NETTXF_csum_blank))
		rc = tx_checksum(n->tx_buf, req->size);
	return rc ? rc : req->size;
}

/* Serves up to a ring's worth of tx requests; -EBADMSG: not a ring. */
static int serve_tx(struct netback *n)
{
	struct netif_tx_request req;
	struct netif_tx_response *rsp;
	unsigned int served = 0;
	RING_IDX prod, cons;
	int len, notify, more;
	int16_t status;

	n->pending = false;
	prod = __atomic_load_n(&n->tx.sring->req_prod, __ATOMIC_ACQUIRE);
	if (RING_REQUEST_PROD_OVERFLOW(&n->tx, prod))
		return -EBADMSG;
	for (cons = n->tx.req_cons;
	     cons != prod && !RING_REQUEST_CONS_OVERFLOW(&n->tx, cons) &&
	     served < RING_SIZE(&n->tx);
	     cons++, served++) {
		RING_COPY_REQUEST(&n->tx, cons, &req);
		n->tx.req_cons = cons + 1;
		len = tx_frame(n, &req);
		status = len < 0 ? NETIF_RSP_ERROR : NETIF_RSP_OKAY;
		/* A frame from another MAC than the vif's is spoofed. */
		if (len >= 0 && memcmp(n->tx_buf + ETH_ALEN, n->mac, ETH_ALEN))
			status = NETIF_RSP_DROPPED;
		rsp = RING_GET_RESPONSE(&n->tx, n->tx.rsp_prod_pvt);
		rsp->id = req.id;
		rsp->status = status;
		n->tx.rsp_prod_pvt++;
		if (status != NETIF_RSP_OKAY) {
			n->stats.drops++;
			continue;
		}
		n->stats.tx_packets++;
		n->stats.tx_bytes += (unsigned int)len;
		bridge_input(&n->port, n->tx_buf, (size_t)len);
	}
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&n->tx, notify);
	if (notify)
		evtchn_send(n->evtchn);
	RING_FINAL_CHECK_FOR_REQUESTS(&n->tx, more);
	if (more) {
		n->pending = true;
		service_wake();
	}
	return 0;
}

static void *map_ring(struct netback *n, const char *key,
		      grant_handle_t *handle, int *rc)
{
	unsigned long ref;

	*rc = xenbus_back_read_ulong(n->xb, key, &ref);
	if (!*rc && ref > UINT32_MAX)
		*rc = -EINVAL;
	return *rc ? NULL : foreign_grant_map(n->xb->fe, (grant_ref_t)ref,
					      handle, rc);
}

static int net_connect(struct xenbus_back_dev *xb)
{
	struct netback *n = xb->priv;
	unsigned long port, copy;
	int rc;

	rc = xenbus_back_read_ulong(xb, "event-channel", &port);
	if (!rc && (xenbus_back_read_ulong(xb, "request-rx-copy", &copy) ||
		    copy != 1))
		rc = -EOPNOTSUPP;	/* only the copying receive path */
	if (!rc && port > UINT32_MAX)
		rc = -EINVAL;
	if (rc)
		return rc;
	n->tx_buf = (uint8_t *)(uintptr_t)page_alloc();
	n->rx_buf = (uint8_t *)(uintptr_t)page_alloc();
	if (!n->tx_buf || !n->rx_buf) {
		rc = -ENOMEM;
		goto err_free;
	}
	n->tx_page = map_ring(n, "tx-ring-ref", &n->tx_handle, &rc);
	if (!n->tx_page)
		goto err_free;
	n->rx_page = map_ring(n, "rx-ring-ref", &n->rx_handle, &rc);
	if (!n->rx_page)
		goto err_unmap_tx;
	BACK_RING_INIT(&n->tx, (struct netif_tx_sring *)n->tx_page, PAGE_SIZE);
	BACK_RING_INIT(&n->rx, (struct netif_rx_sring *)n->rx_page, PAGE_SIZE);
	rc = evtchn_bind_interdomain(xb->fe, (evtchn_port_t)port, ring_event, n);
	if (rc < 0)
		goto err_unmap_rx;
	n->evtchn = (evtchn_port_t)rc;
	n->broken = false;
	rc = bridge_add_port(&n->port);
	if (rc)
		goto err_close;
	n->pending = true;
	return 0;

err_close:
	evtchn_close(n->evtchn);
err_unmap_rx:
	foreign_grant_unmap(n->rx_page, n->rx_handle);
err_unmap_tx:
	foreign_grant_unmap(n->tx_page, n->tx_handle);
err_free:
	if (n->tx_buf)
		page_free_n((uintptr_t)n->tx_buf, 1);
	if (n->rx_buf)
		page_free_n((uintptr_t)n->rx_buf, 1);
	n->tx_buf = n->rx_buf = NULL;
	return rc;
}

static void net_disconnect(struct xenbus_back_dev *xb)
{
	struct netback *n = xb->priv;

	bridge_remove_port(&n->port);
	evtchn_close(n->evtchn);
	foreign_grant_unmap(n->rx_page, n->rx_handle);
	foreign_grant_unmap(n->tx_page, n->tx_handle);
	page_free_n((uintptr_t)n->tx_buf, 1);
	page_free_n((uintptr_t)n->rx_buf, 1);
	n->tx_buf = n->rx_buf = NULL;
	n->pending = false;
}

static void net_release(struct xenbus_back_dev *xb)
{
	free(xb->priv);
}

static const struct xenbus_back_ops netback_ops = {
	.type = "vif", .connect = net_connect, .disconnect = net_disconnect,
	.release = net_release,
};

struct xenbus_back_dev *netback_add(domid_t fe, unsigned int devid,
				    const uint8_t *mac, const char *ip,
				    bool routed, int *err)
{
	struct netback *n = calloc(1, sizeof(*n));
	char m[18], handle[12];
	const struct xenbus_back_key be_keys[] = {
		{ "mac", m }, { "handle", handle }, { "bridge", "xenbr0" },
		{ "feature-rx-copy", "1" }, { "feature-rx-flip", "0" },
		{ "feature-sg", "0" }, { "feature-gso-tcpv4", "0" },
		{ "feature-split-event-channels", "0" },
		{ "feature-no-csum-offload", "0" },
		{ ip ? "ip" : NULL, ip }, { NULL, NULL },
	};
	const struct xenbus_back_key fe_keys[] = {
		{ "mac", m }, { "handle", handle }, { NULL, NULL },
	};

	if (!n) {
		*err = -ENOMEM;
		return NULL;
	}
	memcpy(n->mac, mac, 6);
	snprintf(m, sizeof(m), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
		 mac[2], mac[3], mac[4], mac[5]);
	snprintf(handle, sizeof(handle), "%u", devid);
	snprintf(n->port.name, sizeof(n->port.name), "vif%u.%u", fe, devid);
	n->port.output = rx_output;
	n->port.priv = n;
	n->port.side = routed ? BRIDGE_ROUTED : BRIDGE_BRIDGED;
	n->xb = xenbus_back_add(&netback_ops, fe, devid, be_keys, fe_keys, n,
				err);
	if (!n->xb) {
		free(n);
		return NULL;
	}
	return n->xb;
}

const struct netback_stats *netback_stats(const struct xenbus_back_dev *dev)
{
	return &((struct netback *)dev->priv)->stats;
}

/* The counters, to the store at most once a second. */
static void write_stats(struct netback *n)
{
	static const char *const names[] = { "rx_packets", "rx_bytes", "tx_packets", "tx_bytes", "drops" };

	xenbus_back_write_stats(n->xb, names, &n->stats.rx_packets,
				sizeof(names) / sizeof(names[0]),
				&n->stats_written);
}

void netback_poll(void)
{
	struct xenbus_back_dev *xb;
	struct netback *n;
	unsigned int i;

	for (i = 0; (xb = xenbus_back_at(i)); i++) {
		if (xb->ops != &netback_ops)
			continue;
		n = xb->priv;
		if (xb->connected && n->broken) {
			xenbus_back_fail(xb, "rx producer beyond the ring");
			continue;
		}
		if (xb->connected && n->pending && serve_tx(n)) {
			xenbus_back_fail(xb, "tx producer beyond the ring");
			continue;
		}
		write_stats(n);
	}
}
