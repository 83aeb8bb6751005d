/* SPDX-License-Identifier: MIT */
/* libFuzzer target: hostile bytes into decoder, dispatcher and ring. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conn.h"
#include "ring.h"
#include "store.h"

/*
 * The input is a list of chunks: one selector byte, one length byte, then
 * that many bytes.  The selector says where the chunk goes:
 *   0  Dom0's connection (privileged)
 *   1  domain 1's connection (unprivileged, with a home it owns)
 *   2  domain 2's ring: the guest writes the bytes into req[], then polls
 *   3  domain 2's ring: the guest sets req_prod / rsp_cons to hostile values
 *   4  every client reads its output (the guest consumes rsp[])
 * Replies pile up between 4s, so quotas and stalls are reached too.  Every
 * run starts from a fresh store and must free everything (leaks fail).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void kick(void *opaque)
{
	(void)opaque;
}

/*
 * XS_RELEASE of domain 1 or 2 destroys its connection (and domain 2's
 * ring, see ring.h) before the release hook runs: forget them there.
 */
static struct conn *c1;
static struct ring *ring2;

static void released(struct store *s, unsigned int domid, void *opaque)
{
	(void)s;
	(void)opaque;
	if (domid == 1)
		c1 = NULL;
	if (domid == 2)
		ring2 = NULL;
}

static void drain(struct conn *c)
{
	const void *p;
	size_t len;

	for (;;) {
		conn_output(c, &p, &len);
		if (!len)
			return;
		conn_output_done(c, len);
	}
}

static void setup_home(struct conn *c0)
{
	static const char req[] = "/local/domain/1\0n1";
	struct xsd_sockmsg hdr = {XS_SET_PERMS, 1, 0, sizeof(req)};
	char buf[sizeof(hdr) + sizeof(req)];

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), req, sizeof(req));
	hdr.type = XS_MKDIR;
	hdr.len = 16;
	conn_feed(c0, &hdr, sizeof(hdr));
	conn_feed(c0, req, 16);
	conn_feed(c0, buf, sizeof(buf));
	drain(c0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct xenstore_domain_interface intf;
	struct store_hooks hooks = {.release = released};
	struct conn *c0;
	struct store *s;
	size_t off = 0, len, n;
	uint8_t sel;
	uint32_t v;

	s = store_create(&hooks);
	if (!s)
		return 0;
	memset(&intf, 0, sizeof(intf));
	c0 = conn_create(s, 0, NULL, NULL);
	c1 = conn_create(s, 1, NULL, NULL);
	ring2 = ring_attach(s, 2, &intf, kick, NULL);
	if (!c0 || !c1 || !ring2)
		goto out;
	setup_home(c0);
	while (off + 2 <= size) {
		sel = data[off] % 5;
		len = data[off + 1];
		off += 2;
		if (len > size - off)
			len = size - off;
		switch (sel) {
		case 0:
			conn_feed(c0, data + off, len);
			break;
		case 1:
			if (c1)
				conn_feed(c1, data + off, len);
			break;
		case 2:
			for (n = 0; n < len && intf.req_prod - intf.req_cons <
						   XENSTORE_RING_SIZE;
			     n++)
				intf.req[MASK_XENSTORE_IDX(intf.req_prod++)] =
				    (char)data[off + n];
			if (ring2)
				ring_poll(ring2);
			break;
		case 3:
			v = 0;
			memcpy(&v, data + off, len < 4 ? len : 4);
			if (v & 1)
				intf.req_prod = v;
			else
				intf.rsp_cons = v;
			if (ring2)
				ring_poll(ring2);
			break;
		default:
			drain(c0);
			if (c1)
				drain(c1);
			intf.rsp_cons = intf.rsp_prod;
			if (ring2)
				ring_poll(ring2);
			break;
		}
		off += len;
	}
out:
	/* store_destroy() frees every connection, the ring's included. */
	store_destroy(s);
	return 0;
}
