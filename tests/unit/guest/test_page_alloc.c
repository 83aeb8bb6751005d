/* SPDX-License-Identifier: MIT */
/* Host tests of the guest kernel's page allocator (kernel/page_alloc.c). */
#include <errno.h>
#include <CUnit/CUnit.h>
#include "cunit_run.h"
#include "page_alloc.h"

#define MIB	(1ul << 20)
#define PG	PAGE_SIZE

static void test_starts_empty(void)
{
	page_alloc_init();
	CU_ASSERT_EQUAL(page_alloc_free_count(), 0);
	CU_ASSERT_EQUAL(page_alloc(), 0);
}

static void test_page_zero_never(void)
{
	page_alloc_init();
	page_alloc_add(0, 16 * PG);
	CU_ASSERT_EQUAL(page_alloc_free_count(), 15);
	CU_ASSERT_EQUAL(page_alloc(), PG);
}

static void test_add_inward_reserve_outward(void)
{
	page_alloc_init();
	page_alloc_add(MIB + 1, MIB + 4 * PG + 1);	/* 3 whole pages */
	CU_ASSERT_EQUAL(page_alloc_total(), 3);
	page_alloc_reserve(MIB + 2 * PG - 1, MIB + 2 * PG + 1);	/* 2 pages */
	CU_ASSERT_EQUAL(page_alloc_free_count(), 1);
	CU_ASSERT_EQUAL(page_alloc(), MIB + 3 * PG);
	CU_ASSERT_EQUAL(page_alloc(), 0);
}

static void test_overlap_counted_once(void)
{
	page_alloc_init();
	page_alloc_add(MIB, MIB + 8 * PG);
	page_alloc_add(MIB + 4 * PG, MIB + 12 * PG);
	CU_ASSERT_EQUAL(page_alloc_total(), 12);
	CU_ASSERT_EQUAL(page_alloc_free_count(), 12);
}

static void test_beyond_limit_ignored(void)
{
	page_alloc_init();
	page_alloc_add(PAGE_ALLOC_MAX_BYTES - 2 * PG, PAGE_ALLOC_MAX_BYTES + MIB);
	CU_ASSERT_EQUAL(page_alloc_total(), 2);
}

static void test_distinct_until_exhausted(void)
{
	uint64_t a, b, c;

	page_alloc_init();
	page_alloc_add(MIB, MIB + 3 * PG);
	a = page_alloc();
	b = page_alloc();
	c = page_alloc();
	CU_ASSERT(a && b && c && a != b && b != c && a != c);
	CU_ASSERT_EQUAL(a % PG, 0);
	CU_ASSERT_EQUAL(page_alloc(), 0);
	CU_ASSERT_EQUAL(page_free_n(b, 1), 0);
	CU_ASSERT_EQUAL(page_alloc(), b);
}

static void test_contiguous_skips_holes(void)
{
	uint64_t run;

	page_alloc_init();
	page_alloc_add(MIB, MIB + 3 * PG);		/* too short */
	page_alloc_add(2 * MIB, 2 * MIB + 8 * PG);
	run = page_alloc_n(4);
	CU_ASSERT_EQUAL(run, 2 * MIB);
	CU_ASSERT_EQUAL(page_alloc_n(4), 2 * MIB + 4 * PG);
	CU_ASSERT_EQUAL(page_alloc_n(4), 0);
	CU_ASSERT_EQUAL(page_alloc_n(3), MIB);
	CU_ASSERT_EQUAL(page_alloc_n(0), 0);
	CU_ASSERT_EQUAL(page_alloc_free_count(), 0);
}

static void test_free_checks(void)
{
	uint64_t a;

	page_alloc_init();
	page_alloc_add(MIB, MIB + 4 * PG);
	a = page_alloc_n(2);
	CU_ASSERT_EQUAL(page_free_n(a + 1, 1), -EINVAL);	/* unaligned */
	CU_ASSERT_EQUAL(page_free_n(0, 1), -EINVAL);		/* page 0 */
	CU_ASSERT_EQUAL(page_free_n(4 * MIB, 1), -EINVAL);	/* not RAM */
	CU_ASSERT_EQUAL(page_free_n(a, 3), -EINVAL);	/* third is free */
	CU_ASSERT_EQUAL(page_alloc_free_count(), 2);	/* nothing changed */
	CU_ASSERT_EQUAL(page_free_n(a, 2), 0);
	CU_ASSERT_EQUAL(page_free_n(a, 1), -EINVAL);	/* double free */
	CU_ASSERT_EQUAL(page_free_n(PAGE_ALLOC_MAX_BYTES, 1), -EINVAL);
	CU_ASSERT_EQUAL(page_alloc_free_count(), 4);
}

static void test_free_lowers_the_search(void)
{
	uint64_t a, b;

	page_alloc_init();
	page_alloc_add(MIB, MIB + 4 * PG);
	a = page_alloc();
	b = page_alloc();
	CU_ASSERT_EQUAL(page_free_n(a, 1), 0);
	CU_ASSERT_EQUAL(page_alloc(), a);	/* lowest first again */
	CU_ASSERT_NOT_EQUAL(b, a);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("guest/page_alloc", NULL, NULL);
	CU_add_test(s, "starts_empty", test_starts_empty);
	CU_add_test(s, "page_zero_never", test_page_zero_never);
	CU_add_test(s, "add_inward_reserve_outward",
		    test_add_inward_reserve_outward);
	CU_add_test(s, "overlap_counted_once", test_overlap_counted_once);
	CU_add_test(s, "beyond_limit_ignored", test_beyond_limit_ignored);
	CU_add_test(s, "distinct_until_exhausted", test_distinct_until_exhausted);
	CU_add_test(s, "contiguous_skips_holes", test_contiguous_skips_holes);
	CU_add_test(s, "free_checks", test_free_checks);
	CU_add_test(s, "free_lowers_the_search", test_free_lowers_the_search);
	return cunit_run();
}
