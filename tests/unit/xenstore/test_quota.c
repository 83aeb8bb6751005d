/* SPDX-License-Identifier: MIT */
/* Unit tests of quotas and of malformed messages. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

static struct store *s;
static struct hc *d0, *g;

/* Domain 7 with a writable home. */
static void setup(void)
{
	s = hs_new();
	d0 = hc_new(s, 0);
	hc_do(d0, XS_MKDIR, 0, "/local/domain/7", NULL, NULL);
	hc_raw(d0, XS_SET_PERMS, 0, "/local/domain/7\0n7", 19);
	g = hc_new(s, 7);
}

static void teardown(void)
{
	hc_free(d0, 0);
	hc_free(g, 0);
	store_destroy(s);
}

static void node_quota_is_enospc(void)
{
	char p[32];
	int i, rc = 0;

	setup();
	s->quota.limit[QUOTA_NODES] = 10;
	for (i = 0; i < 20 && !rc; i++) {
		snprintf(p, sizeof(p), "n%d", i);
		rc = hc_write(g, 0, p, "");
	}
	CU_ASSERT_EQUAL(rc, -ENOSPC);
	CU_ASSERT_EQUAL(i, 10); /* home + 9 */
	CU_ASSERT_EQUAL(hc_write(g, 0, "a/b/c", ""), -ENOSPC);
	CU_ASSERT_EQUAL(hc_write(d0, 0, "/local/domain/7/dom0", ""), 0);
	teardown();
}

static void node_size_quota_is_enospc(void)
{
	static char big[3000];

	setup();
	memset(big, 'v', sizeof(big) - 1);
	big[2048] = '\0';
	CU_ASSERT_EQUAL(hc_write(g, 0, "ok", big), 0);
	big[2048] = 'v';
	big[2049] = '\0';
	CU_ASSERT_EQUAL(hc_write(g, 0, "big", big), -ENOSPC);
	CU_ASSERT_EQUAL(hc_write(d0, 0, "/big", big), 0); /* dom0: no quota */
	teardown();
}

static void watch_quota_is_e2big(void)
{
	char tok[16];
	int i, rc = 0;

	setup();
	s->quota.limit[QUOTA_WATCHES] = 3;
	for (i = 0; i < 5 && !rc; i++) {
		snprintf(tok, sizeof(tok), "t%d", i);
		rc = hc_do(g, XS_WATCH, 0, "w", tok, NULL);
	}
	CU_ASSERT_EQUAL(rc, -E2BIG);
	CU_ASSERT_EQUAL(i, 4);
	teardown();
}

static void transaction_quota_is_enospc(void)
{
	int i;

	setup();
	for (i = 0; i < 10; i++)
		CU_ASSERT_NOT_EQUAL(hc_start(g), 0);
	CU_ASSERT_EQUAL(hc_do(g, XS_TRANSACTION_START, 0, "", NULL, NULL),
			-ENOSPC);
	teardown();
}

static void perms_quota_is_enospc(void)
{
	setup();
	hc_write(g, 0, "p", "");
	CU_ASSERT_EQUAL(hc_raw(g, XS_SET_PERMS, 0, "p\0n7\0r1\0r2\0r3\0r4", 17),
			0);
	CU_ASSERT_EQUAL(
	    hc_raw(g, XS_SET_PERMS, 0, "p\0n7\0r1\0r2\0r3\0r4\0r5", 20),
	    -ENOSPC);
	teardown();
}

static void transaction_size_quota(void)
{
	uint32_t tx;
	char p[32];
	int i, rc = 0;

	setup();
	s->quota.limit[QUOTA_TXN_NODES] = 8;
	tx = hc_start(g);
	for (i = 0; i < 20 && !rc; i++) {
		snprintf(p, sizeof(p), "/local/domain/7/x%d", i);
		rc = hc_read(g, tx, p);
		if (rc == -ENOENT)
			rc = 0;
	}
	CU_ASSERT_EQUAL(rc, -ENOSPC);
	teardown();
}

static void path_quota_is_einval(void)
{
	static char p[2100];

	setup();
	memset(p, 'a', sizeof(p) - 1);
	p[2048] = '\0';
	CU_ASSERT_EQUAL(hc_read(g, 0, p), -ENOENT);
	p[2048] = 'a';
	p[2049] = '\0';
	CU_ASSERT_EQUAL(hc_read(g, 0, p), -EINVAL);
	teardown();
}

static void outstanding_replies_stall_input(void)
{
	struct xsd_sockmsg hdr = {XS_GET_DOMAIN_PATH, 1, 0, 2};
	char msg[sizeof(hdr) + 2];
	static char buf[50 * sizeof(msg)];
	size_t used, n = 0;
	const void *data;
	size_t len;
	int i;

	setup();
	memcpy(msg, &hdr, sizeof(hdr));
	memcpy(msg + sizeof(hdr), "7", 2);
	for (i = 0; i < 50; i++)
		memcpy(buf + i * sizeof(msg), msg, sizeof(msg));
	used = conn_feed(g->c, buf, sizeof(buf));
	CU_ASSERT(used < sizeof(buf));
	CU_ASSERT(conn_stalled(g->c));
	CU_ASSERT_EQUAL(g->c->out_replies, 20);
	/* Draining lets the rest in. */
	while (used < sizeof(buf)) {
		for (;;) {
			conn_output(g->c, &data, &len);
			if (!len)
				break;
			conn_output_done(g->c, len);
			n++;
		}
		used += conn_feed(g->c, buf + used, sizeof(buf) - used);
	}
	hc_drain(g);
	CU_ASSERT_EQUAL(g->c->out_replies, 0);
	CU_ASSERT(n >= 30);
	teardown();
}

static void events_beyond_quota_dropped(void)
{
	int i;

	setup();
	s->quota.limit[QUOTA_EVENTS] = 5;
	hc_do(g, XS_WATCH, 0, "w", "t", NULL); /* initial event: 1 */
	for (i = 0; i < 10; i++)
		hc_write(d0, 0, "/local/domain/7/w", "");
	hc_drain(g);
	CU_ASSERT_EQUAL(g->nev, 1 + 5); /* initial, then the quota */
	teardown();
}

static void unknown_and_reply_types_einval(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_raw(d0, 999, 0, "", 0), -EINVAL);
	CU_ASSERT_EQUAL(hc_raw(d0, XS_TYPE_COUNT, 0, "", 0), -EINVAL);
	CU_ASSERT_EQUAL(hc_raw(d0, XS_WATCH_EVENT, 0, "/a\0t", 5), -EINVAL);
	CU_ASSERT_EQUAL(hc_raw(d0, XS_ERROR, 0, "EINVAL", 7), -EINVAL);
	CU_ASSERT_EQUAL(hc_raw(d0, XS_INVALID, 0, "", 0), -EINVAL);
	CU_ASSERT_EQUAL(hc_raw(d0, 20, 0, "", 0), -EINVAL); /* XS_RESTRICT */
	teardown();
}

static void unterminated_arguments_einval(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_raw(d0, XS_READ, 0, "/a", 2), -EINVAL);
	CU_ASSERT_EQUAL(hc_raw(d0, XS_READ, 0, "", 0), -EINVAL);
	CU_ASSERT_EQUAL(hc_raw(d0, XS_READ, 0, "/a\0/b", 6), -EINVAL);
	CU_ASSERT_EQUAL(hc_raw(d0, XS_WRITE, 0, "/a", 2), -EINVAL);
	CU_ASSERT_EQUAL(hc_raw(d0, XS_MKDIR, 0, "/a\0x", 4), -EINVAL);
	CU_ASSERT_EQUAL(hc_raw(d0, XS_INTRODUCE, 0, "1\0002\0", 4), -EINVAL);
	CU_ASSERT_EQUAL(hc_raw(d0, XS_GET_DOMAIN_PATH, 0, "99999", 6), -EINVAL);
	/* The connection still works. */
	CU_ASSERT_EQUAL(hc_write(d0, 0, "/still", "ok"), 0);
	teardown();
}

static void oversized_message_e2big_then_continues(void)
{
	struct xsd_sockmsg hdr = {XS_WRITE, 55, 0, XENSTORE_PAYLOAD_MAX + 1};
	static char buf[sizeof(hdr) + XENSTORE_PAYLOAD_MAX + 1];
	size_t used;

	setup();
	memcpy(buf, &hdr, sizeof(hdr));
	memset(buf + sizeof(hdr), 'x', XENSTORE_PAYLOAD_MAX + 1);
	used = conn_feed(d0->c, buf, 100);
	used += conn_feed(d0->c, buf + 100, sizeof(buf) - 100);
	CU_ASSERT_EQUAL(used, sizeof(buf));
	hc_drain(d0);
	CU_ASSERT_EQUAL(d0->rtype, XS_ERROR);
	CU_ASSERT_STRING_EQUAL(d0->reply, "E2BIG");
	CU_ASSERT_EQUAL(hc_write(d0, 0, "/after", "ok"), 0);
	CU_ASSERT_EQUAL(hc_read(d0, 0, "/after"), 0);
	teardown();
}

static void payload_max_value_fits(void)
{
	static char v[XENSTORE_PAYLOAD_MAX];

	setup();
	memset(v, 'v', sizeof(v) - 1);
	v[XENSTORE_PAYLOAD_MAX - 3] = '\0'; /* "/v\0" + value = 4096 */
	CU_ASSERT_EQUAL(hc_write(d0, 0, "/v", v), 0);
	CU_ASSERT_EQUAL(hc_read(d0, 0, "/v"), 0);
	CU_ASSERT_EQUAL(d0->rlen, XENSTORE_PAYLOAD_MAX - 3);
	teardown();
}

/* clang-format off */
static const struct test_def tests[] = {
	T(node_quota_is_enospc),
	T(node_size_quota_is_enospc),
	T(watch_quota_is_e2big),
	T(transaction_quota_is_enospc),
	T(perms_quota_is_enospc),
	T(transaction_size_quota),
	T(path_quota_is_einval),
	T(outstanding_replies_stall_input),
	T(events_beyond_quota_dropped),
	T(unknown_and_reply_types_einval),
	T(unterminated_arguments_einval),
	T(oversized_message_e2big_then_continues),
	T(payload_max_value_fits),
};
/* clang-format on */

void suite_quota(void)
{
	ADD_SUITE("quota+malformed", tests);
}
