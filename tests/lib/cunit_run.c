/* SPDX-License-Identifier: MIT */
/* CUnit runner printing one PASS/FAIL line per test (see cunit_run.h). */
#include <stdio.h>
#include <CUnit/CUnit.h>
#include <CUnit/TestRun.h>

#include "cunit_run.h"

static void on_test_complete(const CU_pTest test, const CU_pSuite suite,
			     const CU_pFailureRecord failure)
{
	CU_pFailureRecord f;

	if (!failure) {
		printf("PASS %s/%s\n", suite->pName, test->pName);
		return;
	}
	for (f = failure; f; f = f->pNext)
		printf("FAIL %s/%s: %s:%u: %s\n", suite->pName, test->pName,
		       f->strFileName, f->uiLineNumber, f->strCondition);
}

static void on_suite_init_failure(const CU_pSuite suite)
{
	printf("FAIL %s: suite set-up failed\n", suite->pName);
}

int cunit_run(void)
{
	unsigned int run, failed;

	CU_set_test_complete_handler(on_test_complete);
	CU_set_suite_init_failure_handler(on_suite_init_failure);
	if (CU_run_all_tests() != CUE_SUCCESS) {
		fprintf(stderr, "cunit: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 1;
	}
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed() +
		 CU_get_number_of_suites_failed();
	printf("cunit: %u tests run, %u failed\n", run, failed);
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
