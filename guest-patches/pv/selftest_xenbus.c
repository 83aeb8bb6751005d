/* SPDX-License-Identifier: MIT */
/*
 * Selftests of the xenbus client, in a DomU whose store Dom0's xenstored
 * serves: its own entries, a write read back under its home, refusal in
 * another domain's home, a directory, a transaction and a watch firing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xen/event_channel.h>
#include "../kernel/clock.h"
#include "../kernel/print.h"
#include "../kernel/selftest.h"
#include "../kernel/thread.h"
#include "hypercall.h"
#include "selftest.h"
#include "xen.h"
#include "xenbus.h"

#define MS	      1000000ull
#define SERVE_WAIT_NS (10000 * MS) /* for Dom0 to bind our store port */

static char buf[256];
static unsigned int fired;

/* True once Dom0's xenstored bound our store port (it introduced us). */
static bool store_served(void)
{
	struct evtchn_status st = { .dom = DOMID_SELF,
				    .port = xen.store_evtchn };
	uint64_t end = clock_ns() + SERVE_WAIT_NS;

	while (clock_ns() < end) {
		if (!hypercall_event_channel_op(EVTCHNOP_status, &st) &&
		    st.status == EVTCHNSTAT_interdomain)
			return true;
		thread_sleep(100 * MS);
	}
	return false;
}

static void test_read_write(void)
{
	int rc = xenbus_read(XENBUS_NO_TXN, "domid", buf, sizeof(buf));
	unsigned int id = rc > 0 ? (unsigned int)strtoul(buf, NULL, 10) : ~0u;
	int w;

	selftest_check("pv/xenbus-own-domid", rc > 0 && id == xen.domid,
		       "read domid: %d, '%s', we are %u", rc, rc > 0 ? buf : "",
		       xen.domid);
	w = xenbus_write(XENBUS_NO_TXN, "data/selftest", "written");
	rc = xenbus_read(XENBUS_NO_TXN, "data/selftest", buf, sizeof(buf));
	selftest_check("pv/xenbus-write-read",
		       !w && rc == 7 && !strcmp(buf, "written"),
		       "write %d, read %d", w, rc);
	rc = xenbus_directory(XENBUS_NO_TXN, "data", buf, sizeof(buf));
	selftest_check("pv/xenbus-directory",
		       rc == 1 && !strcmp(buf, "selftest"),
		       "data/ lists %d entries", rc);
}

static void test_refusal(void)
{
	int w =
	    xenbus_write(XENBUS_NO_TXN, "/local/domain/0/data/intruder", "x");
	int r = xenbus_read(XENBUS_NO_TXN, "/local/domain/0/name", buf,
			    sizeof(buf));

	selftest_check("pv/xenbus-refused", w == -EACCES && r == -EACCES,
		       "writing Dom0's home gave %d, reading it %d", w, r);
}

static int txn_body(uint32_t txn, void *arg)
{
	(void)arg;
	return xenbus_write(txn, "data/txn", "committed");
}

static void test_transaction(void)
{
	int rc = xenbus_transaction(txn_body, NULL);
	int r = xenbus_read(XENBUS_NO_TXN, "data/txn", buf, sizeof(buf));

	selftest_check("pv/xenbus-transaction",
		       !rc && r > 0 && !strcmp(buf, "committed"),
		       "transaction %d, read %d", rc, r);
}

static void on_watch(const char *path, const char *token, void *data)
{
	(void)path;
	(void)token;
	(void)data;
	fired++;
}

/* The store fires a new watch once, then again for our write. */
static void test_watch(void)
{
	int rc = xenbus_watch("data/watched", "selftest", on_watch, NULL);
	uint64_t end = clock_ns() + 2000 * MS;
	int w = xenbus_write(XENBUS_NO_TXN, "data/watched", "1");

	while (fired < 2 && clock_ns() < end)
		thread_sleep(10 * MS);
	selftest_check("pv/xenbus-watch", !rc && !w && fired >= 2,
		       "watch %d, write %d, fired %u times", rc, w, fired);
	xenbus_unwatch("data/watched", "selftest");
}

void selftest_xenbus(void)
{
	if (!store_served()) {
		kprintf("xenbus: Dom0 serves no store here: tests not run\n");
		return;
	}
	test_read_write();
	test_refusal();
	test_transaction();
	test_watch();
}
