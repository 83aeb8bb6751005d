/* SPDX-License-Identifier: MIT */
/* Registers a table of named tests as one CUnit suite. */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

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
