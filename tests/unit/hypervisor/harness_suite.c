/* SPDX-License-Identifier: MIT */
/* Starts a test binary and registers tables of named tests as CUnit suites. */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

int harness_init(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return CU_initialize_registry() != CUE_SUCCESS;
}

CU_pSuite harness_add_suite_init(const char *name, CU_InitializeFunc init,
				 CU_CleanupFunc cleanup,
				 const struct harness_test *tests, size_t n)
{
	CU_pSuite s = CU_add_suite(name, init, cleanup);
	size_t i;

	if (!s) {
		fprintf(stderr, "CU_add_suite(%s): %s\n", name, CU_get_error_msg());
		exit(1);
	}
	for (i = 0; i < n; i++) {
		if (!CU_add_test(s, tests[i].name, tests[i].fn)) {
			fprintf(stderr, "CU_add_test(%s): %s\n", tests[i].name,
				CU_get_error_msg());
			exit(1);
		}
	}
	return s;
}

void harness_add_suite(const char *name, const struct harness_test *tests,
		       size_t n)
{
	harness_add_suite_init(name, NULL, NULL, tests, n);
}
