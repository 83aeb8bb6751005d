/* SPDX-License-Identifier: MIT */
/* Host tests of the guest kernel's word splitting (kernel/args.c). */
#include <errno.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include "args.h"
#include "cunit_run.h"

static void test_split_words(void)
{
	char line[] = "\t xs  write /local/domain\tvalue  ";
	char *argv[8];

	CU_ASSERT_EQUAL(args_split(line, argv, 8), 4);
	CU_ASSERT_STRING_EQUAL(argv[0], "xs");
	CU_ASSERT_STRING_EQUAL(argv[1], "write");
	CU_ASSERT_STRING_EQUAL(argv[2], "/local/domain");
	CU_ASSERT_STRING_EQUAL(argv[3], "value");
}

static void test_split_empty(void)
{
	char empty[] = "", blank[] = " \t ";
	char *argv[2];

	CU_ASSERT_EQUAL(args_split(empty, argv, 2), 0);
	CU_ASSERT_EQUAL(args_split(blank, argv, 2), 0);
}

static void test_split_too_many(void)
{
	char line[] = "a b c";
	char *argv[2];

	CU_ASSERT_EQUAL(args_split(line, argv, 2), -E2BIG);
	CU_ASSERT_STRING_EQUAL(argv[0], "a");
	CU_ASSERT_STRING_EQUAL(argv[1], "b");
}

static void test_split_exactly_max(void)
{
	char line[] = "a b ";
	char *argv[2];

	CU_ASSERT_EQUAL(args_split(line, argv, 2), 2);
}

static void test_has_whole_words(void)
{
	CU_ASSERT_TRUE(args_has("selftest", "selftest"));
	CU_ASSERT_TRUE(args_has("quiet selftest", "selftest"));
	CU_ASSERT_TRUE(args_has(" selftest\tquiet", "selftest"));
	CU_ASSERT_FALSE(args_has("selftests", "selftest"));
	CU_ASSERT_FALSE(args_has("noselftest", "selftest"));
	CU_ASSERT_FALSE(args_has("", "selftest"));
	CU_ASSERT_FALSE(args_has("a b", ""));
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("guest/args", NULL, NULL);
	CU_add_test(s, "split_words", test_split_words);
	CU_add_test(s, "split_empty", test_split_empty);
	CU_add_test(s, "split_too_many", test_split_too_many);
	CU_add_test(s, "split_exactly_max", test_split_exactly_max);
	CU_add_test(s, "has_whole_words", test_has_whole_words);
	return cunit_run();
}
