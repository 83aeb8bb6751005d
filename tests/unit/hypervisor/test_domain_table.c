/* SPDX-License-Identifier: MIT */
/*
 * The table of live domains (hypervisor/domain_table.c): lookups by id,
 * in order and after removal, including the one domain_by_id() keeps from
 * its last answer, which must never outlive the domain.
 */
#include <string.h>

#include <cunit_run.h>

#include "harness.h"

static struct domain doms[4];

static void add_ids(const domid_t *ids, unsigned int n)
{
	unsigned int i;

	harness_ram_reset();
	memset(doms, 0, sizeof(doms));
	for (i = 0; i < n; i++) {
		doms[i].domain_id = ids[i];
		CU_ASSERT_EQUAL(domain_table_add(&doms[i]), 0);
	}
}

static void remove_all(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		domain_table_remove(&doms[i]);
	CU_ASSERT_EQUAL(domain_count(), 0);
}

static void lookup_by_id(void)
{
	static const domid_t ids[] = { 7, 0, 3 };

	add_ids(ids, 3);
	CU_ASSERT_PTR_EQUAL(domain_by_id(0), &doms[1]);
	CU_ASSERT_PTR_EQUAL(domain_by_id(3), &doms[2]);
	CU_ASSERT_PTR_EQUAL(domain_by_id(3), &doms[2]);	/* asked again */
	CU_ASSERT_PTR_EQUAL(domain_by_id(7), &doms[0]);
	CU_ASSERT_PTR_NULL(domain_by_id(1));
	CU_ASSERT_PTR_NULL(domain_by_id(8));
	CU_ASSERT_PTR_EQUAL(domain_next(1), &doms[2]);
	CU_ASSERT_EQUAL(domain_count(), 3);
	remove_all(3);
}

/* The domain found last, then removed: gone, even though the struct lives on. */
static void removed_domain_not_found(void)
{
	static const domid_t ids[] = { 2, 5 };

	add_ids(ids, 2);
	CU_ASSERT_PTR_EQUAL(domain_by_id(5), &doms[1]);
	domain_table_remove(&doms[1]);
	CU_ASSERT_PTR_NULL(domain_by_id(5));
	CU_ASSERT_PTR_EQUAL(domain_by_id(2), &doms[0]);
	domain_table_remove(&doms[0]);
	CU_ASSERT_PTR_NULL(domain_by_id(2));
	CU_ASSERT_EQUAL(domain_count(), 0);
}

static const struct harness_test tests[] = {
	{ "lookup_by_id", lookup_by_id },
	{ "removed_domain_not_found", removed_domain_not_found },
};

int main(void)
{
	if (harness_init())
		return 1;
	harness_add_suite("domain_table", tests, ARRAY_SIZE(tests));
	return cunit_run();
}
