/* SPDX-License-Identifier: MIT */
/* Unit tests of watches: initial event, subtree, relative, special. */
#include <errno.h>
#include <string.h>

#include "harness.h"

static struct store *s;
static struct hc *a, *b;

static void setup(void)
{
	s = hs_new();
	a = hc_new(s, 0);
	b = hc_new(s, 0);
}

static void teardown(void)
{
	hc_free(a, 0);
	hc_free(b, 0);
	store_destroy(s);
}

static void initial_event_after_reply(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_do(a, XS_WATCH, 0, "/w", "tok", NULL), 0);
	CU_ASSERT_STRING_EQUAL(a->reply, "OK");
	CU_ASSERT(hc_event(a, "/w", "tok"));
	CU_ASSERT_EQUAL(a->nev, 0);
	teardown();
}

static void fires_for_node_and_subtree_only(void)
{
	setup();
	hc_do(a, XS_WATCH, 0, "/w", "t", NULL);
	hc_clear(a);
	hc_write(b, 0, "/w/x/y", "1");
	hc_write(b, 0, "/wx", "1"); /* not below /w */
	hc_write(b, 0, "/w", "2");
	hc_drain(a);
	CU_ASSERT(hc_event(a, "/w/x/y", "t"));
	CU_ASSERT(hc_event(a, "/w", "t"));
	CU_ASSERT_EQUAL(a->nev, 0);
	teardown();
}

static void own_changes_fire_too(void)
{
	setup();
	hc_do(a, XS_WATCH, 0, "/w", "t", NULL);
	hc_clear(a);
	hc_write(a, 0, "/w", "1");
	CU_ASSERT(hc_event(a, "/w", "t"));
	teardown();
}

static void rm_fires_parent_and_watches_below(void)
{
	setup();
	hc_write(b, 0, "/r/a/b", "1");
	hc_do(a, XS_WATCH, 0, "/r", "up", NULL);
	hc_do(a, XS_WATCH, 0, "/r/a/b", "down", NULL);
	hc_do(a, XS_WATCH, 0, "/r/a/none", "missing", NULL);
	hc_clear(a);
	hc_do(b, XS_RM, 0, "/r/a", NULL, NULL);
	hc_drain(a);
	/* Deepest first; a watch on a node that never existed stays quiet. */
	CU_ASSERT(hc_event(a, "/r/a/b", "down"));
	CU_ASSERT(hc_event(a, "/r/a", "up"));
	CU_ASSERT_EQUAL(a->nev, 0);
	teardown();
}

static void relative_watch_reports_relative(void)
{
	struct hc *g;

	setup();
	hc_do(a, XS_MKDIR, 0, "/local/domain/3", NULL, NULL);
	hc_raw(a, XS_SET_PERMS, 0, "/local/domain/3\0n3", 19);
	g = hc_new(s, 3);
	CU_ASSERT_EQUAL(hc_do(g, XS_WATCH, 0, "device", "rel", NULL), 0);
	CU_ASSERT(hc_event(g, "device", "rel"));
	hc_write(a, 0, "/local/domain/3/device/vif/0", "x");
	hc_drain(g);
	CU_ASSERT(hc_event(g, "device/vif/0", "rel"));
	CU_ASSERT_EQUAL(hc_do(g, XS_UNWATCH, 0, "device", "rel", NULL), 0);
	hc_free(g, 0);
	teardown();
}

static void same_path_two_tokens(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_do(a, XS_WATCH, 0, "/t", "1", NULL), 0);
	CU_ASSERT_EQUAL(hc_do(a, XS_WATCH, 0, "/t", "2", NULL), 0);
	CU_ASSERT_EQUAL(hc_do(a, XS_WATCH, 0, "/t", "1", NULL), -EEXIST);
	hc_clear(a);
	hc_write(b, 0, "/t", "");
	hc_drain(a);
	CU_ASSERT_EQUAL(a->nev, 2);
	teardown();
}

static void unwatch_stops_events(void)
{
	setup();
	hc_do(a, XS_WATCH, 0, "/u", "t", NULL);
	CU_ASSERT_EQUAL(hc_do(a, XS_UNWATCH, 0, "/u", "t", NULL), 0);
	CU_ASSERT_EQUAL(hc_do(a, XS_UNWATCH, 0, "/u", "t", NULL), -ENOENT);
	hc_clear(a);
	hc_write(b, 0, "/u", "");
	hc_drain(a);
	CU_ASSERT_EQUAL(a->nev, 0);
	teardown();
}

static void events_respect_read_permission(void)
{
	struct hc *g;

	setup();
	g = hc_new(s, 5);
	hc_write(a, 0, "/sec/x", ""); /* n0 inherited from / */
	CU_ASSERT_EQUAL(hc_do(g, XS_WATCH, 0, "/sec", "t", NULL), 0);
	hc_clear(g);
	hc_write(a, 0, "/sec/x", "1"); /* neither node nor parent readable */
	hc_drain(g);
	CU_ASSERT_EQUAL(g->nev, 0);
	hc_raw(a, XS_SET_PERMS, 0, "/sec/x\0n0\0r5", 13);
	hc_drain(g);
	CU_ASSERT(hc_event(g, "/sec/x", "t")); /* readable now */
	hc_raw(a, XS_SET_PERMS, 0, "/sec/x\0n0", 10);
	hc_drain(g);
	CU_ASSERT(hc_event(g, "/sec/x", "t")); /* was readable before */
	hc_write(a, 0, "/sec/x", "2");
	hc_drain(g);
	CU_ASSERT_EQUAL(g->nev, 0);
	/* A readable parent is enough, as in Xen. */
	hc_raw(a, XS_SET_PERMS, 0, "/sec\0n0\0r5", 11);
	hc_write(a, 0, "/sec/x", "3");
	hc_drain(g);
	CU_ASSERT(hc_event(g, "/sec", "t"));
	CU_ASSERT(hc_event(g, "/sec/x", "t"));
	CU_ASSERT_EQUAL(g->nev, 0);
	hc_free(g, 0);
	teardown();
}

static void special_watches(void)
{
	struct hc *g;

	setup();
	g = hc_new(s, 6);
	CU_ASSERT_EQUAL(hc_do(a, XS_WATCH, 0, "@introduceDomain", "i", NULL),
			0);
	CU_ASSERT_EQUAL(hc_do(a, XS_WATCH, 0, "@releaseDomain", "r", NULL), 0);
	CU_ASSERT_EQUAL(hc_do(g, XS_WATCH, 0, "@releaseDomain", "r", NULL), 0);
	hc_clear(a);
	hc_clear(g);
	CU_ASSERT_EQUAL(hc_do(b, XS_INTRODUCE, 0, "9", "1234", "3"), 0);
	hc_drain(a);
	CU_ASSERT(hc_event(a, "@introduceDomain", "i"));
	CU_ASSERT_EQUAL(hc_do(b, XS_RELEASE, 0, "9", NULL, NULL), 0);
	hc_drain(a);
	CU_ASSERT(hc_event(a, "@releaseDomain", "r"));
	hc_drain(g);
	CU_ASSERT_EQUAL(g->nev, 0); /* special events: privileged only */
	hc_write(b, 0, "/anything", "");
	hc_drain(a);
	CU_ASSERT_EQUAL(a->nev, 0);
	hc_free(g, 0);
	teardown();
}

static void special_watch_permissions(void)
{
	struct hc *g;

	setup();
	g = hc_new(s, 6);
	CU_ASSERT_EQUAL(hc_do(a, XS_GET_PERMS, 0, "@releaseDomain", NULL, NULL),
			0);
	CU_ASSERT_STRING_EQUAL(a->reply, "n0");
	CU_ASSERT_EQUAL(hc_do(a, XS_GET_PERMS, 0, "@bogus", NULL, NULL),
			-ENOENT);
	CU_ASSERT_EQUAL(hc_do(g, XS_GET_PERMS, 0, "@releaseDomain", NULL, NULL),
			-EACCES);
	CU_ASSERT_EQUAL(hc_raw(g, XS_SET_PERMS, 0, "@releaseDomain\0b6", 18),
			-EACCES);
	hc_do(g, XS_WATCH, 0, "@releaseDomain", "r", NULL);
	hc_clear(g);
	/* The toolstack lets domain 6 (say, a driver domain) see releases. */
	CU_ASSERT_EQUAL(
	    hc_raw(a, XS_SET_PERMS, 0, "@releaseDomain\0n0\0r6", 21), 0);
	hc_drain(g);
	CU_ASSERT(hc_event(g, "@releaseDomain", "r"));
	CU_ASSERT_EQUAL(hc_do(g, XS_GET_PERMS, 0, "@releaseDomain", NULL, NULL),
			0);
	hc_do(b, XS_INTRODUCE, 0, "9", "1", "1");
	hc_do(b, XS_RELEASE, 0, "9", NULL, NULL);
	hc_drain(g);
	CU_ASSERT(hc_event(g, "@releaseDomain", "r"));
	CU_ASSERT_EQUAL(g->nev, 0);
	hc_free(g, 0);
	teardown();
}

static void reset_watches_drops_all(void)
{
	uint32_t tx;

	setup();
	hc_do(a, XS_WATCH, 0, "/x", "1", NULL);
	hc_do(a, XS_WATCH, 0, "/y", "2", NULL);
	tx = hc_start(a);
	CU_ASSERT_EQUAL(hc_do(a, XS_RESET_WATCHES, 0, NULL, NULL, NULL), 0);
	hc_clear(a);
	hc_write(b, 0, "/x", "");
	hc_write(b, 0, "/y", "");
	hc_drain(a);
	CU_ASSERT_EQUAL(a->nev, 0);
	CU_ASSERT_EQUAL(hc_end(a, tx, 1), -ENOENT); /* txns went too */
	teardown();
}

static void watch_on_missing_node_fires_on_create(void)
{
	setup();
	hc_do(a, XS_WATCH, 0, "/later/x", "t", NULL);
	hc_clear(a);
	hc_write(b, 0, "/later/x/y", "");
	hc_drain(a);
	CU_ASSERT(hc_event(a, "/later/x/y", "t"));
	teardown();
}

static void bad_watch_args(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_do(a, XS_WATCH, 0, "/x", NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(hc_do(a, XS_WATCH, 0, "/x/", "t", NULL), -EINVAL);
	CU_ASSERT_EQUAL(hc_do(a, XS_WATCH, 0, "/x", "t", "extra"), -EINVAL);
	teardown();
}

/* clang-format off */
static const struct test_def tests[] = {
	T(initial_event_after_reply),
	T(fires_for_node_and_subtree_only),
	T(own_changes_fire_too),
	T(rm_fires_parent_and_watches_below),
	T(relative_watch_reports_relative),
	T(same_path_two_tokens),
	T(unwatch_stops_events),
	T(events_respect_read_permission),
	T(special_watches),
	T(special_watch_permissions),
	T(reset_watches_drops_all),
	T(watch_on_missing_node_fires_on_create),
	T(bad_watch_args),
};
/* clang-format on */

void suite_watch(void)
{
	ADD_SUITE("watch", tests);
}
