/* SPDX-License-Identifier: MIT */
/* Unit tests of the wire codec, path rules and permission lists. */
#include <errno.h>
#include <string.h>

#include "harness.h"
#include "path.h"
#include "perms.h"
#include "wire.h"

static void feed_byte_by_byte(void)
{
	struct xsd_sockmsg hdr = {XS_READ, 7, 0, 3};
	static struct wire_in in;
	char buf[sizeof(hdr) + 3];
	enum wire_status st = WIRE_MORE;
	size_t i, used;

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), "/a", 3);
	wire_in_reset(&in);
	for (i = 0; i < sizeof(buf); i++) {
		CU_ASSERT_EQUAL(st, WIRE_MORE);
		st = wire_in_feed(&in, buf + i, 1, &used);
		CU_ASSERT_EQUAL(used, 1);
	}
	CU_ASSERT_EQUAL(st, WIRE_MSG);
	CU_ASSERT_EQUAL(in.hdr.req_id, 7);
	CU_ASSERT_STRING_EQUAL(in.body, "/a");
}

static void feed_two_messages_in_one_buffer(void)
{
	struct xsd_sockmsg hdr = {XS_READ, 1, 0, 0};
	static struct wire_in in;
	char buf[2 * sizeof(hdr)];
	size_t used;

	memcpy(buf, &hdr, sizeof(hdr));
	hdr.req_id = 2;
	memcpy(buf + sizeof(hdr), &hdr, sizeof(hdr));
	wire_in_reset(&in);
	CU_ASSERT_EQUAL(wire_in_feed(&in, buf, sizeof(buf), &used), WIRE_MSG);
	CU_ASSERT_EQUAL(used, sizeof(hdr));
	CU_ASSERT_EQUAL(in.hdr.req_id, 1);
	wire_in_reset(&in);
	CU_ASSERT_EQUAL(wire_in_feed(&in, buf + used, sizeof(hdr), &used),
			WIRE_MSG);
	CU_ASSERT_EQUAL(in.hdr.req_id, 2);
}

static void feed_oversized_is_skipped(void)
{
	struct xsd_sockmsg hdr = {XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 10};
	static struct wire_in in;
	static char junk[XENSTORE_PAYLOAD_MAX + 10];
	size_t used;

	wire_in_reset(&in);
	CU_ASSERT_EQUAL(wire_in_feed(&in, &hdr, sizeof(hdr), &used),
			WIRE_TOO_BIG);
	CU_ASSERT_EQUAL(wire_in_feed(&in, junk, 100, &used), WIRE_MORE);
	CU_ASSERT_EQUAL(used, 100);
	CU_ASSERT_EQUAL(wire_in_feed(&in, junk, sizeof(junk), &used),
			WIRE_MORE);
	CU_ASSERT_EQUAL(used, sizeof(junk) - 100);
	hdr.len = 0;
	CU_ASSERT_EQUAL(wire_in_feed(&in, &hdr, sizeof(hdr), &used), WIRE_MSG);
}

static void args_split_and_reject_unterminated(void)
{
	const char *argv[3];

	CU_ASSERT_EQUAL(wire_args("a\0bc\0", 5, argv, 3), 2);
	CU_ASSERT_STRING_EQUAL(argv[1], "bc");
	CU_ASSERT_EQUAL(wire_args("a\0bc", 4, argv, 3), -EINVAL);
	CU_ASSERT_EQUAL(wire_args("", 0, argv, 3), 0);
	CU_ASSERT_EQUAL(wire_args("a\0b\0c\0d\0", 8, argv, 3), 4);
}

static void uint_strict(void)
{
	unsigned long v;

	CU_ASSERT_EQUAL(wire_uint("123", 1000, &v), 0);
	CU_ASSERT_EQUAL(v, 123);
	CU_ASSERT_EQUAL(wire_uint("1001", 1000, &v), -EINVAL);
	CU_ASSERT_EQUAL(wire_uint("", 1000, &v), -EINVAL);
	CU_ASSERT_EQUAL(wire_uint("-1", 1000, &v), -EINVAL);
	CU_ASSERT_EQUAL(wire_uint("1x", 1000, &v), -EINVAL);
	CU_ASSERT_EQUAL(wire_uint("99999999999999999999999", ~0UL, &v),
			-EINVAL);
}

static void error_names(void)
{
	CU_ASSERT_STRING_EQUAL(wire_error(-EAGAIN), "EAGAIN");
	CU_ASSERT_STRING_EQUAL(wire_error(-EACCES), "EACCES");
	CU_ASSERT_STRING_EQUAL(wire_error(-E2BIG), "E2BIG");
	CU_ASSERT_STRING_EQUAL(wire_error(-12345), "EINVAL");
	CU_ASSERT_STRING_EQUAL(wire_type_name(XS_READ), "XS_READ");
}

static void path_rules(void)
{
	static char out[PATH_BUF];
	static char big[XENSTORE_ABS_PATH_MAX + 10];
	struct quota q;

	quota_defaults(&q);
	CU_ASSERT_EQUAL(path_canonical("/a/b", 3, &q, false, out), 0);
	CU_ASSERT_STRING_EQUAL(out, "/a/b");
	CU_ASSERT_EQUAL(path_canonical("device/vif", 3, &q, false, out), 0);
	CU_ASSERT_STRING_EQUAL(out, "/local/domain/3/device/vif");
	CU_ASSERT_EQUAL(path_canonical("/", 0, &q, true, out), 0);
	CU_ASSERT_EQUAL(path_canonical("/a-b_c@d/E9", 0, &q, true, out), 0);
	CU_ASSERT_EQUAL(path_canonical("", 0, &q, true, out), -EINVAL);
	CU_ASSERT_EQUAL(path_canonical("/a//b", 0, &q, true, out), -EINVAL);
	CU_ASSERT_EQUAL(path_canonical("/a/", 0, &q, true, out), -EINVAL);
	CU_ASSERT_EQUAL(path_canonical("/a b", 0, &q, true, out), -EINVAL);
	CU_ASSERT_EQUAL(path_canonical("/a.b", 0, &q, true, out), -EINVAL);
	CU_ASSERT_EQUAL(path_canonical("//", 0, &q, true, out), -EINVAL);
	memset(big, 'x', sizeof(big) - 1);
	big[0] = '/';
	big[XENSTORE_ABS_PATH_MAX] = '\0';
	CU_ASSERT_EQUAL(path_canonical(big, 0, &q, true, out), 0);
	big[XENSTORE_ABS_PATH_MAX] = 'x';
	big[XENSTORE_ABS_PATH_MAX + 1] = '\0';
	CU_ASSERT_EQUAL(path_canonical(big, 0, &q, true, out), -EINVAL);
	/* Unprivileged: at most QUOTA_PATH_LEN below the domain's home. */
	big[q.limit[QUOTA_PATH_LEN] + 2] = '\0';
	CU_ASSERT_EQUAL(path_canonical(big, 1, &q, false, out), -EINVAL);
	CU_ASSERT_EQUAL(path_canonical(big + 1, 1, &q, false, out), -EINVAL);
	CU_ASSERT_EQUAL(path_canonical(big + 2, 1, &q, false, out), 0);
	CU_ASSERT_EQUAL(path_watch("@releaseDomain", 1, &q, false, out), 0);
	CU_ASSERT_STRING_EQUAL(out, "@releaseDomain");
	CU_ASSERT(path_is_under("/a/b", "/a"));
	CU_ASSERT(path_is_under("/a", "/a"));
	CU_ASSERT(!path_is_under("/ab", "/a"));
	CU_ASSERT(path_is_under("/ab", "/"));
}

static void perms_parse_format(void)
{
	struct perm p[3];
	char buf[32];

	CU_ASSERT_EQUAL(perms_parse("r5", &p[0]), 0);
	CU_ASSERT_EQUAL(p[0].domid, 5);
	CU_ASSERT_EQUAL(p[0].mask, PERM_READ);
	CU_ASSERT_EQUAL(perms_parse("b0", &p[1]), 0);
	CU_ASSERT_EQUAL(p[1].mask, PERM_READ | PERM_WRITE);
	CU_ASSERT_EQUAL(perms_parse("n65535", &p[2]), 0);
	CU_ASSERT_EQUAL(perms_parse("x1", &p[2]), -EINVAL);
	CU_ASSERT_EQUAL(perms_parse("r", &p[2]), -EINVAL);
	CU_ASSERT_EQUAL(perms_parse("r1a", &p[2]), -EINVAL);
	CU_ASSERT_EQUAL(perms_parse("r65536", &p[2]), -EINVAL);
	CU_ASSERT_EQUAL(perms_parse("", &p[2]), -EINVAL);
	CU_ASSERT_EQUAL(perms_format(p, 3, buf, sizeof(buf)), 13);
	CU_ASSERT_EQUAL(memcmp(buf, "r5\0b0\0n65535\0", 13), 0);
	CU_ASSERT_EQUAL(perms_format(p, 3, buf, 5), -E2BIG);
}

static void perms_access_rules(void)
{
	struct perm p[] = {{1, PERM_READ}, {2, PERM_WRITE}, {3, PERM_NONE}};
	struct perm_who w = {0, PERM_NO_TARGET, true};

	CU_ASSERT_EQUAL(perms_access(p, 3, &w), PERM_ALL); /* dom0 */
	w.privileged = false;
	w.domid = 1;
	CU_ASSERT_EQUAL(perms_access(p, 3, &w), PERM_ALL); /* owner */
	w.domid = 2;
	CU_ASSERT_EQUAL(perms_access(p, 3, &w), PERM_WRITE);
	w.domid = 3;
	CU_ASSERT_EQUAL(perms_access(p, 3, &w), PERM_NONE);
	w.domid = 4;
	CU_ASSERT_EQUAL(perms_access(p, 3, &w), PERM_READ); /* default */
	w.target = 1; /* acts for the owner */
	CU_ASSERT_EQUAL(perms_access(p, 3, &w), PERM_ALL);
	w.target = 2;
	CU_ASSERT_EQUAL(perms_access(p, 3, &w), PERM_WRITE);
}

/* clang-format off */
static const struct test_def tests[] = {
	T(feed_byte_by_byte),
	T(feed_two_messages_in_one_buffer),
	T(feed_oversized_is_skipped),
	T(args_split_and_reject_unterminated),
	T(uint_strict),
	T(error_names),
	T(path_rules),
	T(perms_parse_format),
	T(perms_access_rules),
};
/* clang-format on */

void suite_wire(void)
{
	ADD_SUITE("wire", tests);
}
