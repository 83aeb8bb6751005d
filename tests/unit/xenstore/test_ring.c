/* SPDX-License-Identifier: MIT */
/* Unit tests of the shared-ring transport against a ring in memory. */
#include <errno.h>
#include <string.h>

#include "harness.h"
#include "ring.h"

static struct xenstore_domain_interface intf;
static unsigned int kicks;

static void kick(void *opaque)
{
	(void)opaque;
	kicks++;
}

/* The guest's side: put bytes in req[], take bytes from rsp[]. */
static size_t guest_send(const void *data, size_t len)
{
	const char *p = data;
	size_t n = 0;

	while (n < len && intf.req_prod - intf.req_cons < XENSTORE_RING_SIZE) {
		intf.req[MASK_XENSTORE_IDX(intf.req_prod)] = p[n++];
		intf.req_prod++;
	}
	return n;
}

static size_t guest_recv(void *data, size_t max)
{
	char *p = data;
	size_t n = 0;

	while (n < max && intf.rsp_cons != intf.rsp_prod) {
		p[n++] = intf.rsp[MASK_XENSTORE_IDX(intf.rsp_cons)];
		intf.rsp_cons++;
	}
	return n;
}

static size_t msg(char *buf, uint32_t type, uint32_t id, const void *payload,
		  uint32_t len)
{
	struct xsd_sockmsg hdr = {type, id, 0, len};

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), payload, len);
	return sizeof(hdr) + len;
}

static struct store *s;
static struct ring *r;

static void setup(uint32_t start)
{
	memset(&intf, 0, sizeof(intf));
	intf.req_cons = intf.req_prod = start;
	intf.rsp_cons = intf.rsp_prod = start;
	kicks = 0;
	s = hs_new();
	r = ring_attach(s, 0, &intf, kick, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
}

static void teardown(void)
{
	ring_detach(r);
	store_destroy(s);
}

/* Reads one whole message from rsp[] into @buf; returns its payload length. */
static int guest_reply(char *buf, struct xsd_sockmsg *hdr)
{
	size_t n = guest_recv(hdr, sizeof(*hdr));

	if (n != sizeof(*hdr))
		return -1;
	return (int)guest_recv(buf, hdr->len) == (int)hdr->len ? (int)hdr->len
							       : -1;
}

static void request_and_reply(void)
{
	struct xsd_sockmsg hdr;
	char buf[256];
	size_t n;

	setup(0);
	CU_ASSERT_EQUAL(intf.server_features,
			XENSTORE_SERVER_FEATURE_RECONNECTION |
			    XENSTORE_SERVER_FEATURE_ERROR);
	n = msg(buf, XS_WRITE, 1, "/a\0v", 4);
	guest_send(buf, n);
	CU_ASSERT_EQUAL(ring_poll(r), 0);
	CU_ASSERT(kicks > 0);
	CU_ASSERT_EQUAL(guest_reply(buf, &hdr), 3);
	CU_ASSERT_EQUAL(hdr.type, XS_WRITE);
	CU_ASSERT_EQUAL(hdr.req_id, 1);
	CU_ASSERT_STRING_EQUAL(buf, "OK");
	teardown();
}

static void indexes_wrap(void)
{
	struct xsd_sockmsg hdr;
	char buf[256];
	size_t n;
	int i;

	/* Start just before the 32-bit wrap and near the ring's end. */
	setup(0xfffffff0u);
	for (i = 0; i < 40; i++) {
		n = msg(buf, XS_WRITE, (uint32_t)i, "/wrap\0value", 11);
		CU_ASSERT_EQUAL_FATAL(guest_send(buf, n), n);
		CU_ASSERT_EQUAL(ring_poll(r), 0);
		CU_ASSERT_EQUAL_FATAL(guest_reply(buf, &hdr), 3);
		CU_ASSERT_EQUAL(hdr.req_id, (uint32_t)i);
	}
	CU_ASSERT(intf.req_prod < 0x1000); /* it wrapped */
	n = msg(buf, XS_READ, 99, "/wrap", 6);
	guest_send(buf, n);
	ring_poll(r);
	CU_ASSERT_EQUAL(guest_reply(buf, &hdr), 5);
	CU_ASSERT_EQUAL(memcmp(buf, "value", 5), 0);
	teardown();
}

static void partial_message_waits(void)
{
	struct xsd_sockmsg hdr;
	char buf[256];
	size_t n;

	setup(100);
	n = msg(buf, XS_GET_DOMAIN_PATH, 3, "2", 2);
	guest_send(buf, 5);
	ring_poll(r);
	CU_ASSERT_EQUAL(intf.rsp_prod, intf.rsp_cons);
	CU_ASSERT_EQUAL(intf.req_cons, intf.req_prod); /* bytes taken */
	guest_send(buf + 5, n - 5 - 1);
	ring_poll(r);
	CU_ASSERT_EQUAL(intf.rsp_prod, intf.rsp_cons);
	guest_send(buf + n - 1, 1);
	ring_poll(r);
	CU_ASSERT_EQUAL(guest_reply(buf, &hdr), 16);
	CU_ASSERT_STRING_EQUAL(buf, "/local/domain/2");
	teardown();
}

static void reply_larger_than_ring(void)
{
	static char val[3000], buf[4096];
	struct xsd_sockmsg hdr;
	size_t n, got = 0, k;
	char req[64];

	setup(0);
	memset(val, 'z', sizeof(val));
	memcpy(buf, "/big", 5);
	memcpy(buf + 5, val, sizeof(val));
	n = msg(req, XS_WRITE, 1, "", 0); /* header only, then payload */
	((struct xsd_sockmsg *)req)->len = 5 + sizeof(val);
	guest_send(req, n);
	k = 0;
	while (k < 5 + sizeof(val)) {
		k += guest_send(buf + k, 5 + sizeof(val) - k);
		CU_ASSERT_EQUAL(ring_poll(r), 0);
	}
	CU_ASSERT_EQUAL(guest_reply(buf, &hdr), 3);
	n = msg(req, XS_READ, 2, "/big", 5);
	guest_send(req, n);
	ring_poll(r);
	CU_ASSERT_EQUAL(intf.rsp_prod - intf.rsp_cons, XENSTORE_RING_SIZE);
	CU_ASSERT_EQUAL(guest_recv(&hdr, sizeof(hdr)), sizeof(hdr));
	CU_ASSERT_EQUAL(hdr.len, sizeof(val));
	while (got < sizeof(val)) {
		got += guest_recv(buf + got, sizeof(val) - got);
		ring_poll(r); /* the guest kicked after consuming */
	}
	CU_ASSERT_EQUAL(memcmp(buf, val, sizeof(val)), 0);
	teardown();
}

static void events_from_other_clients(void)
{
	struct xsd_sockmsg hdr;
	struct hc *other;
	char buf[256];
	size_t n;

	setup(0);
	n = msg(buf, XS_WATCH, 1, "/ev\0tok", 8);
	guest_send(buf, n);
	ring_poll(r);
	CU_ASSERT_EQUAL(guest_reply(buf, &hdr), 3);
	CU_ASSERT_EQUAL(guest_reply(buf, &hdr), 8); /* initial event */
	CU_ASSERT_EQUAL(hdr.type, XS_WATCH_EVENT);
	kicks = 0;
	other = hc_new(s, 0);
	hc_write(other, 0, "/ev/x", "1");
	CU_ASSERT_EQUAL(kicks, 1); /* written without a poll */
	CU_ASSERT_EQUAL(guest_reply(buf, &hdr), 10);
	CU_ASSERT_EQUAL(hdr.type, XS_WATCH_EVENT);
	CU_ASSERT_EQUAL(memcmp(buf, "/ev/x\0tok\0", 10), 0);
	hc_free(other, 0);
	teardown();
}

static void broken_indexes_detected(void)
{
	char buf[64];

	setup(0);
	intf.req_prod = intf.req_cons + XENSTORE_RING_SIZE + 1;
	CU_ASSERT_EQUAL(ring_poll(r), -EIO);
	CU_ASSERT_EQUAL(intf.error, XENSTORE_ERROR_RINGIDX);
	CU_ASSERT_EQUAL(ring_poll(r), -EIO);
	(void)buf;
	teardown();
}

static void many_requests_stream(void)
{
	struct xsd_sockmsg hdr;
	static char out[64 * 1024];
	char buf[64];
	size_t n, sent = 0, total = 0;
	int i, replies = 0;

	setup(7);
	for (i = 0; i < 500; i++)
		total +=
		    msg(out + total, XS_GET_DOMAIN_PATH, (uint32_t)i, "1", 2);
	while (sent < total || replies < 500) {
		sent += guest_send(out + sent, total - sent);
		CU_ASSERT_EQUAL_FATAL(ring_poll(r), 0);
		while (intf.rsp_prod - intf.rsp_cons >= sizeof(hdr) + 16) {
			n = (size_t)guest_reply(buf, &hdr);
			CU_ASSERT_EQUAL_FATAL(n, 16);
			CU_ASSERT_EQUAL(hdr.req_id, (uint32_t)replies);
			replies++;
		}
		ring_poll(r);
	}
	CU_ASSERT_EQUAL(replies, 500);
	teardown();
}

static void reconnect_starts_afresh(void)
{
	struct xsd_sockmsg hdr;
	char buf[256];
	size_t n;

	setup(500);
	n = msg(buf, XS_WATCH, 1, "/rc\0t", 6);
	guest_send(buf, n);
	n = msg(buf, XS_READ, 2, "/", 2);
	guest_send(buf, 7); /* half a request in flight */
	ring_poll(r);
	CU_ASSERT_PTR_NOT_NULL(ring_conn(r)->watches);
	intf.req_prod = intf.req_cons + XENSTORE_RING_SIZE + 5; /* broken */
	CU_ASSERT_EQUAL(ring_poll(r), -EIO);
	intf.connection = XENSTORE_RECONNECT;
	kicks = 0;
	CU_ASSERT_EQUAL(ring_poll(r), 0);
	CU_ASSERT_EQUAL(intf.connection, XENSTORE_CONNECTED);
	CU_ASSERT_EQUAL(intf.error, XENSTORE_ERROR_NONE);
	CU_ASSERT_EQUAL(intf.req_prod, 0);
	CU_ASSERT_EQUAL(intf.rsp_prod, 0);
	CU_ASSERT_EQUAL(kicks, 1);
	CU_ASSERT_PTR_NULL(ring_conn(r)->watches);
	n = msg(buf, XS_GET_DOMAIN_PATH, 3, "4", 2);
	guest_send(buf, n);
	CU_ASSERT_EQUAL(ring_poll(r), 0);
	CU_ASSERT_EQUAL(guest_reply(buf, &hdr), 16);
	CU_ASSERT_EQUAL(hdr.req_id, 3);
	teardown();
}

/* clang-format off */
static const struct test_def tests[] = {
	T(reconnect_starts_afresh),
	T(request_and_reply),
	T(indexes_wrap),
	T(partial_message_waits),
	T(reply_larger_than_ring),
	T(events_from_other_clients),
	T(broken_indexes_detected),
	T(many_requests_stream),
};
/* clang-format on */

void suite_ring(void)
{
	ADD_SUITE("ring", tests);
}
