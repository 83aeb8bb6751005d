/* SPDX-License-Identifier: MIT */
/* Unit tests of every tree operation through the wire, as Dom0. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

static struct store *s;
static struct hc *h;

static void setup(void)
{
	s = hs_new();
	h = hc_new(s, 0);
}

static void teardown(void)
{
	hc_free(h, 0);
	store_destroy(s);
}

static void write_then_read(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_write(h, 0, "/a", "hello"), 0);
	CU_ASSERT_STRING_EQUAL(h->reply, "OK");
	CU_ASSERT_EQUAL(h->rlen, 3);
	CU_ASSERT_EQUAL(hc_read(h, 0, "/a"), 0);
	CU_ASSERT_EQUAL(h->rlen, 5);
	CU_ASSERT_STRING_EQUAL(h->reply, "hello");
	CU_ASSERT_EQUAL(hc_write(h, 0, "/a", ""), 0);
	CU_ASSERT_EQUAL(hc_read(h, 0, "/a"), 0);
	CU_ASSERT_EQUAL(h->rlen, 0);
	teardown();
}

static void write_binary_value(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_raw(h, XS_WRITE, 0, "/b\0x\0y", 6), 0);
	CU_ASSERT_EQUAL(hc_read(h, 0, "/b"), 0);
	CU_ASSERT_EQUAL(h->rlen, 3);
	CU_ASSERT_EQUAL(memcmp(h->reply, "x\0y", 3), 0);
	teardown();
}

static void write_creates_parents(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_write(h, 0, "/x/y/z", "1"), 0);
	CU_ASSERT_EQUAL(hc_read(h, 0, "/x/y"), 0);
	CU_ASSERT_EQUAL(h->rlen, 0);
	CU_ASSERT_EQUAL(hc_do(h, XS_DIRECTORY, 0, "/x", NULL, NULL), 0);
	CU_ASSERT_EQUAL(h->rlen, 2);
	CU_ASSERT_STRING_EQUAL(h->reply, "y");
	teardown();
}

static void read_missing_is_enoent(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_read(h, 0, "/nope"), -ENOENT);
	CU_ASSERT_EQUAL(hc_read(h, 0, "/nope/deeper"), -ENOENT);
	teardown();
}

static void mkdir_existing_is_fine(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_do(h, XS_MKDIR, 0, "/d/e", NULL, NULL), 0);
	CU_ASSERT_EQUAL(hc_write(h, 0, "/d/e", "v"), 0);
	CU_ASSERT_EQUAL(hc_do(h, XS_MKDIR, 0, "/d/e", NULL, NULL), 0);
	CU_ASSERT_EQUAL(hc_read(h, 0, "/d/e"), 0);
	CU_ASSERT_STRING_EQUAL(h->reply, "v");
	teardown();
}

static void directory_lists_children(void)
{
	setup();
	hc_write(h, 0, "/p/one", "1");
	hc_write(h, 0, "/p/two", "2");
	hc_write(h, 0, "/p/three/deep", "3");
	CU_ASSERT_EQUAL(hc_do(h, XS_DIRECTORY, 0, "/p", NULL, NULL), 0);
	CU_ASSERT_EQUAL(h->rlen, 14);
	CU_ASSERT_EQUAL(memcmp(h->reply, "one\0two\0three\0", 14), 0);
	CU_ASSERT_EQUAL(hc_do(h, XS_DIRECTORY, 0, "/p/one", NULL, NULL), 0);
	CU_ASSERT_EQUAL(h->rlen, 0);
	CU_ASSERT_EQUAL(hc_do(h, XS_DIRECTORY, 0, "/q", NULL, NULL), -ENOENT);
	teardown();
}

static void directory_too_big_then_part(void)
{
	char path[64], all[8192];
	size_t total = 0, got = 0;
	unsigned int i;
	char off[16], gen[32];
	int rc;

	setup();
	for (i = 0; i < 400; i++) {
		snprintf(path, sizeof(path), "/big/child-number-%u", i);
		CU_ASSERT_EQUAL_FATAL(hc_write(h, 0, path, ""), 0);
		total += strlen(path) - 5 + 1;
	}
	CU_ASSERT_EQUAL(hc_do(h, XS_DIRECTORY, 0, "/big", NULL, NULL), -E2BIG);
	gen[0] = '\0';
	for (;;) {
		snprintf(off, sizeof(off), "%zu", got);
		rc = hc_do(h, XS_DIRECTORY_PART, 0, "/big", off, NULL);
		CU_ASSERT_EQUAL_FATAL(rc, 0);
		CU_ASSERT_FATAL(h->rlen <= XENSTORE_PAYLOAD_MAX);
		if (gen[0])
			CU_ASSERT_STRING_EQUAL(gen, h->reply);
		snprintf(gen, sizeof(gen), "%.31s", h->reply);
		i = (unsigned int)strlen(h->reply) + 1;
		memcpy(all + got, h->reply + i, h->rlen - i);
		got += h->rlen - i;
		if (h->rlen >= 2 && h->reply[h->rlen - 1] == '\0' &&
		    h->reply[h->rlen - 2] == '\0')
			break;
	}
	CU_ASSERT_EQUAL(got, total + 1); /* the empty name at the end */
	CU_ASSERT_EQUAL(memcmp(all, "child-number-0", 15), 0);
	CU_ASSERT_EQUAL(hc_do(h, XS_DIRECTORY_PART, 0, "/big", "999999", NULL),
			-EINVAL);
	teardown();
}

static void rm_removes_subtree(void)
{
	setup();
	hc_write(h, 0, "/r/a/b", "1");
	hc_write(h, 0, "/r/a/c", "2");
	hc_write(h, 0, "/r/keep", "3");
	CU_ASSERT_EQUAL(hc_do(h, XS_RM, 0, "/r/a", NULL, NULL), 0);
	CU_ASSERT_EQUAL(hc_read(h, 0, "/r/a/b"), -ENOENT);
	CU_ASSERT_EQUAL(hc_read(h, 0, "/r/a"), -ENOENT);
	CU_ASSERT_EQUAL(hc_do(h, XS_DIRECTORY, 0, "/r", NULL, NULL), 0);
	CU_ASSERT_STRING_EQUAL(h->reply, "keep");
	CU_ASSERT_EQUAL(h->rlen, 5);
	/* Recreating works and starts empty. */
	CU_ASSERT_EQUAL(hc_do(h, XS_MKDIR, 0, "/r/a", NULL, NULL), 0);
	CU_ASSERT_EQUAL(hc_do(h, XS_DIRECTORY, 0, "/r/a", NULL, NULL), 0);
	CU_ASSERT_EQUAL(h->rlen, 0);
	teardown();
}

static void rm_missing_and_root(void)
{
	setup();
	hc_write(h, 0, "/m", "");
	/* Parent exists: fine, as in Xen.  Parent missing: ENOENT. */
	CU_ASSERT_EQUAL(hc_do(h, XS_RM, 0, "/m/none", NULL, NULL), 0);
	CU_ASSERT_EQUAL(hc_do(h, XS_RM, 0, "/m/none/x", NULL, NULL), -ENOENT);
	CU_ASSERT_EQUAL(hc_do(h, XS_RM, 0, "/", NULL, NULL), -EINVAL);
	teardown();
}

static void relative_paths_use_home(void)
{
	struct hc *d;

	setup();
	hc_write(h, 0, "/local/domain/0/x", "zero");
	CU_ASSERT_EQUAL(hc_read(h, 0, "x"), 0);
	CU_ASSERT_STRING_EQUAL(h->reply, "zero");
	hc_do(h, XS_MKDIR, 0, "/local/domain/4", NULL, NULL);
	hc_raw(h, XS_SET_PERMS, 0, "/local/domain/4\0b4", 19);
	d = hc_new(s, 4);
	CU_ASSERT_EQUAL(hc_write(d, 0, "name", "guest"), 0);
	CU_ASSERT_EQUAL(hc_read(h, 0, "/local/domain/4/name"), 0);
	CU_ASSERT_STRING_EQUAL(h->reply, "guest");
	hc_free(d, 0);
	teardown();
}

static void get_domain_path(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_do(h, XS_GET_DOMAIN_PATH, 0, "7", NULL, NULL), 0);
	CU_ASSERT_STRING_EQUAL(h->reply, "/local/domain/7");
	CU_ASSERT_EQUAL(h->rlen, 16);
	CU_ASSERT_EQUAL(hc_do(h, XS_GET_DOMAIN_PATH, 0, "x", NULL, NULL),
			-EINVAL);
	teardown();
}

static void get_perms_of_root_and_new(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_do(h, XS_GET_PERMS, 0, "/", NULL, NULL), 0);
	CU_ASSERT_EQUAL(h->rlen, 3);
	CU_ASSERT_STRING_EQUAL(h->reply, "n0");
	hc_write(h, 0, "/gp", "");
	CU_ASSERT_EQUAL(hc_raw(h, XS_SET_PERMS, 0, "/gp\0r2\0w3", 10), 0);
	CU_ASSERT_EQUAL(hc_do(h, XS_GET_PERMS, 0, "/gp", NULL, NULL), 0);
	CU_ASSERT_EQUAL(h->rlen, 6);
	CU_ASSERT_EQUAL(memcmp(h->reply, "r2\0w3\0", 6), 0);
	teardown();
}

static void control_subset(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_do(h, XS_CONTROL, 0, "check", NULL, NULL), 0);
	CU_ASSERT_STRING_EQUAL(h->reply, "OK");
	CU_ASSERT_EQUAL(hc_do(h, XS_CONTROL, 0, "print", "hi", NULL), 0);
	CU_ASSERT_EQUAL(hc_do(h, XS_CONTROL, 0, "help", NULL, NULL), 0);
	CU_ASSERT_EQUAL(hc_do(h, XS_CONTROL, 0, "nonsense", NULL, NULL),
			-EINVAL);
	teardown();
}

static void reply_echoes_ids(void)
{
	struct xsd_sockmsg hdr = {XS_GET_DOMAIN_PATH, 4242, 0, 2}, rh;
	char buf[sizeof(hdr) + 2];
	const void *data;
	size_t len;

	setup();
	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), "1", 2);
	conn_feed(h->c, buf, sizeof(buf));
	conn_output(h->c, &data, &len);
	CU_ASSERT_FATAL(len >= sizeof(rh));
	memcpy(&rh, data, sizeof(rh));
	CU_ASSERT_EQUAL(rh.type, XS_GET_DOMAIN_PATH);
	CU_ASSERT_EQUAL(rh.req_id, 4242);
	CU_ASSERT_EQUAL(rh.tx_id, 0);
	CU_ASSERT_EQUAL(rh.len, 16);
	conn_output_done(h->c, len);
	teardown();
}

/* clang-format off */
static const struct test_def tests[] = {
	T(write_then_read),
	T(write_binary_value),
	T(write_creates_parents),
	T(read_missing_is_enoent),
	T(mkdir_existing_is_fine),
	T(directory_lists_children),
	T(directory_too_big_then_part),
	T(rm_removes_subtree),
	T(rm_missing_and_root),
	T(relative_paths_use_home),
	T(get_domain_path),
	T(get_perms_of_root_and_new),
	T(control_subset),
	T(reply_echoes_ids),
};
/* clang-format on */

void suite_ops(void)
{
	ADD_SUITE("ops", tests);
}
