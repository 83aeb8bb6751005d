/* SPDX-License-Identifier: MIT */
/*
 * A hostile network frontend, linked into guest-pv-hostile.elf in place
 * of drivers/frontend/netfront.c (it implements netfront.h).  It connects
 * its vif like netfront (tx and rx rings, one event channel), then puts
 * tx requests on the ring that netback must refuse, one good one, and
 * finally a producer beyond the ring:
 *
 *   hostile/tx-oversize    2000 bytes: more than an Ethernet frame
 *   hostile/tx-past-page   a good size at an offset that crosses the page
 *   hostile/tx-runt        10 bytes: less than an Ethernet header
 *   hostile/tx-csum-blank  checksum offload asked for a frame that is not
 *                          TCP or UDP over IPv4
 *   hostile/tx-bad-gref    a grant that does not exist
 *   hostile/tx-spoofed-mac a broadcast frame from another MAC than the
 *                          vif's: dropped (NETIF_RSP_DROPPED)
 *   hostile/tx-good        a broadcast frame from the vif's MAC:
 *                          NETIF_RSP_OKAY
 *   hostile/tx-not-a-ring  a tx producer a ring and 100 ahead of the
 *                          responses: the backend closes this vif
 *
 * Lines "PASS name" / "FAIL name: why", then "NETHOSTILE done", and the
 * store key data/nethostile = done, which blkhostile.c waits for before it
 * crashes the domain.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "../../drivers/ring.h"
#include <xen/io/netif.h>
#include "../../drivers/frontend/netfront.h"
#include "../../drivers/frontend/xenbus_front.h"
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/page_alloc.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/thread.h"
#include "../../guest-patches/pv/evtchn.h"
#include "../../guest-patches/pv/gnttab.h"
#include "../../guest-patches/pv/xenbus.h"
#include "hostile.h"

#define WAIT_NS	(5 * 1000000000ull)

static struct {
	struct hostile_dev dev;
	struct netif_tx_front_ring tx;
	struct netif_rx_front_ring rx;
	uint64_t tx_pa, rx_pa, data_pa;
	grant_ref_t tx_ref, rx_ref, data_ref;
	evtchn_port_t port;
} h;

static int setup(struct xenbus_front_dev *xb)
{
	int rc;

	(void)xb;
	rc = hostile_grant_page(&h.dev, &h.tx_pa, &h.tx_ref);
	if (!rc)
		rc = hostile_grant_page(&h.dev, &h.rx_pa, &h.rx_ref);
	if (!rc)
		rc = hostile_grant_page(&h.dev, &h.data_pa, &h.data_ref);
	if (rc)
		return rc;
	SHARED_RING_INIT((struct netif_tx_sring *)(uintptr_t)h.tx_pa);
	SHARED_RING_INIT((struct netif_rx_sring *)(uintptr_t)h.rx_pa);
	FRONT_RING_INIT(&h.tx, (struct netif_tx_sring *)(uintptr_t)h.tx_pa,
			PAGE_SIZE);
	FRONT_RING_INIT(&h.rx, (struct netif_rx_sring *)(uintptr_t)h.rx_pa,
			PAGE_SIZE);
	rc = hostile_evtchn(&h.dev);
	if (rc < 0)
		return rc;
	h.port = (evtchn_port_t)rc;
	rc = hostile_write_num(h.dev.xb, "tx-ring-ref", h.tx_ref);
	if (!rc)
		rc = hostile_write_num(h.dev.xb, "rx-ring-ref", h.rx_ref);
	if (!rc)
		rc = hostile_write_num(h.dev.xb, "event-channel", h.port);
	if (!rc)
		rc = xenbus_front_write(h.dev.xb, "request-rx-copy", "1");
	return rc;
}

static int connect(struct xenbus_front_dev *xb)
{
	(void)xb;
	h.dev.connected = true;
	return 0;
}

static const struct xenbus_front_ops nethostile_ops = {
	.type = "vif", .probe = hostile_probe, .setup = setup, .connect = connect,
	.teardown = hostile_teardown, .remove = hostile_remove,
};

/* Puts one tx request, signals, and checks the response's status. */
static void expect(const char *name, uint16_t offset, uint16_t size,
		   uint16_t flags, grant_ref_t gref, int16_t status)
{
	static uint16_t id;
	struct netif_tx_request *req =
		RING_GET_REQUEST(&h.tx, h.tx.req_prod_pvt++);
	struct netif_tx_response rsp;
	uint64_t deadline = clock_ns() + WAIT_NS;
	uint32_t seen;
	int notify, more;

	req->gref = gref;
	req->offset = offset;
	req->size = size;
	req->flags = flags;
	req->id = ++id;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&h.tx, notify);
	if (notify)
		evtchn_send(h.port);
	for (;;) {
		seen = thread_wait_count(&h.dev.waitq);
		RING_FINAL_CHECK_FOR_RESPONSES(&h.tx, more);
		if (more || !h.dev.connected || clock_ns() >= deadline)
			break;
		thread_wait_until(&h.dev.waitq, seen, deadline);
	}
	if (!more) {
		kprintf("FAIL %s: no response\n", name);
		return;
	}
	RING_COPY_RESPONSE(&h.tx, h.tx.rsp_cons, &rsp);
	h.tx.rsp_cons++;
	if (rsp.id != id || rsp.status != status)
		kprintf("FAIL %s: id %u status %d\n", name, rsp.id, rsp.status);
	else
		kprintf("PASS %s\n", name);
}

static void attack(void *arg)
{
	uint64_t deadline = clock_ns() + 30 * 1000000000ull;
	uint8_t *frame;

	(void)arg;
	while (!h.dev.connected && clock_ns() < deadline)
		thread_sleep(10000000);
	if (!h.dev.connected) {
		kprintf("FAIL hostile/tx: the vif never connected\nNETHOSTILE done\n");
		thread_exit();
	}
	/* A broadcast frame from a made-up MAC, EtherType 0x88b5 (local). */
	frame = (uint8_t *)(uintptr_t)h.data_pa;
	memset(frame, 0xff, 6);
	memcpy(frame + 6, "\x02\x00\x00\x00\x00\x99\x88\xb5", 8);
	expect("hostile/tx-oversize", 0, 2000, 0, h.data_ref, NETIF_RSP_ERROR);
	expect("hostile/tx-past-page", 4000, 200, 0, h.data_ref, NETIF_RSP_ERROR);
	expect("hostile/tx-runt", 0, 10, 0, h.data_ref, NETIF_RSP_ERROR);
	expect("hostile/tx-csum-blank", 0, 60, NETTXF_csum_blank, h.data_ref,
	       NETIF_RSP_ERROR);
	expect("hostile/tx-bad-gref", 0, 60, 0, 60000, NETIF_RSP_ERROR);
	expect("hostile/tx-spoofed-mac", 0, 60, 0, h.data_ref,
	       NETIF_RSP_DROPPED);
	/* The same frame from the vif's own MAC (the store's mac key). */
	if (xenbus_front_read_mac(h.dev.xb, frame + 6))
		kprintf("FAIL hostile/tx-good: no mac key\n");
	expect("hostile/tx-good", 0, 60, 0, h.data_ref, NETIF_RSP_OKAY);
	h.tx.sring->req_prod = h.tx.req_prod_pvt + RING_SIZE(&h.tx) + 100;
	evtchn_send(h.port);
	deadline = clock_ns() + WAIT_NS;
	while (h.dev.xb->backend_state != XenbusStateClosed && clock_ns() < deadline)
		thread_sleep(10000000);
	if (h.dev.xb->backend_state == XenbusStateClosed)
		kprintf("PASS hostile/tx-not-a-ring\n");
	else
		kprintf("FAIL hostile/tx-not-a-ring: the backend is %s\n",
			xenbus_dev_state_name(h.dev.xb->backend_state));
	kprintf("NETHOSTILE done\n");
	xenbus_write(XENBUS_NO_TXN, "data/nethostile", "done");
	thread_exit();
}

int netfront_start(void)
{
	int rc = hostile_start(&h.dev, &nethostile_ops);

	if (!rc)
		rc = thread_create("nethostile", attack, NULL);
	return rc < 0 ? rc : 0;
}
