/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the xenbus client (guest-patches/pv/xenbus.c) against the
 * real xenstore core through a ring in memory: the client is domain 1,
 * a privileged connection plays Dom0's toolstack.  The last tests play a
 * hostile store by hand and leave the client broken, so they run last.
 */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../../../guest-patches/pv/xenbus.h"
#include "conn.h"
#include "cunit_run.h"
#include "ring.h"
#include "store.h"
#include "xenbus_stub.h"

#define HOME "/local/domain/1"

static struct xenstore_domain_interface intf;
static struct store *s;
static struct ring *r;
static struct conn *dom0;

static void store_runs(void)
{
	CU_ASSERT_EQUAL(ring_poll(r), 0);
}

static void kick(void *opaque)
{
	(void)opaque;
	stub_store_kick();
}

/* One request of Dom0's connection; returns the reply's type. */
static uint32_t dom0_request(uint32_t type, uint32_t txn, const char *a,
			     size_t alen)
{
	struct xsd_sockmsg hdr = { type, 7, txn, (uint32_t)alen };
	char buf[sizeof(hdr) + 256];
	const void *out;
	size_t len;
	uint32_t rtype = XS_INVALID;

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), a, alen);
	conn_feed(dom0, buf, sizeof(hdr) + alen);
	for (conn_output(dom0, &out, &len); len;
	     conn_output(dom0, &out, &len)) {
		memcpy(&hdr, out, sizeof(hdr));
		if (hdr.type != XS_WATCH_EVENT)
			rtype = hdr.type;
		conn_output_done(dom0, len);
	}
	store_runs();
	return rtype;
}

static void dom0_write(const char *path, const char *value)
{
	char buf[256];
	size_t pl = strlen(path) + 1, vl = strlen(value);

	memcpy(buf, path, pl);
	memcpy(buf + pl, value, vl);
	CU_ASSERT_EQUAL(dom0_request(XS_WRITE, 0, buf, pl + vl), XS_WRITE);
}

/* Dom0 makes HOME owned by domain 1, as the toolstack does. */
static void make_home(void)
{
	static const char home[] = HOME "\0n1";
	static const char domid[] = HOME "/domid\0n0\0r1";

	dom0_write(HOME "/domid", "1");
	CU_ASSERT_EQUAL(dom0_request(XS_SET_PERMS, 0, home, sizeof(home)),
			XS_SET_PERMS);
	CU_ASSERT_EQUAL(dom0_request(XS_SET_PERMS, 0, domid, sizeof(domid)),
			XS_SET_PERMS);
	dom0_write("/local/domain/2/secret", "x");
}

static void basic_ops(void)
{
	char buf[64];

	CU_ASSERT_EQUAL(xenbus_read(0, HOME "/domid", buf, sizeof(buf)), 1);
	CU_ASSERT_STRING_EQUAL(buf, "1");
	CU_ASSERT_EQUAL(xenbus_read(0, "domid", buf, sizeof(buf)), 1);
	CU_ASSERT_EQUAL(xenbus_write(0, HOME "/data/a", "hello"), 0);
	CU_ASSERT_EQUAL(xenbus_mkdir(0, HOME "/data/dir"), 0);
	CU_ASSERT_EQUAL(xenbus_read(0, HOME "/data/a", buf, sizeof(buf)), 5);
	CU_ASSERT_STRING_EQUAL(buf, "hello");
	CU_ASSERT_EQUAL(xenbus_directory(0, HOME "/data", buf, sizeof(buf)), 2);
	CU_ASSERT_STRING_EQUAL(buf, "a");
	CU_ASSERT_STRING_EQUAL(buf + 2, "dir");
	CU_ASSERT_EQUAL(xenbus_rm(0, HOME "/data/dir"), 0);
	CU_ASSERT_EQUAL(xenbus_read(0, HOME "/data/dir", buf, sizeof(buf)),
			-ENOENT);
	CU_ASSERT_EQUAL(xenbus_read(0, HOME "/data/a", buf, 3), -ENOBUFS);
}

static void errors_and_perms(void)
{
	static const char *const perms[] = { "n1", "r2" };
	char buf[64];

	CU_ASSERT_EQUAL(
	    xenbus_read(0, "/local/domain/2/secret", buf, sizeof(buf)),
	    -EACCES);
	CU_ASSERT_EQUAL(xenbus_write(0, "/local/domain/2/x", "y"), -EACCES);
	CU_ASSERT_EQUAL(xenbus_read(0, "bad//path", buf, sizeof(buf)), -EINVAL);
	CU_ASSERT_EQUAL(xenbus_write(0, HOME "/shared", "s"), 0);
	CU_ASSERT_EQUAL(xenbus_set_perms(0, HOME "/shared", perms, 2), 0);
	CU_ASSERT_EQUAL(xenbus_get_perms(0, HOME "/shared", buf, sizeof(buf)),
			2);
	CU_ASSERT_STRING_EQUAL(buf, "n1");
	CU_ASSERT_STRING_EQUAL(buf + 3, "r2");
	CU_ASSERT_EQUAL(xenbus_set_perms(0, HOME "/shared", perms, 0), -EINVAL);
}

static void big_values_wrap(void)
{
	/* Longer than a ring, within a DomU's quota (2048). */
	static char val[2000], buf[XENSTORE_PAYLOAD_MAX + 2];
	int i;

	memset(val, 'q', sizeof(val) - 1);
	for (i = 0; i < 8; i++) {
		val[0] = (char)('a' + i);
		CU_ASSERT_EQUAL_FATAL(xenbus_write(0, HOME "/big", val), 0);
		CU_ASSERT_EQUAL_FATAL(
		    xenbus_read(0, HOME "/big", buf, sizeof(buf)),
		    (int)sizeof(val) - 1);
		CU_ASSERT_EQUAL(memcmp(buf, val, sizeof(val)), 0);
	}
	CU_ASSERT(intf.req_prod < 0x10000); /* it wrapped at 2^32 */
	CU_ASSERT(intf.rsp_prod < 0x10000);
	memset(buf, 'x', XENSTORE_PAYLOAD_MAX + 1);
	buf[XENSTORE_PAYLOAD_MAX + 1] = '\0';
	CU_ASSERT_EQUAL(xenbus_write(0, HOME "/huge", buf), -E2BIG);
}

static char seen_path[64], seen_token[16];
static unsigned int fired;

static void on_watch(const char *path, const char *token, void *data)
{
	CU_ASSERT_PTR_EQUAL(data, &fired);
	strcpy(seen_path, path);
	strcpy(seen_token, token);
	fired++;
}

static void watches(void)
{
	fired = 0;
	CU_ASSERT_EQUAL(xenbus_watch(HOME "/w", "tok", on_watch, &fired), 0);
	CU_ASSERT_EQUAL(xenbus_watch(HOME "/v", "tok", on_watch, &fired),
			-EEXIST);
	xenbus_deliver();
	CU_ASSERT_EQUAL(fired, 1); /* the store fires a new watch once */
	dom0_write(HOME "/w/k", "1");
	xenbus_deliver();
	CU_ASSERT_EQUAL(fired, 2);
	CU_ASSERT_STRING_EQUAL(seen_path, HOME "/w/k");
	CU_ASSERT_STRING_EQUAL(seen_token, "tok");
	/* An event interleaved with our own write's reply. */
	CU_ASSERT_EQUAL(xenbus_write(0, HOME "/w", "2"), 0);
	CU_ASSERT_EQUAL(fired, 2);
	xenbus_deliver();
	CU_ASSERT_EQUAL(fired, 3);
	CU_ASSERT_EQUAL(xenbus_unwatch(HOME "/w", "tok"), 0);
	CU_ASSERT_EQUAL(xenbus_unwatch(HOME "/w", "tok"), -ENOENT);
	dom0_write(HOME "/w/k", "3");
	xenbus_deliver();
	CU_ASSERT_EQUAL(fired, 3);
}

static unsigned int tries;

/* Reads a key, and on the first try Dom0 changes it under the transaction. */
static int bump(uint32_t txn, void *arg)
{
	char buf[16];
	int rc;

	(void)arg;
	rc = xenbus_read(txn, HOME "/counter", buf, sizeof(buf));
	if (rc < 0)
		return rc;
	if (!tries++)
		dom0_write(HOME "/counter", "5");
	return xenbus_write(txn, HOME "/counter", buf[0] == '5' ? "6" : "1");
}

static int fail_inside(uint32_t txn, void *arg)
{
	(void)arg;
	return xenbus_write(txn, "/local/domain/2/no", "x");
}

static void transactions(void)
{
	char buf[16];

	tries = 0;
	CU_ASSERT_EQUAL(xenbus_write(0, HOME "/counter", "0"), 0);
	CU_ASSERT_EQUAL(xenbus_transaction(bump, NULL), 0);
	CU_ASSERT_EQUAL(tries, 2); /* the first commit gave EAGAIN */
	CU_ASSERT_EQUAL(xenbus_read(0, HOME "/counter", buf, sizeof(buf)), 1);
	CU_ASSERT_STRING_EQUAL(buf, "6");
	CU_ASSERT_EQUAL(xenbus_transaction(fail_inside, NULL), -EACCES);
}

/* The hostile store: replies put in rsp[] by hand, piece by piece. */
static const char *script[8];
static size_t script_len[8];
static unsigned int script_next, script_count;

static void rsp_put(const void *p, size_t len)
{
	const char *c = p;
	size_t i;

	for (i = 0; i < len; i++)
		intf.rsp[MASK_XENSTORE_IDX(intf.rsp_prod + i)] = c[i];
	intf.rsp_prod += (uint32_t)len;
}

static bool play_script(void)
{
	if (script_next == script_count)
		return false;
	rsp_put(script[script_next], script_len[script_next]);
	script_next++;
	stub_store_kick();
	return true;
}

/* The client's request in req[]: taken off the ring, its id returned. */
static uint32_t take_request(void)
{
	struct xsd_sockmsg hdr;
	size_t i;

	for (i = 0; i < sizeof(hdr); i++)
		((char *)&hdr)[i] =
		    intf.req[MASK_XENSTORE_IDX(intf.req_cons + i)];
	intf.req_cons = intf.req_prod;
	return hdr.req_id;
}

static void hostile_setup(void)
{
	stub_on_send = NULL;
	stub_on_wait = play_script;
	script_next = script_count = 0;
}

static void add_piece(const void *p, size_t len)
{
	script[script_count] = p;
	script_len[script_count++] = len;
}

/* A request's id is only known once it is sent: the first wait patches it. */
static struct xsd_sockmsg fake_hdr;

static bool play_with_id(void)
{
	if (!script_next)
		fake_hdr.req_id = take_request();
	return play_script();
}

static void partial_and_stray_replies(void)
{
	static const struct xsd_sockmsg stray = { XS_READ, 999, 0, 2 };
	char buf[16];

	hostile_setup();
	stub_on_wait = play_with_id;
	fake_hdr = (struct xsd_sockmsg){ XS_READ, 0, 0, 3 };
	add_piece(&stray, sizeof(stray)); /* a reply nobody asked for */
	add_piece("no", 2);
	add_piece(&fake_hdr, 5); /* then ours, in pieces */
	add_piece((char *)&fake_hdr + 5, sizeof(fake_hdr) - 5);
	add_piece("abc", 3);
	CU_ASSERT_EQUAL(xenbus_read(0, "x", buf, sizeof(buf)), 3);
	CU_ASSERT_STRING_EQUAL(buf, "abc");
	CU_ASSERT_EQUAL(script_next, script_count);
}

static void unknown_error_string(void)
{
	char buf[16];

	hostile_setup();
	stub_on_wait = play_with_id;
	fake_hdr = (struct xsd_sockmsg){ XS_ERROR, 0, 0, 6 };
	add_piece(&fake_hdr, sizeof(fake_hdr));
	add_piece("EWHAT", 6);
	CU_ASSERT_EQUAL(xenbus_read(0, "x", buf, sizeof(buf)), -EIO);
	fake_hdr = (struct xsd_sockmsg){ XS_WRITE, 0, 0, 3 };
	script_next = script_count = 0;
	add_piece(&fake_hdr, sizeof(fake_hdr)); /* the wrong type */
	add_piece("OK", 3);
	CU_ASSERT_EQUAL(xenbus_read(0, "x", buf, sizeof(buf)), -EIO);
}

/* A payload longer than Xen allows breaks the connection for good. */
static void oversized_payload_breaks(void)
{
	char buf[16];

	hostile_setup();
	stub_on_wait = play_with_id;
	fake_hdr =
	    (struct xsd_sockmsg){ XS_READ, 0, 0, XENSTORE_PAYLOAD_MAX + 1 };
	add_piece(&fake_hdr, sizeof(fake_hdr));
	CU_ASSERT_EQUAL(xenbus_read(0, "x", buf, sizeof(buf)), -EIO);
	CU_ASSERT_EQUAL(xenbus_write(0, "x", "y"), -EIO);
}

static void setup_client(void)
{
	static struct xenstore_domain_interface bad;

	stub_reset();
	memset(&intf, 0, sizeof(intf));
	/* Near the 2^32 wrap and the end of the rings. */
	intf.req_cons = intf.req_prod = 0xfffffc10u;
	intf.rsp_cons = intf.rsp_prod = 0xfffffc10u;
	s = store_create(NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	r = ring_attach(s, 1, &intf, kick, NULL);
	dom0 = conn_create(s, 0, NULL, NULL);
	CU_ASSERT_FATAL(r && dom0);
	stub_on_send = store_runs;
	make_home();
	CU_ASSERT_EQUAL(xenbus_read(0, "x", NULL, 0), -ENODEV);
	bad.rsp_prod = XENSTORE_RING_SIZE + 1; /* more than a ring ahead */
	CU_ASSERT_EQUAL(xenbus_init(&bad, 5), -EIO);
	CU_ASSERT(!xenbus_ready());
	CU_ASSERT_EQUAL_FATAL(xenbus_init(&intf, 5), 0);
	CU_ASSERT(xenbus_ready());
}

int main(void)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} tests[] = {
		{ "init", setup_client },
		{ "basic_ops", basic_ops },
		{ "errors_and_perms", errors_and_perms },
		{ "big_values_wrap", big_values_wrap },
		{ "watches", watches },
		{ "transactions", transactions },
		{ "partial_and_stray_replies", partial_and_stray_replies },
		{ "unknown_error_string", unknown_error_string },
		{ "oversized_payload_breaks", oversized_payload_breaks },
	};
	CU_pSuite suite;
	size_t i;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	suite = CU_add_suite("guest/xenbus", NULL, NULL);
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		CU_add_test(suite, tests[i].name, tests[i].fn);
	return cunit_run();
}
