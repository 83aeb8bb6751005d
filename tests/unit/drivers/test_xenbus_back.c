/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the backend half of the xenbus device model
 * (drivers/backend/xenbus_back.c) against a stand-in store (a list of
 * paths and values): more devices than the table's first size, each
 * taken through the handshake to Connected by its frontend's state, and
 * removed with its directories.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include <CUnit/CUnit.h>
#include "cunit_run.h"
#include "dom0/xenstored.h"
#include "drivers/backend/xenbus_back.h"
#include "guest-patches/kernel/clock.h"
#include "guest-patches/kernel/print.h"

#define MAX_NODES	4096

static struct node {
	char path[XENSTORE_ABS_PATH_MAX];
	char value[64];
} nodes[MAX_NODES];
static unsigned int nr_nodes, connects, disconnects, releases;

uint64_t clock_ns(void)
{
	return 0;
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static struct node *lookup(const char *path)
{
	unsigned int i;

	for (i = 0; i < nr_nodes; i++)
		if (!strcmp(nodes[i].path, path))
			return &nodes[i];
	return NULL;
}

int xenstored_write(const char *path, const char *value)
{
	struct node *n = lookup(path);

	if (!n) {
		CU_ASSERT_FATAL(nr_nodes < MAX_NODES);
		n = &nodes[nr_nodes++];
		snprintf(n->path, sizeof(n->path), "%s", path);
	}
	snprintf(n->value, sizeof(n->value), "%s", value);
	return 0;
}

int xenstored_set_perms(const char *path, const char *const *perms, unsigned int n)
{
	(void)path, (void)perms, (void)n;
	return 0;
}

/* XS_READ of a node, XS_RM of a node and everything below it. */
int xenstored_request(uint32_t type, const void *payload, size_t len,
		      char *reply, size_t size, size_t *reply_len)
{
	const char *path = payload;
	size_t plen = strlen(path);
	struct node *n;
	unsigned int i;

	(void)len;
	if (type == XS_READ) {
		n = lookup(path);
		if (!n)
			return -ENOENT;
		*reply_len = strlen(n->value);
		snprintf(reply, size, "%s", n->value);
		return 0;
	}
	CU_ASSERT_EQUAL_FATAL(type, XS_RM);
	for (i = 0; i < nr_nodes;)
		if (!strncmp(nodes[i].path, path, plen) &&
		    (!nodes[i].path[plen] || nodes[i].path[plen] == '/'))
			nodes[i] = nodes[--nr_nodes];
		else
			i++;
	*reply_len = 0;
	return 0;
}

static int dev_connect(struct xenbus_back_dev *dev)
{
	(void)dev;
	connects++;
	return 0;
}

static void dev_disconnect(struct xenbus_back_dev *dev)
{
	(void)dev;
	disconnects++;
}

static void dev_release(struct xenbus_back_dev *dev)
{
	(void)dev;
	releases++;
}

static const struct xenbus_back_ops ops = {
	.type = "vif", .connect = dev_connect, .disconnect = dev_disconnect,
	.release = dev_release,
};

static const char *value_of(const char *dir, const char *key)
{
	char path[XENSTORE_ABS_PATH_MAX];
	struct node *n;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	n = lookup(path);
	return n ? n->value : "";
}

/* More devices than the 32 the table once held: all served, all removed. */
#define MANY	100
static void test_many_devices(void)
{
	static struct xenbus_back_dev *dev[MANY];
	const struct xenbus_back_key none[] = { { NULL, NULL } };
	char path[XENSTORE_ABS_PATH_MAX];
	unsigned int i;
	int err = 0;

	for (i = 0; i < MANY; i++) {
		dev[i] = xenbus_back_add(&ops, (domid_t)(1 + i / 4), i % 4, none,
					 none, NULL, &err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(dev[i]);
		CU_ASSERT_STRING_EQUAL(value_of(dev[i]->be_path, "state"), "2");
	}
	CU_ASSERT_PTR_NULL(xenbus_back_add(&ops, 1, 0, none, none, NULL, &err));
	CU_ASSERT_EQUAL(err, -EEXIST);
	CU_ASSERT_PTR_EQUAL(xenbus_back_find("vif", 25, 3), dev[MANY - 1]);
	CU_ASSERT_PTR_EQUAL(xenbus_back_at(MANY - 1), dev[MANY - 1]);
	CU_ASSERT_PTR_NULL(xenbus_back_at(MANY));
	/* Every frontend says Connected: every backend follows. */
	for (i = 0; i < MANY; i++) {
		snprintf(path, sizeof(path), "%s/state", dev[i]->fe_path);
		xenstored_write(path, "4");
	}
	xenbus_back_poll();
	CU_ASSERT_EQUAL(connects, MANY);
	for (i = 0; i < MANY; i++)
		CU_ASSERT_STRING_EQUAL(value_of(dev[i]->be_path, "state"), "4");
	/* Domains go; their devices and backend directories with them. */
	for (i = 1; i <= MANY / 4; i++)
		xenbus_back_domain_gone((domid_t)i);
	CU_ASSERT_EQUAL(disconnects, MANY);
	CU_ASSERT_EQUAL(releases, MANY);
	CU_ASSERT_PTR_NULL(xenbus_back_at(0));
	for (i = 0; i < nr_nodes; i++)
		CU_ASSERT_PTR_NULL(strstr(nodes[i].path, "backend/"));
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("drivers/xenbus_back", NULL, NULL);
	CU_add_test(s, "many_devices", test_many_devices);
	return cunit_run();
}
