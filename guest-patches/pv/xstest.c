/* SPDX-License-Identifier: MIT */
/* The two-DomU xenstore scenario of tests/system/xenbus.sh (see xstest.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../kernel/args.h"
#include "../kernel/clock.h"
#include "../kernel/power.h"
#include "../kernel/print.h"
#include "../kernel/selftest.h"
#include "../kernel/thread.h"
#include "xen.h"
#include "xenbus.h"
#include "xstest.h"

#define POLL_NS (100 * 1000000ull)

static char buf[512];
static unsigned int peer;
static volatile bool changed;

static void peer_path(char *path, size_t size, const char *key)
{
	snprintf(path, size, "/local/domain/%u/data/xstest/%s", peer, key);
}

/* The other DomU in /local/domain: -ESRCH when none showed up in time. */
static int find_peer(void)
{
	uint64_t end = clock_ns() + XSTEST_WAIT_NS;
	const char *p;
	unsigned long id;
	int n;

	while (clock_ns() < end) {
		n = xenbus_directory(XENBUS_NO_TXN, "/local/domain", buf,
				     sizeof(buf));
		for (p = buf; n > 0; n--, p += strlen(p) + 1) {
			id = strtoul(p, NULL, 10);
			if (id && id != xen.domid) {
				peer = (unsigned int)id;
				return 0;
			}
		}
		thread_sleep(POLL_NS);
	}
	return -ESRCH;
}

/* True while the peer is listed in /local/domain. */
static bool peer_listed(void)
{
	int n =
	    xenbus_directory(XENBUS_NO_TXN, "/local/domain", buf, sizeof(buf));
	const char *p;

	for (p = buf; n > 0; n--, p += strlen(p) + 1)
		if (strtoul(p, NULL, 10) == peer)
			return true;
	return false;
}

/*
 * The reader stays until the writer is gone: the writer's last step reads
 * the reader's key, which Dom0 removes as soon as the reader powers off.
 */
static bool wait_peer_gone(void)
{
	uint64_t end = clock_ns() + XSTEST_WAIT_NS;

	while (peer_listed() && clock_ns() < end)
		thread_sleep(POLL_NS);
	return !peer_listed();
}

/* Reads the peer's key until it is readable: its value's length or -errno. */
static int wait_peer_key(const char *key)
{
	uint64_t end = clock_ns() + XSTEST_WAIT_NS;
	char path[96];
	int rc;

	peer_path(path, sizeof(path), key);
	do {
		rc = xenbus_read(XENBUS_NO_TXN, path, buf, sizeof(buf));
		if (rc >= 0)
			return rc;
		thread_sleep(POLL_NS);
	} while (clock_ns() < end);
	return rc;
}

/* Writes our data/xstest/key, owned by us, readable by the peer when asked. */
static int put(const char *key, const char *value, bool peer_reads)
{
	char path[64], owner[8], reader[8];
	const char *perms[2] = { owner, reader };
	int rc;

	snprintf(path, sizeof(path), "data/xstest/%s", key);
	snprintf(owner, sizeof(owner), "n%u", xen.domid);
	snprintf(reader, sizeof(reader), "r%u", peer);
	rc = xenbus_write(XENBUS_NO_TXN, path, value);
	if (!rc && peer_reads)
		rc = xenbus_set_perms(XENBUS_NO_TXN, path, perms, 2);
	return rc;
}

static void writer(void)
{
	int rc = put("private", "secret", false);

	if (!rc)
		rc = put("shared", "hello", true);
	if (!rc)
		rc = put("ready", "1", true);
	selftest_check("xstest/writer-setup", !rc, "error %d", rc);
	rc = wait_peer_key("watching");
	selftest_check("xstest/writer-sees-watching", rc >= 0, "error %d", rc);
	rc = put("shared", "changed", true);
	selftest_check("xstest/writer-changes", !rc, "error %d", rc);
	rc = wait_peer_key("done");
	selftest_check("xstest/writer-sees-done", rc >= 0, "error %d", rc);
}

/* Lists /local/domain and finds Dom0, the peer and ourselves in it. */
static void check_listing(void)
{
	int n =
	    xenbus_directory(XENBUS_NO_TXN, "/local/domain", buf, sizeof(buf));
	unsigned int seen = 0;
	const char *p;
	unsigned long id;

	for (p = buf; n > 0; n--, p += strlen(p) + 1) {
		kprintf("xs ls /local/domain: %s\n", p);
		id = strtoul(p, NULL, 10);
		seen |= (id == 0) | (id == peer) << 1 | (id == xen.domid) << 2;
	}
	selftest_check("xstest/ls-domains", seen == 7,
		       "found %#x of Dom0, d%u, d%u", seen, peer, xen.domid);
}

static void on_shared(const char *path, const char *token, void *data)
{
	char value[16];

	(void)token;
	(void)data;
	if (xenbus_read(XENBUS_NO_TXN, path, value, sizeof(value)) >= 0 &&
	    !strcmp(value, "changed"))
		changed = true;
}

static void reader(void)
{
	uint64_t end;
	char path[96];
	int rc;

	check_listing();
	rc = wait_peer_key("ready");
	selftest_check("xstest/reader-sees-ready", rc >= 0, "error %d", rc);
	rc = wait_peer_key("shared");
	selftest_check("xstest/read-granted", rc >= 0 && !strcmp(buf, "hello"),
		       "read %d '%s'", rc, rc >= 0 ? buf : "");
	peer_path(path, sizeof(path), "private");
	rc = xenbus_read(XENBUS_NO_TXN, path, buf, sizeof(buf));
	selftest_check("xstest/read-refused", rc == -EACCES, "read gave %d",
		       rc);
	peer_path(path, sizeof(path), "shared");
	rc = xenbus_watch(path, "xstest", on_shared, NULL);
	if (!rc)
		rc = put("watching", "1", true);
	end = clock_ns() + XSTEST_WAIT_NS;
	while (!rc && !changed && clock_ns() < end)
		thread_sleep(POLL_NS / 10);
	selftest_check("xstest/watch-fires", !rc && changed, "error %d, %s", rc,
		       changed ? "fired" : "no event with the new value");
	rc = put("done", "1", true);
	selftest_check("xstest/reader-done", !rc, "error %d", rc);
	selftest_check("xstest/reader-outlives-writer", wait_peer_gone(),
		       "d%u still listed", peer);
}

static void xstest_thread(void *role)
{
	int rc = find_peer();

	selftest_check("xstest/peer", !rc, "no other DomU in /local/domain");
	if (!rc && !strcmp(role, "writer"))
		writer();
	else if (!rc)
		reader();
	kprintf("XSTEST %s done\n", (const char *)role);
	power_off();
}

int xstest_start(const char *cmdline)
{
	const char *role = args_has(cmdline, "xstest=writer")	? "writer"
			   : args_has(cmdline, "xstest=reader") ? "reader"
								: NULL;
	int rc;

	if (!role)
		return 0;
	rc = thread_create("xstest", xstest_thread, (void *)role);
	return rc < 0 ? rc : 0;
}
