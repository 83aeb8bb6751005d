/* SPDX-License-Identifier: MIT */
/* Unit tests of Xen's permission rules, seen from unprivileged domains. */
#include <errno.h>
#include <string.h>

#include "domain.h"
#include "harness.h"

static struct store *s;
static struct hc *d0, *d1, *d2;

static void setup(void)
{
	s = hs_new();
	d0 = hc_new(s, 0);
	d1 = hc_new(s, 1);
	d2 = hc_new(s, 2);
}

static void teardown(void)
{
	hc_free(d0, 0);
	hc_free(d1, 0);
	hc_free(d2, 0);
	store_destroy(s);
}

static int set_perms(struct hc *h, const char *path, const char *p1,
		     const char *p2)
{
	char buf[256];
	size_t len = 0;

	memcpy(buf, path, strlen(path) + 1);
	len += strlen(path) + 1;
	memcpy(buf + len, p1, strlen(p1) + 1);
	len += strlen(p1) + 1;
	if (p2) {
		memcpy(buf + len, p2, strlen(p2) + 1);
		len += strlen(p2) + 1;
	}
	return hc_raw(h, XS_SET_PERMS, 0, buf, (uint32_t)len);
}

static void dom0_owned_is_hidden(void)
{
	setup();
	hc_write(d0, 0, "/secret", "x");
	CU_ASSERT_EQUAL(hc_read(d1, 0, "/secret"), -EACCES);
	CU_ASSERT_EQUAL(hc_write(d1, 0, "/secret", "y"), -EACCES);
	CU_ASSERT_EQUAL(hc_do(d1, XS_DIRECTORY, 0, "/", NULL, NULL), -EACCES);
	CU_ASSERT_EQUAL(hc_do(d1, XS_GET_PERMS, 0, "/secret", NULL, NULL),
			-EACCES);
	CU_ASSERT_EQUAL(hc_do(d1, XS_RM, 0, "/secret", NULL, NULL), -EACCES);
	CU_ASSERT_EQUAL(hc_write(d1, 0, "/new", "y"), -EACCES);
	teardown();
}

static void missing_under_unreadable_is_eacces(void)
{
	setup();
	hc_write(d0, 0, "/hidden/x", "");
	CU_ASSERT_EQUAL(hc_read(d1, 0, "/hidden/none"), -EACCES);
	CU_ASSERT_EQUAL(hc_read(d0, 0, "/hidden/none"), -ENOENT);
	teardown();
}

static void default_and_listed_entries(void)
{
	setup();
	hc_write(d0, 0, "/n", "v");
	CU_ASSERT_EQUAL(set_perms(d0, "/n", "r0", "w2"), 0);
	CU_ASSERT_EQUAL(hc_read(d1, 0, "/n"), 0); /* default read */
	CU_ASSERT_EQUAL(hc_write(d1, 0, "/n", "z"), -EACCES);
	CU_ASSERT_EQUAL(hc_write(d2, 0, "/n", "z"), 0); /* listed write */
	CU_ASSERT_EQUAL(hc_read(d2, 0, "/n"), -EACCES); /* but not read */
	teardown();
}

static void owner_has_everything(void)
{
	setup();
	hc_write(d0, 0, "/o", "v");
	CU_ASSERT_EQUAL(set_perms(d0, "/o", "n1", NULL), 0);
	CU_ASSERT_EQUAL(hc_read(d1, 0, "/o"), 0);
	CU_ASSERT_EQUAL(hc_write(d1, 0, "/o", "w"), 0);
	CU_ASSERT_EQUAL(set_perms(d1, "/o", "n1", "r2"), 0);
	CU_ASSERT_EQUAL(hc_read(d2, 0, "/o"), 0);
	CU_ASSERT_EQUAL(hc_do(d1, XS_RM, 0, "/o", NULL, NULL), 0);
	teardown();
}

static void children_inherit_and_creator_owns(void)
{
	setup();
	hc_do(d0, XS_MKDIR, 0, "/shared", NULL, NULL);
	CU_ASSERT_EQUAL(set_perms(d0, "/shared", "n0", "b1"), 0);
	CU_ASSERT_EQUAL(hc_write(d1, 0, "/shared/a/b", "x"), 0);
	CU_ASSERT_EQUAL(hc_do(d0, XS_GET_PERMS, 0, "/shared/a/b", NULL, NULL),
			0);
	/* Owner is the creator, the rest of the list is inherited. */
	CU_ASSERT_EQUAL(d0->rlen, 6);
	CU_ASSERT_EQUAL(memcmp(d0->reply, "n1\0b1\0", 6), 0);
	CU_ASSERT_EQUAL(hc_do(d0, XS_GET_PERMS, 0, "/shared/a", NULL, NULL), 0);
	CU_ASSERT_EQUAL(memcmp(d0->reply, "n1\0b1\0", 6), 0);
	CU_ASSERT_EQUAL(hc_read(d2, 0, "/shared/a/b"), -EACCES);
	teardown();
}

static void dom0_created_child_inherits_exactly(void)
{
	setup();
	hc_do(d0, XS_MKDIR, 0, "/inh", NULL, NULL);
	set_perms(d0, "/inh", "r3", "w1");
	CU_ASSERT_EQUAL(hc_write(d0, 0, "/inh/c", "x"), 0);
	CU_ASSERT_EQUAL(hc_do(d0, XS_GET_PERMS, 0, "/inh/c", NULL, NULL), 0);
	CU_ASSERT_EQUAL(d0->rlen, 6);
	CU_ASSERT_EQUAL(memcmp(d0->reply, "r3\0w1\0", 6), 0);
	teardown();
}

static void non_owner_cannot_set_perms(void)
{
	setup();
	hc_write(d0, 0, "/sp", "");
	set_perms(d0, "/sp", "b0", NULL); /* everyone reads and writes */
	CU_ASSERT_EQUAL(set_perms(d1, "/sp", "b1", NULL), -EACCES);
	teardown();
}

static void owner_cannot_give_away(void)
{
	setup();
	hc_write(d0, 0, "/g", "");
	set_perms(d0, "/g", "n1", NULL);
	CU_ASSERT_EQUAL(set_perms(d1, "/g", "n2", NULL), -EPERM);
	CU_ASSERT_EQUAL(set_perms(d0, "/g", "n2", NULL), 0); /* dom0 may */
	teardown();
}

static void bad_perm_strings(void)
{
	setup();
	hc_write(d0, 0, "/b", "");
	CU_ASSERT_EQUAL(set_perms(d0, "/b", "q1", NULL), -EINVAL);
	CU_ASSERT_EQUAL(set_perms(d0, "/b", "r", NULL), -EINVAL);
	CU_ASSERT_EQUAL(hc_do(d0, XS_SET_PERMS, 0, "/b", NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(set_perms(d0, "/missing", "r1", NULL), -ENOENT);
	teardown();
}

static void target_acts_for_domain(void)
{
	setup();
	hc_do(d0, XS_INTRODUCE, 0, "1", "100", "1");
	hc_do(d0, XS_INTRODUCE, 0, "2", "200", "2");
	hc_write(d0, 0, "/local/domain/1/dev", "x");
	set_perms(d0, "/local/domain/1/dev", "n1", NULL);
	CU_ASSERT_EQUAL(hc_read(d2, 0, "/local/domain/1/dev"), -EACCES);
	CU_ASSERT_EQUAL(hc_do(d0, XS_SET_TARGET, 0, "2", "1", NULL), 0);
	CU_ASSERT_EQUAL(hc_read(d2, 0, "/local/domain/1/dev"), 0);
	CU_ASSERT_EQUAL(hc_do(d0, XS_SET_TARGET, 0, "2", "9", NULL), -ENOENT);
	teardown();
}

static void privileged_requests_refused(void)
{
	setup();
	CU_ASSERT_EQUAL(hc_do(d1, XS_INTRODUCE, 0, "5", "1", "1"), -EACCES);
	CU_ASSERT_EQUAL(hc_do(d1, XS_RELEASE, 0, "5", NULL, NULL), -EACCES);
	CU_ASSERT_EQUAL(hc_do(d1, XS_SET_TARGET, 0, "1", "2", NULL), -EACCES);
	CU_ASSERT_EQUAL(hc_do(d1, XS_IS_DOMAIN_INTRODUCED, 0, "1", NULL, NULL),
			-EACCES);
	CU_ASSERT_EQUAL(hc_do(d1, XS_RESUME, 0, "1", NULL, NULL), -EACCES);
	CU_ASSERT_EQUAL(hc_do(d1, XS_CONTROL, 0, "check", NULL, NULL), -EACCES);
	teardown();
}

/* clang-format off */
static const struct test_def tests[] = {
	T(dom0_owned_is_hidden),
	T(missing_under_unreadable_is_eacces),
	T(default_and_listed_entries),
	T(owner_has_everything),
	T(children_inherit_and_creator_owns),
	T(dom0_created_child_inherits_exactly),
	T(non_owner_cannot_set_perms),
	T(owner_cannot_give_away),
	T(bad_perm_strings),
	T(target_acts_for_domain),
	T(privileged_requests_refused),
};
/* clang-format on */

void suite_perms(void)
{
	ADD_SUITE("perms", tests);
}
