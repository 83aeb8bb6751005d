/* SPDX-License-Identifier: MIT */
/* Unit tests of domain introduction and release. */
#include <errno.h>
#include <string.h>

#include "domain.h"
#include "harness.h"
#include "ring.h"

static struct store *s;
static struct hc *d0;

static void setup(void)
{
	s = hs_new();
	d0 = hc_new(s, 0);
}

static void teardown(void)
{
	hc_free(d0, 0);
	store_destroy(s);
}

static void introduce_and_query(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_do(d0, XS_IS_DOMAIN_INTRODUCED, 0, "3", NULL, NULL),
			0);
	CU_ASSERT_STRING_EQUAL(d0->reply, "F");
	CU_ASSERT_EQUAL(hc_do(d0, XS_INTRODUCE, 0, "3", "4096", "12"), 0);
	CU_ASSERT_EQUAL(hc_do(d0, XS_IS_DOMAIN_INTRODUCED, 0, "3", NULL, NULL),
			0);
	CU_ASSERT_STRING_EQUAL(d0->reply, "T");
	CU_ASSERT_EQUAL(hc_do(d0, XS_IS_DOMAIN_INTRODUCED, 0, "0", NULL, NULL),
			0);
	CU_ASSERT_STRING_EQUAL(d0->reply, "T");
	/* Again with the same page: fine; with another: EEXIST. */
	CU_ASSERT_EQUAL(hc_do(d0, XS_INTRODUCE, 0, "3", "4096", "12"), 0);
	CU_ASSERT_EQUAL(hc_do(d0, XS_INTRODUCE, 0, "3", "8192", "12"), -EEXIST);
	CU_ASSERT_EQUAL(hc_do(d0, XS_INTRODUCE, 0, "0", "1", "1"), -EINVAL);
	CU_ASSERT_EQUAL(hc_do(d0, XS_RESUME, 0, "3", NULL, NULL), 0);
	CU_ASSERT_EQUAL(hc_do(d0, XS_RESUME, 0, "4", NULL, NULL), -ENOENT);
	teardown();
}

static void release_unknown_and_self(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_do(d0, XS_RELEASE, 0, "3", NULL, NULL), -ENOENT);
	CU_ASSERT_EQUAL(hc_do(d0, XS_RELEASE, 0, "0", NULL, NULL), -EINVAL);
	teardown();
}

static struct xenstore_domain_interface intf;
static unsigned int released, notified;

static void on_notify(void *opaque)
{
	(void)opaque;
	notified++;
}

static int on_introduce(struct store *st, unsigned int domid, uint64_t mfn,
			unsigned int port, void *opaque)
{
	(void)opaque;
	(void)port;
	if (mfn == 666)
		return -ENOMEM;
	memset(&intf, 0, sizeof(intf));
	return ring_attach(st, domid, &intf, on_notify, NULL) ? 0 : -ENOMEM;
}

static void on_release(struct store *st, unsigned int domid, void *opaque)
{
	(void)st;
	(void)domid;
	(void)opaque;
	released++;
}

static void release_destroys_connections(void)
{
	struct store_hooks hooks = {on_introduce, on_release, NULL, NULL};
	struct domain *d;
	uint32_t tx;
	struct hc *g;

	s = store_create(&hooks);
	d0 = hc_new(s, 0);
	released = 0;
	CU_ASSERT_EQUAL(hc_do(d0, XS_INTRODUCE, 0, "5", "666", "1"), -ENOMEM);
	CU_ASSERT_EQUAL(hc_do(d0, XS_INTRODUCE, 0, "5", "100", "1"), 0);
	/* A second, transport-less connection of domain 5 with state. */
	g = hc_new(s, 5);
	hc_write(d0, 0, "/local/domain/5", "");
	hc_raw(d0, XS_SET_PERMS, 0, "/local/domain/5\0n5", 19);
	hc_do(g, XS_WATCH, 0, "x", "t", NULL);
	tx = hc_start(g);
	CU_ASSERT_NOT_EQUAL(tx, 0);
	d = domain_find(s, 5);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->conns, 2);
	CU_ASSERT_EQUAL(d->watches, 1);
	CU_ASSERT_EQUAL(hc_do(d0, XS_RELEASE, 0, "5", NULL, NULL), 0);
	CU_ASSERT_EQUAL(released, 1);
	d = domain_find(s, 5);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d); /* still owns its home */
	CU_ASSERT_EQUAL(d->conns, 0);
	CU_ASSERT_EQUAL(d->watches, 0);
	CU_ASSERT(!d->introduced);
	hc_free(g, 1);
	/* The toolstack removes the home: the record goes. */
	CU_ASSERT_EQUAL(hc_do(d0, XS_RM, 0, "/local/domain/5", NULL, NULL), 0);
	CU_ASSERT_PTR_NULL(domain_find(s, 5));
	teardown();
}

static void direct_release_api(void)
{
	setup();
	CU_ASSERT_EQUAL(domain_introduce(s, 4, 1, 1), 0);
	CU_ASSERT(domain_is_introduced(s, 4));
	CU_ASSERT_EQUAL(domain_release(s, 4), 0);
	CU_ASSERT(!domain_is_introduced(s, 4));
	CU_ASSERT_EQUAL(domain_release(s, 4), -ENOENT);
	teardown();
}

/* clang-format off */
static const struct test_def tests[] = {
	T(introduce_and_query),
	T(release_unknown_and_self),
	T(release_destroys_connections),
	T(direct_release_api),
};
/* clang-format on */

void suite_domain(void)
{
	ADD_SUITE("domain", tests);
}
