/* SPDX-License-Identifier: MIT */
/* Unit tests of transactions: isolation, commit, EAGAIN conflicts, events. */
#include <errno.h>
#include <stdio.h>
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

static void writes_invisible_until_commit(void)
{
	uint32_t tx;

	setup();
	tx = hc_start(a);
	CU_ASSERT_NOT_EQUAL(tx, 0);
	CU_ASSERT_EQUAL(hc_write(a, tx, "/t/x", "1"), 0);
	CU_ASSERT_EQUAL(hc_read(a, tx, "/t/x"), 0);
	CU_ASSERT_STRING_EQUAL(a->reply, "1");
	CU_ASSERT_EQUAL(hc_read(b, 0, "/t/x"), -ENOENT);
	CU_ASSERT_EQUAL(hc_read(a, 0, "/t/x"), -ENOENT);
	CU_ASSERT_EQUAL(hc_end(a, tx, 1), 0);
	CU_ASSERT_EQUAL(hc_read(b, 0, "/t/x"), 0);
	CU_ASSERT_STRING_EQUAL(b->reply, "1");
	teardown();
}

static void abort_discards(void)
{
	uint32_t tx;

	setup();
	hc_write(a, 0, "/k", "old");
	tx = hc_start(a);
	hc_write(a, tx, "/k", "new");
	hc_do(a, XS_RM, tx, "/k", NULL, NULL);
	CU_ASSERT_EQUAL(hc_read(a, tx, "/k"), -ENOENT);
	CU_ASSERT_EQUAL(hc_end(a, tx, 0), 0);
	CU_ASSERT_EQUAL(hc_read(a, 0, "/k"), 0);
	CU_ASSERT_STRING_EQUAL(a->reply, "old");
	teardown();
}

static void conflict_on_read_node_is_eagain(void)
{
	uint32_t tx;

	setup();
	hc_write(a, 0, "/x", "1");
	tx = hc_start(a);
	hc_read(a, tx, "/x");
	hc_write(b, 0, "/x", "2");
	hc_write(a, tx, "/y", "from-tx");
	CU_ASSERT_EQUAL(hc_end(a, tx, 1), -EAGAIN);
	CU_ASSERT_EQUAL(hc_read(a, 0, "/y"), -ENOENT);
	CU_ASSERT_EQUAL(hc_end(a, tx, 1), -ENOENT); /* it is gone */
	teardown();
}

static void read_only_conflict_is_eagain(void)
{
	uint32_t tx;

	setup();
	hc_write(a, 0, "/x", "1");
	tx = hc_start(a);
	hc_read(a, tx, "/x");
	hc_write(b, 0, "/x", "1"); /* same value, new generation */
	CU_ASSERT_EQUAL(hc_end(a, tx, 1), -EAGAIN);
	teardown();
}

static void two_transactions_second_fails(void)
{
	uint32_t ta, tb;

	setup();
	hc_write(a, 0, "/c", "0");
	ta = hc_start(a);
	tb = hc_start(b);
	hc_read(a, ta, "/c");
	hc_read(b, tb, "/c");
	hc_write(a, ta, "/c", "a");
	hc_write(b, tb, "/c", "b");
	CU_ASSERT_EQUAL(hc_end(a, ta, 1), 0);
	CU_ASSERT_EQUAL(hc_end(b, tb, 1), -EAGAIN);
	hc_read(a, 0, "/c");
	CU_ASSERT_STRING_EQUAL(a->reply, "a");
	teardown();
}

static void sibling_creation_conflicts(void)
{
	uint32_t ta, tb;

	setup();
	hc_do(a, XS_MKDIR, 0, "/dir", NULL, NULL);
	ta = hc_start(a);
	tb = hc_start(b);
	hc_write(a, ta, "/dir/one", "");
	hc_write(b, tb, "/dir/two", "");
	CU_ASSERT_EQUAL(hc_end(a, ta, 1), 0);
	CU_ASSERT_EQUAL(hc_end(b, tb, 1), -EAGAIN);
	teardown();
}

static void absent_then_created_conflicts(void)
{
	uint32_t tx;

	setup();
	tx = hc_start(a);
	CU_ASSERT_EQUAL(hc_read(a, tx, "/maybe"), -ENOENT);
	hc_write(b, 0, "/maybe", "");
	CU_ASSERT_EQUAL(hc_end(a, tx, 1), -EAGAIN);
	teardown();
}

static void untouched_nodes_do_not_conflict(void)
{
	uint32_t tx;

	setup();
	hc_write(a, 0, "/mine", "");
	hc_write(a, 0, "/other", "");
	tx = hc_start(a);
	hc_write(a, tx, "/mine", "v");
	hc_write(b, 0, "/other", "w");
	CU_ASSERT_EQUAL(hc_end(a, tx, 1), 0);
	hc_read(b, 0, "/mine");
	CU_ASSERT_STRING_EQUAL(b->reply, "v");
	teardown();
}

static void events_fire_at_commit_only(void)
{
	uint32_t tx;

	setup();
	hc_do(b, XS_WATCH, 0, "/ev", "t", NULL);
	hc_clear(b);
	tx = hc_start(a);
	hc_write(a, tx, "/ev/a", "1");
	hc_do(a, XS_MKDIR, tx, "/ev/b", NULL, NULL);
	hc_drain(b);
	CU_ASSERT_EQUAL(b->nev, 0);
	CU_ASSERT_EQUAL(hc_end(a, tx, 1), 0);
	hc_drain(b);
	CU_ASSERT(hc_event(b, "/ev/a", "t"));
	CU_ASSERT(hc_event(b, "/ev/b", "t"));
	/* An aborted transaction fires nothing. */
	tx = hc_start(a);
	hc_write(a, tx, "/ev/c", "1");
	hc_end(a, tx, 0);
	hc_drain(b);
	CU_ASSERT_EQUAL(b->nev, 0);
	teardown();
}

static void rm_events_at_commit(void)
{
	uint32_t tx;

	setup();
	hc_write(a, 0, "/e/x/y", "");
	hc_do(b, XS_WATCH, 0, "/e", "up", NULL);
	hc_do(b, XS_WATCH, 0, "/e/x/y", "down", NULL);
	hc_clear(b);
	tx = hc_start(a);
	CU_ASSERT_EQUAL(hc_do(a, XS_RM, tx, "/e/x", NULL, NULL), 0);
	hc_drain(b);
	CU_ASSERT_EQUAL(b->nev, 0);
	CU_ASSERT_EQUAL(hc_end(a, tx, 1), 0);
	hc_drain(b);
	CU_ASSERT(hc_event(b, "/e/x/y", "down"));
	CU_ASSERT(hc_event(b, "/e/x", "up"));
	CU_ASSERT_EQUAL(b->nev, 0);
	teardown();
}

static void rm_and_directory_in_transaction(void)
{
	uint32_t tx;

	setup();
	hc_write(a, 0, "/d/x", "");
	hc_write(a, 0, "/d/y/z", "");
	tx = hc_start(a);
	CU_ASSERT_EQUAL(hc_do(a, XS_RM, tx, "/d/y", NULL, NULL), 0);
	CU_ASSERT_EQUAL(hc_do(a, XS_DIRECTORY, tx, "/d", NULL, NULL), 0);
	CU_ASSERT_EQUAL(a->rlen, 2);
	CU_ASSERT_EQUAL(hc_do(a, XS_DIRECTORY, 0, "/d", NULL, NULL), 0);
	CU_ASSERT_EQUAL(a->rlen, 4);
	CU_ASSERT_EQUAL(hc_end(a, tx, 1), 0);
	CU_ASSERT_EQUAL(hc_read(a, 0, "/d/y/z"), -ENOENT);
	CU_ASSERT_EQUAL(hc_do(a, XS_DIRECTORY, 0, "/d", NULL, NULL), 0);
	CU_ASSERT_EQUAL(a->rlen, 2);
	teardown();
}

static void set_perms_in_transaction(void)
{
	uint32_t tx;

	setup();
	hc_write(a, 0, "/p", "");
	tx = hc_start(a);
	CU_ASSERT_EQUAL(hc_raw(a, XS_SET_PERMS, tx, "/p\0r7", 6), 0);
	hc_do(a, XS_GET_PERMS, 0, "/p", NULL, NULL);
	CU_ASSERT_STRING_EQUAL(a->reply, "n0");
	CU_ASSERT_EQUAL(hc_end(a, tx, 1), 0);
	hc_do(a, XS_GET_PERMS, 0, "/p", NULL, NULL);
	CU_ASSERT_STRING_EQUAL(a->reply, "r7");
	teardown();
}

static void bad_transaction_ids(void)
{
	uint32_t tx;

	setup();
	CU_ASSERT_EQUAL(hc_read(a, 77, "/"), -ENOENT);
	CU_ASSERT_EQUAL(hc_end(a, 0, 1), -ENOENT);
	tx = hc_start(a);
	CU_ASSERT_EQUAL(hc_read(b, tx, "/"), -ENOENT); /* per connection */
	CU_ASSERT_EQUAL(hc_do(a, XS_TRANSACTION_START, tx, "", NULL, NULL),
			-EBUSY);
	CU_ASSERT_EQUAL(hc_do(a, XS_TRANSACTION_END, tx, "X", NULL, NULL),
			-EINVAL);
	CU_ASSERT_EQUAL(hc_end(a, tx, 0), 0);
	teardown();
}

static void node_counts_follow_commit(void)
{
	struct hc *g;
	uint32_t tx;
	int i;
	char p[32];

	setup();
	s->quota.limit[QUOTA_NODES] = 5;
	hc_do(a, XS_MKDIR, 0, "/local/domain/8", NULL, NULL);
	hc_raw(a, XS_SET_PERMS, 0, "/local/domain/8\0n8", 19);
	g = hc_new(s, 8);
	tx = hc_start(g);
	for (i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "n%d", i);
		CU_ASSERT_EQUAL(hc_write(g, tx, p, ""), 0);
	}
	CU_ASSERT_EQUAL(hc_write(g, tx, "n9", ""), -ENOSPC); /* 1 + 4 + 1 */
	CU_ASSERT_EQUAL(hc_end(g, tx, 1), 0);
	CU_ASSERT_EQUAL(hc_write(g, 0, "n9", ""), -ENOSPC);
	CU_ASSERT_EQUAL(hc_do(g, XS_RM, 0, "n0", NULL, NULL), 0);
	CU_ASSERT_EQUAL(hc_write(g, 0, "n9", ""), 0);
	hc_free(g, 0);
	teardown();
}

/* clang-format off */
static const struct test_def tests[] = {
	T(writes_invisible_until_commit),
	T(abort_discards),
	T(conflict_on_read_node_is_eagain),
	T(read_only_conflict_is_eagain),
	T(two_transactions_second_fails),
	T(sibling_creation_conflicts),
	T(absent_then_created_conflicts),
	T(untouched_nodes_do_not_conflict),
	T(events_fire_at_commit_only),
	T(rm_events_at_commit),
	T(rm_and_directory_in_transaction),
	T(set_perms_in_transaction),
	T(bad_transaction_ids),
	T(node_counts_follow_commit),
};
/* clang-format on */

void suite_txn(void)
{
	ADD_SUITE("transaction", tests);
}
